"""The ``omnicheck`` command: a thin typer layer over the core.

Commands parse options, call the core through :mod:`omnicheck.loading`, and
hand the result to a renderer. Errors become messages and exit codes in one
place, :meth:`OmnicheckGroup.invoke`. Heavy modules (pydantic, jinja2, rich)
are imported inside the commands, so ``omnicheck --help`` starts fast.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections.abc import Iterable, Iterator
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup
from typer.models import TyperPath

from omnicheck import __version__
from omnicheck.errors import ExitStatus, OmnicheckError, Problem
from omnicheck.files import DISK_FULL, STANDARD_OUTPUT

MEGABYTE = 1024 * 1024
#: The largest --max-size: a gigabyte of YAML is already far past what can be parsed.
MAX_SIZE_MB = 1024
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
            with _stop_signals_interrupt():
                try:
                    return super().invoke(ctx)
                finally:
                    # Here, not at exit: a full disk or a closed pipe must meet the handlers below.
                    sys.stdout.flush()
        except BrokenPipeError:
            # The reader left (``omnicheck batch ... | head``): a normal end, as for other tools.
            _quiet_standard_output()
            raise typer.Exit(int(ExitStatus.OK)) from None
        except (typer.Exit, typer.Abort, typer.TyperException):
            raise
        except KeyboardInterrupt:
            with contextlib.suppress(OSError):
                typer.echo("Stopped.", err=True)
            raise typer.Exit(int(ExitStatus.INTERRUPTED)) from None
        except OmnicheckError as exc:
            from omnicheck.printable import printable

            # Messages quote file names and values from the input: never raw to the terminal.
            for line in exc.lines():
                typer.echo(printable(line), err=True)
            raise typer.Exit(int(exc.exit_status)) from None
        except OSError as exc:
            if exc.errno not in DISK_FULL:  # omnicheck's own files say so themselves
                raise self._internal_error(ctx, exc) from None
            typer.echo(f"cannot write standard output: {exc.strerror}", err=True)
            raise typer.Exit(int(ExitStatus.BAD_INPUT)) from None
        except Exception as exc:
            raise self._internal_error(ctx, exc) from None

    @staticmethod
    def _internal_error(ctx: Any, exc: Exception) -> Exception:
        if ctx.params.get("debug"):
            return exc
        from omnicheck.printable import printable

        typer.echo(
            printable(
                f"omnicheck: internal error: {type(exc).__name__}: {exc}. "
                "This is a bug in omnicheck; rerun with --debug to see the traceback."
            ),
            err=True,
        )
        return typer.Exit(int(ExitStatus.ERROR))


def _quiet_standard_output() -> None:
    """Point stdout at /dev/null, so Python's last flush at exit finds no broken pipe."""
    with contextlib.suppress(OSError, ValueError):  # ValueError: not a real file (tests)
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


@contextlib.contextmanager
def _stop_signals_interrupt() -> Iterator[None]:
    """SIGTERM and SIGHUP stop a command as Ctrl-C does, with exit status 130.

    The KeyboardInterrupt unwinds through :class:`omnicheck.files.Outputs`,
    which removes the temporary files that hold half-written client data.
    Only the first signal counts, so that the clean-up runs to its end.
    After a hang-up the terminal is gone: what went to it goes to /dev/null.
    """
    hangup = getattr(signal, "SIGHUP", None)
    stops = [s for s in (signal.SIGTERM, hangup) if s is not None]

    def stop(signum: int, _frame: object) -> None:
        for s in stops:
            signal.signal(s, signal.SIG_IGN)
        if signum == hangup:
            _detach_terminal()
        raise KeyboardInterrupt

    previous: dict[int, Any] = {}
    with contextlib.suppress(ValueError):  # not the main thread: signals are not ours to catch
        for s in stops:
            previous[s] = signal.signal(s, stop)
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)


def _detach_terminal() -> None:
    with contextlib.suppress(OSError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        for fd in (1, 2):
            if os.isatty(fd):
                os.dup2(devnull, fd)
        os.close(devnull)


class OutputPath(TyperPath):
    """A path to write, where ``-`` alone means standard output, as in other Unix tools.

    ``-`` becomes ``dash``; ``./-`` stays a file named ``-``. A plain Path
    option could not tell the two apart once typer has made a Path of them.
    A folder is refused by :func:`omnicheck.files.check_outputs`, in one line.
    """

    def __init__(self, dash: Path | None) -> None:
        super().__init__()
        self.dash = dash

    def convert(self, value: Any, param: Any, ctx: Any) -> Any:
        if value == "-":
            return self.dash
        return super().convert(value, param, ctx)


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
        # Bounded: a read asks for this many bytes, and a huge number cannot be asked.
        min=1,
        max=MAX_SIZE_MB,
        help=f"Refuse input files larger than this many megabytes (1 to {MAX_SIZE_MB}).",
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
    """``--output``/``-o PATH``, the same on every command that writes a file.

    ``-o -`` is exactly as if ``-o`` were left out: standard output, in the
    format printed there.
    """
    return typer.Option(
        "--output",
        "-o",
        metavar="PATH",
        click_type=OutputPath(dash=None),
        help=f"Write {what} to this file (whole or not at all) instead of printing it; "
        "- prints it.",
    )


def summary_option(help: str) -> Any:
    """``--summary PATH``, a second output, where ``-`` is standard output."""
    return typer.Option(
        "--summary", metavar="PATH", click_type=OutputPath(dash=STANDARD_OUTPUT), help=help
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
    from omnicheck.files import check_outputs
    from omnicheck.loading import answers_from, rubric_from
    from omnicheck.report_data import build_report
    from omnicheck.report_output import emit_report, resolve_format

    check_outputs([("--output", output)], [answers, *([rubric] if rubric else [])])
    chosen = resolve_format(fmt.value if fmt else None, output)
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
    from omnicheck.printable import printable

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
        printable(
            f"{answers}: valid ({len(checked.answers)} answers for {compiled.id} "
            f"{compiled.version}, business {checked.business_name!r})"
        )
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
    from omnicheck.files import Outputs, check_outputs, is_stream
    from omnicheck.loading import rubric_from

    inputs = [rubric] if rubric else []
    check_outputs([("--output", output)], inputs)
    # A FIFO or a device is read as it comes, like stdout: nothing lies beside it.
    beside = output is not None and with_schema and not is_stream(output)
    compiled = rubric_from(rubric)
    schema_name = schema_file_name(compiled) if with_schema else None
    text = answers_template(compiled, schema_url=f"./{schema_name}" if schema_name else None)
    if output is None:
        sys.stdout.write(text)
        return
    schema_path = output.parent / schema_name if beside and schema_name else None
    schema = schema_text(compiled) if schema_path else None
    if schema_path is not None:
        check_outputs([("--output", output), ("the schema file", schema_path)], inputs)
        if schema_path.exists() and not force and _differs(schema_path, schema or ""):
            raise UsageError(f"{schema_path} already exists; pass --force to overwrite it")
    if output.exists() and not force and not is_stream(output):
        raise UsageError(f"{output} already exists; pass --force to overwrite it")
    with Outputs() as outputs:
        # The schema first: its rename comes first, so the answers never name a missing one.
        if (
            schema_path is not None
            and schema is not None
            and (force or _differs(schema_path, schema))
        ):
            outputs.open(schema_path).write(schema)
        outputs.open(output).write(text)
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


def run() -> None:
    """Console-script entry point."""
    app()


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
