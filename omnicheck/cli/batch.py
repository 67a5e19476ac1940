"""``omnicheck batch``: score many businesses at once, with a portfolio summary."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TextIO

import typer

from omnicheck.cli.options import (
    MEGABYTE,
    MaxSizeOption,
    RubricOption,
    output_format,
    output_option,
    summary_option,
    templates_option,
)
from omnicheck.errors import ExitStatus

if TYPE_CHECKING:
    from omnicheck.batch.portfolio import Portfolio
    from omnicheck.batch.runner import BatchRow
    from omnicheck.cli.environment import Environment
    from omnicheck.rubric.compiled import CompiledRubric

#: Failed inputs whose problems are printed on stderr; the rest are only counted there.
ERRORS_PRINTED = 20


class BatchFormat(str, Enum):
    csv = "csv"
    json = "json"
    md = "md"
    html = "html"


#: Shown under ``omnicheck batch --help``.
EXAMPLES = """\b
Examples:
  omnicheck batch clients/ -o results.csv
  omnicheck batch clients/ survey.csv --summary portfolio.html
  omnicheck batch 'clients/**/2025-*.yaml' --format md > portfolio.md
  omnicheck batch survey.csv --jobs 4 -o results.csv

\b
Exit status: 0 when every business was scored, 3 when some inputs failed
(their rows carry the error), 2 for bad usage."""


def batch(
    ctx: typer.Context,
    paths: Annotated[
        list[str],
        typer.Argument(
            metavar="PATH...",
            show_default=False,
            help="Answers files, folders (searched for *.yaml and *.yml), glob patterns "
            "in quotes, and survey exports (.csv).",
        ),
    ],
    fmt: Annotated[
        BatchFormat | None,
        typer.Option(
            "--format",
            "-f",
            show_default=False,
            help="csv (the default) or json: one row per business; md or html: the "
            "portfolio report instead. Without it, the --output file's extension decides.",
        ),
    ] = None,
    output: Annotated[Path | None, output_option("the rows (or the portfolio report)")] = None,
    summary: Annotated[
        Path | None,
        summary_option(
            "Also write the portfolio report here: .md, .html or .json (- prints Markdown)."
        ),
    ] = None,
    rubric: RubricOption = None,
    templates: Annotated[
        Path | None, templates_option("portfolio.md.j2 and portfolio.html.j2 for this command")
    ] = None,
    max_size: MaxSizeOption = 5,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            min=1,
            metavar="N",
            show_default=False,
            help="Score in this many worker processes (default: one per core). "
            "The output is the same whatever the number.",
        ),
    ] = None,
) -> None:
    """Score many businesses at once: one result row each, and a portfolio summary."""
    from omnicheck.batch.rows import portfolio_document
    from omnicheck.batch.runner import expand_inputs
    from omnicheck.cli.environment import from_context
    from omnicheck.errors import UsageError
    from omnicheck.loading import rubric_from
    from omnicheck.report.formats import format_for, formats_of
    from omnicheck.report.output import as_text, write
    from omnicheck.source.files import STANDARD_OUTPUT, Outputs, check_outputs

    if output is not None or summary is not None:
        inputs = [p for p in expand_inputs(paths) if isinstance(p, Path)]
        inputs += [rubric] if rubric else []
        check_outputs([("--output", output), ("--summary", summary)], inputs)
    chosen = output_format(fmt, output, BatchFormat)
    summary_fmt = None
    summary_printed = summary is STANDARD_OUTPUT
    if summary is not None:
        if summary_printed and output is None:
            raise UsageError(
                "--summary - prints the portfolio, and the rows already go to standard "
                "output: write them to a file with --output"
            )
        summary_fmt = (
            "md"
            if summary_printed
            else format_for(
                None,
                summary,
                allowed=formats_of("portfolio"),
                default="md",
                target="summary",
                chosen_by_option=False,
            )
        )
    env = from_context(ctx)
    compiled = rubric_from(rubric, max_bytes=max_size * MEGABYTE, cache_dir=env.cache_dir)
    # Every output is opened (its temporary file made) before the first business is
    # scored, and none replaces its target until all are complete.
    with Outputs() as outputs:
        out = env.stdout if output is None else outputs.open(output)
        summary_out = None if summary is None or summary_printed else outputs.open(summary)
        portfolio, report = _run(
            compiled, paths, out, chosen, templates, max_size * MEGABYTE, jobs, env
        )
        summary_text = None
        if summary_fmt is not None:
            summary_doc = portfolio_document(report)
            if summary_out is not None:
                write(summary_doc, summary_fmt, summary_out, env, templates=templates)
            else:  # printed once the rows are complete, but rendered before they replace theirs
                cache = env.cache_dir
                summary_text = as_text(
                    summary_doc, summary_fmt, templates=templates, cache_dir=cache
                )
    if summary_text is not None:
        env.stdout.write(summary_text)
    _tally(portfolio, output, chosen, None if summary_printed else summary, summary_fmt)
    if portfolio.failed:
        raise typer.Exit(int(ExitStatus.PARTIAL))


def _run(
    rubric: CompiledRubric,
    paths: list[str],
    out: TextIO,
    fmt: str,
    templates: Path | None,
    max_bytes: int,
    jobs: int | None,
    env: Environment,
) -> tuple[Portfolio, dict[str, Any]]:
    """Score every input, streaming rows (or at the end the portfolio report) to ``out``;
    the portfolio, and its report for ``--summary``."""
    from omnicheck.batch.parallel import default_jobs, scored_chunks
    from omnicheck.batch.portfolio import Portfolio
    from omnicheck.batch.rows import ROW_WRITERS, portfolio_document
    from omnicheck.cli.messages import worded
    from omnicheck.report.output import write

    portfolio = Portfolio(rubric)
    row_writer = ROW_WRITERS.get(fmt)
    writer = row_writer(out, rubric) if row_writer is not None else None
    workers = default_jobs() if jobs is None else jobs
    # The chunks are asked for (and so any workers started) before the progress bar's
    # thread starts: a process forks best while it has only one thread.
    chunks = scored_chunks(rubric, paths, max_bytes=max_bytes, jobs=workers, word=worded)
    failed = 0
    try:
        first = next(chunks, None)
        with _progress(env) as progress:
            while first is not None:
                rows, counts = first
                portfolio.merge(counts)
                for row in rows:
                    if writer is not None:
                        writer.write(row)
                    if row.error is not None:
                        failed += 1
                        if failed <= ERRORS_PRINTED:
                            _print_problems(row, progress)
                    if progress is not None:
                        progress.update(failed)
                first = next(chunks, None)
    finally:
        chunks.close()  # stops any workers, whatever ended the loop
    report = portfolio.report()
    if writer is not None:
        writer.close(report)
    else:
        write(portfolio_document(report), fmt, out, env, templates=templates)
    return portfolio, report


class _Progress:
    """A rich progress line on stderr: businesses scored, failed, and the time taken."""

    def __init__(self, env: Environment) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

        from omnicheck.printable import guard

        # A terminal by the environment's word (a test's fake one too), coloured by its variables.
        self.console = guard(
            Console(file=env.stderr, force_terminal=True, _environ=dict(env.environ))
        )
        self.bar = Progress(
            TextColumn("Scoring"),
            BarColumn(),
            TextColumn("{task.completed:,.0f} businesses, {task.fields[failed]:,} failed"),
            TimeElapsedColumn(),
            console=self.console,
            transient=True,
        )
        self.task = self.bar.add_task("batch", total=None, failed=0)

    def update(self, failed: int) -> None:
        self.bar.update(self.task, advance=1, failed=failed)


@contextmanager
def _progress(env: Environment) -> Iterator[_Progress | None]:
    """A progress bar when stderr is a terminal; nothing at all otherwise."""
    if not env.stderr_isatty:
        yield None
        return
    progress = _Progress(env)
    with progress.bar:
        yield progress


def _print_problems(row: BatchRow, progress: _Progress | None) -> None:
    """The input's problems, at most as many as its error cell lists: a row of a
    survey export with a wrong header can have dozens, each the same mistake."""
    from omnicheck.batch.runner import PROBLEMS_PER_ROW
    from omnicheck.errors import listing
    from omnicheck.printable import printable

    lines = listing(row.problems, PROBLEMS_PER_ROW, source=row.source) or [
        f"{row.source}: {row.error}"
    ]
    for line in map(printable, lines):
        if progress is not None:
            progress.console.print(line, markup=False, highlight=False, soft_wrap=True)
        else:
            typer.echo(line, err=True)


def _tally(
    portfolio: Portfolio,
    output: Path | None,
    fmt: str,
    summary: Path | None,
    summary_fmt: str | None,
) -> None:
    from omnicheck.printable import printable
    from omnicheck.report.formats import FORMATS

    scored, failed = portfolio.scored, portfolio.failed
    total = scored + failed
    line = f"Scored {scored:,} of {total:,} business{'es' if total != 1 else ''}"
    if failed:
        line += f"; {failed:,} failed (see the error column"
        line += (
            f"; only the first {ERRORS_PRINTED} are listed above)"
            if failed > ERRORS_PRINTED
            else ")"
        )
    typer.echo(line + ".", err=True)
    if output is not None:
        typer.echo(printable(f"Wrote {output} ({FORMATS[fmt].name})"), err=True)
    if summary is not None and summary_fmt is not None:
        wrote = f"Wrote {summary} (portfolio report, {FORMATS[summary_fmt].name})"
        typer.echo(printable(wrote), err=True)


def register(app: typer.Typer) -> None:
    """Add this module's command to ``app``; :mod:`omnicheck.cli.app` calls it."""
    app.command(epilog=EXAMPLES)(batch)
