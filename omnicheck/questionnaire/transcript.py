"""What the questionnaire leaves on the screen: one line per answer, kept to be drawn again.

Each answered question leaves "✓ Short name: answer" under its section's
heading. Going back and changing an answer must not leave the old line above
the new one, nor a heading over nothing, so the screen is treated as a
function of the answers: the lines of the questions before the one asked,
in questionnaire order. When a new line only adds to what is shown, it is
printed; otherwise (going back, a jump, a resize that rewraps every line)
the screen is cleared and the whole record is printed again, once. Lines
the terminal has scrolled out of sight cannot be erased one by one, and a
terminal that reflows on resize moves them, so a partial erase could never
be exact.

Clearing the screen a person's shell is on would take its scrollback with
it (the lines scrolled out of sight are the ones that must go), so on a
terminal the questionnaire runs in the alternate screen, as full-screen
tools do, and only that is cleared. On the way out, however it ends, the
normal screen comes back as it was and the record is printed on it once:
the shell's history above, then each answer's line under its heading. The
alternate screen keeps no scrollback of its own: during the run, lines
scrolled off its top are out of reach (the review screen lists them all),
and they are all back on the normal screen once the run ends. A terminal
without one (TERM=dumb, or linux, as terminfo says), or no terminal, gets no
escape codes at all: a redraw is printed under what is there.

The lines printed before the first question (the welcome, "continuing")
come first every time the record is drawn again.
"""

from __future__ import annotations

import contextlib
from collections.abc import Hashable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from rich.console import Console

#: xterm's alternate screen, with the cursor saved: on and off (tmux and
#: every terminal emulator in use honour it; TERM=dumb is not asked to).
ENTER = "\x1b[?1049h"
LEAVE = "\x1b[?1049l"
#: Home, clear the (alternate) screen; never the scrollback (E3), which is
#: the shell's.
CLEAR = "\x1b[H\x1b[2J"


@dataclass(frozen=True)
class Printed:
    """One thing printed: what to print again, and a key that says whether it changed."""

    key: Hashable
    objects: tuple[Any, ...]
    options: dict[str, Any] = field(default_factory=dict, compare=False)
    #: Printed again on the normal screen when the run ends. Not so what only
    #: helps while answering: how to stop, a note on the question being asked.
    lasting: bool = field(default=True, compare=False)


class Transcript:
    """The lines on screen above the prompt, as printed, and how to bring them up to date."""

    def __init__(self, console: Console, *, term: str | None = None) -> None:
        """``term``: the terminal's type (``TERM``) as the run's environment gives it."""
        self.console = console
        #: Printed before the first question: kept at the top of every redraw.
        self._preamble: list[Printed] = []
        #: The record printed since, in screen order.
        self._shown: list[Printed] = []
        #: Full redraws so far (the tests count them).
        self.redraws = 0
        #: Whether the terminal has an alternate screen to switch to.
        self.can_switch = has_alternate_screen(console, term)
        #: Inside :meth:`alternate`: the alternate screen is used from the first print.
        self._wanted = False
        #: Whether the alternate screen is on now.
        self.switched = False

    @contextlib.contextmanager
    def alternate(self) -> Iterator[None]:
        """The questionnaire on the alternate screen; its record on the normal one after.

        Every way out comes through here: the end, Ctrl-X, Ctrl-C, a closed
        terminal or a kill (which the CLI turns into Ctrl-C), an error.
        """
        self.start()
        try:
            yield
        finally:
            self.end()

    def start(self) -> None:
        """Use the alternate screen from the first thing drawn (:meth:`begin`).

        Not at once: a run that stops on a bad file before asking anything
        leaves the screen alone.
        """
        self._wanted = self.can_switch

    def end(self) -> None:
        """Back to the normal screen, as it was, and the record printed on it once."""
        self._wanted = False
        if not self.switched:
            return
        self.switched = False
        # The terminal may be gone (closed): then there is no screen to restore.
        with contextlib.suppress(OSError):
            self._write(LEAVE)
            for entry in (*self._preamble, *self._shown):
                if entry.lasting:
                    self._print(entry)

    def begin(self) -> None:
        """Switch to the alternate screen, if it is wanted, before something is drawn."""
        if self._wanted and not self.switched:
            self.switched = True
            self._write(ENTER)

    def keep(self, *objects: Any, passing: bool = False, **options: Any) -> None:
        """Print a line of the session's own (the welcome) that every redraw keeps.

        ``passing``: it says how to answer, so it is not printed again once the run ends.
        """
        entry = Printed(("preamble", len(self._preamble)), objects, options, lasting=not passing)
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
        """Clear the alternate screen, then print the preamble and ``record``.

        Without the alternate screen nothing is cleared: the record is
        printed again under what is there.
        """
        if record is not None:
            self._shown = list(record)
        self.redraws += 1
        self.begin()
        if self.switched:
            self._write(CLEAR)
        for entry in (*self._preamble, *self._shown):
            self._print(entry)

    def _write(self, code: str) -> None:
        self.console.file.write(code)
        self.console.file.flush()

    def _print(self, entry: Printed) -> None:
        self.begin()
        self.console.print(*entry.objects, **entry.options)


def has_alternate_screen(console: Console, term: str | None) -> bool:
    """Whether ``console`` is a terminal that has an alternate screen, as terminfo says.

    ``term`` is the terminal's type (``TERM``). TERM=dumb has none; nor do
    ``linux`` (the kernel's console) and ``vt100``, which would clear the one
    screen there is and then show the record twice. A terminal terminfo does
    not know, or no TERM at all, is taken to be a modern emulator, which all
    have one. (curses sets terminfo up once per process: a second ``term``
    asked about in the same process gets the first one's answer.)
    """
    if not console.is_terminal or console.is_dumb_terminal:
        return False
    if not term:
        return True  # curses would look TERM up in the process instead; it finds none either
    try:
        import curses
    except ImportError:  # pragma: no cover - Windows, whose terminals have one
        return True
    try:
        fd = console.file.fileno()
    except (OSError, ValueError, AttributeError):
        return True  # not a real file: nothing to look up, nothing to get wrong
    try:
        curses.setupterm(term, fd)
    except curses.error:
        return True
    return curses.tigetstr("smcup") is not None
