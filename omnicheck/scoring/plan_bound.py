"""Lower bounds for the smallest-set search: what the answers left must still spend.

The bound relaxes the rubric where that is cheap to work out and never
dearer than a real set of steps: a dimension score and the index move
linearly with points (see :meth:`State.projected`), so whole-effort
knapsacks over each dimension's option steps (exact when every effort is a
whole number, else fractions of steps by points per effort) bound what its
gate needs, and, over the dimensions still to decide, what the index needs
with them; hub coverage needs its count of channels on the shared record,
and any other unmet figure one step at least. Gates of different
dimensions are met by different answers, so their bounds add up.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Mapping, Sequence
from typing import NamedTuple, Protocol

from omnicheck.rubric.conditions import COMPARISONS
from omnicheck.scoring.dimensions import POINTS_PER_STEP
from omnicheck.scoring.links import HUB, RELINKED_METRICS
from omnicheck.scoring.plan_requirements import Check, Requirement
from omnicheck.scoring.plan_state import State
from omnicheck.scoring.plan_steps import Candidate

#: Comparisons a raise can only bring closer to holding.
UP = ("at_least", "above")
#: The link figures a record link moves.
LINKING = frozenset(RELINKED_METRICS)


class Records(Protocol):
    """What the bound reads of a state's links: each channel's record level."""

    @property
    def record(self) -> Mapping[str, int | None]: ...


class Figures(Protocol):
    """What the bound reads of a state: its metrics, links and shortfalls."""

    @property
    def metrics(self) -> Mapping[str, float | None]: ...

    @property
    def links(self) -> Records | None: ...

    def gaps(self, reqs: tuple[Requirement, ...]) -> list[float]: ...


class Needs(NamedTuple):
    """What a state lacks, for the bound: the index's and each dimension's shortfall from
    their single-way thresholds, the other single ways unmet, and the unmet
    requirements with several ways."""

    index_need: float
    dim_need: dict[str, float]
    linked: tuple[Check, ...]
    either: tuple[Requirement, ...]


class _Item(NamedTuple):
    """One option step of an answer, for the bound: what it adds to its dimension's score,
    at what effort, and the position of its question in the search order."""

    ratio: float
    gain: float
    cost: float
    position: int


class LowerBound:
    """The bound's tables for one business's search, and the bound itself; the search
    (:class:`omnicheck.scoring.plan_exact._Search`) sets what it reads."""

    start: State
    reqs: tuple[Requirement, ...]
    order: list[str]
    ups: list[list[Candidate]]
    best_cost: float
    record_dim: str
    handoff_cost: float
    integral: bool
    index_tables: list[tuple[list[float], int]] | None
    last_unmet: tuple[Figures, list[Requirement]] | None
    last_needs: tuple[Figures, Needs] | None
    last_hubs: tuple[Records, int, int] | None

    def _unmet(self, state: Figures) -> list[Requirement]:
        """The requirements ``state`` does not meet; the bound asks three times a node."""
        kept = self.last_unmet
        if kept is not None and kept[0] is state:
            return kept[1]
        gaps = state.gaps(self.reqs)
        unmet = [req for req, gap in zip(self.reqs, gaps, strict=True) if gap > 0]
        self.last_unmet = (state, unmet)
        return unmet

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

    def bound(self, state: Figures, i: int) -> float:
        """A lower bound on the effort the answers from the ``i``-th on (and hand-offs) must
        still spend to meet what ``state`` does not."""
        index_need, dim_need, linked_ways, either = self._needs(state)
        alternatives = [min([self._one(way, state, i) for way in req]) for req in either]
        # Once the exact index tables are made, _index_short is the stronger test.
        together = self._linear(dim_need, index_need, i) if self.index_tables is None else 0.0
        apart = sum([self._whole(d, need, i) for d, need in dim_need.items()])
        if linked_ways:
            linked = [self._one(way, state, i) for way in linked_ways]
            record = self._whole(self.record_dim, dim_need.get(self.record_dim, 0.0), i)
            if record < math.inf:  # the record's gate and the links share their steps
                apart += max(*linked, record) - record
        best = max(together, apart, *alternatives)
        return math.ceil(best - 1e-6) if self.integral and best < math.inf else best

    def _needs(self, state: Figures) -> Needs:
        """What the index and each dimension's score lack of their single-way thresholds,
        and the unmet requirements the bound works out one by one: worked out once per
        state, as they do not depend on which answers are left."""
        kept = self.last_needs
        if kept is not None and kept[0] is state:
            return kept[1]
        index_need, dim_need = 0.0, dict[str, float]()
        linked: list[Check] = []
        either: list[Requirement] = []
        for req in self._unmet(state):
            if len(req) > 1:
                either.append(req)
                continue
            way = req[0]
            _, metric, op, threshold = way
            value = state.metrics.get(metric)
            if op not in UP or value is None:
                linked.append(way)
            elif metric == "index":
                index_need = max(index_need, threshold - value)
            elif metric.startswith("dimension."):
                dim = metric[len("dimension.") :]
                dim_need[dim] = max(dim_need.get(dim, 0.0), threshold - value)
            else:
                linked.append(way)
        needs = Needs(index_need, dim_need, tuple(linked), tuple(either))
        self.last_needs = (state, needs)
        return needs

    def _index_tables(self) -> list[tuple[list[float], int]] | None:
        """For the dimensions in search order: the most the dimensions after each add to
        the index for each whole effort beyond their gates' least (and that least).

        The dimensions after the one being decided are untouched, so their tables
        hold at every node; a whole-effort knapsack over them, exact where the
        fractional bound is not.
        """
        index_need, dim_need, _, _ = self._needs(self.start)
        if index_need <= 0 or self.start.index is None:
            return None
        dims = list(self.positions)
        least = {d: self._whole(d, dim_need.get(d, 0.0), 0) for d in dims}
        if self.record_dim in least:  # its record links must meet hub coverage too
            least[self.record_dim] = max(least[self.record_dim], self._hub_need(self.start, 0))
        if any(v == math.inf for v in least.values()):
            return None
        # A decided dimension has spent at least its gate's least, and the one being
        # decided will have: no node has more to spend beyond the leasts than this.
        slack = int(self.best_cost - 1e-6) - int(sum(least.values()))
        if slack < 0:
            return None
        out: list[tuple[list[float], int]] = []
        after: list[float] = [0.0] * (slack + 1)
        beyond = 0
        for d in reversed(dims):
            out.append((after, beyond))
            row = self.tables[d][0] if d in self.tables else self._table_of(d)
            share, low = self.share.get(d, 0.0), int(least[d])
            gains = [share * row[min(low + e, len(row) - 1)] for e in range(slack + 1)]
            # Past where the row stops growing, each gain is the same float, and
            # spending more on this dimension leaves less for the rest: those add no more.
            flat = len(row) - 1
            while flat > 0 and row[flat - 1] == row[-1]:
                flat -= 1
            most = max(0, flat - low)
            merged = [
                max([gains[e] + after[s - e] for e in range(min(s, most) + 1)])
                for s in range(slack + 1)
            ]
            after, beyond = merged, beyond + low
        out.reverse()
        return out

    def _table_of(self, dim: str) -> list[float]:
        self.tables[dim] = self._tables(self.positions[dim])
        return self.tables[dim][0]

    def _index_short(self, state: Figures, i: int, cost: float) -> bool:
        """Whether no whole-effort choice of the answers left meets the index and the
        dimension gates for less than the best set found."""
        tables = self.index_tables
        if tables is None or i >= len(self.order):
            return False
        index_need, dim_need, _, _ = self._needs(state)
        if index_need <= 0:
            return False
        dim = self.ups[i][0].dimension
        after, beyond = tables[self.dim_place[dim]]
        positions = self.positions[dim]
        row = self.tables[dim][bisect.bisect_left(positions, i)]
        low = bisect.bisect_left(row, dim_need.get(dim, 0.0) - 1e-9)
        if low >= len(row):
            return True
        if dim == self.record_dim:
            hub = self._hub_need(state, i)
            if hub == math.inf:
                return True
            low = max(low, int(hub))
        slack = int(self.best_cost - 1e-6) - int(cost) - low - beyond
        if slack < 0:
            return True
        if slack >= len(after):
            return False  # more to spend than the tables were made for: no verdict
        share = self.share.get(dim, 0.0)
        last = len(row) - 1
        most = max([share * row[min(low + e, last)] + after[slack - e] for e in range(slack + 1)])
        return most < index_need - 1e-9

    def _one(self, way: tuple[str, str, str, float], state: Figures, i: int) -> float:
        """A lower bound for one way of a requirement on its own."""
        _, metric, op, threshold = way
        value = state.metrics.get(metric)
        if op not in UP or value is None:
            return 0.0
        if metric == "index":
            return self._linear({}, threshold - value, i)
        if metric.startswith("dimension."):
            return self._whole(metric[len("dimension.") :], threshold - value, i)
        if metric == "hub_coverage" and state.links is not None:
            return self._hub(state, threshold, op, i)
        if metric in LINKING:
            cheapest = next((cost for cost, pos in self.cheapest if pos >= i), math.inf)
            return min(cheapest, self.handoff_cost)
        return 0.0  # a figure no step moves, or one this bound does not model

    def _hub_need(self, state: Figures, i: int) -> float:
        """The least the record links from the ``i``-th on must spend on unmet hub gates."""
        most = 0.0
        for req in self._unmet(state):
            _, metric, op, threshold = req[0]
            if len(req) == 1 and metric == "hub_coverage" and op in UP and state.links:
                most = max(most, self._hub(state, threshold, op, i))
        return most

    def _hub(self, state: Figures, threshold: float, op: str, i: int) -> float:
        links = state.links
        assert links is not None
        kept = self.last_hubs
        if kept is None or kept[0] is not links:  # the same links until a record link moves
            levels = [lv for lv in links.record.values() if lv is not None]
            kept = self.last_hubs = (links, len(levels), sum(lv >= HUB for lv in levels))
        _, answered, hubs = kept
        if not answered:
            return math.inf
        test = COMPARISONS[op]
        total = 0.0
        for cost, position in self.to_hub:
            if test(100.0 * hubs / answered, threshold):
                return total
            if position >= i:
                hubs += 1
                total += cost
        return total if test(100.0 * hubs / answered, threshold) else math.inf

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
        cost = bisect.bisect_left(row, need - 1e-9)
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
            if item.gain >= need:
                share = need / item.gain
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
        if index_need <= 0:
            return total
        rest.sort(key=lambda r: -r[0])
        for _, gain, cost in rest:
            if gain >= index_need:
                return total + cost * index_need / gain
            index_need -= gain
            total += cost
        return math.inf


def _first_at(ups: Sequence[Candidate], level: int) -> Candidate | None:
    return next((c for c in ups if c.to_score >= level), None)
