"""The diff's changed answers: what went backwards, what changed unscored, and which
moved a gate.

Apart from :mod:`omnicheck.report.diff`, which puts the diff together, as the
answers' part of it: each row carries the rubric's words for the answers and,
where it has none, the answer itself, from which the reports word it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from omnicheck.rubric.compiled import CompiledRubric
from omnicheck.rubric.conditions import AnswerValue, NotApplicable
from omnicheck.rubric.kinds import kind_of
from omnicheck.scoring.assessment import Assessment
from omnicheck.scoring.causes import Causes, same_answer
from omnicheck.scoring.target import answer_label

if TYPE_CHECKING:
    from omnicheck.report.model import Check
    from omnicheck.report.model_diff import AnswerChange, Decline


def _score(rubric: CompiledRubric, qid: str, value: AnswerValue | None) -> int | None:
    q = rubric.by_id.get(qid)
    return None if q is None else kind_of(q).score(q, value)


def _answer(a: Assessment, qid: str) -> AnswerValue | None:
    return a.answers.answers.get(qid)


def label(a: Assessment, qid: str) -> str:
    """The words of an answer that scores (or lists a hand-off), which always has some."""
    return answer_label(a.rubric, qid, _answer(a, qid)) or ""


def _raw(value: AnswerValue | None) -> str | list[str] | None:
    """An answer as the report's answers give it: an option id, ids, text, or ``n/a``."""
    if isinstance(value, NotApplicable):
        return "n/a"
    return list(value) if isinstance(value, tuple) else value


def declines(old: Assessment, new: Assessment) -> list[Decline]:
    """Scored answers that went down: what went backwards."""
    rows: list[Decline] = []
    for qid, value in old.answers.answers.items():
        was = _score(old.rubric, qid, value)
        now = _score(new.rubric, qid, _answer(new, qid))
        if was is None or now is None or now >= was:
            continue
        rows.append(
            {
                "question": qid,
                "text": old.rubric.by_id[qid].short,
                "from": label(old, qid),
                "to": label(new, qid),
                "score_from": was,
                "score_to": now,
            }
        )
    return rows


def other_changes(old: Assessment, new: Assessment) -> list[AnswerChange]:
    """Changed answers that are not scored: goal, budget, channels, hand-offs, n/a."""
    rows: list[AnswerChange] = []
    for q in new.rubric.questions:
        was, now = _answer(old, q.id), _answer(new, q.id)
        if same_answer(was, now) or q.id not in old.rubric.by_id:
            continue
        if _score(old.rubric, q.id, was) is not None and _score(new.rubric, q.id, now) is not None:
            continue  # scored both times: an action done, a decline, or a raise off the roadmap
        rows.append(_answer_change(old, new, q.id))
    return rows


def _answer_change(old: Assessment, new: Assessment, qid: str) -> AnswerChange:
    was, now = _answer(old, qid), _answer(new, qid)
    return {
        "question": qid,
        "text": new.rubric.by_id[qid].short,
        "from": answer_label(old.rubric, qid, was),
        "to": answer_label(new.rubric, qid, now),
        "from_answer": _raw(was),
        "to_answer": _raw(now),
        "from_reason": was.reason if isinstance(was, NotApplicable) else None,
        "to_reason": now.reason if isinstance(now, NotApplicable) else None,
    }


class Because:
    """Each changed check's causes (:mod:`omnicheck.scoring.causes`) as changed answers.

    Only when one rubric scored both assessments: otherwise part of a move may come
    from the rubric itself, and no answer is named rather than one that may not be
    the cause.
    """

    def __init__(self, old: Assessment, new: Assessment) -> None:
        self.old, self.new = old, new
        self.causes: Causes | None = None
        if old.rubric is new.rubric or old.rubric == new.rubric:
            self.causes = Causes(
                new.rubric, old.answers.answers, new.answers.answers, (old.metrics, new.metrics)
            )

    def of(self, check: Check) -> list[AnswerChange]:
        """The changed answers that moved ``check`` to where it is now, in asking order."""
        if self.causes is None:
            return []
        causes = self.causes.of(check["metric"], check["op"], check["met"])
        return [_answer_change(self.old, self.new, qid) for qid in causes]
