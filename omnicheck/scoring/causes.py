"""Which changed answers moved a check across its threshold: the diff's *because*.

Two assessments of one business scored with one rubric differ only in their
answers, so a band, gate or alternative that was met and is lost (or the
other way round) was moved by some of them. This names them, exactly and
without guessing: a changed answer is a cause of a check's move when

- changing it alone, from the earlier answers, or undoing it alone, from the
  later ones, moves the figure the check reads towards the side the check went
  (down for a lost "at least" gate, up for one now met), and
- neither of the two moves that figure the other way.

Both tests are re-scores of the answers with that one answer swapped, the
same scoring every report uses. Two are needed because answers act together:
a pair of channels linked through the customer record needs both of them to
sync, so when both stop syncing, either change alone from the earlier answers
unlinks the pair, and when both start, undoing either alone from the later
ones unlinks it again. An answer that moves the figure one way in one context
and the other way in the other (an n/a that takes a high or a low answer out of
a mean) is left out.

A figure that is not scored (``None``) is furthest from every threshold: a
check never holds on it.

Pure, and ids only: the reports word the causes.
"""

from __future__ import annotations

from collections.abc import Mapping

from omnicheck.rubric.compiled import CompiledRubric
from omnicheck.rubric.conditions import AnswerValue, NotApplicable
from omnicheck.scoring.dimensions import integration_index, metrics, score_sheet
from omnicheck.scoring.links import link_figures

Answers = Mapping[str, AnswerValue]
Figures = Mapping[str, float | None]

#: The operators under which a larger figure is nearer to holding.
_RISING = frozenset({"at_least", "above"})
#: Closer than this, two figures are the same: sums of the same terms in another order.
_EPSILON = 1e-9


def same_answer(a: AnswerValue | None, b: AnswerValue | None) -> bool:
    """Whether two answers to one question are the same answer: an n/a whose reason
    changed is still n/a, and a multiple choice is the same set in any order."""
    if isinstance(a, NotApplicable) and isinstance(b, NotApplicable):
        return True
    if isinstance(a, tuple) and isinstance(b, tuple):
        return set(a) == set(b)
    return a == b


def changed_questions(rubric: CompiledRubric, before: Answers, after: Answers) -> list[str]:
    """The ids of the rubric's questions whose answer changed, in asking order."""
    return [
        q.id
        for q in rubric.questions
        if (q.id in before or q.id in after) and not same_answer(before.get(q.id), after.get(q.id))
    ]


def figures(rubric: CompiledRubric, answers: Answers) -> dict[str, float | None]:
    """Every metric a check may read, scored from ``answers`` as an assessment scores them."""
    links = link_figures(rubric, answers)
    _, scores, cover = score_sheet(rubric, answers, links)
    index = integration_index(rubric, scores)
    count = len(links.channels) if links is not None else 0
    return metrics(rubric, index, scores, links, cover, count)


def towards(op: str, was: float | None, now: float | None) -> int:
    """+1 when ``now`` is nearer than ``was`` to holding a test of ``op``, -1 when further,
    0 when the same."""
    if was is None or now is None:
        return 0 if was is None and now is None else 1 if was is None else -1
    delta = now - was if op in _RISING else was - now
    return 0 if abs(delta) <= _EPSILON else 1 if delta > 0 else -1


class Causes:
    """The causes of the checks' moves between two sets of answers under one rubric.

    Each changed answer is re-scored twice (alone from ``before``, undone alone from
    ``after``), once whatever the checks it explains, and only when first asked.
    """

    def __init__(
        self,
        rubric: CompiledRubric,
        before: Answers,
        after: Answers,
        known: tuple[Figures, Figures] | None = None,
    ) -> None:
        """``known``: the figures of ``before`` and ``after``, when the caller has them."""
        self.rubric, self.before, self.after = rubric, before, after
        self.changed = changed_questions(rubric, before, after)
        self._base = known
        self._swapped: dict[str, tuple[Figures, Figures]] = {}

    def of(self, metric: str, op: str, met: bool) -> tuple[str, ...]:
        """The changed questions that moved the figure ``metric`` across a test of ``op``,
        towards holding when the check is ``met`` now, away from it when it is lost."""
        if not self.changed:
            return ()
        base_before, base_after = self._figures()
        way = 1 if met else -1
        causes = []
        for qid in self.changed:
            alone, undone = self._moved(qid)
            moves = {
                towards(op, base_before.get(metric), alone.get(metric)),
                towards(op, undone.get(metric), base_after.get(metric)),
            }
            if way in moves and -way not in moves:
                causes.append(qid)
        return tuple(causes)

    def _figures(self) -> tuple[Figures, Figures]:
        if self._base is None:
            self._base = (figures(self.rubric, self.before), figures(self.rubric, self.after))
        return self._base

    def _moved(self, qid: str) -> tuple[Figures, Figures]:
        """The figures with ``qid`` changed alone from before, and undone alone from after."""
        known = self._swapped.get(qid)
        if known is None:
            alone = _with(self.before, qid, self.after.get(qid))
            undone = _with(self.after, qid, self.before.get(qid))
            known = self._swapped[qid] = (
                figures(self.rubric, alone),
                figures(self.rubric, undone),
            )
        return known


def _with(answers: Answers, qid: str, value: AnswerValue | None) -> dict[str, AnswerValue]:
    """``answers`` with ``qid`` answered ``value`` (left unanswered for None)."""
    out = {k: v for k, v in answers.items() if k != qid}
    if value is not None:
        out[qid] = value
    return out
