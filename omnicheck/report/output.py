"""The one way a document leaves omnicheck: rendered in a format, written whole to its place.

Every command builds a :class:`Document` and hands it to :func:`write`, so
``--format`` and ``--output`` behave identically everywhere: a file is
written atomically (whole or not at all) and named on stderr, standard
output gets the same bytes, and the terminal summary is drawn in colour only
where it is printed. How each format is made is the format table's word
(:mod:`omnicheck.report.formats`), not a branch here.
"""

from __future__ import annotations

import errno
import io
import json
import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TextIO

from omnicheck.lazy_dataclass import dataclass
from omnicheck.printable import guard, json_safe, printable
from omnicheck.report.formats import DOCUMENTS, FORMATS, Renderer
from omnicheck.source.cache import FROM_PROCESS, CacheDir
from omnicheck.source.files import write_atomic

if TYPE_CHECKING:
    from rich.console import Console

    from omnicheck.report.model import Report


@dataclass(frozen=True, slots=True)
class Document:
    """What a command writes, ready for any of the formats that its ``kind`` allows.

    ``kind`` is one of :data:`omnicheck.report.formats.DOCUMENTS`, and names
    its templates (``KIND.md.j2``, ``KIND.html.j2``). ``data`` is what JSON
    holds; ``context`` is what the templates see. ``draw`` prints the terminal
    view on a rich console, and ``own`` renders the formats that the document
    writes itself (the plan's CSV, merge's YAML).
    """

    kind: str
    data: Any = None
    context: Mapping[str, Any] = field(default_factory=dict)
    draw: Callable[[Console], None] | None = None
    own: Mapping[str, Callable[[], str]] = field(default_factory=dict)
    ascii: bool = False

    def __post_init__(self) -> None:
        if self.kind not in DOCUMENTS:  # a bug: every document is in the format table
            raise ValueError(f"{self.kind!r} is not a document of the format table")


def report_document(report: Report, *, appendix: bool = False) -> Document:
    """The assessment report, as ``omnicheck report`` and ``omnicheck assess`` write it.

    ``appendix``: the HTML page prints its full detail too (``report --appendix``);
    on screen the appendix is always there, folded.
    """

    def draw(console: Console) -> None:
        # Imported only when drawn: the summary needs rich, which would add
        # a third to the start-up of every Markdown, HTML and JSON report.
        from omnicheck.report.terminal import print_summary

        print_summary(report, console)

    levels = {level["id"]: level for level in report["levels"]}
    context = {"r": report, "levels": levels, "appendix": appendix}
    return Document("report", report, context, draw=draw)


class Streams(Protocol):
    """Where :func:`write` prints and says what it wrote, and the cache its templates use.

    :class:`omnicheck.cli.environment.Environment` is one; the report layer
    knows only these three of its fields.
    """

    @property
    def stdout(self) -> TextIO: ...
    @property
    def stderr(self) -> TextIO: ...
    @property
    def cache_dir(self) -> Path | None: ...
    def console(self, console_class: type[Console] | None = None, **options: Any) -> Console:
        """A console on ``stdout`` that follows the run's variables (``NO_COLOR``...)."""


def write(
    document: Document,
    fmt: str,
    destination: Path | TextIO | None,
    env: Streams | None = None,
    *,
    templates: Path | None = None,
) -> None:
    """``document`` in ``fmt`` at ``destination``: the one output verb of every command.

    ``None`` is standard output (``env.stdout``); a path is written atomically
    and named on ``env.stderr`` with its format and size; an open stream (a
    file of :class:`omnicheck.source.files.Outputs`, which its owner replaces)
    gets the text and no word. Without ``env``, the process's own streams.
    ``templates`` puts override templates in front of the bundled ones.
    """
    stdout = sys.stdout if env is None else env.stdout
    cache_dir = FROM_PROCESS if env is None else env.cache_dir
    if destination is None and FORMATS[fmt].renderer == "console" and document.draw:
        from omnicheck.report.words import cached_in

        console = guard(_printing_console(stdout, env))
        if console.is_terminal and templates is None:
            with cached_in(cache_dir):
                document.draw(console)
            return
        # Drawn whole first: a words.txt.j2 of --templates may fail halfway through the
        # view, and its error is then all a mistake shows. Piped or redirected
        # (``> summary.txt``), the lines a saved file gets, without the blanks rich pads
        # table rows with.
        with console.capture() as captured, cached_in(cache_dir, templates):
            document.draw(console)
        text = captured.get()
        stdout.write(text if console.is_terminal else _without_trailing_blanks(text))
        stdout.flush()
        return
    text = as_text(document, fmt, templates=templates, cache_dir=cache_dir)
    if isinstance(destination, Path):
        write_atomic(destination, text)
        size = len(text.encode()) / 1024
        note = f"Wrote {destination} ({FORMATS[fmt].name}, {size:.1f} kB)\n"
        (sys.stderr if env is None else env.stderr).write(printable(note))
        return
    out = stdout if destination is None else destination
    out.write(text)
    out.flush()


def as_text(
    document: Document,
    fmt: str,
    *,
    templates: Path | None = None,
    cache_dir: CacheDir = FROM_PROCESS,
) -> str:
    """The text :func:`write` writes; for a command that renders before it commits, and tests."""
    form = FORMATS[fmt]
    if document.kind not in form.documents:
        raise ValueError(f"a {document.kind} is never written as {fmt}")  # a bug, not bad input
    from omnicheck.report.words import cached_in

    # The words the terminal view, a plan's tasks and a words.txt.j2 override fall
    # back on compile into the command's cache directory too, and the first two
    # read the words.txt.j2 of --templates as the command's templates do.
    with cached_in(cache_dir, templates):
        own = document.own.get(fmt)
        if own is not None:
            return own()
        return _RENDERERS[form.renderer](document, fmt, templates, cache_dir)


def _console(document: Document, fmt: str, templates: Path | None, cache_dir: CacheDir) -> str:
    if document.draw is None:
        raise ValueError(f"the {document.kind} has no terminal view")
    return console_text(document.draw)


def _json(document: Document, fmt: str, templates: Path | None, cache_dir: CacheDir) -> str:
    return json_text(document.data, ascii=document.ascii)


def _template(document: Document, fmt: str, templates: Path | None, cache_dir: CacheDir) -> str:
    """Through ``KIND.FORMAT.j2``, with every control character made printable after."""
    from omnicheck.report.render import render_template

    name = f"{document.kind}.{fmt}.j2"
    html = FORMATS[fmt].autoescape
    context = dict(document.context)
    text = render_template(name, context, html=html, templates=templates, cache_dir=cache_dir)
    return printable(text)


def _own(document: Document, fmt: str, templates: Path | None, cache_dir: CacheDir) -> str:
    raise ValueError(f"the {document.kind} does not write its own {fmt}")


_RENDERERS: dict[Renderer, Callable[[Document, str, Path | None, CacheDir], str]] = {
    "console": _console,
    "json": _json,
    "template": _template,
    "own": _own,
}


def json_text(data: Any, *, ascii: bool = False) -> str:
    """``data`` as every JSON file omnicheck writes it: indented, UTF-8, a newline at the end.

    ``ascii``: every character past ASCII as a ``\\u`` escape, so that a file name
    or message can never reach a terminal raw (the problems of ``validate`` and
    ``rubric lint``, which editors and CI logs show); the data is the same.
    """
    # allow_nan=False: NaN is not JSON. Input that could hold it is refused
    # (rubric numbers must be finite, free text stays text), so this is a bug.
    return json_safe(json.dumps(data, indent=2, ensure_ascii=ascii, allow_nan=False)) + "\n"


def console_text(draw: Callable[[Console], None], *, width: int = 80) -> str:
    """What ``draw`` prints on a rich console, as plain text without colour."""
    from rich.console import Console

    buffer = io.StringIO()
    console = guard(
        Console(
            file=buffer,
            width=width,
            color_system=None,
            force_terminal=False,
            legacy_windows=False,
            markup=False,
        )
    )
    draw(console)
    return _without_trailing_blanks(buffer.getvalue())


def _without_trailing_blanks(text: str) -> str:
    """rich pads table rows to the full width; trailing blanks only add noise to files."""
    return "".join(line.rstrip() + "\n" for line in text.splitlines())


def _printing_console(out: TextIO, env: Streams | None) -> Console:
    """A rich console for stdout that leaves a closed pipe to the CLI, and reads colour
    and terminal from the run's environment (the process's without one).

    rich's own answer to a closed pipe is exit status 1; omnicheck ends
    quietly with 0, the same for every command and format.
    """
    from rich.console import Console

    class PrintingConsole(Console):
        def on_broken_pipe(self) -> None:
            raise BrokenPipeError(errno.EPIPE, os.strerror(errno.EPIPE))

    if env is None:
        return PrintingConsole(file=out, highlight=False, markup=False)
    return env.console(PrintingConsole, highlight=False, markup=False)
