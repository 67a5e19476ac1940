"""A step's re-score, the parts that read the whole rubric: the index, and when the level
needs testing.

A plan re-scores after every step (see :meth:`omnicheck.scoring.plan_state.State.apply`)
and a raise moves one dimension. The index is then added up again exactly as
:func:`omnicheck.scoring.dimensions.integration_index` adds it, from a table of
the dimensions' weights; :func:`rose` says when the level need be tested only
above the one reached (``reached_rank``'s ``start``): nothing fell and the
rubric's levels only ask for figures at least (or above) a value.
``tests/test_plan.py`` holds every state to a re-score from scratch.
"""

from __future__ import annotations

from collections.abc import Mapping

from omnicheck.rubric.compiled import CompiledRubric


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
