"""Turn a rubric file into the compiled form that scoring reads.

Compiling checks every cross-reference (a ``when`` that names a missing
question, a rule that targets an unknown strategy, ...), expands the channel
link section into one record question and one hand-off question per channel,
and builds the lookup tables that scoring needs. It is done once per run, not
once per business, which matters when a batch scores thousands.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from omnicheck.conditions import AllOf, Condition, MetricTest, QuestionTest, walk
from omnicheck.errors import Problem, RubricError
from omnicheck.rubric_types import (
    BASE_METRICS,
    ChannelLinks,
    CompiledRubric,
    Dimension,
    Evidence,
    Gate,
    Guardrail,
    Level,
    Option,
    Phase,
    Question,
    Recommendation,
    Rule,
    Section,
    Source,
    Strategy,
)

if TYPE_CHECKING:
    from pydantic import ValidationError

    from omnicheck.rubric_model import GateSpec, RubricSpec
    from omnicheck.yaml_source import Path, YamlDocument

__all__ = ["CompiledRubric", "Question", "compile_rubric", "load_rubric"]


def load_rubric(doc: YamlDocument) -> CompiledRubric:
    """Validate and compile a parsed rubric file, or raise :class:`RubricError`."""
    from pydantic import ValidationError

    from omnicheck.rubric_model import RubricSpec

    if not isinstance(doc.data, dict):
        raise RubricError(
            [doc.problem((), "not a rubric: expected a mapping with id, version, ...")]
        )
    try:
        spec = RubricSpec.model_validate(doc.data)
    except ValidationError as exc:
        raise RubricError(_pydantic_problems(exc, doc)) from None
    return compile_rubric(spec, doc)


def _pydantic_problems(exc: ValidationError, doc: YamlDocument) -> list[Problem]:
    problems = []
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        where = ".".join(str(p) for p in loc) or "rubric"
        message = err["msg"].removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            problems.append(doc.problem(loc, f"{where}: unknown field", at_key=True))
            continue
        if err["type"] == "string_type" and loc[-1:] == ("version",):
            message += ' (quote it, as in version: "1.0")'
        problems.append(doc.problem(loc, f"{where}: {message}"))
    return problems


def compile_rubric(spec: RubricSpec, doc: YamlDocument | None = None) -> CompiledRubric:
    """Check cross-references and build lookup tables; every problem is reported at once."""
    checker = _Checker(doc)
    links = _channel_links(spec, checker)
    sections, questions = _expand_sections(spec, links, checker)
    by_id: dict[str, Question] = {}
    for q in questions:
        if q.id in by_id:
            checker.add((*q.path, "id"), f"duplicate question id {q.id!r}")
        by_id[q.id] = q
    dim_by_id = _unique(spec.dimensions, ("dimensions",), checker)
    level_by_id = _unique(spec.levels, ("levels",), checker)
    strategy_by_id = _unique(spec.strategies, ("strategies",), checker)
    evidence_by_id = _unique(spec.evidence, ("evidence",), checker)
    _unique(spec.rules, ("rules",), checker)
    _unique(spec.guardrails, ("guardrails",), checker)

    metrics = set(BASE_METRICS) | {f"dimension.{d}" for d in dim_by_id}
    for position, q in enumerate(questions):
        earlier = {e.id for e in questions[:position]}
        _check_question(q, by_id, dim_by_id, spec, checker, earlier)
    for i, level in enumerate(spec.levels):
        for kind in ("gates", "alternatives"):
            for j, gate in enumerate(getattr(level, kind)):
                if gate.metric not in metrics:
                    checker.add(("levels", i, kind, j, "metric"), f"unknown metric {gate.metric!r}")
    for i, rule in enumerate(spec.rules):
        path = ("rules", i)
        if rule.target not in strategy_by_id:
            checker.add((*path, "target"), f"unknown strategy {rule.target!r}")
        _check_condition(rule.when, (*path, "when"), by_id, metrics, checker)
        _check_refs(rule.evidence, evidence_by_id, (*path, "evidence"), "evidence", checker)
    for i, guard in enumerate(spec.guardrails):
        path = ("guardrails", i)
        if guard.max_level is not None and guard.max_level not in level_by_id:
            checker.add((*path, "max_level"), f"unknown level {guard.max_level!r}")
        _check_condition(guard.when, (*path, "when"), by_id, metrics, checker)
    for i, strategy in enumerate(spec.strategies):
        if strategy.id not in level_by_id:
            checker.add(("strategies", i, "id"), f"strategy {strategy.id!r} is not a level id")
        _check_refs(
            strategy.evidence, evidence_by_id, ("strategies", i, "evidence"), "evidence", checker
        )
    for i, dim in enumerate(spec.dimensions):
        for j, rec in enumerate(dim.recommendations):
            if rec.effort not in spec.efforts:
                checker.add(
                    ("dimensions", i, "recommendations", j, "effort"),
                    f"unknown effort {rec.effort!r}",
                )
    phase_of: dict[str, tuple[int, str]] = {}
    for i, phase in enumerate(spec.roadmap):
        for j, dim_id in enumerate(phase.dimensions):
            if dim_id not in dim_by_id:
                checker.add(("roadmap", i, "dimensions", j), f"unknown dimension {dim_id!r}")
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


def _gate(g: GateSpec) -> Gate:
    return Gate(g.id, g.label, g.metric, g.test, g.remedy)


class _Checker:
    def __init__(self, doc: YamlDocument | None) -> None:
        self.doc = doc
        self.problems: list[Problem] = []

    def add(self, path: Path, message: str) -> None:
        if self.doc is None:
            self.problems.append(Problem("rubric", f"{'.'.join(map(str, path))}: {message}"))
        else:
            self.problems.append(self.doc.problem(path, message))

    def raise_if_any(self) -> None:
        if self.problems:
            raise RubricError(self.problems)


def _unique(items: list[Any], path: Path, checker: _Checker) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    for i, item in enumerate(items):
        if item.id in seen:
            checker.add((*path, i, "id"), f"duplicate id {item.id!r}")
        seen.setdefault(item.id, item)
    return seen


def _check_refs(
    refs: list[str], known: dict[str, Any], path: Path, kind: str, checker: _Checker
) -> None:
    for i, ref in enumerate(refs):
        if ref not in known:
            checker.add((*path, i), f"unknown {kind} {ref!r}")


def _check_question(
    q: Question,
    by_id: dict[str, Question],
    dims: dict[str, Any],
    spec: RubricSpec,
    checker: _Checker,
    earlier: set[str],
) -> None:
    if q.dimension is not None and q.dimension not in dims:
        checker.add((*q.path, "dimension"), f"unknown dimension {q.dimension!r}")
    if q.effort is not None and q.effort not in spec.efforts:
        checker.add((*q.path, "effort"), f"unknown effort {q.effort!r}")
    seen: set[str] = set()
    for j, opt in enumerate(q.options):
        if opt.id in seen:
            checker.add((*q.path, "options", j, "id"), f"duplicate option id {opt.id!r}")
        seen.add(opt.id)
    # A question may only depend on questions asked before it, so asking in order works.
    _check_condition(q.when, (*q.path, "when"), by_id, set(), checker, earlier)


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
                checker.add(path, f"unknown metric {test.metric!r}")
            continue
        target = by_id.get(test.question)
        if target is None:
            checker.add(path, f"condition names unknown question {test.question!r}")
            continue
        if earlier is not None and test.question not in earlier:
            checker.add(path, f"condition reads {test.question!r}, which is not asked earlier")
        values = test.value if isinstance(test.value, frozenset) else {test.value}
        if test.op in ("is", "in", "has", "has_any", "has_all"):
            for value in sorted(values):
                if value not in target.option_by_id:
                    checker.add(path, f"condition names unknown option {value!r} of {target.id!r}")


def _option(spec: Any) -> Option:
    return Option(spec.id, spec.label, spec.description, spec.score, spec.when)


def _expand_sections(
    spec: RubricSpec, links: ChannelLinks | None, checker: _Checker
) -> tuple[tuple[Section, ...], tuple[Question, ...]]:
    sections = []
    questions: list[Question] = []
    for i, sec in enumerate(spec.sections):
        if sec.kind == "channel_links":
            if links is None:
                checker.add(("sections", i, "kind"), "the rubric defines no channel_links")
                generated: list[Question] = []
            else:
                generated = list(_link_questions(spec, links, sec.id, sec.when))
            sec_questions = generated
        else:
            sec_questions = [
                _question(q, sec.id, _and(sec.when, q.when), ("sections", i, "questions", j))
                for j, q in enumerate(sec.questions)
            ]
        questions.extend(sec_questions)
        sections.append(
            Section(sec.id, sec.title, sec.intro, sec.kind, sec.when, tuple(sec_questions))
        )
    return tuple(sections), tuple(questions)


def _and(a: Condition | None, b: Condition | None) -> Condition | None:
    if a is None or b is None:
        return a or b
    return AllOf((a, b))


def _question(q: Any, section: str, when: Condition | None, path: Path) -> Question:
    options = tuple(_option(o) for o in q.options)
    return Question(
        id=q.id,
        kind=q.kind,
        text=q.text,
        short=q.short or q.text,
        help=q.help,
        section=section,
        dimension=q.dimension,
        weight=q.weight,
        effort=q.effort,
        options=options,
        option_by_id={o.id: o for o in options},
        when=when,
        required=q.required,
        allow_na=q.allow_na,
        path=path,
        own_when=q.when,
    )


def _channel_links(spec: RubricSpec, checker: _Checker) -> ChannelLinks | None:
    cl = spec.channel_links
    if cl is None:
        return None
    source = next((q for s in spec.sections for q in s.questions if q.id == cl.question), None)
    if source is None or source.kind != "multi":
        checker.add(
            ("channel_links", "question"), f"{cl.question!r} is not a multi-choice question"
        )
        return None
    channels = tuple(o.id for o in source.options)
    if cl.record.dimension not in {d.id for d in spec.dimensions}:
        checker.add(
            ("channel_links", "record", "dimension"), f"unknown dimension {cl.record.dimension!r}"
        )
    if [o.score for o in cl.record.options] != list(range(len(cl.record.options))):
        checker.add(
            ("channel_links", "record", "options"), "record options must score 0, 1, 2, ..."
        )
    return ChannelLinks(
        question=cl.question,
        channels=channels,
        other_option=cl.other_option,
        other_name_question=cl.other_name_question,
        stages=tuple((s.id, s.name) for s in cl.stages),
        record_question={c: f"record.{c}" for c in channels},
        handoff_question={c: f"handoff.{c}" for c in channels},
        record_dimension=cl.record.dimension,
        record_weight=cl.record.weight,
    )


def _link_questions(
    spec: RubricSpec, links: ChannelLinks, section: str, section_when: Condition | None
) -> Iterator[Question]:
    cl = spec.channel_links
    assert cl is not None
    source = next(q for s in spec.sections for q in s.questions if q.id == cl.question)
    labels = {o.id: o.label for o in source.options}
    record_options = tuple(_option(o) for o in cl.record.options)
    for channel in links.channels:
        active = QuestionTest(links.question, "has", channel)
        when = _and(section_when, active)
        name = labels[channel]
        yield Question(
            id=links.record_question[channel],
            kind="single",
            text=cl.record.text.format(channel=name),
            short=cl.record.short.format(channel=name),
            help=cl.record.help,
            section=section,
            dimension=None,
            weight=cl.record.weight,
            effort=None,
            options=record_options,
            option_by_id={o.id: o for o in record_options},
            when=when,
            required=True,
            allow_na=True,
            channel=channel,
            link_role="record",
            path=("channel_links", "record"),
            own_when=active,
        )
        handoff_options = tuple(
            Option(
                id=f"{other}@{stage_id}",
                label=f"{labels[other]} ({stage_name.lower()})",
                description="",
                score=None,
                when=QuestionTest(links.question, "has", other),
            )
            for other in links.channels
            if other != channel
            for stage_id, stage_name in links.stages
        )
        yield Question(
            id=links.handoff_question[channel],
            kind="multi",
            text=cl.handoff.text.format(channel=name),
            short=cl.handoff.short.format(channel=name),
            help=cl.handoff.help,
            section=section,
            dimension=None,
            weight=1.0,
            effort=None,
            options=handoff_options,
            option_by_id={o.id: o for o in handoff_options},
            when=when,
            required=False,
            allow_na=True,
            channel=channel,
            link_role="handoff",
            path=("channel_links", "handoff"),
            own_when=active,
        )
