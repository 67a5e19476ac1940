"""What the questionnaire leaves on the screen: one line per answer, kept to be drawn again.

Each answered question leaves "✓ Short name: answer" under its section's
heading. Going back and changing an answer must not leave the old line above
the new one, nor a heading over nothing, so the screen is treated as a
function of the answers: the lines of the questions before the one asked,
in questionnaire order. When a new line only adds to what is shown, it is
printed; otherwise (going back, a jump, a resize that rewraps every line)
the screen and its scrollback are cleared and the whole record is printed
again, once. Lines the terminal has scrolled out of sight cannot be erased
one by one, and a terminal that reflows on resize moves them, so a partial
erase could never be exact.

The lines printed before the first question (the welcome, "continuing")
come first every time the record is drawn again.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from typing import Any

from rich.console import Console

#: Home, clear the screen, clear the scrollback (xterm's E3, which tmux and
#: most terminals honour): nothing of an earlier drawing stays above.
CLEAR = "\x1b[H\x1b[2J\x1b[3J"


@dataclass(frozen=True)
class Printed:
    """One thing printed: what to print again, and a key that says whether it changed."""

    key: Hashable
    objects: tuple[Any, ...]
    options: dict[str, Any] = field(default_factory=dict, compare=False)


class Transcript:
    """The lines on screen above the prompt, as printed, and how to bring them up to date."""

    def __init__(self, console: Console) -> None:
        self.console = console
        #: Printed before the first question: kept at the top of every redraw.
        self._preamble: list[Printed] = []
        #: The record printed since, in screen order.
        self._shown: list[Printed] = []
        #: Full redraws so far (the tests count them).
        self.redraws = 0

    def keep(self, *objects: Any, **options: Any) -> None:
        """Print a line of the session's own (the welcome) that every redraw keeps."""
        entry = Printed(("preamble", len(self._preamble)), objects, options)
        self._preamble.append(entry)
        self._print(entry)

    def show(self, record: Sequence[Printed]) -> None:
        """Make the screen hold ``record`` under the preamble: print what is new, or redraw."""
        shown = [p.key for p in self._shown]
        if [p.key for p in record[: len(shown)]] == shown:
            for entry in record[len(shown) :]:
                self._print(entry)
            self._shown = list(record)
            return
        self.redraw(record)

    def redraw(self, record: Sequence[Printed] | None = None) -> None:
        """Clear the screen and its scrollback, then print the preamble and ``record``."""
        if record is not None:
            self._shown = list(record)
        self.redraws += 1
        if self.console.is_terminal:
            self.console.file.write(CLEAR)
            self.console.file.flush()
        for entry in (*self._preamble, *self._shown):
            self._print(entry)

    def _print(self, entry: Printed) -> None:
        self.console.print(*entry.objects, **entry.options)
