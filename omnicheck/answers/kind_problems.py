"""What a kind of question finds wrong with an answer, as the parameters of a problem.

Each kind (:mod:`omnicheck.rubric.kinds`) reports an :class:`Issue`: a
position and an id. This module adds what the words will need (the options
that would do, the nearest option id, the condition an option waits for),
so that :mod:`omnicheck.wording.answers` can word it without the rubric; a
new kind that finds a new kind of fault adds its id to ``answers.codes`` and
its words there.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from typing import Any

from omnicheck.lazy_dataclass import dataclass
from omnicheck.rubric.compiled import CompiledRubric, Question
from omnicheck.rubric.conditions import AnswerValue, evaluate
from omnicheck.rubric.kinds import Issue, kind_of


@dataclass(frozen=True, slots=True)
class Expected:
    """What an answer to a question must be, for a problem that says so."""

    #: The kind's ``expects``: "one", "list" or "text".
    expects: str
    #: The option ids that would do, in rubric order; None for a kind without options.
    options: tuple[str, ...] | None
    allow_na: bool


def expected(q: Question, answers: Mapping[str, AnswerValue] | None = None) -> Expected:
    """What an answer to ``q`` must be: its options that apply to ``answers`` (all of them
    without), and n/a where allowed."""
    kind = kind_of(q)
    if not kind.has_options:
        return Expected(kind.expects, None, q.allow_na)
    ids = tuple(
        o.id for o in q.options if answers is None or o.when is None or evaluate(o.when, answers)
    )
    return Expected(kind.expects, ids, q.allow_na)


def issue_args(
    rubric: CompiledRubric,
    q: Question,
    issue: Issue,
    answers: Mapping[str, AnswerValue],
    *,
    suggest: bool,
) -> dict[str, Any]:
    """The parameters of ``issue`` with an answer to ``q``, besides the question's id;
    ``suggest`` says whether a "did you mean" is worth its cost."""
    what, value = issue.what, issue.value
    if what == "unknown-option":
        ids = [o.id for o in q.options]
        near = difflib.get_close_matches(str(value), ids, n=1) if suggest else []
        return {"value": value, "nearest": near[:1], "expected": expected(q, answers)}
    if what == "option-does-not-apply":
        when = q.option_by_id[value].when
        assert when is not None  # an option that does not apply has a condition
        return {"value": value, "when": rubric.named(when)}
    if what == "one-not-a-list":
        return {"expected": expected(q)}
    return {"value": value}
