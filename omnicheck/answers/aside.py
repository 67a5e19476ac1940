"""The ``set_aside:`` block of an answers file: answers kept, but not scored.

When a person unticks a channel in ``omnicheck assess``, the answers about it
stop applying. They are kept in the file under ``set_aside:`` until the
person confirms their removal at the end of the session (or ticks the channel
again and gets them back), so a Ctrl-C in between loses nothing. Scoring
never reads them; validation checks only that they could be answers.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from omnicheck.answers.checks import not_applicable
from omnicheck.rubric.compiled import CompiledRubric
from omnicheck.rubric.conditions import AnswerValue
from omnicheck.rubric.kinds import option_id_of

#: (path in the file, problem id, its parameters) of a problem found in the block.
Found = tuple[tuple[Any, ...], str, dict[str, Any]]


def read_set_aside(
    value: Any, rubric: CompiledRubric, kept: dict[str, AnswerValue]
) -> Iterator[Found]:
    """Fill ``kept`` from the block; yield what is wrong with it."""
    if value is None:
        return
    if not isinstance(value, dict):
        yield ("set_aside",), "set-aside-not-a-mapping", {}
        return
    for key, raw in value.items():
        if not isinstance(key, str) or key not in rubric.by_id:
            yield ("set_aside", key), "set-aside-unknown-question", {"key": key}
            continue
        parsed = _answer(raw)
        if parsed is None:
            yield ("set_aside", key), "set-aside-wrong-type", {"question": key}
            continue
        kept[key] = parsed


def _answer(raw: Any) -> AnswerValue | None:
    """A set-aside answer, read as :mod:`omnicheck.answers.validate` reads an answer."""
    na = not_applicable(raw)
    if na is not None:
        return na
    if isinstance(raw, list) and all(isinstance(v, str) for v in raw):
        return tuple(raw)
    return option_id_of(raw)
