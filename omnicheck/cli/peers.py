"""``omnicheck peers``: a benchmark to share, with no client in it."""

from pathlib import Path
from typing import Annotated

import typer

from omnicheck.cli.options import MEGABYTE, MaxSizeOption, RubricOption, output_option

#: Shown under ``omnicheck peers --help``.
EXAMPLES = """\b
Examples:
  omnicheck peers clients/ -o peers.json
  omnicheck peers portfolio.json -o peers.json     # from 'batch --summary'
  omnicheck report answers.yaml --benchmark peers.json

\b
The file holds how many businesses had each score and each level, and
nothing that names or describes any one of them."""


def peers(
    ctx: typer.Context,
    source: Annotated[
        Path,
        typer.Argument(
            metavar="PORTFOLIO",
            show_default=False,
            readable=False,
            help="A folder of answers files, or the JSON that 'batch --summary' writes.",
        ),
    ],
    output: Annotated[Path | None, output_option("the peers file")] = None,
    rubric: RubricOption = None,
    max_size: MaxSizeOption = 5,
) -> None:
    """Write the distributions that 'report --benchmark' compares with, and nothing else."""
    from omnicheck.cli.benchmark import portfolio_of
    from omnicheck.cli.environment import from_context
    from omnicheck.loading import rubric_from
    from omnicheck.report.benchmark import peers_document
    from omnicheck.report.formats import refuse_other_format
    from omnicheck.report.output import Document, write
    from omnicheck.source.files import check_outputs

    check_outputs([("--output", output)], [source, *([rubric] if rubric else [])])
    refuse_other_format(output, "json")
    env = from_context(ctx)
    compiled = rubric_from(rubric, max_bytes=max_size * MEGABYTE, cache_dir=env.cache_dir)
    doc = peers_document(portfolio_of(source, compiled, max_size * MEGABYTE))
    write(Document("peers", doc), "json", output, env)


def register(app: typer.Typer) -> None:
    """Add ``omnicheck peers`` to ``app``; :mod:`omnicheck.cli.app` calls it."""
    app.command(epilog=EXAMPLES)(peers)
