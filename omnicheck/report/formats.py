"""Every output format omnicheck writes, in one table, and which documents each can hold.

A format is named once here: its id (what ``--format`` takes), the file
suffixes that name it, its name in messages, how it is rendered, and the
documents it can hold. Everything else asks this table: the format an
``--output`` file's name implies (:func:`format_for`), the choices a command
offers (:func:`formats_of`), and how :func:`omnicheck.report.output.write`
renders a document. A new format is one new row, not a new branch in each
command.

Each command declares the formats it allows (its ``--format`` Enum, whose
values are ids here, or a tuple of ids for an output without one); a file whose
suffix names a format that the command does not allow is refused with its
own error, :class:`omnicheck.errors.FormatNotAllowedError`, so the message
can say what the output holds instead of "cannot tell the format". Both
errors carry ids only: :mod:`omnicheck.cli.messages` words them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from omnicheck.errors import FormatNotAllowedError, UnknownFormatError
from omnicheck.lazy_dataclass import dataclass
from omnicheck.source.files import is_stream

#: How a format is made from a document: drawn by its terminal view, serialised
#: as JSON, written through the ``KIND.FORMAT.j2`` template, or by the document itself.
Renderer = Literal["console", "json", "template", "own"]


@dataclass(frozen=True, slots=True)
class Format:
    """One output format; see the module's docstring."""

    id: str
    #: What the "Wrote FILE (NAME, SIZE)" line calls it.
    name: str
    #: The suffixes that name it, the usual one first; lower case, with the dot.
    suffixes: tuple[str, ...]
    renderer: Renderer
    #: The documents (:data:`DOCUMENTS`) this format can hold.
    documents: frozenset[str]
    #: Whether text from the data is HTML-escaped (the template is autoescaped).
    autoescape: bool = False
    #: What an error calls the format a file's name says ("cannot write 'p.csv' as CSV"),
    #: when that is not :attr:`name`: the file is plain text, not yet a terminal summary.
    language: str | None = None

    @property
    def spoken(self) -> str:
        """The format as a message names it: :attr:`language`, else :attr:`name`."""
        return self.language or self.name


#: The documents omnicheck writes: each command writes one or two of them.
DOCUMENTS = (
    *("report", "diff", "history", "portfolio", "rows", "plan"),
    *("peers", "answers", "schema", "problems"),
)

_VIEWS = frozenset({"report", "diff", "history"})
FORMATS: dict[str, Format] = {
    f.id: f
    for f in (
        # The terminal summary: the views drawn on a console, as plain text in a file.
        Format("text", "terminal summary", (".txt",), "console", _VIEWS, language="plain text"),
        Format(
            "md",
            "Markdown",
            (".md", ".markdown"),
            "template",
            _VIEWS | {"portfolio", "plan"},
        ),
        Format(
            "json",
            "JSON",
            (".json",),
            "json",
            _VIEWS | {"portfolio", "rows", "plan", "peers", "schema", "problems"},
        ),
        Format(
            "html",
            "HTML",
            (".html", ".htm"),
            "template",
            _VIEWS | {"portfolio"},
            autoescape=True,
        ),
        Format("csv", "CSV", (".csv",), "own", frozenset({"rows", "plan"})),
        Format(
            "yaml",
            "answers file",
            (".yaml", ".yml"),
            "own",
            frozenset({"answers"}),
            language="YAML",
        ),
    )
}
#: The format each suffix names.
SUFFIXES = {suffix: f.id for f in FORMATS.values() for suffix in f.suffixes}


def formats_of(*documents: str) -> tuple[str, ...]:
    """The ids of the formats that can hold any of ``documents``, in the table's order."""
    return tuple(f.id for f in FORMATS.values() if f.documents.intersection(documents))


def format_for(
    fmt: str | None,
    path: Path | None,
    *,
    allowed: tuple[str, ...],
    default: str,
    target: str = "output",
    chosen_by_option: bool = True,
) -> str:
    """``fmt`` if given, else the format ``path``'s suffix names, else ``default``.

    ``allowed`` is what the command writes to this output. Only their
    suffixes are offered in the error, so the message never suggests one
    that the command would then refuse. A FIFO or a device (``/dev/null``)
    without a known suffix is taken as standard output is: ``default``.
    ``target`` names which of the command's outputs ``path`` is, and
    ``chosen_by_option`` whether ``--format`` could choose instead; the CLI
    words the error from them.
    """
    if fmt is not None:
        return fmt
    if path is None:
        return default
    guessed = SUFFIXES.get(path.suffix.lower())
    if guessed in allowed:
        return guessed
    if guessed is None and is_stream(path):
        return default
    suffixes = sorted(s for f in allowed for s in FORMATS[f].suffixes)
    if guessed is None:
        raise UnknownFormatError(path.name, suffixes, target, chosen_by_option=chosen_by_option)
    raise FormatNotAllowedError(path.name, suffixes, target, guessed)


def refuse_other_format(path: Path | None, fmt: str) -> None:
    """Refuse ``path`` when its suffix names a format other than ``fmt``, the only one
    the command writes there.

    ``x.md`` would hold JSON under a Markdown name, and could replace a report
    or an answers file that a user meant to keep. A name that no format claims
    (``client-acme``) is taken as given, as the command's readers take it.
    """
    if path is not None and SUFFIXES.get(path.suffix.lower(), fmt) != fmt:
        format_for(None, path, allowed=(fmt,), default=fmt, chosen_by_option=False)
