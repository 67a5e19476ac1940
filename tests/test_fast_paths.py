"""The shortcuts that make batches fast give exactly what the plain computation gives.

A batch scores thousands of businesses, so the core re-scores incrementally
(one channel's links, one dimension's points) and caches lookup tables on the
compiled rubric. Each shortcut is checked here against the straightforward
computation it replaces, with exact equality, not approximately.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from omnicheck.actions import next_option
from omnicheck.assessment import assess
from omnicheck.levels import evaluate_levels, reached_rank
from omnicheck.links import compute_links, directed_handoffs, relinked_metrics
from omnicheck.loading import answers_from
from tests.conftest import EXAMPLES


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_relinked_metrics_equal_a_full_link_recompute(rubric, path):
    answers = answers_from(path, rubric).answers
    base = compute_links(rubric, answers)
    assert base is not None
    directed = directed_handoffs(base.handoffs)
    checked = 0
    for channel in base.channels:
        for level in range(5):
            full = compute_links(rubric, answers, {**base.record, channel: level})
            assert full is not None
            expected = {
                "linked_pairs": float(full.linked_pairs),
                "link_density": full.density,
                "hub_coverage": full.hub_coverage,
                "stages_linked": float(len(full.stages_linked)),
            }
            for prepared in (None, directed):
                assert relinked_metrics(rubric, base, channel, level, prepared) == expected
            checked += 1
    assert checked == 5 * len(base.channels)


def test_step_up_table_matches_next_option(rubric):
    for q in rubric.questions:
        table = rubric.step_up.get(q.id)
        if not q.scored:
            assert table is None
            continue
        for option in q.options:
            assert table.get(option.id) == next_option(q, option), (q.id, option.id)


def test_question_order_is_asking_order(rubric):
    assert list(rubric.question_order) == [q.id for q in rubric.questions]
    assert list(rubric.question_order.values()) == list(range(len(rubric.questions)))


def test_scoring_twice_with_one_rubric_gives_the_same_result(rubric):
    """The cached tables must not carry state from one business to the next."""
    first = [assess(rubric, answers_from(p, rubric)) for p in EXAMPLES]
    again = [assess(rubric, answers_from(p, rubric)) for p in reversed(EXAMPLES)]
    assert [a.actions for a in first] == [a.actions for a in reversed(again)]
    assert [a.index for a in first] == [a.index for a in reversed(again)]


@given(
    st.fixed_dictionaries(
        {},
        optional={
            name: st.one_of(st.none(), st.floats(min_value=0, max_value=100))
            for name in [
                "index",
                "channel_count",
                "linked_pairs",
                "link_density",
                "hub_coverage",
                "stages_linked",
                "coverage",
                "dimension.journey",
                "dimension.data",
                "dimension.service",
            ]
        },
    )
)
@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_reached_rank_agrees_with_the_full_level_evaluation(rubric, metrics):
    assert reached_rank(rubric, metrics) == evaluate_levels(rubric, metrics).rank
