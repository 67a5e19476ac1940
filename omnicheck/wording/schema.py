"""The words of an answers file's JSON Schema: its title, and what each property is.

:func:`omnicheck.answers.schema.schema_shape` gives the schema with each of
its words for people as a :class:`~omnicheck.answers.schema.Said`, an id
and its parameters; the rubric's own words (a question's short text, an
option's label) are already in place. This module words the rest, where
they stand, so the keys keep their order.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from omnicheck.answers.checks import NA
from omnicheck.answers.schema import Said, schema_shape
from omnicheck.rubric.compiled import CompiledRubric
from omnicheck.wording.conditions import describe


def _question(a: Mapping[str, Any]) -> str:
    """A question's text, when it applies, and that n/a is an answer where it is."""
    text = str(a["text"])
    if a["when"] is not None:
        text += f" (Applies only when: {describe(a['when'])}.)"
    if a["allow_na"]:
        text += f" {NA} if it does not apply to you."
    return text


#: The words of each :class:`Said`, from its parameters.
WORDS: dict[str, Callable[[Mapping[str, Any]], str]] = {
    "title": lambda a: f"omnicheck answers: {a['title']} ({a['id']} {a['version']})",
    "answers": lambda a: (
        "Answers for one business. Write them with 'omnicheck template', check them "
        "with 'omnicheck validate', which also knows which questions apply."
    ),
    "not-applicable": lambda a: (
        'Not applicable: left out of the score. Write "n/a" or {n/a: reason}.'
    ),
    "rubric": lambda a: "The rubric these answers are for.",
    "depth": lambda a: (
        "quick: a quick check, where only the quick questions need answers and the level "
        "and target are provisional."
    ),
    "assessed": lambda a: "The day the answers were given, as YYYY-MM-DD.",
    "business": lambda a: "The business's name, and any details to show in the report.",
    "set-aside": lambda a: (
        "Answers about channels unticked in omnicheck assess, kept until it confirms "
        "removing them. Never scored."
    ),
    "respondent": lambda a: "Who gave these answers: a name, or a name and a role.",
    "respondents": lambda a: "Written by 'omnicheck merge': each respondent's own answers.",
    "question": _question,
}


def answers_schema(rubric: CompiledRubric) -> dict[str, Any]:
    """The JSON Schema of an answers file for ``rubric``, in words: what ``omnicheck
    schema`` writes, and ``omnicheck template`` beside the answers."""
    worded: dict[str, Any] = _worded(schema_shape(rubric))
    return worded


def _worded(value: Any) -> Any:
    """``value`` with every :class:`Said` in it worded: the core builds the schema's shape
    with no English, and this is where its words join it; each dict's keys stay in
    their order, which is the order an editor shows them in."""
    if isinstance(value, Said):
        return WORDS[value.what](value.args)
    if isinstance(value, dict):
        return {key: _worded(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_worded(item) for item in value]
    return value
