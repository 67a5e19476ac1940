"""One line of text typed in: the business's name and details, a text answer, an n/a reason.

Esc goes back; with a question to navigate, so do ← at the start of the line
and → at its end (return to where the user was), so that holding an arrow
walks through text questions as through lists.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import questionary
from prompt_toolkit.application.current import get_app
from prompt_toolkit.filters import Condition, is_done, to_filter
from prompt_toolkit.key_binding import KeyBindings
from prompt_toolkit.keys import Keys
from prompt_toolkit.layout import ConditionalContainer, Window
from prompt_toolkit.layout.controls import BufferControl, FormattedTextControl

from omnicheck.questionnaire.keys import ESC_TIMEOUT, Key, redraw_on_resize
from omnicheck.questionnaire.layout import hint_lines, stack, wrap
from omnicheck.questionnaire.words import STYLE

if TYPE_CHECKING:
    from omnicheck.questionnaire.position import Position

#: Longest typed answer kept: a business name, any other line.
NAME_MAX, TEXT_MAX = 120, 300


def ask_line(
    head: str,
    lines: list[str],
    hints: list[str],
    *,
    note: str = "",
    default: str = "",
    required: bool = False,
    limit: int = TEXT_MAX,
    navigate: Position | None = None,
    note_key: bool = False,
    aside: Sequence[str] = (),
) -> str | Key:
    """One line of text typed in, with Esc as the way back; ``note`` goes under it.

    ``aside``: lines said at the question ("Note kept"), right under the line typed in.

    With ``navigate`` (a question, not the n/a reason), ← at the start of
    the line goes back too, so holding ← walks back through text questions
    as through lists; → at its end returns to where the user was.
    """
    bindings = KeyBindings()
    bindings.add(Keys.Escape, eager=True)(lambda e: e.app.exit(result=Key("back")))
    if navigate is not None:
        at_start = Condition(lambda: get_app().current_buffer.cursor_position == 0)
        bindings.add(Keys.Left, eager=True, filter=at_start)(
            lambda e: e.app.exit(result=Key("back"))
        )
        if navigate.can_return:
            at_end = Condition(lambda: get_app().current_buffer.document.is_cursor_at_the_end)
            bindings.add(Keys.Right, eager=True, filter=at_end)(
                lambda e: e.app.exit(result=Key("return"))
            )
        bindings.add(Keys.Tab, eager=True)(lambda e: e.app.exit(result=Key("sections")))
        bindings.add(Keys.ControlX, eager=True)(lambda e: e.app.exit(result=Key("quit")))
    if note_key:  # Ctrl-N: a note on the answer, the text typed so far kept
        bindings.add(Keys.ControlN, eager=True)(
            lambda e: e.app.exit(result=Key("note", e.app.current_buffer.text))
        )

    def check(text: str) -> bool | str:
        if required and not text.strip():
            return "   Please type an answer."
        if len(text) > limit:
            return f"   At most {limit} characters, please (this is {len(text)})."
        return True

    question = questionary.text(
        "\n".join(lines)[1:] + "\n ›",
        default=default[:limit],
        qmark=head,
        style=STYLE,
        erase_when_done=True,
        key_bindings=bindings,
        validate=check,
        reserve_space_for_menu=0,
    )
    app = question.application
    app.ttimeoutlen = ESC_TIMEOUT
    redraw_on_resize(app, lambda: app.current_buffer.text)
    for window in app.layout.find_all_windows():
        if isinstance(window.content, BufferControl):
            # Otherwise the input line stretches and pushes the hints to the screen's foot.
            window.dont_extend_height = to_filter(True)
    # The keys go under the input line, as under a list of options. Not in
    # prompt_toolkit's bottom toolbar: that one hides in terminals that do
    # not report the cursor position.
    below = [("class:aside", "".join(line + "\n" for line in aside))] if aside else []
    below += [("class:description", "\n".join(wrap(note, 3)) + "\n")] if note else []
    hint = FormattedTextControl([*below, ("class:hint", hint_lines(hints))])
    stack(app).children.append(ConditionalContainer(Window(hint), filter=~is_done))
    reply = question.unsafe_ask()
    return reply if isinstance(reply, Key) else " ".join(str(reply).split())
