"""What ``omnicheck assess`` leaves on the screen and in the scrollback, read as a terminal would.

pexpect drives the program in a pty, after a shell has printed a line of its
own (a person's history). Everything printed is fed to pyte, a terminal
emulator with a scrollback but no alternate screen, so the stream is split
where the program switches screens (``CSI ?1049h`` / ``l``): what goes to the
normal screen feeds one pyte screen, what goes to the alternate screen
another, cleared at each switch as xterm clears it. The tests read the
screens a person would see (and scroll back through), not the stream.
"""

from __future__ import annotations

import re

import pyte
import pytest

from omnicheck.questionnaire.transcript import CLEAR, ENTER, LEAVE
from tests.test_assess_terminal import FIRST, REVIEW, TINY_RUN, Terminal, play, read, tiny_rubric

pytestmark = pytest.mark.pty
__all__ = ["tiny_rubric"]  # a fixture, used by name

COLUMNS = pytest.mark.parametrize("columns", [80, 60])
SHELL = "SHELL-MARKER: what the shell showed above assess"
#: The xterm code that clears the scrollback: the shell's, never the program's to clear.
E3 = "\x1b[3J"


class Screens:
    """The normal screen with its scrollback, and the alternate screen, as the program drew them."""

    def __init__(self, term: Terminal, columns: int) -> None:
        self.normal = pyte.HistoryScreen(columns, 24, history=5000)
        # As in xterm and tmux, the alternate screen keeps no scrollback.
        self.alternate = pyte.Screen(columns, 24)
        self._streams = {False: pyte.Stream(self.normal), True: pyte.Stream(self.alternate)}
        self.on_alternate = False
        self.raw: list[str] = []
        self._held = ""
        term.child.logfile_read = self  # pexpect writes what it reads here

    def write(self, data: str) -> None:
        self.raw.append(data)
        data, self._held = self._held + data, ""
        while data:
            marker = LEAVE if self.on_alternate else ENTER
            at = data.find(marker)
            if at < 0:
                cut = data.rfind("\x1b")
                if cut >= 0 and marker.startswith(data[cut:]):  # a marker cut in two
                    data, self._held = data[:cut], data[cut:]
                self._feed(data)
                return
            self._feed(data[:at])
            data = data[at + len(marker) :]
            self.on_alternate = not self.on_alternate
            if self.on_alternate:
                self.alternate.reset()  # xterm clears the alternate screen as it enters

    def _feed(self, data: str) -> None:
        assert ENTER not in data and LEAVE not in data, "switched twice the same way"
        self._streams[self.on_alternate].feed(data)

    def flush(self) -> None:
        pass

    def resize(self, term: Terminal, columns: int) -> None:
        term.child.setwinsize(24, columns)
        self.normal.resize(24, columns)
        self.alternate.resize(24, columns)

    def stream(self) -> str:
        return "".join(self.raw)


def lines(screen: pyte.Screen) -> list[str]:
    """The scrollback, then the screen: every line a person can see or scroll back to."""
    columns = screen.columns
    kept = screen.history.top if isinstance(screen, pyte.HistoryScreen) else ()
    history = ["".join(line[x].data for x in range(columns)).rstrip() for line in kept]
    return [*history, *(line.rstrip() for line in screen.display)]


def answers(screen: pyte.Screen) -> list[str]:
    return [line.strip() for line in lines(screen) if line.lstrip().startswith("✓")]


def headings(shown: list[str]) -> list[str]:
    return [line for line in shown if line.startswith("── ")]


def assert_no_empty_heading(shown: list[str]) -> None:
    """Under every section's rule (and its intro) comes an answer line."""
    for i, line in enumerate(shown):
        if line.startswith("── "):
            rest = [x for x in shown[i + 1 : i + 4] if x.strip()]
            assert any(x.lstrip().startswith("✓") for x in rest), shown[i : i + 4]


def assert_each_line_once(screen: pyte.Screen, *, ended: bool = True) -> list[str]:
    """Each question's line and each heading once; when the run has ended, none over nothing.

    While a question is asked, its section's heading is over the question itself.
    """
    shown = answers(screen)
    names = [a.partition(":")[0] for a in shown]
    assert len(names) == len(set(names)), shown
    titles = headings(lines(screen))
    assert len(titles) == len(set(titles)), titles
    if ended:
        assert_no_empty_heading(lines(screen))
    return shown


def assert_shell_history_kept(screens: Screens) -> None:
    """The shell's line is still the first, and the program never cleared the scrollback."""
    assert not screens.on_alternate, "the normal screen is back"
    assert lines(screens.normal)[0] == SHELL
    assert lines(screens.normal).count(SHELL) == 1
    assert E3 not in screens.stream()


def start(tmp_path, tiny_rubric, columns: int, **options: str) -> tuple[Terminal, Screens]:
    term = Terminal(
        tmp_path,
        "--answers",
        "a.yaml",
        "--rubric",
        str(tiny_rubric),
        columns=columns,
        shell_said=SHELL,
        **options,
    )
    return term, Screens(term, columns)


@COLUMNS
def test_going_back_and_changing_leaves_each_answer_once(tmp_path, tiny_rubric, columns):
    term, screens = start(tmp_path, tiny_rubric, columns)
    term.details("Once Co")
    play(term, [("Goal?", FIRST), ("Channels?", ["space", "down", "space", "enter"])])
    play(term, [("A one?", ["down", "down", "enter"])])
    term.answer("A two?", "left")
    term.answer("A one?", "left")
    # Back at the channels, with Web and Store ticked: swap Store for Email.
    term.answer("Channels?", "down", "space", "down", "space", "enter")
    term.at("A one?")
    assert screens.on_alternate
    shown = answers(screens.alternate)
    assert [a for a in shown if a.startswith("✓ Channels?")] == ["✓ Channels?: Web, Email"]
    assert not [a for a in shown if a.startswith("✓ A one?")], "asked again: no line yet"
    assert_each_line_once(screens.alternate, ended=False)
    assert lines(screens.normal)[0] == SHELL and not answers(screens.normal), "left alone"
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
    assert_shell_history_kept(screens)
    shown = assert_each_line_once(screens.normal)
    assert "✓ Channels?: Web, Email" in shown and "✓ A one?: One" in shown
    assert not any("Store" in a or "(changed)" in a for a in shown), shown
    titles = headings(lines(screens.normal))
    assert len(titles) == 4, titles  # details, basics, integration, links
    assert all(len(t) < columns for t in titles)
    text = "\n".join(lines(screens.normal))
    # The title heads the record; how to answer is not printed again; the summary follows.
    assert "Tiny rubric" in text and "Stop at any time" not in text
    assert text.index("Email hand-offs") < text.index("Answers saved in a.yaml"), text
    assert read(tmp_path / "a.yaml")["answers"]["channels"] == ["web", "email"]


@COLUMNS
def test_going_back_out_of_a_section_takes_its_heading_too(tmp_path, tiny_rubric, columns):
    term, screens = start(tmp_path, tiny_rubric, columns)
    term.details("Heading Co")
    play(term, [("Goal?", FIRST), ("Channels?", ["space", "down", "space", "enter"])])
    play(term, [("A one?", FIRST)])
    term.answer("A two?", "left")
    term.answer("A one?", "left")
    term.at("Channels?")
    assert not [t for t in headings(lines(screens.alternate)) if "Integration" in t]
    assert not [a for a in answers(screens.alternate) if a.startswith(("✓ A one?", "✓ Channels?"))]
    term.press("ctrl-c")
    assert term.finish()[0] == 130
    assert_shell_history_kept(screens)
    shown = assert_each_line_once(screens.normal)
    assert "✓ Goal?: Reach" in shown and not [a for a in shown if "Channels?" in a], shown
    assert not [t for t in headings(lines(screens.normal)) if "Integration" in t]
    assert "Stopped. Your answers so far are saved in a.yaml" in "\n".join(lines(screens.normal))


@pytest.mark.parametrize(("begin", "then"), [(80, 60), (60, 80)])
def test_after_a_resize_going_back_still_leaves_each_answer_once(
    tmp_path, tiny_rubric, begin, then
):
    term, screens = start(tmp_path, tiny_rubric, begin)
    term.details("Resize Co")
    play(term, [("Goal?", FIRST), ("Channels?", ["space", "down", "space", "enter"])])
    play(term, [("A one?", FIRST), ("A two?", FIRST)])
    term.at("B one?")
    screens.resize(term, then)
    # Drawn again for the new width, from the top: the lines above rewrapped too.
    term.at("Every answer is saved").at("B one?")
    term.press("left")  # back to A two?, and change it
    term.answer("A two?", "down", "enter")
    term.at("B one?")
    shown = assert_each_line_once(screens.alternate, ended=False)
    assert [a for a in shown if a.startswith("✓ A two?")] == ["✓ A two?: One"], shown
    assert all(len(t) < then for t in headings(lines(screens.alternate)))
    term.press("ctrl-x")  # save and quit
    assert term.finish()[0] == 0
    assert_shell_history_kept(screens)
    shown = assert_each_line_once(screens.normal)
    assert [a for a in shown if a.startswith("✓ A two?")] == ["✓ A two?: One"], shown
    assert len(shown) == 5 + 4  # the name and details, four questions
    titles = headings(lines(screens.normal))
    assert titles and all(len(t) < then for t in titles), "printed at the width it ends at"
    assert "Saved: your answers so far are in a.yaml" in "\n".join(lines(screens.normal))


@COLUMNS
def test_a_forward_run_prints_each_line_once_without_redrawing(tmp_path, tiny_rubric, columns):
    term, screens = start(tmp_path, tiny_rubric, columns)
    term.details("Forward Co")
    play(term, [("Goal?", FIRST), ("Channels?", ["space", "down", "space", "enter"])])
    play(term, [("A one?", FIRST), ("A two?", FIRST), ("B one?", FIRST), ("Store only?", FIRST)])
    term.at("How does Web connect?").press("ctrl-c")
    assert term.finish()[0] == 130
    assert CLEAR not in screens.stream(), "going only forward, nothing is cleared"
    assert_shell_history_kept(screens)
    assert len(assert_each_line_once(screens.normal)) == 5 + 6  # the details, six questions
    assert re.search(
        r"Stopped\. Your answers so far are saved in a\.yaml", "\n".join(lines(screens.normal))
    )


@COLUMNS
def test_an_answer_changed_from_the_review_shows_once(tmp_path, tiny_rubric, columns):
    term, screens = start(tmp_path, tiny_rubric, columns)
    play(term.details("Review Co"), TINY_RUN[:-1])
    # Past Finish and the name and four details, to the goal.
    term.at("Review your answers").press(*["down"] * 6, "enter")
    term.at("Goal?").at("enter choose").press("down", "enter")  # Loyalty
    term.answer("Review your answers", "enter")  # Finish
    assert term.finish()[0] == 0
    assert_shell_history_kept(screens)
    shown = assert_each_line_once(screens.normal)
    assert "✓ Goal?: Loyalty" in shown and "✓ Goal?: Reach" not in shown
    assert "✓ Store hand-offs: none" in shown, "the lines after it are back"
    assert len(shown) == 5 + len(TINY_RUN) - 1, shown
    assert read(tmp_path / "a.yaml")["answers"]["goal"] == "loyalty"


def test_a_resize_on_the_review_screen_rewraps_the_lines_above(tmp_path, tiny_rubric):
    term, screens = start(tmp_path, tiny_rubric, 80)
    play(term.details("Wide Co"), TINY_RUN[:-1])
    term.at("Review your answers").at("Finish")
    screens.resize(term, 60)
    term.at("Every answer is saved").at("Review your answers").press("enter")  # Finish
    assert term.finish()[0] == 0
    assert_shell_history_kept(screens)
    shown = assert_each_line_once(screens.normal)
    assert len(shown) == len(set(shown)) == 5 + len(TINY_RUN) - 1, shown
    titles = headings(lines(screens.normal))
    assert len(titles) == 4 and all(len(t) < 60 for t in titles), titles


@COLUMNS
def test_save_and_quit_after_going_back_leaves_each_answer_once(tmp_path, tiny_rubric, columns):
    term, screens = start(tmp_path, tiny_rubric, columns)
    term.details("Quit Co")
    play(term, [("Goal?", FIRST), ("Channels?", ["space", "down", "space", "enter"])])
    play(term, [("A one?", FIRST), ("A two?", FIRST)])
    term.answer("B one?", "left")
    term.answer("A two?", "left")
    term.answer("A one?", "down", "enter")  # changed: Zero to One
    term.at("A two?").press("ctrl-x")
    assert term.finish()[0] == 0
    assert_shell_history_kept(screens)
    shown = assert_each_line_once(screens.normal)
    assert "✓ A one?: One" in shown and not [a for a in shown if "A two?" in a], shown
    text = "\n".join(lines(screens.normal))
    assert text.index("✓ A one?: One") < text.index("Saved: your answers so far are in a.yaml")


def test_a_kill_on_the_alternate_screen_brings_the_shell_back(tmp_path, tiny_rubric):
    import signal

    term, screens = start(tmp_path, tiny_rubric, 80)
    term.details("Kill Co")
    play(term, [("Goal?", FIRST)])
    term.answer("Channels?", "left")
    term.at("Goal?")
    assert screens.on_alternate
    term.child.kill(signal.SIGTERM)
    assert term.finish()[0] == 130
    assert_shell_history_kept(screens)
    assert len(assert_each_line_once(screens.normal)) == 5, "the details; the goal was walked back"


def test_quitting_at_the_first_choice_says_so_on_the_normal_screen(tmp_path, tiny_rubric):
    first, _ = start(tmp_path, tiny_rubric, 80)
    first.details("Twice Co")
    first.at("Goal?").press("ctrl-x")
    assert first.finish()[0] == 0
    term, screens = start(tmp_path, tiny_rubric, 80)
    term.at("is not finished").press("down", "down", "enter")  # Quit and leave it
    assert term.finish()[0] == 0
    assert_shell_history_kept(screens)
    text = "\n".join(lines(screens.normal))
    assert "✓ Quit and leave it as it is" in text and "Nothing changed in a.yaml." in text
    assert "is not finished" not in text, "the question went with the alternate screen"


@pytest.mark.parametrize("kind", ["dumb", "linux"])  # terminfo: neither has smcup
def test_a_terminal_without_an_alternate_screen_is_never_switched_nor_cleared(
    tmp_path, tiny_rubric, kind
):
    term, screens = start(tmp_path, tiny_rubric, 80, term=kind)
    term.details("Dumb Co")
    play(term, [("Goal?", FIRST)])
    term.answer("Channels?", "left")
    term.answer("Goal?", "down", "enter")  # Loyalty, drawn again under what is there
    term.at("Channels?").press("ctrl-c")
    assert term.finish()[0] == 130
    stream = screens.stream()
    assert ENTER not in stream and CLEAR not in stream and E3 not in stream
    assert lines(screens.normal)[0] == SHELL
    assert "✓ Goal?: Loyalty" in answers(screens.normal)
