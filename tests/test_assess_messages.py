"""assess's error messages on a narrow terminal: wrapped by word, never mid-word."""

from __future__ import annotations

import pexpect
import pytest

from tests.conftest import installed_omnicheck
from tests.test_assess_terminal import tiny_rubric

pytestmark = pytest.mark.pty
__all__ = ["tiny_rubric"]  # a fixture, used by name


def said(tmp_path, command: str, columns: int, status: int = 2) -> list[str]:
    child = pexpect.spawn(
        "/bin/sh",
        ["-c", command],
        cwd=str(tmp_path),
        dimensions=(24, columns),
        encoding="utf-8",
        timeout=15,
    )
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == status
    return [line for line in child.before.replace("\r", "").split("\n") if line]


@pytest.mark.parametrize("columns", [80, 60])
@pytest.mark.parametrize(
    ("args", "words"),
    [
        ("assess < /dev/null", "'omnicheck template --output ANSWERS.yaml', fill it in"),
        ("assess --ask nosuchquestion", "name a question by its id or short name"),
    ],
)
def test_messages_wrap_by_word(tmp_path, columns, args, words):
    lines = said(tmp_path, f"{installed_omnicheck()} {args}", columns)
    assert len(lines) > 1, "a long message is wrapped on a terminal"
    assert all(len(line) < columns for line in lines), lines
    assert words in " ".join(lines), lines  # no word cut in two


def test_a_pipe_gets_one_line_per_message(tmp_path):
    lines = said(tmp_path, f"{installed_omnicheck()} assess < /dev/null 2>&1 | cat", 60, status=0)
    assert len(lines) == 1


def test_a_question_is_drawn_again_when_the_terminal_is_resized(tmp_path):
    from tests.test_assess_terminal import Terminal

    term = Terminal(tmp_path, "--answers", "a.yaml")
    term.at("What is your business called?").type("Resize Co").press("enter")
    for _ in range(4):
        term.at("enter save (empty to skip)").press("enter")
    term.at("What is the main goal").press("down", "enter")
    term.at("Which channels do your customers use").press("space", "enter")  # the website
    term.at("What can you spend").press("down")
    term.child.setwinsize(24, 40)
    # Drawn again for 40 columns: the short progress line, whole, and the pick kept.
    term.child.expect(r"\d+% · question 3 of \d+")
    term.child.setwinsize(24, 80)
    term.child.expect(r"Section 1 of \d+ · question 3 of \d+ · \d+% done")
    term.press("enter")  # the option highlighted before the resizes
    term.at("How well can you answer customers").press("ctrl-c")
    assert term.finish()[0] == 130
    assert "budget: low" in (tmp_path / "a.yaml").read_text(encoding="utf-8")


def test_the_commands_in_the_summary_are_not_cut_at_60_columns(tmp_path, tiny_rubric):
    """Copied from the screen, "Full report: omnicheck report …" must be one command."""
    import io

    from tests.test_assess_terminal import TINY_RUN, Terminal, play

    term = Terminal(
        tmp_path, "--answers", "a long answers name.yaml", "--rubric", str(tiny_rubric), columns=60
    )
    term.child.logfile_read = log = io.StringIO()
    play(term.details("Copy Co"), TINY_RUN)
    assert term.finish()[0] == 0
    from tests.test_assess_quick import ANSI

    lines = ANSI.sub("", log.getvalue()).split("\n")
    full = next(line for line in lines if "Full report:" in line)
    assert len(full) > 60, "the command is long enough to need wrapping"
    assert full.rstrip().endswith("report 'a long answers name.yaml' -o report.md"), full
