"""How many set-aside answers "Remove N answers about …?" names: all it removes.

Unticking the physical store sets aside its record link and hand-offs, and
the checks that need a store (the store sees the web cart, returns in store,
store purchases known to email). The question about the store counts all
five, since Yes removes all five.
"""

from __future__ import annotations

import pytest

from omnicheck.loading import answers_from
from omnicheck.questionnaire import review
from omnicheck.questionnaire.aside import dropped
from omnicheck.questionnaire.flow import Flow
from tests.conftest import ROOT, TINY_ANSWERS, TINY_RUBRIC, compile_yaml

STORE = {
    "record.physical_store",
    "handoff.physical_store",
    "check.store_sees_cart",
    "check.return_in_store",
    "check.store_purchase_known",
}


def without_the_store(rubric) -> Flow:
    existing = answers_from(ROOT / "examples" / "outdoor-retailer.yaml", rubric)
    business = {"name": existing.business_name, **existing.business}
    flow = Flow(rubric, existing.answers, business, ask_again=["channels"])
    channels = existing.answers["channels"]
    assert isinstance(channels, tuple) and "physical_store" in channels
    flow.answer(tuple(c for c in channels if c != "physical_store"))
    return flow


def test_the_checks_that_need_the_store_are_counted_with_it(rubric):
    flow = without_the_store(rubric)
    assert set(flow.set_aside) == STORE
    assert dropped(flow) == {"physical_store": {q: flow.set_aside[q] for q in STORE}}


def test_the_number_asked_is_the_number_removed(rubric, monkeypatch):
    flow = without_the_store(rubric)
    assert asked_and_removed(flow, monkeypatch, words=True) == [
        "Remove 5 answers about Physical store? You unticked it as a channel."
    ]


def asked_and_removed(
    flow: Flow, monkeypatch: pytest.MonkeyPatch, *, words: bool = False
) -> list[int] | list[str]:
    """The counts "Remove N answers …?" named (or, with ``words``, the questions), each
    answered Yes; and nothing is left set aside after."""
    asked: list[str] = []

    def choose(_console, message, _options, **_kw):
        asked.append(message)
        return "remove"

    monkeypatch.setattr(review, "choose", choose)
    assert review.confirm_drops(flow, console=None) is False  # type: ignore[arg-type]
    assert flow.set_aside == {}
    return asked if words else [int(message.split()[1]) for message in asked]


def test_two_channels_unticked_at_once_count_all_they_take(tiny, monkeypatch):
    """Down to one channel, the sections for several go too: with the first that brings
    them back."""
    flow = Flow(tiny, TINY_ANSWERS, {"name": "Co"}, ask_again=["channels"])
    flow.answer(("email",))
    aside = len(flow.set_aside)
    groups = dropped(flow)
    assert set(groups["store"]) == {"b.store", "record.store", "handoff.store"}
    assert set(groups["web"]) == {"a.one", "a.two", "b.one", "record.web", "handoff.web"}
    assert asked_and_removed(flow, monkeypatch) == [5, 3] and aside == 8


def test_answers_no_channel_brings_back_are_asked_about_too(monkeypatch):
    """A follow-up to the goal, set aside by a changed goal: asked about on its own."""
    text = TINY_RUBRIC.replace(
        "          - id: channels\n",
        "          - id: goal.why\n"
        "            kind: single\n"
        "            text: Why reach?\n"
        "            when: {question: goal, is: reach}\n"
        "            options: [{id: grow, label: Grow}, {id: other, label: Other}]\n"
        "          - id: channels\n",
    )
    rubric = compile_yaml(text, "tiny.yaml")
    flow = Flow(rubric, {**TINY_ANSWERS, "goal.why": "grow"}, {"name": "Co"}, ask_again=["goal"])
    flow.answer("loyalty")
    assert dropped(flow) == {None: {"goal.why": "grow"}}
    assert asked_and_removed(flow, monkeypatch) == [1]
