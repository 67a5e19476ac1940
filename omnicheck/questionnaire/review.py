"""The review screen and the last questions of a session, in the terminal.

Before the answers are marked complete the person sees every answer, by
section, and can jump to any one to change it; "Finish" is a choice on the
same list. Answers set aside by unticking a channel are deleted only here,
once the person has said so.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

import questionary
from prompt_toolkit.filters import to_filter
from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings
from prompt_toolkit.keys import Keys
from prompt_toolkit.layout import Dimension
from prompt_toolkit.layout.margins import ScrollbarMargin
from prompt_toolkit.utils import get_cwidth
from questionary import Choice, Separator

from omnicheck.printable import printable
from omnicheck.questionnaire.aside import discard_set_aside, dropped, keep_channel
from omnicheck.questionnaire.keys import ESC_TIMEOUT, Key, redraw_on_resize
from omnicheck.questionnaire.keys import pointed as pointed_value
from omnicheck.questionnaire.layout import (
    inquirer,
    key_hint,
    terminal_size,
    width,
    window_of,
    wrap,
)
from omnicheck.questionnaire.noting import NOTE_MARK
from omnicheck.questionnaire.position import BACK, Back, SaveAndQuit
from omnicheck.questionnaire.words import STYLE, choose

if TYPE_CHECKING:
    from rich.console import Console

    from omnicheck.questionnaire.flow import Flow
    from omnicheck.questionnaire.prompts import TerminalPrompter

FINISH = "-finish-"
#: The review's keys, said as a question's are.
REVIEW_KEYS = ("↑↓ move", "enter change or finish", "← back", "ctrl-x save and quit")


def review(flow: Flow, prompter: TerminalPrompter, console: Console) -> str | Back | None:
    """The question to change, BACK for the last one (← or Esc), or None for "Finish".

    Ctrl-X saves and quits here as on every question: raises SaveAndQuit.
    """
    pointed: str | None = None
    while True:
        picked = _review(flow, prompter, pointed)
        if not isinstance(picked, Key):
            return None if picked == FINISH else picked
        if picked.action == "quit":
            raise SaveAndQuit
        if picked.action == "back":
            return BACK
        # Resized: the answer lines above are rewrapped, then the list drawn to the new width.
        pointed = picked.state
        prompter.record.redraw(None)


def _review(flow: Flow, prompter: TerminalPrompter, pointed: str | None) -> str | Key:
    choices: list[Choice | Separator] = [Choice("Finish: save and see the result", value=FINISH)]
    room = width() - 8
    for section, questions in flow.review():
        choices.append(Separator(f"── {printable(section.title)}"[:room]))
        for q in questions:
            position = flow.position_of(q.id)
            shown = (
                "(no answer)"
                if q.id not in flow.values
                else prompter.answer_text(position, flow.values[q.id])
            )
            note = flow.notes.get(q.id)
            mark = NOTE_MARK if note and note.note and q.id in flow.values else ""
            short = printable(prompter.short(position))  # may name a typed "other" channel
            line = _line(short, printable(shown), mark, q.id, room)
            choices.append(Choice(line, value=q.id))
    question = questionary.select(
        "\n".join(wrap("Review your answers. Choose one to change it, or Finish.", 1))[1:],
        choices,
        default=pointed,
        qmark="\n",
        instruction=" ",
        style=STYLE,
        erase_when_done=True,
    )
    app = question.application
    control = inquirer(app)
    window = window_of(app, control)
    hint = key_hint(app, window, REVIEW_KEYS)
    rows = terminal_size().lines
    window.height = Dimension(max=max(3, rows - 2 - hint))
    window.dont_extend_height = to_filter(True)
    window.right_margins = [ScrollbarMargin(display_arrows=True)]
    bindings = KeyBindings()
    for key, action in ((Keys.ControlX, "quit"), (Keys.Left, "back"), (Keys.Escape, "back")):
        bindings.add(key, eager=True)(lambda event, a=action: event.app.exit(result=Key(a)))
    app.key_bindings = merge_key_bindings([app.key_bindings or KeyBindings(), bindings])
    app.ttimeoutlen = ESC_TIMEOUT
    redraw_on_resize(app, lambda: pointed_value(control))
    return cast("str | Key", question.unsafe_ask())  # typed Any: a choice's value, or the resize


#: The fewest characters a question's short name is cut to, so that it still says which.
_SHORTEST = 12


def _line(short: str, answer: str, mark: str, qid: str, room: int) -> str:
    """A review line in ``room`` columns: the question, the answer, the note mark and the
    question's id.

    The answer is what the person checks here, so when the line is too long the
    short name gives way first, then the id, and only then the answer. The note
    mark stays in every case. Widths are screen columns: a typed channel name
    in Chinese takes two a character.
    """
    for tail in (f"{mark}  [{qid}]", mark):
        keep = room - get_cwidth(tail) - get_cwidth(answer) - 2
        if get_cwidth(short) <= keep:
            return f"{short}: {answer}{tail}"
        if keep >= _SHORTEST:
            return f"{_cut(short, keep)}: {answer}{tail}"
    return _cut(f"{_cut(short, _SHORTEST)}: {answer}", room - get_cwidth(mark)) + mark


def _cut(text: str, size: int) -> str:
    """``text`` in ``size`` columns, ending in "…" where it was cut."""
    if get_cwidth(text) <= size:
        return text
    kept, used = [], 0
    for char in text:
        used += get_cwidth(char)
        if used > size - 1:
            break
        kept.append(char)
    return "".join(kept) + "…"


def confirm_drops(flow: Flow, console: Console) -> bool:
    """Ask before deleting set-aside answers; True to go back to the questions.

    Each unticked channel is asked about with every answer it takes along
    (its checks too), then whatever else a changed answer set aside: the
    numbers asked add up to what is removed.
    """
    names = flow.position_of(flow.items[0].id).names
    links = flow.rubric.links
    groups = dropped(flow)
    for about, group in groups.items():
        if about is None or links is None:
            continue
        named = flow.set_aside.get(links.other_name_question or "")
        typed = named if about == links.other_option and isinstance(named, str) else None
        label = printable(typed or names.get(about, about))
        noun = _answers(len(group))
        picked = _ask_removal(
            console,
            f"Remove {noun} about {label}? You unticked it as a channel.",
            [
                ("remove", f"Yes, remove the {noun.split()[-1]}"),
                ("keep", f"No, {label} is one of our channels"),
            ],
        )
        if picked == "keep":
            keep_channel(flow, about)
            return True
    rest = groups.get(None)
    if rest:
        noun = _answers(len(rest))
        picked = _ask_removal(
            console,
            f"Remove {noun} to questions that no longer apply? Answers you changed left them out.",
            [
                ("remove", f"Yes, remove the {noun.split()[-1]}"),
                ("review", "No, back to the review"),
            ],
        )
        if picked == "review":
            return True
    discard_set_aside(flow)
    return False


def _ask_removal(console: Console, message: str, options: list[tuple[str, str]]) -> str:
    """A removal question, which Ctrl-X leaves as every screen does: the answers stay aside."""
    picked = choose(console, message, options, keys={"c-x": _QUIT}, hints=["ctrl-x save and quit"])
    if picked == _QUIT:
        raise SaveAndQuit
    return picked


#: The removal question's value for Ctrl-X: no choice of its own.
_QUIT = "-quit-"


def _answers(count: int) -> str:
    return f"{count} answer" + ("" if count == 1 else "s")
