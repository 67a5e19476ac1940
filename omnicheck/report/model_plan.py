"""The plan document's typed model (``omnicheck.plan/1``): what ``omnicheck plan`` writes as JSON.

The report's plan, with whose plan it is; ``plan-1.schema.json`` is generated
from these classes, so its plan is the report's plan shape.
"""

from __future__ import annotations

from typing import Literal

from omnicheck.report.model import Business, IsoDate, Plan, RubricRef
from omnicheck.report.model_base import TypedDict
from omnicheck.report.model_history import Named


class PlanDocument(TypedDict):
    """The plan as tasks for a tracker (``omnicheck.plan/1``)."""

    schema: Literal["omnicheck.plan/1"]
    omnicheck_version: str
    rubric: RubricRef
    business: Business
    assessed: IsoDate
    level: str
    level_name: str
    index: float | None
    levels: list[Named]
    plan: Plan
