"""The review screen: its keys, and resuming a file a session left there.

A session stopped on the review screen, with every question answered, left
the file ``status: incomplete``: resuming it shows the review again (and asks
about answers still set aside), rather than marking it complete unseen. The
review and every menu say their keys as a question does, and Ctrl-X saves and
quits from them too.
"""

from __future__ import annotations

import pytest

from tests.test_assess_terminal import TINY_RUN, Terminal, play, read, tiny_rubric

pytestmark = pytest.mark.pty
COLUMNS = pytest.mark.parametrize("columns", [80, 60])
__all__ = ["tiny_rubric"]  # a fixture, used by name


@COLUMNS
def test_stopped_on_the_review_resumes_on_the_review(tmp_path, tiny_rubric, columns):
    rubric = ("--rubric", str(tiny_rubric))
    term = Terminal(tmp_path, "--answers", "a.yaml", *rubric, columns=columns)
    play(term.details("Review Co"), TINY_RUN[:-1])
    term.answer("Review your answers", "ctrl-c")
    assert term.finish()[0] == 130
    assert read(tmp_path / "a.yaml")["status"] == "incomplete"

    term = Terminal(tmp_path, "--answers", "a.yaml", "--resume", *rubric, columns=columns)
    term.answer("Review your answers", "ctrl-c")  # shown again, not skipped
    assert term.finish()[0] == 130
    assert read(tmp_path / "a.yaml")["status"] == "incomplete"

    term = Terminal(tmp_path, "--answers", "a.yaml", "--resume", *rubric, columns=columns)
    term.answer("Review your answers", "enter")  # Finish
    assert term.finish()[0] == 0
    assert read(tmp_path / "a.yaml")["status"] == "complete"


def test_set_aside_answers_are_asked_about_when_resuming_on_the_review(tmp_path, tiny_rubric):
    rubric = ("--rubric", str(tiny_rubric))
    term = Terminal(tmp_path, "--answers", "a.yaml", *rubric)
    play(term.details("Aside Co"), TINY_RUN[:-1])
    # On the review, swap the store for email: its answers are set aside, then stop.
    term.at("Review your answers").press(*["down"] * 7, "enter")  # past the details
    term.answer("Channels?", "down", "space", "down", "space", "enter")
    term.answer("Where does Web hand off?", "enter")
    term.answer("How does Email connect?", "down", "enter")
    term.answer("Where does Email hand off?", "enter")
    term.answer("Review your answers", "ctrl-c")
    assert term.finish()[0] == 130
    stopped = read(tmp_path / "a.yaml")
    assert stopped["status"] == "incomplete" and "record.store" in stopped["set_aside"]

    term = Terminal(tmp_path, "--answers", "a.yaml", "--resume", *rubric)
    term.answer("Review your answers", "enter")
    term.answer("Remove 3 answers about Store?", "enter")
    assert term.finish()[0] == 0
    after = read(tmp_path / "a.yaml")
    assert after["status"] == "complete" and "set_aside" not in after


@COLUMNS
def test_the_review_and_the_menus_say_their_keys_and_take_ctrl_x(tmp_path, tiny_rubric, columns):
    rubric = ("--rubric", str(tiny_rubric))
    term = Terminal(tmp_path, "--answers", "a.yaml", *rubric, columns=columns)
    play(term.details("Keys Co"), TINY_RUN[:-1])
    term.at("Review your answers").at("enter change or finish").at("ctrl-x save and quit")
    term.press("left")  # back to the last question, then the review again
    term.answer("Where does Store hand off?", "enter")
    term.at("Review your answers").at("ctrl-x save and quit").press("ctrl-x")
    status, said = term.finish()
    assert status == 0 and "To continue, run:" in said
    assert read(tmp_path / "a.yaml")["status"] == "incomplete"

    term = Terminal(tmp_path, "--answers", "a.yaml", *rubric, columns=columns)
    term.at("is not finished").at("enter choose").press("enter")  # continue
    term.answer("Review your answers", "enter")
    assert term.finish()[0] == 0
    assert read(tmp_path / "a.yaml")["status"] == "complete"


def test_ctrl_x_on_the_removal_question_keeps_the_answers_aside(tmp_path, tiny_rubric):
    rubric = ("--rubric", str(tiny_rubric))
    term = Terminal(tmp_path, "--answers", "a.yaml", *rubric)
    play(term.details("Quit Co"), TINY_RUN)
    assert term.finish()[0] == 0
    term = Terminal(tmp_path, "--answers", "a.yaml", "--ask", "channels", *rubric)
    term.answer("Channels?", "down", "space", "down", "space", "enter")  # store for email
    term.answer("Where does Web hand off?", "enter")
    term.answer("How does Email connect?", "down", "enter")
    term.answer("Where does Email hand off?", "enter")
    term.answer("Review your answers", "enter")
    term.at("Remove 3 answers about Store?").at("ctrl-x save and quit").press("ctrl-x")
    assert term.finish()[0] == 0
    saved = read(tmp_path / "a.yaml")
    assert saved["status"] == "incomplete" and "record.store" in saved["set_aside"]
