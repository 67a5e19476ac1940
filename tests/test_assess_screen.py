"""What ``omnicheck assess`` leaves on the screen and in the scrollback, read as a terminal would.

pexpect drives the program in a pty; everything it prints is fed to pyte, a
terminal emulator with a scrollback, so the tests read the screen a person
would see (and scroll back through), not the stream of escape sequences.
"""

from __future__ import annotations

import re

import pyte
import pytest

from tests.test_assess_terminal import FIRST, REVIEW, Terminal, play, read, tiny_rubric

pytestmark = pytest.mark.pty
__all__ = ["tiny_rubric"]  # a fixture, used by name

COLUMNS = pytest.mark.parametrize("columns", [80, 60])


class Screen:
    """A pyte screen with its scrollback, fed with everything the program prints."""

    def __init__(self, term: Terminal, columns: int) -> None:
        self.screen = pyte.HistoryScreen(columns, 24, history=5000)
        self.stream = pyte.Stream(self.screen)
        term.child.logfile_read = self  # pexpect writes what it reads here

    def write(self, data: str) -> None:
        self.stream.feed(data)

    def flush(self) -> None:
        pass

    def resize(self, term: Terminal, columns: int) -> None:
        term.child.setwinsize(24, columns)
        self.screen.resize(24, columns)

    def lines(self) -> list[str]:
        """The scrollback, then the screen: every line a person can see or scroll back to."""
        columns = self.screen.columns
        history = [
            "".join(line[x].data for x in range(columns)).rstrip()
            for line in self.screen.history.top
        ]
        return [*history, *(line.rstrip() for line in self.screen.display)]

    def answers(self) -> list[str]:
        return [line.strip() for line in self.lines() if line.lstrip().startswith("✓")]


def headings(lines: list[str]) -> list[str]:
    return [line for line in lines if line.startswith("── ")]


def assert_no_empty_heading(lines: list[str]) -> None:
    """Under every section's rule (and its intro) comes an answer line."""
    for i, line in enumerate(lines):
        if line.startswith("── "):
            rest = [x for x in lines[i + 1 : i + 4] if x.strip()]
            assert any(x.lstrip().startswith("✓") for x in rest), lines[i : i + 4]


@COLUMNS
def test_going_back_and_changing_leaves_each_answer_once(tmp_path, tiny_rubric, columns):
    term = Terminal(tmp_path, "--answers", "a.yaml", "--rubric", str(tiny_rubric), columns=columns)
    screen = Screen(term, columns)
    term.details("Once Co")
    play(term, [("Goal?", FIRST), ("Channels?", ["space", "down", "space", "enter"])])
    play(term, [("A one?", ["down", "down", "enter"])])
    term.answer("A two?", "left")
    term.answer("A one?", "left")
    # Back at the channels, with Web and Store ticked: swap Store for Email.
    term.answer("Channels?", "down", "space", "down", "space", "enter")
    term.at("A one?")
    shown = screen.answers()
    assert [a for a in shown if a.startswith("✓ Channels?")] == ["✓ Channels?: Web, Email"]
    assert not [a for a in shown if a.startswith("✓ A one?")], "asked again: no line yet"
    assert headings(screen.lines()).count(next(h for h in headings(screen.lines()))) == 1
    term.press("enter")  # A one? keeps its answer
    play(
        term,
        [
            ("A two?", FIRST),
            ("B one?", FIRST),
            ("How does Web connect?", FIRST),
            ("Where does Web hand off?", ["enter"]),
            ("How does Email connect?", FIRST),
            ("Where does Email hand off?", ["enter"]),
            REVIEW,
        ],
    )
    assert term.finish()[0] == 0
    lines = screen.lines()
    answers = screen.answers()
    names = [a.partition(":")[0] for a in answers]
    assert len(names) == len(set(names)), answers  # each question's line once
    assert "✓ Channels?: Web, Email" in answers and "✓ A one?: One" in answers
    assert not any("Store" in a or "(changed)" in a for a in answers), answers
    titles = headings(lines)
    assert len(titles) == len(set(titles)) == 4, titles  # details, basics, integration, links
    assert all(len(t) < columns for t in titles)
    assert_no_empty_heading(lines)
    saved = read(tmp_path / "a.yaml")
    assert saved["answers"]["channels"] == ["web", "email"]


@COLUMNS
def test_going_back_out_of_a_section_takes_its_heading_too(tmp_path, tiny_rubric, columns):
    term = Terminal(tmp_path, "--answers", "a.yaml", "--rubric", str(tiny_rubric), columns=columns)
    screen = Screen(term, columns)
    term.details("Heading Co")
    play(term, [("Goal?", FIRST), ("Channels?", ["space", "down", "space", "enter"])])
    play(term, [("A one?", FIRST)])
    term.answer("A two?", "left")
    term.answer("A one?", "left")
    term.at("Channels?")
    lines = screen.lines()
    assert not [t for t in headings(lines) if "Integration" in t], "no heading over nothing"
    assert not [a for a in screen.answers() if a.startswith(("✓ A one?", "✓ Channels?"))]
    term.press("ctrl-c")
    assert term.finish()[0] == 130


@pytest.mark.parametrize(("start", "then"), [(80, 60), (60, 80)])
def test_after_a_resize_going_back_still_leaves_each_answer_once(
    tmp_path, tiny_rubric, start, then
):
    term = Terminal(tmp_path, "--answers", "a.yaml", "--rubric", str(tiny_rubric), columns=start)
    screen = Screen(term, start)
    term.details("Resize Co")
    play(term, [("Goal?", FIRST), ("Channels?", ["space", "down", "space", "enter"])])
    play(term, [("A one?", FIRST), ("A two?", FIRST)])
    term.at("B one?")
    screen.resize(term, then)
    # Drawn again for the new width, from the top: the lines above rewrapped too.
    term.at("Every answer is saved").at("B one?")
    term.press("left")  # back to A two?, and change it
    term.answer("A two?", "down", "enter")
    term.at("B one?")
    answers = screen.answers()
    assert [a for a in answers if a.startswith("✓ A two?")] == ["✓ A two?: One"], answers
    names = [a.partition(":")[0] for a in answers]
    assert len(names) == len(set(names)), answers
    titles = headings(screen.lines())
    assert len(titles) == len(set(titles)), titles
    assert all(len(t) < then for t in titles), titles
    assert_no_empty_heading(screen.lines())
    term.press("ctrl-c")
    assert term.finish()[0] == 130


@COLUMNS
def test_a_forward_run_prints_each_line_once_without_redrawing(tmp_path, tiny_rubric, columns):
    """Without going back nothing is cleared: a line printed before assess stays."""
    term = Terminal(tmp_path, "--answers", "a.yaml", "--rubric", str(tiny_rubric), columns=columns)
    screen = Screen(term, columns)
    screen.write("before assess\r\n")  # what the shell showed above it
    term.details("Forward Co")
    play(term, [("Goal?", FIRST), ("Channels?", ["space", "down", "space", "enter"])])
    play(term, [("A one?", FIRST), ("A two?", FIRST), ("B one?", FIRST), ("Store only?", FIRST)])
    term.at("How does Web connect?").press("ctrl-c")
    assert term.finish()[0] == 130
    lines = screen.lines()
    assert "before assess" in lines
    assert len(screen.answers()) == 5 + 6  # the name and details, six questions
    assert re.search(r"Stopped\. Your answers so far are saved in a\.yaml", "\n".join(lines))


@COLUMNS
def test_an_answer_changed_from_the_review_shows_once(tmp_path, tiny_rubric, columns):
    from tests.test_assess_terminal import TINY_RUN

    term = Terminal(tmp_path, "--answers", "a.yaml", "--rubric", str(tiny_rubric), columns=columns)
    screen = Screen(term, columns)
    play(term.details("Review Co"), TINY_RUN[:-1])
    # Past Finish and the name and four details, to the goal.
    term.at("Review your answers").press(*["down"] * 6, "enter")
    term.at("Goal?").at("enter choose").press("down", "enter")  # Loyalty
    term.answer("Review your answers", "enter")  # Finish
    assert term.finish()[0] == 0
    answers = screen.answers()
    names = [a.partition(":")[0] for a in answers]
    assert len(names) == len(set(names)), answers
    assert "✓ Goal?: Loyalty" in answers and "✓ Goal?: Reach" not in answers
    assert "✓ Store hand-offs: none" in answers, "the lines after it are back"
    assert_no_empty_heading(screen.lines())
    assert read(tmp_path / "a.yaml")["answers"]["goal"] == "loyalty"


def test_a_resize_on_the_review_screen_rewraps_the_lines_above(tmp_path, tiny_rubric):
    from tests.test_assess_terminal import TINY_RUN

    term = Terminal(tmp_path, "--answers", "a.yaml", "--rubric", str(tiny_rubric), columns=80)
    screen = Screen(term, 80)
    play(term.details("Wide Co"), TINY_RUN[:-1])
    term.at("Review your answers").at("Finish")
    screen.resize(term, 60)
    term.at("Every answer is saved").at("Review your answers").press("enter")  # Finish
    assert term.finish()[0] == 0
    answers = screen.answers()
    assert len(answers) == len(set(answers)) == 5 + len(TINY_RUN) - 1, answers
    titles = headings(screen.lines())
    assert len(titles) == len(set(titles)) == 4 and all(len(t) < 60 for t in titles), titles
