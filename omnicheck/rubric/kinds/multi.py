"""A list of options: ``channels: [physical_store, social_media]``.

A single option on its own is read as a list of one. Never scored in a
dimension, so there is nothing to raise.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from omnicheck.rubric.kinds.base import Issue, Kind, Path, Reader, choose

if TYPE_CHECKING:
    from omnicheck.rubric.compiled import Option, Question
    from omnicheck.rubric.conditions import AnswerValue


class Multi(Kind):
    name = "multi"
    many = True
    expects = "list"
    placeholder = "list"
    widget = "checkbox"
    fast = "many"

    def read(self, q: Question, value: Any, path: Path, reader: Reader) -> AnswerValue | None:
        items = value if isinstance(value, list) else [value]
        chosen: list[str] = []
        for i, item in enumerate(items):
            if isinstance(item, list | dict):
                reader.report(q, Issue((*path, i), "choice-not-an-id"))
                continue
            oid = choose(q, item, (*path, i) if isinstance(value, list) else path, reader)
            if oid is None:
                continue
            if oid in chosen:
                reader.report(q, Issue((*path, i), "listed-twice", oid))
                continue
            chosen.append(oid)
        return tuple(chosen)

    def option_ids(self, q: Question, value: AnswerValue) -> tuple[str, ...]:
        return value if isinstance(value, tuple) else ()

    def scores(self, q: Question) -> dict[str, int | None]:
        return {}

    def scale(self, q: Question) -> tuple[Option, ...]:
        return ()

    def schema(self, options: dict[str, Any]) -> list[dict[str, Any]]:
        # a list of options; a single option on its own is read as a list of one
        return [{"type": "array", "items": options, "uniqueItems": True}, options]

    def consensus(
        self, q: Question, answered: Sequence[AnswerValue], rule: str
    ) -> AnswerValue | None:
        lists = [v for v in answered if isinstance(v, tuple)]
        needed = self.needed(len(lists), rule)
        return tuple(o.id for o in q.options if sum(o.id in v for v in lists) >= needed)

    def needed(self, n: int, rule: str) -> int:
        """Of ``n`` respondents, how many must choose an option to keep it: at least half,
        whatever the rule (the channel list is a fact, not a maturity)."""
        return (n + 1) // 2
