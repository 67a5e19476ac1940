"""The report's team part: who answered, where they disagree, and the answers' notes.

Split from :mod:`omnicheck.report.model` only to keep modules short.
"""

from __future__ import annotations

from omnicheck.report.model_base import TypedDict


class Consensus(TypedDict):
    id: str
    label: str


class Respondent(TypedDict):
    name: str
    role: str | None
    source: str | None
    answered: int | None


class Said(TypedDict):
    respondent: str
    role: str | None
    answer: str | None
    label: str | None  # None: n/a
    step: int | None
    note: str | None


class Disagreement(TypedDict):
    question: str
    text: str
    question_text: str
    dimension: str | None
    dimension_name: str | None
    spread: int
    consensus: Consensus | None
    said: list[Said]
    why: str


class NoteEvidence(TypedDict):
    text: str
    link: bool


class Note(TypedDict):
    question: str
    text: str
    label: str | None  # None: not answered or n/a
    note: str | None
    evidence: list[NoteEvidence]


class Team(TypedDict):
    consensus: str | None  # "median" or "lowest"
    respondents: list[Respondent]
    disagreements: list[Disagreement]
    notes: list[Note]
