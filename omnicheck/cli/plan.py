"""``omnicheck plan``: the plan's steps as tasks for an issue tracker, or a checklist."""

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from omnicheck.cli.options import (
    MEGABYTE,
    AnswersArgument,
    MaxSizeOption,
    RubricOption,
    output_format,
    output_option,
    templates_option,
)


class PlanFormat(str, Enum):
    csv = "csv"
    md = "md"
    json = "json"


#: Shown under ``omnicheck plan --help``.
EXAMPLES = """\b
Examples:
  omnicheck plan answers.yaml -o plan.csv    # import into Jira, Trello, Asana, GitHub
  omnicheck plan answers.yaml -o plan.md     # a checklist to paste into an issue
  omnicheck plan answers.yaml --format json

\b
The CSV has one row per step, in plan order, with empty Assignee and Due
date columns to fill in before the import."""


def plan(
    ctx: typer.Context,
    answers: AnswersArgument,
    fmt: Annotated[
        PlanFormat | None,
        typer.Option(
            "--format",
            "-f",
            show_default=False,
            help="csv (the default), md (a checklist) or json. Without it, the --output "
            "file's extension decides.",
        ),
    ] = None,
    output: Annotated[Path | None, output_option("the plan")] = None,
    rubric: RubricOption = None,
    templates: Annotated[
        Path | None,
        templates_option("plan.md.j2 for the checklist, words.txt.j2 for the CSV's words too"),
    ] = None,
    max_size: MaxSizeOption = 5,
) -> None:
    """Write the plan's steps as tasks: CSV for an issue tracker, a Markdown checklist, or JSON."""
    from omnicheck.cli.environment import from_context
    from omnicheck.loading import answers_from, rubric_from
    from omnicheck.report.data import build_report
    from omnicheck.report.output import write
    from omnicheck.report.plan_tasks import plan_document, plan_output
    from omnicheck.scoring.assessment import assess
    from omnicheck.source.files import check_outputs

    check_outputs([("--output", output)], [answers, *([rubric] if rubric else [])])
    chosen = output_format(fmt, output, PlanFormat)
    env = from_context(ctx)
    compiled = rubric_from(rubric, max_bytes=max_size * MEGABYTE, cache_dir=env.cache_dir)
    result = assess(compiled, answers_from(answers, compiled, max_bytes=max_size * MEGABYTE))
    document = plan_output(plan_document(build_report(result)))
    write(document, chosen, output, env, templates=templates)


def register(app: typer.Typer) -> None:
    """Add ``omnicheck plan`` to ``app``; :mod:`omnicheck.cli.app` calls it."""
    app.command(epilog=EXAMPLES)(plan)
