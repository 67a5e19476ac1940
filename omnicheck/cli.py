"""The ``omnicheck`` command: a thin typer layer over the core.

Commands parse options, call the core through :mod:`omnicheck.loading`, and
hand the result to a renderer. Errors become messages and exit codes in one
place, :meth:`OmnicheckGroup.invoke`. Heavy modules (pydantic, jinja2, rich)
are imported inside the commands, so ``omnicheck --help`` starts fast.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from omnicheck import __version__
from omnicheck.errors import ExitStatus, OmnicheckError, Problem

MEGABYTE = 1024 * 1024
#: The version of the ``--format json`` layout of ``validate`` and ``rubric lint``.
PROBLEMS_SCHEMA = "omnicheck.problems/1"


class ReportFormat(str, Enum):
    text = "text"
    md = "md"
    json = "json"
    html = "html"


class ProblemFormat(str, Enum):
    text = "text"
    json = "json"


class OmnicheckGroup(TyperGroup):
    """Turns every error into a message on stderr and an exit status."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort, typer.TyperException, KeyboardInterrupt, BrokenPipeError):
            raise
        except OmnicheckError as exc:
            for line in exc.lines():
                typer.echo(line, err=True)
            raise typer.Exit(int(exc.exit_status)) from None
        except Exception as exc:
            if ctx.params.get("debug"):
                raise
            typer.echo(
                f"omnicheck: internal error: {type(exc).__name__}: {exc}. "
                "This is a bug in omnicheck; rerun with --debug to see the traceback.",
                err=True,
            )
            raise typer.Exit(int(ExitStatus.ERROR)) from None


app = typer.Typer(
    name="omnicheck",
    cls=OmnicheckGroup,
    rich_markup_mode=None,  # plain click help: importing rich would double start-up time
    pretty_exceptions_enable=False,
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 88},
    help="""How well do your sales, marketing and service channels work together, and
what should you do next: stay multichannel, link the key journeys
(cross-channel), or go omnichannel?

\b
Example:
  omnicheck assess                           # answer the questions in the terminal
  omnicheck template --output answers.yaml   # or write a skeleton to fill in
  omnicheck validate answers.yaml            # list every problem at once
  omnicheck report answers.yaml              # the summary in the terminal
  omnicheck report answers.yaml -o report.md # the full Markdown report
  omnicheck diff last-year.yaml answers.yaml # what changed since last time
  omnicheck batch clients/ --summary portfolio.md  # many businesses at once

Everything runs offline; nothing is sent anywhere.""",
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"omnicheck {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show the full traceback if omnicheck fails.")
    ] = False,
) -> None:
    """Entry point for options that apply to every command."""


RubricOption = Annotated[
    Path | None,
    typer.Option(
        "--rubric",
        metavar="PATH",
        dir_okay=False,
        help="Use this rubric instead of the bundled one.",
    ),
]
MaxSizeOption = Annotated[
    int,
    typer.Option(
        "--max-size",
        metavar="MB",
        min=1,
        help="Refuse input files larger than this many megabytes.",
    ),
]
FormatOption = Annotated[
    ReportFormat | None,
    typer.Option(
        "--format",
        "-f",
        show_default=False,
        help="text (the default: a summary), md, json or html. Without it, "
        "the --output file's extension decides.",
    ),
]


ProblemFormatOption = Annotated[
    ProblemFormat,
    typer.Option(
        "--format",
        "-f",
        help="text: one FILE:LINE:COLUMN line per problem; json: one document on stdout, "
        "for editors and CI.",
    ),
]


def print_problems_json(valid: bool, findings: Iterable[tuple[Problem, str]]) -> None:
    """The ``--format json`` document of ``validate`` and ``rubric lint``, on stdout.

    Every key is always there (``line`` and ``column`` are null where a
    problem has no position), so a consumer never tests for a missing one.
    ASCII only: a file name or message can then never reach a terminal raw.
    """
    import json

    problems = [
        {
            "file": problem.source,
            "line": problem.line,
            "column": problem.column,
            "code": problem.code,
            "severity": severity,
            "message": problem.message,
        }
        for problem, severity in findings
    ]
    document = {"schema": PROBLEMS_SCHEMA, "valid": valid, "problems": problems}
    typer.echo(json.dumps(document, indent=2, allow_nan=False))


def output_option(what: str) -> Any:
    """``--output``/``-o PATH``, the same on every command that writes a file."""
    return typer.Option(
        "--output",
        "-o",
        metavar="PATH",
        dir_okay=False,
        help=f"Write {what} to this file (whole or not at all) instead of printing it.",
    )


ReportOutputOption = Annotated[Path | None, output_option("the report")]


def templates_option(example: str) -> Any:
    """``--templates DIR``, the same on every command that renders report templates."""
    return typer.Option(
        "--templates",
        metavar="DIR",
        file_okay=False,
        exists=True,
        help=f"Use report templates from DIR in front of the bundled ones ({example}).",
    )


AnswersArgument = Annotated[
    Path, typer.Argument(metavar="ANSWERS.yaml", show_default=False, help="The answers file.")
]


@app.command(
    epilog="""\b
Examples:
  omnicheck report examples/outdoor-retailer.yaml
  omnicheck report answers.yaml --format md --output report.md
  omnicheck report answers.yaml -o report.json   # format from the extension
  omnicheck report answers.yaml -o report.html --templates branding/"""
)
def report(
    answers: AnswersArgument,
    fmt: FormatOption = None,
    output: ReportOutputOption = None,
    rubric: RubricOption = None,
    templates: Annotated[
        Path | None,
        templates_option("for example html_brand.html.j2 to put your name on the HTML page"),
    ] = None,
    max_size: MaxSizeOption = 5,
) -> None:
    """Score an answers file and write its report."""
    from omnicheck.assessment import assess
    from omnicheck.files import refuse_to_overwrite
    from omnicheck.loading import answers_from, rubric_from
    from omnicheck.report_data import build_report
    from omnicheck.report_output import emit_report, resolve_format

    chosen = resolve_format(fmt.value if fmt else None, output)
    refuse_to_overwrite(output, [answers, *([rubric] if rubric else [])], "--output")
    compiled = rubric_from(rubric, max_bytes=max_size * MEGABYTE)
    result = assess(compiled, answers_from(answers, compiled, max_bytes=max_size * MEGABYTE))
    emit_report(build_report(result), chosen, output, templates=templates)


@app.command(
    epilog="""\b
Example:
  omnicheck validate answers.yaml
  omnicheck validate answers.yaml --format json   # for an editor or CI

\b
Exit status: 0 when valid, 2 when not (with --format json too)."""
)
def validate(
    answers: AnswersArgument,
    rubric: RubricOption = None,
    max_size: MaxSizeOption = 5,
    fmt: ProblemFormatOption = ProblemFormat.text,
) -> None:
    """Check an answers file against the rubric and list every problem at once."""
    from omnicheck.errors import InputError
    from omnicheck.loading import answers_from, rubric_from

    try:
        compiled = rubric_from(rubric, max_bytes=max_size * MEGABYTE)
        checked = answers_from(answers, compiled, max_bytes=max_size * MEGABYTE)
    except InputError as exc:
        if fmt is ProblemFormat.text:
            raise
        print_problems_json(False, ((p, "error") for p in exc.problems))
        raise typer.Exit(ExitStatus.BAD_INPUT) from None
    if fmt is ProblemFormat.json:
        print_problems_json(True, ())
        return
    typer.echo(
        f"{answers}: valid ({len(checked.answers)} answers for {compiled.id} "
        f"{compiled.version}, business {checked.business_name!r})"
    )


@app.command(
    epilog="""\b
Examples:
  omnicheck template --output answers.yaml
  omnicheck template > answers.yaml

\b
With --output, the answers file's JSON Schema is written beside it
(RUBRIC-VERSION.schema.json) and named in its first line, so editors that
read JSON Schema complete and check answers as you type."""
)
def template(
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
    from omnicheck.answers_schema import schema_file_name, schema_text
    from omnicheck.answers_template import answers_template
    from omnicheck.errors import UsageError
    from omnicheck.files import write_atomic
    from omnicheck.loading import rubric_from

    compiled = rubric_from(rubric)
    schema_name = schema_file_name(compiled) if with_schema else None
    text = answers_template(compiled, schema_url=f"./{schema_name}" if schema_name else None)
    if output is None:
        sys.stdout.write(text)
        return
    if output.exists() and not force:
        raise UsageError(f"{output} already exists; pass --force to overwrite it")
    if schema_name is not None:  # first, so the answers file never names a missing schema
        write_atomic(output.parent / schema_name, schema_text(compiled))
    write_atomic(output, text)
    beside = f" and {output.parent / schema_name}" if schema_name else ""
    typer.echo(
        f"Wrote {output}{beside}: fill it in, then run 'omnicheck report {output}'", err=True
    )


def run() -> None:
    """Console-script entry point."""
    app_for(sys.argv[1:])()


def app_for(args: list[str]) -> typer.Typer:
    """``app`` with only the command that ``args`` name, when they name one.

    On every start typer turns the signature of each command into click
    options, which costs a Markdown report a fifth of its own run time. A run
    uses one command, so only that one is built. Help without a command,
    ``--version`` and shell completion (which reads its words from the
    environment) name none, and get every command, as does a misspelt name,
    so that click can suggest the right one.
    """
    import copy

    from typer.main import get_command_name, solve_typer_info_defaults

    name = next((arg for arg in args if not arg.startswith("-")), None)
    commands = [
        info
        for info in app.registered_commands
        if name == (info.name or get_command_name(info.callback.__name__))  # type: ignore[union-attr]
    ]
    groups = [
        info for info in app.registered_groups if name == solve_typer_info_defaults(info).name
    ]
    if not commands and not groups:
        return app
    chosen = copy.copy(app)
    chosen.registered_commands = commands
    chosen.registered_groups = groups
    return chosen


# Larger commands live in modules of their own (cli_<name>.py) and register
# themselves on ``app`` when imported. Each keeps its heavy imports inside the
# command function, so importing them here costs next to nothing.
def _register_commands() -> None:
    import importlib
    import pkgutil

    import omnicheck

    for module in pkgutil.iter_modules(omnicheck.__path__):
        if module.name.startswith("cli_"):
            importlib.import_module(f"omnicheck.{module.name}")


_register_commands()
