"""``omnicheck history``: one business over many visits."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from omnicheck.cli.options import (
    MEGABYTE,
    FormatOption,
    MaxSizeOption,
    ReportFormat,
    RubricOption,
    output_format,
    output_option,
    templates_option,
)

if TYPE_CHECKING:
    from datetime import date

    from rich.console import Console

    from omnicheck.scoring.assessment import Assessment
    from omnicheck.source.safe_yaml import YamlDocument

#: Shown under ``omnicheck history --help``.
EXAMPLES = """\b
Examples:
  omnicheck history clients/acme-*.yaml
  omnicheck history 2024.yaml 2025.yaml 2026.yaml -o history.html
  omnicheck history visits/*.yaml --format json

\b
Visits are ordered by their assessed: dates when every file has one, else
taken in the order given. Files answered for other versions of the rubric
are read leniently, as by diff, and the questions that changed are marked."""


def history(
    ctx: typer.Context,
    files: Annotated[
        list[Path],
        typer.Argument(
            metavar="ANSWERS.yaml...",
            show_default=False,
            readable=False,
            help="Two or more assessments of one business.",
        ),
    ],
    fmt: FormatOption = None,
    output: Annotated[Path | None, output_option("the history")] = None,
    rubric: RubricOption = None,
    templates: Annotated[
        Path | None, templates_option("history.md.j2 and history.html.j2 for this command")
    ] = None,
    max_size: MaxSizeOption = 5,
) -> None:
    """Show one business over many visits: level, index and dimensions over time."""
    from omnicheck.answers.merged_file import check_same_assessment
    from omnicheck.cli.environment import from_context
    from omnicheck.errors import InputError
    from omnicheck.loading import answers_in_document, read_yaml, rubric_from
    from omnicheck.report.history import history_data
    from omnicheck.report.output import Document, write
    from omnicheck.scoring.assessment import assess
    from omnicheck.source.files import check_outputs

    check_outputs([("--output", output)], [*files, *([rubric] if rubric else [])])
    chosen = output_format(fmt, output, ReportFormat)
    limit = max_size * MEGABYTE
    docs = [read_yaml(path, max_bytes=limit) for path in files]
    if len(docs) < 2:
        message = (
            "history needs two or more visits of one business; for one, use 'omnicheck report'"
        )
        raise InputError([docs[0].problem((), message, code="one-visit")])
    env = from_context(ctx)
    compiled = rubric_from(rubric, max_bytes=limit, cache_dir=env.cache_dir)
    check_same_assessment(docs, versions=False, purpose="history follows one business")
    visits = [assess(compiled, answers_in_document(doc, compiled)) for doc in docs]
    visits, ordered_by = _in_order(visits, docs)
    data = history_data(visits, ordered_by=ordered_by)

    def draw(console: Console) -> None:
        from omnicheck.report.history_terminal import print_history

        print_history(data, console)

    write(
        Document("history", data, {"h": data}, draw=draw), chosen, output, env, templates=templates
    )


def _in_order(visits: list[Assessment], docs: list[YamlDocument]) -> tuple[list[Assessment], str]:
    """By ``assessed:`` date when every visit has one (two visits of one day are refused),
    else as given."""
    from omnicheck.errors import InputError
    from omnicheck.report.history import assessed_on

    found = [assessed_on(a) for a in visits]
    dates = [d for d in found if d is not None]
    if len(dates) < len(found):
        return visits, "arguments"
    seen: dict[date, str] = {}
    problems = []
    for doc, day in zip(docs, dates, strict=True):
        if day in seen:
            message = (
                f"assessed {day} is also the date of {seen[day]}: "
                "each visit needs a date of its own"
            )
            problems.append(doc.problem(("assessed",), message, code="same-date"))
        seen.setdefault(day, doc.source)
    if problems:
        raise InputError(problems)
    order = sorted(range(len(visits)), key=dates.__getitem__)
    return [visits[i] for i in order], "assessed"


def register(app: typer.Typer) -> None:
    """Add this module's command to ``app``; :mod:`omnicheck.cli.app` calls it."""
    app.command(epilog=EXAMPLES)(history)
