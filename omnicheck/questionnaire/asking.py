"""``--ask``: naming the questions to ask again as the screen names them.

A person reads a question's short name ("Budget") and its section's title
("Customer data and identity") on screen, not its id; ``--ask`` takes any of
the three, case and spacing aside. ``business`` stands for the name and every
detail.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from omnicheck.errors import UsageError
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
    """Question ids for ``--ask``; ``whole_sections=False`` leaves out sections named."""
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
        messages = []
        for name in unknown:
            hint = difflib.get_close_matches(name, known, n=1)
            messages.append(f"{name!r}" + (f" (did you mean {hint[0]!r}?)" if hint else ""))
        raise UsageError(
            f"--ask: unknown question {', '.join(messages)}; name a question by its id or "
            "short name, or a section by its title, as the review screen shows them "
            "('omnicheck template' lists the ids; 'business' re-asks the name and details)"
        )
    return out
