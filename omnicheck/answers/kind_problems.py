"""The words for what a kind of question finds wrong with an answer.

Each kind (:mod:`omnicheck.rubric.kinds`) reports an :class:`Issue`: a
position and an id. This module is where those ids become the messages and
codes of :class:`~omnicheck.errors.Problem`, so a kind's checks hold no text,
and a new kind that finds a new kind of fault adds its words here.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping

from omnicheck.rubric.compiled import Question
from omnicheck.rubric.conditions import AnswerValue, evaluate
from omnicheck.rubric.kinds import Issue, kind_of

#: How an answer's kind says it must look (``Kind.expects``), before its option ids.
_EXPECTS = {"one": "one of ", "list": "a list of "}
#: Shown in "expected ..." before the rest are left out as "...".
_SHOWN_IDS = 12


def expected(q: Question, answers: Mapping[str, AnswerValue] | None = None) -> str:
    """What an answer to ``q`` must be: its options that apply to ``answers`` (all of them
    without), and n/a where allowed."""
    kind = kind_of(q)
    if not kind.has_options:
        return kind.expects
    ids = [
        o.id for o in q.options if answers is None or o.when is None or evaluate(o.when, answers)
    ]
    shown = ", ".join(ids[:_SHOWN_IDS]) + (", ..." if len(ids) > _SHOWN_IDS else "")
    return f"{_EXPECTS[kind.expects]}{shown}" + (" or n/a" if q.allow_na else "")


def word(
    q: Question,
    issue: Issue,
    answers: Mapping[str, AnswerValue],
    describe: Callable[[Question, str], str],
    *,
    suggest: bool,
) -> tuple[str, str]:
    """(message, code) of ``issue`` with an answer to ``q``; ``describe`` words an option's
    condition, and ``suggest`` says whether a "did you mean" is worth its cost."""
    what, value = issue.what, issue.value
    if what == "unknown-option":
        ids = [o.id for o in q.options]
        hint = difflib.get_close_matches(str(value), ids, n=1) if suggest else []
        suggestion = f" (did you mean {hint[0]!r}?)" if hint else ""
        return (
            f"{q.id}: unknown option {value!r}{suggestion}; expected {expected(q, answers)}",
            "unknown-option",
        )
    if what == "option-does-not-apply":
        return f"{q.id}: option {value!r} applies only when {describe(q, value)}", what
    if what == "one-not-a-list":
        return f"{q.id}: expected one option ({expected(q)}), not a list", "wrong-answer-type"
    if what == "choice-not-an-id":
        return f"{q.id}: each choice must be one option id", "wrong-answer-type"
    if what == "listed-twice":
        return f"{q.id}: {value!r} is listed twice", "duplicate-choice"
    if what == "text-not-a-list":
        return f"{q.id}: expected text, not a list", "wrong-answer-type"
    if what == "empty-text":
        return f"{q.id}: expected text, got an empty string", "empty-answer"
    raise ValueError(f"no words for {what!r}")  # a kind reported an id this module lacks
