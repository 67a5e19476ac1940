"""The compiled rubric: plain, immutable data that scoring and reports read.

These classes deliberately do not use pydantic. Pydantic checks a rubric file
once (:mod:`omnicheck.rubric.spec`), on the first run after the file
changes; the result is cached as these dataclasses, so an ordinary
``omnicheck report`` never imports pydantic, which alone would cost more than
the rest of the command.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import Field, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from omnicheck.rubric.conditions import (
    COMPARISONS,
    Condition,
    MetricTest,
    NamedCondition,
    walk,
)
from omnicheck.rubric.frozen import frozen

if TYPE_CHECKING:
    from omnicheck.source.safe_yaml import Path

#: Metrics that gates and rules may read, besides ``dimension.<id>``; their names for
#: people are omnicheck.wording.scoring's (BASE_METRIC_NAMES).
BASE_METRICS = (
    "index",
    "channel_count",
    "linked_pairs",
    "link_density",
    "hub_coverage",
    "stages_linked",
    "coverage",
)


_T = TypeVar("_T")
#: Where :meth:`CompiledRubric.derived` keeps its tables, in the instance's ``__dict__``.
_DERIVED = "_derived"

#: A metric test ready to run: (metric, comparison, threshold).
MetricCheck = tuple[str, Callable[[float, float], bool], float]
#: A level's (band start or None, alternatives, gates), see CompiledRubric.level_tests.
LevelTests = tuple[float | None, tuple[MetricCheck, ...], tuple[MetricCheck, ...]]


@frozen
class Option:
    id: str
    label: str
    description: str
    score: int | None
    when: Condition | None
    #: The plan's step up to this option, when it differs from the question's.
    effort: str | None = None
    advice: str = ""
    #: A plan never raises an answer to this option before this holds.
    requires: Condition | None = None


@frozen
class Question:
    """A question as asked and scored, with its section's condition folded in."""

    id: str
    kind: str
    text: str
    short: str
    help: str
    section: str
    dimension: str | None
    weight: float
    effort: str | None
    options: tuple[Option, ...]
    option_by_id: dict[str, Option]
    when: Condition | None
    required: bool
    allow_na: bool
    #: For generated link questions: the channel it is about.
    channel: str | None = None
    path: Path = ()
    #: The question's own condition, without its section's (for help text).
    own_when: Condition | None = None
    #: A plan step's text for raising this answer (a template for link questions).
    advice: str = ""
    #: Part of the quick check (``assess --quick``).
    quick: bool = False
    #: Its kind in :mod:`omnicheck.rubric.kinds` where that is not ``kind`` (a link or a check).
    answer_kind: str = ""

    @property
    def link_role(self) -> str | None:
        """``record`` or ``handoff`` for a generated link question, else None.

        Its kind's (:attr:`omnicheck.rubric.kinds.Kind.link_role`), not a field of its
        own: the compiler gave both, and the two could disagree.
        """
        from omnicheck.rubric.kinds import kind_of

        return kind_of(self).link_role

    @property
    def scored(self) -> bool:
        return self.dimension is not None or self.link_role == "record"


@frozen
class Section:
    id: str
    title: str
    intro: str
    kind: str
    when: Condition | None
    questions: tuple[Question, ...]


@frozen
class ChannelLinks:
    question: str
    channels: tuple[str, ...]
    other_option: str | None
    other_name_question: str | None
    stages: tuple[tuple[str, str], ...]
    record_question: dict[str, str]
    handoff_question: dict[str, str]
    record_dimension: str
    record_weight: float
    #: A hand-off step's advice template, effort, and the hand-offs tried first.
    handoff_advice: str = ""
    handoff_effort: str | None = None
    handoff_prefer: tuple[tuple[str, str, str], ...] = ()
    handoff_dimension: str = ""


@frozen
class Recommendation:
    level: int
    text: str
    effort: str


@frozen
class Dimension:
    id: str
    name: str
    summary: str
    basis: str
    weight: float
    recommendations: tuple[Recommendation, ...]


@frozen
class Gate:
    """A metric threshold with its remedy kept beside it, as data."""

    id: str
    label: str
    metric: str
    test: MetricTest
    remedy: str


@frozen
class Level:
    id: str
    name: str
    summary: str
    #: (from, to) of the integration index; None for the base level.
    band: tuple[float, float] | None
    gates: tuple[Gate, ...]
    #: Reaching any of these also reaches the level when the index is below its band.
    alternatives: tuple[Gate, ...]


@frozen
class Strategy:
    id: str
    name: str
    summary: str
    advantages: tuple[str, ...]
    drawbacks: tuple[str, ...]
    requirements: tuple[str, ...]
    evidence: tuple[str, ...]
    #: The plan's shape: the dimensions it improves (all when empty), and whether it links.
    plan_dimensions: tuple[str, ...] = ()
    plan_links: bool = True


@frozen
class Rule:
    id: str
    target: str
    when: Condition | None
    reason: str
    evidence: tuple[str, ...]


@frozen
class Guardrail:
    id: str
    when: Condition | None
    max_level: str | None
    max_steps_up: int | None
    never_below_current: bool
    reason: str


@frozen
class Phase:
    id: str
    name: str
    dimensions: tuple[str, ...]


@frozen
class Source:
    if TYPE_CHECKING:  # a dataclass's mark, which mypy does not give a transformed class
        __dataclass_fields__: ClassVar[dict[str, Field[Any]]]

    title: str
    publisher: str
    year: int | None
    author: str | None
    url: str | None
    note: str | None


@frozen
class Evidence:
    id: str
    finding: str
    caveat: str
    source: Source | None


@frozen
class CompiledRubric:
    id: str
    version: str
    title: str
    description: str
    efforts: dict[str, float]
    sections: tuple[Section, ...]
    questions: tuple[Question, ...]
    by_id: dict[str, Question]
    dimensions: tuple[Dimension, ...]
    dimension_by_id: dict[str, Dimension]
    links: ChannelLinks | None
    levels: tuple[Level, ...]
    level_rank: dict[str, int]
    strategy_by_id: dict[str, Strategy]
    rules: tuple[Rule, ...]
    guardrails: tuple[Guardrail, ...]
    roadmap: tuple[Phase, ...]
    evidence: tuple[Evidence, ...]
    phase_of_dimension: dict[str, tuple[int, str]]
    #: Scored questions per dimension, excluding record links (scored as one aggregate).
    scored_by_dimension: dict[str, tuple[Question, ...]] = field(default_factory=dict)

    # Lookup tables derived from the fields above, built on first use and kept
    # for the life of the rubric: a batch compiles the rubric once and scores
    # thousands of businesses with it.

    @cached_property
    def question_order(self) -> dict[str, int]:
        """Each question's place in asking order."""
        return {q.id: i for i, q in enumerate(self.questions)}

    @cached_property
    def step_up(self) -> dict[str, dict[str, Option]]:
        """Per scored question, the option one step up from each scored option.

        One step up is the lowest score above the current one; the top option has none.
        """
        table: dict[str, dict[str, Option]] = {}
        for q in self.questions:
            if not q.scored:
                continue
            scored = [o for o in q.options if o.score is not None]
            ups: dict[str, Option] = {}
            for o in scored:
                higher = [h for h in scored if (h.score or 0) > (o.score or 0)]
                if higher:
                    ups[o.id] = min(higher, key=lambda h: h.score or 0)
            table[q.id] = ups
        return table

    @cached_property
    def level_tests(self) -> tuple[LevelTests, ...]:
        """Each level above the base: its band's start, alternatives and gates as plain tuples.

        A band from 0 (or none) admits everyone and is None here. The what-if
        loop tests these a dozen times per business.
        """

        def tests(gates: tuple[Gate, ...]) -> tuple[MetricCheck, ...]:
            return tuple((g.metric, COMPARISONS[g.test.op], g.test.value) for g in gates)

        return tuple(
            (
                level.band[0] if level.band and level.band[0] > 0 else None,
                tests(level.alternatives),
                tests(level.gates),
            )
            for level in self.levels[1:]
        )

    @cached_property
    def levels_only_rise(self) -> bool:
        """Whether every gate and alternative asks for a figure at least (or above) a value.

        Then a change that lowers no figure cannot lose a level already reached,
        which lets the what-if test only the levels above (see levels.LevelOutlook).
        A rubric with an "at most" or "below" gate gets no such shortcut.
        """
        rising = (COMPARISONS["at_least"], COMPARISONS["above"])
        return all(
            test in rising
            for _, alternatives, gates in self.level_tests
            for _, test, _ in (*alternatives, *gates)
        )

    def derived(self, build: Callable[[CompiledRubric], _T]) -> _T:
        """``build(self)``, computed on first use and kept for the life of the rubric.

        Each module keeps the tables it needs to score fast (compiled
        conditions, score lookups) beside the code that reads them, and builds
        them here once per rubric rather than once per business. They hold
        closures, so they are left out when the rubric is pickled for the
        cache (see ``__getstate__``) and rebuilt on first use after loading.
        """
        tables: dict[Callable[[CompiledRubric], Any], Any] = self.__dict__.setdefault(_DERIVED, {})
        try:
            return tables[build]  # type: ignore[no-any-return]
        except KeyError:
            value = tables[build] = build(self)
            return value

    def __getstate__(self) -> dict[str, Any]:
        """What pickling keeps: the fields and plain cached tables, not the derived ones."""
        state = dict(self.__dict__)
        state.pop(_DERIVED, None)
        return state

    def metric_label(self, metric: str) -> str | None:
        """The rubric's own word for what ``metric`` reads: a dimension score's dimension
        name; None for a base metric, which the rubric does not name. Only a name, no
        sentence, so that the core holds no English:
        :func:`omnicheck.wording.scoring.metric_name` words the metric from its id and this."""
        if metric.startswith("dimension."):
            dim = self.dimension_by_id.get(metric.removeprefix("dimension."))
            return dim.name if dim else None
        return None

    def question_label(self, qid: str) -> str:
        q = self.by_id.get(qid)
        return q.short if q else qid

    def option_label(self, qid: str, oid: str) -> str:
        q = self.by_id.get(qid)
        opt = q.option_by_id.get(oid) if q else None
        return opt.label if opt else oid

    def named(self, condition: Condition) -> NamedCondition:
        """``condition`` with this rubric's names for the questions, options and metrics it
        tests: what a problem about it carries, for :mod:`omnicheck.wording` to word."""
        questions: dict[str, str] = {}
        options: dict[tuple[str, str], str] = {}
        metrics: dict[str, str] = {}
        for test in walk(condition):
            if isinstance(test, MetricTest):
                label = self.metric_label(test.metric)
                if label is not None:
                    metrics[test.metric] = label
                continue
            qid = test.question
            questions[qid] = self.question_label(qid)
            if test.op in ("is", "has"):
                options[qid, test.value] = self.option_label(qid, test.value)
            elif test.op in ("in", "has_any", "has_all"):
                options.update({(qid, v): self.option_label(qid, v) for v in test.value})
        return NamedCondition(condition, questions, options, metrics)

    def effort_points(self, effort: str) -> float:
        return self.efforts[effort]
