"""The smallest reach-target steps by effort: branch and bound over each answer's raise.

The greedy search (:mod:`omnicheck.scoring.plan_search`) gives a set of
steps that reaches the target, and its effort: the bound to beat. This
search then decides, answer by answer, how far (if at all) each answer that
moves an unmet requirement is raised, re-scoring each choice exactly, and
hand-offs last. A branch is dropped as soon as its effort plus a lower
bound on what the rest must still spend is not below the best set found.

The lower bound is :mod:`omnicheck.scoring.plan_bound`'s. The raises of one
answer are first judged on its dimension gates, hub coverage and index tables
from what they add (:class:`_Gates`), a margin below the bound's own figures;
those that pass are judged on their projected figures (:meth:`State.moves`): a
step ruled out there is not re-scored, and one let through is re-scored
without the bound worked out again. Each set of choices is a distinct path, so
no state is re-scored twice.

Most of a search's work is on the paths to the sets it finds: there each
answer has each of its raises judged, however strong the bound, so a stronger
one only trims the branches beside them. The cap counts every raise judged,
ruled out or not, so a bound that rules out more would not change which set a
capped search ends with, but one that skipped raises without judging them would.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Final, Literal, NamedTuple

from omnicheck.scoring.plan_bound import LINKING, UP, Figures, Hubs, LowerBound, Needs, Records
from omnicheck.scoring.plan_requirements import (
    Requirement,
    compiled,
    regap,
    requirements_up_to,
)
from omnicheck.scoring.plan_state import State
from omnicheck.scoring.plan_steps import Candidate, candidates, handoffs

#: States one business's search may work out (ruled out by the gates, ruled out on their
#: projected figures, or re-scored) before it settles for the best set found (the plan
#: then says so: see :data:`CAPPED`). The gates count as the projection they stand for,
#: so the cap ends a search where it ended before they did the work for less.
NODE_CAP = 300
#: Plan search outcomes (ids, worded by the templates).
SMALLEST: Final = "smallest"
CAPPED: Final = "capped"
#: How a reach-target search ended; :data:`omnicheck.scoring.plan_search.UNREACHED` is the third.
SearchEnd = Literal["smallest", "capped", "unreached"]
_EPSILON = 1e-9
#: How far below the bound's own figures :class:`_Gates` keeps its figures: far wider
#: than the rounding of sums added in another order, for scores of 0 to 100 and
#: efforts of a few points each (a rubric's are single digits).
_MARGIN = 1e-7
#: The metrics a hand-off can move.
HANDOFF_METRICS = frozenset({"linked_pairs", "link_density", "stages_linked"})


class Found(NamedTuple):
    """The smallest set found, the state with it applied, and whether the cap stopped
    the search before it could prove no set is smaller."""

    steps: tuple[Candidate, ...]
    state: State
    capped: bool


class _Projected:
    """A state's figures with one raise or record link projected (:meth:`State.moves`), not
    re-scored: enough for the bound to drop a branch before the step is re-scored."""

    __slots__ = ("links", "metrics", "moved", "shortfalls", "state")

    def __init__(self, state: State, step: Candidate, links: Records | Hubs | None) -> None:
        self.state = state
        self.links = links
        self.shortfalls: tuple[tuple[Requirement, ...], list[float]] | None = None
        self.moved = state.moves(step)
        values = dict(state.metrics)
        values.update(self.moved)
        self.metrics = values

    def gaps(self, reqs: tuple[Requirement, ...]) -> list[float]:
        """:meth:`State.gaps`, from the state's: only those that read a moved figure differ."""
        kept = self.shortfalls
        if kept is not None and kept[0] is reqs:
            return kept[1]
        state = self.state
        gaps = regap(state.gaps(reqs), compiled(state.rubric, reqs), self.moved, self.metrics)
        self.shortfalls = (reqs, gaps)
        return gaps


class _Gates:
    """The bound's verdict on each raise of one answer before the raise's figures are
    projected, from what is worked out once for all of them.

    A raise moves its own dimension's score and the index, and a record link
    the hub count too; the other dimensions' scores stay as they are. So the
    other dimensions' least efforts are the same after it, its own follows
    from what it adds, hub coverage from the counts, and the index tables'
    test (which only gets stronger as the needs grow) from the index's need
    less what the raise adds. Each figure is kept :data:`_MARGIN` below the
    projected bound's own, so a raise ruled out here is one that bound rules
    out too, and the search visits the same states.
    """

    __slots__ = (
        "counts",
        "dim",
        "dim_need",
        "hub_ways",
        "index_need",
        "need",
        "next",
        "record_term",
        "rest",
        "search",
        "state",
    )

    def __init__(self, search: _Search, state: State, i: int, needs: Needs) -> None:
        self.search, self.state = search, state
        self.dim = dim = search.ups[i][0].dimension
        self.next = i + 1
        self.need = needs.dim_need.get(dim, 0.0)
        self.dim_need, self.index_need = needs.dim_need, needs.index_need
        # The other dimensions' questions from the i-th on are those after it: the i-th is
        # this dimension's.
        terms = [(d, search._whole(d, n, i)) for d, n in needs.dim_need.items() if d != dim]
        self.rest = sum([t for _, t in terms])
        self.record_term = next((t for d, t in terms if d == search.record_dim), 0.0)
        self.hub_ways: list[tuple[str, float]] = []
        self.counts = Hubs(0, 0)
        links = state.links
        if links is not None and state.metrics.get("hub_coverage") is not None:
            self.hub_ways = [
                (op, threshold)
                for _, metric, op, threshold in needs.linked
                if metric == "hub_coverage" and op in UP
            ]
            self.counts = Hubs(*search._hub_counts(links))  # as a raise leaves them

    def rule_out(self, step: Candidate, cost: float) -> bool:
        """Whether the bound would drop the branch that takes ``step`` for ``cost`` in all."""
        search, state, dim = self.search, self.state, self.dim
        points = state.step_points(step) if step.kind == "record" else step.points
        moved = state.projected(dim, points)
        need = self.need
        if moved is not None:
            need -= moved[0] - (state.scores.get(dim) or 0.0)
        need -= _MARGIN
        own = search._whole(dim, need, self.next) if self.need > 0 else 0.0
        least = self.rest + own
        hub = 0.0
        if self.hub_ways and least < math.inf:
            counts = self.counts
            if step.kind == "record":
                assert state.links is not None
                counts = search.hubs_after(state.links, step.channel or "", step.to_score)
            hub = max([search.hub_need(counts, t, op, self.next) for op, t in self.hub_ways])
            record = own if dim == search.record_dim else self.record_term
            if hub > record:  # the record links meet the record's gate and the hubs together
                least += hub - record
        least -= _MARGIN
        if search.integral and least < math.inf:
            least = math.ceil(least - 1e-6)
        if cost + least >= search.best_cost - _EPSILON:
            return True
        if search.index_tables is None or self.next >= len(search.order):
            return False
        index_need = self.index_need
        if moved is not None and moved[1] is not None and state.index is not None:
            index_need -= moved[1] - state.index
        after = search.ups[self.next][0].dimension
        if after != dim:
            need = self.dim_need.get(after, 0.0)
        # The record's questions are decided first, so the next answer is the record's only
        # when this one is too: then the hub need is the one just worked out.
        if after != search.record_dim:
            hub = 0.0
        return search.index_short(index_need - _MARGIN, need, hub, self.next, cost)


def smallest(start: State, target_rank: int, greedy: Sequence[Candidate]) -> Found | None:
    """A set of steps from ``start`` that reaches ``target_rank`` for less effort than
    ``greedy`` (a set that reaches it), or None when none is cheaper."""
    return _Search(start, target_rank, greedy).run()


class _Search(LowerBound):
    def __init__(self, start: State, target_rank: int, greedy: Sequence[Candidate]) -> None:
        self.start, self.target = start, target_rank
        rubric = start.rubric
        self.best_cost = sum(c.effort_points for c in greedy)
        self.best: tuple[tuple[Candidate, ...], State] | None = None
        self.nodes = 0
        self.capped = False
        self.index_tables: list[tuple[list[float], int]] | None = None
        self.last_unmet: tuple[Figures, list[Requirement]] | None = None
        self.last_needs: tuple[Figures, Needs] | None = None
        self.last_hubs: tuple[Records, int, int] | None = None
        self.reqs = requirements_up_to(rubric, start.rank, target_rank)
        read = {way[1] for req in self._unmet(start) for way in req}
        self.linking = bool(read & HANDOFF_METRICS)
        links = rubric.links
        self.record_dim = links.record_dimension if links is not None else ""
        self.handoff_cost = (
            rubric.efforts[
                links.handoff_effort or max(rubric.efforts, key=rubric.efforts.__getitem__)
            ]
            if links is not None and self.linking
            else math.inf
        )
        self.integral = all(float(v).is_integer() for v in rubric.efforts.values())
        # The answers worth deciding: those whose raises move a figure an unmet
        # requirement reads, cheapest first within asking order.
        ups: dict[str, list[Candidate]] = {}
        worth: dict[tuple[str, bool], bool] = {}  # by (dimension, record link?)
        for c in candidates(start, handoffs=False):
            sort = (c.dimension, c.kind == "record")
            moves_read = worth.get(sort)
            if moves_read is None:
                moves = {"index", "dimension." + c.dimension}
                if sort[1]:
                    moves |= LINKING
                moves_read = worth[sort] = bool(moves & read)
            if moves_read:
                ups.setdefault(c.question, []).append(c)
        # Dimension by dimension, so that a dimension's gate is settled once its last
        # answer is decided: the record links' dimension first, its record links first
        # (hub coverage is settled soonest), then rubric order; asking order inside.
        dims = {d.id: k for k, d in enumerate(rubric.dimensions)}
        if links is not None:
            dims[links.record_dimension] = -1

        def place(q: str) -> tuple[int, bool]:
            c = ups[q][0]
            return dims.get(c.dimension, len(dims)), c.kind != "record"

        self.order = sorted(ups, key=place)
        self.ups = [ups[q] for q in self.order]
        # Record links of channels at the same option, in no hand-off, are alike: each
        # is raised no further than the one before it, so no set is tried twice.
        handed = set()
        if start.links is not None:
            handed = {c for s, t, _ in start.links.handoffs for c in (s, t)}
        self.twin = [-1] * len(self.order)
        last: dict[str, int] = {}
        for position, ups_q in enumerate(self.ups):
            c = ups_q[0]
            if c.kind == "record" and c.channel not in handed:
                key = c.from_option or ""
                self.twin[position] = last.get(key, -1)
                last[key] = position
        #: Per position on the path being tried: the score its answer is raised to.
        self.picked = [-1] * len(self.order)
        self._items()

    def run(self) -> Found | None:
        if self.bound(self.start, 0) >= self.best_cost - _EPSILON:
            return None  # the greedy set is the smallest
        self.index_tables = self._index_tables() if self.integral else None
        self.visit(0, self.start, 0.0, (), False)
        if self.best is None:
            return Found((), self.start, True) if self.capped else None
        return Found(self.best[0], self.best[1], self.capped)

    def visit(
        self, i: int, state: State, cost: float, chosen: tuple[Candidate, ...], checked: bool
    ) -> None:
        """Decide the answers from the ``i``-th on, from ``state`` (which does not reach
        the target), having spent ``cost`` on ``chosen``; ``checked``: the bounds held on
        the last step's projected figures, so they are not worked out again."""
        if self.capped:
            return
        if not checked:
            if cost + self.bound(state, i) >= self.best_cost - _EPSILON:
                return
            if self.index_tables is not None and self._index_short(state, i, cost):
                return
        if i == len(self.order):
            self._handoffs(state, cost, chosen)
            return
        twin = self.twin[i]
        most = self.picked[twin] if twin >= 0 else math.inf
        self.picked[i] = -1
        # Taken before the branch that leaves this answer as it is replaces the kept needs.
        needs = self._needs(state)
        self.visit(i + 1, state, cost, chosen, False)
        gates = (
            _Gates(self, state, i, needs)
            if needs.dim_need or needs.linked or needs.index_need > 0
            else None
        )
        for c in self.ups[i]:  # nearest first, so each dearer than the one before
            if cost + c.effort_points >= self.best_cost - _EPSILON or c.to_score > most:
                break
            self.nodes += 1  # a state worked out: ruled out by the gates, projected, or re-scored
            if self.nodes > NODE_CAP:
                self.capped = True
                return
            if gates is not None and gates.rule_out(c, cost + c.effort_points):
                continue  # as the projected figures' bound would, without working them out
            verdict = self._projected(state, c, i + 1, cost + c.effort_points)
            if verdict is None:
                continue  # a further raise of it moves more: it may still be worth trying
            after = state.copy()
            after.apply(c)
            taken = (*chosen, c)
            if after.rank >= self.target and self._orderable(taken):
                self._found(taken, after, cost + c.effort_points)
                break  # a further raise of this answer only costs more
            self.picked[i] = c.to_score
            self.visit(i + 1, after, cost + c.effort_points, taken, verdict)
        self.picked[i] = -1

    def _projected(self, state: State, step: Candidate, i: int, cost: float) -> bool | None:
        """The bounds of the branch that takes ``step``, judged on its projected figures
        (the bound has a margin far wider than a projection's rounding): None when they
        drop it, True when they hold, False when the step may reach the target (then it
        is re-scored, and the bounds with it)."""
        links: Records | Hubs | None = state.links
        if step.kind == "record" and state.links is not None:
            links = self.hubs_after(state.links, step.channel or "", step.to_score)
        view = _Projected(state, step, links)
        if not self._unmet(view):
            return False
        if cost + self.bound(view, i) >= self.best_cost - _EPSILON:
            return None
        if self.index_tables is not None and self._index_short(view, i, cost):
            return None
        return True

    def _handoffs(self, state: State, cost: float, chosen: tuple[Candidate, ...]) -> None:
        """Hand-offs, once every answer is decided: each one for a stage not linked yet
        while there is one, which links a new pair too whenever one is left, so
        no other choice of as many hand-offs meets more."""
        if not self.linking:
            return
        while cost + self.handoff_cost < self.best_cost - _EPSILON:
            pool = handoffs(state)
            if not pool:
                return
            assert state.links is not None
            linked = set(state.links.stages_linked)
            step = next((c for c in pool if c.stage not in linked), pool[0])
            self.nodes += 1
            if self.nodes > NODE_CAP:
                self.capped = True
                return
            state = state.copy()
            state.apply(step)
            cost += step.effort_points
            chosen = (*chosen, step)
            if state.rank >= self.target and self._orderable(chosen):
                self._found(chosen, state, cost)
                return

    def _found(self, steps: tuple[Candidate, ...], state: State, cost: float) -> None:
        self.best, self.best_cost = (steps, state), cost

    def _orderable(self, steps: Iterable[Candidate]) -> bool:
        """Whether the steps can be taken in an order that meets each one's prerequisite,
        the plan's order: by phase, each as soon as its prerequisite holds."""
        prerequisites = self.start.prerequisites
        pending = sorted(steps, key=lambda c: (c.phase, c.order, c.to_option))
        if not any(c.question in prerequisites for c in pending):
            return True
        state = self.start.copy()
        while pending:
            index = next((k for k, c in enumerate(pending) if state.allows(c)), None)
            if index is None:
                return False
            state.apply(pending.pop(index))
        return True
