"""An answers file's text, the way a person would write it: rubric order, one answer a line.

The file is the same format people write by hand (see
:mod:`omnicheck.answers.validate`), with a ``status`` that says whether it is
finished, grouped under a comment per section (the rubric's titles) so that
it stays easy to read and edit. What it says to the person who opens it is
the caller's (:class:`Comments`): ``omnicheck assess``, which saves after
every answer (:mod:`omnicheck.questionnaire.saving`), words it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any, NamedTuple

import yaml

from omnicheck.answers.checks import NA
from omnicheck.answers.notes import Note, annotated
from omnicheck.rubric.compiled import CompiledRubric
from omnicheck.rubric.conditions import AnswerValue, NotApplicable


class Comments(NamedTuple):
    """What a file says to whoever opens it, a line each: above it, and above the answers
    it sets aside. Worded by the command that writes it (omnicheck.wording.files); every
    writer requires one, so that no command writes a file without its header by mistake."""

    header: tuple[str, ...]
    set_aside: tuple[str, ...] = ()


#: The bidi embeddings, overrides and isolates: text that is not printable, so it is
#: always written in double quotes (see :func:`_has_odd_breaks`), where escapes work.
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")


def entry(key: str, value: Any, indent: str = "  ") -> str:
    """``key: value`` as YAML lines, lists on one line, quoted only where YAML needs it."""
    value = _plain(value)
    text = yaml.safe_dump(
        {key: value},
        # A list of ids, or {n/a: reason}, on one line; text in block style, unquoted if it can be.
        default_flow_style=None if isinstance(value, list | dict) else False,
        # YAML folds line breaks such as U+2028 inside plain or single-quoted
        # text; only double quotes, with escapes, bring them back unchanged.
        default_style='"' if _has_odd_breaks(value) else None,
        allow_unicode=True,
        sort_keys=False,
        width=10**9,
    )
    if _BIDI.search(text) is not None:
        # PyYAML writes the bidi controls raw even in double quotes, where they would
        # reorder the file as an editor or a terminal shows it; \uXXXX means the same.
        text = _BIDI.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    return "\n".join(indent + line for line in text.rstrip("\n").split("\n"))


def _plain(value: Any) -> Any:
    """``value`` as YAML types: n/a as the file spells it, tuples as lists, notes inside."""
    if isinstance(value, NotApplicable):
        return NA if value.reason is None else {NA: value.reason}
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _has_odd_breaks(value: Any) -> bool:
    """Whether text holds a control character (U+2028 and U+0085 are line breaks to YAML).

    A note written on one line holds no line break; one written by hand may,
    and any text in an answer's mapping (its note, its evidence) is looked at.
    """
    if isinstance(value, dict):
        return any(_has_odd_breaks(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_odd_breaks(v) for v in value)
    return isinstance(value, str) and any(not c.isprintable() and c not in "\n\t" for c in value)


def answers_yaml(
    rubric: CompiledRubric,
    business: Mapping[str, Any],
    answers: Mapping[str, AnswerValue],
    *,
    complete: bool,
    comments: Comments,
    assessed: date | None = None,
    depth: str = "full",
    set_aside: Mapping[str, AnswerValue] | None = None,
    notes: Mapping[str, Note] | None = None,
) -> str:
    """The answers file's text, with ``comments`` where they go.

    An answer with a note or evidence in ``notes`` is written in the mapping
    form, ``{answer: ..., note: ..., evidence: [...]}``, so that a file
    resumed keeps what was written by hand beside its answers.
    """
    notes = notes or {}
    status = "complete" if complete else "incomplete"
    lines = [comment_line(line) for line in comments.header]
    lines.append(entry("rubric", {"id": rubric.id, "version": rubric.version}, ""))
    lines.append(f"status: {status}")
    if depth != "full":
        lines.append(f"depth: {depth}")
    if assessed is not None:
        lines.append(f"assessed: {assessed.isoformat()}")
    lines.append("business:")
    lines += [entry(key, value) for key, value in business.items()]
    if not answers:
        lines.append("answers: {}")
    else:
        lines.append("answers:")
    lines += answer_lines(rubric, answers, notes)
    if set_aside:
        lines += [comment_line(line) for line in comments.set_aside]
        lines.append("set_aside:")
        lines += [entry(q.id, set_aside[q.id]) for q in rubric.questions if q.id in set_aside]
    return "\n".join(lines) + "\n"


def answer_lines(
    rubric: CompiledRubric,
    answers: Mapping[str, AnswerValue],
    notes: Mapping[str, Note] | None = None,
    indent: str = "  ",
) -> list[str]:
    """The answers in asking order, under a comment per section; an answer with a note or
    evidence in its mapping form. ``merge`` writes each respondent's answers with it too."""
    notes = notes or {}
    lines = []
    for section in rubric.sections:
        chosen = [q for q in section.questions if q.id in answers]
        if chosen:
            lines.append(indent + comment_line(section.title))
            lines += [
                entry(q.id, annotated(answers[q.id], notes.get(q.id)), indent) for q in chosen
            ]
    return lines


def comment_line(text: str) -> str:
    """A one-line YAML comment, whatever the text holds (a path may contain a newline)."""
    return "# " + "".join(c if c.isprintable() else " " for c in text)
