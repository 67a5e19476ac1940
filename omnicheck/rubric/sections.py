"""Sections into questions: the rubric's own questions, and the generated link questions.

A ``channel_links`` section holds no questions in the file; it is filled
with one record question and one hand-off question per channel of the
channels question, so a rubric author writes the link scale once and every
channel gets it. Each question carries its section's condition folded into
its own, and the path of the YAML it came from, so problems found later
still point at the right line.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Protocol

from omnicheck.rubric.compiled import ChannelLinks, Option, Question, Section
from omnicheck.rubric.conditions import AllOf, Condition, QuestionTest
from omnicheck.rubric.kinds import kind_named

if TYPE_CHECKING:
    from omnicheck.rubric.spec import RubricSpec
    from omnicheck.source.safe_yaml import Path


class AddProblem(Protocol):
    """Records the problem ``what`` (see rubric.codes) at a path of the rubric file, with
    the parameters omnicheck.wording words it with."""

    def __call__(self, path: Path, what: str, **args: Any) -> None: ...


def _option(spec: Any) -> Option:
    return Option(
        spec.id,
        spec.label,
        spec.description,
        spec.score,
        spec.when,
        spec.effort,
        spec.advice,
        spec.requires,
    )


def expand_sections(
    spec: RubricSpec, links: ChannelLinks | None, add: AddProblem
) -> tuple[tuple[Section, ...], tuple[Question, ...]]:
    sections = []
    questions: list[Question] = []
    # The questions every link question depends on: n/a there would leave the
    # links undecided and the report contradicting itself.
    never_na = {links.question, links.other_name_question} if links is not None else set()
    for i, sec in enumerate(spec.sections):
        if sec.kind == "channel_links":
            if sec.questions:
                add(("sections", i, "questions"), "links-section-questions")
            if links is None:
                add(("sections", i, "kind"), "missing-channel-links")
                generated: list[Question] = []
            else:
                generated = list(_link_questions(spec, links, sec.id, sec.when))
            sec_questions = generated
        else:
            sec_questions = [
                _question(
                    q,
                    sec.id,
                    _and(sec.when, q.when),
                    ("sections", i, "questions", j),
                    allow_na=q.allow_na and q.id not in never_na,
                    # a choice in a checks section is a yes/no check (rubric.kinds.yes_no)
                    answer_kind=_in_checks(q.kind) if sec.kind == "checks" else "",
                )
                for j, q in enumerate(sec.questions)
            ]
        questions.extend(sec_questions)
        sections.append(
            Section(sec.id, sec.title, sec.intro, sec.kind, sec.when, tuple(sec_questions))
        )
    if links is not None and not any(sec.kind == "channel_links" for sec in spec.sections):
        # Scoring reads every channel's link answers; without a section to
        # hold them the questions would not exist and scoring would fail.
        add(("channel_links",), "missing-links-section")
    return tuple(sections), tuple(questions)


def _in_checks(kind: str) -> str:
    found = kind_named(kind)
    return (found.in_checks if found is not None else None) or ""


def _and(a: Condition | None, b: Condition | None) -> Condition | None:
    if a is None or b is None:
        return a or b
    return AllOf((a, b))


def _question(
    q: Any, section: str, when: Condition | None, path: Path, *, allow_na: bool, answer_kind: str
) -> Question:
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
        allow_na=allow_na,
        path=path,
        own_when=q.when,
        advice=q.advice,
        quick=q.quick,
        answer_kind=answer_kind,
    )


def channel_links(spec: RubricSpec, add: AddProblem) -> ChannelLinks | None:
    cl = spec.channel_links
    if cl is None:
        return None
    source = next((q for s in spec.sections for q in s.questions if q.id == cl.question), None)
    kind = kind_named(source.kind) if source is not None else None
    if source is None or kind is None or not kind.many:
        add(("channel_links", "question"), "links-question-not-multi", question=cl.question)
        return None
    channels = tuple(o.id for o in source.options)
    if cl.record.dimension not in {d.id for d in spec.dimensions}:
        where: Path = ("channel_links", "record", "dimension")
        add(where, "unknown-reference", kind="dimension", ref=cl.record.dimension)
    if len(cl.record.options) < 2:  # no scale to climb: no link could ever be scored
        add(("channel_links", "record", "options"), "record-too-few-options")
    elif [o.score for o in cl.record.options] != list(range(len(cl.record.options))):
        add(("channel_links", "record", "options"), "record-option-scores")
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
        handoff_advice=cl.handoff.advice,
        handoff_effort=cl.handoff.effort,
        handoff_dimension=cl.handoff.dimension or cl.record.dimension,
        handoff_prefer=tuple(_preferred(cl.handoff.prefer, channels, cl, add)),
    )


def _preferred(
    prefer: list[str], channels: tuple[str, ...], cl: Any, add: AddProblem
) -> Iterator[tuple[str, str, str]]:
    """``from>to@stage`` entries as (from, to, stage), each checked against the rubric."""
    stages = {s.id for s in cl.stages}
    for i, entry in enumerate(prefer):
        source, _, rest = entry.partition(">")
        target, _, stage = rest.partition("@")
        if source in channels and target in channels and source != target and stage in stages:
            yield source, target, stage
        else:
            add(("channel_links", "handoff", "prefer", i), "invalid-preference", entry=entry)


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
            answer_kind="link_level",
            path=("channel_links", "record"),
            own_when=active,
            advice=cl.record.advice,
            quick=cl.record.quick,
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
            answer_kind="handoff",
            path=("channel_links", "handoff"),
            own_when=active,
            quick=cl.handoff.quick,
        )
