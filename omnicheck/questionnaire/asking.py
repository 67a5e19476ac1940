"""Naming the questions to ask again (``assess --ask``) as the screen names them.

A person reads a question's short name ("Budget") and its section's title
("Customer data and identity") on screen, not its id; ``--ask`` takes any of
the three, case and spacing aside. ``business`` stands for the name and every
detail. A name that matches nothing is an :class:`UnknownQuestionError` with
ids only: the command line words it, naming its own option.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from omnicheck.errors import UnknownQuestionError
from omnicheck.questionnaire.details import BUSINESS, DETAIL_QUESTIONS
from omnicheck.rubric.compiled import CompiledRubric


def _key(text: str) -> str:
    return " ".join(text.casefold().split())


def _names(rubric: CompiledRubric) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """(questions by id or short name, questions by section id or title)."""
    questions: dict[str, list[str]] = {}
    for q in (*DETAIL_QUESTIONS, *rubric.questions):
        questions.setdefault(_key(q.id), []).append(q.id)
    for q in (*DETAIL_QUESTIONS, *rubric.questions):
        questions.setdefault(_key(q.short), []).append(q.id)
    sections: dict[str, list[str]] = {_key(BUSINESS): [q.id for q in DETAIL_QUESTIONS]}
    for s in rubric.sections:
        ids = [q.id for q in s.questions]
        sections.setdefault(_key(s.id), ids)
        sections.setdefault(_key(s.title), ids)
    return questions, sections


def expand_ask(
    rubric: CompiledRubric, names: Iterable[str], *, whole_sections: bool = True
) -> list[str]:
    """Question ids for the names given; ``whole_sections=False`` leaves out sections named."""
    questions, sections = _names(rubric)
    out: list[str] = []
    unknown: list[str] = []
    for raw in names:
        key = _key(raw)
        if not key:
            continue
        if key in questions:
            out += [q for q in questions[key] if q not in out]
        elif key in sections:
            if whole_sections:
                out += [q for q in sections[key] if q not in out]
        else:
            unknown.append(raw.strip())
    if unknown:
        known = [q.id for q in (*DETAIL_QUESTIONS, *rubric.questions)] + [BUSINESS]
        nearest = [difflib.get_close_matches(name, known, n=1) for name in unknown]
        raise UnknownQuestionError(
            [(name, hint[0] if hint else None) for name, hint in zip(unknown, nearest, strict=True)]
        )
    return out
