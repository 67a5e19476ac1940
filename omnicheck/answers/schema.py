"""The JSON Schema (draft 2020-12) of an answers file for one rubric.

Editors that read JSON Schema (VS Code and others, through the YAML language
server) then complete question ids and option ids as the user types, show
each question's text, and underline an unknown question or option at once.

The schema accepts exactly the shapes :mod:`omnicheck.answers.validate` accepts,
including what YAML makes of unquoted ``yes``/``no`` (booleans) and of
numeric option ids (integers). What it cannot express, it leaves to
``omnicheck validate``: which questions apply given earlier answers, and
which are still missing. So every answer may be empty (null) here.

The schema's own words for people (its title, what each property is, when a
question applies) are :class:`Said` here, an id and its parameters, as a
problem is; :func:`omnicheck.wording.schema.answers_schema` words them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml

from omnicheck.answers.checks import DATE_PATTERN, NA
from omnicheck.answers.merge import CONSENSUS
from omnicheck.answers.notes import note_schema
from omnicheck.answers.validate import STATUSES
from omnicheck.rubric.compiled import CompiledRubric, Option, Question
from omnicheck.rubric.kinds import kind_of

DRAFT = "https://json-schema.org/draft/2020-12/schema"
#: ``n/a`` in any case, with spaces around it, as the validator reads it.
NA_PATTERN = r"^\s*[nN]/[aA]\s*$"


@dataclass(frozen=True, slots=True)
class Said:
    """What the schema says to people at this place: ``what`` names it, ``args`` are what
    it says it of. Not JSON, so a schema left unworded cannot be written out."""

    what: str
    args: Mapping[str, Any] = field(default_factory=dict)


def schema_file_name(rubric: CompiledRubric) -> str:
    """One schema per rubric version, so old answers keep pointing at their own.

    A version is free text ("2024/1", "../x"), so only safe characters of it
    go into the name: the file must land beside the answers, nowhere else.
    """
    version = re.sub(r"[^A-Za-z0-9._-]+", "-", rubric.version).strip(".-") or "version"
    return f"{rubric.id}-{version}.schema.json"


def schema_shape(rubric: CompiledRubric) -> dict[str, Any]:
    """The schema as plain data, with its words for people :class:`Said`, to word."""
    defs: dict[str, Any] = {
        "not-applicable": {
            "description": Said("not-applicable"),
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
        "title": Said("title", {"title": rubric.title, "id": rubric.id, "version": version}),
        "description": Said("answers"),
        "type": "object",
        "required": ["rubric", "business"],
        "additionalProperties": False,
        "properties": {
            "rubric": {
                "description": Said("rubric"),
                "type": "object",
                "required": ["id", "version"],
                "additionalProperties": False,
                "properties": {"id": {"const": rubric.id}, "version": {"const": version}},
            },
            "status": {"enum": list(STATUSES)},
            "depth": {
                "description": Said("depth"),
                "enum": ["full", "quick"] if any(q.quick for q in rubric.questions) else ["full"],
            },
            "assessed": {
                "description": Said("assessed"),
                # A string: the YAML language server reads 2026-03-14 as text (YAML 1.2).
                "type": ["string", "null"],
                "format": "date",
                "pattern": DATE_PATTERN,
            },
            "business": {
                "description": Said("business"),
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
                "description": Said("set-aside"),
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
    when = None if q.own_when is None else rubric.named(q.own_when)
    description = Said("question", {"text": q.text, "when": when, "allow_na": q.allow_na})
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
            "description": Said("respondent"),
            "anyOf": [text, {**who, "additionalProperties": False}],
        },
        "consensus": {"enum": list(CONSENSUS)},
        "respondents": {
            "description": Said("respondents"),
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
