"""A list of options on a short terminal: what gives way, and which options show.

A question's screen is a stack: the progress line (with the section's
heading on its first question), the question, any word on it ("Why it
matters"), the options, the highlighted option's description and the keys.
At 40x18 it can be taller than the terminal, and prompt_toolkit then cuts
what does not fit: the question's first lines, the keys, or options with
nothing to say they were there ("Does not apply to us" is the last). So the
other parts give way first, in a fixed order (:func:`fit`), and the options
scroll in the lines left, a line saying how many are hidden above or below
(:func:`view`, :class:`ScrolledList`), so the highlighted one is always in
sight.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from prompt_toolkit.formatted_text import StyleAndTextTuples, to_formatted_text
from prompt_toolkit.formatted_text.utils import split_lines
from prompt_toolkit.layout.controls import FormattedTextControl
from questionary.prompts.common import InquirerControl

#: Fewer lines than this and a list would show one option between its "more" lines.
LEAST_LIST = 4

#: The blank lines of a list screen: under the options, above the progress
#: line, under the section's heading, and between a description and the keys.
LIST_GAP, HEAD_GAP, RULE_GAP, KEYS_GAP = "list", "head", "rule", "keys"


@dataclass(frozen=True)
class Room:
    """What a list screen keeps, and the lines its options get."""

    #: The section's introduction under its heading (printed above the answers once answered).
    intro: bool
    #: The blank lines that stay, by name.
    gaps: frozenset[str]
    #: The highlighted option's description under the list.
    description: bool
    #: Lines for the options, "more" lines included.
    rows: int


def fit(
    lines: int,
    choices: int,
    *,
    fixed: int,
    intro: int = 0,
    gaps: Sequence[str] = (),
    description: int = 0,
) -> Room:
    """What fits in ``lines`` rows around a list of ``choices`` options.

    ``fixed`` lines always show (progress, question, keys); ``gaps`` are the
    blank lines there are, the one to keep longest first (:data:`LIST_GAP`).
    While the list would not show every option, the intro goes, then the
    blank lines from the last but the first. If the list would still be
    shorter than :data:`LEAST_LIST`, the description goes (and the blank
    line under it), then the blank line under the options; what went first
    comes back if that left room for every option. The list gets what is
    left, and never fewer than three lines (two options and a "more" line),
    even if the screen must then scroll.
    """
    parts = {"intro": intro, "description": description, **dict.fromkeys(gaps, 1)}
    parts = {name: size for name, size in parts.items() if size}
    shown = dict(parts)

    def room() -> int:
        return lines - fixed - sum(shown.values())

    def drop(names: Sequence[str], enough: int) -> None:
        for name in names:
            if room() >= enough:
                return
            shown.pop(name, None)
            if name == "description":
                shown.pop(KEYS_GAP, None)  # no description, no line between it and the keys

    cheap = [name for name in ("intro", *reversed(gaps[1:])) if name in parts]
    drop(cheap, choices)
    least = min(choices, LEAST_LIST)
    if room() < least:
        drop([name for name in ("description", *gaps[:1]) if name in parts], least)
        for name in reversed(cheap):  # the most wanted first
            useful = name != KEYS_GAP or "description" in shown
            if useful and name not in shown and room() - parts[name] >= choices:
                shown[name] = parts[name]
    rows = max(min(choices, 3), min(room(), choices))
    kept = frozenset(g for g in gaps if g in shown)
    return Room("intro" in shown, kept, "description" in shown, rows)


def view(count: int, rows: int, pointed: int, top: int = 0) -> tuple[int, int]:
    """The options shown (start, stop) in ``rows`` lines, "more" lines included.

    A line above says how many are hidden above, one below how many below.
    ``pointed`` (the highlighted option, -1 for none) is always shown, and
    the list moves as little as it can from ``top``, where it started last
    time; it never leaves blank lines at its foot.
    """
    if count <= rows:
        return 0, count
    rows = max(rows, 3)

    def stop(start: int) -> int:
        room = rows - (start > 0)
        return count if start + room >= count else start + room - 1

    start = min(max(top, 0), count - 1)
    if 0 <= pointed < start:
        start = pointed
    while pointed >= stop(start):
        start += 1
    while start > 0 and stop(start - 1) == count:
        start -= 1
    return start, stop(start)


def more(count: int, up: bool) -> str:
    return f"   {'↑' if up else '↓'} {count} more"


class ScrolledList(FormattedTextControl):
    """questionary's option list, as many lines as ``rows`` allows, with "more" lines."""

    def __init__(self, control: InquirerControl, rows: int) -> None:
        self.control = control
        self.rows = rows
        self.top = 0
        super().__init__(self._tokens)

    def _tokens(self) -> StyleAndTextTuples:
        ic = self.control
        # One line per option, the pointer's with prompt_toolkit's cursor mark.
        lines = list(split_lines(to_formatted_text(ic.text)))[: ic.choice_count]
        start, stop = view(len(lines), self.rows, ic.pointed_at, self.top)
        self.top = start
        out: StyleAndTextTuples = []
        if start:
            out += [("class:more", more(start, up=True)), ("", "\n")]
        for line in lines[start:stop]:
            out += [*line, ("", "\n")]
        if stop < len(lines):
            out += [("class:more", more(len(lines) - stop, up=False)), ("", "\n")]
        return out[:-1]  # no newline after the last line
