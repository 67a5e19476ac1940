"""The history's typed model (``omnicheck.history/1``): what :func:`.history.history_data` returns.

Each change between two visits is made of the diff's own shapes (the level,
index, dimension and rubric changes), so history and diff cannot drift apart;
``history-1.schema.json`` is generated from these classes.
"""

from __future__ import annotations

from typing import Annotated, Literal

from omnicheck.report.model import IsoDate, RubricRef, StepKind
from omnicheck.report.model_base import JsonSchema, TypedDict
from omnicheck.report.model_diff import Change, DimensionChange, LevelChange, RubricChange


class BusinessName(TypedDict):
    name: str


class Named(TypedDict):
    id: str
    name: str


class Visit(TypedDict):
    visit: int
    source: str
    file: str
    assessed: IsoDate
    answered_version: str
    level: str
    level_name: str
    level_rank: int
    index: float | None
    coverage: float | None
    target: str
    dimensions: dict[str, float | None]
    plan_steps: int


class GateMoved(TypedDict):
    level: str
    kind: str
    id: str
    label: str | None  # None: a band, which the templates word from `required`
    required: float
    actual: float | None
    actual_before: float | None
    unit: str


StepDoneThen = TypedDict(
    "StepDoneThen",
    {"rank": int, "kind": StepKind, "question": str, "text": str, "from": str | None, "to": str},
)

VisitChange = TypedDict(
    "VisitChange",
    {
        "from": int,
        "to": int,
        "level": LevelChange,
        "index": Change,
        "dimensions": list[DimensionChange],
        "gates_met": list[GateMoved],
        "gates_lost": list[GateMoved],
        "steps_planned": int,
        "steps_done": list[StepDoneThen],
        "rubric": RubricChange,
    },
)


class History(TypedDict):
    """A business over many visits (``omnicheck.history/1``)."""

    schema: Literal["omnicheck.history/1"]
    omnicheck_version: str
    business: BusinessName
    rubric: RubricRef
    ordered_by: Annotated[str, JsonSchema(enum=["assessed", "arguments"])]
    levels: list[Named]
    dimensions: list[Named]
    visits: list[Visit]
    changes: list[VisitChange]
    rubric_changed: bool
