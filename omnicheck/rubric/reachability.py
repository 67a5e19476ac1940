"""Lint's checks of what can never happen: conditions, rules and levels.

Each asks :class:`omnicheck.rubric.solver.Solver` whether some answers could
make a part of the rubric take effect: a section or question be asked, an
option be chosen, a guardrail apply, a rule fire before the rules above it,
a level be reached along with every level below it. A "no" is certain (the
solver over-approximates), so most of these are errors; a rule that earlier
rules pre-empt is only a warning, since the rubric still works as written.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from omnicheck.rubric.compiled import CompiledRubric, Gate, Level
from omnicheck.rubric.conditions import AnyOf, Condition, MetricTest
from omnicheck.rubric.solver import Solver

if TYPE_CHECKING:
    from omnicheck.source.safe_yaml import Path


class Reporter(Protocol):
    """Records a finding; ``code`` is its kind, as ``--format json`` names it."""

    def error(self, path: Path, message: str, code: str = ...) -> None: ...

    def warning(self, path: Path, message: str, code: str = ...) -> None: ...


def check_conditions(rubric: CompiledRubric, solver: Solver, report: Reporter) -> None:
    """Conditions that can never hold: questions never asked, options never chosen."""
    dead_sections = set()
    for i, section in enumerate(rubric.sections):
        if section.when is not None and not solver.possible(section.when):
            dead_sections.add(section.id)
            report.error(
                ("sections", i, "when"),
                f"section {section.id!r} is never asked: its condition can never be true "
                f"({rubric.describe(section.when)})",
                "section-never-asked",
            )
    for q in rubric.questions:
        if q.link_role is not None or q.section in dead_sections:
            continue
        if q.own_when is not None and not solver.possible(q.when):
            report.error(
                (*q.path, "when"),
                f"question {q.id!r} is never asked: its condition can never be true "
                f"({rubric.describe(q.when or q.own_when)})",
                "question-never-asked",
            )
            continue
        for k, option in enumerate(q.options):
            if option.when is not None and not solver.possible(q.when, option.when):
                report.error(
                    (*q.path, "options", k, "when"),
                    f"option {option.id!r} of {q.id!r} can never be chosen: its condition can "
                    f"never be true where the question is asked ({rubric.describe(option.when)})",
                    "option-never-chosen",
                )
    for i, guard in enumerate(rubric.guardrails):
        if guard.when is not None and not solver.possible(guard.when):
            report.error(
                ("guardrails", i, "when"),
                f"guardrail {guard.id!r} never applies: its condition can never be true "
                f"({rubric.describe(guard.when)})",
                "guardrail-never-applies",
            )


def check_rules(rubric: CompiledRubric, solver: Solver, report: Reporter) -> None:
    """Rules are tried in order and the first match wins: can each one ever be first?"""
    for i, rule in enumerate(rubric.rules):
        earlier = rubric.rules[:i]
        if rule.when is not None and not solver.possible(rule.when):
            report.error(
                ("rules", i, "when"),
                f"rule {rule.id!r} can never fire: its condition can never be true "
                f"({rubric.describe(rule.when)})",
                "rule-never-true",
            )
            continue
        catch_all = next((r for r in earlier if r.when is None), None)
        if catch_all is not None:
            report.warning(
                ("rules", i, "id"),
                f"rule {rule.id!r} can never fire: rule {catch_all.id!r} before it has no "
                "condition, so it matches every business first; move it to the end",
                "rule-shadowed",
            )
            continue
        others = [r.when for r in earlier if r.when is not None]
        if not solver.possible(rule.when, excluding=others):
            overlapping = [r.id for r in earlier if solver.possible(rule.when, r.when)]
            report.warning(
                ("rules", i, "id"),
                f"rule {rule.id!r} can never fire: every business it matches is matched first "
                f"by {', '.join(repr(r) for r in overlapping)}",
                "rule-shadowed",
            )


def check_levels(rubric: CompiledRubric, solver: Solver, report: Reporter) -> None:
    """A level is reached with all the levels below it: can its band and gates all hold?"""
    below: list[Condition] = []
    blocked_by: str | None = None
    for k, level in enumerate(rubric.levels):
        if k == 0:
            continue
        entry, band = _entry(level)
        own = [c for c in (entry, *(g.test for g in level.gates)) if c is not None]
        for j, alt in enumerate(level.alternatives):
            if not solver.possible(alt.test):
                report.error(
                    ("levels", k, "alternatives", j),
                    f"alternative {alt.id!r} of {level.id!r} can never be met: "
                    + _needs(rubric, solver, alt),
                    "alternative-never-met",
                )
        if solver.possible(*below, *own):
            below += own
            continue
        culprits = _impossible_parts(rubric, solver, k, level, entry, band)
        for path, part in culprits:
            message = f"level {level.id!r} can never be reached: {part}"
            report.error(path, message, "level-unreachable")
        if not culprits:
            why = _why_unreachable(solver, below, own, entry, blocked_by)
            message = f"level {level.id!r} can never be reached: {why}"
            report.error(("levels", k, "id"), message, "level-unreachable")
        blocked_by = blocked_by or level.id
        below += own


def _why_unreachable(
    solver: Solver,
    below: list[Condition],
    own: list[Condition],
    entry: Condition | None,
    blocked_by: str | None,
) -> str:
    """Why a level whose parts are each possible still cannot be reached."""
    if blocked_by is not None:
        return f"level {blocked_by!r} below it can never be reached"
    if solver.possible(*own):
        return "its band and gates cannot hold together with those of the levels below it"
    if entry is not None:
        return (
            "with these options and weights, the index cannot reach its band while its gates hold"
        )
    return "its gates cannot all hold at once"


def _entry(level: Level) -> tuple[Condition | None, MetricTest | None]:
    """What admits a business to the level: its band, or any of its alternatives."""
    if level.band is None or level.band[0] <= 0:
        return None, None
    band = MetricTest("index", "at_least", level.band[0])
    if not level.alternatives:
        return band, band
    return AnyOf((band, *(a.test for a in level.alternatives))), band


def _impossible_parts(
    rubric: CompiledRubric,
    solver: Solver,
    k: int,
    level: Level,
    entry: Condition | None,
    band: MetricTest | None,
) -> list[tuple[Any, str]]:
    """The band or gates of a level that could not hold even on their own."""
    parts: list[tuple[Any, str]] = []
    if entry is not None and band is not None and not solver.possible(entry):
        index = solver.metric_range("index")
        limit = (
            f"the index is at most {index.high:g}"
            if index.low <= index.high
            else "no question is scored, so there is no index"
        )
        parts.append(
            (
                ("levels", k, "band", "from"),
                f"its band starts at {band.value:g}, but with these options and weights {limit}",
            )
        )
    for j, gate in enumerate(level.gates):
        if not solver.possible(gate.test):
            parts.append(
                (("levels", k, "gates", j), f"gate {gate.id!r} {_needs(rubric, solver, gate)}")
            )
    return parts


def _needs(rubric: CompiledRubric, solver: Solver, gate: Gate) -> str:
    """What a gate asks for, against what its metric can be."""
    return f"needs {rubric.describe(gate.test)}, but {solver.metric_range(gate.metric).describe()}"
