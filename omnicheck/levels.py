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
from dataclasses import dataclass

from omnicheck.conditions import compare
from omnicheck.rubric_types import CompiledRubric, Gate, Level, MetricCheck

BAND_REMEDY = "Raise the dimension scores; the roadmap ranks the steps by how much each adds."


# Not frozen: a frozen dataclass sets every field through object.__setattr__,
# which makes it several times slower to build, and a batch builds this one
# many times per business. Treat instances as read-only all the same.
@dataclass(slots=True)
class Check:
    """One band, gate or alternative of one level, against the business's figure."""

    level: str
    kind: str  # "band", "gate" or "alternative"
    id: str
    label: str
    metric: str
    op: str
    required: float
    actual: float | None
    met: bool
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
    met = actual is not None and compare(actual, test.op, test.value)
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
        f"Integration index at least {low:g}",
        "index",
        "at_least",
        low,
        actual,
        met,
        BAND_REMEDY,
    )


def evaluate_levels(rubric: CompiledRubric, metrics: Mapping[str, float | None]) -> LevelResult:
    statuses = []
    below_reached = True
    current = 0
    for rank, level in enumerate(rubric.levels):
        band = _band_check(level, metrics)
        alternatives = [
            _gate_check(level.id, "alternative", g, metrics) for g in level.alternatives
        ]
        gates = [_gate_check(level.id, "gate", g, metrics) for g in level.gates]
        entry = band is None or band.met or any(a.met for a in alternatives)
        gates_met = all(g.met for g in gates)
        reached = below_reached and entry and gates_met
        if reached:
            current = rank
        below_reached = reached
        checks = ([band] if band else []) + alternatives + gates
        statuses.append(
            LevelStatus(
                level.id, level.name, rank, level.band, entry, gates_met, reached, tuple(checks)
            )
        )
    blockers: tuple[Check, ...] = ()
    next_level = None
    if current + 1 < len(statuses):
        nxt = statuses[current + 1]
        next_level = nxt.id
        blockers = tuple(
            c for c in nxt.checks if not c.met and (c.kind == "gate" or not nxt.entry_met)
        )
    return LevelResult(rubric.levels[current].id, current, tuple(statuses), next_level, blockers)


def reached_rank(rubric: CompiledRubric, metrics: Mapping[str, float | None]) -> int:
    """Only the rank: the what-if loop calls this once per distinct candidate outcome.

    It reads the rubric's precompiled level tests, which hold the same
    bands, alternatives and gates as :func:`evaluate_levels` checks.
    """
    current = 0
    index = metrics.get("index")
    for rank, (low, alternatives, gates) in enumerate(rubric.level_tests, start=1):
        entry = low is None or (index is not None and index >= low)
        if not entry and not any(_passes(check, metrics) for check in alternatives):
            break
        for check in gates:
            if not _passes(check, metrics):
                return current
        current = rank
    return current


def _passes(check: MetricCheck, metrics: Mapping[str, float | None]) -> bool:
    metric, test, value = check
    actual = metrics.get(metric)
    return actual is not None and test(actual, value)
