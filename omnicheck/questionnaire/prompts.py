"""The questionnaire in a terminal: questionary reads the keys, rich prints the text.

Each question is one short screen: a progress line (section k of n, question
i of N), the question, its options, the highlighted option's description, and
a line of the keys that work (back, n/a, why it matters). When it is answered
the prompt is erased and replaced by one line, "✓ Short name: answer", so the
screen keeps a compact record of what was said instead of a wall of menus.

Everything is wrapped to the terminal's width by word, never by character,
and nothing depends on colour: the pointer, ticks and marks carry the meaning,
so NO_COLOR (honoured by both rich and prompt_toolkit) loses nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

import questionary
from prompt_toolkit.application import Application
from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings
from prompt_toolkit.keys import Keys
from questionary import Choice
from rich.console import Console

from omnicheck.printable import printable
from omnicheck.questionnaire.details import DETAILS_PREFIX, DETAILS_SECTION
from omnicheck.questionnaire.flow import BACK, RETURN, Jump, Noted, Position, Reply, SaveAndQuit
from omnicheck.questionnaire.keys import (
    ESC_TIMEOUT,
    Key,
    pick_keys,
    pointed,
    quick_picks,
    redraw_on_resize,
)
from omnicheck.questionnaire.layout import (
    hint_lines,
    inquirer,
    terminal_size,
    wrap,
)
from omnicheck.questionnaire.listscreen import GAPS, ListScreen
from omnicheck.questionnaire.noting import ask_note, note_hint
from omnicheck.questionnaire.record import AnswerRecord
from omnicheck.questionnaire.room import KEYS_GAP, RULE_GAP, fit
from omnicheck.questionnaire.textline import NAME_MAX, TEXT_MAX, ask_line
from omnicheck.questionnaire.transcript import Transcript
from omnicheck.questionnaire.words import STYLE, Words, choose
from omnicheck.rubric.compiled import CompiledRubric, Section
from omnicheck.rubric.conditions import AnswerValue, NotApplicable
from omnicheck.rubric.kinds import kind_of

if TYPE_CHECKING:
    from omnicheck.questionnaire.flow import Flow

#: The choice that stands for "does not apply": an id no rubric can use (ids are [a-z0-9...]).
NA_CHOICE = "-n/a-"
NA_LABEL = "Does not apply to us"


#: The section menu's value for Ctrl-X: no section's question id (ids have no dash first).
_QUIT = "-quit-"


class TerminalPrompter(Words):
    """The input layer of :func:`omnicheck.questionnaire.flow.run` for a real terminal."""

    def __init__(self, rubric: CompiledRubric, console: Console, flow: Flow, screen: Transcript):
        super().__init__(rubric)
        self.console = console
        #: The answer lines above the prompt, read from the flow's answers.
        self.record = AnswerRecord(flow, self, screen)
        #: Questions whose "why it matters" is on screen already.
        self._helped: set[str] = set()
        #: Notes typed for questions not answered since: saved with the answer.
        self._typed: dict[str, str] = {}
        #: The question being asked, which lines printed now go with.
        self._asking = ""
        #: A word for the next prompt only, under its question ("Note kept").
        self._said: str | None = None

    # ── the questionnaire's input layer ────────────────────────────────────

    def __call__(self, position: Position) -> Reply:
        q = position.question
        state: Any = position.default
        # Back or a jump: the lines of this question and the ones after it go.
        self._asking = q.id
        self.record.show(q.id)
        while True:
            reply = self._prompt(position, state)
            if not isinstance(reply, Key):
                return self._answered(position, reply)
            state = reply.state
            if reply.action == "help":
                if q.id not in self._helped:
                    self._helped.add(q.id)
                    self._note(f"Why it matters: {q.help}")
            elif reply.action == "back":
                if position.can_go_back:
                    return BACK
                self._note("This is the first question.", keep=False)
            elif reply.action == "resize":
                # Drawn again, to the new width, with what was chosen so far; and
                # the lines above too, which the terminal may have rewrapped.
                self.record.redraw(q.id)
            elif reply.action == "return":
                return RETURN
            elif reply.action == "note":
                typed = ask_note(self.short(position), self._note_of(position))
                if not isinstance(typed, Key):
                    self._typed[q.id] = typed
                    said = "Note kept" if typed else "Note removed"
                    self._note(f"{said}: saved with your answer to this question.", keep=False)
            elif reply.action == "quit":
                raise SaveAndQuit
            elif reply.action == "sections":
                target = self._sections(position)
                if target is not None:
                    return Jump(target)
            elif reply.action == "na":
                previous = position.default
                before = previous.reason if isinstance(previous, NotApplicable) else None
                reason = self._reason(position, before or "")
                if not isinstance(reason, Key):
                    return self._answered(position, NotApplicable(reason or None))

    def _answered(self, position: Position, answer: AnswerValue | None) -> Reply:
        """The answer, with the note typed for it if any, and its line on the screen."""
        note = self._note_of(position) if answer is not None else None
        self.record.answered(position, answer, note)
        qid = position.question.id
        return Noted(answer, self._typed.pop(qid)) if qid in self._typed else answer

    def _note_of(self, position: Position) -> str | None:
        """The note the answer will be saved with: typed in this session, or the file's."""
        qid = position.question.id
        return (self._typed[qid] or None) if qid in self._typed else position.note

    def _notes(self, position: Position) -> bool:
        """Whether a note can go with this answer: a rubric question's, not a detail's."""
        return position.section is not DETAILS_SECTION

    def _prompt(self, position: Position, state: Any) -> AnswerValue | Key | None:
        widgets = {"text": self._text, "select": self._select, "checkbox": self._checkbox}
        return widgets[kind_of(position.question).widget](position, state)

    # ── the three kinds of prompt ──────────────────────────────────────────

    def _select(self, position: Position, state: Any) -> str | Key:
        options = position.options
        default = state if isinstance(state, str) and state in {o.id for o in options} else None
        picks = quick_picks(options)
        # A scale's number beside each step, as the 0-4 keys choose: y and n need none.
        number = {oid: key for key, oid in picks.items() if key.isdigit()}
        choices = []
        for o in options:
            label = self._label(position, o)
            shown = f"{number[o.id]} {label}" if o.id in number else label
            choices.append(Choice(shown, value=o.id))
        if position.question.allow_na:
            # A choice of its own, read on screen, rather than a key that may spell "No".
            choices.append(Choice(NA_LABEL, value=NA_CHOICE))
            if isinstance(state, NotApplicable) or state == NA_CHOICE:
                default = NA_CHOICE
        moves = ["↑↓ move", "enter choose"]
        if picks:
            moves.insert(0, "/".join(picks) + " choose")
        screen = self._screen(
            position, tuple(moves), len(choices), unset=default is None, legend=True
        )
        question = questionary.select(
            self._message(position),
            choices,
            default=default,
            qmark=self._head(position, intro=screen.room.intro, gaps=screen.room.gaps),
            instruction=" ",  # questionary shows its own hint for a blank one
            style=STYLE,
            erase_when_done=True,
        )
        control = inquirer(question.application)
        if default is None:
            control.pointed_at = -1  # nothing highlighted: a blind Enter answers nothing
        screen.attach(question.application, control)
        self._keys(question.application, position, lambda: pointed(control))
        pick_keys(question.application, control, picks)
        # questionary types answers Any: this is an option id, or what _keys exits with
        reply = cast("str | Key", question.unsafe_ask())
        if reply == NA_CHOICE:
            return Key("na", NA_CHOICE)
        return reply

    def _checkbox(self, position: Position, state: Any) -> tuple[str, ...] | Key:
        ticked = set(state) if isinstance(state, tuple) else set()
        choices = [
            Choice(self._label(position, o), value=o.id, checked=o.id in ticked)
            for o in position.options
        ]
        if not choices:
            # A hand-off question when only one channel is left: nothing to tick.
            return ()
        links = self.rubric.links
        must_pick = links is not None and position.question.id == links.question
        done = "enter done"
        if position.question.link_role == "handoff":
            done = "enter done (none ticked: nothing is handed on)"
        screen = self._screen(position, ("space tick", done), len(choices))
        question = questionary.checkbox(
            self._message(position),
            choices,
            qmark=self._head(position, intro=screen.room.intro, gaps=screen.room.gaps),
            instruction="",
            style=STYLE,
            erase_when_done=True,
            validate=(lambda picked: bool(picked) or "   Tick at least one channel.")
            if must_pick
            else (lambda picked: True),
        )
        control = inquirer(question.application)
        screen.attach(question.application, control)
        self._keys(question.application, position, lambda: tuple(control.selected_options))
        reply = question.unsafe_ask()
        return reply if isinstance(reply, Key) else tuple(reply)

    def _text(self, position: Position, state: Any) -> str | Key | None:
        q = position.question
        optional = not q.required
        hints = ["enter save" + (" (empty to skip)" if optional else "")]
        if position.can_go_back:
            hints.append("esc back")
        if position.can_return:
            hints.append("→ at the end: return to where I was")
        if self._notes(position):
            hints.append(note_hint(self._note_of(position)))
        hints += ["tab sections", "ctrl-x save and quit"]
        limit = NAME_MAX if q.id == DETAILS_PREFIX + "name" else TEXT_MAX
        note = q.help
        if position.new:
            note = f"New question: not answered yet. {note}"
        reply = ask_line(
            self._head(position),
            wrap(self._text_of(position), 1),
            hints,
            # Shown at once: it is short, and there is no list of options to hide.
            note=note,
            default=state if isinstance(state, str) else "",
            required=not optional,
            limit=limit,
            navigate=position,
            note_key=self._notes(position),
            aside=self._aside(position),
        )
        if isinstance(reply, Key):
            return reply
        if position.section is DETAILS_SECTION:
            return reply  # an empty detail is an answer: "nothing to add"
        return reply or None

    def _reason(self, position: Position, default: str) -> str | Key:
        """The optional reason for an n/a; Esc returns to the question."""
        return ask_line(
            "\n Not applicable\n",
            wrap(f"Why does “{self.short(position)}” not apply to you?", 1),
            ["enter save (empty: no reason)", "esc back to the question"],
            default=default,
        )

    # ── pieces of a screen ─────────────────────────────────────────────────

    def _message(self, position: Position) -> str:
        # questionary puts one space before the message; the rest of the lines get it here.
        return "\n".join(wrap(self._text_of(position), 1))[1:]

    def _screen(
        self,
        position: Position,
        moves: tuple[str, ...],
        choices: int,
        *,
        unset: bool = False,
        legend: bool = False,
    ) -> ListScreen:
        """Around the options, fitted to the terminal's height: words said, a description, keys.

        ``unset``: nothing highlighted yet; ``legend``: every option's description if there is
        room. A long list (a dozen channels' hand-offs, a scale at 40x18) scrolls in what is left.
        """
        q = position.question
        hint_text = hint_lines(self._list_hints(position, moves))
        if position.new:
            hint_text = "\n".join([*wrap("New question: not answered yet.", 3), hint_text])
        if isinstance(position.default, NotApplicable) and kind_of(q).many:
            now = self.answer_text(position, position.default)
            kept = wrap(f"Current answer: {now} (n keeps it)", 3)
            hint_text = "\n".join([*kept, hint_text])
        descriptions = {o.id: wrap(o.description, 3) for o in position.options}
        none_yet = wrap("Nothing chosen yet: move to an answer with ↑↓.", 3)
        height = max((len(d) for d in [*descriptions.values(), none_yet]), default=0)
        if not (any(o.description for o in position.options) or unset):
            height = 0  # nothing to describe: no room kept for it
        aside = self._aside(position)
        question_lines = len(wrap(self._text_of(position), 1)) + len(aside)
        rows = terminal_size().lines
        keys = hint_text.count("\n") + 1
        head = self._head(position).count("\n") + question_lines
        every = self._legend(position, rows - head - keys + 1) if legend else {}
        if every:
            height = sum(len(lines) for lines in every.values())
        heading, section = self._heading(position), position.section
        intro = len(wrap(section.intro, 1)) if heading and section.intro else 0
        links = self.rubric.links
        # The channels question may show "Tick at least one channel" on a line of its own.
        toolbar = 1 if links is not None and q.id == links.question else 0
        room = fit(
            rows,
            choices,
            fixed=1 + heading + question_lines + keys + toolbar,
            intro=intro,
            gaps=[g for g in GAPS if (g != RULE_GAP or heading) and (g != KEYS_GAP or height)],
            description=height,
        )
        return ListScreen(room, aside, hint_text, descriptions, none_yet, every, height)

    def _list_hints(self, position: Position, moves: tuple[str, ...]) -> list[str]:
        hints = list(moves)
        if position.can_go_back:
            hints.append("← back")
        if position.can_return:
            hints.append("→ return to where I was")
        if self._na_key(position):
            hints.append("n does not apply")
        if position.question.help:
            hints.append("? why it matters")
        if self._notes(position):
            hints.append(note_hint(self._note_of(position)))
        return [*hints, "tab sections", "ctrl-x save and quit"]

    def _keys(self, app: Application[Any], position: Position, state: Callable[[], Any]) -> None:
        """Back, n/a and help, on keys that questionary leaves free."""
        bindings = KeyBindings()

        def leave(action: str) -> Callable[[Any], None]:
            return lambda event: event.app.exit(result=Key(action, state()))

        for key in (Keys.Left, Keys.Escape):
            bindings.add(key, eager=True)(leave("back"))
        if position.can_return:
            bindings.add(Keys.Right, eager=True)(leave("return"))
        if self._na_key(position):
            bindings.add("n", eager=True)(leave("na"))
        if position.question.help:
            bindings.add("?", eager=True)(leave("help"))
        if self._notes(position):
            # questionary's own Ctrl-N moves down, as ↓ and j do.
            bindings.add(Keys.ControlN, eager=True)(leave("note"))
        bindings.add(Keys.Tab, eager=True)(leave("sections"))
        bindings.add(Keys.ControlX, eager=True)(leave("quit"))
        app.key_bindings = merge_key_bindings([app.key_bindings or KeyBindings(), bindings])
        app.ttimeoutlen = ESC_TIMEOUT
        redraw_on_resize(app, state)

    def _sections(self, position: Position) -> str | None:
        """The jump-to-section menu: the first question of the section picked, or None."""
        options = [(qid, f"{printable(title)} ({done})") for title, qid, done in position.jumps]
        options.append(("", "Stay on this question"))
        # Every key that leaves a question leaves this menu the same way.
        stay = {key: "" for key in ("escape", "left", "tab")}
        picked = choose(
            self.console,
            "Go to which section?",
            options,
            record=False,
            keys={**stay, "c-x": _QUIT},
            hints=["esc or ← stay", "ctrl-x save and quit"],
        )
        if picked == _QUIT:
            raise SaveAndQuit
        return picked or None

    def _na_key(self, position: Position) -> bool:
        """Whether n marks this list of ticks n/a: never the channels, whatever the rubric."""
        q, links = position.question, self.rubric.links
        return q.allow_na and kind_of(q).many and not (links and q.id == links.question)

    def _note(self, text: str, *, keep: bool = True) -> None:
        """A word under the question; ``keep=False``: on its next prompt only."""
        if keep:
            self.record.note(self._asking, text)
        else:
            self._said = text

    def _aside(self, position: Position) -> list[str]:
        """The lines under the question: what was said at it, and a word for now."""
        said = [*self.record.notes(position.question.id)]
        if self._said is not None:
            said.append(self._said)
            self._said = None
        return [line for text in said for line in wrap(text, 3)]

    def _on_screen(self) -> Section | None:
        return self.record.section
