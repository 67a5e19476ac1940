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
    """Records a finding: its id (see rubric.codes) and the parameters omnicheck.wording
    words it with."""

    def error(self, path: Path, what: str, **args: Any) -> None: ...

    def warning(self, path: Path, what: str, **args: Any) -> None: ...


def check_conditions(rubric: CompiledRubric, solver: Solver, report: Reporter) -> None:
    """Conditions that can never hold: questions never asked, options never chosen."""
    dead_sections = set()
    for i, section in enumerate(rubric.sections):
        if section.when is not None and not solver.possible(section.when):
            dead_sections.add(section.id)
            when = rubric.named(section.when)
            report.error(
                ("sections", i, "when"), "section-never-asked", section=section.id, when=when
            )
    for q in rubric.questions:
        if q.link_role is not None or q.section in dead_sections:
            continue
        if q.own_when is not None and not solver.possible(q.when):
            when = rubric.named(q.when or q.own_when)
            report.error((*q.path, "when"), "question-never-asked", question=q.id, when=when)
            continue
        for k, option in enumerate(q.options):
            if option.when is not None and not solver.possible(q.when, option.when):
                report.error(
                    (*q.path, "options", k, "when"),
                    "option-never-chosen",
                    option=option.id,
                    question=q.id,
                    when=rubric.named(option.when),
                )
    for i, guard in enumerate(rubric.guardrails):
        if guard.when is not None and not solver.possible(guard.when):
            when = rubric.named(guard.when)
            report.error(
                ("guardrails", i, "when"), "guardrail-never-applies", guardrail=guard.id, when=when
            )


def check_rules(rubric: CompiledRubric, solver: Solver, report: Reporter) -> None:
    """Rules are tried in order and the first match wins: can each one ever be first?"""
    for i, rule in enumerate(rubric.rules):
        earlier = rubric.rules[:i]
        if rule.when is not None and not solver.possible(rule.when):
            when = rubric.named(rule.when)
            report.error(("rules", i, "when"), "rule-never-true", rule=rule.id, when=when)
            continue
        catch_all = next((r for r in earlier if r.when is None), None)
        if catch_all is not None:
            where: Path = ("rules", i, "id")
            report.warning(where, "rule-after-catch-all", rule=rule.id, catch_all=catch_all.id)
            continue
        others = [r.when for r in earlier if r.when is not None]
        if not solver.possible(rule.when, excluding=others):
            overlapping = [r.id for r in earlier if solver.possible(rule.when, r.when)]
            report.warning(("rules", i, "id"), "rule-shadowed", rule=rule.id, by=overlapping)


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
                    "alternative-never-met",
                    alternative=alt.id,
                    level=level.id,
                    **_needs(rubric, solver, alt),
                )
        if solver.possible(*below, *own):
            below += own
            continue
        culprits = _impossible_parts(rubric, solver, k, level, entry, band)
        for path, part, args in culprits:
            report.error(path, part, level=level.id, **args)
        if not culprits:
            why = _why_unreachable(solver, below, own, entry, blocked_by)
            where: Path = ("levels", k, "id")
            report.error(where, "level-unreachable", level=level.id, why=why, below=blocked_by)
        blocked_by = blocked_by or level.id
        below += own


def _why_unreachable(
    solver: Solver,
    below: list[Condition],
    own: list[Condition],
    entry: Condition | None,
    blocked_by: str | None,
) -> str:
    """Why a level whose parts are each possible still cannot be reached, as an id: a level
    below is unreachable ("below"), its parts clash with theirs ("with-below"), the index
    cannot reach its band while its gates hold ("band-with-gates"), or its gates clash."""
    if blocked_by is not None:
        return "below"
    if solver.possible(*own):
        return "with-below"
    if entry is not None:
        return "band-with-gates"
    return "gates"


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
) -> list[tuple[Any, str, dict[str, Any]]]:
    """The band or gates of a level that could not hold even on their own: where, the
    finding's id and its parameters."""
    parts: list[tuple[Any, str, dict[str, Any]]] = []
    if entry is not None and band is not None and not solver.possible(entry):
        index = solver.metric_range("index")
        top = index.high if index.low <= index.high else None  # None: no index at all
        args: dict[str, Any] = {"start": band.value, "top": top}
        parts.append((("levels", k, "band", "from"), "band-never-reached", args))
    for j, gate in enumerate(level.gates):
        if not solver.possible(gate.test):
            args = {"gate": gate.id, **_needs(rubric, solver, gate)}
            parts.append((("levels", k, "gates", j), "gate-never-met", args))
    return parts


def _needs(rubric: CompiledRubric, solver: Solver, gate: Gate) -> dict[str, Any]:
    """What a gate asks for (``needs``), against what its metric can be (``range``)."""
    return {"needs": rubric.named(gate.test), "range": solver.metric_range(gate.metric)}
