"""Scoring, links, levels, strategy and what-if on a tiny inline rubric, checked by hand.

The expected numbers are worked out in the comments, so a reader can see
where each comes from: answers times weights, nothing else.
"""

from __future__ import annotations

import pytest

from omnicheck.scoring.assessment import assess
from tests.conftest import answers_for

BASE = {
    "goal": "reach",
    "channels": ["web", "email"],
    "a.one": "s4",
    "a.two": "s0",
    "b.one": "s2",
    "record.web": "one_way",
    "record.email": "shared",
    "handoff.web": [],
    "handoff.email": [],
}


def test_dimension_scores_and_index_follow_the_weights(tiny):
    result = assess(tiny, answers_for(tiny, BASE))
    dims = {d.id: d for d in result.dimensions}
    # a: (1×4 + 3×0) / (1 + 3) = 1.0 of 4 → 25
    assert dims["a"].score == pytest.approx(25.0)
    # b: b.one scores 2 (weight 1); record links (2 + 4) / 2 = 3 count as one item of weight 1
    assert dims["b"].record_links == pytest.approx(3.0)
    assert dims["b"].score == pytest.approx(25 * (2 + 3) / 2)
    # index: (1×25 + 3×62.5) / 4
    assert result.index == pytest.approx(53.125)
    assert result.coverage.answered == 5 and result.coverage.not_applicable == 0


def test_not_applicable_is_left_out_of_score_and_counted_in_coverage(tiny):
    result = assess(tiny, answers_for(tiny, {**BASE, "a.two": {"n/a": "no such thing here"}}))
    dims = {d.id: d for d in result.dimensions}
    assert dims["a"].score == pytest.approx(100.0)  # only a.one (4 of 4) is left
    assert dims["a"].not_applicable == 1
    assert result.coverage.not_applicable == 1
    assert result.coverage.percent == pytest.approx(100 * 4 / 5)


def test_links_measures(tiny):
    links = assess(tiny, answers_for(tiny, BASE)).links
    assert links is not None
    (pair,) = links.pairs
    # record levels 2 and 4: not both two-way, so only a manual look-up (level 1)
    assert (pair.level, pair.via) == (1, "manual-lookup")
    assert links.linked_pairs == 0 and links.density == 0.0
    assert links.hub_coverage == 50.0  # email is on the shared record, web is not


def test_handoffs_link_pairs_by_stage(tiny):
    answers = {**BASE, "handoff.web": ["email@search"], "handoff.email": ["web@purchase"]}
    links = assess(tiny, answers_for(tiny, answers)).links
    (pair,) = links.pairs
    assert (pair.level, pair.via, pair.stages) == (3, "handoff-both-ways", ("search", "purchase"))
    assert links.stages_linked == ("search", "purchase")


def test_shared_record_links_every_stage(tiny):
    answers = {**BASE, "record.web": "two_way"}
    (pair,) = assess(tiny, answers_for(tiny, answers)).links.pairs
    assert (pair.level, pair.via, pair.stages) == (3, "shared-record", ("search", "purchase"))


def test_level_and_blockers(tiny):
    result = assess(tiny, answers_for(tiny, BASE))
    assert result.level.level == "cross"  # index 53.1 is inside the 40-75 band
    assert result.level.next_level == "omni"
    blockers = {b.id: (b.actual, b.required) for b in result.level.blockers}
    assert blockers == {
        "omni-band": (pytest.approx(53.125), 75.0),
        "b-high": (pytest.approx(62.5), 75.0),
        "hub": (50.0, 100.0),
    }


def test_a_gate_holds_back_a_high_index(tiny):
    answers = {
        **BASE,
        "channels": ["web", "store"],
        "a.two": "s4",
        "b.one": "s4",
        "b.store": "s0",
        "record.web": "shared",
        "record.store": "shared",
        "handoff.store": [],
    }
    del answers["record.email"], answers["handoff.email"]
    result = assess(tiny, answers_for(tiny, answers))
    # a = 100; b = (4 + 0 + 4) / 3 of 4 = 66.7; index = (100 + 3 × 66.7) / 4 = 75
    assert result.index == pytest.approx(75.0)
    assert result.level.level == "cross"
    assert [b.id for b in result.level.blockers] == ["b-high"]


def test_an_alternative_reaches_a_level_below_its_band(tiny):
    low = {**BASE, "a.one": "s0", "b.one": "s0", "record.email": "none", "record.web": "none"}
    assert assess(tiny, answers_for(tiny, low)).level.level == "multi"
    linked = {**low, "handoff.web": ["email@search"]}
    result = assess(tiny, answers_for(tiny, linked))
    assert result.index < 40
    assert result.level.level == "cross"


def test_one_channel_is_single_and_not_scored(tiny):
    result = assess(tiny, answers_for(tiny, {"goal": "loyalty", "channels": ["web"]}))
    assert result.index is None
    assert result.level.level == "single"
    assert result.actions == ()
    assert result.target.rule == "one" and result.target.strategy == "single"


def test_target_rule_inputs_and_guardrails(tiny):
    low = {**BASE, "a.one": "s0", "b.one": "s0", "record.email": "none", "record.web": "none"}
    result = assess(tiny, answers_for(tiny, {**low, "goal": "loyalty"}))
    target = result.target
    assert result.level.level == "multi"
    assert (target.rule, target.proposed, target.strategy) == ("loyal", "omni", "cross")
    assert [(g.id, g.before, g.after) for g in target.guardrails] == [("step", "omni", "cross")]
    assert [(i.id, i.value) for i in target.inputs] == [("goal", "Loyalty")]


def test_target_never_asks_to_undo_integration(tiny):
    result = assess(tiny, answers_for(tiny, BASE))  # cross today; the fallback rule says multi
    target = result.target
    assert (target.rule, target.proposed, target.strategy) == ("fallback", "multi", "cross")
    assert [g.id for g in target.guardrails] == ["floor"]


def test_what_if_actions_are_ranked_by_gain_per_effort(tiny):
    actions = assess(tiny, answers_for(tiny, BASE)).actions
    got = [(a.rank, a.question, a.to_option, round(a.gain, 4), a.effort) for a in actions]
    assert got == [
        # b = (3 + 3) / 2 of 4 = 75 → index (25 + 225) / 4 = 62.5: +9.375, low effort
        (1, "b.one", "s3", 9.375, "low"),
        # a = (4 + 3) / 4 of 4 = 43.75 → index 57.8125: +4.6875, low effort (a is at step 1)
        (2, "a.two", "s1", 4.6875, "low"),
        # record mean (3 + 4) / 2 = 3.5 → b = 68.75 → index 57.8125; same priority, later question
        (3, "record.web", "two_way", 4.6875, "low"),
    ]


def test_an_action_that_reaches_a_level_ranks_first(tiny):
    answers = {
        **BASE,
        "a.one": "s0",
        "b.one": "s0",
        "record.web": "two_way",
        "record.email": "one_way",
    }
    result = assess(tiny, answers_for(tiny, answers))
    assert result.level.level == "multi"
    first = result.actions[0]
    # raising email to two-way makes both channels sync with the record: a linked pair
    assert (first.question, first.unlocks, first.level_after) == ("record.email", True, "cross")
    assert all(not a.unlocks for a in result.actions[1:])


def test_every_what_if_matches_a_full_rescore(rubric):
    """The incremental what-if must agree with scoring the changed answers from scratch."""
    from dataclasses import replace

    from omnicheck.loading import answers_from
    from tests.conftest import EXAMPLES

    for path in EXAMPLES:
        answers = answers_from(path, rubric)
        base = assess(rubric, answers)
        for action in base.actions:
            changed = dict(answers.answers)
            changed[action.question] = action.to_option
            again = assess(rubric, replace(answers, answers=changed))
            assert again.index == pytest.approx(action.index_after), (path.name, action.question)
            assert again.level.level == action.level_after, (path.name, action.question)
