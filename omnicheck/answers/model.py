"""Answers as validation reads them (:class:`AnswersDocument`) and returns them
(:class:`AnswersFile`), apart from :mod:`omnicheck.answers.validate` so that
the many readers of checked answers need not load the checks.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import field
from datetime import date
from typing import Any, Protocol

from omnicheck.answers.notes import Note
from omnicheck.answers.respondents import Team
from omnicheck.errors import Problem
from omnicheck.lazy_dataclass import dataclass
from omnicheck.rubric.conditions import AnswerValue


class AnswersDocument(Protocol):
    """Parsed answers that can locate any part of themselves for a message.

    A YAML file (:class:`omnicheck.source.safe_yaml.YamlDocument`) is one; a row of a
    survey export (:mod:`omnicheck.answers.survey_csv`) is another.
    """

    @property
    def source(self) -> str: ...

    @property
    def data(self) -> Any: ...

    def problem(
        self, path: tuple[Any, ...], message: str, *, at_key: bool = False, code: str = ...
    ) -> Problem: ...

    def text(self, path: tuple[Any, ...]) -> str | None:
        """The text typed for the single value at ``path``, or None if there is none."""
        ...


@dataclass(frozen=True, slots=True)
class SetAside:
    """An answer a lenient load left out, and why (see :func:`validate_answers`)."""

    question: str
    #: "unknown" (no such question in this rubric), "not_applicable" or "invalid"
    kind: str
    #: Why, as problems to word (see :class:`~omnicheck.errors.Problem`): the rubric it is
    #: not in, the condition the question waits for, or what is wrong with the answer.
    why: tuple[Problem, ...]


@dataclass(frozen=True)
class AnswersFile:
    """Validated answers: only questions that apply, each a plain answer value."""

    source: str
    rubric_id: str
    #: The rubric version the answers were given for, as the file says.
    rubric_version: str
    business_name: str
    business: dict[str, Any]
    answers: dict[str, AnswerValue]
    complete: bool = True
    #: Answers left out by a lenient load; always empty otherwise.
    set_aside: tuple[SetAside, ...] = ()
    #: Required questions that apply but have no answer (only when completeness is not required).
    unanswered: tuple[str, ...] = ()
    #: The day the answers were given (``assessed:``), when the file says.
    assessed: date | None = None
    #: "quick" for a quick check: its level and target are provisional.
    depth: str = "full"
    #: Answers about unticked channels, kept until assess confirms removing them; never scored.
    kept_aside: dict[str, AnswerValue] = field(default_factory=dict)
    #: Who answered, and a merged file's respondents (see omnicheck.answers.respondents).
    team: Team | None = None
    #: Notes and evidence by question (see omnicheck.answers.notes); never scored.
    notes: Mapping[str, Note] = field(default_factory=dict)
