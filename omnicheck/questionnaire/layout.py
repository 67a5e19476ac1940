"""prompt_toolkit plumbing for the questionnaire: wrapping, and reaching inside questionary.

questionary builds each prompt as a prompt_toolkit application; the
questionnaire adds a description, a key line and scrolling to it. The few
functions that know questionary's internal layout live here, so that a change
in questionary breaks one small module with a clear "questionary changed"
message instead of the whole prompter.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import textwrap
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from typing import Any

from prompt_toolkit.application import Application
from prompt_toolkit.filters import is_done
from prompt_toolkit.layout import ConditionalContainer, Container, HSplit, Window
from prompt_toolkit.layout.controls import FormattedTextControl
from questionary.prompts.common import InquirerControl

from omnicheck.printable import printable

MIN_WIDTH = 40

#: How big the terminal is, asked at every layout (it may have been resized).
#: A session sets its environment's answer (:func:`sized_by`); the process's
#: is only the default, for the questionnaire used on its own.
_SIZE: ContextVar[Callable[[], os.terminal_size]] = ContextVar(
    "terminal_size", default=shutil.get_terminal_size
)


@contextlib.contextmanager
def sized_by(size: Callable[[], os.terminal_size]) -> Iterator[None]:
    """Lay the questionnaire out by ``size`` inside this block, prompts included.

    A context variable, not an argument through every prompt: asyncio copies
    it into the loop that runs each prompt, so key handlers see it too.
    """
    token = _SIZE.set(size)
    try:
        yield
    finally:
        _SIZE.reset(token)


def terminal_size() -> os.terminal_size:
    return _SIZE.get()()


def width() -> int:
    return max(MIN_WIDTH, terminal_size().columns)


def wrap(text: str, indent: int) -> list[str]:
    """Word-wrapped lines for the terminal as it is now, each indented.

    The text is the rubric's or the answers file's, so it is made printable
    first: prompt_toolkit shows C0 and C1 controls as ``^[``, but a bidi
    override would reach the screen as it is.
    """
    pad = " " * indent
    return textwrap.wrap(
        printable(text),
        # Three columns spare: questionary ends a message with a space and an
        # instruction of one, and a line that fills the last column makes
        # terminals such as tmux add a blank one (a 77-character question).
        width() - 3,
        initial_indent=pad,
        subsequent_indent=pad,
        break_on_hyphens=False,
    ) or [pad]


def inquirer(app: Application[Any]) -> InquirerControl:
    """The list control inside a questionary select or checkbox."""
    for window in app.layout.find_all_windows():
        if isinstance(window.content, InquirerControl):
            return window.content
    raise RuntimeError("questionary changed: no option list found in the prompt")


def window_of(app: Application[Any], control: Any) -> Window:
    for window in app.layout.find_all_windows():
        if window.content is control:
            return window
    raise RuntimeError("questionary changed: the option list has no window")


def stack(app: Application[Any]) -> HSplit:
    """The prompt's outermost layout: parts stacked top to bottom."""
    root = app.layout.container
    if not isinstance(root, HSplit):
        raise RuntimeError("questionary changed: the prompt is not a vertical stack")
    return root


def insert_below(app: Application[Any], window: Window, extra: Container) -> None:
    """Put ``extra`` right under the part of the prompt that holds ``window``."""
    root = stack(app)
    for i, child in enumerate(root.children):
        if window in child.get_children() or child is window:
            root.children.insert(i + 1, extra)
            return
    root.children.append(extra)


def insert_above(app: Application[Any], window: Window, extra: Container) -> None:
    """Put ``extra`` right above the part of the prompt that holds ``window``."""
    root = stack(app)
    for i, child in enumerate(root.children):
        if window in child.get_children() or child is window:
            root.children.insert(i, extra)
            return
    raise RuntimeError("questionary changed: the option list is not in the prompt")


def hint_lines(hints: Iterable[str]) -> str:
    """The keys that work, indented under the options; a key and its use stay together.

    A hint too long for a line of its own ("enter done (none ticked: nothing
    is handed on)" at 40 columns) is wrapped by word rather than cut.
    """
    lines: list[str] = []
    joins = False  # a wrapped hint's last line takes no other
    for hint in hints:
        if joins and len(lines[-1]) + 3 + len(hint) <= width() - 2:
            lines[-1] += " · " + hint
            continue
        wrapped = textwrap.wrap(hint, width() - 2, initial_indent="   ", subsequent_indent="     ")
        lines += wrapped
        joins = len(wrapped) == 1
    return "\n".join(lines)


def key_hint(app: Application[Any], window: Window, hints: Iterable[str]) -> int:
    """The keys that work, under ``window``'s list as a question shows them; its lines.

    Every screen of the questionnaire, a menu or the review too, says its keys
    the same way, so none of them leaves the person to guess. Gone once the
    prompt is answered (it is erased then).
    """
    text = hint_lines(hints)
    footer = Window(
        FormattedTextControl([("", "\n"), ("class:hint", text)]), dont_extend_height=True
    )
    insert_below(app, window, ConditionalContainer(footer, filter=~is_done))
    return text.count("\n") + 2
