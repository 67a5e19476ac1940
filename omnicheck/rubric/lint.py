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

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from omnicheck.errors import Problem, RubricError
from omnicheck.rubric.asked import check_never_na, check_quick
from omnicheck.rubric.codes import code_of
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
        return f"{where}: {self.severity}: {p.message or f'[{p.what}]'}"


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
            record = q.link_role == "record"
            where = q.path if record else (*q.path, "advice")
            report.warning(where, "question-without-advice", owner=_owner(q.id, record=record))
    links = rubric.links
    if links is not None and not links.handoff_advice:
        report.warning(("channel_links", "handoff"), "handoffs-without-advice")


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

    def cycle_from(start: str) -> list[str] | None:
        """The first cycle a depth-first walk from ``start`` meets, or None.

        It keeps its own stack rather than recursing: a chain of a few thousand
        prerequisites would pass Python's recursion limit, and copying the path
        at each step would take time in the square of its length.
        """
        path, todo = [start], [iter(sorted(needs.get(start, ())))]
        state[start] = 1
        while todo:
            for other in todo[-1]:
                if state.get(other) == 1:  # on the path: the walk came back to it
                    return [*path[path.index(other) :], other]
                if state.get(other) is None:
                    state[other] = 1
                    path.append(other)
                    todo.append(iter(sorted(needs.get(other, ()))))
                    break
            else:
                state[path.pop()] = 2
                todo.pop()
        return None

    for qid in needs:
        if state.get(qid) is None:
            found = cycle_from(qid)
            if found:
                report.error(where.get(found[0], where[qid]), "prerequisite-cycle", cycle=found)
                return


class _Report:
    def __init__(self, doc: YamlDocument) -> None:
        self.doc = doc
        self.findings: list[Finding] = []

    def error(self, path: Path, what: str, **args: Any) -> None:
        self.findings.append(Finding(ERROR, self._problem(path, what, args)))

    def warning(self, path: Path, what: str, **args: Any) -> None:
        self.findings.append(Finding(WARNING, self._problem(path, what, args)))

    def _problem(self, path: Path, what: str, args: dict[str, Any]) -> Problem:
        """The finding ``what`` at ``path``, as an id and ``args`` for omnicheck.wording."""
        return replace(self.doc.problem(path, "", code=code_of(what)), what=what, args=args)

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
            report.error(("efforts", name), "effort-not-positive", effort=name, points=points)
        elif not SMALLEST_NUMBER <= points <= LARGEST_NUMBER:
            report.error(
                ("efforts", name), "effort-out-of-range", effort=name, points=points, **_RANGE
            )
    for i, dim in enumerate(spec.dimensions):
        where: Path = ("dimensions", i, "weight")
        _positive_weight(dim.weight, where, ("dimension", dim.id), report)
    if spec.channel_links is not None:
        weight = spec.channel_links.record.weight
        path: Path = ("channel_links", "record", "weight")
        _positive_weight(weight, path, _owner(None, record=True), report)
    for i, section in enumerate(spec.sections):
        for j, q in enumerate(section.questions):
            path = ("sections", i, "questions", j)
            if q.dimension is not None:
                _positive_weight(q.weight, (*path, "weight"), _owner(q.id), report)
            for k, option in enumerate(q.options):
                if q.dimension is not None and option.score is None:
                    where = (*path, "options", k)
                    ids = {"option": option.id, "question": q.id, "dimension": q.dimension}
                    report.error(where, "unscored-option", **ids)
                elif q.dimension is None and option.score is not None:
                    where = (*path, "options", k, "score")
                    report.warning(
                        where, "score-without-dimension", option=option.id, question=q.id
                    )


#: The range every weight and effort must be in, as a finding about one gives it.
_RANGE = {"low": SMALLEST_NUMBER, "high": LARGEST_NUMBER}


def _owner(qid: str | None, *, record: bool = False) -> tuple[str, str | None]:
    """What a finding is about, for its words: ("question", id) or ("record", None)."""
    return ("record", None) if record else ("question", qid)


def _positive_weight(
    weight: float, path: Path, owner: tuple[str, str | None], report: _Report
) -> None:
    if weight <= 0:
        report.error(path, "weight-not-positive", owner=owner, weight=weight)
    elif not SMALLEST_NUMBER <= weight <= LARGEST_NUMBER:
        report.error(path, "weight-out-of-range", owner=owner, weight=weight, **_RANGE)


def _check_base_level(spec: RubricSpec, report: _Report) -> None:
    """Every business starts at the first level, so nothing can be asked of it."""
    if not spec.levels:
        return
    base = spec.levels[0]
    for field in ("gates", "alternatives"):
        if getattr(base, field):
            report.error(("levels", 0, field), "base-level-gated", level=base.id, field=field)


def _check_bands(spec: RubricSpec, report: _Report) -> None:
    """Bands must tile 0-100 in level order, so every index falls in exactly one."""
    banded = [(i, level) for i, level in enumerate(spec.levels) if level.band is not None]
    previous = None
    for i, level in banded:
        assert level.band is not None
        low, high = level.band.low, level.band.high
        path: Path = ("levels", i, "band")
        if low >= high:
            report.error(path, "band-empty", level=level.id)
        if previous is None:
            if low > 0:
                report.error(path, "band-gap-at-start", level=level.id, low=low)
        else:
            assert previous.band is not None
            before = previous.band.high
            ids = {"previous": previous.id, "before": before, "level": level.id, "low": low}
            if before < low:
                report.error(path, "band-gap", **ids)
            elif before > low:
                report.error(path, "band-overlap", **ids)
        previous = level
    if banded and banded[-1][1].band.high < 100:  # type: ignore[union-attr]
        i, level = banded[-1]
        high = level.band.high  # type: ignore[union-attr]
        report.error(("levels", i, "band", "to"), "band-gap-at-end", level=level.id, high=high)


def _check_recommendations(spec: RubricSpec, report: _Report) -> None:
    """Each dimension needs advice for each step, or its actions have no text or effort."""
    for i, dim in enumerate(spec.dimensions):
        seen: set[int] = set()
        for j, rec in enumerate(dim.recommendations):
            if rec.level in seen:
                where: Path = ("dimensions", i, "recommendations", j, "level")
                report.error(where, "duplicate-recommendation", dimension=dim.id, step=rec.level)
            seen.add(rec.level)
        missing = [step for step in STEP_SCORES if step not in seen]
        if missing:
            steps = tuple((step, STEP_SCORES[step]) for step in missing)
            where = ("dimensions", i)
            if dim.recommendations:
                where = (*where, "recommendations")
            report.error(where, "missing-recommendation", dimension=dim.id, steps=steps)


def _check_evidence(spec: RubricSpec, report: _Report) -> None:
    cited = {e for rule in spec.rules for e in rule.evidence}
    cited |= {e for strategy in spec.strategies for e in strategy.evidence}
    for i, evidence in enumerate(spec.evidence):
        if evidence.source is None:
            report.error(("evidence", i), "evidence-without-source", evidence=evidence.id)
        if evidence.id not in cited:
            report.warning(("evidence", i, "id"), "evidence-uncited", evidence=evidence.id)


def _check_roadmap(spec: RubricSpec, report: _Report) -> None:
    if not spec.roadmap:
        return
    placed = {dim for phase in spec.roadmap for dim in phase.dimensions}
    for i, dim in enumerate(spec.dimensions):
        if dim.id not in placed:
            report.warning(("dimensions", i, "id"), "roadmap-missing", dimension=dim.id)


def load_rubric(doc: YamlDocument) -> CompiledRubric:
    """Check and compile a parsed rubric file, or raise :class:`RubricError`.

    Every error-level check of this module runs here, so a
    rubric that any command loads (and the cache keeps) has passed them all.
    """
    result = lint_document(doc)
    if result.errors or result.rubric is None:
        raise RubricError([f.problem for f in result.errors])
    return result.rubric
