"""Write an answers file the way a person would: rubric order, one answer a line.

``omnicheck assess`` saves after every answer, so the file on disk is always
the latest state and a closed terminal loses nothing. The file is the same
format people write by hand (see :mod:`omnicheck.answers`), with a ``status``
that says whether it is finished, grouped under a comment per section so that
it stays easy to read and edit. It is written atomically: a temporary file in
the same directory, renamed over the old one.
"""

from __future__ import annotations

import shlex
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from omnicheck.answers import NA
from omnicheck.conditions import AnswerValue, NotApplicable
from omnicheck.files import write_atomic
from omnicheck.rubric_types import CompiledRubric


def entry(key: str, value: Any, indent: str = "  ") -> str:
    """``key: value`` as YAML lines, lists on one line, quoted only where YAML needs it."""
    if isinstance(value, NotApplicable):
        value = NA if value.reason is None else {NA: value.reason}
    elif isinstance(value, tuple):
        value = list(value)
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
    return "\n".join(indent + line for line in text.rstrip("\n").split("\n"))


def _has_odd_breaks(value: Any) -> bool:
    """Whether text holds a control character (U+2028 and U+0085 are line breaks to YAML)."""
    texts = value.values() if isinstance(value, dict) else [value]
    return any(
        isinstance(t, str) and any(not c.isprintable() and c not in "\n\t" for c in t)
        for t in texts
    )


def answers_yaml(
    rubric: CompiledRubric,
    business: Mapping[str, Any],
    answers: Mapping[str, AnswerValue],
    *,
    complete: bool,
    resume_command: str | None = None,
) -> str:
    """The answers file's text. ``resume_command`` goes in the header of an unfinished file."""
    status = "complete" if complete else "incomplete"
    lines = [comment_line(f'Answers to "{rubric.title}" ({rubric.id} {rubric.version}).')]
    if complete:
        lines.append(comment_line("Written by 'omnicheck assess'. Check edits: omnicheck validate"))
    else:
        lines.append(comment_line("Written by 'omnicheck assess'; not finished yet. To continue:"))
        lines.append(comment_line(f"  {resume_command or 'omnicheck assess --resume'}"))
    lines.append(entry("rubric", {"id": rubric.id, "version": rubric.version}, ""))
    lines.append(f"status: {status}")
    lines.append("business:")
    lines += [entry(key, value) for key, value in business.items()]
    if not answers:
        lines.append("answers: {}")
        return "\n".join(lines) + "\n"
    lines.append("answers:")
    for section in rubric.sections:
        chosen = [q for q in section.questions if q.id in answers]
        if not chosen:
            continue
        lines.append("  " + comment_line(section.title))
        lines += [entry(q.id, answers[q.id]) for q in chosen]
    return "\n".join(lines) + "\n"


def comment_line(text: str) -> str:
    """A one-line YAML comment, whatever the text holds (a path may contain a newline)."""
    return "# " + "".join(c if c.isprintable() else " " for c in text)


def save_answers(
    path: Path,
    rubric: CompiledRubric,
    business: Mapping[str, Any],
    answers: Mapping[str, AnswerValue],
    *,
    complete: bool,
    rubric_path: Path | None = None,
) -> None:
    """Write the file whole or not at all; an earlier version survives any failure."""
    write_atomic(
        path,
        answers_yaml(
            rubric,
            business,
            answers,
            complete=complete,
            resume_command=resume_command(path, rubric_path),
        ),
    )


def resume_command(path: Path, rubric_path: Path | None = None) -> str:
    """The command that continues an unfinished file, ready to paste into a shell."""
    command = f"omnicheck assess --answers {shlex.quote(str(path))} --resume"
    if rubric_path is not None:
        command += f" --rubric {shlex.quote(str(rubric_path))}"
    return command
