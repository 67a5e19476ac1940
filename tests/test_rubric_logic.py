"""The solver behind lint: what it proves impossible must be impossible.

Lint refuses a rubric when the solver says a condition can never hold, so a
wrong "never" would refuse a good rubric. The property test draws random
conditions and random real answers: whenever the real evaluator finds a
condition true, the solver must call it possible.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from omnicheck.rubric.conditions import AllOf, AnyOf, Condition, NotOf, evaluate, parse_condition
from omnicheck.rubric.solver import Solver
from omnicheck.scoring.assessment import assess
from tests.conftest import answers_for, examples
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


@settings(max_examples=examples(100), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), condition=CONDITIONS)
def test_what_real_answers_make_true_is_possible(tiny, data, condition: Condition):
    raw = data.draw(raw_answers(tiny))
    result = assess(tiny, answers_for(tiny, raw))
    if evaluate(condition, result.answers.answers, result.metrics):
        assert Solver(tiny).possible(condition)
