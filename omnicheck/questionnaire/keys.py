"""Keys that choose at once, and a list where nothing is highlighted yet.

An unanswered question highlights no option, so that a blind Enter answers
nothing; these bindings replace questionary's arrows and Enter to know that
state, and add 0-4 on a scale and y/n on Yes/No.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, cast

from prompt_toolkit.application import Application
from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings
from prompt_toolkit.keys import Keys
from questionary.prompts.common import InquirerControl

from omnicheck.printable import printable
from omnicheck.rubric.compiled import Option

#: Seconds to wait after Esc for the rest of an escape sequence. An arrow key
#: is Esc, [ and a letter; over a slow link the three can arrive apart, and a
#: short wait would read the Esc alone as "back". This is prompt_toolkit's own.
ESC_TIMEOUT = 0.5


@dataclass(frozen=True)
class Key:
    """A navigation key pressed in a prompt, with the prompt's state to restore."""

    action: str  # "back", "return", "na", "help", "sections", "quit" or "pick"
    state: Any = None


def pointed(control: InquirerControl) -> str | None:
    """The highlighted option's id; None while nothing is (an unanswered question)."""
    if control.pointed_at < 0:
        return None
    return cast(str, control.get_pointed_at().value)  # typed Any: an option id


def quick_picks(options: Iterable[Option]) -> dict[str, str]:
    """Keys that choose at once: 0-4 on a scale, y and n on Yes/No; what each key reads as."""
    options = tuple(options)
    scores = [o.score for o in options]
    if len(options) > 2 and sorted(s for s in scores if s is not None) == list(range(len(options))):
        return {str(o.score): o.id for o in options}
    labels = {printable(o.label).casefold(): o.id for o in options}
    if set(labels) == {"yes", "no"}:
        return {"y": labels["yes"], "n": labels["no"]}
    return {}


def pick_keys(app: Application[Any], control: InquirerControl, picks: dict[str, str]) -> None:
    """The quick keys, and arrows and Enter that know nothing is highlighted yet."""
    bindings = KeyBindings()
    count = len(control.choices)
    for key, value in picks.items():
        bindings.add(key, eager=True)(lambda e, v=value: e.app.exit(result=v))

    @bindings.add(Keys.Down, eager=True)
    @bindings.add("j", eager=True)
    def down(_event: Any) -> None:
        control.pointed_at = (control.pointed_at + 1) % count

    @bindings.add(Keys.Up, eager=True)
    @bindings.add("k", eager=True)
    def up(_event: Any) -> None:
        control.pointed_at = count - 1 if control.pointed_at <= 0 else control.pointed_at - 1

    @bindings.add(Keys.ControlM, eager=True)
    def enter(event: Any) -> None:
        if control.pointed_at >= 0:
            event.app.exit(result=control.get_pointed_at().value)

    app.key_bindings = merge_key_bindings([app.key_bindings or KeyBindings(), bindings])


def redraw_on_resize(app: Application[Any], state: Any) -> None:
    """Leave the prompt when the terminal's width changes, to be drawn again to fit.

    A prompt's text is wrapped once, for the width it starts at; narrowed
    under it, the progress line was cut ("question 1 of u"), and widened
    again, a stale copy stayed. ``state`` gives what to restore: the
    highlighted option, the ticks, the text typed so far.
    """
    columns = app.output.get_size().columns

    def check(_: Any) -> None:
        future = app.future
        if app.output.get_size().columns != columns and future is not None and not future.done():
            app.exit(result=Key("resize", state()))

    app.before_render += check
