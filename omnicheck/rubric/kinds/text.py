"""Free text: ``business_type: bakery``, kept exactly as typed, and never scored."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from omnicheck.rubric.kinds.base import Issue, Kind, Path, Reader

if TYPE_CHECKING:
    from omnicheck.rubric.compiled import Option, Question
    from omnicheck.rubric.conditions import AnswerValue


class Text(Kind):
    name = "text"
    has_options = False
    expects = "text"
    placeholder = "text"
    widget = "text"
    fast = None

    def read(self, q: Question, value: Any, path: Path, reader: Reader) -> AnswerValue | None:
        if isinstance(value, list):
            reader.report(q, Issue(path, "text-not-a-list"))
            return None
        text = str(reader.typed(path, value)).strip()
        if not text:
            reader.report(q, Issue(path, "empty-text"))
            return None
        return text

    def option_ids(self, q: Question, value: AnswerValue) -> tuple[str, ...]:
        return ()

    def scores(self, q: Question) -> dict[str, int | None]:
        return {}

    def score(self, q: Question, value: AnswerValue | None) -> int | None:
        return None

    def scale(self, q: Question) -> tuple[Option, ...]:
        return ()

    def schema(self, options: dict[str, Any]) -> list[dict[str, Any]]:
        return [{"$ref": "#/$defs/text"}]

    def consensus(
        self, q: Question, answered: Sequence[AnswerValue], rule: str
    ) -> AnswerValue | None:
        return answered[0]  # the first respondent's
