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
from collections.abc import Mapping
from typing import NamedTuple, Protocol

from omnicheck.rubric.conditions import COMPARISONS
from omnicheck.scoring.links import HUB, RELINKED_METRICS
from omnicheck.scoring.plan_knapsack import Knapsacks
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


class Hubs(NamedTuple):
    """A projected state's record levels, counted: those answered, and those at the hub
    level (all the bound reads of them)."""

    answered: int
    hubs: int


class Figures(Protocol):
    """What the bound reads of a state: its metrics, links and shortfalls."""

    @property
    def metrics(self) -> Mapping[str, float | None]: ...

    @property
    def links(self) -> Records | Hubs | None: ...

    def gaps(self, reqs: tuple[Requirement, ...]) -> list[float]: ...


class Needs(NamedTuple):
    """What a state lacks, for the bound: the index's and each dimension's shortfall from
    their single-way thresholds, the other single ways unmet, and the unmet
    requirements with several ways."""

    index_need: float
    dim_need: dict[str, float]
    linked: tuple[Check, ...]
    either: tuple[Requirement, ...]


class LowerBound(Knapsacks):
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

    def _index_short(self, state: Figures, i: int, cost: float) -> bool:
        """Whether no whole-effort choice of the answers left meets the index and the
        dimension gates for less than the best set found."""
        if self.index_tables is None or i >= len(self.order):
            return False
        index_need, dim_need, _, _ = self._needs(state)
        if index_need <= 0:
            return False
        dim = self.ups[i][0].dimension
        hub = self._hub_need(state, i) if dim == self.record_dim else 0.0
        return self.index_short(index_need, dim_need.get(dim, 0.0), hub, i, cost)

    def index_short(self, index_need: float, need: float, hub: float, i: int, cost: float) -> bool:
        """:meth:`_index_short` from the index's need, the need of the ``i``-th answer's
        dimension, and what hub coverage needs of the record links left (0 outside the
        record's dimension): less of any of them gives no more reason to drop a branch."""
        tables = self.index_tables
        if tables is None or i >= len(self.order) or index_need <= 0:
            return False
        dim = self.ups[i][0].dimension
        after, beyond = tables[self.dim_place[dim]]
        positions = self.positions[dim]
        row = self.tables[dim][bisect.bisect_left(positions, i)]
        low = bisect.bisect_left(row, need - 1e-9)
        if low >= len(row):
            return True
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

    def _hub_counts(self, links: Records | Hubs) -> tuple[int, int]:
        if isinstance(links, Hubs):
            return links
        kept = self.last_hubs
        if kept is None or kept[0] is not links:  # the same links until a record link moves
            levels = [lv for lv in links.record.values() if lv is not None]
            kept = self.last_hubs = (links, len(levels), sum(lv >= HUB for lv in levels))
        return kept[1], kept[2]

    def hubs_after(self, links: Records, channel: str, level: int) -> Hubs:
        """The record levels counted once ``channel``'s is raised to ``level``."""
        answered, hubs = self._hub_counts(links)
        before = links.record.get(channel)
        was_hub = before is not None and before >= HUB
        return Hubs(answered + (before is None), hubs - was_hub + (level >= HUB))

    def _hub(self, state: Figures, threshold: float, op: str, i: int) -> float:
        links = state.links
        assert links is not None
        return self.hub_need(Hubs(*self._hub_counts(links)), threshold, op, i)

    def hub_need(self, counts: Hubs, threshold: float, op: str, i: int) -> float:
        """The least the record links from the ``i``-th on must spend for the share of
        channels at the hub level to meet ``threshold``, from these counts."""
        answered, hubs = counts
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
