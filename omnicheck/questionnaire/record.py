"""The answer lines above the prompt: one per question answered in this session, in order.

"✓ Short name: answer" under each section's heading, for the questions
before the one being asked, read from the flow's answers as they are now: a
changed answer shows its new line only, an answer set aside by unticking a
channel shows none, and a heading appears only over a line. A word said at
a question ("Why it matters") is shown with the question while it is asked
(the prompt shows :meth:`AnswerRecord.notes`), then kept right above its
line, under the section's heading. The
:class:`~omnicheck.questionnaire.transcript.Transcript` decides whether that
means printing one more line or drawing it all again.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from omnicheck.questionnaire.details import DETAIL_QUESTIONS, DETAILS_SECTION
from omnicheck.questionnaire.noting import NOTE_MARK
from omnicheck.questionnaire.transcript import Printed, Transcript
from omnicheck.scoring.links import channel_labels

#: Channel ids and the names the business gave them, as a line was worded.
Names = Mapping[str, str]

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderResult

    from omnicheck.questionnaire.flow import Flow, Position
    from omnicheck.questionnaire.words import Words
    from omnicheck.rubric.compiled import Section
    from omnicheck.rubric.conditions import AnswerValue


def note_line(text: str) -> Padding:
    """A word under the question, such as "Why it matters: ...", in italics."""
    return Padding(Text(text, style="italic"), (0, 0, 0, 3))


class SectionRule:
    """``── Title ─────``, as wide as the terminal is when it is drawn (again, after a resize)."""

    def __init__(self, title: str) -> None:
        self.title = title

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        rule = Text.assemble("── ", (self.title, "bold"), " ", no_wrap=True, overflow="ellipsis")
        rule.append("─" * max(3, options.max_width - len(rule) - 1))
        yield rule


class AnswerRecord:
    """What the questionnaire has shown of the answers, kept in step with the flow."""

    def __init__(self, flow: Flow, words: Words, transcript: Transcript) -> None:
        self.flow = flow
        self.words = words
        self.transcript = transcript
        self._order = {q.id: i for i, q in enumerate((*DETAIL_QUESTIONS, *flow.rubric.questions))}
        self._sections = {q.id: DETAILS_SECTION for q in DETAIL_QUESTIONS}
        self._sections.update({q.id: s for s in flow.rubric.sections for q in s.questions})
        #: The line each question answered in this session left, with what it shows:
        #: (answer, note, channel names, line).
        self._lines: dict[str, tuple[AnswerValue | None, str | None, Names, Printed]] = {}
        #: Words said while a question was asked, shown above its line once answered.
        self._notes: dict[str, list[str]] = {}
        #: The section whose heading is the last on screen.
        self.section: Section | None = None

    def answered(self, position: Position, answer: AnswerValue | None, note: str | None) -> None:
        """The question's line, printed with the next :meth:`show`, once the flow holds it."""
        qid = position.question.id
        line = self._line(position, answer, note)
        self._lines[qid] = (answer, note, dict(position.names), line)

    def note(self, qid: str, text: str) -> None:
        """A word said at a question, such as "Why it matters", kept above its answer."""
        self._notes.setdefault(qid, []).append(text)

    def notes(self, qid: str) -> tuple[str, ...]:
        """What was said at the question, for its prompt to show under the question."""
        return tuple(self._notes.get(qid, ()))

    def show(self, cursor: str | None) -> None:
        """The lines of the questions before ``cursor``, or every line (None)."""
        self.transcript.show(list(self._entries(cursor)))

    def redraw(self, cursor: str | None) -> None:
        """Draw it all again: the terminal's width changed, so every line wraps anew."""
        self.transcript.redraw(list(self._entries(cursor)))

    def _entries(self, cursor: str | None) -> Iterator[Printed]:
        end = len(self._order) if cursor is None else self._order[cursor]
        section: Section | None = None
        flow = self.flow
        names = channel_labels(flow.rubric, flow.values) if flow.rubric.links else {}
        for qid in sorted(self._lines, key=self._order.__getitem__):
            if self._order[qid] >= end:
                break
            line = self._now(qid, names)
            if line is None:
                continue
            at = self._sections[qid]
            if at is not section:
                section = at
                yield from self._heading(at)
            for i, text in enumerate(self._notes.get(qid, ())):
                yield Printed(("note", qid, i, text), (note_line(text),))
            yield line
        self.section = section

    def _now(self, qid: str, names: Names) -> Printed | None:
        """The question's line for its answer as the flow holds it now; None if it has none."""
        flow = self.flow
        q = flow.items[self._order[qid]]
        if not flow.applies(q) or (qid not in flow.values and qid not in flow.skipped):
            return None
        value = flow.values.get(qid)
        note = flow.notes[qid].note if qid in flow.notes else None
        shown, noted, named, line = self._lines[qid]
        if value == shown and (note is None) == (noted is None) and named == names:
            return line
        # Changed since it was answered: an option that no longer applies was taken
        # away, or the "other" channel was renamed. Say what it is now.
        position = flow.position_of(qid)
        fresh = self._line(position, value, note)
        self._lines[qid] = (value, note, dict(position.names), fresh)
        return fresh

    def _heading(self, section: Section) -> Iterator[Printed]:
        yield Printed(("gap", section.id), ())
        yield Printed(("rule", section.id), (SectionRule(section.title),))
        if section.intro:
            yield Printed(("intro", section.id), (Padding(Text(section.intro), (0, 0, 0, 1)),))

    def _line(self, position: Position, answer: AnswerValue | None, note: str | None) -> Printed:
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True)
        grid.add_column(overflow="fold")
        shown = self.words.answer_text(position, answer)
        if answer is not None and note:
            shown += NOTE_MARK
        short = self.words.short(position)
        grid.add_row(" ✓", Text.assemble(f"{short}: ", (shown, "bold")))
        key: Any = ("line", position.question.id, short, shown)
        return Printed(key, (grid,))
