"""A question with options, as the prompter lays it out around questionary's list.

Above the options: any word on the question ("Why it matters", "Note
kept"), under its text, so that it reads with the question it is about.
Below: the highlighted option's description (or every option's, on a
scale that has room), then the keys. The options scroll in the lines the
terminal leaves (:mod:`omnicheck.questionnaire.room`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from prompt_toolkit.filters import is_done, to_filter
from prompt_toolkit.layout import ConditionalContainer, Dimension, Window
from prompt_toolkit.layout.controls import FormattedTextControl

from omnicheck.questionnaire.keys import pointed
from omnicheck.questionnaire.layout import insert_above, insert_below, window_of
from omnicheck.questionnaire.room import (
    HEAD_GAP,
    KEYS_GAP,
    LIST_GAP,
    RULE_GAP,
    Room,
    ScrolledList,
)

if TYPE_CHECKING:
    from prompt_toolkit.application import Application
    from prompt_toolkit.formatted_text import StyleAndTextTuples
    from questionary.prompts.common import InquirerControl

#: The blank lines of a list screen, the one kept longest first.
GAPS = (LIST_GAP, HEAD_GAP, RULE_GAP, KEYS_GAP)


@dataclass(frozen=True)
class ListScreen:
    """What goes around the options, and how much of it the terminal has room for."""

    room: Room
    #: Lines under the question: what was said about it while it is asked.
    aside: list[str]
    #: The keys, and any line above them ("New question").
    hints: str
    #: Each option's description, by option id; and the line while none is highlighted.
    descriptions: dict[str, list[str]]
    unset: list[str]
    #: Every option's description at once (a scale with room), or empty.
    every: dict[str, list[str]]
    #: The description's lines: as many as the longest, so the screen keeps its height.
    height: int

    def attach(self, app: Application[Any], control: InquirerControl) -> None:
        """Put the words, the scrolling list and the footer into questionary's prompt."""
        list_window = window_of(app, control)
        if self.aside:
            said = FormattedTextControl([("class:aside", "\n".join(self.aside))])
            aside = Window(said, dont_extend_height=True)
            insert_above(app, list_window, ConditionalContainer(aside, filter=~is_done))
        list_window.content = ScrolledList(control, self.room.rows)
        list_window.height = Dimension(max=self.room.rows)
        list_window.dont_extend_height = to_filter(True)
        footer = Window(
            FormattedTextControl(lambda: self._footer(control)), dont_extend_height=True
        )
        insert_below(app, list_window, ConditionalContainer(footer, filter=~is_done))

    def _footer(self, control: InquirerControl) -> StyleAndTextTuples:
        gaps = self.room.gaps
        out: StyleAndTextTuples = [("", "\n")] if LIST_GAP in gaps else []
        if self.room.description and self.height:
            at = pointed(control)
            if self.every:
                lines = [
                    "   » " + line[5:] if i == 0 and oid == at else line
                    for oid, option_lines in self.every.items()
                    for i, line in enumerate(option_lines)
                ]
            else:
                lines = self.descriptions.get(at, []) if at else self.unset
                lines = lines + [""] * (self.height - len(lines))  # the screen keeps its height
            out += [("class:description", "\n".join(lines)), ("", "\n")]
            out += [("", "\n")] if KEYS_GAP in gaps else []
        return [*out, ("class:hint", self.hints)]
