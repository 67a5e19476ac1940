"""The shortcuts that make batches fast give exactly what the plain computation gives.

A batch scores thousands of businesses, so the core re-scores incrementally
(one channel's links, one dimension's points) and caches lookup tables on the
compiled rubric. Each shortcut is checked here against the straightforward
computation it replaces, with exact equality, not approximately.
"""

from __future__ import annotations

import pytest

from omnicheck.actions import next_option
from omnicheck.assessment import assess
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
            for given in (None, directed):
                assert relinked_metrics(rubric, base, channel, level, given) == expected
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
