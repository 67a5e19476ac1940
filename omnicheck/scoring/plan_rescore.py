"""A step's re-score, the parts that read the whole rubric: the index and the level.

A plan re-scores after every step (see :meth:`omnicheck.scoring.plan_state.State.apply`)
and a raise moves one dimension. The index is then added up again exactly as
:func:`omnicheck.scoring.dimensions.integration_index` adds it, from a table of
the dimensions' weights; the level, when nothing fell and the rubric's levels
only ask for figures at least (or above) a value, is tested only above the one
reached (as :class:`omnicheck.scoring.levels.LevelOutlook` does for the
what-if). ``tests/test_plan.py`` holds every state to a re-score from scratch.
"""

from __future__ import annotations

from collections.abc import Mapping

from omnicheck.rubric.compiled import CompiledRubric
from omnicheck.scoring.plan_requirements import Comparison


def index_terms(rubric: CompiledRubric) -> tuple[tuple[str, float], ...]:
    """(id, weight) of each dimension, in the rubric's order: the index's terms."""
    return tuple((d.id, d.weight) for d in rubric.dimensions)


def weighted_mean(
    terms: tuple[tuple[str, float], ...], scores: Mapping[str, float | None]
) -> float | None:
    """:func:`integration_index`'s additions, in its order, from the dimensions' (id,
    weight) looked up once: the same float (``tests/test_plan.py`` re-scores every step)."""
    total = weight = 0.0
    for dim, share in terms:
        score = scores.get(dim)
        if score is not None:
            total += share * score
            weight += share
    return total / weight if weight else None


def rose(was: float | None, now: float | None, before: float | None, after: float | None) -> bool:
    """Whether a raise moved its dimension's score and the index only up (or not at all)."""
    return (was is None or (now is not None and now >= was)) and (
        before is None or (after is not None and after >= before)
    )


def rank_above(rubric: CompiledRubric, metrics: Mapping[str, float | None], rank: int) -> int:
    """:func:`reached_rank` when no figure fell since ``rank`` was reached and every level
    asks for figures at least (or above) a value: the levels up to ``rank`` still hold,
    so only those above are tested, by :func:`reached_rank`'s own tests."""
    index = metrics.get("index")
    for low, alternatives, gates in rubric.level_tests[rank:]:
        entry = low is None or (index is not None and index >= low)
        if not entry and not any(_passes(check, metrics) for check in alternatives):
            return rank
        for check in gates:
            if not _passes(check, metrics):
                return rank
        rank += 1
    return rank


def _passes(check: tuple[str, Comparison, float], metrics: Mapping[str, float | None]) -> bool:
    metric, test, value = check
    actual = metrics.get(metric)
    return actual is not None and test(actual, value)
