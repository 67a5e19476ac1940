"""Can a condition ever hold? A small solver for the rubric's condition language.

``omnicheck rubric lint`` asks it whether a ``when`` can ever be true, whether
a strategy rule can ever fire past the rules before it, and whether a level's
band and gates can all be met. It searches for answers and metric values that
satisfy every test at once, using the evaluator that scoring uses
(:func:`omnicheck.rubric.conditions.evaluate`), so its idea of what a test means
cannot drift from the real one.

Every unit of its work counts against one budget per question asked: a step
of the search, and each candidate answer it tests (in proportion to the
answer's size and the tests on it). Trying answers is the part that grows
fastest, with the subsets of a multiple choice's named options, so a rubric
that only counted search steps could keep lint busy for hours. The same
units count against a budget for all the questions of one rubric too, since
thousands of questions that each stay within their own would still add up
to minutes.

It over-approximates what is possible: any question may be unanswered,
every option of a question may be chosen, and the index may take any value
that some mix of dimension scores allows. So "impossible" is certain, and a
problem too large to settle within the step budget counts as possible: lint
then stays silent rather than guess.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations, islice

from omnicheck.rubric.compiled import CompiledRubric, Question
from omnicheck.rubric.conditions import (
    AllOf,
    AnswerValue,
    Condition,
    MetricTest,
    NotOf,
    QuestionTest,
    compare,
    evaluate,
)
from omnicheck.rubric.kinds import kind_of
from omnicheck.rubric.ranges import MetricRange, channel_count_range, metric_ranges

#: Units of work per question asked of the solver (see :meth:`Solver._charge`);
#: beyond it the answer is "possible". The bundled rubric's hardest question takes
#: under 2,000.
BUDGET = 20_000
#: Units of work for all the questions asked about one rubric (one lint): past it,
#: every question not yet settled is "possible". About three seconds of the costliest
#: work, a search step; the bundled rubric's whole lint spends 1,311.
TOTAL_BUDGET = 300_000
#: A multiple choice is tried with every subset of the options its tests name, up to this many.
MAX_NAMED_OPTIONS = 12
_TEXT = "<text>"


@dataclass(frozen=True, slots=True)
class Lit:
    """One test, or its negation."""

    test: QuestionTest | MetricTest
    negated: bool


@dataclass(frozen=True, slots=True)
class _And:
    items: tuple[_Node, ...]


@dataclass(frozen=True, slots=True)
class _Or:
    items: tuple[_Node, ...]


_Node = Lit | _And | _Or


class _GiveUp(Exception):
    """The step budget ran out: the question stays open, which counts as possible."""


def _nnf(cond: Condition, negated: bool = False) -> _Node:
    """Push every ``not`` down onto the tests, so the search only branches on ``any``."""
    if isinstance(cond, QuestionTest | MetricTest):
        return Lit(cond, negated)
    if isinstance(cond, NotOf):
        return _nnf(cond.item, not negated)
    items = tuple(_nnf(item, negated) for item in cond.items)
    return _And(items) if isinstance(cond, AllOf) != negated else _Or(items)


class Solver:
    """Answers "can these conditions hold together?" for one compiled rubric."""

    def __init__(
        self, rubric: CompiledRubric, *, budget: int = BUDGET, total: int = TOTAL_BUDGET
    ) -> None:
        self.rubric = rubric
        self.budget = budget
        self.total = total
        self.ranges = metric_ranges(rubric)
        self._count_question = rubric.links.question if rubric.links else None
        self._choosable: dict[str, dict[str, int]] = {}
        self._memo: dict[tuple[str, frozenset[Lit]], bool] = {}
        self._answers: dict[tuple[tuple[Condition, ...], tuple[Condition, ...]], bool] = {}
        self._steps = 0  # spent on the question being settled
        self._spent = 0  # spent on every question so far

    def possible(
        self,
        *conditions: Condition | None,
        excluding: Sequence[Condition] = (),
        remember: bool = True,
    ) -> bool:
        """Whether some answers make every condition true and every one in ``excluding`` false.

        An answer is remembered, so asking again costs nothing. ``remember=False`` is
        for a question that is never asked twice, such as a rule against every rule
        before it: its conditions are then not even hashed, which for a thousand
        conditions costs more than the budget lets the search spend.
        """
        if not remember:
            return self._settle(tuple(c for c in conditions if c is not None), excluding)
        key = (tuple(c for c in conditions if c is not None), tuple(excluding))
        if key not in self._answers:
            if self._spent > self.total:
                return True  # not even the conditions are read once the rubric's budget is spent
            self._answers[key] = self._settle(*key)
        return self._answers[key]

    def _settle(self, conditions: Sequence[Condition], excluding: Sequence[Condition]) -> bool:
        if self._spent > self.total:
            return True
        self._steps = 0
        try:
            # A question of a thousand conditions is not free, even to be read.
            self._charge(len(conditions) + len(excluding))
            nodes = (
                *(_nnf(c) for c in conditions),
                *(_nnf(c, negated=True) for c in excluding),
            )
            return self._search(nodes, {}, frozenset())
        except (_GiveUp, RecursionError):
            return True

    def _charge(self, work: int) -> None:
        """Count ``work`` against the budget, and give up once it is spent.

        Everything that grows with the rubric is charged here, not only the
        search's steps: an uncounted loop is one a hostile rubric can make
        endless, and a give-up only ever makes lint quieter, never wrong.
        """
        self._steps += work
        self._spent += work
        if self._steps > self.budget or self._spent > self.total:
            raise _GiveUp

    def metric_range(self, metric: str) -> MetricRange:
        if metric == "channel_count":
            return channel_count_range(self.rubric)
        return self.ranges.get(metric, MetricRange(-math.inf, math.inf))

    # The search: depth first over the branches of every ``any``, pruning as
    # soon as the tests on one question or metric contradict each other.
    def _search(
        self, pending: tuple[_Node, ...], lits: dict[str, tuple[Lit, ...]], touched: frozenset[str]
    ) -> bool:
        self._charge(1)
        if not pending:
            return self._index_fits(lits)
        node, rest = pending[0], pending[1:]
        if isinstance(node, _And):
            return self._search(node.items + rest, lits, touched)
        if isinstance(node, _Or):
            return any(self._search((item, *rest), lits, touched) for item in node.items)
        var = self._variable(node.test)
        tests = (*lits.get(var, ()), node)
        if not self._consistent(var, tests):
            return False
        question = self.rubric.by_id.get(var)
        if question is not None and question.when is not None and var not in touched:
            # An answer exists only where its question applies: answered → when.
            applies = _Or((Lit(QuestionTest(var, "answered", True), True), _nnf(question.when)))
            rest, touched = (*rest, applies), touched | {var}
        return self._search(rest, {**lits, var: tests}, touched)

    def _variable(self, test: QuestionTest | MetricTest) -> str:
        if isinstance(test, QuestionTest):
            return test.question
        if test.metric == "channel_count" and self._count_question is not None:
            return self._count_question  # the count of the channels question, 0 unanswered
        return "metric:" + test.metric

    def _consistent(self, var: str, tests: tuple[Lit, ...]) -> bool:
        key = (var, frozenset(tests))
        if key not in self._memo:
            question = self.rubric.by_id.get(var)
            if question is None:
                self._memo[key] = self._metric_fits(var.removeprefix("metric:"), tests)
            else:
                self._memo[key] = self._some_answer_fits(question, var, tests)
        return self._memo[key]

    def _some_answer_fits(self, question: Question, var: str, tests: tuple[Lit, ...]) -> bool:
        """Whether a candidate answer passes every test, each one tried paid for.

        Building and testing an answer takes time in its length for each test,
        so that is what it costs: an answer of a thousand options is not
        tried for the price of one of a single option.
        """
        for value in self._candidates(question, tests):
            size = len(value) if isinstance(value, tuple) else 1
            self._charge(len(tests) * (1 + size))
            if all(_holds(lit, var, value) for lit in tests):
                return True
        return False

    def _candidates(self, q: Question, tests: tuple[Lit, ...]) -> Iterable[AnswerValue | None]:
        """Answers that stand for every answer the tests can tell apart."""
        yield None
        kind = kind_of(q)
        if not kind.has_options:
            yield _TEXT
            return
        options = self._options(q)
        if not kind.many:
            yield from options
            return
        # Only the options used are looked at, never all of them: a rubric can
        # ask about each of a thousand options, each time with a few tests.
        named = {v for lit in tests for v in _named_options(lit.test)}
        relevant = sorted((o for o in named if o in options), key=options.__getitem__)
        if len(relevant) > MAX_NAMED_OPTIONS:
            raise _GiveUp
        counts = [lit.test.value for lit in tests if _counts(lit.test)]
        spare = len(options) - len(relevant)
        extras = [_filler_counts(size, spare, counts) for size in range(len(relevant) + 1)]
        most = max(starts[-1] for starts in extras)
        self._charge(len(named) + most)  # picking out the named options and the fillers
        fillers = tuple(islice((o for o in options if o not in named), most))
        for size, starts in enumerate(extras):
            for chosen in combinations(relevant, size):
                for extra in starts:
                    yield (*chosen, *fillers[:extra])

    def _options(self, q: Question) -> dict[str, int]:
        """Options that can be chosen (those whose own condition can hold), by their place
        in the question: worked out once per question, however often it is asked about."""
        if q.id not in self._choosable:
            ids = [o.id for o in q.options if o.when is None or self._sub_possible(o.when)]
            self._choosable[q.id] = {o: place for place, o in enumerate(ids)}
        return self._choosable[q.id]

    def _sub_possible(self, cond: Condition) -> bool:
        saved = self._steps
        try:
            return self.possible(cond)
        finally:
            self._steps = saved

    def _metric_fits(self, metric: str, tests: tuple[Lit, ...]) -> bool:
        rng = self.metric_range(metric)
        if rng.can_be_none and all(lit.negated for lit in tests):
            return True  # a metric without a value fails every test, so every negation holds
        return _interval(rng, tests) is not None

    def _index_fits(self, lits: dict[str, tuple[Lit, ...]]) -> bool:
        """The index is a weighted mean of the scored dimensions: can it meet its tests?"""
        index_tests = lits.get("metric:index", ())
        dim_tests = {d.id: lits.get(f"metric:dimension.{d.id}", ()) for d in self.rubric.dimensions}
        if not index_tests and not any(dim_tests.values()):
            return True
        if any(d.weight <= 0 for d in self.rubric.dimensions):
            return True  # lint refuses such weights anyway; do not guess past them
        forced: list[tuple[float, float, float]] = []
        optional: list[tuple[float, float, float]] = []
        for d in self.rubric.dimensions:
            rng = self.metric_range(f"dimension.{d.id}")
            tests = dim_tests[d.id]
            span = _interval(rng, tests)
            if span is None:
                continue  # this dimension can only be unscored here
            entry = (d.weight, span[0], span[1])
            (forced if any(not lit.negated for lit in tests) else optional).append(entry)
        if not forced and all(lit.negated for lit in index_tests):
            return True  # every dimension unscored: no index, and the negated tests hold
        if not forced and not optional:
            return False
        index = _interval(self.metric_range("index"), index_tests)
        if index is None:
            return False
        lowest = _extreme_mean(forced, optional, pick=1, sign=-1)
        highest = _extreme_mean(forced, optional, pick=2, sign=1)
        return lowest <= index[1] + 1e-9 and highest >= index[0] - 1e-9


def _counts(test: QuestionTest | MetricTest) -> bool:
    """Whether the test reads how many options are chosen (channel_count reads the
    channels question so)."""
    return isinstance(test, MetricTest) or test.op in ("count_at_least", "count_at_most")


def _filler_counts(chosen: int, fillers: int, counts: Sequence[float]) -> list[int]:
    """How many unnamed options to add to ``chosen`` named ones: one number for
    each stretch of numbers that no test can tell apart, not every number.

    No test names the fillers, so only how many are chosen matters, and only
    to the count tests; the answer to one changes only where the total crosses
    its value, at ceil(value) or floor(value) + 1. Each stretch starts at none
    or at such a crossing, so trying those starts finds whatever trying every
    number would, and a question of a thousand options costs a few tries per
    subset, not a thousand.
    """
    starts = {0}
    for value in counts:
        for total in (math.ceil(value), math.floor(value) + 1):
            if 0 <= total - chosen <= fillers:
                starts.add(total - chosen)
    return sorted(starts)


def _named_options(test: QuestionTest | MetricTest) -> Iterable[str]:
    if isinstance(test, MetricTest) or test.op in ("answered", "count_at_least", "count_at_most"):
        return ()
    return test.value if isinstance(test.value, frozenset) else (test.value,)


def _holds(lit: Lit, var: str, value: AnswerValue | None) -> bool:
    test = lit.test
    if isinstance(test, MetricTest):  # channel_count, read off the channels answer
        count = len(value) if isinstance(value, tuple) else 0
        return compare(count, test.op, test.value) != lit.negated
    answers = {} if value is None else {var: value}
    return evaluate(test, answers) != lit.negated


def _interval(rng: MetricRange, tests: Iterable[Lit]) -> tuple[float, float] | None:
    """The closed hull of the values that pass every test, or None when none does."""
    low, high, low_open, high_open = rng.low, rng.high, False, False
    for lit in tests:
        assert isinstance(lit.test, MetricTest)
        op, value = lit.test.op, lit.test.value
        if lit.negated:
            op = {"at_least": "below", "below": "at_least", "at_most": "above", "above": "at_most"}[
                op
            ]
        if op in ("at_least", "above") and (value > low or (value == low and op == "above")):
            low, low_open = value, op == "above"
        elif op in ("at_most", "below") and (value < high or (value == high and op == "below")):
            high, high_open = value, op == "below"
    if rng.integer:
        low = math.floor(low) + 1 if low_open and low == math.floor(low) else math.ceil(low)
        high = math.ceil(high) - 1 if high_open and high == math.ceil(high) else math.floor(high)
        return (low, high) if low <= high else None
    if low < high or (low == high and not (low_open or high_open)):
        return (low, high)
    return None


def _extreme_mean(
    forced: list[tuple[float, float, float]],
    optional: list[tuple[float, float, float]],
    *,
    pick: int,
    sign: int,
) -> float:
    """The highest (sign 1) or lowest (sign -1) weighted mean over dimension sets.

    Entries are (weight, lowest, highest). Every forced dimension is in the
    set; an optional one joins when it pulls the mean its way, best first,
    which is optimal for a weighted mean.
    """
    chosen = list(forced)
    rest = sorted(optional, key=lambda entry: -sign * entry[pick])
    if not chosen:
        chosen.append(rest.pop(0))
    for entry in rest:
        if sign * entry[pick] > sign * _mean(chosen, pick):
            chosen.append(entry)
    return _mean(chosen, pick)


def _mean(entries: list[tuple[float, float, float]], pick: int) -> float:
    return sum(e[0] * e[pick] for e in entries) / sum(e[0] for e in entries)
