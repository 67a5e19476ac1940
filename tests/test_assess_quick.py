"""``omnicheck assess --quick`` in a pty: a short check, then the full questionnaire on top.

The bundled rubric's quick set, for a shop with four channels: the name,
seven questions about the business and its channels, one question each for
journey and service continuity, one record link per channel, and the review
screen. The final summary must leave level, target and first step on the
screen the person sees when it ends.
"""

from __future__ import annotations

import io
import re
import subprocess

import pytest

from tests.conftest import installed_omnicheck
from tests.test_assess_terminal import DETAILS_SKIPPED, Terminal, read, report_json

pytestmark = pytest.mark.pty

PROGRESS = r"question (\d+) of (?:up to )?(\d+)"
REVIEW = "Review your answers"
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Z0-9]|\r")


def four_channels(term: Terminal) -> None:
    """Online store, email, social media and physical store, ticked with the arrows."""
    term.at("Which channels do your customers use")
    term.press("down", "space")  # online store (a list of ticks starts on its first line)
    term.press("down", "down", "space")  # email
    term.press("down", "down", "space")  # social media
    term.press("down", "down", "down", "space", "enter")  # physical store


def skip_details(term: Terminal) -> None:
    """The details a quick check never asked, asked by the full questionnaire: left empty."""
    for _ in range(DETAILS_SKIPPED):
        term.at("enter save (empty to skip)").press("enter")


def last_screen(output: str, rows: int = 24) -> list[str]:
    """The lines a 24-row terminal shows when the program has ended (the prompt takes one)."""
    lines = ANSI.sub("", output).split("\n")
    return lines[-(rows - 1) :]


def play_quick(term: Terminal) -> int:
    """Answer a quick check to the end with the first option; the number of screens shown."""
    term.at("What is your business called?").type("Quick Shop").press("enter")
    term.answer("What is the main goal", "down", "down", "down", "enter")
    four_channels(term)
    screens = 3
    while True:
        found = term.child.expect([PROGRESS, REVIEW, "Answers saved in"])
        if found == 2:
            return screens
        screens += 1
        term.press(*(["enter"] if found == 1 else ["down", "enter"]))  # Finish; the first option


@pytest.mark.parametrize("columns", [80, 60])
def test_a_quick_check_from_start_to_finish(tmp_path, columns):
    term = Terminal(tmp_path, "--quick", "--answers", "shop.yaml", columns=columns)
    term.child.logfile_read = log = io.StringIO()
    term.at("A quick check: about 15 questions")
    screens = play_quick(term)
    status, _ = term.finish()
    output = log.getvalue()
    assert status == 0
    assert screens <= 15, f"{screens} screens for a quick check of four channels"
    saved = read(tmp_path / "shop.yaml")
    assert saved["status"] == "complete" and saved["depth"] == "quick"
    assert saved["answers"]["channels"] == [
        "online_store",
        "email",
        "social_media",
        "physical_store",
    ]
    assert not any(k.startswith("handoff.") for k in saved["answers"]), "no hand-off matrix"
    assert "business.sector" not in saved["business"]
    screen = "\n".join(last_screen(output))
    for label in ("Level", "Target", "First step", "answer the full questionnaire to confirm"):
        assert label in screen, f"{label!r} is not on the last screen:\n{screen}"
    # Soft-wrapped: the command to copy is on one line, whatever the width.
    confirm = next(line for line in ANSI.sub("", output).split("\n") if "To confirm:" in line)
    assert confirm.rstrip().endswith("--answers shop.yaml --resume --full"), confirm
    # report scores it, in every format, and says it is a quick check
    assert report_json(tmp_path / "shop.yaml")["depth"] == "quick"
    for fmt in ("md", "html"):
        done = subprocess.run(
            [installed_omnicheck(), "report", str(tmp_path / "shop.yaml"), "-f", fmt],
            capture_output=True,
            text=True,
            check=True,
        )
        assert "answer the full questionnaire to confirm" in done.stdout
    batch = subprocess.run(
        [installed_omnicheck(), "batch", str(tmp_path / "shop.yaml")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert batch.returncode == 0, batch.stdout + batch.stderr


def test_a_quick_check_deepened_with_full_keeps_every_answer(tmp_path):
    term = Terminal(tmp_path, "--quick", "--answers", "shop.yaml")
    play_quick(term)
    assert term.finish()[0] == 0
    quick = read(tmp_path / "shop.yaml")["answers"]

    term = Terminal(tmp_path, "--answers", "shop.yaml", "--resume", "--full")
    term.at("from the quick check")
    skip_details(term)
    # Two questions of the full questionnaire, then stop: still a valid quick check.
    for _ in range(2):
        term.child.expect(PROGRESS)
        term.press("down", "enter")
    term.child.expect(PROGRESS)
    term.child.logfile_read = log = io.StringIO()
    term.press("ctrl-c")
    status, _ = term.finish()
    output = log.getvalue()
    assert status == 130
    halfway = read(tmp_path / "shop.yaml")
    assert halfway["depth"] == "quick" and halfway["status"] == "complete"
    assert halfway["answers"].items() >= quick.items()
    assert len(halfway["answers"]) == len(quick) + 2
    assert report_json(tmp_path / "shop.yaml")["depth"] == "quick"
    assert "--resume --full" in ANSI.sub("", output).replace("\n", " ")

    term = Terminal(tmp_path, "--answers", "shop.yaml", "--resume", "--full")
    skip_details(term)  # the file, a quick check still, cannot say they were skipped
    asked = 0
    while True:
        found = term.child.expect([PROGRESS, REVIEW, "Answers saved in"])
        if found == 2:
            break
        if found == 1:
            term.press("enter")
            continue
        asked += 1
        term.press("down", "enter")
    assert term.finish()[0] == 0
    full = read(tmp_path / "shop.yaml")
    assert "depth" not in full and full["status"] == "complete"
    for key, value in quick.items():
        assert full["answers"][key] == value, f"{key} changed when the check was deepened"
    assert any(k.startswith("content.") for k in full["answers"])
    assert report_json(tmp_path / "shop.yaml")["depth"] == "full"
    assert asked > 20


def test_quick_and_full_together_are_refused(tmp_path):
    done = subprocess.run(
        [installed_omnicheck(), "assess", "--quick", "--full"],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert done.returncode == 2
    assert "choose one" in done.stderr
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("columns", [80, 60])
def test_the_summary_after_a_full_run_fits_the_last_screen(tmp_path, columns):
    """Level, target and the first plan step stay on screen when assess ends."""
    term = Terminal(tmp_path, "--answers", "shop.yaml", columns=columns)
    term.child.logfile_read = log = io.StringIO()
    term.details("Full Shop")
    term.answer("What is the main goal", "down", "down", "down", "enter")
    four_channels(term)
    screens = 3 + 4  # the name, its four details, the goal and the channels
    while True:
        found = term.child.expect([PROGRESS, REVIEW, "Answers saved in"])
        if found == 2:
            break
        screens += 1
        term.press(*(["enter"] if found == 1 else ["down", "enter"]))
    assert term.finish()[0] == 0
    screen = "\n".join(last_screen(log.getvalue()))
    for label in ("Level", "Target", "First step", "Full report:"):
        assert label in screen, f"{label!r} is not on the last screen:\n{screen}"
    assert "provisional" not in screen
    assert screens > 40, "the full questionnaire asks far more than the quick check"
