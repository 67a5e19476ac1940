"""A rubric condition as the report's JSON gives it: ids, operators and figures, no sentence.

A target's ``matched`` tests and its ``held_back_by`` carry the condition in
this form (``test``), with the rubric's own words for the questions and
options it names; ``report_templates/words.txt.j2`` words it. It mirrors the
rubric's condition language (:mod:`omnicheck.rubric.conditions`): a test of a
metric or of an answer, or ``all``, ``any`` and ``not`` of others.
"""

from __future__ import annotations

from typing import Literal, TypeAlias

from omnicheck.report.model_base import TypedDict


class ConditionMetric(TypedDict):
    """A figure against a threshold: ``op`` is ``at_least``, ``at_most``, ``above`` or ``below``."""

    kind: Literal["metric"]
    metric: str
    #: The dimension's name for a ``dimension.ID`` metric, else null.
    dimension_name: str | None
    op: str
    value: float


class ConditionQuestion(TypedDict):
    """An answer against the rubric's options: ``op`` is one of the rubric's question
    operators (``is``, ``in``, ``has``, ``has_any``, ``has_all``, ``count_at_least``,
    ``count_at_most``, ``answered``), ``value`` what it compares with (option ids,
    sorted, for ``in``, ``has_any`` and ``has_all``), and ``labels`` the rubric's
    words for the options it names, in the same order."""

    kind: Literal["question"]
    question: str
    #: The question's short text in the rubric (its id when the rubric has no such question).
    text: str
    op: str
    value: str | list[str] | int | bool
    labels: list[str]


class ConditionCombined(TypedDict):
    """``all`` (every one holds) or ``any`` (one holds) of the ``items``."""

    kind: Literal["all", "any"]
    items: list[ConditionData]


class ConditionNot(TypedDict):
    """The ``item`` does not hold."""

    kind: Literal["not"]
    item: ConditionData


ConditionData: TypeAlias = ConditionMetric | ConditionQuestion | ConditionCombined | ConditionNot
