"""Notes and evidence on an answer: the mapping form of any answer.

An answer is an option id (or a list of them, or ``n/a``), or a mapping that
adds why and how the person knows::

    content.prices: {answer: manual, note: Prices are re-typed every Monday,
                     evidence: [price-process.pdf, "https://intranet.example/prices"]}

``answer`` is required and is read exactly as a bare answer would be; ``note``
is text; ``evidence`` is text or a list of texts: file names or links that
omnicheck shows and never opens or fetches (only http(s) links become links).

The core keeps them apart from the answers (:attr:`AnswersFile.notes`), so
scoring never sees them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from omnicheck.lazy_dataclass import dataclass

ANSWER_KEY = "answer"
NOTE_KEYS = ("answer", "note", "evidence")


@dataclass(frozen=True, slots=True)
class Note:
    note: str | None
    evidence: tuple[str, ...]


def is_annotated(value: Any) -> bool:
    """Whether ``value`` is the mapping form (it has an ``answer`` key)."""
    return isinstance(value, dict) and ANSWER_KEY in value


def read_note(
    value: dict[Any, Any],
    path: tuple[Any, ...],
    typed: Callable[[tuple[Any, ...], Any], Any],
    add: Callable[..., None],
) -> tuple[Any, Note | None]:
    """The bare answer inside ``value``, and its note (None when it has neither note nor
    evidence); each problem goes to ``add(path, what, at_key=..., **args)``, a FileChecks.flag."""
    qid = path[-1]
    for key in value:
        if key not in NOTE_KEYS:
            where = (*path, key)
            add(where, "unknown-note-key", at_key=True, question=qid, key=key, expected=NOTE_KEYS)
    note = typed((*path, "note"), value.get("note"))
    if note is not None and (isinstance(note, list | dict) or not str(note).strip()):
        add((*path, "note"), "note-not-text", question=qid)
        note = None
    raw = value.get("evidence")
    items = raw if isinstance(raw, list) else [] if raw is None else [raw]
    evidence = []
    for i, item in enumerate(items):
        where = (*path, "evidence", i) if isinstance(raw, list) else (*path, "evidence")
        text = typed(where, item)
        if text is None or isinstance(text, list | dict) or not str(text).strip():
            add(where, "evidence-not-text", question=qid)
            continue
        evidence.append(str(text).strip())
    kept = Note(str(note).strip() if note is not None else None, tuple(evidence))
    return value[ANSWER_KEY], kept if kept.note or kept.evidence else None


def annotated(value: Any, note: Note | None) -> Any:
    """An answer as the answers file writes it: bare, or the mapping form with its note."""
    if note is None:
        return value
    out: dict[str, Any] = {ANSWER_KEY: value}
    if note.note:
        out["note"] = note.note
    if note.evidence:
        out["evidence"] = list(note.evidence)
    return out


def note_schema(answer: dict[str, Any]) -> dict[str, Any]:
    """The JSON Schema of one question's answer, with the mapping form added."""
    bare = [c for c in answer["anyOf"] if c != {"type": "null"}]
    text = {"type": ["string", "number", "boolean"]}
    mapping = {
        "type": "object",
        "required": [ANSWER_KEY],
        "additionalProperties": False,
        "properties": {
            ANSWER_KEY: {"anyOf": bare},
            "note": text,
            "evidence": {"anyOf": [text, {"type": "array", "items": text}]},
        },
    }
    return {**answer, "anyOf": [*answer["anyOf"], mapping]}
