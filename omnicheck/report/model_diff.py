"""The diff's typed model (``omnicheck.diff/3``): what :func:`.diff.diff_assessments` returns.

Like :mod:`omnicheck.report.model`, the classes are the JSON's own shapes, and
``diff-3.schema.json`` is generated from them. A gate that changed is the
report's :class:`~omnicheck.report.model.Check` with the diff's extra keys,
so the two documents share one shape of a check.
"""

from __future__ import annotations

from typing import Annotated, Literal

from typing_extensions import NotRequired

from omnicheck.report.model import Channel, Check, IsoDate, RubricRef, StepKind
from omnicheck.report.model_base import JsonSchema, TypedDict


class QuestionRef(TypedDict):
    id: str
    text: str


class SetAside(TypedDict):
    question: str
    text: str
    kind: Annotated[str, JsonSchema(enum=["unknown", "not_applicable", "invalid"])]
    reason: str


class Side(TypedDict):
    source: str
    file: str
    assessed: IsoDate
    business: str
    rubric: RubricRef
    answered_version: str
    level: str
    level_name: str
    index: float | None
    coverage_percent: float | None
    target: str
    next_level: str | None
    set_aside: list[SetAside]
    unanswered: list[str]
    unanswered_questions: list[QuestionRef]


Change = TypedDict("Change", {"from": float | None, "to": float | None, "change": float | None})


class DimensionChange(Change):
    id: str
    name: str


LevelChange = TypedDict(
    "LevelChange",
    {
        "from": str,
        "to": str,
        "from_name": str,
        "to_name": str,
        "change": Annotated[str, JsonSchema(enum=["up", "down", "same"])],
    },
)


#: An answer that changed (one not scored both times, among ``other_changes``; or any
#: that moved a gate, in its ``because``): ``from`` and ``to`` are the rubric's words
#: for the answers, or null when it has none, which the reports word from the answer
#: (an option id, ids, ``n/a`` or null when not answered) and reason.
AnswerChange = TypedDict(
    "AnswerChange",
    {
        "question": str,
        "text": str,
        "from": str | None,
        "to": str | None,
        "from_answer": str | list[str] | None,
        "to_answer": str | list[str] | None,
        "from_reason": str | None,
        "to_reason": str | None,
    },
)


class GateChange(Check):
    level_name: str
    actual_before: float | None


class Reached(TypedDict):
    """A band or alternative that reached a level, with what the templates word it from."""

    id: str
    kind: str  # "band" or "alternative"
    label: str | None  # None: a band
    required: float


class Bypassed(GateChange):
    reached_by: list[Reached]


class GateCrossed(GateChange):
    """A check that is now met, or lost, with the changed answers that moved it there."""

    #: Always written, but not required: a diff/3 file written before it was added
    #: still meets the schema of its version.
    because: NotRequired[list[AnswerChange]]


class Gates(TypedDict):
    met: list[GateCrossed]
    lost: list[GateCrossed]


class Blockers(TypedDict):
    new: list[Check]
    cleared: list[GateChange]
    bypassed: list[Bypassed]
    now: list[Check]


StepDone = TypedDict(
    "StepDone",
    {
        "rank": int,
        "kind": StepKind,
        "question": str,
        "text": str,
        "dimension_name": str,
        "from": str | None,
        "planned": str,
        "now": str,
        "gain_planned": float,
        "unlocked": bool,
    },
)

Decline = TypedDict(
    "Decline",
    {"question": str, "text": str, "from": str, "to": str, "score_from": int, "score_to": int},
)

TargetChange = TypedDict("TargetChange", {"from": str, "to": str, "from_name": str, "to_name": str})


class Channels(TypedDict):
    added: list[Channel]
    removed: list[Channel]


class RubricChange(TypedDict):
    old_version: str
    new_version: str
    differs: bool
    scored_with: list[str]
    compared: Annotated[str, JsonSchema(enum=["rubrics", "answers"])]
    questions_added: list[QuestionRef]
    questions_removed: list[QuestionRef]


class Diff(TypedDict):
    """What changed from the earlier assessment to the later (``omnicheck.diff/3``)."""

    schema: Literal["omnicheck.diff/3"]
    omnicheck_version: str
    old: Side
    new: Side
    ordered_by: Annotated[str, JsonSchema(enum=["assessed", "arguments"])]
    swapped: bool
    same_business: bool
    level: LevelChange
    index: Change
    dimensions: list[DimensionChange]
    gates: Gates
    steps_done: list[StepDone]
    declines: list[Decline]
    other_changes: list[AnswerChange]
    blockers: Blockers
    target: TargetChange
    channels: Channels
    rubric: RubricChange
