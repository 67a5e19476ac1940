"""What the flow hands a prompt, and what a prompt hands back.

Kept apart from :mod:`omnicheck.questionnaire.flow` so the terminal layer
reads these plain types without the flow's logic.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from omnicheck.rubric.compiled import Option, Question, Section
from omnicheck.rubric.conditions import AnswerValue

__all__ = ["BACK", "RETURN", "Back", "Jump", "Noted", "Position", "Reply", "Return", "SaveAndQuit"]


class Back:
    """The user's reply "take me to the previous question"."""


BACK = Back()


class Return:
    """The user's reply "return to where I was" after going back."""


RETURN = Return()


@dataclass(frozen=True)
class Jump:
    """The user's reply "take me to this question" (a section's first, or one reviewed)."""

    question: str


@dataclass(frozen=True)
class Noted:
    """The user's answer with the note typed for it (empty: the note is cleared)."""

    answer: AnswerValue | None
    note: str


class SaveAndQuit(Exception):
    """The user asked to stop for now: every answer is saved already."""


#: What a prompt returns: an answer, ``None`` to leave an optional question
#: unanswered, :data:`BACK`, :data:`RETURN`, a :class:`Jump`, or an answer :class:`Noted`.
Reply = AnswerValue | None | Back | Return | Jump | Noted


@dataclass(frozen=True)
class Position:
    """Everything a prompt needs to show one question."""

    question: Question
    section: Section
    #: 1-based number among the rubric questions that apply now; None for details.
    number: int | None
    total: int
    section_number: int | None
    section_total: int
    #: Whether the totals are upper bounds: some questions depend on answers still to come.
    estimate: bool
    #: The options that apply now (a hand-off lists only active channels).
    options: tuple[Option, ...]
    #: The answer to preselect: the current one, or one dropped earlier.
    default: AnswerValue | None
    can_go_back: bool
    #: Channel names as the business knows them ("other" becomes the name it gave).
    names: Mapping[str, str]
    #: Never answered, met while walking forward again after going back.
    new: bool = False
    #: Whether "return to where I was" has somewhere to go.
    can_return: bool = False
    #: Sections that apply now: (title, first question that applies, "3 of 4 answered").
    jumps: tuple[tuple[str, str, str], ...] = ()
    #: For the name and details: (k, n), "detail k of n" among those this session asks.
    detail: tuple[int, int] | None = None
    #: The note written beside the answer, if any.
    note: str | None = None
    #: The least ``total`` can turn out to be (``total`` itself once nothing is undecided).
    least: int = 0
    #: Counted questions answered so far, for the share done.
    done: int = 0
