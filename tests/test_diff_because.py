"""Why a gate moved: which changed answers move the figure a check reads, the way it went.

On the tiny rubric of ``tests/conftest.py``, where every figure can be worked out
by hand.
"""

from __future__ import annotations

from omnicheck.rubric.conditions import NotApplicable
from omnicheck.scoring.causes import Causes, changed_questions, figures, towards
from tests.conftest import TINY_ANSWERS, TINY_RUBRIC, compile_yaml

TINY = compile_yaml(TINY_RUBRIC)
#: Web shop and store both sync with the customer record: a linked pair, through it.
BOTH_SYNC = {**TINY_ANSWERS, "record.web": "two_way", "record.store": "two_way"}


def causes(before: dict, after: dict, metric: str, op: str, met: bool) -> tuple[str, ...]:
    return Causes(TINY, before, after).of(metric, op, met)


def test_a_figure_nearer_to_holding_moves_towards_the_check():
    assert towards("at_least", 40.0, 50.0) == towards("above", 40.0, 50.0) == 1
    assert towards("at_most", 40.0, 50.0) == towards("below", 40.0, 50.0) == -1
    assert towards("at_least", 40.0, 40.0 + 1e-12) == 0  # the same sum in another order
    # a figure not scored is furthest from every threshold: no check holds on it
    assert towards("at_least", None, 0.0) == towards("at_most", None, 99.0) == 1
    assert towards("at_most", 1.0, None) == -1 and towards("at_least", None, None) == 0


def test_the_changed_questions_are_in_asking_order_and_ignore_a_reworded_reason():
    before = {**TINY_ANSWERS, "a.one": NotApplicable("later"), "handoff.web": ("store@search",)}
    after = {
        **before,
        "a.one": NotApplicable("another reason"),  # still n/a: not a change
        "handoff.web": ("store@search",),
        "b.store": "s1",
        "goal": "loyalty",
    }
    del after["record.web"]  # unanswered now: a change
    assert changed_questions(TINY, before, after) == ["goal", "b.store", "record.web"]


def test_a_pair_lost_names_both_channels_that_stopped_syncing():
    """Either change alone, from before, unlinks the pair: both are named."""
    after = {**BOTH_SYNC, "record.web": "one_way", "record.store": "one_way", "goal": "loyalty"}
    assert figures(TINY, BOTH_SYNC)["linked_pairs"] == 1.0
    assert figures(TINY, after)["linked_pairs"] == 0.0
    assert causes(BOTH_SYNC, after, "linked_pairs", "at_least", False) == (
        "record.web",
        "record.store",
    )


def test_a_pair_met_names_both_channels_that_started_syncing():
    """Neither change alone, from before, links the pair; undoing either, from now, unlinks
    it: the two tests together make the explanation symmetric."""
    before = {**BOTH_SYNC, "record.web": "one_way", "record.store": "one_way"}
    assert causes(before, BOTH_SYNC, "linked_pairs", "at_least", True) == (
        "record.web",
        "record.store",
    )


def test_only_the_answers_that_move_the_figure_the_way_the_gate_went():
    before = {**TINY_ANSWERS, "b.one": "s3", "b.store": "s2"}
    after = {**before, "b.one": "s0", "b.store": "s3", "a.one": "s0", "goal": "loyalty"}
    # dimension b fell: b.one went down, b.store up; a.one and the goal are other figures'
    assert figures(TINY, after)["dimension.b"] < figures(TINY, before)["dimension.b"]
    assert causes(before, after, "dimension.b", "at_least", False) == ("b.one",)
    # read as a gate met the other way round, only the rise is named
    assert causes(after, before, "dimension.b", "at_least", True) == ("b.one",)
    assert causes(before, after, "dimension.b", "at_most", True) == ("b.one",)
    assert causes(before, after, "dimension.a", "at_least", False) == ("a.one",)


def test_an_answer_that_moves_the_figure_both_ways_is_not_named():
    """a.one going n/a lowers dimension A from the earlier answers (it leaves only a.two at
    0) and raises it from the later ones (where a.two is 4 and a.one's 2 pulls it down):
    no direction to name, so it is left out, and a.two, which raises it either way, stays."""
    before = {**TINY_ANSWERS, "a.one": "s2", "a.two": "s0"}
    after = {**TINY_ANSWERS, "a.one": NotApplicable(), "a.two": "s4"}
    assert causes(before, after, "dimension.a", "at_least", True) == ("a.two",)


def test_a_figure_that_is_no_longer_scored_moved_away_from_every_check():
    before = {**TINY_ANSWERS, "a.one": "s3", "a.two": "s3"}
    after = {**before, "a.one": NotApplicable(), "a.two": NotApplicable()}
    assert figures(TINY, after)["dimension.a"] is None
    assert causes(before, after, "dimension.a", "at_least", False) == ("a.one", "a.two")


def test_no_changed_answer_no_cause():
    assert causes(TINY_ANSWERS, dict(TINY_ANSWERS), "index", "at_least", True) == ()
