"""Several respondents of one business, merged into one set of answers.

Marketing, service, store operations and IT each know a different part of
the answer and often disagree; ``omnicheck merge`` takes one answers file
from each and writes one file whose ``answers`` are the consensus, keeping
every respondent's own answers under ``respondents`` so that the report can
show where they disagree and a later merge can start again from them.

The consensus of one question, over the respondents who answered it (an
``n/a`` is left out, so it never pulls the consensus; all ``n/a`` gives
``n/a``):

- a scale (an option with a score, yes/no included): ``median`` takes the
  middle answer by score, and of an even number the lower of the two middle
  ones; ``lowest`` takes the lowest. So yes needs more than half saying yes
  (``median``) or everyone (``lowest``);
- a hand-off list: an option stays when more than half chose it
  (``median``), or every one of them did (``lowest``);
- a question about the business rather than its integration (goal, budget,
  channels): the answer most respondents gave, the first-listed respondent's
  among a tie; a list keeps each option that at least half chose. Both
  consensus rules alike: the channel list is a fact, not a maturity;
- a text answer: the first respondent's.

Questions are merged in asking order, so a question is kept only when it
applies to the consensus so far, as the questionnaire would ask it.

Pure: ids and values in, ids and values out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import field
from datetime import date

from omnicheck.answers.notes import Note
from omnicheck.lazy_dataclass import dataclass
from omnicheck.rubric.compiled import CompiledRubric
from omnicheck.rubric.conditions import AnswerValue, NotApplicable, evaluate
from omnicheck.rubric.kinds import kind_of

CONSENSUS = ("median", "lowest")
#: Answers this many steps of a scale apart are a disagreement worth a workshop's time.
DISAGREEMENT_STEPS = 2


@dataclass(frozen=True, slots=True)
class Respondent:
    name: str
    role: str | None
    #: The file the answers came from, as given to merge.
    source: str | None
    answers: Mapping[str, AnswerValue]
    #: The day this respondent answered, when their file says.
    assessed: date | None = None
    #: Their notes and evidence, by question (see omnicheck.answers.notes).
    notes: Mapping[str, Note] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Said:
    respondent: str
    role: str | None
    #: An option id, or None for n/a.
    option: str | None
    #: The option's place on the scale (0 is the lowest score), or None for n/a.
    step: int | None
    #: What they noted on this answer, if anything.
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Disagreement:
    question: str
    #: Steps between the lowest and the highest answer.
    spread: int
    consensus: str | None
    said: tuple[Said, ...]


def merge_answers(
    rubric: CompiledRubric, respondents: Sequence[Respondent], consensus: str = "median"
) -> dict[str, AnswerValue]:
    """The consensus answers of ``respondents``, question by question (see the module)."""
    if consensus not in CONSENSUS:
        raise ValueError(consensus)  # a caller's bug: every front end offers CONSENSUS only
    merged: dict[str, AnswerValue] = {}
    for q in rubric.questions:
        if q.when is not None and not evaluate(q.when, merged):
            continue
        given = [r.answers[q.id] for r in respondents if q.id in r.answers]
        if not given:
            continue
        answered = [v for v in given if not isinstance(v, NotApplicable)]
        if not answered:
            merged[q.id] = given[0]
            continue
        value = kind_of(q).consensus(q, answered, consensus)
        if value is not None:
            merged[q.id] = value
    return merged


def disagreements(
    rubric: CompiledRubric, respondents: Sequence[Respondent], merged: Mapping[str, AnswerValue]
) -> list[Disagreement]:
    """Each scale question of the merged answers whose answers lie two or more steps apart,
    the widest first, then in asking order."""
    found = []
    for q in rubric.questions:
        steps = kind_of(q).steps(q)  # None: not a scale
        if steps is None or q.id not in merged:
            continue
        said = []
        for r in respondents:
            value = r.answers.get(q.id)
            note = r.notes.get(q.id)
            text = note.note if note is not None else None
            if isinstance(value, str) and value in steps:
                said.append(Said(r.name, r.role, value, steps[value], text))
            elif isinstance(value, NotApplicable):
                said.append(Said(r.name, r.role, None, None, text))
        placed = [s.step for s in said if s.step is not None]
        spread = max(placed) - min(placed) if placed else 0
        if spread >= DISAGREEMENT_STEPS:
            value = merged[q.id]
            found.append(
                Disagreement(q.id, spread, value if isinstance(value, str) else None, tuple(said))
            )
    found.sort(key=lambda d: -d.spread)  # stable: asking order among equals
    return found
