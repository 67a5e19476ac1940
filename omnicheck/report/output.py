"""Deliver a report: pick the format, render it, and write it to a file or stdout.

Shared by every command that produces a report, so ``--format`` and
``--output`` behave identically everywhere: the format follows ``--format``,
else the output file's extension, else the terminal summary.
"""

from __future__ import annotations

import errno
import io
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from omnicheck.errors import UnknownFormatError
from omnicheck.printable import guard, printable
from omnicheck.source.cache import FROM_PROCESS, CacheDir
from omnicheck.source.files import is_stream, write_atomic

if TYPE_CHECKING:
    from collections.abc import Callable

    from rich.console import Console

    from omnicheck.report.model import Report

#: The format a file's extension names, for every command that writes one.
SUFFIX_FORMATS = {
    ".md": "md",
    ".markdown": "md",
    ".json": "json",
    ".html": "html",
    ".htm": "html",
    ".txt": "text",
    ".csv": "csv",
}
FORMAT_NAMES = {
    "text": "terminal summary",
    "md": "Markdown",
    "json": "JSON",
    "html": "HTML",
    "csv": "CSV",
    "yaml": "answers file",
}
DOCUMENT_FORMATS = ("text", "md", "json", "html")


def format_for(
    fmt: str | None,
    path: Path | None,
    *,
    allowed: tuple[str, ...] = DOCUMENT_FORMATS,
    default: str = "text",
    target: str = "output",
) -> str:
    """``fmt`` if given, else the format ``path``'s extension names, else ``default``.

    Only the extensions of ``allowed`` formats are offered, so the message
    never suggests one that the command would then refuse. A FIFO or a
    device (``/dev/null``) without a known extension is taken as standard
    output is: ``default``. ``target`` names which output ``path`` is, for
    the CLI to word the error (:class:`omnicheck.errors.UnknownFormatError`).
    """
    if fmt is not None:
        return fmt
    if path is None:
        return default
    guessed = SUFFIX_FORMATS.get(path.suffix.lower())
    if guessed is None and is_stream(path):
        return default
    if guessed not in allowed:
        suffixes = sorted(s for s, f in SUFFIX_FORMATS.items() if f in allowed)
        raise UnknownFormatError(path.name, suffixes, target)
    return guessed


def resolve_format(fmt: str | None, output: Path | None) -> str:
    """The format of a report or diff: text on the terminal, else as ``output`` is named."""
    return format_for(fmt, output)


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
    # rich pads table rows to the full width; trailing blanks only add noise to files.
    return "".join(line.rstrip() + "\n" for line in buffer.getvalue().splitlines())


def emit(
    fmt: str,
    output: Path | None,
    *,
    draw: Callable[[Console], None],
    render: Callable[[str], str],
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> None:
    """Write a document whole to ``output``, or print it: what report and diff share.

    ``draw`` prints the terminal view on a rich console (in colour on a
    terminal, as plain text in a file); ``render`` writes any other format.
    """
    out = stdout or sys.stdout
    if fmt == "text" and output is None:
        draw(guard(_printing_console(out)))
        return
    text = console_text(draw) if fmt == "text" else render(fmt)
    deliver(text, fmt, output, stdout=out, stderr=stderr)


def _printing_console(out: TextIO) -> Console:
    """A rich console for stdout that leaves a closed pipe to the CLI.

    rich's own answer to a closed pipe is exit status 1; omnicheck ends
    quietly with 0, the same for every command and format.
    """
    from rich.console import Console

    class PrintingConsole(Console):
        def on_broken_pipe(self) -> None:
            raise BrokenPipeError(errno.EPIPE, os.strerror(errno.EPIPE))

    return PrintingConsole(file=out, highlight=False, markup=False)


def emit_report(
    report: Report,
    fmt: str,
    output: Path | None,
    *,
    templates: Path | None = None,
    appendix: bool = False,
    cache_dir: CacheDir = FROM_PROCESS,
    stdout: TextIO | None = None,
) -> None:
    """The assessment report, as ``omnicheck report`` and ``omnicheck assess`` write it.

    ``appendix``: the HTML page prints its full detail too (``report --appendix``).
    """
    from omnicheck.report.render import render

    def draw(console: Console) -> None:
        # Imported only when drawn: the summary needs rich, which would add
        # a third to the start-up of every Markdown, HTML and JSON report.
        from omnicheck.report.terminal import print_summary

        print_summary(report, console)

    emit(
        fmt,
        output,
        draw=draw,
        stdout=stdout,
        render=lambda chosen: render(
            report, chosen, templates=templates, appendix=appendix, cache_dir=cache_dir
        ),
    )


def deliver(
    text: str,
    fmt: str,
    output: Path | None,
    *,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> None:
    """Print ``text``, or write it whole to ``output`` and say so on stderr."""
    if output is None:
        out = stdout or sys.stdout
        out.write(text)
        out.flush()
        return
    write_atomic(output, text)
    (stderr or sys.stderr).write(
        printable(f"Wrote {output} ({FORMAT_NAMES[fmt]}, {len(text.encode()) / 1024:.1f} kB)\n")
    )
