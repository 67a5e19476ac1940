"""Notes typed in ``omnicheck assess`` (Ctrl-N), in a real pseudo-terminal at 80 and 60 columns.

A note is saved with its answer in the mapping form, kept when the file is
resumed and when the answer changes, and shown on the answer's line, on the
review screen and in the report's appendix.
"""

from __future__ import annotations

import subprocess
import textwrap
from pathlib import Path

import pytest

from tests.conftest import TINY_RUBRIC, installed_omnicheck
from tests.test_assess_terminal import CHECKS, CHECKS_RUN, COLUMNS, TINY_RUN, Terminal, play, read

pytestmark = pytest.mark.pty

CTRL_N = "\x0e"
NOTE = 'Asked "Sam": 2 shops # say no'


def omnicheck(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [installed_omnicheck(), *args], check=False, capture_output=True, text=True
    )


@pytest.fixture
def checks_rubric(tmp_path: Path) -> Path:
    """The tiny rubric with a yes/no check, as in test_assess_terminal."""
    path = tmp_path / "checks.yaml"
    text = textwrap.dedent(TINY_RUBRIC).replace("  - id: links\n", CHECKS + "  - id: links\n")
    path.write_text(text, encoding="utf-8")
    return path


@COLUMNS
def test_a_note_is_saved_resumed_kept_through_a_changed_answer_and_reported(
    tmp_path, checks_rubric, columns
):
    rubric = str(checks_rubric)
    term = Terminal(tmp_path, "--answers", "a.yaml", "--rubric", rubric, columns=columns)
    play(term.details("Note Co"), CHECKS_RUN[:6])
    term.at("Promotion honoured?").at("ctrl-n add a note").press(CTRL_N)
    term.at("Note for Promotion honoured?:").type(NOTE).press("enter")
    term.at("Promotion honoured?").at("Note kept").at("Yes")  # with the question, not above it
    term.press("n")
    term.at("Promotion honoured?: ").at("No · note")  # the answer in bold
    term.answer("How does Web connect?", "ctrl-x")
    assert term.finish()[0] == 0
    saved = read(tmp_path / "a.yaml")["answers"]
    assert saved["check.promo"] == {"answer": "no", "note": NOTE}
    assert saved["b.store"] == "s0"  # answers around it stay bare

    again = Terminal(
        tmp_path, "--answers", "a.yaml", "--rubric", rubric, "--resume", columns=columns
    )
    again.answer("How does Web connect?", "left")  # back to the noted question
    again.at("ctrl-n edit the note").press("y")  # a new answer; the note stays
    again.at("Promotion honoured?: ").at("Yes · note")
    play(again, TINY_RUN[6:-1])
    again.at("Review your answers").at("Promotion honoured?: Yes · note").press("enter")
    assert again.finish()[0] == 0
    assert read(tmp_path / "a.yaml")["answers"]["check.promo"] == {"answer": "yes", "note": NOTE}

    checked = omnicheck("validate", str(tmp_path / "a.yaml"), "--rubric", rubric)
    assert checked.returncode == 0, checked.stderr
    md = omnicheck("report", str(tmp_path / "a.yaml"), "--rubric", rubric, "-f", "md").stdout
    answers = md.split("### Your answers", 1)[1]
    row = next(line for line in answers.splitlines() if line.startswith("| Promotion honoured?"))
    assert row == '| Promotion honoured? | Yes | Asked "Sam": 2 shops \\# say no |', row


@COLUMNS
def test_an_empty_note_clears_it_and_evidence_written_by_hand_stays(
    tmp_path, checks_rubric, columns
):
    rubric = str(checks_rubric)
    term = Terminal(tmp_path, "--answers", "a.yaml", "--rubric", rubric, columns=columns)
    play(term.details("Clear Co"), CHECKS_RUN)
    assert term.finish()[0] == 0
    path = tmp_path / "a.yaml"
    text = path.read_text(encoding="utf-8")
    hand = "  check.promo: {answer: 'no', note: by hand, evidence: [till-receipt.jpg]}"
    path.write_text(text.replace("  check.promo: 'no'", hand), encoding="utf-8")
    assert read(path)["answers"]["check.promo"]["evidence"] == ["till-receipt.jpg"]

    again = Terminal(
        tmp_path, "--answers", "a.yaml", "--rubric", rubric, "--ask", "check.promo", columns=columns
    )
    again.at("Promotion honoured?").at("ctrl-n edit the note").press(CTRL_N)
    again.at("Note for Promotion honoured?:").at("by hand")
    again.press(*["\x7f"] * len("by hand"), "enter")  # Backspace: an empty note
    again.at("Promotion honoured?").at("Note removed").at("Yes")
    again.press("enter")  # "No", as it was
    again.at("Review your answers").press("enter")
    assert again.finish()[0] == 0
    kept = {"answer": "no", "evidence": ["till-receipt.jpg"]}
    assert read(path)["answers"]["check.promo"] == kept
