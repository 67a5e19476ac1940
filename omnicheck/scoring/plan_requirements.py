"""What a level asks of a business, and how far a business is from it.

A level's *requirements* are its entry (its band, or any one of its
alternatives) and each of its gates, as (check id, metric, op, value) ways
to meet them. The plan's search measures a business's distance from a level
as the sum, over requirements, of the nearest way's shortfall (a share of
its threshold), and ranks steps by how much of it they close.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Mapping

from omnicheck.rubric.compiled import CompiledRubric
from omnicheck.rubric.conditions import COMPARISONS

#: A requirement of a level: the ways to meet it, any one enough, as (check id, metric, op,
#: value). A gate has one way; a band with its alternatives has several.
Requirement = tuple[tuple[str, str, str, float], ...]
#: One way of a requirement: (check id, metric, op, value).
Check = tuple[str, str, str, float]


Comparison = Callable[[float, float], bool]
#: Per requirement of a level, by dimension, the requirements a raise of that dimension
#: moves: (position, ((reads the index?, comparison, threshold, scale) of each way it moves)).
RaiseWays = tuple[tuple[int, tuple[tuple[bool, Comparison, float, float], ...]], ...]
_RaiseReach = dict[int, dict[str, RaiseWays]]


def raise_reach(rubric: CompiledRubric) -> _RaiseReach:
    """For each level's requirements (keyed by identity: see :func:`requirements`), which
    of them a raise of each dimension moves, through its score or the index."""
    table: _RaiseReach = {}
    for reqs in rubric.derived(_requirements):
        by_dim: dict[str, list[tuple[int, tuple[tuple[bool, Comparison, float, float], ...]]]] = {}
        for d in rubric.dimensions:
            metric = "dimension." + d.id
            for position, req in enumerate(reqs):
                ways = tuple(
                    (m == "index", COMPARISONS[op], threshold, max(abs(threshold), 1.0))
                    for _, m, op, threshold in req
                    if m in ("index", metric)
                )
                if ways:
                    by_dim.setdefault(d.id, []).append((position, ways))
        table[id(reqs)] = {dim: tuple(rows) for dim, rows in by_dim.items()}
    return table


def requirements(rubric: CompiledRubric, rank: int) -> tuple[Requirement, ...]:
    """What the level at ``rank`` asks for: its entry (band or alternatives), then each gate.

    Built once per rubric: the search keeps figures per requirement tuple (see
    :meth:`State.gaps`), so each level's is the same object every time.
    """
    return rubric.derived(_requirements)[rank]


def requirements_up_to(rubric: CompiledRubric, low: int, high: int) -> tuple[Requirement, ...]:
    """What the levels above ``low`` up to ``high`` ask for, each requirement once, in level
    order: the same object for the same levels (as :func:`requirements`)."""
    kept = rubric.derived(_spans)
    span = kept.get((low, high))
    if span is None:
        reqs: list[Requirement] = []
        for rank in range(low + 1, high + 1):
            reqs += [r for r in requirements(rubric, rank) if r not in reqs]
        span = kept[(low, high)] = tuple(reqs)
    return span


#: One compiled way of a requirement: (metric, comparison, threshold, scale).
Way = tuple[str, Comparison, float, float]
#: The compiled ways of each requirement.
Compiled = tuple[tuple[Way, ...], ...]


def compiled(rubric: CompiledRubric, reqs: tuple[Requirement, ...]) -> Compiled:
    """``reqs`` with each way's comparison looked up and the scale of its shortfall worked
    out (:func:`shortfall`'s), once per tuple of requirements: those of
    :func:`requirements` and :func:`requirements_up_to`, which are the same
    objects every time, so that the table stays as small as the rubric."""
    kept = rubric.derived(_compiled)
    entry = kept.get(id(reqs))
    if entry is None or entry[0] is not reqs:
        table = tuple(
            tuple((m, COMPARISONS[op], v, max(abs(v), 1.0)) for _, m, op, v in req) for req in reqs
        )
        entry = kept[id(reqs)] = (reqs, table)
    return entry[1]


def gap_of(ways: tuple[Way, ...], values: Mapping[str, float | None]) -> float:
    """``deficit`` of one compiled requirement: the nearest way's :func:`way_gap`."""
    best = 2.0
    for metric, test, threshold, scale in ways:
        best = min(best, way_gap(values.get(metric), test, threshold, scale))
    return best


def regap(
    gaps: list[float],
    table: Compiled,
    moved: Container[str],
    values: Mapping[str, float | None],
) -> list[float]:
    """``gaps`` (each requirement's :func:`gap_of`) once the ``moved`` metrics take their
    ``values``: only the requirements that read a moved metric are worked out again."""
    out = list(gaps)
    for k, ways in enumerate(table):
        for way in ways:
            if way[0] in moved:
                out[k] = gap_of(ways, values)
                break
    return out


def _spans(rubric: CompiledRubric) -> dict[tuple[int, int], tuple[Requirement, ...]]:
    return {}


def _compiled(rubric: CompiledRubric) -> dict[int, tuple[tuple[Requirement, ...], Compiled]]:
    return {}


def _requirements(rubric: CompiledRubric) -> tuple[tuple[Requirement, ...], ...]:
    table = []
    for level in rubric.levels:
        reqs: list[Requirement] = []
        entry = [(g.id, g.metric, g.test.op, g.test.value) for g in level.alternatives]
        if level.band is not None and level.band[0] > 0:
            entry.insert(0, (f"{level.id}-band", "index", "at_least", level.band[0]))
        if entry:
            reqs.append(tuple(entry))
        reqs += [((g.id, g.metric, g.test.op, g.test.value),) for g in level.gates]
        table.append(tuple(reqs))
    return tuple(table)


def shortfall(way: tuple[str, str, str, float], value: float | None) -> float:
    """How far ``value`` is from meeting one way of a requirement, as a share of its threshold."""
    _, _, op, threshold = way
    return way_gap(value, COMPARISONS[op], threshold, max(abs(threshold), 1.0))


def way_gap(value: float | None, test: Comparison, threshold: float, scale: float) -> float:
    """:func:`shortfall` of a compiled way (its comparison and scale looked up already): the
    one formula every search's figure comes from, so each gives the same float."""
    if value is None:
        return 1.0
    if test(value, threshold):
        return 0.0
    return max(abs(threshold - value) / scale, 1e-6)


def deficit(
    reqs: tuple[Requirement, ...],
    values: Mapping[str, float | None],
    changed: Mapping[str, float | None] | None = None,
) -> float:
    """The sum over requirements of the nearest way's shortfall: 0 when all are met."""
    total = 0.0
    for req in reqs:
        best = 2.0
        for way in req:
            metric = way[1]
            value = changed[metric] if changed and metric in changed else values.get(metric)
            gap = shortfall(way, value)
            best = min(best, gap)
        total += best
    return total
