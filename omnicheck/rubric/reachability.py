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
from omnicheck.rubric.conditions import AllOf, AnyOf, Condition, MetricTest, QuestionTest, walk
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
    catch_all: str | None = None
    earlier = _EarlierRules(solver)
    for i, rule in enumerate(rubric.rules):
        where: Path = ("rules", i, "id")
        if rule.when is not None and not solver.possible(rule.when):
            when = rubric.named(rule.when)
            report.error(("rules", i, "when"), "rule-never-true", rule=rule.id, when=when)
        elif catch_all is not None:
            report.warning(where, "rule-after-catch-all", rule=rule.id, catch_all=catch_all)
        elif (first := earlier.matching_first(rule.when)) is not None:
            by, more = first
            report.warning(where, "rule-shadowed", rule=rule.id, by=by, more=more)
        earlier.add(rule.id, rule.when)
        if rule.when is None and catch_all is None:
            catch_all = rule.id


#: A rule that can never fire names at most this many of the earlier rules that match
#: the same businesses, then says there are more: thousands of rules that shadow each
#: other would otherwise name thousands each.
MAX_NAMED_RULES = 10
#: A rule is compared on its own with at most this many of the earlier conditions that
#: read the same questions and metrics as its own (the first of them).
MAX_SAME_READS = 8


class _EarlierRules:
    """The rules before the one being checked, each distinct condition kept once.

    Whether a rule can fire past all the rules before it is one question of all
    their conditions, so asking it of each of thousands of rules would cost time in
    the square of their number. The cheap proofs come first, each of one earlier
    rule that alone matches every business this one matches: the same condition, a
    condition that is one of its ``all`` items, or one of the first few earlier
    conditions that read the same questions and metrics. Only when those fail is
    the rule compared with every distinct earlier condition at once, within the
    solver's budget; then the earlier rules that match some of its businesses are
    named, the first :data:`MAX_NAMED_RULES` of them.
    """

    def __init__(self, solver: Solver) -> None:
        self.solver = solver
        #: The number of each distinct condition, in the order first seen.
        self.numbers: dict[Condition, int] = {}
        self.conditions: list[Condition] = []
        #: The id of the first rule with each condition, by its number.
        self.first: list[str] = []
        #: Each rule's id and its condition's number, in order.
        self.rules: list[tuple[str, int]] = []
        self.by_reads: dict[frozenset[str], list[int]] = {}

    def add(self, rule: str, when: Condition | None) -> None:
        if when is None:
            return  # every rule after it is reported as after a catch-all
        number = self.numbers.get(when)
        if number is None:
            number = self.numbers[when] = len(self.conditions)
            self.conditions.append(when)
            self.first.append(rule)
            same = self.by_reads.setdefault(_reads(when), [])
            if len(same) < MAX_SAME_READS:
                same.append(number)
        self.rules.append((rule, number))

    def matching_first(self, when: Condition | None) -> tuple[list[str], bool] | None:
        """The earlier rules that match first every business ``when`` matches, and whether
        there are more than those named; None when some business reaches this rule."""
        one = None if when is None else self._one_matching_first(when)
        if one is not None:
            return [self.first[one]], False
        if self.solver.possible(when, excluding=self.conditions, remember=False):
            return None
        return self._overlapping(when)

    def _one_matching_first(self, when: Condition) -> int | None:
        """The number of an earlier condition that holds wherever ``when`` does, if a cheap
        proof finds one."""
        same = self.numbers.get(when)
        if same is not None:
            return same
        if isinstance(when, AllOf):
            items = [self.numbers[item] for item in when.items if item in self.numbers]
            if items:
                return min(items)
        for number in self.by_reads.get(_reads(when), ()):
            if not self.solver.possible(when, excluding=(self.conditions[number],)):
                return number
        return None

    def _overlapping(self, when: Condition | None) -> tuple[list[str], bool]:
        """The first earlier rules that can match a business together with ``when``, and
        whether there are more: each distinct condition is asked about once."""
        named: list[str] = []
        overlaps: dict[int, bool] = {}
        for rule, number in self.rules:
            if number not in overlaps:
                overlaps[number] = self.solver.possible(when, self.conditions[number])
            if overlaps[number]:
                if len(named) == MAX_NAMED_RULES:
                    return named, True
                named.append(rule)
        return named, False


def _reads(condition: Condition) -> frozenset[str]:
    """The questions and metrics a condition reads."""
    return frozenset(
        t.question if isinstance(t, QuestionTest) else "metric:" + t.metric for t in walk(condition)
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
