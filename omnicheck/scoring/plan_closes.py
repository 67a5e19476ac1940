"""What each step would close of a level's shortfall, from one state: the greedy search's
innermost loop (see :meth:`omnicheck.scoring.plan_state.State.closes`).

The search asks, after every step it takes, how much of the requirements'
shortfall each candidate closes. A raise moves two figures, its dimension's
score and the index, both linearly (see :meth:`State.projected`), so what
it closes needs only those two floats, tested against the requirements that
read them (``raise_reach``) and still fall short, without building the
moves. Each way's shortfall is :func:`~omnicheck.scoring.plan_requirements.way_gap`,
the formula the other searches use, so every figure is the same.
"""

from __future__ import annotations

from collections.abc import Mapping

from omnicheck.scoring.dimensions import POINTS_PER_STEP
from omnicheck.scoring.plan_requirements import Compiled, RaiseWays, Requirement, way_gap


def projection(
    scores: Mapping[str, float | None],
    weights: Mapping[str, float],
    index: float | None,
    dimension_weight: Mapping[str, float],
    index_weight: float,
    dim: str,
    points: float,
) -> tuple[float, float | None] | None:
    """(dimension score, index) once ``points`` weighted points are added to ``dim``, None
    when the dimension is not scored (see :meth:`State.projected`, which reads it)."""
    score = scores.get(dim)
    weight = weights.get(dim)
    if score is None or not weight:
        return None
    new = score + POINTS_PER_STEP * points / weight
    if index is None:
        return new, None
    share = dimension_weight[dim] / index_weight
    return new, index + share * (new - score)


class Closing:
    """What a state's steps close of one tuple of requirements, kept until a step is
    applied: by raise (dimension, points), or by :meth:`State.moves` dict.

    It holds the state's figures, not the state: a step gives the state new
    ones (and a new :class:`Closing`), and a copy shares these.
    """

    __slots__ = (
        "closed",
        "dimension_weight",
        "gaps",
        "index",
        "index_weight",
        "reach",
        "reqs",
        "scores",
        "table",
        "unmet_metrics",
        "weights",
    )

    def __init__(
        self,
        reqs: tuple[Requirement, ...],
        gaps: list[float],
        table: Compiled,
        reach: Mapping[str, RaiseWays],
        figures: tuple[
            Mapping[str, float | None], Mapping[str, float], float | None, Mapping[str, float]
        ],
        index_weight: float,
    ) -> None:
        """``figures``: the state's (scores, weights, index, dimension weights)."""
        self.reqs, self.gaps, self.table, self.reach = reqs, gaps, table, reach
        self.scores, self.weights, self.index, self.dimension_weight = figures
        self.index_weight = index_weight
        self.closed: dict[object, float] = {}
        self.unmet_metrics: frozenset[str] | None = None

    def unmet(self) -> frozenset[str]:
        """The metrics the unmet requirements read: a record link or hand-off that moves
        none of them closes nothing. Raises never ask."""
        if self.unmet_metrics is None:
            self.unmet_metrics = frozenset(
                way[0]
                for ways, gap in zip(self.table, self.gaps, strict=True)
                if gap > 0
                for way in ways
            )
        return self.unmet_metrics

    def raise_closes(self, dim: str, points: float) -> float:
        """What a raise adding ``points`` weighted points to ``dim`` closes: its
        :func:`projection`, then :meth:`progress`'s operations on the two figures it moves."""
        moved = projection(
            self.scores, self.weights, self.index, self.dimension_weight, self.index_weight, dim,
            points,
        )  # fmt: skip
        if moved is None:
            return 0.0  # moves() moves nothing
        new, new_index = moved
        gaps = self.gaps
        closed = 0.0
        for position, ways in self.reach.get(dim, ()):
            gap = gaps[position]
            if gap <= 0.0:
                continue
            best = gap
            for reads_index, test, threshold, scale in ways:
                if reads_index:
                    if new_index is None:
                        continue  # moves() leaves the index out
                    best = min(best, way_gap(new_index, test, threshold, scale))
                else:
                    best = min(best, way_gap(new, test, threshold, scale))
            closed += gap - best
        return closed

    def progress(self, changed: Mapping[str, float | None]) -> float:
        """How much of the shortfall ``changed`` closes: :func:`shortfall`'s operations in the
        same order, over those that fall short (the others close nothing)."""
        closed = 0.0
        for ways, gap in zip(self.table, self.gaps, strict=True):
            if gap <= 0.0:
                continue
            best = gap
            for metric, test, threshold, scale in ways:
                if metric in changed:
                    best = min(best, way_gap(changed[metric], test, threshold, scale))
            closed += gap - best
        return closed
