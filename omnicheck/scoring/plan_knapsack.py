"""The bound's knapsacks: what each dimension's answers can add to its score, for what effort.

A dimension score and the index move linearly with points (see
:meth:`State.projected`), so the least effort that adds a need to a score
is a knapsack over the dimension's option steps: exact over whole efforts
(a table per dimension, from each of its questions on), or, when an effort
is not a whole number, fractions of steps by points per effort. The lower
bound (:mod:`omnicheck.scoring.plan_bound`) adds these up.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Sequence
from typing import NamedTuple

from omnicheck.scoring.dimensions import POINTS_PER_STEP
from omnicheck.scoring.links import HUB
from omnicheck.scoring.plan_state import State
from omnicheck.scoring.plan_steps import Candidate

#: What a sum of gains may fall short of the need it meets exactly: the gains and the
#: need are each a float of their own (the whole-effort tables allow the same).
_ROUNDING = 1e-9


class _Item(NamedTuple):
    """One option step of an answer, for the bound: what it adds to its dimension's score,
    at what effort, and the position of its question in the search order."""

    ratio: float
    gain: float
    cost: float
    position: int


class Knapsacks:
    """One business's knapsack tables, for the bound (:class:`LowerBound`), over the answers
    the search decides (``ups``, in its order), up to the effort of the best set found."""

    start: State
    ups: list[list[Candidate]]
    best_cost: float
    integral: bool

    def _items(self) -> None:
        """Each answer's option steps, by dimension, best points per effort first."""
        start = self.start
        by_dim: dict[str, list[_Item]] = {}
        #: per record channel's question position: effort to the hub level.
        self.to_hub: list[tuple[float, int]] = []
        #: Each record link's first step: the cheapest a link figure can move.
        self.cheapest: list[tuple[float, int]] = []
        for position, ups in enumerate(self.ups):
            first = ups[0]  # an answer's raises share its kind and dimension
            record = first.kind == "record"
            if record:
                self.cheapest.append((first.effort_points, position))
                hub = _first_at(ups, HUB)
                if hub is not None and self._record_level(first) < HUB:
                    self.to_hub.append((hub.effort_points, position))
            dim = first.dimension
            weight = start.weights.get(dim)
            scored = start.scores.get(dim) is not None
            before_points, before_cost = 0.0, 0.0
            for c in ups:
                points = start.step_points(c) if record else c.points
                gain = POINTS_PER_STEP * (points - before_points) / weight if weight else 0.0
                cost = c.effort_points - before_cost
                if gain > 0 and scored:
                    ratio = gain / cost if cost else math.inf
                    by_dim.setdefault(dim, []).append(_Item(ratio, gain, cost, position))
                before_points, before_cost = points, c.effort_points
        self.by_dim = {d: sorted(items, key=lambda i: -i.ratio) for d, items in by_dim.items()}
        self.to_hub.sort()
        self.cheapest.sort()
        #: Per dimension: its questions' positions, and the exact tables of what the
        #: questions from each on can add for each whole effort (see _whole), once asked.
        self.positions: dict[str, list[int]] = {}
        for position, ups in enumerate(self.ups):
            self.positions.setdefault(ups[0].dimension, []).append(position)
        self.dim_place = {d: k for k, d in enumerate(self.positions)}
        self.tables: dict[str, list[list[float]]] = {}
        self.share: dict[str, float] = {}
        if start.index is not None:
            for d in self.by_dim:
                self.share[d] = start.dimension_weight[d] / start.index_weight

    def _table_of(self, dim: str) -> list[float]:
        self.tables[dim] = self._tables(self.positions[dim])
        return self.tables[dim][0]

    def _whole(self, dim: str, need: float, i: int) -> float:
        """The least effort the answers from the ``i``-th on can add ``need`` to ``dim``'s
        score for: exact over whole option steps when every effort is a whole number
        (a table per dimension, from each of its questions on, by effort up to the
        greedy set's), else the fractional bound."""
        if need <= 0:
            return 0.0
        if not self.integral:
            return self._dimension(dim, need, i)[0]
        positions = self.positions.get(dim)
        if not positions:
            return math.inf
        tables = self.tables.get(dim)
        if tables is None:
            tables = self.tables[dim] = self._tables(positions)
        row = tables[bisect.bisect_left(positions, i)]
        cost = bisect.bisect_left(row, need - _ROUNDING)
        return float(cost) if cost < len(row) else math.inf

    def _record_level(self, c: Candidate) -> int:
        """The link level a record step starts from, in the business as it stands."""
        assert self.start.links is not None
        return self.start.links.record.get(c.channel or "") or 0

    def _points(self, c: Candidate) -> float:
        """What a step adds to its dimension's points from where the business stands."""
        return self.start.step_points(c) if c.kind == "record" else c.points

    def _tables(self, positions: list[int]) -> list[list[float]]:
        """Per question of a dimension: the most its questions from that one on add to the
        score, for each whole effort up to the greedy set's (and none after the last).

        Past the effort of every one of those questions' dearest raise, a row
        holds one value (every choice of them fits): only the entries before
        it are worked out, the rest repeat it, the same float.
        """
        start = self.start
        top = int(self.best_cost) + 1
        row = [0.0] * top
        tables = [row]
        dearest = 0  # the questions' dearest raises, together
        for position in reversed(positions):
            ups = self.ups[position]
            steps = []
            for c in ups:
                points = self._points(c)
                weight = start.weights.get(c.dimension)
                gain = POINTS_PER_STEP * points / weight if weight else 0.0
                steps.append((int(c.effort_points), gain))
            dearest += max([spend for spend, _ in steps if spend < top], default=0)
            span = min(top, dearest + 1)
            new = row[:span]
            for spend, gain in steps:
                if spend >= span:
                    break
                # row[k - spend] + gain for each k from spend on
                moved = map(gain.__add__, row)
                new[spend:] = [a if a >= b else b for a, b in zip(new[spend:], moved, strict=False)]
            new += [new[-1]] * (top - span)
            row = new
            tables.append(row)
        tables.reverse()
        return tables

    def _dimension(self, dim: str, need: float, i: int) -> tuple[float, int, float]:
        """(effort, items used, share of the last used) of the cheapest fractions of
        option steps that add ``need`` to ``dim``'s score."""
        if need <= 0:
            return 0.0, 0, 0.0
        total = 0.0
        items = self.by_dim.get(dim, ())
        for k, item in enumerate(items):
            if item.position < i:
                continue
            if item.gain >= need - _ROUNDING:
                share = min(need / item.gain, 1.0)
                return total + item.cost * share, k, share
            need -= item.gain
            total += item.cost
        return math.inf, len(items), 0.0

    def _linear(self, dim_need: dict[str, float], index_need: float, i: int) -> float:
        """The cheapest fractions of option steps that meet the dimension needs and, with
        further steps taken by index points per effort, the index need."""
        total, index_need = 0.0, max(index_need, 0.0)
        rest: list[tuple[float, float, float]] = []  # (index ratio, index gain, cost)
        for dim, items in self.by_dim.items():
            cost, used, share = self._dimension(dim, dim_need.get(dim, 0.0), i)
            if cost == math.inf:
                return math.inf
            total += cost
            weight = self.share.get(dim, 0.0)
            index_need -= weight * max(dim_need.get(dim, 0.0), 0.0)
            if index_need <= 0 or not weight:
                continue
            for k in range(used, len(items)):
                item = items[k]
                if item.position < i:
                    continue
                left = 1.0 - share if k == used and share else 1.0
                rest.append((weight * item.ratio, weight * item.gain * left, item.cost * left))
        if any(need > 0 and d not in self.by_dim for d, need in dim_need.items()):
            return math.inf
        if index_need <= _ROUNDING:
            return total
        rest.sort(key=lambda r: -r[0])
        for _, gain, cost in rest:
            if gain >= index_need - _ROUNDING:
                return total + cost * min(index_need / gain, 1.0)
            index_need -= gain
            total += cost
        return math.inf


def _first_at(ups: Sequence[Candidate], level: int) -> Candidate | None:
    return next((c for c in ups if c.to_score >= level), None)
