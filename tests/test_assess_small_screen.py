"""``omnicheck assess`` on a small terminal (40x18), read off the screen as a person sees it.

The bundled questionnaire, resumed at its first scale: six choices, with
"Does not apply to us" last, under a section's heading, a two-line question
and five lines of keys, more than 18 rows hold. What is drawn is fed to
pyte, a terminal emulator, and the tests read its screen, not the stream.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pexpect
import pyte
import pytest

from omnicheck.questionnaire.transcript import ENTER, LEAVE
from tests.test_assess_terminal import Terminal

pytestmark = pytest.mark.pty

CTRL_N = "\x0e"
#: Everything before the channel coverage: resumed there, at "Buying in every channel".
BEFORE_COVERAGE = """\
    rubric: {id: omnichannel, version: '1.0'}
    business:
      name: Small Co
    answers:
      goal: reach
      channels: [online_store, email, physical_store]
      dominant_share: under_50
      budget: low
      service_capacity: none
      multichannel_share: under_10
      repeat_purchase: rarely
      growth_stage: early
    """
BUY = "Can customers buy from you in each"
HELP = "Can customers get help in each"


class Screen:
    """The alternate screen the questionnaire is drawn on, as pyte keeps it."""

    def __init__(self, term: Terminal, rows: int, columns: int) -> None:
        self.term = term
        self.screen = pyte.Screen(columns, rows)
        self.stream = pyte.Stream(self.screen)
        term.child.logfile_read = self

    def write(self, data: str) -> None:
        # Only the alternate screen matters here: what comes after the last switch to it.
        data = data.rpartition(ENTER)[2] if ENTER in data else data
        self.stream.feed(data.partition(LEAVE)[0])

    def flush(self) -> None:
        pass

    def lines(self) -> list[str]:
        """The screen, once the program has stopped drawing."""
        self.term.child.expect([pexpect.TIMEOUT], timeout=0.5)
        return [line.rstrip() for line in self.screen.display]


def start(tmp_path: Path, rows: int, columns: int) -> tuple[Terminal, Screen]:
    (tmp_path / "a.yaml").write_text(textwrap.dedent(BEFORE_COVERAGE), encoding="utf-8")
    term = Terminal(tmp_path, "--answers", "a.yaml", "--resume", rows=rows, columns=columns)
    return term, Screen(term, rows, columns)


def index(lines: list[str], start: str) -> int:
    """Where the first line that starts with ``start`` (indent aside) is."""
    return next(i for i, line in enumerate(lines) if line.strip().startswith(start))


def test_at_40x18_a_long_list_scrolls_and_says_how_many_choices_it_hides(tmp_path):
    term, screen = start(tmp_path, 18, 40)
    term.at("question 9 of").at("ctrl-x save and quit")
    shown = screen.lines()
    # The whole question fits: its progress line, its text, the keys at the foot.
    assert "question 9 of 51" in shown[index(shown, "15%")]
    assert index(shown, BUY) == index(shown, "15%") + 1
    assert shown[-1].strip() == "ctrl-x save and quit", shown
    assert "↓ 2 more" in [line.strip() for line in shown], shown
    assert not any("Does not apply" in line for line in shown)

    term.press("up")  # from nothing highlighted, ↑ goes to the last choice: n/a
    shown = screen.lines()
    assert "» Does not apply to us" in [line.strip() for line in shown], shown
    assert any(re.fullmatch(r"↑ \d more", line.strip()) for line in shown), shown
    assert not any("↓" in line and "more" in line for line in shown), "nothing below n/a"
    assert shown[-1].strip() == "ctrl-x save and quit"
    term.press("enter")
    term.at("to you?")  # the n/a reason is asked
    assert "Why does" in "\n".join(screen.lines())
    term.press("ctrl-c")
    assert term.finish()[0] == 130


@pytest.mark.parametrize(("rows", "columns"), [(18, 40), (24, 60), (24, 80)])
def test_help_and_a_kept_note_show_under_their_question_not_the_last_answer(
    tmp_path, rows, columns
):
    term, screen = start(tmp_path, rows, columns)
    term.at(BUY).at("ctrl-x save and quit").press("2")  # Some channels
    term.at(HELP).at("? why it matters").press("?")
    term.at("Why it matters")
    shown = screen.lines()
    question, options = index(shown, HELP), index(shown, "0 Only one")
    said = index(shown, "Why it matters: Customers expect")
    assert question < said < options, shown
    assert not shown[said - 1].strip().startswith("✓"), "not under the last answer"

    term.press(CTRL_N)
    term.at("Note for").type("asked Sam").press("enter")
    term.at("Note kept")
    shown = screen.lines()
    question, options = index(shown, HELP), index(shown, "0 Only one")
    assert question < index(shown, "Why it matters") < index(shown, "Note kept") < options
    assert "ctrl-x save and quit" in shown[-1] or rows > 18, "and the question still fits"
    term.press("up", "enter")  # n/a, then its reason: both prompts of the same question
    term.at("to you?").press("enter")
    term.at("question 11 of")
    shown = screen.lines()
    assert not any("Note kept" in line for line in shown), "said once, at its question"
    term.press("ctrl-x")
    assert term.finish()[0] == 0
