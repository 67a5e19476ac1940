"""The gated level: score bands AND gates, so an average never hides a gap.

Levels are ordered in the rubric, lowest first; the first is the base level
every business starts at. A level is reached when the level below it is
reached, its entry holds (the index is inside or above its band, or one of
its alternatives holds), and every one of its gates holds. A business whose
index is in the omnichannel band but whose service score is low stays
cross-channel, and the report names the gate that holds it back.
"""

from __future__ import annotations

from collections.abc import Mapping
from collections.abc import Set as AbstractSet

from omnicheck.lazy_dataclass import dataclass
from omnicheck.rubric.compiled import CompiledRubric, Gate, Level, MetricCheck
from omnicheck.rubric.conditions import compare


# Not frozen: a frozen dataclass sets every field through object.__setattr__,
# which makes it several times slower to build, and a batch builds this one
# many times per business. Treat instances as read-only all the same.
@dataclass(slots=True)
class Check:
    """One band, gate or alternative of one level, against the business's figure."""

    level: str
    kind: str  # "band", "gate" or "alternative"
    id: str
    #: The rubric's words for a gate or an alternative; None for a band, which the
    #: rubric does not word: the report's templates say it from ``required``.
    label: str | None
    metric: str
    op: str
    required: float
    actual: float | None
    met: bool
    #: The rubric's advice for a gate or an alternative; empty for a band, whose advice
    #: the report words (omnicheck.wording.scoring).
    remedy: str


# Not frozen: a frozen dataclass sets every field through object.__setattr__,
# which makes it several times slower to build, and a batch builds this one
# many times per business. Treat instances as read-only all the same.
@dataclass(slots=True)
class LevelStatus:
    id: str
    name: str
    rank: int
    band: tuple[float, float] | None
    entry_met: bool
    gates_met: bool
    reached: bool
    checks: tuple[Check, ...]


@dataclass(frozen=True, slots=True)
class LevelResult:
    level: str
    rank: int
    statuses: tuple[LevelStatus, ...]
    next_level: str | None
    #: What stops the next level: its unmet band (with its alternatives) and gates.
    blockers: tuple[Check, ...]


def _gate_check(level: str, kind: str, gate: Gate, metrics: Mapping[str, float | None]) -> Check:
    test = gate.test
    actual = metrics.get(gate.metric)
    met = _met(gate, metrics)
    return Check(
        level, kind, gate.id, gate.label, gate.metric, test.op, test.value, actual, met, gate.remedy
    )


def _band_check(level: Level, metrics: Mapping[str, float | None]) -> Check | None:
    if level.band is None or level.band[0] <= 0:
        return None  # a band from 0 admits everyone; listing it as a check is noise
    actual = metrics.get("index")
    low = level.band[0]
    met = actual is not None and actual >= low
    return Check(
        level.id,
        "band",
        f"{level.id}-band",
        None,
        "index",
        "at_least",
        low,
        actual,
        met,
        "",
    )


def evaluate_levels(
    rubric: CompiledRubric, metrics: Mapping[str, float | None], rank: int | None = None
) -> LevelResult:
    """Every level's checks, for a report, around the rank :func:`reached_rank` finds
    (``rank``, when the caller has it): the one test of which level is reached."""
    current = reached_rank(rubric, metrics) if rank is None else rank
    statuses = tuple(
        _status(i, level, metrics, i <= current) for i, level in enumerate(rubric.levels)
    )
    next_level = statuses[current + 1].id if current + 1 < len(statuses) else None
    blockers = next_blockers(rubric, metrics, current)
    return LevelResult(rubric.levels[current].id, current, statuses, next_level, blockers)


def _status(
    rank: int, level: Level, metrics: Mapping[str, float | None], reached: bool
) -> LevelStatus:
    band = _band_check(level, metrics)
    alternatives = [_gate_check(level.id, "alternative", g, metrics) for g in level.alternatives]
    gates = [_gate_check(level.id, "gate", g, metrics) for g in level.gates]
    entry = band is None or band.met or any(a.met for a in alternatives)
    gates_met = all(g.met for g in gates)
    checks = ([band] if band else []) + alternatives + gates
    return LevelStatus(
        level.id, level.name, rank, level.band, entry, gates_met, reached, tuple(checks)
    )


def next_blockers(
    rubric: CompiledRubric, metrics: Mapping[str, float | None], rank: int
) -> tuple[Check, ...]:
    """What stops the level above ``rank``: its unmet gates, and its band and
    alternatives when none of them holds (then all are unmet).

    Only the unmet checks are built: a batch reads the blockers of every
    business and never the rest.
    """
    if rank + 1 >= len(rubric.levels):
        return ()
    level = rubric.levels[rank + 1]
    band = _band_check(level, metrics)
    blockers = []
    if not (band is None or band.met or any(_met(g, metrics) for g in level.alternatives)):
        if band is not None:
            blockers.append(band)
        blockers += [_gate_check(level.id, "alternative", g, metrics) for g in level.alternatives]
    blockers += [
        _gate_check(level.id, "gate", g, metrics) for g in level.gates if not _met(g, metrics)
    ]
    return tuple(blockers)


def _met(gate: Gate, metrics: Mapping[str, float | None]) -> bool:
    """``_gate_check(...).met`` without building the check."""
    actual = metrics.get(gate.metric)
    return actual is not None and compare(actual, gate.test.op, gate.test.value)


def reached_rank(
    rubric: CompiledRubric, metrics: Mapping[str, float | None], start: int = 0
) -> int:
    """The rank of the level reached: the highest whose entry and gates hold, with
    every level below it reached too.

    It reads the rubric's precompiled level tests, the same bands, alternatives
    and gates that :func:`evaluate_levels` lists as checks for a report. With
    ``start``, the levels up to that rank are taken as held, and only those above
    are tested: a plan step that moved no figure down cannot lose a level.
    """
    current = start
    index = metrics.get("index")
    tests = rubric.level_tests[start:] if start else rubric.level_tests
    for rank, (low, alternatives, gates) in enumerate(tests, start=start + 1):
        entry = low is None or (index is not None and index >= low)
        if not entry and not any(_passes(check, metrics) for check in alternatives):
            break
        for check in gates:
            if not _passes(check, metrics):
                return current
        current = rank
    return current


def rose(was: float | None, now: float | None, before: float | None, after: float | None) -> bool:
    """Whether a raise moved its dimension's score (``was`` to ``now``) and the index
    (``before`` to ``after``) only up, or not at all: then, in a rubric whose levels only
    ask for figures at least (or above) a value, no level held is lost, and
    :func:`reached_rank` may start at the rank held."""
    return (was is None or (now is not None and now >= was)) and (
        before is None or (after is not None and after >= before)
    )


def _passes(check: MetricCheck, metrics: Mapping[str, float | None]) -> bool:
    metric, test, value = check
    actual = metrics.get(metric)
    return actual is not None and test(actual, value)


class LevelOutlook:
    """One business's level, and what a rising change must move to reach the next.

    The what-if raises one answer at a time, which moves a few figures and
    only ever up. When every level asks for figures at least (or above) a
    value, such a change keeps every level reached so far, and reaches the
    next only if it moves a metric of that level's unmet entry (its band or
    an alternative) and the metric of every unmet gate. Usually it does not,
    and there is nothing to test. ``tests/test_scoring_properties.py`` checks the
    answers against :func:`reached_rank` of the changed figures.
    """

    def __init__(
        self, rubric: CompiledRubric, metrics: Mapping[str, float | None], rank: int
    ) -> None:
        self.rubric, self.metrics, self.rank = rubric, metrics, rank
        #: The metrics that could meet the next level's entry, if unmet, and of its unmet gates.
        self.entry: frozenset[str] | None = None
        self.unmet: frozenset[str] = frozenset()
        self.top = rank >= len(rubric.level_tests)
        if self.top:
            return
        low, alternatives, gates = rubric.level_tests[rank]
        index = metrics.get("index")
        if not (low is None or (index is not None and index >= low)) and not any(
            _passes(check, metrics) for check in alternatives
        ):
            self.entry = frozenset(["index", *(metric for metric, _, _ in alternatives)])
        self.unmet = frozenset(check[0] for check in gates if not _passes(check, metrics))

    def stays(self, moved: AbstractSet[str]) -> bool:
        """Whether raising only the ``moved`` metrics (none lowered) keeps the level as it is."""
        return self.rubric.levels_only_rise and (
            self.top
            or (self.entry is not None and self.entry.isdisjoint(moved))
            or not self.unmet <= moved
        )

    def rank_after(self, changed: Mapping[str, float | None]) -> int:
        """``reached_rank(rubric, {**metrics, **changed})``, testing as little as it can."""
        metrics = self.metrics
        for metric, value in changed.items():
            before = metrics.get(metric)
            if before is not None and (value is None or value < before):
                break  # a figure went down: test every level
        else:
            if self.stays(changed.keys()):
                return self.rank
            if self.rubric.levels_only_rise:
                return self._reached_above(changed)
        return reached_rank(self.rubric, {**metrics, **changed})

    def _reached_above(self, changed: Mapping[str, float | None]) -> int:
        """The first level above the current one that the figures miss, less one."""
        metrics, rank = self.metrics, self.rank
        index = changed["index"] if "index" in changed else metrics.get("index")
        for low, alternatives, gates in self.rubric.level_tests[rank:]:
            if not (low is None or (index is not None and index >= low)):
                for metric, test, value in alternatives:
                    actual = changed[metric] if metric in changed else metrics.get(metric)
                    if actual is not None and test(actual, value):
                        break
                else:
                    return rank
            for metric, test, value in gates:
                actual = changed[metric] if metric in changed else metrics.get(metric)
                if actual is None or not test(actual, value):
                    return rank
            rank += 1
        return rank
