"""Deliver a report: pick the format, render it, and write it to a file or stdout.

Shared by every command that produces a report, so ``--format`` and
``--output`` behave identically everywhere: the format follows ``--format``,
else the output file's extension, else the terminal summary.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from omnicheck.errors import UsageError
from omnicheck.files import write_atomic

if TYPE_CHECKING:
    from collections.abc import Callable

    from rich.console import Console

SUFFIX_FORMATS = {
    ".md": "md",
    ".markdown": "md",
    ".json": "json",
    ".html": "html",
    ".htm": "html",
    ".txt": "text",
}
FORMAT_NAMES = {"text": "terminal summary", "md": "Markdown", "json": "JSON", "html": "HTML"}


def resolve_format(fmt: str | None, output: Path | None) -> str:
    if fmt is not None:
        return fmt
    if output is not None:
        guessed = SUFFIX_FORMATS.get(output.suffix.lower())
        if guessed is None:
            raise UsageError(
                f"cannot tell the format from {output.name!r}; add --format text, md, json or html"
            )
        return guessed
    return "text"


def render_text(report: dict[str, Any], *, width: int = 80) -> str:
    """The terminal summary as plain text, for a file or a pipe."""
    from omnicheck.terminal_summary import print_summary

    return console_text(lambda console: print_summary(report, console), width=width)


def console_text(draw: Callable[[Console], None], *, width: int = 80) -> str:
    """What ``draw`` prints on a rich console, as plain text without colour."""
    from rich.console import Console

    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=width,
        color_system=None,
        force_terminal=False,
        legacy_windows=False,
        markup=False,
    )
    draw(console)
    # rich pads table rows to the full width; trailing blanks only add noise to files.
    return "".join(line.rstrip() + "\n" for line in buffer.getvalue().splitlines())


def emit(
    report: dict[str, Any],
    fmt: str,
    output: Path | None,
    *,
    templates: Path | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> None:
    """Render ``report`` and write it whole to ``output``, or print it."""
    out = stdout or sys.stdout
    if fmt == "text" and output is None:
        from rich.console import Console

        from omnicheck.terminal_summary import print_summary

        print_summary(report, Console(file=out, highlight=False, markup=False))
        return
    if fmt == "text":
        text = render_text(report)
    else:
        from omnicheck.rendering import render

        text = render(report, fmt, templates=templates)
    deliver(text, fmt, output, stdout=out, stderr=stderr)


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
        f"Wrote {output} ({FORMAT_NAMES[fmt]}, {len(text.encode()) / 1024:.1f} kB)\n"
    )
