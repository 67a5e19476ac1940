"""Words on the questionnaire's screen: answers as text, channel names, headings, a menu.

Shared by the question prompts and the review screen, so an answer reads
the same in both.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

import questionary
from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings
from questionary import Choice
from rich.console import Console
from rich.text import Text

from omnicheck.printable import printable
from omnicheck.questionnaire.flow import Position
from omnicheck.questionnaire.keys import ESC_TIMEOUT, quick_picks
from omnicheck.questionnaire.layout import inquirer, key_hint, width, window_of, wrap
from omnicheck.questionnaire.room import HEAD_GAP, RULE_GAP
from omnicheck.rubric.compiled import CompiledRubric, Option, Section
from omnicheck.rubric.conditions import AnswerValue, NotApplicable
from omnicheck.rubric.kinds import kind_of

STYLE = questionary.Style(
    [
        ("qmark", "fg:ansicyan"),  # the progress line
        ("question", "bold"),
        ("pointer", "bold"),
        ("highlighted", "bold"),
        ("selected", ""),
        ("answer", "bold"),
        ("instruction", ""),
        ("hint", "fg:ansibrightblack"),
        ("description", ""),
        ("validation-toolbar", "bold"),
        ("aside", "italic"),  # "Why it matters", "Note kept": under the question
        ("more", ""),  # "↓ 3 more" under a list that scrolls
    ]
)


class Words:
    """How questions, options and answers read, with the business's own channel names."""

    #: Where the section headings and answer lines are printed.
    console: Console

    def __init__(self, rubric: CompiledRubric) -> None:
        self.rubric = rubric
        #: The share done last shown, in percent: what is shown never goes down.
        self._share = 0

    def answer_text(self, position: Position, answer: AnswerValue | None) -> str:
        if answer is None or answer == "":
            return "(skipped)"
        if isinstance(answer, NotApplicable):
            return "n/a" + (f" ({answer.reason})" if answer.reason else "")
        if isinstance(answer, str) and not kind_of(position.question).has_options:
            return answer
        q = position.question
        ids = answer if isinstance(answer, tuple) else (answer,)
        if not ids:
            return "none"
        return ", ".join(self._label(position, q.option_by_id[i]) for i in ids)

    def _renamed(self, position: Position, text: str, channel: str | None) -> str:
        """Put the name the business gave its "other" channel where the rubric says Other."""
        links = self.rubric.links
        if links is None or channel is None or channel != links.other_option:
            return text
        rubric_name = self.rubric.option_label(links.question, channel)
        own = position.names.get(channel, rubric_name)
        return text.replace(rubric_name, own)

    def _text_of(self, position: Position) -> str:
        q = position.question
        return self._renamed(position, q.text, q.channel)

    def short(self, position: Position) -> str:
        q = position.question
        return self._renamed(position, q.short, q.channel)

    def _progress(self, position: Position) -> str:
        if position.number is None:
            number, total = position.detail or (1, 1)
            of = f" · {number} of {total}" if total > 1 else ""
            return f"\n {printable(position.section.title)}{of}\n"
        # The share done never goes down: against the top of a range it can
        # only grow when the real total comes; a channel added later holds
        # it where it was until the answers catch up.
        share = 100 * position.done // max(1, position.total)
        self._share = done = max(self._share, share)
        n = position.number
        if position.estimate:
            # Both ends from the first screen: the total lands inside the range,
            # once the answers that decide it are given.
            of, why = f"{position.least} to {position.total}", ", as your answers decide"
            section = f"Section {position.section_number}"
        else:
            of, why = str(position.total), ""
            section = f"Section {position.section_number} of {position.section_total}"
        lines = [
            f"{section} · question {n} of {of}{why} · {done}% done",
            f"{section} · question {n} of {of} · {done}% done",
            f"{done}% · question {n} of {of}",  # narrow: never cut mid-word
        ]
        line = next((x for x in lines if len(x) <= width() - 2), lines[-1])
        return f"\n {line}\n"

    def _on_screen(self) -> Section | None:
        """The section whose heading is the last on screen, above the prompt."""
        return None

    def _heading(self, position: Position) -> bool:
        """Whether the question's screen shows its section's heading: not on screen yet."""
        return position.section is not self._on_screen()

    def _head(
        self,
        position: Position,
        *,
        intro: bool = True,
        gaps: Collection[str] = (HEAD_GAP, RULE_GAP),
    ) -> str:
        """Above the question while it is asked: the section's heading if not on screen yet.

        A short terminal may leave out the section's intro, and the blank line
        above it all or under the heading (:func:`omnicheck.questionnaire.room.fit`).
        """
        lines = [""] if HEAD_GAP in gaps else []
        section = position.section
        if self._heading(position):
            rule = f"── {printable(section.title)} "
            rule += "─" * max(3, width() - len(rule) - 1)
            lines += [rule, *(wrap(section.intro, 1) if section.intro and intro else [])]
            lines += [""] if RULE_GAP in gaps else []
        return "\n".join([*lines, self._progress(position).strip("\n")]) + "\n"

    def _legend(self, position: Position, room: int) -> dict[str, list[str]]:
        """Every option's description, when the screen has room for all: a scale reads as one.

        Otherwise (a narrow or short terminal) only the highlighted option's is shown.
        """
        options = position.options
        if not options or not all(o.description for o in options):
            return {}
        key = {oid: k for k, oid in quick_picks(options).items()}  # 0-4, as the keys choose
        every = {
            o.id: wrap(
                f"{key[o.id] + ' ' if o.id in key else ''}{self._label(position, o)}: "
                f"{o.description}",
                5,
            )
            for o in options
        }
        needed = len(options) + 1 + sum(len(lines) for lines in every.values()) + 5
        return every if needed <= room else {}

    def _label(self, position: Position, option: Option) -> str:
        channel = option.id.partition("@")[0] if position.question.link_role else None
        return printable(self._renamed(position, option.label, channel))


def choose(
    console: Console,
    message: str,
    options: list[tuple[str, str]],
    *,
    record: bool = True,
    keys: Mapping[str, str] | None = None,
    hints: Sequence[str] = (),
) -> str:
    """A plain menu (resume or start again?) with the same look as the questions.

    ``keys``: prompt_toolkit key names that choose a value at once (Esc to stay
    where one was), said in ``hints``, after the arrows and Enter in the key
    line under the options.
    """
    question = questionary.select(
        "\n".join(wrap(message, 1))[1:],
        [Choice(label, value=value) for value, label in options],
        qmark="",
        instruction=" ",
        style=STYLE,
        erase_when_done=True,
    )
    app = question.application
    key_hint(app, window_of(app, inquirer(app)), ["↑↓ move", "enter choose", *hints])
    if keys:
        bindings = KeyBindings()
        for key, chosen in keys.items():
            bindings.add(key, eager=True)(lambda event, v=chosen: event.app.exit(result=v))
        app.key_bindings = merge_key_bindings([app.key_bindings or KeyBindings(), bindings])
        app.ttimeoutlen = ESC_TIMEOUT
    value = question.unsafe_ask()
    if record and value in dict(options):  # not a key's value, such as Ctrl-X's
        console.print(Text.assemble(" ✓ ", (dict(options)[value], "bold")))
    return str(value)
