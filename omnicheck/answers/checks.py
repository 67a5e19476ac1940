"""The rubric's questions as a plan for validating answers fast, built once per rubric.

Validation walks every question in asking order, for every business of a
batch. The plan does once per rubric the work that does not depend on the
answers:

- every ``when`` is compiled (:func:`~omnicheck.rubric.conditions.compile_condition`);
- conditions are numbered by what they say, so a condition that many
  questions share (their section's, folded into each question's) is tested
  once per validation, not once per question. That is sound because a
  condition reads only questions asked before the first question it guards,
  whose answers are settled by then (:mod:`omnicheck.rubric.compile` checks it);
- per question, the answers that are valid as they stand: an option id that
  needs no condition, or a list of such ids (with their conditions numbered).

What a question's kind settles this way is its ``fast`` (see
:mod:`omnicheck.rubric.kinds`). Anything else (n/a, text, a typo, a missing
answer) goes to the plain validator in :mod:`omnicheck.answers.validate`, where
the kind reads it and :mod:`omnicheck.answers.kind_problems` makes its problems.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from datetime import date
from functools import partial
from typing import Any, NamedTuple

from omnicheck.rubric.compiled import CompiledRubric, Question
from omnicheck.rubric.conditions import (
    AllOf,
    AnswerValue,
    Condition,
    Evaluator,
    NotApplicable,
    compile_condition,
    evaluate,
)
from omnicheck.rubric.kinds import kind_of

NA = "n/a"
#: An assessment date as the answers file holds it: ISO 8601, day precision only.
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
_DATE = re.compile(DATE_PATTERN)
#: In a :data:`Walk`: no guard, or an option with no condition.
ALWAYS = -1


#: One question as the walk reads it, a plain tuple (which unpacks faster than a named
#: one): the question; its id; the number of its guard (see :attr:`AnswersPlan.guards`),
#: or ALWAYS; for a single choice, the option ids valid as they stand (no condition of
#: their own, not n/a); for a multiple choice, each option id with the number of its
#: condition, or ALWAYS; whether a missing answer can be a problem (it is required).
Walk = tuple[Question, str, int, frozenset[str], dict[str, int] | None, bool]


class AnswersPlan(NamedTuple):
    #: The distinct conditions, compiled; a validation tests each at most once.
    conditions: tuple[Evaluator, ...]
    #: False for the plain plan: every question goes to the plain validator.
    fast: bool
    #: The distinct sets of conditions that must all hold for a question to apply (its
    #: section's, with its own): a validation settles each at most once, as it does
    #: each condition.
    guards: tuple[tuple[int, ...], ...]
    #: Every question, in asking order.
    walk: tuple[Walk, ...]


def answers_plan(rubric: CompiledRubric, *, fast: bool = True) -> AnswersPlan:
    """The plan for ``rubric``; use it through ``rubric.derived(answers_plan)``.

    ``fast=False`` gives the plain plan the fast one must agree with: every
    question's whole condition on its own, run by :func:`evaluate`, and no
    answer valid without the plain validator (``tests/test_compiled_checks.py``).
    """
    numbers: dict[object, int] = {}
    evaluators: list[Evaluator] = []

    def number(key: object, condition: Condition) -> int:
        found = numbers.get(key)
        if found is None:
            found = numbers[key] = len(evaluators)
            reference: Evaluator = partial(evaluate, condition)
            evaluators.append(compile_condition(condition) if fast else reference)
        return found

    guards: dict[tuple[int, ...], int] = {}
    walk: list[Walk] = []
    for q in rubric.questions:
        if q.when is None:
            conditions: tuple[int, ...] = ()
        elif fast:
            conditions = tuple(number(c, c) for c in _conjuncts(q.when))
        else:
            conditions = (number(q.id, q.when),)
        plain: frozenset[str] = frozenset()
        choices = None
        settles = kind_of(q).fast if fast else None
        if settles == "one":
            plain = frozenset(
                o.id for o in q.options if o.when is None and o.id.strip().lower() != NA
            )
        elif settles == "many":
            choices = {
                o.id: ALWAYS if o.when is None else number(o.when, o.when) for o in q.options
            }
        guard = guards.setdefault(conditions, len(guards)) if conditions else ALWAYS
        walk.append((q, q.id, guard, plain, choices, q.required))
    return AnswersPlan(tuple(evaluators), fast, tuple(guards), tuple(walk))


def _conjuncts(condition: Condition) -> Iterator[Condition]:
    """The parts that must all hold: a section's condition and the question's own."""
    if isinstance(condition, AllOf):
        for item in condition.items:
            yield from _conjuncts(item)
    else:
        yield condition


def unsettled(
    plan: AnswersPlan,
    raw: Mapping[Any, Any],
    answers: dict[str, AnswerValue],
    *,
    require_complete: bool,
) -> Iterator[tuple[Question, Any, bool]]:
    """Walk the questions in asking order, adding to ``answers`` every answer valid as it stands.

    Yields (question, raw value, whether it applies) for every other question,
    for the plain validator to settle (it may add to ``answers``) before the
    walk goes on. The fast plan leaves out the unanswered questions that the
    plain validator would pass without a word: all but those that apply, are
    required, and must be answered (``require_complete``). Most of a business's
    questions are unanswered because they do not apply; the walk then passes
    them over, without testing their conditions unless they are required.
    Questions under the same conditions (a section's, say) share a guard, settled
    the first time one of them needs it: the conditions read only questions
    asked before, whose answers are settled by then, so each would find the same.
    """
    if not plan.fast:
        yield from _plain_walk(plan, raw, answers)
        return
    conditions = plan.conditions
    holds: list[bool | None] = [None] * len(conditions)
    guards = plan.guards
    settled: list[bool | None] = [None] * len(guards)
    skip_missing = not require_complete
    get = raw.get
    for q, qid, guard, plain, choices, required in plan.walk:
        value = get(qid)
        if value is None and (skip_missing or not required):
            continue
        if guard != ALWAYS:
            applies = settled[guard]
            if applies is None:
                applies = settled[guard] = _holds(guards[guard], holds, conditions, answers)
            if not applies:
                if value is not None:
                    yield q, value, False
                continue
        if value is None:
            yield q, None, True
            continue
        if type(value) is str and value in plain:
            answers[qid] = value
            continue
        if choices is not None and type(value) is list:
            chosen = _plain_choices(value, choices, holds, conditions, answers)
            if chosen is not None:
                answers[qid] = chosen
                continue
        yield q, value, True


def _holds(
    numbers: tuple[int, ...],
    holds: list[bool | None],
    conditions: tuple[Evaluator, ...],
    answers: Mapping[str, AnswerValue],
) -> bool:
    """Whether the conditions ``numbers`` all hold, each tested at most once a validation."""
    for n in numbers:
        held = holds[n]
        if held is None:
            held = holds[n] = conditions[n](answers, None)
        if not held:
            return False
    return True


def _plain_walk(
    plan: AnswersPlan, raw: Mapping[Any, Any], answers: Mapping[str, AnswerValue]
) -> Iterator[tuple[Question, Any, bool]]:
    """The plain plan's walk: every question, to the plain validator."""
    conditions, guards = plan.conditions, plan.guards
    holds: list[bool | None] = [None] * len(conditions)
    for q, qid, guard, *_ in plan.walk:
        applies = guard == ALWAYS or _holds(guards[guard], holds, conditions, answers)
        yield q, raw.get(qid), applies


def _plain_choices(
    value: list[Any],
    choices: dict[str, int],
    holds: list[bool | None],
    conditions: tuple[Evaluator, ...],
    answers: Mapping[str, AnswerValue],
) -> tuple[str, ...] | None:
    """A multiple choice answer as the plain validator would give it, or None to ask it.

    None means something in the list needs a closer look: not an option id,
    an option whose condition does not hold, or an id listed twice.
    """
    for item in value:
        if type(item) is not str:
            return None
        n = choices.get(item)
        if n is None:
            return None
        if n != ALWAYS:
            held = holds[n]
            if held is None:
                held = holds[n] = conditions[n](answers, None)
            if not held:
                return None
    chosen = tuple(value)
    return chosen if len(set(chosen)) == len(chosen) else None


def assessed_date(value: Any) -> date | None:
    """The ``assessed:`` date of an answers file; :class:`BadDate` says what is wrong with it.

    Only ``YYYY-MM-DD``: ``date.fromisoformat`` alone would take ``20260314``
    from Python 3.11 on, and a day and month typed the other way round must not
    pass as a valid date on some versions only. Empty is not given.
    """
    if value is None:
        return None
    text = value if isinstance(value, str) else None
    if text is None or not _DATE.match(text.strip()):
        raise BadDate("date-not-iso", value)
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise BadDate("date-not-in-calendar", text.strip()) from None


class BadDate(ValueError):
    """An ``assessed:`` value that is not a date: ``what`` is the problem's id (see
    answers.codes), ``value`` what was typed; omnicheck.wording words it."""

    def __init__(self, what: str, value: Any) -> None:
        super().__init__(what, value)
        self.what = what
        self.value = value


def not_applicable(value: Any) -> NotApplicable | None:
    """``n/a`` or ``{n/a: reason}``, as an answer and as a set-aside one."""
    if isinstance(value, str) and value.strip().lower() == NA:
        return NotApplicable()
    if isinstance(value, dict) and len(value) == 1:
        ((key, reason),) = value.items()
        if isinstance(key, str) and key.strip().lower() == NA:
            return NotApplicable(str(reason).strip() if reason is not None else None)
    return None
