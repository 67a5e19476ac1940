"""``omnicheck template``: an answers skeleton to fill in an editor, and its schema."""

from pathlib import Path
from typing import Annotated

import typer

from omnicheck.cli.options import (
    RubricOption,
    output_option,
)
from omnicheck.errors import UsageError

#: Shown under ``omnicheck template --help``.
EXAMPLES = """\b
Examples:
  omnicheck template --output answers.yaml
  omnicheck template > answers.yaml

\b
With --output, the answers file's JSON Schema is written beside it
(RUBRIC-VERSION.schema.json) and named in its first line, so editors that
read JSON Schema complete and check answers as you type."""


def template(
    ctx: typer.Context,
    output: Annotated[Path | None, output_option("the skeleton")] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite PATH if it already exists.")
    ] = False,
    with_schema: Annotated[
        bool,
        typer.Option(
            "--schema/--no-schema",
            help="Name the answers file's JSON Schema in its first line, for editors "
            "(and, with --output, write the schema beside it).",
        ),
    ] = True,
    rubric: RubricOption = None,
) -> None:
    """Write an answers skeleton with every question, its options and help as comments."""
    from omnicheck.answers.schema import schema_file_name
    from omnicheck.cli.environment import from_context
    from omnicheck.loading import rubric_from
    from omnicheck.report.formats import refuse_other_format
    from omnicheck.report.output import Document, as_text, write
    from omnicheck.source.files import Outputs, check_outputs, is_stream
    from omnicheck.wording.schema import answers_schema
    from omnicheck.wording.template import answers_template

    inputs = [rubric] if rubric else []
    # A name that no format claims (client-acme) is still an answers file, as validate
    # and report read it.
    refuse_other_format(output, "yaml")
    env = from_context(ctx)
    compiled = rubric_from(rubric, cache_dir=env.cache_dir)
    schema_name = schema_file_name(compiled) if with_schema else None
    schema_path = None
    # A FIFO or a device is read as it comes, like stdout: nothing lies beside it.
    if output is not None and schema_name is not None and not is_stream(output):
        schema_path = output.parent / schema_name
    extra = [] if schema_path is None else [("the schema file", schema_path)]
    check_outputs([("--output", output), *extra], inputs)
    text = answers_template(compiled, schema_url=f"./{schema_name}" if schema_name else None)
    answers = Document("answers", own={"yaml": lambda: text})
    if output is None:
        write(answers, "yaml", None, env)
        return
    schema_data = answers_schema(compiled)
    schema_text = as_text(Document("schema", schema_data), "json")
    # The text rendered once, compared and then written: a folder of answers shares
    # one schema, left alone when it is the same.
    schema = Document("schema", schema_data, own={"json": lambda: schema_text})
    changed = schema_path is not None and _differs(schema_path, schema_text)
    if schema_path is not None and changed and schema_path.exists() and not force:
        raise UsageError(f"{schema_path} already exists; pass --force to overwrite it")
    if output.exists() and not force and not is_stream(output):
        raise UsageError(f"{output} already exists; pass --force to overwrite it")
    with Outputs() as outputs:
        # The schema first: its rename comes first, so the answers never name a missing one.
        if schema_path is not None and (force or changed):
            write(schema, "json", outputs.open(schema_path), env)
        write(answers, "yaml", outputs.open(output), env)
    written = f" and {schema_path}" if schema_path else ""
    typer.echo(
        f"Wrote {output}{written}: fill it in, then run 'omnicheck report {output}'", err=True
    )


def _differs(path: Path, text: str) -> bool:
    """Whether ``path`` holds anything but ``text``: a folder of answers shares one schema."""
    if not path.is_file():
        return True
    try:
        return path.read_bytes() != text.encode()
    except OSError:
        return True


def register(app: typer.Typer) -> None:
    """Add ``omnicheck template`` to ``app``; :mod:`omnicheck.cli.app` calls it."""
    app.command(epilog=EXAMPLES)(template)
