"""``omnicheck diff``: compare two assessments of one business."""

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
    from rich.console import Console


#: Shown under ``omnicheck diff --help``.
EXAMPLES = """\b
Examples:
  omnicheck diff clients/acme-2025.yaml clients/acme-2026.yaml
  omnicheck diff old.yaml new.yaml --format md --output progress.md
  omnicheck diff old.yaml new.yaml --old-rubric rubric-1.0.yaml

\b
Files answered for another version of the rubric are read leniently: what
the rubric no longer asks is set aside, and the questions added or removed
are listed. That is not an error.

\b
When both files have an assessed: date, the earlier one is compared as
before, whichever order they are named in; --old-rubric stays with OLD."""


def diff(
    ctx: typer.Context,
    old: Annotated[
        Path,
        typer.Argument(
            metavar="OLD.yaml",
            show_default=False,
            readable=False,
            help="The earlier answers (dated: see below).",
        ),
    ],
    new: Annotated[
        Path,
        typer.Argument(
            metavar="NEW.yaml", show_default=False, readable=False, help="The later answers."
        ),
    ],
    fmt: FormatOption = None,
    output: Annotated[Path | None, output_option("the diff")] = None,
    rubric: RubricOption = None,
    old_rubric: Annotated[
        Path | None,
        typer.Option(
            "--old-rubric",
            metavar="PATH",
            dir_okay=False,
            readable=False,
            help="Score OLD with this rubric (the version it was answered for) "
            "instead of the one NEW is scored with.",
        ),
    ] = None,
    templates: Annotated[
        Path | None, templates_option("diff.md.j2 and diff.html.j2 for this command")
    ] = None,
    max_size: MaxSizeOption = 5,
) -> None:
    """Compare two assessments of a business: level, index, dimensions, gates and actions."""
    from omnicheck.cli.environment import from_context
    from omnicheck.errors import UsageError
    from omnicheck.loading import answers_for_rubric, rubric_from
    from omnicheck.report.diff import diff_assessments
    from omnicheck.report.output import Document, write
    from omnicheck.scoring.assessment import assess
    from omnicheck.source.files import check_outputs

    inputs = [p for p in (old, new, rubric, old_rubric) if p is not None]
    check_outputs([("--output", output)], inputs)
    chosen = output_format(fmt, output, ReportFormat)
    limit = max_size * MEGABYTE
    env = from_context(ctx)
    new_rubric = rubric_from(rubric, max_bytes=limit, cache_dir=env.cache_dir)
    before_rubric = new_rubric
    if old_rubric:
        before_rubric = rubric_from(old_rubric, max_bytes=limit, cache_dir=env.cache_dir)
    if before_rubric.id != new_rubric.id:
        raise UsageError(
            f"{old_rubric}: is rubric {before_rubric.id!r}, but NEW is scored with "
            f"{new_rubric.id!r}; a diff compares two versions of one rubric"
        )
    data = diff_assessments(
        assess(before_rubric, answers_for_rubric(old, before_rubric, max_bytes=limit)),
        assess(new_rubric, answers_for_rubric(new, new_rubric, max_bytes=limit)),
    )

    def draw(console: "Console") -> None:
        from omnicheck.report.diff_terminal import (
            print_diff,  # needs rich: only for the terminal view
        )

        print_diff(data, console)

    write(Document("diff", data, {"d": data}, draw=draw), chosen, output, env, templates=templates)


def register(app: typer.Typer) -> None:
    """Add this module's command to ``app``; :mod:`omnicheck.cli.app` calls it."""
    app.command(epilog=EXAMPLES)(diff)
