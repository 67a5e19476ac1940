"""What the questionnaire looks like from above: how many questions, which sections.

The progress line's total, the jump-to-section menu and the review screen
read the flow's state through these; they change nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from omnicheck.questionnaire.details import DETAILS_SECTION
from omnicheck.rubric.conditions import QuestionTest, walk

if TYPE_CHECKING:
    from omnicheck.questionnaire.flow import Flow
    from omnicheck.rubric.compiled import Question, Section


@dataclass(frozen=True)
class Count:
    """How many rubric questions this session asks, as far as the answers so far tell."""

    #: Questions that apply, or may once the questions they read are answered.
    counted: list[Question]
    #: How many of them apply whatever the answers still to come: the least the total can be.
    least: int
    #: Counted questions already answered (or left empty on purpose): the work done.
    done: int

    @property
    def estimate(self) -> bool:
        return self.least < len(self.counted)


def count(flow: Flow) -> Count:
    """Rubric questions that apply, or may once the questions they read are answered.

    Counting only what applies now would show "question 2 of 6" and then,
    once channels are picked, "question 3 of 50"; counting every question
    that may apply would shrink as a jump. Both ends are known from the first
    screen, so the progress line shows the range until the answer that
    decides it, and the share done against the top of it: the share can only
    grow when the real total comes.
    """
    counted: list[Question] = []
    undecided: set[str] = set()
    by_id, values = flow.rubric.by_id, flow.values
    for q in flow.rubric.questions:
        if not flow.in_depth(q):
            continue
        reads = (
            {t.question for t in walk(q.when) if isinstance(t, QuestionTest)}
            if q.when is not None
            else set()
        )
        # A question asked again (--ask) still has its answer: that decides, until changed.
        if any(r in undecided or (r not in values and flow.pending(by_id[r])) for r in reads):
            undecided.add(q.id)
            counted.append(q)
        elif flow.applies(q):
            counted.append(q)
    done = sum(q.id in flow.values or q.id in flow.skipped for q in counted)
    return Count(counted, len(counted) - len(undecided), done)


def jumps(flow: Flow) -> tuple[tuple[str, str, str], ...]:
    """Sections that apply now: (title, first question that applies, "3 of 4 answered")."""
    out = []
    for section in (DETAILS_SECTION, *flow.rubric.sections):
        applying = [q for q in section.questions if flow.applies(q)]
        if applying:
            done = sum(q.id in flow.values for q in applying)
            out.append((section.title, applying[0].id, f"{done} of {len(applying)} answered"))
    return tuple(out)


def review(flow: Flow) -> list[tuple[Section, list[Question]]]:
    """Every section that applies, with its questions that apply: the review screen."""
    out = []
    for section in (DETAILS_SECTION, *flow.rubric.sections):
        applying = [q for q in section.questions if flow.applies(q)]
        if applying:
            out.append((section, applying))
    return out
