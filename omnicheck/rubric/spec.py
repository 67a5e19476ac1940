"""The shape of a rubric file, as pydantic models: the schema, not the runtime form.

These models check the YAML a rubric author writes: field names, types and
ranges, each error located by its path. Cross-references (does a ``when``
name a real question?) are checked when the rubric is compiled
(:mod:`omnicheck.rubric.compile`) into the plain dataclasses of
:mod:`omnicheck.rubric.compiled`. This module is imported only when a rubric has
to be checked, not when a cached compiled rubric is reused.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PlainValidator, model_validator

from omnicheck.rubric.codes import Refused
from omnicheck.rubric.conditions import METRIC_OPS, MetricTest, parse_condition
from omnicheck.rubric.kinds import authored_kinds, kind_named

if TYPE_CHECKING:
    from omnicheck.rubric.conditions import Condition

    When = Condition | None
else:
    When = Annotated[Any, PlainValidator(lambda raw: None if raw is None else parse_condition(raw))]

Id = Annotated[str, Field(min_length=1, max_length=80, pattern=r"^[a-z0-9][a-z0-9_.@-]*$")]
Text = Annotated[str, Field(min_length=1)]
Score = Annotated[int, Field(ge=0, le=4)]


def _kind(raw: Any) -> str:
    """A kind a rubric may name (rubric.kinds), with the words of pydantic's own
    ``Literal`` check, so a registered kind needs no change here."""
    names = authored_kinds()
    if isinstance(raw, str) and raw in names:
        return raw
    raise Refused("unknown-kind", expected=tuple(names))


KindName = Annotated[str, PlainValidator(_kind)]


class Spec(BaseModel):
    # NaN and infinity would turn every mean they touch into NaN.
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class OptionSpec(Spec):
    id: Id
    label: Text
    description: str = ""
    score: Score | None = None
    when: When = None
    #: The plan's step up to this option: its effort and advice, when the question's own
    #: do not fit this step.
    effort: Id | None = None
    advice: str = ""
    #: A plan never raises an answer to this option before this holds (a prerequisite).
    requires: When = None


class QuestionSpec(Spec):
    id: Id
    kind: KindName
    text: Text
    short: str | None = None
    help: str = ""
    dimension: Id | None = None
    #: Weights, scores and bands are checked for sense by rubric_lint, with the
    #: other semantic checks, so that all such problems are reported together.
    weight: float = 1.0
    effort: Id | None = None
    #: What to do to raise this answer, in one or two sentences (a plan step's text).
    advice: str = ""
    options: list[OptionSpec] = []
    when: When = None
    required: bool = True
    allow_na: bool = True
    #: Asked in the quick check (``assess --quick``) as well as the full questionnaire.
    quick: bool = False

    @model_validator(mode="after")
    def _options_fit_kind(self) -> QuestionSpec:
        kind = kind_named(self.kind)
        assert kind is not None  # KindName
        if not kind.has_options and self.options:
            raise Refused("kind-without-options", kind=self.kind)
        if kind.has_options and len(self.options) < 2:
            raise Refused("kind-needs-two-options", kind=self.kind)
        if self.dimension is not None and not kind.scorable:
            raise Refused("scored-not-single")
        return self


class SectionSpec(Spec):
    id: Id
    title: Text
    intro: str = ""
    when: When = None
    #: ``checks``: yes/no continuity checks, reported in a table of their own.
    #: ``channel_links``: the compiler fills the section with link questions.
    kind: Literal["questions", "checks", "channel_links"] = "questions"
    questions: list[QuestionSpec] = []


class RecommendationSpec(Spec):
    level: int = Field(ge=0, le=3)
    text: Text
    effort: Id


class DimensionSpec(Spec):
    id: Id
    name: Text
    summary: str = ""
    basis: str = ""
    weight: float
    recommendations: list[RecommendationSpec] = []


class LinkQuestionSpec(Spec):
    text: Text
    short: Text
    help: str = ""
    #: Asked for every channel in the quick check too.
    quick: bool = False


class RecordLinkSpec(LinkQuestionSpec):
    dimension: Id
    weight: float
    options: list[OptionSpec]
    #: A plan step's text; ``{channel}`` is replaced by the channel's name.
    advice: str = ""


class HandoffSpec(LinkQuestionSpec):
    #: A plan's hand-off step: ``{source}``, ``{target}`` and ``{stage}`` name its channels
    #: and journey stage.
    advice: str = ""
    effort: Id | None = None
    #: The dimension whose roadmap phase hand-off steps belong to (the record's by default).
    dimension: Id | None = None
    #: Hand-offs a plan tries first, as ``from>to@stage``; then channels in listed order.
    prefer: list[str] = []


class StageSpec(Spec):
    id: Id
    name: Text


class ChannelLinksSpec(Spec):
    question: Id
    other_option: Id | None = None
    other_name_question: Id | None = None
    stages: list[StageSpec] = Field(min_length=1)
    record: RecordLinkSpec
    handoff: HandoffSpec


class GateSpec(Spec):
    """A metric threshold with its remedy kept beside it, as data."""

    id: Id
    label: Text
    metric: Text
    at_least: float | None = None
    at_most: float | None = None
    above: float | None = None
    below: float | None = None
    remedy: str = ""

    @model_validator(mode="after")
    def _one_threshold(self) -> GateSpec:
        given = [op for op in METRIC_OPS if getattr(self, op) is not None]
        if len(given) != 1:
            raise Refused("gate-takes-one-threshold", ops=METRIC_OPS)
        return self

    @property
    def test(self) -> MetricTest:
        op = next(op for op in METRIC_OPS if getattr(self, op) is not None)
        return MetricTest(self.metric, op, float(getattr(self, op)))


class BandSpec(Spec):
    model_config = ConfigDict(
        extra="forbid", frozen=True, populate_by_name=True, allow_inf_nan=False
    )

    low: float = Field(alias="from", ge=0, le=100)
    high: float = Field(alias="to", ge=0, le=100)


class LevelSpec(Spec):
    id: Id
    name: Text
    summary: str = ""
    band: BandSpec | None = None
    gates: list[GateSpec] = []
    #: Reaching any of these also reaches the level when the index is below its band.
    alternatives: list[GateSpec] = []


class StrategyPlanSpec(Spec):
    """How a strategy shapes a plan's improve part."""

    #: Only these dimensions get improve steps (all, when empty).
    dimensions: list[Id] = []
    #: Whether record-link and hand-off steps are offered beyond reaching the target.
    links: bool = True


class StrategySpec(Spec):
    id: Id
    name: Text
    summary: str = ""
    advantages: list[Text] = []
    drawbacks: list[Text] = []
    requirements: list[Text] = []
    evidence: list[Id] = []
    plan: StrategyPlanSpec | None = None


class RuleSpec(Spec):
    id: Id
    target: Id
    when: When = None
    reason: Text
    evidence: list[Id] = []


class GuardrailSpec(Spec):
    id: Id
    when: When = None
    max_level: Id | None = None
    max_steps_up: int | None = Field(default=None, ge=0)
    never_below_current: bool = False
    reason: Text

    @model_validator(mode="after")
    def _one_effect(self) -> GuardrailSpec:
        effects = [self.max_level is not None, self.max_steps_up is not None]
        if sum(effects) + self.never_below_current != 1:
            raise Refused("guardrail-takes-one-effect")
        return self


class PhaseSpec(Spec):
    id: Id
    name: Text
    dimensions: list[Id] = Field(min_length=1)


class SourceSpec(Spec):
    title: Text
    publisher: Text
    year: int | None = None
    author: str | None = None
    url: str | None = None
    note: str | None = None


class EvidenceSpec(Spec):
    id: Id
    finding: Text
    caveat: Text
    source: SourceSpec | None = None


class ScaleStepSpec(Spec):
    score: Score
    label: Text


class RubricSpec(Spec):
    id: Id
    version: Annotated[str, Field(min_length=1)]
    title: Text
    description: str = ""
    answer_scale: list[ScaleStepSpec] = []
    efforts: dict[str, float] = Field(min_length=1)
    sections: list[SectionSpec] = Field(min_length=1)
    channel_links: ChannelLinksSpec | None = None
    dimensions: list[DimensionSpec] = Field(min_length=1)
    levels: list[LevelSpec] = Field(min_length=2)
    strategies: list[StrategySpec] = []
    rules: list[RuleSpec] = []
    guardrails: list[GuardrailSpec] = []
    roadmap: list[PhaseSpec] = []
    evidence: list[EvidenceSpec] = []
