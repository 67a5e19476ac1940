"""The small condition language of the rubric: ``when`` clauses, rules and gates.

A condition tests an earlier answer (``{question: channels, has: physical_store}``)
or a computed metric (``{metric: index, at_least: 70}``), and combines them with
``all``, ``any`` and ``not``. Conditions are data, so a rubric author changes
behaviour without touching code, and every decision can name the exact tests
that made it.

Answers are plain values here: ``str`` for a single choice or text, a tuple of
option ids for a multiple choice, and :class:`NotApplicable` for ``n/a``.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable, Iterator, Mapping
from typing import Any, TypeAlias

from omnicheck.lazy_dataclass import dataclass
from omnicheck.rubric.codes import Refused


@dataclass(frozen=True, slots=True)
class NotApplicable:
    """An ``n/a`` answer: left out of every score, with the user's reason if given."""

    reason: str | None = None


AnswerValue: TypeAlias = str | tuple[str, ...] | NotApplicable

QUESTION_OPS = (
    "is",
    "in",
    "has",
    "has_any",
    "has_all",
    "count_at_least",
    "count_at_most",
    "answered",
)
METRIC_OPS = ("at_least", "at_most", "above", "below")


@dataclass(frozen=True, slots=True)
class QuestionTest:
    question: str
    op: str
    #: Its type follows ``op``, checked when the condition is parsed: an option
    #: id, a frozenset of them, a count, or a bool for ``answered``.
    value: Any


@dataclass(frozen=True, slots=True)
class MetricTest:
    metric: str
    op: str
    value: float


@dataclass(frozen=True, slots=True)
class AllOf:
    items: tuple[Condition, ...]


@dataclass(frozen=True, slots=True)
class AnyOf:
    items: tuple[Condition, ...]


@dataclass(frozen=True, slots=True)
class NotOf:
    item: Condition


Condition: TypeAlias = QuestionTest | MetricTest | AllOf | AnyOf | NotOf


def parse_condition(raw: Any) -> Condition:
    """Parse the YAML form of a condition; :class:`~omnicheck.rubric.codes.Refused` (a
    ``ValueError``) says what is wrong."""
    if not isinstance(raw, Mapping):
        raise Refused("condition-not-a-mapping")
    keys = set(raw)
    for combinator in ("all", "any"):
        if combinator in keys:
            if keys != {combinator}:
                raise Refused("not-alone", key=combinator)
            items = raw[combinator]
            if not isinstance(items, list) or not items:
                raise Refused("combinator-needs-list", key=combinator)
            parsed = tuple(parse_condition(item) for item in items)
            return AllOf(parsed) if combinator == "all" else AnyOf(parsed)
    if "not" in keys:
        if keys != {"not"}:
            raise Refused("not-alone", key="not")
        return NotOf(parse_condition(raw["not"]))
    if "question" in keys:
        return _parse_test(raw, "question", QUESTION_OPS)
    if "metric" in keys:
        return _parse_test(raw, "metric", METRIC_OPS)
    raise Refused("condition-without-subject")


def _parse_test(raw: Mapping[str, Any], subject: str, ops: tuple[str, ...]) -> Condition:
    name = raw[subject]
    if not isinstance(name, str) or not name:
        raise Refused("subject-not-an-id", subject=subject)
    rest = [k for k in raw if k != subject]
    if len(rest) != 1 or rest[0] not in ops:
        raise Refused("test-takes-one-op", subject=subject, ops=ops)
    op = rest[0]
    value = raw[op]
    if subject == "metric":
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            raise Refused("op-takes-number", op=op)
        return MetricTest(name, op, float(value))
    return QuestionTest(name, op, _question_value(op, value))


def _question_value(op: str, value: Any) -> Any:
    if op in ("is", "has"):
        if not isinstance(value, str):
            raise Refused("op-takes-option-id", op=op)
        return value
    if op in ("in", "has_any", "has_all"):
        if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
            raise Refused("op-takes-option-ids", op=op)
        return frozenset(value)
    if op == "answered":
        if not isinstance(value, bool):
            raise Refused("answered-takes-bool")
        return value
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise Refused("op-takes-whole-number", op=op)
    return value


def evaluate(
    condition: Condition,
    answers: Mapping[str, AnswerValue],
    metrics: Mapping[str, float | None] | None = None,
) -> bool:
    """Whether ``condition`` holds. Unanswered and ``n/a`` answers satisfy no test."""
    if isinstance(condition, QuestionTest):
        return _test_answer(condition, answers.get(condition.question))
    if isinstance(condition, MetricTest):
        actual = (metrics or {}).get(condition.metric)
        return actual is not None and compare(actual, condition.op, condition.value)
    # Plain loops, not all()/any() over generators: validating and scoring a batch
    # evaluates conditions hundreds of times per business.
    if isinstance(condition, AllOf):
        for item in condition.items:  # noqa: SIM110
            if not evaluate(item, answers, metrics):
                return False
        return True
    if isinstance(condition, AnyOf):
        for item in condition.items:  # noqa: SIM110
            if evaluate(item, answers, metrics):
                return True
        return False
    return not evaluate(condition.item, answers, metrics)


#: The comparison each metric operator names, to call directly in hot loops.
COMPARISONS: dict[str, Callable[[float, float], bool]] = {
    "at_least": operator.ge,
    "at_most": operator.le,
    "above": operator.gt,
    "below": operator.lt,
}


def compare(actual: float, op: str, value: float) -> bool:
    return COMPARISONS[op](actual, value)


def _test_answer(test: QuestionTest, answer: AnswerValue | None) -> bool:
    op = test.op
    if op == "answered":
        return (answer is not None and not isinstance(answer, NotApplicable)) is test.value
    if answer is None or isinstance(answer, NotApplicable):
        return False
    if op == "is":
        option: str = test.value
        return answer == option
    if op == "in":
        return answer in test.value
    chosen = answer if isinstance(answer, tuple) else (answer,)
    if op == "has":
        return test.value in chosen
    if op == "has_any":
        return not test.value.isdisjoint(chosen)
    if op == "has_all":
        options: frozenset[str] = test.value
        return options.issubset(chosen)
    count: int = test.value
    if op == "count_at_least":
        return len(chosen) >= count
    return len(chosen) <= count


_Metrics: TypeAlias = Mapping[str, float | None] | None
#: A compiled condition: ``(answers, metrics) -> bool``, see :func:`compile_condition`.
Evaluator: TypeAlias = Callable[[Mapping[str, AnswerValue], _Metrics], bool]


def compile_condition(condition: Condition) -> Evaluator:
    """``condition`` as a function that gives exactly what :func:`evaluate` gives.

    A batch tests the same few dozen conditions hundreds of times per
    business. :func:`evaluate` pays for its type dispatch, recursion and
    operator lookup on every call; a closure per test pays for them once,
    when the rubric's tables are built, and runs two to three times faster.
    :func:`evaluate` stays the definition (``tests/test_compiled_checks.py``
    checks the two agree).
    """
    if isinstance(condition, QuestionTest):
        return _compile_question(condition)
    if isinstance(condition, MetricTest):
        metric, test, value = condition.metric, COMPARISONS[condition.op], condition.value

        def metric_test(answers: Mapping[str, AnswerValue], metrics: _Metrics) -> bool:
            actual = None if metrics is None else metrics.get(metric)
            return actual is not None and test(actual, value)

        return metric_test
    if isinstance(condition, NotOf):
        inner = compile_condition(condition.item)
        return lambda answers, metrics: not inner(answers, metrics)
    items = tuple(compile_condition(item) for item in condition.items)
    if len(items) == 1:
        return items[0]
    if isinstance(condition, AllOf):

        def all_of(answers: Mapping[str, AnswerValue], metrics: _Metrics) -> bool:
            for item in items:  # noqa: SIM110 - a plain loop is faster than all()
                if not item(answers, metrics):
                    return False
            return True

        return all_of

    def any_of(answers: Mapping[str, AnswerValue], metrics: _Metrics) -> bool:
        for item in items:  # noqa: SIM110 - a plain loop is faster than any()
            if item(answers, metrics):
                return True
        return False

    return any_of


def _compile_question(test: QuestionTest) -> Evaluator:
    """One closure per operator, each the branch of :func:`_test_answer` for it."""
    qid, op, value = test.question, test.op, test.value
    if op == "is":  # None, n/a and a tuple never equal an option id
        return lambda answers, metrics: answers.get(qid) == value
    if op == "in":  # nor are they in a set of option ids
        return lambda answers, metrics: answers.get(qid) in value
    if op == "has":
        option: str = value

        def has(answers: Mapping[str, AnswerValue], metrics: _Metrics) -> bool:
            answer = answers.get(qid)
            return option in answer if isinstance(answer, tuple) else answer == option

        return has
    if op == "has_any":

        def has_any(answers: Mapping[str, AnswerValue], metrics: _Metrics) -> bool:
            answer = answers.get(qid)
            if isinstance(answer, tuple):
                return not value.isdisjoint(answer)
            return answer in value

        return has_any
    if op == "count_at_least":  # what most sections' conditions test
        count: int = value

        def count_at_least(answers: Mapping[str, AnswerValue], metrics: _Metrics) -> bool:
            answer = answers.get(qid)
            if isinstance(answer, tuple):
                return len(answer) >= count
            return answer is not None and not isinstance(answer, NotApplicable) and count <= 1

        return count_at_least
    # answered, has_all and count_at_most are rare in rubrics: the plain test will do
    return lambda answers, metrics: _test_answer(test, answers.get(qid))


def walk(condition: Condition) -> Iterator[QuestionTest | MetricTest]:
    """Every leaf test, in order: what a rule or gate reads."""
    if isinstance(condition, QuestionTest | MetricTest):
        yield condition
    elif isinstance(condition, AllOf | AnyOf):
        for item in condition.items:
            yield from walk(item)
    else:
        yield from walk(condition.item)


@dataclass(frozen=True, slots=True)
class NamedCondition:
    """A condition with the rubric's names for what it tests, and nothing else of the rubric.

    What a problem carries when it is about a condition ("applies only when
    ..."): :mod:`omnicheck.wording.conditions` words it at the edge without
    the rubric, and it pickles across batch's workers at the cost of a few
    labels, where the whole rubric would not. Built by
    :meth:`omnicheck.rubric.compiled.CompiledRubric.named`. Its three
    ``*_label`` methods are those of the rubric, for the labels it holds.
    """

    condition: Condition
    questions: Mapping[str, str]
    options: Mapping[tuple[str, str], str]
    metrics: Mapping[str, str]

    def question_label(self, qid: str) -> str:
        return self.questions.get(qid, qid)

    def option_label(self, qid: str, oid: str) -> str:
        return self.options.get((qid, oid), oid)

    def metric_label(self, metric: str) -> str | None:
        return self.metrics.get(metric)
