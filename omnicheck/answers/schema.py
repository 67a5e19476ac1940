"""The JSON Schema (draft 2020-12) of an answers file for one rubric.

Editors that read JSON Schema (VS Code and others, through the YAML language
server) then complete question ids and option ids as the user types, show
each question's text, and underline an unknown question or option at once.

The schema accepts exactly the shapes :mod:`omnicheck.answers.validate` accepts,
including what YAML makes of unquoted ``yes``/``no`` (booleans) and of
numeric option ids (integers). What it cannot express, it leaves to
``omnicheck validate``: which questions apply given earlier answers, and
which are still missing. So every answer may be empty (null) here.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from omnicheck.answers.checks import DATE_PATTERN, NA
from omnicheck.answers.merge import CONSENSUS
from omnicheck.answers.notes import note_schema
from omnicheck.answers.validate import STATUSES
from omnicheck.rubric.compiled import CompiledRubric, Option, Question
from omnicheck.rubric.kinds import kind_of

# The schema's descriptions are text for people, so this module words conditions with
# the edge's words: it is the core's one way up, with answers.template, until both move
# out of the core (see tests/test_wording.py).
from omnicheck.wording.conditions import describe

DRAFT = "https://json-schema.org/draft/2020-12/schema"
#: ``n/a`` in any case, with spaces around it, as the validator reads it.
NA_PATTERN = r"^\s*[nN]/[aA]\s*$"


def schema_file_name(rubric: CompiledRubric) -> str:
    """One schema per rubric version, so old answers keep pointing at their own.

    A version is free text ("2024/1", "../x"), so only safe characters of it
    go into the name: the file must land beside the answers, nowhere else.
    """
    version = re.sub(r"[^A-Za-z0-9._-]+", "-", rubric.version).strip(".-") or "version"
    return f"{rubric.id}-{version}.schema.json"


def answers_schema(rubric: CompiledRubric) -> dict[str, Any]:
    """The schema as plain data."""
    defs: dict[str, Any] = {
        "not-applicable": {
            "description": 'Not applicable: left out of the score. Write "n/a" or {n/a: reason}.',
            "anyOf": [
                {"const": NA},  # what editors offer as a completion
                {"type": "string", "pattern": NA_PATTERN},
                {
                    "type": "object",
                    "minProperties": 1,
                    "maxProperties": 1,
                    "patternProperties": {NA_PATTERN: {}},
                    "additionalProperties": False,
                },
            ],
        },
        # Any plain value is read as text, but "n/a" means not applicable.
        "text": {
            "type": ["string", "number", "boolean"],
            "pattern": r"\S",
            "not": {"type": "string", "pattern": NA_PATTERN},
        },
    }
    answers = {}
    for q in rubric.questions:
        if kind_of(q).has_options:
            defs[f"options.{q.id}"] = {"anyOf": [_option_schema(o) for o in q.options]}
        answers[q.id] = note_schema(_question_schema(rubric, q))  # and {answer, note, evidence}
    version = rubric.version
    return {
        "$schema": DRAFT,
        "title": f"omnicheck answers: {rubric.title} ({rubric.id} {version})",
        "description": (
            "Answers for one business. Write them with 'omnicheck template', check them "
            "with 'omnicheck validate', which also knows which questions apply."
        ),
        "type": "object",
        "required": ["rubric", "business"],
        "additionalProperties": False,
        "properties": {
            "rubric": {
                "description": "The rubric these answers are for.",
                "type": "object",
                "required": ["id", "version"],
                "additionalProperties": False,
                "properties": {"id": {"const": rubric.id}, "version": {"const": version}},
            },
            "status": {"enum": list(STATUSES)},
            "depth": {
                "description": "quick: a quick check, where only the quick questions need "
                "answers and the level and target are provisional.",
                "enum": ["full", "quick"] if any(q.quick for q in rubric.questions) else ["full"],
            },
            "assessed": {
                "description": "The day the answers were given, as YYYY-MM-DD.",
                # A string: the YAML language server reads 2026-03-14 as text (YAML 1.2).
                "type": ["string", "null"],
                "format": "date",
                "pattern": DATE_PATTERN,
            },
            "business": {
                "description": "The business's name, and any details to show in the report.",
                "type": "object",
                "required": ["name"],
                # Read as the text typed, so "name: 2024" is a name; a detail is one value.
                "properties": {"name": {"type": ["string", "number", "boolean"], "pattern": r"\S"}},
                "additionalProperties": {"type": ["string", "number", "boolean", "null"]},
            },
            "answers": {
                "type": ["object", "null"],
                "additionalProperties": False,
                "properties": answers,
            },
            "set_aside": {
                "description": "Answers about channels unticked in omnicheck assess, kept "
                "until it confirms removing them. Never scored.",
                "type": ["object", "null"],
                "propertyNames": {"enum": sorted(q.id for q in rubric.questions)},
            },
            **team_schema(answers),
        },
        "$defs": defs,
    }


def _option_schema(option: Option) -> dict[str, Any]:
    """One option: its id, plus the value YAML reads when the id is not quoted.

    The validator matches the text typed first, so an unquoted ``off`` answers
    an option "off" although YAML reads false.
    """
    values: list[Any] = [option.id]
    loaded = yaml.safe_load(option.id)
    if isinstance(loaded, bool | int | float):
        values.append(loaded)
    schema: dict[str, Any] = {"const": values[0]} if len(values) == 1 else {"enum": values}
    schema["title"] = option.label
    if option.description:
        schema["description"] = option.description
    return schema


def _question_schema(rubric: CompiledRubric, q: Question) -> dict[str, Any]:
    # Options first: editors report a wrong value against the first alternative,
    # so "reech" is met with the list of options rather than "expected null".
    choices: list[dict[str, Any]] = kind_of(q).schema({"$ref": f"#/$defs/options.{q.id}"})
    if q.allow_na:
        choices.append({"$ref": "#/$defs/not-applicable"})
    choices.append({"type": "null"})
    description = q.text
    if q.own_when is not None:
        when = describe(rubric.named(q.own_when))
        description += f" (Applies only when: {when}.)"
    if q.allow_na:
        description += f" {NA} if it does not apply to you."
    return {"title": q.short, "description": description, "anyOf": choices}


def team_schema(answers: dict[str, Any]) -> dict[str, Any]:
    """The JSON Schema of ``respondent``, ``consensus`` and ``respondents`` (see
    :mod:`omnicheck.answers.respondents`);
    ``answers`` is the schema of each question's answer."""
    text: dict[str, Any] = {"type": "string", "pattern": r"\S"}
    named: dict[str, Any] = {"name": text, "role": text}
    who: dict[str, Any] = {"type": "object", "required": ["name"], "properties": named}
    own = {"type": ["object", "null"], "additionalProperties": False, "properties": answers}
    return {
        "respondent": {
            "description": "Who gave these answers: a name, or a name and a role.",
            "anyOf": [text, {**who, "additionalProperties": False}],
        },
        "consensus": {"enum": list(CONSENSUS)},
        "respondents": {
            "description": "Written by 'omnicheck merge': each respondent's own answers.",
            "type": "array",
            "minItems": 1,
            "items": {
                **who,
                "required": ["name", "answers"],
                "additionalProperties": False,
                "properties": {
                    **named,
                    "source": text,
                    "assessed": {"type": "string", "pattern": DATE_PATTERN},
                    "answers": own,
                },
            },
        },
    }
