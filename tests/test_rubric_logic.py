"""The solver behind lint: what it proves impossible must be impossible.

Lint refuses a rubric when the solver says a condition can never hold, so a
wrong "never" would refuse a good rubric. The property test draws random
conditions and random real answers: whenever the real evaluator finds a
condition true, the solver must call it possible.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from omnicheck.errors import RubricError
from omnicheck.rubric.compiled import CompiledRubric
from omnicheck.rubric.conditions import AllOf, AnyOf, Condition, NotOf, evaluate, parse_condition
from omnicheck.rubric.solver import Solver
from omnicheck.scoring.assessment import assess
from tests.conftest import TINY_RUBRIC, answers_for, compile_yaml, examples
from tests.strategies import CONDITIONS, raw_answers


@pytest.fixture(scope="module")
def solver(tiny):
    return Solver(tiny)


@pytest.mark.parametrize(
    ("condition", "possible"),
    [
        ({"question": "goal", "is": "reach"}, True),
        ({"all": [{"question": "goal", "is": "reach"}, {"question": "goal", "is": "loyalty"}]}, 0),
        (
            {
                "all": [
                    {"question": "goal", "is": "reach"},
                    {"not": {"question": "goal", "answered": True}},
                ]
            },
            0,
        ),
        ({"question": "channels", "count_at_least": 3}, True),
        ({"question": "channels", "count_at_least": 4}, False),
        (
            {
                "all": [
                    {"question": "channels", "has_all": ["web", "store"]},
                    {"question": "channels", "count_at_most": 1},
                ]
            },
            0,
        ),
        # channel_count is the number of channels chosen, 0 when unanswered
        (
            {
                "all": [
                    {"question": "channels", "has": "web"},
                    {"metric": "channel_count", "at_most": 0},
                ]
            },
            0,
        ),
        (
            {
                "all": [
                    {"not": {"question": "channels", "answered": True}},
                    {"metric": "channel_count", "at_most": 0},
                ]
            },
            1,
        ),
        # a question is answered only where its condition holds (b.store needs the store)
        (
            {
                "all": [
                    {"question": "b.store", "answered": True},
                    {"not": {"question": "channels", "has": "store"}},
                ]
            },
            0,
        ),
        # a.one is asked only with two channels or more
        (
            {
                "all": [
                    {"question": "a.one", "is": "s4"},
                    {"question": "channels", "count_at_most": 1},
                ]
            },
            0,
        ),
        ({"metric": "dimension.a", "above": 100}, False),
        ({"metric": "stages_linked", "at_least": 2}, True),
        ({"metric": "stages_linked", "at_least": 3}, False),
        (
            {
                "all": [
                    {"metric": "linked_pairs", "above": 2},
                    {"metric": "linked_pairs", "below": 3},
                ]
            },
            0,
        ),
        # index = (1 × a + 3 × b) / 4: with b at most 25, the index is at most 43.75
        (
            {
                "all": [
                    {"metric": "dimension.b", "at_most": 25},
                    {"metric": "index", "at_least": 44},
                ]
            },
            0,
        ),
        (
            {
                "all": [
                    {"metric": "dimension.b", "at_most": 25},
                    {"metric": "index", "at_least": 43},
                ]
            },
            1,
        ),
        # ... unless b is not scored at all, which "not b ≥ 26" allows
        (
            {
                "all": [
                    {"not": {"metric": "dimension.b", "above": 25}},
                    {"metric": "index", "at_least": 90},
                ]
            },
            1,
        ),
        ({"not": {"metric": "hub_coverage", "at_least": 0}}, True),  # no hub coverage at all
    ],
)
def test_known_cases(solver, condition, possible):
    assert solver.possible(parse_condition(condition)) is bool(possible)


def test_excluding_finds_shadowed_cases(solver):
    reach = parse_condition({"question": "goal", "is": "reach"})
    loyal = parse_condition({"question": "goal", "is": "loyalty"})
    either = parse_condition({"question": "goal", "in": ["reach", "loyalty"]})
    assert not solver.possible(either, excluding=[reach, loyal])
    assert solver.possible(None, excluding=[reach, loyal])  # goal n/a matches neither
    assert solver.possible(either, excluding=[reach])


def test_a_problem_too_large_counts_as_possible(tiny):
    tests = [parse_condition({"question": "goal", "is": "reach"})] * 3
    many = AnyOf(tuple(AllOf((t, NotOf(t))) for t in tests * 10))
    assert Solver(tiny).possible(many) is False
    assert Solver(tiny, budget=5).possible(many) is True


def with_tools(
    named: int, fillers: int, *, after: dict[str, object] | None = None
) -> CompiledRubric:
    """The tiny rubric plus a multiple choice ``tools``: options o0, o1, ... for tests
    to name, then f0, f1, ... that none names; and with ``after``, a question asked
    when that holds. A rubric of this shape, with twelve named options and a
    thousand more, once kept lint busy for minutes."""
    options = "".join(
        f"\n              - {{id: {prefix}{i}, label: {prefix}{i}}}"
        for prefix, count in (("o", named), ("f", fillers))
        for i in range(count)
    )
    tools = f"""
          - id: tools
            kind: multi
            text: Tools?
            options:{options}
"""
    if after is not None:
        tools += f"""          - id: after
            kind: single
            text: After?
            when: {json.dumps(after)}
            options: [{{id: sure, label: Sure}}, {{id: unsure, label: Unsure}}]
"""
    section = "      - id: integration\n"
    return compile_yaml(TINY_RUBRIC.replace(section, tools.lstrip("\n") + section))


def all_named_but_fewer(named: int) -> dict[str, object]:
    """Every named option chosen, yet fewer options than that: impossible, and only
    the last subset of the named options tried shows it."""
    every = [f"o{i}" for i in range(named)]
    return {
        "all": [
            {"question": "tools", "has_all": every},
            {"question": "tools", "count_at_most": named - 1},
        ]
    }


def test_the_budget_counts_every_answer_tried():
    rubric = with_tools(named=8, fillers=4)
    never = parse_condition(all_named_but_fewer(8))
    assert Solver(rubric).possible(never) is False
    # A handful of search steps reach the tests on tools, so 200 was plenty
    # while only steps were counted; trying its 256 subsets of named options
    # costs more than that. The budget counts them too, and once it is spent
    # the question stays open.
    assert Solver(rubric, budget=200).possible(never) is True


def test_a_multiple_choice_too_large_to_try_is_left_open():
    # 4,096 subsets of the named options, each with the unnamed ones: more
    # work than the whole budget, so the solver gives up rather than decide,
    # and lint stays silent (it used to try them all, without counting).
    rubric = with_tools(named=12, fillers=20)
    assert Solver(rubric).possible(parse_condition(all_named_but_fewer(12))) is True
    assert Solver(rubric).possible(parse_condition(all_named_but_fewer(3))) is False


def test_lint_says_nothing_of_what_it_could_not_settle():
    # A question that can never be asked is an error lint finds ...
    with pytest.raises(RubricError) as caught:
        with_tools(named=3, fillers=20, after=all_named_but_fewer(3))
    assert [p.what for p in caught.value.problems] == ["question-never-asked"]
    # ... but not where settling it would take more than the budget: rather
    # than guess, lint lets the rubric through.
    with_tools(named=12, fillers=20, after=all_named_but_fewer(12))


def test_the_whole_rubric_has_a_budget_too(tiny):
    """Each question has its own budget, and all of them together one more: thousands of
    questions that each stay within theirs would still keep lint busy for minutes."""
    never = parse_condition(
        {
            "all": [
                {"question": "goal", "is": "reach"},
                {"not": {"question": "goal", "answered": True}},
            ]
        }
    )
    assert Solver(tiny, total=100).possible(never) is False
    busy = Solver(tiny, total=100)
    for n in range(50):  # 50 questions, each a little work: more than 100 units in all
        busy.possible(parse_condition({"question": "channels", "count_at_least": n}))
    assert busy.possible(never) is True  # past the total, every open question is possible
    # what was settled before the total ran out stays settled
    assert busy.possible(parse_condition({"question": "channels", "count_at_least": 4})) is False


@pytest.fixture(scope="module")
def sixty_fillers() -> CompiledRubric:
    return with_tools(named=1, fillers=60)


def tools(op: str, value: object, *, negated: bool = False) -> dict[str, object]:
    test = {"question": "tools", op: value}
    return {"not": test} if negated else test


@pytest.mark.parametrize(
    ("tests", "possible"),
    [
        ([tools("has", "o0"), tools("count_at_least", 40), tools("count_at_most", 40)], True),
        ([tools("count_at_least", 41), tools("count_at_least", 41, negated=True)], False),
        ([tools("has", "o0"), tools("count_at_least", 61)], True),  # o0 and every filler
        ([tools("has", "o0"), tools("count_at_least", 62)], False),
        ([tools("has", "o0", negated=True), tools("count_at_least", 60)], True),
        ([tools("has", "o0", negated=True), tools("count_at_least", 61)], False),
        ([tools("count_at_most", 10, negated=True), tools("count_at_most", 11)], True),
        # unanswered, it fails both tests, so both negations hold ...
        ([tools("count_at_most", 10, negated=True), tools("count_at_least", 11, negated=True)], 1),
        # ... but no number of options does
        (
            [
                tools("answered", True),
                tools("count_at_most", 10, negated=True),
                tools("count_at_least", 11, negated=True),
            ],
            False,
        ),
    ],
)
def test_unnamed_options_are_tried_by_how_many(sixty_fillers, tests, possible):
    """Only a few numbers of unnamed options are tried, those where a count test
    can change its answer: they must find what trying every number would."""
    condition = parse_condition({"all": tests})
    assert Solver(sixty_fillers).possible(condition) is bool(possible)


@settings(max_examples=examples(100), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), condition=CONDITIONS)
def test_what_real_answers_make_true_is_possible(tiny, data, condition: Condition):
    raw = data.draw(raw_answers(tiny))
    result = assess(tiny, answers_for(tiny, raw))
    if evaluate(condition, result.answers.answers, result.metrics):
        assert Solver(tiny).possible(condition)


def test_a_question_asked_once_is_answered_alike_but_not_kept(tiny):
    """``remember=False`` (a rule against every rule before it) settles the question as
    the kept answer does, without hashing its thousand conditions to keep it."""
    reach = parse_condition({"question": "goal", "is": "reach"})
    answered = parse_condition({"question": "goal", "answered": True})
    for conditions, excluding, expected in [
        ((reach,), [reach], False),
        ((reach,), [answered], False),
        ((answered,), [reach], True),
        ((None,), [answered, reach], True),  # a rule without a condition: unanswered
    ]:
        once = Solver(tiny)
        assert once.possible(*conditions, excluding=excluding, remember=False) is expected
        assert once._answers == {}
        assert Solver(tiny).possible(*conditions, excluding=excluding) is expected
