"""The report's ``target`` part: the strategy proposed and why.

Kept apart from :mod:`omnicheck.report.data` because it answers a question of
its own: which rule fired, which of its tests the business matched, and what
held a higher strategy back, each with the business's own answer or figure.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from omnicheck.report.figures import whole
from omnicheck.rubric.compiled import CompiledRubric
from omnicheck.rubric.conditions import AllOf, Condition, MetricTest, NotOf, QuestionTest
from omnicheck.scoring.assessment import Assessment
from omnicheck.scoring.target import RuleInput, answer_label, held_back_by, matched_tests
from omnicheck.wording.scoring import metric_name

if TYPE_CHECKING:
    from omnicheck.report.model import HeldBack, Matched, Target
    from omnicheck.report.model_condition import ConditionData


def target_data(rubric: CompiledRubric, a: Assessment) -> Target:
    t = a.target
    strategy = rubric.strategy_by_id.get(t.strategy)
    level_name = rubric.levels[rubric.level_rank[t.strategy]].name
    return {
        "strategy": t.strategy,
        "name": strategy.name if strategy else level_name,
        "level_name": level_name,
        "summary": strategy.summary if strategy else "",
        "current_level": a.level.level,
        "proposed": t.proposed,
        "change": _change(rubric, a.level.level, t.strategy),
        "rule": (
            {
                "id": t.rule,
                "reason": t.reason or "",
                "inputs": [
                    {"kind": i.kind, "id": i.id, "label": _label(i), "value": i.value}
                    for i in t.inputs
                ],
            }
            if t.rule
            else None
        ),
        "reason": t.reason,  # None when no rule matched: the templates say why the level is kept
        "matched": _matched(rubric, a),
        "held_back_by": _held_back(rubric, a),
        "guardrails": [
            {"id": g.id, "reason": g.reason, "before": g.before, "after": g.after}
            for g in t.guardrails
        ],
        "advantages": list(strategy.advantages) if strategy else [],
        "drawbacks": list(strategy.drawbacks) if strategy else [],
        "requirements": list(strategy.requirements) if strategy else [],
    }


def _label(read: RuleInput) -> str:
    """A fact the rule read, named, so that a reader of the JSON with no rubric at hand
    knows what it is: the core gives a question's label and a dimension's name only,
    and a metric is worded here, as conditions and problems word it."""
    if read.kind == "metric":
        return metric_name(read.id, read.label)
    return read.id if read.label is None else read.label  # a question's label is the rubric's


def _matched(rubric: CompiledRubric, a: Assessment) -> list[Matched]:
    """The tests of the fired rule that matched, each with the business's answer or figure."""
    rule = next((r for r in rubric.rules if r.id == a.target.rule), None)
    if rule is None or rule.when is None:
        return []
    values = a.answers.answers
    out: list[Matched] = []
    for test in matched_tests(rule.when, values, a.metrics):
        kind = "metric" if hasattr(test, "metric") else "question"
        ident = str(getattr(test, "metric", None) or getattr(test, "question", ""))
        shown = next((i.value for i in a.target.inputs if i.id == ident), None)
        out.append(
            {
                "kind": kind,
                "id": ident,
                "condition": None,  # kept for report/3; `test` is what the templates word
                "test": condition_data(rubric, test),
                "value": shown,
            }
        )
    return out


def _held_back(rubric: CompiledRubric, a: Assessment) -> HeldBack | None:
    found = held_back_by(rubric, a.answers.answers, a.metrics, a.target.strategy)
    if found is None:
        return None
    rule, test = found
    ident = getattr(test, "metric", None) or getattr(test, "question", None)
    value: str | None
    if ident is None:
        value = ""
    elif hasattr(test, "metric"):
        actual = a.metrics.get(ident)
        value = None if actual is None else str(whole(actual))  # None: the templates word it
    else:
        value = answer_label(rubric, ident, a.answers.answers.get(ident))
    strategy = rubric.strategy_by_id.get(rule.target)
    return {
        "rule": rule.id,
        "kind": "metric" if hasattr(test, "metric") else "question",
        "strategy": rule.target,
        "name": strategy.name if strategy else rule.target,
        "condition": None,
        "test": condition_data(rubric, test),
        "id": ident,
        "value": value,
    }


def _change(rubric: CompiledRubric, current: str, target: str) -> str:
    diff = rubric.level_rank[target] - rubric.level_rank[current]
    # ids, which the templates word
    return "stay" if diff == 0 else "step-up" if diff > 0 else "step-down"


def condition_data(rubric: CompiledRubric, condition: Condition) -> ConditionData:
    """``condition`` as the JSON gives it: its ids, operators and figures, and the rubric's
    words for the questions and options it names, which ``words.txt.j2`` makes a sentence of.
    """
    if isinstance(condition, MetricTest):
        dimension = rubric.dimension_by_id.get(condition.metric.removeprefix("dimension."))
        if not condition.metric.startswith("dimension."):
            dimension = None
        return {
            "kind": "metric",
            "metric": condition.metric,
            "dimension_name": dimension.name if dimension else None,
            "op": condition.op,
            "value": condition.value,
        }
    if isinstance(condition, QuestionTest):
        qid, value = condition.question, condition.value
        options = sorted(value) if isinstance(value, frozenset) else None
        listed = (
            options if options is not None else [value] if condition.op in ("is", "has") else []
        )
        return {
            "kind": "question",
            "question": qid,
            "text": rubric.question_label(qid),
            "op": condition.op,
            "value": options if options is not None else value,
            "labels": [rubric.option_label(qid, option) for option in listed],
        }
    if isinstance(condition, NotOf):
        return {"kind": "not", "item": condition_data(rubric, condition.item)}
    items = [condition_data(rubric, item) for item in condition.items]
    return {"kind": "all" if isinstance(condition, AllOf) else "any", "items": items}
