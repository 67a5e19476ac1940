"""Why the goal does not carry a business higher: the nearest strategy first, and never a
question the business is not asked (a one-shop bakery has no customers "using 2+ channels")."""

from __future__ import annotations

from pathlib import Path

import yaml

from omnicheck.rubric.conditions import QuestionTest
from omnicheck.scoring.assessment import assess
from omnicheck.scoring.target import held_back_by
from tests.conftest import answers_for, compile_yaml
from tests.test_report_model import output

BAKERY = {
    "goal": "loyalty",
    "channels": ["physical_store"],
    "budget": "low",
    "service_capacity": "per_channel",
    "repeat_purchase": "weekly",
    "growth_stage": "growing",
}
#: A two-channel business (the outdoor retailer) wanting loyalty from weekly buyers,
#: most of whom use both channels, on a low budget.
TWO_CHANNELS = {
    **yaml.safe_load(Path("examples/outdoor-retailer.yaml").read_text(encoding="utf-8"))["answers"],
    "goal": "loyalty",
    "repeat_purchase": "weekly",
    "multichannel_share": "over_50",
    "budget": "low",
}


def _held(rubric, answers, target):
    a = assess(rubric, answers_for(rubric, answers))
    return held_back_by(rubric, a.answers.answers, a.metrics, target)


def test_a_one_channel_business_is_not_held_back_by_a_question_it_is_never_asked(rubric):
    assert _held(rubric, BAKERY, "single-channel") is None


def test_the_bakery_report_names_its_channel_count_not_an_unasked_question():
    text = " ".join(output("report", "examples/bakery.yaml").split())
    assert "Why not" not in text and "not answered" not in text
    assert "Customers use two or more of your channels (you: 1)" in text


def test_a_question_that_applies_is_still_named(rubric):
    rule, test = _held(rubric, TWO_CHANNELS, "cross-channel")
    assert rule.id == "go-omnichannel"
    assert isinstance(test, QuestionTest) and test.question == "budget"


def test_an_applicable_question_answered_n_a_is_named(rubric):
    answers = {**TWO_CHANNELS, "multichannel_share": {"n/a": "never measured"}}
    rule, test = _held(rubric, answers, "cross-channel")
    assert rule.id == "go-omnichannel"
    assert isinstance(test, QuestionTest) and test.question == "multichannel_share"


def test_the_next_strategy_up_is_considered_first():
    doc = yaml.safe_load(Path("questionnaires/omnichannel.yaml").read_text(encoding="utf-8"))
    link = {
        "id": "loyal-link",
        "target": "cross-channel",
        "when": {
            "all": [{"question": "goal", "is": "loyalty"}, {"question": "budget", "is": "high"}]
        },
        "reason": "Loyalty on a high budget links journeys first.",
    }
    rules = doc["rules"]
    rules.insert(next(i for i, r in enumerate(rules) if r["id"] == "go-omnichannel") + 1, link)
    rubric = compile_yaml(yaml.safe_dump(doc, sort_keys=False))
    rule, test = _held(rubric, TWO_CHANNELS, "multichannel")
    assert rule.id == "loyal-link"
    assert isinstance(test, QuestionTest) and test.question == "budget"
