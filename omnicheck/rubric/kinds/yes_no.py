"""A continuity check: a choice in a ``checks`` section, passed by its best answer.

It reads, scores and is raised as a choice of one option; what it adds is
whether an answer passes the check, for the report's table of checks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from omnicheck.rubric.kinds.single import Single

if TYPE_CHECKING:
    from omnicheck.rubric.compiled import Question
    from omnicheck.rubric.conditions import AnswerValue


class YesNo(Single):
    name = "yes_no"
    #: A rubric writes ``kind: single`` in a ``checks`` section; the compiler names it so.
    authored = False

    def passed(self, q: Question, value: AnswerValue) -> bool | None:
        """Whether ``value`` is the check's best answer; None for an answer without a score."""
        score = self.score(q, value)
        return None if score is None else score >= max((o.score or 0) for o in q.options)
