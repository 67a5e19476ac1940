"""``omnicheck report``: the report of one answers file, in the terminal or a file."""

from pathlib import Path
from typing import Annotated

import typer

from omnicheck.cli.options import (
    MEGABYTE,
    AnswersArgument,
    FormatOption,
    MaxSizeOption,
    ReportFormat,
    ReportOutputOption,
    RubricOption,
    output_format,
    templates_option,
)

#: Shown under ``omnicheck report --help``.
EXAMPLES = """\b
Examples:
  omnicheck report examples/outdoor-retailer.yaml
  omnicheck report answers.yaml --format md --output report.md
  omnicheck report answers.yaml -o report.json   # format from the extension
  omnicheck report answers.yaml -o report.html --templates branding/
  omnicheck report answers.yaml -o report.html --appendix   # prints every detail
  omnicheck report answers.yaml --benchmark peers.json   # among peers"""


def report(
    ctx: typer.Context,
    answers: AnswersArgument,
    fmt: FormatOption = None,
    output: ReportOutputOption = None,
    rubric: RubricOption = None,
    templates: Annotated[
        Path | None,
        templates_option("for example html_brand.html.j2 to put your name on the HTML page"),
    ] = None,
    max_size: MaxSizeOption = 5,
    appendix: Annotated[
        bool,
        typer.Option(
            "--appendix",
            help="Print the HTML page's full detail too (level table, link matrix, every "
            "step, evidence, answers); without it, the page prints as a short summary.",
        ),
    ] = False,
    benchmark: Annotated[
        Path | None,
        typer.Option(
            "--benchmark",
            metavar="PORTFOLIO",
            readable=False,
            help="Compare with peers: the JSON that 'batch --summary' or 'peers' writes, "
            "or a folder of answers files (at least 5 businesses).",
        ),
    ] = None,
) -> None:
    """Score an answers file and write its report."""
    from omnicheck.cli.environment import from_context
    from omnicheck.loading import answers_from, rubric_from
    from omnicheck.report.data import build_report
    from omnicheck.report.output import report_document, write
    from omnicheck.scoring.assessment import assess
    from omnicheck.source.files import check_outputs

    inputs = [answers, *([rubric] if rubric else []), *([benchmark] if benchmark else [])]
    check_outputs([("--output", output)], inputs)
    chosen = output_format(fmt, output, ReportFormat)
    env = from_context(ctx)
    compiled = rubric_from(rubric, max_bytes=max_size * MEGABYTE, cache_dir=env.cache_dir)
    result = assess(compiled, answers_from(answers, compiled, max_bytes=max_size * MEGABYTE))
    data = build_report(result)
    if benchmark is not None:
        from omnicheck.cli.benchmark import add_benchmark

        add_benchmark(data, benchmark, compiled, max_size * MEGABYTE)
    write(report_document(data, appendix=appendix), chosen, output, env, templates=templates)


def register(app: typer.Typer) -> None:
    """Add ``omnicheck report`` to ``app``; :mod:`omnicheck.cli.app` calls it."""
    app.command(epilog=EXAMPLES)(report)
