"""The report's typed model: what :func:`omnicheck.report.data.build_report` returns.

The classes are :class:`TypedDict` s, so the report *is* its JSON: a renderer
reads plain dicts and ``json.dumps`` writes them, at no cost at start-up, while
``mypy --strict`` checks every key a reader looks up against the shapes here.
The shipped JSON Schema (``omnicheck/report/schemas/report-3.schema.json``) is
generated from these classes by ``python -m omnicheck.report.schema_gen``, and a
test holds the shipped file equal to what the classes generate.

Keys that are Python keywords (``from``) need the functional syntax. Every key is
always present (``total=True``); a value that may be missing is ``... | None``.
"""

from __future__ import annotations

from typing import Annotated, Literal

from omnicheck.report.model_base import JsonSchema, TypedDict
from omnicheck.report.model_condition import ConditionData
from omnicheck.report.model_peers import Benchmark
from omnicheck.report.model_team import Disagreement, Note, Respondent

IsoDate = Annotated[str | None, JsonSchema(pattern="^[0-9]{4}-[0-9]{2}-[0-9]{2}$", format="date")]


class RubricRef(TypedDict):
    id: str
    version: str
    title: str


class Business(TypedDict):
    name: str
    details: dict[str, str | float | bool]


class Coverage(TypedDict):
    answered: int
    not_applicable: int
    percent: float | None


class Channel(TypedDict):
    id: str
    name: str


class Recommendation(TypedDict):
    text: str
    effort: str


class DimensionItem(TypedDict):
    question: str
    text: str
    answer: str | list[str] | None
    label: str | None  # None: n/a
    score: int | None
    weight: float


class Dimension(TypedDict):
    id: str
    name: str
    summary: str
    basis: str
    weight: float
    score: float | None
    step: int | None
    answered: int
    not_applicable: int
    questions: int
    provisional: bool
    record_links: float | None
    recommendation: Recommendation | None
    items: list[DimensionItem]


class LinkChannel(TypedDict):
    id: str
    name: str
    record_level: int | None
    record_question: str  # the question asking for the link, in the report's answers
    record_label: str | None  # None: the answer has no words in the rubric (n/a)


class LinkPair(TypedDict):
    a: str
    b: str
    level: int
    stages: list[str]
    via: str


class MatrixRow(TypedDict):
    channel: str
    cells: list[int | None]


Handoff = TypedDict(
    "Handoff",
    {
        "from": str,
        "from_name": str,
        "to": str,
        "to_name": str,
        "stage": str,
        "stage_name": str,
    },
)


class Stage(TypedDict):
    id: str
    name: str
    linked: bool


class Links(TypedDict):
    channels: list[LinkChannel]
    pairs: list[LinkPair]
    matrix: list[MatrixRow]
    handoffs: list[Handoff]
    linked_pairs: int
    density_percent: float | None
    hub_coverage_percent: float | None
    stages: list[Stage]


Band = TypedDict("Band", {"from": float, "to": float})


class Level(TypedDict):
    id: str
    name: str
    summary: str
    band: Band | None
    reached: bool
    current: bool


class Check(TypedDict):
    """One band, gate or alternative of a level, met or not; the diff has the same shape."""

    level: str
    kind: str  # "band", "gate" or "alternative"
    id: str
    label: str | None  # None: a band, which the templates word from `required`
    metric: str
    op: str
    required: float
    actual: float | None
    unit: str  # "%" or ""
    met: bool
    remedy: str
    provisional: bool


class RuleInput(TypedDict):
    kind: str  # "question" or "metric"
    id: str
    label: str
    value: str | None  # None: a metric that is not scored


class Rule(TypedDict):
    id: str
    reason: str
    inputs: list[RuleInput]


class Matched(TypedDict):
    kind: str
    id: str
    condition: None  # kept for this schema version: it was the test in words
    test: ConditionData
    value: str | None  # None: a metric that is not scored


class HeldBack(TypedDict):
    rule: str
    kind: str  # "question" or "metric", as a rule input's
    strategy: str
    name: str
    condition: None  # kept for this schema version: it was the test in words
    test: ConditionData
    id: str | None
    value: str | None  # None: a metric that is not scored


class Guardrail(TypedDict):
    id: str
    reason: str
    before: str
    after: str


class Target(TypedDict):
    strategy: str
    name: str
    level_name: str
    summary: str
    current_level: str
    proposed: str
    change: Annotated[str, JsonSchema(enum=["stay", "step-up", "step-down"])]
    rule: Rule | None
    reason: str | None  # None: no rule matched, and the templates word why the level is kept
    matched: list[Matched]
    held_back_by: HeldBack | None
    guardrails: list[Guardrail]
    advantages: list[str]
    drawbacks: list[str]
    requirements: list[str]


class ReachedAfter(TypedDict):
    level: str
    name: str
    step: int


class Missing(TypedDict):
    id: str
    label: str | None  # None: a level's index band, which the templates word
    remedy: str


class Cleared(TypedDict):
    """A check a plan step clears, with what the templates word it from."""

    id: str
    kind: str  # "band", "gate" or "alternative"
    label: str | None  # None: a band
    required: float


class Option(TypedDict):
    id: str
    label: str


#: The kinds of a plan step, said once for every JSON that holds steps (the report's and
#: the plan's ``steps``, the diff's ``steps_done``, the history's): a raise or a record
#: link moves an answer; a hand-off adds a channel to a list (``add X``), whatever
#: ``from`` holds. The core makes the steps (omnicheck.scoring.plan);
#: tests/test_step_kinds.py holds every kind it can make to this list.
STEP_KINDS = ("raise", "record", "handoff")
StepKind = Annotated[str, JsonSchema(enum=list(STEP_KINDS))]

PlanStep = TypedDict(
    "PlanStep",
    {
        "rank": int,
        "part": str,
        "kind": StepKind,
        "question": str,
        "text": str,
        "dimension": str,
        "dimension_name": str,
        "channel": str | None,
        "from": Option | None,
        "to": Option,
        "clears": list[str],
        "clears_labels": list[str | None],
        "clears_checks": list[Cleared],
        #: The change of the index shown before the step to the one shown after it.
        "gain": float,
        #: The gain before any rounding (to 9 places): what quick wins are ranked by.
        "gain_exact": float,
        "index_after": float | None,
        "level_after": str,
        "effort": str,
        "advice": str,
        "phase": str | None,
        "phase_name": str | None,
        "quick_win": bool,
        "provisional": bool,
        "unlocks": bool,
    },
)


class Plan(TypedDict):
    target: str
    reaches: str
    reaches_name: str
    reached: bool
    reached_after: list[ReachedAfter]
    missing: list[Missing]
    #: How the reach-target search ended (see :attr:`omnicheck.scoring.plan.Plan.search`).
    search: Literal["smallest", "capped", "unreached"]
    steps: list[PlanStep]
    provisional: list[str]


class ScoredOption(TypedDict):
    id: str
    label: str
    score: int | None


class ActionTo(TypedDict):
    id: str
    label: str
    score: int | None
    description: str


Action = TypedDict(
    "Action",
    {
        "rank": int,
        "question": str,
        "text": str,
        "dimension": str,
        "dimension_name": str,
        "from": ScoredOption,
        "to": ActionTo,
        "gain": float,
        "index_after": float | None,
        "level_after": str,
        "unlocks": bool,
        "effort": str,
        "effort_points": float,
        "priority": float,
        "phase": int,
        "phase_name": str | None,
        "why": str,
    },
)


class Phase(TypedDict):
    phase: int
    name: str | None
    dimensions: list[str]
    actions: list[int]


class ContinuityCheck(TypedDict):
    question: str
    text: str
    short: str
    dimension: str | None
    answer: str | None  # the answer's label; None: n/a
    passed: bool | None


class Source(TypedDict):
    title: str
    publisher: str
    year: int | None
    author: str | None
    url: str | None
    note: str | None


class Evidence(TypedDict):
    id: str
    finding: str
    caveat: str
    source: Source | None


class Answer(TypedDict):
    section: str
    section_title: str
    question: str
    text: str
    answer: str | list[str]
    #: The rubric's words for the answer; None for n/a or no option chosen, which the
    #: templates word from ``answer`` and ``reason``.
    label: str | None
    reason: str | None


class Report(TypedDict):
    """The report (``omnicheck.report/3``): the JSON output and every template's input."""

    schema: Literal["omnicheck.report/3"]
    omnicheck_version: str
    rubric: RubricRef
    business: Business
    assessed: IsoDate
    depth: Annotated[str, JsonSchema(enum=["full", "quick"])]  # quick: provisional
    level: str
    level_name: str
    index: float | None
    coverage: Coverage
    channels: list[Channel]
    dimensions: list[Dimension]
    links: Links | None
    levels: list[Level]
    gates: list[Check]
    next_level: str | None
    blockers: list[Check]
    target: Target
    plan: Plan
    actions: list[Action]
    roadmap: list[Phase]
    continuity: list[ContinuityCheck]
    evidence: list[Evidence]
    answers: list[Answer]
    consensus: str | None  # "median" or "lowest", for a merged file
    respondents: list[Respondent]
    disagreements: list[Disagreement]
    notes: list[Note]
    benchmark: Benchmark | None
