"""Answers about an unticked channel survive a stopped session, until the person confirms.

Unticking a channel sets its answers aside; the file keeps them under
``set_aside:``, which validation accepts and scoring ignores, so a Ctrl-C
before the confirmation at the end loses nothing. The next session asks
"Remove N answers about X?" as the first would have.
"""

from __future__ import annotations

import pytest

from omnicheck.answers.validate import validate_answers
from omnicheck.answers.writer import Comments, answers_yaml
from omnicheck.questionnaire.flow import Flow
from omnicheck.scoring.assessment import assess
from omnicheck.source.safe_yaml import parse_yaml
from tests.test_assess_terminal import TINY_RUN, Terminal, play, read, tiny_rubric

COLUMNS = pytest.mark.parametrize("columns", [80, 60])
__all__ = ["tiny_rubric"]  # a fixture, used by name


def load(rubric, text):
    return validate_answers(parse_yaml(text, "a.yaml"), rubric, require_complete=False)


def test_a_typed_other_channel_name_survives_a_save_and_a_load(rubric):
    answers = {
        "goal": "reach",
        "channels": ("website", "other"),
        "channels_other": "Market stall",
    }
    flow = Flow(rubric, answers, {"name": "Other Co"})
    flow.jump("channels")
    flow.answer(("website",))  # the stall is unticked: its name is set aside
    assert "channels_other" not in flow.values
    text = answers_yaml(
        rubric,
        flow.business,
        flow.answers,
        complete=False,
        comments=Comments(header=()),
        set_aside={k: v for k, v in flow.set_aside.items() if k not in flow.values},
    )
    assert "set_aside:\n  channels_other: Market stall" in text
    loaded = load(rubric, text)
    assert "channels_other" not in loaded.answers  # never scored
    assert loaded.kept_aside == {"channels_other": "Market stall"}
    again = Flow(rubric, loaded.answers, {"name": "Other Co"}, set_aside=loaded.kept_aside)
    again.jump("channels")
    again.answer(("website", "other"))
    assert again.current().question.id == "channels_other"
    assert again.current().default == "Market stall"


def test_set_aside_answers_are_not_scored(rubric):
    base = "rubric: {id: omnichannel, version: '1.0'}\nbusiness: {name: A}\nanswers: {}\n"
    plain = load(rubric, base)
    aside = load(rubric, base + "set_aside:\n  record.physical_store: shared\n")
    assert aside.kept_aside == {"record.physical_store": "shared"}
    assert aside.answers == plain.answers
    assert assess(rubric, aside).index == assess(rubric, plain).index


@pytest.mark.pty
@COLUMNS
def test_ctrl_c_before_the_confirmation_keeps_the_unticked_answers(tmp_path, tiny_rubric, columns):
    rubric = ("--rubric", str(tiny_rubric))
    term = Terminal(tmp_path, "--answers", "a.yaml", *rubric, columns=columns)
    play(term.details("Aside Co"), TINY_RUN)
    assert term.finish()[0] == 0
    before = read(tmp_path / "a.yaml")["answers"]

    # Swap the store for email, then stop before the end.
    term = Terminal(tmp_path, "--answers", "a.yaml", "--ask", "channels", *rubric, columns=columns)
    term.answer("Channels?", "down", "space", "down", "space", "enter")
    term.answer("Where does Web hand off?", "ctrl-c")
    status, said = term.finish()
    assert status == 130 and "--ask handoff.web" in said
    stopped = read(tmp_path / "a.yaml")
    assert "record.store" not in stopped["answers"]
    assert stopped["set_aside"]["record.store"] == before["record.store"]
    assert stopped["set_aside"]["b.store"] == before["b.store"]

    # The next session asks before removing them, and they go only then.
    again = ("--resume", "--ask", "handoff.web")  # as the printed command says
    term = Terminal(tmp_path, "--answers", "a.yaml", *again, *rubric, columns=columns)
    term.answer("Where does Web hand off?", "enter")
    term.answer("How does Email connect?", "down", "enter")
    term.answer("Where does Email hand off?", "enter")
    term.answer("Review your answers", "enter")
    term.answer("Remove 3 answers about Store?", "enter")
    assert term.finish()[0] == 0
    after = read(tmp_path / "a.yaml")
    assert after["status"] == "complete" and "set_aside" not in after
    assert "record.store" not in after["answers"]
