"""The options and arguments that several commands share, spelled once.

Every command that takes ``--rubric``, ``--max-size``, ``--format`` or
``--output`` takes it from here, so they read and behave alike everywhere.
"""

from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.models import TyperPath

from omnicheck.source.files import STANDARD_OUTPUT

MEGABYTE = 1024 * 1024
#: The largest --max-size: a gigabyte of YAML is already far past what can be parsed.
MAX_SIZE_MB = 1024
#: The version of the ``--format json`` layout of ``validate`` and ``rubric lint``.
PROBLEMS_SCHEMA = "omnicheck.problems/1"


class ReportFormat(str, Enum):
    """The formats of report, diff and history: each command declares its own as an Enum,
    whose values are ids of :data:`omnicheck.report.formats.FORMATS`."""

    text = "text"
    md = "md"
    json = "json"
    html = "html"


def output_format(fmt: Enum | None, output: Path | None, formats: type[Enum]) -> str:
    """The format of ``--output``: ``--format``, else the file's suffix, else the first declared.

    ``formats`` is the command's ``--format`` Enum: the formats it allows, the default first.
    """
    from omnicheck.report.formats import format_for

    allowed = tuple(str(f.value) for f in formats)
    given = None if fmt is None else str(fmt.value)
    return format_for(given, output, allowed=allowed, default=allowed[0])


class ProblemFormat(str, Enum):
    text = "text"
    json = "json"


class OutputPath(TyperPath):
    """A path to write, where ``-`` alone means standard output, as in other Unix tools.

    ``-`` becomes ``dash``; ``./-`` stays a file named ``-``. A plain Path
    option could not tell the two apart once typer has made a Path of them.
    A folder is refused by :func:`omnicheck.source.files.check_outputs`, in one line.
    """

    def __init__(self, dash: Path | None) -> None:
        # Not readable=True, typer's default, anywhere: click words an unreadable file as a
        # usage error of four lines, and refuses a write-only output that replacing never
        # reads. omnicheck's readers say "FILE: permission denied" in one line instead.
        super().__init__(readable=False)
        self.dash = dash

    def convert(self, value: Any, param: Any, ctx: Any) -> Any:
        if value == "-":
            return self.dash
        return super().convert(value, param, ctx)


RubricOption = Annotated[
    Path | None,
    typer.Option(
        "--rubric",
        metavar="PATH",
        dir_okay=False,
        readable=False,
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
        readable=False,
        help=f"Use report templates from DIR in front of the bundled ones ({example}).",
    )


AnswersArgument = Annotated[
    Path,
    typer.Argument(
        metavar="ANSWERS.yaml", show_default=False, readable=False, help="The answers file."
    ),
]
