"""The diff's changed answers: what went backwards, and what changed unscored.

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
from omnicheck.scoring.target import answer_label

if TYPE_CHECKING:
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
        if _same(was, now) or q.id not in old.rubric.by_id:
            continue
        if _score(old.rubric, q.id, was) is not None and _score(new.rubric, q.id, now) is not None:
            continue  # scored both times: an action done, a decline, or a raise off the roadmap
        rows.append(
            {
                "question": q.id,
                "text": q.short,
                "from": answer_label(old.rubric, q.id, was),
                "to": answer_label(new.rubric, q.id, now),
                "from_answer": _raw(was),
                "to_answer": _raw(now),
                "from_reason": was.reason if isinstance(was, NotApplicable) else None,
                "to_reason": now.reason if isinstance(now, NotApplicable) else None,
            }
        )
    return rows


def _same(a: AnswerValue | None, b: AnswerValue | None) -> bool:
    if isinstance(a, NotApplicable) and isinstance(b, NotApplicable):
        return True  # a changed reason is not a changed answer
    if isinstance(a, tuple) and isinstance(b, tuple):
        return set(a) == set(b)
    return a == b
