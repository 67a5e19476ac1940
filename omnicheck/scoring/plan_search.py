"""The plan's search for the reach-target steps: greedy first, then the smallest.

The greedy search takes, again and again, the step that closes most of what
still stops the next level per point of effort, and re-scores; it stops at
the target, or when no step helps. Ties go to the earlier roadmap phase,
then asking order, so the result is deterministic. Its set of steps is then
the bound that :mod:`omnicheck.scoring.plan_exact` searches below for the
smallest set by effort.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Iterator
from typing import Final, NamedTuple

from omnicheck.scoring.plan_exact import CAPPED, HANDOFF_METRICS, SMALLEST, SearchEnd, smallest
from omnicheck.scoring.plan_requirements import Requirement, deficit, requirements
from omnicheck.scoring.plan_state import State
from omnicheck.scoring.plan_steps import Candidate, candidates, handoffs, raises_of

_EPSILON = 1e-9

#: A candidate in the search's heap: its key (-ratio, phase, asking order, score), a
#: tie-breaking sequence number, and the candidate, in one flat tuple (compared as the
#: key, then the number, and cheaper to compare than a tuple holding the key).
_Entry = tuple[float, int, int, int, int, Candidate]


#: How the search ended, when the target cannot be reached: the steps get closest.
UNREACHED: Final = "unreached"


class Reach(NamedTuple):
    """The reach-target steps by (question, hand-off option), what the questions cannot
    meet, the state once the steps are taken, and how the search ended: ``smallest``
    (no set of steps reaches the target for less effort), ``capped`` (the best found
    before the search's cap) or ``unreached``."""

    chosen: dict[tuple[str, str], Candidate]
    missing: tuple[str, ...]
    state: State
    outcome: SearchEnd


def search_reach(search: State, target_rank: int, origin: State | None = None) -> Reach:
    """The smallest set of reach-target steps by effort: the greedy set, unless the exact
    search (:func:`smallest`) finds one that costs less. ``search`` may be changed;
    ``origin``, a copy of it that the caller keeps, is not (the searches only read it)."""
    if search.rank >= target_rank:
        return Reach({}, (), search, SMALLEST)
    if origin is None:
        origin = search.copy()
    chosen, missing = _greedy(search, target_rank)
    if missing or search.rank < target_rank:
        return Reach(chosen, missing, search, UNREACHED)
    found = smallest(origin, target_rank, tuple(chosen.values()))
    if found is None:
        return Reach(chosen, (), search, SMALLEST)
    if not found.steps:
        return Reach(chosen, (), search, CAPPED)
    better = {(c.question, c.to_option if c.kind == "handoff" else ""): c for c in found.steps}
    return Reach(better, (), found.state, CAPPED if found.capped else SMALLEST)


def _greedy(
    search: State, target_rank: int
) -> tuple[dict[tuple[str, str], Candidate], tuple[str, ...]]:
    """The reach-target steps, taken on ``search``: greedy by what each closes of the next
    level's shortfall per point of effort.

    A step's ratio only falls as others close the gaps it would close, so the
    ratios are kept in a heap and only the best is worked out again before it
    is taken (a lazy greedy search); when none is left, every candidate is
    worked out once more before the plan says what is missing.
    """
    rubric = search.rubric
    chosen: dict[tuple[str, str], Candidate] = {}
    heap: list[_Entry] = []
    blocked: list[Candidate] = []
    level = -1
    sequence = iter(range(1 << 62))
    fresh = False
    while search.rank < target_rank:
        if level != search.rank + 1:
            level, fresh = search.rank + 1, True
            reqs = requirements(rubric, level)
            # Hand-offs move only the pair and stage counts: try them only if those count.
            linking = any(way[1] in HANDOFF_METRICS for req in reqs for way in req)
            heap = _scan(search, reqs, candidates(search, handoffs=linking), blocked, sequence)
        step = _pop(search, reqs, heap, blocked, sequence)
        if step is None and not fresh:
            heap = _scan(search, reqs, candidates(search, handoffs=linking), blocked, sequence)
            step = _pop(search, reqs, heap, blocked, sequence)
        if step is None:
            missing = tuple(req[0][0] for req in reqs if deficit((req,), search.metrics) > 0)
            return chosen, missing
        search.apply(step)
        fresh = False
        key = (step.question, step.to_option if step.kind == "handoff" else "")
        earlier = chosen.get(key)
        if earlier is not None:  # raised again: one step from where it started
            step = step._replace(
                from_option=earlier.from_option,
                effort=max(earlier.effort, step.effort, key=rubric.efforts.__getitem__),
                effort_points=earlier.effort_points + step.effort_points,
            )
        chosen[key] = step
        if search.rank + 1 == level:  # new candidates: from the new answer, and hand-offs
            again = list(raises_of(search, step.question))
            if step.kind != "raise" and linking:
                again += handoffs(search)
            again += blocked
            blocked.clear()
            for entry in _scan(search, reqs, again, blocked, sequence):
                heapq.heappush(heap, entry)
    return chosen, ()


def _scan(
    search: State,
    reqs: tuple[Requirement, ...],
    pool: Iterable[Candidate],
    blocked: list[Candidate],
    sequence: Iterator[int],
) -> list[_Entry]:
    """Each candidate that closes some of ``reqs``, as a heap entry; those whose
    prerequisite does not hold yet go to ``blocked``."""
    heap: list[_Entry] = []
    closes, prerequisites = search.closes, search.prerequisites
    for c in pool:
        closed = closes(reqs, c)
        if closed <= _EPSILON:
            continue
        if c.question in prerequisites and not search.allows(c):
            blocked.append(c)
            continue
        ratio = round(closed / c.effort_points if c.effort_points else closed, 9)
        heap.append((-ratio, c.phase, c.order, c.to_score, next(sequence), c))
    heapq.heapify(heap)
    return heap


def _pop(
    search: State,
    reqs: tuple[Requirement, ...],
    heap: list[_Entry],
    blocked: list[Candidate],
    sequence: Iterator[int],
) -> Candidate | None:
    """The best candidate now: the heap's first, once its ratio, worked out again, still
    leads."""
    handoffs = search.links.handoffs if search.links is not None else ()
    answers, prerequisites = search.answers, search.prerequisites
    while heap:
        c = heapq.heappop(heap)[5]
        if c.kind == "handoff":
            if (c.channel, c.other, c.stage) in handoffs:
                continue
        elif answers.get(c.question) != c.from_option:
            continue  # raised since
        closed = search.closes(reqs, c)
        ratio = round(closed / c.effort_points if c.effort_points else closed, 9)
        if ratio <= _EPSILON:
            continue
        if c.question in prerequisites and not search.allows(c):
            blocked.append(c)
            continue
        key = (-ratio, c.phase, c.order, c.to_score)
        if not heap:
            return c
        top = heap[0]
        if key <= (top[0], top[1], top[2], top[3]):
            return c
        heapq.heappush(heap, (*key, next(sequence), c))
    return None
