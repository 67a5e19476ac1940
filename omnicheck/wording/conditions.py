"""A condition in words: "Channels includes Online shop and Goal is Loyalty".

The rubric names its questions, options and metrics (``short``, ``label``,
a dimension's ``name``); this module joins those names into a sentence for
reports, prompts, templates and problems. It reads only a
:class:`~omnicheck.rubric.conditions.NamedCondition`, the condition and the
names it needs, so a problem can carry one across a batch's workers.
"""

from __future__ import annotations

from omnicheck.rubric.conditions import AllOf, AnyOf, Condition, MetricTest, NamedCondition, NotOf
from omnicheck.wording.scoring import metric_name

_SYMBOLS = {"at_least": "≥", "at_most": "≤", "above": ">", "below": "<"}
_VERBS = {"in": "is one of", "has_any": "includes any of", "has_all": "includes all of"}


def describe(named: NamedCondition) -> str:
    """``named`` in plain English, with the rubric's names."""
    return _words(named.condition, named, nested=False)


def _words(condition: Condition, names: NamedCondition, *, nested: bool) -> str:
    if isinstance(condition, MetricTest):
        symbol = _SYMBOLS[condition.op]
        name = metric_name(condition.metric, names.metric_label(condition.metric))
        return f"{name} {symbol} {condition.value:g}"
    if isinstance(condition, AllOf | AnyOf):
        joiner = " and " if isinstance(condition, AllOf) else " or "
        parts = [_words(i, names, nested=True) for i in condition.items]
        text = joiner.join(parts)
        return f"({text})" if nested and len(parts) > 1 else text
    if isinstance(condition, NotOf):
        return f"not {_words(condition.item, names, nested=True)}"
    q = condition.question
    subject = names.question_label(q)
    value = condition.value
    if condition.op in ("is", "has"):
        verb = "is" if condition.op == "is" else "includes"
        return f"{subject} {verb} {names.option_label(q, value)}"
    if condition.op in _VERBS:
        listed = " / ".join(names.option_label(q, v) for v in sorted(value))
        return f"{subject} {_VERBS[condition.op]} {listed}"
    if condition.op == "answered":
        return f"{subject} is {'answered' if value else 'not answered'}"
    bound = "or more" if condition.op == "count_at_least" else "or fewer"
    return f"{subject}: {value} {bound}"
