"""``omnicheck schema``: the JSON Schema of an answers file, for editors and other tools."""

from pathlib import Path
from typing import Annotated

import typer

from omnicheck.cli.options import MEGABYTE, MaxSizeOption, RubricOption, output_option

#: Shown under ``omnicheck schema --help``.
EXAMPLES = """\b
Examples:
  omnicheck schema --output omnichannel-1.0.schema.json
  omnicheck schema --rubric my-rubric.yaml > my-rubric.schema.json

\b
'omnicheck template --output FILE' writes this schema beside FILE and points
the answers file at it, so you rarely need this command yourself."""


def schema(
    ctx: typer.Context,
    output: Annotated[Path | None, output_option("the schema")] = None,
    rubric: RubricOption = None,
    max_size: MaxSizeOption = 5,
) -> None:
    """Write the JSON Schema (draft 2020-12) of an answers file for the rubric.

    Editors that read JSON Schema complete question and option ids and flag
    unknown ones as you type. Which questions apply, and which are missing,
    is for 'omnicheck validate'.
    """
    from omnicheck.cli.environment import from_context
    from omnicheck.loading import rubric_from
    from omnicheck.report.formats import refuse_other_format
    from omnicheck.report.output import Document, write
    from omnicheck.source.files import check_outputs
    from omnicheck.wording.schema import answers_schema

    check_outputs([("--output", output)], [rubric] if rubric else [])
    refuse_other_format(output, "json")
    env = from_context(ctx)
    compiled = rubric_from(rubric, max_bytes=max_size * MEGABYTE, cache_dir=env.cache_dir)
    document = Document("schema", answers_schema(compiled))
    write(document, "json", output, env)


def register(app: typer.Typer) -> None:
    """Add this module's command to ``app``; :mod:`omnicheck.cli.app` calls it."""
    app.command(epilog=EXAMPLES)(schema)
