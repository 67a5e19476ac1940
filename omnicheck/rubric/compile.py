"""Turn a rubric file into the compiled form that scoring reads.

Compiling checks every cross-reference (a ``when`` that names a missing
question, a rule that targets an unknown strategy, ...), expands the sections
into questions (:mod:`omnicheck.rubric.sections`), and builds the lookup
tables that scoring needs. It is done once per run, not once per business,
which matters when a batch scores thousands. The checks of sense (weights,
bands, conditions that can never hold) are in :mod:`omnicheck.rubric.lint`,
which :func:`omnicheck.rubric.lint.load_rubric` runs.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from omnicheck.errors import Problem, RubricError
from omnicheck.rubric.codes import Refused, code_of
from omnicheck.rubric.compiled import (
    BASE_METRICS,
    CompiledRubric,
    Dimension,
    Evidence,
    Gate,
    Guardrail,
    Level,
    Phase,
    Question,
    Recommendation,
    Rule,
    Source,
    Strategy,
)
from omnicheck.rubric.conditions import Condition, MetricTest, walk
from omnicheck.rubric.kinds import kind_of
from omnicheck.rubric.sections import channel_links, expand_sections

if TYPE_CHECKING:
    from pydantic import ValidationError

    from omnicheck.rubric.spec import GateSpec, RubricSpec
    from omnicheck.source.safe_yaml import Path, YamlDocument

#: A file with none of these at the top is some other file, not a broken rubric.
_RUBRIC_KEYS = {"id", "sections", "dimensions", "levels"}

__all__ = ["CompiledRubric", "Question", "compile_rubric", "validate_spec"]


def validate_spec(doc: YamlDocument) -> RubricSpec:
    """The rubric file's structure, checked by pydantic, or :class:`RubricError`."""
    from pydantic import ValidationError

    from omnicheck.rubric.spec import RubricSpec

    data = doc.data
    what = None
    if isinstance(data, dict) and "answers" in data and "sections" not in data:
        what = "looks-like-answers"
    elif not isinstance(data, dict) or not _RUBRIC_KEYS & set(data):
        what = "not-a-rubric"
    if what is not None:
        raise RubricError([replace(doc.problem((), "", code="not-a-rubric"), what=what)])
    try:
        return RubricSpec.model_validate(doc.data)
    except ValidationError as exc:
        raise RubricError(_pydantic_problems(exc, doc)) from None


def _pydantic_problems(exc: ValidationError, doc: YamlDocument) -> list[Problem]:
    problems = []
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        where = ".".join(str(p) for p in loc) or "rubric"
        if err["type"] == "extra_forbidden":
            problem = doc.problem(loc, "", at_key=True, code="unknown-field")
            problems.append(replace(problem, what="unknown-field", args={"where": where}))
            continue
        # pydantic's own words, or (a Problem) what a validator in rubric.spec refused
        refused = err.get("ctx", {}).get("error")
        detail: str | Problem = err["msg"]
        if isinstance(refused, Refused):
            detail = Problem(doc.source, "", what=refused.what, args=refused.args_)
        elif err["type"] == "value_error" and refused is not None:
            detail = str(refused)  # as pydantic words it, without its "Value error, "
        unquoted = err["type"] == "string_type" and loc[-1:] == ("version",)
        args = {"where": where, "detail": detail, "unquoted_version": unquoted}
        problems.append(
            replace(doc.problem(loc, "", code="invalid-value"), what="invalid-value", args=args)
        )
    return problems


def compile_rubric(spec: RubricSpec, doc: YamlDocument | None = None) -> CompiledRubric:
    """Check cross-references and build lookup tables; every problem is reported at once."""
    checker = _Checker(doc)
    links = channel_links(spec, checker.add)
    sections, questions = expand_sections(spec, links, checker.add)
    by_id: dict[str, Question] = {}
    for q in questions:
        if q.id in by_id:
            checker.add((*q.path, "id"), "duplicate-id", kind="question", id=q.id)
        by_id[q.id] = q
    dim_by_id = _unique(spec.dimensions, ("dimensions",), checker, "dimension")
    level_by_id = _unique(spec.levels, ("levels",), checker, "level")
    strategy_by_id = _unique(spec.strategies, ("strategies",), checker, "strategy")
    evidence_by_id = _unique(spec.evidence, ("evidence",), checker, "evidence")
    _check_other_ids(spec, checker)

    metrics = set(BASE_METRICS) | {f"dimension.{d}" for d in dim_by_id}
    # Grown as the questions are checked, not rebuilt for each: that took time in
    # the square of their number (1.2 s of a 4,000-question rubric's lint).
    earlier: set[str] = set()
    for q in questions:
        _check_question(q, by_id, dim_by_id, metrics, spec, checker, earlier)
        earlier.add(q.id)
    for i, level in enumerate(spec.levels):
        for kind in ("gates", "alternatives"):
            for j, gate in enumerate(getattr(level, kind)):
                if gate.metric not in metrics:
                    path: Path = ("levels", i, kind, j, "metric")
                    checker.add(path, "unknown-reference", kind="metric", ref=gate.metric)
    for i, rule in enumerate(spec.rules):
        path = ("rules", i)
        if rule.target not in strategy_by_id:
            where: Path = (*path, "target")
            checker.add(where, "unknown-reference", kind="strategy", ref=rule.target)
        _check_condition(rule.when, (*path, "when"), by_id, metrics, checker)
        _check_refs(rule.evidence, evidence_by_id, (*path, "evidence"), "evidence", checker)
    for i, guard in enumerate(spec.guardrails):
        path = ("guardrails", i)
        if guard.max_level is not None and guard.max_level not in level_by_id:
            where = (*path, "max_level")
            checker.add(where, "unknown-reference", kind="level", ref=guard.max_level)
        _check_condition(guard.when, (*path, "when"), by_id, metrics, checker)
    _check_strategies_and_efforts(spec, dim_by_id, level_by_id, evidence_by_id, checker)
    phase_of: dict[str, tuple[int, str]] = {}
    for i, phase in enumerate(spec.roadmap):
        for j, dim_id in enumerate(phase.dimensions):
            if dim_id not in dim_by_id:
                path = ("roadmap", i, "dimensions", j)
                checker.add(path, "unknown-reference", kind="dimension", ref=dim_id)
            phase_of.setdefault(dim_id, (i, phase.name))
    checker.raise_if_any()

    scored: dict[str, list[Question]] = {d.id: [] for d in spec.dimensions}
    for q in questions:
        if q.dimension is not None:
            scored[q.dimension].append(q)
    dimensions = tuple(
        Dimension(
            d.id,
            d.name,
            d.summary,
            d.basis,
            d.weight,
            tuple(Recommendation(r.level, r.text, r.effort) for r in d.recommendations),
        )
        for d in spec.dimensions
    )
    levels = tuple(
        Level(
            level.id,
            level.name,
            level.summary,
            (level.band.low, level.band.high) if level.band else None,
            tuple(_gate(g) for g in level.gates),
            tuple(_gate(g) for g in level.alternatives),
        )
        for level in spec.levels
    )
    strategies = {
        s.id: Strategy(
            s.id,
            s.name,
            s.summary,
            tuple(s.advantages),
            tuple(s.drawbacks),
            tuple(s.requirements),
            tuple(s.evidence),
            tuple(s.plan.dimensions) if s.plan else (),
            s.plan.links if s.plan else True,
        )
        for s in spec.strategies
    }
    return CompiledRubric(
        id=spec.id,
        version=spec.version,
        title=spec.title,
        description=spec.description,
        efforts=dict(spec.efforts),
        sections=sections,
        questions=questions,
        by_id=by_id,
        dimensions=dimensions,
        dimension_by_id={d.id: d for d in dimensions},
        links=links,
        levels=levels,
        level_rank={level.id: i for i, level in enumerate(levels)},
        strategy_by_id=strategies,
        rules=tuple(Rule(r.id, r.target, r.when, r.reason, tuple(r.evidence)) for r in spec.rules),
        guardrails=tuple(
            Guardrail(g.id, g.when, g.max_level, g.max_steps_up, g.never_below_current, g.reason)
            for g in spec.guardrails
        ),
        roadmap=tuple(Phase(p.id, p.name, tuple(p.dimensions)) for p in spec.roadmap),
        evidence=tuple(
            Evidence(
                e.id, e.finding, e.caveat, Source(**e.source.model_dump()) if e.source else None
            )
            for e in spec.evidence
        ),
        phase_of_dimension=phase_of,
        scored_by_dimension={k: tuple(v) for k, v in scored.items()},
    )


def _check_strategies_and_efforts(
    spec: RubricSpec,
    dim_by_id: dict[str, Any],
    level_by_id: dict[str, Any],
    evidence_by_id: dict[str, Any],
    checker: _Checker,
) -> None:
    """References out of strategies and the effort names that steps and advice use."""
    if spec.channel_links is not None:
        effort = spec.channel_links.handoff.effort
        if effort is not None and effort not in spec.efforts:
            where: Path = ("channel_links", "handoff", "effort")
            checker.add(where, "unknown-reference", kind="effort", ref=effort)
    for i, strategy in enumerate(spec.strategies):
        for j, dim_id in enumerate(strategy.plan.dimensions if strategy.plan else ()):
            if dim_id not in dim_by_id:
                path = ("strategies", i, "plan", "dimensions", j)
                checker.add(path, "unknown-reference", kind="dimension", ref=dim_id)
        if strategy.id not in level_by_id:
            where = ("strategies", i, "id")
            checker.add(where, "strategy-not-a-level", strategy=strategy.id)
        _check_refs(
            strategy.evidence, evidence_by_id, ("strategies", i, "evidence"), "evidence", checker
        )
    for i, dim in enumerate(spec.dimensions):
        for j, rec in enumerate(dim.recommendations):
            if rec.effort not in spec.efforts:
                where = ("dimensions", i, "recommendations", j, "effort")
                checker.add(where, "unknown-reference", kind="effort", ref=rec.effort)


def _gate(g: GateSpec) -> Gate:
    return Gate(g.id, g.label, g.metric, g.test, g.remedy)


class _Checker:
    def __init__(self, doc: YamlDocument | None) -> None:
        self.doc = doc
        self.problems: list[Problem] = []

    def add(self, path: Path, what: str, **args: Any) -> None:
        """The problem ``what`` at ``path``; without the file, located by the path's keys
        (``at-path``, which words the problem after them)."""
        code = code_of(what)
        if self.doc is None:
            inner = Problem("rubric", "", code=code, what=what, args=args)
            where = ".".join(map(str, path))
            outer = Problem(
                "rubric", "", code=code, what="at-path", args={"path": where, "problem": inner}
            )
            self.problems.append(outer)
        else:
            self.problems.append(
                replace(self.doc.problem(path, "", code=code), what=what, args=args)
            )

    def raise_if_any(self) -> None:
        if self.problems:
            raise RubricError(self.problems)


def _unique(items: list[Any], path: Path, checker: _Checker, kind: str) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    for i, item in enumerate(items):
        if item.id in seen:
            checker.add((*path, i, "id"), "duplicate-id", kind=kind, id=item.id)
        seen.setdefault(item.id, item)
    return seen


def _check_other_ids(spec: RubricSpec, checker: _Checker) -> None:
    """Ids nothing refers to must still be unique: reports and answers name them."""
    _unique(spec.rules, ("rules",), checker, "rule")
    _unique(spec.guardrails, ("guardrails",), checker, "guardrail")
    _unique(spec.sections, ("sections",), checker, "section")
    _unique(spec.roadmap, ("roadmap",), checker, "roadmap-phase")
    if spec.channel_links is not None:
        _unique(spec.channel_links.stages, ("channel_links", "stages"), checker, "stage")
    for i, level in enumerate(spec.levels):
        seen: set[str] = set()
        for kind in ("alternatives", "gates"):
            for j, gate in enumerate(getattr(level, kind)):
                if gate.id in seen:
                    path = ("levels", i, kind, j, "id")
                    checker.add(path, "duplicate-id", kind="gate", id=gate.id)
                seen.add(gate.id)


def _check_refs(
    refs: list[str], known: dict[str, Any], path: Path, kind: str, checker: _Checker
) -> None:
    for i, ref in enumerate(refs):
        if ref not in known:
            checker.add((*path, i), "unknown-reference", kind=kind, ref=ref)


def _check_question(
    q: Question,
    by_id: dict[str, Question],
    dims: dict[str, Any],
    metrics: set[str],
    spec: RubricSpec,
    checker: _Checker,
    earlier: set[str],
) -> None:
    if q.dimension is not None and q.dimension not in dims:
        where: Path = (*q.path, "dimension")
        checker.add(where, "unknown-reference", kind="dimension", ref=q.dimension)
    if q.effort is not None and q.effort not in spec.efforts:
        checker.add((*q.path, "effort"), "unknown-reference", kind="effort", ref=q.effort)
    seen: set[str] = set()
    for j, opt in enumerate(q.options):
        if opt.id in seen:
            path = (*q.path, "options", j, "id")
            checker.add(path, "duplicate-id", kind="option", id=opt.id)
        seen.add(opt.id)
    # A question may only depend on questions asked before it, so asking in order works.
    _check_condition(q.when, (*q.path, "when"), by_id, set(), checker, earlier)
    if q.link_role is None:  # generated hand-off options read the channels question
        for j, opt in enumerate(q.options):
            path = (*q.path, "options", j, "when")
            _check_condition(opt.when, path, by_id, set(), checker, earlier)
    if q.link_role == "handoff":
        return
    for j, opt in enumerate(q.options):
        if opt.effort is not None and opt.effort not in spec.efforts:
            where = (*q.path, "options", j, "effort")
            checker.add(where, "unknown-reference", kind="effort", ref=opt.effort)
        # A prerequisite may read any question and metric: it is tested on a plan's state.
        _check_condition(opt.requires, (*q.path, "options", j, "requires"), by_id, metrics, checker)


def _check_condition(
    cond: Condition | None,
    path: Path,
    by_id: dict[str, Question],
    metrics: set[str],
    checker: _Checker,
    earlier: set[str] | None = None,
) -> None:
    if cond is None:
        return
    for test in walk(cond):
        if isinstance(test, MetricTest):
            if test.metric not in metrics:
                checker.add(path, "unknown-reference", kind="metric", ref=test.metric)
            continue
        target = by_id.get(test.question)
        if target is None:
            checker.add(path, "condition-names-unknown-question", question=test.question)
            continue
        if earlier is not None and test.question not in earlier:
            checker.add(path, "condition-reads-later-question", question=test.question)
        if test.op in ("is", "in") and kind_of(target).many:
            checker.add(path, "is-on-multi", op=test.op, question=target.id)
            continue
        values = test.value if isinstance(test.value, frozenset) else {test.value}
        if test.op in ("is", "in", "has", "has_any", "has_all"):
            for value in sorted(values):
                if value not in target.option_by_id:
                    what = "condition-names-unknown-option"
                    checker.add(path, what, option=value, question=target.id)
