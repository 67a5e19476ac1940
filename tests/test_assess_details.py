"""Which business details a resumed file still asks: the file holds only those given.

Details are asked in order, before any rubric question, so a missing one was
skipped on purpose if a later one was given or the questionnaire went on; the
others were never asked (a session stopped among them, or a quick check,
which asks the name only), and resuming asks them.
"""

from __future__ import annotations

import pytest

from omnicheck.questionnaire.flow import Flow
from tests.test_assess_terminal import Terminal, read, tiny_rubric

__all__ = ["tiny_rubric"]  # a fixture, used by name


def first(flow: Flow) -> str | None:
    pending = flow.first_pending()
    return pending.id if pending else None


def test_a_stop_among_the_details_resumes_at_the_first_not_asked(tiny):
    business = {"name": "Co", "size": "3 staff"}  # sector skipped, stopped at location
    assert first(Flow(tiny, {}, business, details_passed=False)) == "business.location"


def test_a_quick_check_has_its_details_asked_by_the_full_questionnaire(tiny):
    flow = Flow(tiny, {"goal": "reach"}, {"name": "Co"}, details_passed=False)
    assert first(flow) == "business.sector"


def test_past_the_details_a_missing_one_was_skipped_on_purpose(tiny):
    flow = Flow(tiny, {"goal": "reach"}, {"name": "Co"}, details_passed=True)
    assert first(flow) == "channels"


@pytest.mark.pty
def test_a_stop_among_the_details_resumes_there(tmp_path, tiny_rubric):
    rubric = ("--rubric", str(tiny_rubric))
    term = Terminal(tmp_path, "--answers", "a.yaml", *rubric, columns=60)
    term.at("What is your business called?").type("Detail Co").press("enter")
    term.answer("What does it sell, and to whom?", "enter")  # skipped
    term.at("How big is it?").type("3 staff").press("enter")
    term.answer("Where is it based?", "ctrl-c")
    assert term.finish()[0] == 130

    term = Terminal(tmp_path, "--answers", "a.yaml", "--resume", *rubric, columns=60)
    term.at("Where is it based?").type("Leeds").press("enter")
    term.answer("Anything else the report should mention?", "ctrl-c")
    assert term.finish()[0] == 130
    assert read(tmp_path / "a.yaml")["business"] == {
        "name": "Detail Co",
        "size": "3 staff",
        "location": "Leeds",
    }


@pytest.mark.pty
def test_full_after_a_quick_check_asks_the_details(tmp_path):
    term = Terminal(tmp_path, "--quick", "--answers", "q.yaml", columns=60)
    term.at("What is your business called?").type("Quick Co").press("enter")
    term.answer("What is the main goal", "ctrl-c")
    assert term.finish()[0] == 130

    term = Terminal(tmp_path, "--answers", "q.yaml", "--resume", "--full", columns=60)
    term.at("What does it sell, and to whom?").type("Tents").press("enter")
    term.answer("How big is it?", "ctrl-c")
    assert term.finish()[0] == 130
    assert read(tmp_path / "q.yaml")["business"] == {"name": "Quick Co", "sector": "Tents"}
