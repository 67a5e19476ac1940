"""Every check of a rubric in one place, each finding an error or a warning.

A rubric is checked in three stages, because each needs the one before it:
its structure (pydantic: fields, types, ranges), its references (a ``when``
naming a real question, a rule targeting a real strategy: the compiler), and
its sense (this module: weights, bands, recommendations, sources; and
:mod:`omnicheck.rubric.reachability`: conditions that can never hold, rules
that never fire, levels no business can reach). Every problem of a stage is
reported at once.

**Errors** refuse the rubric. :func:`load_rubric`
runs these checks, so every command that loads a rubric refuses the same
ones, and the cache only ever holds a rubric that passed them. An error is
something that would make a report wrong, or a number in it unexplainable.

**Warnings** are shown by ``omnicheck rubric lint`` only. The rubric works
as written, but part of it does nothing: a rule that earlier rules always
pre-empt, evidence nothing cites, a dimension in no roadmap phase.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from omnicheck.errors import Problem, RubricError
from omnicheck.rubric.asked import check_never_na, check_quick
from omnicheck.rubric.compile import compile_rubric, validate_spec
from omnicheck.rubric.compiled import CompiledRubric
from omnicheck.rubric.reachability import check_conditions, check_levels, check_rules
from omnicheck.rubric.solver import Solver

if TYPE_CHECKING:
    from omnicheck.rubric.spec import RubricSpec
    from omnicheck.source.safe_yaml import Path, YamlDocument

ERROR = "error"
WARNING = "warning"
#: The score ranges whose recommendation a dimension shows (100 needs none).
STEP_SCORES = {0: "0-24", 1: "25-49", 2: "50-74", 3: "75-99"}
#: Weights and effort points are ratios. Within this range no sum, product or
#: quotient of them in scoring can overflow to infinity or lose all precision
#: (a gain over 1e-320 effort points is infinite; 1e308 weights sum to infinity).
SMALLEST_NUMBER, LARGEST_NUMBER = 0.001, 1e6


@dataclass(frozen=True, slots=True)
class Finding:
    severity: str  # ERROR or WARNING
    problem: Problem

    def __str__(self) -> str:
        p = self.problem
        where = p.source if p.line is None else f"{p.source}:{p.line}:{p.column or 1}"
        return f"{where}: {self.severity}: {p.message}"


@dataclass(frozen=True)
class LintResult:
    findings: tuple[Finding, ...]
    #: The compiled rubric, when it got far enough to compile (it may still have errors).
    rubric: CompiledRubric | None

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == ERROR)


def lint_document(doc: YamlDocument) -> LintResult:
    """Every finding for a parsed rubric file, in file order."""
    report = _Report(doc)
    try:
        spec = validate_spec(doc)
    except RubricError as exc:
        return report.result(None, exc.problems)
    _check_numbers(spec, report)
    _check_base_level(spec, report)
    _check_bands(spec, report)
    _check_recommendations(spec, report)
    _check_evidence(spec, report)
    _check_roadmap(spec, report)
    check_never_na(spec, report)
    try:
        rubric = compile_rubric(spec, doc)
    except RubricError as exc:
        return report.result(None, exc.problems)
    solver = Solver(rubric)
    check_conditions(rubric, solver, report)
    check_rules(rubric, solver, report)
    check_levels(rubric, solver, report)
    _check_plan_advice(rubric, report)
    _check_prerequisites(rubric, report)
    check_quick(rubric, report)
    return report.result(rubric)


def _check_plan_advice(rubric: CompiledRubric, report: _Report) -> None:
    """A plan step shows its question's advice: without it, the dimension's general text."""
    warned: set[tuple[object, ...]] = set()
    for q in rubric.questions:
        if not q.scored or q.path in warned:
            continue
        low = min((o.score for o in q.options if o.score is not None), default=0)
        bare = [o.id for o in q.options if (o.score or 0) > low and not o.advice]
        if bare and not q.advice:
            warned.add(q.path)
            name = "the record links" if q.link_role == "record" else f"question {q.id!r}"
            report.warning(
                (*q.path, "advice") if q.link_role != "record" else q.path,
                f"{name} can be raised but has no advice, so a plan step raising it shows "
                "its dimension's general advice; add advice: (one or two sentences)",
                "advice-missing",
            )
    links = rubric.links
    if links is not None and not links.handoff_advice:
        report.warning(
            ("channel_links", "handoff"),
            "hand-offs have no advice, so a plan's hand-off step shows the question's help; "
            "add advice: naming {source}, {target} and {stage}",
            "advice-missing",
        )


def _check_prerequisites(rubric: CompiledRubric, report: _Report) -> None:
    """Prerequisites must not go round in a circle: a plan could then take none of them."""
    from omnicheck.rubric.conditions import MetricTest, walk

    record = {q.id for q in rubric.questions if q.link_role == "record"}
    by_dim = {d: {q.id for q in qs} for d, qs in rubric.scored_by_dimension.items()}
    if rubric.links is not None:
        by_dim.setdefault(rubric.links.record_dimension, set()).update(record)
    scored = {q.id for q in rubric.questions if q.scored}
    needs: dict[str, set[str]] = {}
    where: dict[str, Path] = {}
    for q in rubric.questions:
        for j, o in enumerate(q.options):
            if o.requires is None:
                continue
            where.setdefault(q.id, (*q.path, "options", j, "requires"))
            for test in walk(o.requires):
                if not isinstance(test, MetricTest):
                    read = {test.question}
                elif test.metric.startswith("dimension."):
                    read = by_dim.get(test.metric.removeprefix("dimension."), set())
                elif test.metric == "index":
                    read = scored
                else:
                    read = record
                needs.setdefault(q.id, set()).update(read - {q.id})
    state: dict[str, int] = {}  # 1 on the path being walked, 2 done

    def cycle_from(qid: str, path: list[str]) -> list[str] | None:
        state[qid] = 1
        for other in sorted(needs.get(qid, ())):
            if state.get(other) == 1:
                return [*path[path.index(other) :], other] if other in path else [qid, other]
            if state.get(other) is None:
                found = cycle_from(other, [*path, other])
                if found:
                    return found
        state[qid] = 2
        return None

    for qid in needs:
        if state.get(qid) is None:
            found = cycle_from(qid, [qid])
            if found:
                report.error(
                    where.get(found[0], where[qid]),
                    "prerequisites form a cycle: " + " → ".join(found) + "; a plan could "
                    "take none of these steps",
                    "prerequisite-cycle",
                )
                return


class _Report:
    def __init__(self, doc: YamlDocument) -> None:
        self.doc = doc
        self.findings: list[Finding] = []

    def error(self, path: Path, message: str, code: str = "invalid-input") -> None:
        self.findings.append(Finding(ERROR, self.doc.problem(path, message, code=code)))

    def warning(self, path: Path, message: str, code: str = "invalid-input") -> None:
        self.findings.append(Finding(WARNING, self.doc.problem(path, message, code=code)))

    def result(self, rubric: CompiledRubric | None, errors: tuple[Problem, ...] = ()) -> LintResult:
        found = self.findings + [Finding(ERROR, p) for p in errors]
        # A section's condition is folded into each of its questions, so the
        # compiler can find one mistake several times; show it once.
        unique = list(dict.fromkeys(found))
        unique.sort(key=lambda f: (f.problem.line or 0, f.problem.column or 0))
        return LintResult(tuple(unique), rubric)


def _check_numbers(spec: RubricSpec, report: _Report) -> None:
    """Weights and effort points divide scores and gains: they must be above zero, and in range."""
    for name, points in spec.efforts.items():
        if points <= 0:
            report.error(
                ("efforts", name),
                f"effort {name!r} is worth {points:g} points; effort points must be greater "
                "than 0, because they divide an action's gain",
                "effort-not-positive",
            )
        elif not SMALLEST_NUMBER <= points <= LARGEST_NUMBER:
            report.error(
                ("efforts", name),
                f"effort {name!r} is worth {points:g} points; effort points must be from "
                f"{SMALLEST_NUMBER:g} to {LARGEST_NUMBER:g}, because they divide an action's gain",
                "number-out-of-range",
            )
    for i, dim in enumerate(spec.dimensions):
        _positive_weight(dim.weight, ("dimensions", i, "weight"), f"dimension {dim.id!r}", report)
    if spec.channel_links is not None:
        weight = spec.channel_links.record.weight
        path: Path = ("channel_links", "record", "weight")
        _positive_weight(weight, path, "the record links", report)
    for i, section in enumerate(spec.sections):
        for j, q in enumerate(section.questions):
            path = ("sections", i, "questions", j)
            if q.dimension is not None:
                _positive_weight(q.weight, (*path, "weight"), f"question {q.id!r}", report)
            for k, option in enumerate(q.options):
                if q.dimension is not None and option.score is None:
                    report.error(
                        (*path, "options", k),
                        f"option {option.id!r} has no score, but question {q.id!r} is scored "
                        f"in dimension {q.dimension!r}; give it a score from 0 to 4",
                        "unscored-option",
                    )
                elif q.dimension is None and option.score is not None:
                    report.warning(
                        (*path, "options", k, "score"),
                        f"option {option.id!r} has a score, but question {q.id!r} names no "
                        "dimension, so the score counts for nothing",
                        "score-without-dimension",
                    )


def _positive_weight(weight: float, path: Path, what: str, report: _Report) -> None:
    if weight <= 0:
        message = f"{what} has weight {weight:g}; a weight must be greater than 0"
        report.error(path, message, "weight-not-positive")
    elif not SMALLEST_NUMBER <= weight <= LARGEST_NUMBER:
        report.error(
            path,
            f"{what} has weight {weight:g}; a weight must be from "
            f"{SMALLEST_NUMBER:g} to {LARGEST_NUMBER:g}",
            "number-out-of-range",
        )


def _check_base_level(spec: RubricSpec, report: _Report) -> None:
    """Every business starts at the first level, so nothing can be asked of it."""
    if not spec.levels:
        return
    base = spec.levels[0]
    for field in ("gates", "alternatives"):
        if getattr(base, field):
            report.error(
                ("levels", 0, field),
                f"{base.id!r} is the first level, where every business starts, so it cannot "
                f"have {field}; put them on the level above",
                "base-level-gated",
            )


def _check_bands(spec: RubricSpec, report: _Report) -> None:
    """Bands must tile 0-100 in level order, so every index falls in exactly one."""
    banded = [(i, level) for i, level in enumerate(spec.levels) if level.band is not None]
    previous = None
    for i, level in banded:
        assert level.band is not None
        low, high = level.band.low, level.band.high
        path: Path = ("levels", i, "band")
        if low >= high:
            message = f"the band of {level.id!r} is empty: 'from' must be below 'to'"
            report.error(path, message, "band-empty")
        if previous is None:
            if low > 0:
                report.error(
                    path,
                    f"gap between bands: no band covers an index from 0 to {low:g}; "
                    f"start the band of {level.id!r} at 0",
                    "band-gap",
                )
        else:
            assert previous.band is not None
            before = previous.band.high
            if before < low:
                report.error(
                    path,
                    f"gap between bands: {previous.id!r} ends at {before:g} and {level.id!r} "
                    f"starts at {low:g}, so an index between them is in no band",
                    "band-gap",
                )
            elif before > low:
                report.error(
                    path,
                    f"bands overlap: {previous.id!r} runs to {before:g} but {level.id!r} starts "
                    f"at {low:g}, so an index from {low:g} to {before:g} is in both",
                    "band-overlap",
                )
        previous = level
    if banded and banded[-1][1].band.high < 100:  # type: ignore[union-attr]
        i, level = banded[-1]
        report.error(
            ("levels", i, "band", "to"),
            f"gap between bands: no band covers an index above {level.band.high:g}; "  # type: ignore[union-attr]
            f"end the band of {level.id!r} at 100",
            "band-gap",
        )


def _check_recommendations(spec: RubricSpec, report: _Report) -> None:
    """Each dimension needs advice for each step, or its actions have no text or effort."""
    for i, dim in enumerate(spec.dimensions):
        seen: set[int] = set()
        for j, rec in enumerate(dim.recommendations):
            if rec.level in seen:
                report.error(
                    ("dimensions", i, "recommendations", j, "level"),
                    f"dimension {dim.id!r} has a second recommendation for step {rec.level}; "
                    "only the first would ever be shown",
                    "duplicate-recommendation",
                )
            seen.add(rec.level)
        missing = [step for step in STEP_SCORES if step not in seen]
        if missing:
            steps = ", ".join(f"{step} (scores {STEP_SCORES[step]})" for step in missing)
            where: Path = ("dimensions", i)
            if dim.recommendations:
                where = (*where, "recommendations")
            report.error(
                where,
                f"dimension {dim.id!r} has no recommendation for step {steps}: a business "
                "scoring there would get no advice, and its actions no effort",
                "missing-recommendation",
            )


def _check_evidence(spec: RubricSpec, report: _Report) -> None:
    cited = {e for rule in spec.rules for e in rule.evidence}
    cited |= {e for strategy in spec.strategies for e in strategy.evidence}
    for i, evidence in enumerate(spec.evidence):
        if evidence.source is None:
            report.error(
                ("evidence", i),
                f"evidence {evidence.id!r} has no source: a report would cite its figure "
                "without one; add source: {title: ..., publisher: ...}",
                "evidence-without-source",
            )
        if evidence.id not in cited:
            report.warning(
                ("evidence", i, "id"),
                f"evidence {evidence.id!r} is cited by no rule or strategy, so no report shows it",
                "evidence-uncited",
            )


def _check_roadmap(spec: RubricSpec, report: _Report) -> None:
    if not spec.roadmap:
        return
    placed = {dim for phase in spec.roadmap for dim in phase.dimensions}
    for i, dim in enumerate(spec.dimensions):
        if dim.id not in placed:
            report.warning(
                ("dimensions", i, "id"),
                f"dimension {dim.id!r} is in no roadmap phase, so its actions come last, "
                "under 'Later'",
                "roadmap-missing",
            )


def load_rubric(doc: YamlDocument) -> CompiledRubric:
    """Check and compile a parsed rubric file, or raise :class:`RubricError`.

    Every error-level check of this module runs here, so a
    rubric that any command loads (and the cache keeps) has passed them all.
    """
    result = lint_document(doc)
    if result.errors or result.rubric is None:
        raise RubricError([f.problem for f in result.errors])
    return result.rubric
