"""``omnicheck assess`` driven in a real pseudo-terminal, as a person would use it.

Each test starts the installed console script in an 80x24 pty (pexpect),
waits for a question's text to appear, and presses keys. The tiny rubric
keeps most runs short; one runs the bundled questionnaire from end to end.
"""

from __future__ import annotations

import json
import os
import shlex
import signal
import subprocess
from pathlib import Path

import pexpect
import pytest
import yaml

from omnicheck.questionnaire.saving import resume_command
from tests.conftest import TINY_RUBRIC, installed_omnicheck

pytestmark = pytest.mark.pty

KEYS = {
    "enter": "\r",
    "down": "\x1b[B",
    "up": "\x1b[A",
    "right": "\x1b[C",
    "tab": "\t",
    "ctrl-x": "\x18",
    "left": "\x1b[D",
    "space": " ",
    "esc": "\x1b",
    "ctrl-c": "\x03",
}
DETAILS_SKIPPED = 4  # sector, size, location, notes: Enter leaves each empty


class Terminal:
    """One ``omnicheck assess`` in a pty, with helpers to wait and press keys."""

    def __init__(
        self,
        cwd: Path,
        *args: str,
        columns: int = 80,
        rows: int = 24,
        shell_said: str | None = None,
        term: str = "xterm",
    ) -> None:
        """``shell_said``: a line a shell prints in the pty first, as a person's history."""
        env = dict(os.environ)  # OMNICHECK_CACHE_DIR: the session's temporary cache (conftest)
        env.update(
            {
                "NO_COLOR": "1",
                "TERM": term,
                # Nobody answers prompt_toolkit's cursor-position request in a
                # pty; without this it waits for the answer before drawing.
                "PROMPT_TOOLKIT_NO_CPR": "1",
            }
        )
        env.pop("COLUMNS", None)
        env.pop("LINES", None)
        command, argv = installed_omnicheck(), ["assess", *args]
        if shell_said is not None:
            script = f'printf "%s\\n" {shlex.quote(shell_said)}; exec "$0" "$@"'
            command, argv = "sh", ["-c", script, command, *argv]
        self.child = pexpect.spawn(
            command,
            argv,
            cwd=str(cwd),
            env=env,
            dimensions=(rows, columns),
            encoding="utf-8",
            timeout=15,
        )
        # Keys are sent only once the prompt they are for is on screen, so
        # pexpect's safety pause before each send only slows the tests down.
        self.child.delaybeforesend = None

    def at(self, text: str) -> Terminal:
        """Wait until ``text`` is on screen."""
        self.child.expect_exact(text)
        return self

    def press(self, *keys: str) -> Terminal:
        for key in keys:
            self.child.send(KEYS.get(key, key))
        return self

    def type(self, text: str) -> Terminal:
        self.child.send(text)
        return self

    def answer(self, question: str, *keys: str) -> Terminal:
        """Wait for ``question``, then press ``keys`` (Enter if none)."""
        return self.at(question).press(*(keys or ("enter",)))

    def details(self, name: str) -> Terminal:
        self.answer("What is your business called?")
        self.type(name).press("enter")
        for _ in range(DETAILS_SKIPPED):
            self.at("enter save (empty to skip)").press("enter")
        return self

    def finish(self) -> tuple[int, str]:
        """Wait for the program to end; its exit status and what it printed last."""
        self.child.expect(pexpect.EOF)
        self.child.close()
        status = self.child.exitstatus
        return (128 + self.child.signalstatus if status is None else status), self.child.before


@pytest.fixture
def tiny_rubric(tmp_path: Path) -> Path:
    import textwrap

    path = tmp_path / "tiny.yaml"
    path.write_text(textwrap.dedent(TINY_RUBRIC), encoding="utf-8")
    return path


def read(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def report_json(path: Path, *args: str) -> dict:
    done = subprocess.run(
        [installed_omnicheck(), "report", str(path), "--format", "json", *args],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)


# Web and Store, then the first option everywhere: the tiny rubric's whole run.
# Nothing is highlighted on an unanswered question: the first Down reaches the first option.
FIRST = ["down", "enter"]
TINY_RUN = [
    ("Goal?", FIRST),
    ("Channels?", ["space", "down", "space", "enter"]),
    ("A one?", ["down", "down", "enter"]),
    ("A two?", FIRST),
    ("B one?", FIRST),
    ("Store only?", FIRST),
    ("How does Web connect?", FIRST),
    ("Where does Web hand off?", ["space", "enter"]),
    ("How does Store connect?", FIRST),
    ("Where does Store hand off?", ["enter"]),
    ("Review your answers", ["enter"]),  # Finish is the first choice
]
REVIEW = ("Review your answers", ["enter"])


def play(term: Terminal, steps: list[tuple[str, list[str]]]) -> Terminal:
    for question, keys in steps:
        term.answer(question, *keys)
    return term


def test_a_full_run_of_the_bundled_questionnaire(tmp_path):
    term = Terminal(tmp_path, "--answers", "acme.yaml", "-o", "acme.md")
    term.details("Acme Outdoor")
    term.answer("What is the main goal", "down", "down", "enter")
    # Online store and email.
    term.answer("Which channels do your customers use", "down", "space", "down", "down")
    term.press("space", "enter")
    asked = 2
    while True:
        found = term.child.expect(
            [r"question (\d+) of (\d+)", "Review your answers", "Answers saved in acme.yaml"]
        )
        if found == 2:
            break
        if found == 1:
            term.press("enter")  # Finish
            continue
        number, total = map(int, term.child.match.groups())
        assert number == asked + 1 and number <= total, "no question skipped or repeated"
        asked = number
        term.press("down", "enter")  # the first option; a list of ticks: none
    status, _ = term.finish()
    assert status == 0
    saved = read(tmp_path / "acme.yaml")
    assert saved["status"] == "complete"
    assert saved["business"] == {"name": "Acme Outdoor"}
    answers = saved["answers"]
    assert answers["goal"] == "balanced"
    assert answers["channels"] == ["online_store", "email"]
    assert "record.physical_store" not in answers and "data.identify" not in answers
    assert len(answers) == asked
    markdown = (tmp_path / "acme.md").read_text(encoding="utf-8")
    assert markdown.startswith("# Channel integration report: Acme Outdoor")
    assert report_json(tmp_path / "acme.yaml")["business"]["name"] == "Acme Outdoor"


def test_going_back_and_changing_the_channels(tmp_path, tiny_rubric):
    term = Terminal(tmp_path, "--answers", "a.yaml", "--rubric", str(tiny_rubric))
    term.details("Back Co")
    play(term, TINY_RUN[:3])
    term.answer("A two?", "left")
    term.answer("A one?", "left")
    term.answer("Channels?", "left")  # back works from a list of ticks too
    term.answer("Goal?", "enter")  # answered: its answer is highlighted
    # Back at the channels, with Web and Store still ticked: swap Store for Email.
    term.answer("Channels?", "down", "space", "down", "space", "enter")
    play(
        term,
        [
            ("A one?", ["enter"]),  # shown again on the way forward, answer kept
            ("A two?", FIRST),
            ("B one?", FIRST),
            ("How does Web connect?", FIRST),
            ("Where does Web hand off?", ["space", "enter"]),
            ("How does Email connect?", FIRST),
            ("Where does Email hand off?", ["enter"]),
            REVIEW,
        ],
    )
    status, _ = term.finish()
    assert status == 0
    answers = read(tmp_path / "a.yaml")["answers"]
    assert answers["channels"] == ["web", "email"]
    assert "b.store" not in answers and "record.store" not in answers
    assert answers["handoff.web"] == ["email@search"]
    assert answers["a.one"] == "s1"  # the answer from before going back, kept


def test_not_applicable_with_a_reason(tmp_path, tiny_rubric):
    term = Terminal(tmp_path, "--answers", "a.yaml", "--rubric", str(tiny_rubric))
    term.details("NA Co")
    play(term, TINY_RUN[:2])
    term.answer("A one?", "up", "enter")  # "Does not apply to us", the last choice
    term.at("not apply to you?").type("we sell one thing").press("enter")
    term.answer("A two?", "up", "enter")
    term.at("not apply to you?").press("esc")  # changed my mind: back to the question
    term.answer("A two?", "down", "enter")  # from "Does not apply" round to the first
    play(term, TINY_RUN[4:])
    status, _ = term.finish()
    assert status == 0
    answers = read(tmp_path / "a.yaml")["answers"]
    assert answers["a.one"] == {"n/a": "we sell one thing"}
    assert answers["a.two"] == "s0"
    report = report_json(tmp_path / "a.yaml", "--rubric", str(tiny_rubric))
    assert report["coverage"]["not_applicable"] == 1


def test_ctrl_c_then_resume_gives_the_same_report(tmp_path, tiny_rubric):
    whole, parts = tmp_path / "whole", tmp_path / "parts"
    whole.mkdir()
    parts.mkdir()
    rubric = ("--rubric", str(tiny_rubric))

    term = Terminal(whole, "--answers", "a.yaml", *rubric, "-o", "report.json")
    play(term.details("Same Co"), TINY_RUN)
    assert term.finish()[0] == 0

    term = Terminal(parts, "--answers", "a.yaml", *rubric)
    play(term.details("Same Co"), TINY_RUN[:5])
    term.answer("Store only?", "ctrl-c")
    status, said = term.finish()
    assert status == 130
    # The command stands on a line of its own, so a narrow terminal does not split it.
    said_lines = [line.rstrip() for line in said.splitlines()]
    program = (installed_omnicheck(),)
    assert "  " + resume_command(Path("a.yaml"), tiny_rubric, program=program) in said_lines
    stopped = read(parts / "a.yaml")
    assert stopped["status"] == "incomplete"
    assert "b.one" in stopped["answers"] and "b.store" not in stopped["answers"]

    term = Terminal(parts, "--answers", "a.yaml", "--resume", *rubric, "-o", "report.json")
    play(term, TINY_RUN[5:])
    assert term.finish()[0] == 0

    assert read(parts / "a.yaml") == read(whole / "a.yaml")
    assert json.loads((parts / "report.json").read_text()) == json.loads(
        (whole / "report.json").read_text()
    )


def test_a_closed_terminal_keeps_the_answers(tmp_path, tiny_rubric):
    term = Terminal(tmp_path, "--answers", "a.yaml", "--rubric", str(tiny_rubric))
    play(term.details("Hangup Co"), TINY_RUN[:2])
    term.at("A one?")
    term.child.kill(signal.SIGHUP)
    status, _ = term.finish()
    assert status == 130
    saved = read(tmp_path / "a.yaml")
    assert saved["status"] == "incomplete"
    assert saved["answers"] == {"goal": "reach", "channels": ["web", "store"]}


def test_an_unfinished_file_is_offered_for_resuming(tmp_path, tiny_rubric):
    rubric = ("--rubric", str(tiny_rubric))
    term = Terminal(tmp_path, "--answers", "a.yaml", *rubric)
    play(term.details("Offer Co"), TINY_RUN[:1])
    term.answer("Channels?", "ctrl-c")
    assert term.finish()[0] == 130

    term = Terminal(tmp_path, "--answers", "a.yaml", *rubric)
    term.answer("is not finished: 1 answer so far", "enter")  # continue where I left off
    play(term, TINY_RUN[1:])
    assert term.finish()[0] == 0
    assert read(tmp_path / "a.yaml")["status"] == "complete"


def test_a_complete_file_is_never_replaced_without_confirmation(tmp_path, tiny_rubric):
    rubric = ("--rubric", str(tiny_rubric))
    term = Terminal(tmp_path, "--answers", "a.yaml", *rubric)
    play(term.details("Keep Co"), TINY_RUN)
    assert term.finish()[0] == 0
    before = (tmp_path / "a.yaml").read_bytes()

    term = Terminal(tmp_path, "--answers", "a.yaml", *rubric)
    term.answer("is complete.", "down", "down", "enter")  # start again ...
    term.answer("Every answer in it will be lost", "enter")  # ... no, keep it
    status, said = term.finish()
    assert status == 0 and "Nothing changed in a.yaml" in said
    assert (tmp_path / "a.yaml").read_bytes() == before

    term = Terminal(tmp_path, "--answers", "a.yaml", *rubric)
    term.answer("is complete.", "enter")  # show the result
    status, said = term.finish()
    assert status == 0 and "Keep Co" in said
    assert (tmp_path / "a.yaml").read_bytes() == before


def test_ask_re_asks_only_the_named_question(tmp_path, tiny_rubric):
    rubric = ("--rubric", str(tiny_rubric))
    term = Terminal(tmp_path, "--answers", "a.yaml", *rubric)
    play(term.details("Ask Co"), TINY_RUN)
    assert term.finish()[0] == 0

    term = Terminal(tmp_path, "--answers", "a.yaml", "--ask", "goal", *rubric)
    term.answer("Goal?", "down", "enter")
    term.answer(REVIEW[0], *REVIEW[1])
    status, said = term.finish()
    assert status == 0 and "Answers saved in a.yaml" in said
    assert read(tmp_path / "a.yaml")["answers"]["goal"] == "loyalty"


@pytest.mark.parametrize("columns", [80, 60])
def test_progress_and_help_on_request_at_80_and_60_columns(tmp_path, columns):
    term = Terminal(tmp_path, "--answers", "a.yaml", columns=columns)
    term.details("Narrow Co")
    # A total from the first screen: the range the channels will settle, whole at either width.
    term.at("question 1 of 6 to 74").at("0% done").at("? why it matters").press("?")
    # With the question it is about: under its text, above its options.
    term.at("What is the main goal").at("Why it matters: Reaching new people")
    term.answer("Reach more people", "ctrl-c")
    assert term.finish()[0] == 130


def test_an_unwritable_answers_path_is_refused_before_any_question(tmp_path):
    (tmp_path / "notes.txt").write_text("not a folder", encoding="utf-8")
    term = Terminal(tmp_path, "--answers", "notes.txt/a.yaml")
    status, said = term.finish()
    assert status == 2
    assert "cannot write notes.txt/a.yaml" in said and "not a folder" in said
    assert "What is your business called?" not in said


def test_without_a_terminal_it_points_to_template_and_report(tmp_path):
    done = subprocess.run(
        [installed_omnicheck(), "assess", "--answers", "a.yaml"],
        check=False,
        cwd=tmp_path,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert "omnicheck template" in done.stderr
    assert "omnicheck report ANSWERS.yaml" in done.stderr
    assert not (tmp_path / "a.yaml").exists()


def test_hostile_rubric_and_answers_text_reach_the_screen_escaped(tmp_path):
    """Section titles, questions, options and a resumed file's name: no raw control sequence.

    The screen carries prompt_toolkit's and rich's own escape codes, so the
    check is for the hostile sequences themselves: a window title (OSC 0), a
    clipboard write (OSC 52), a C1 CSI and a bidi override.
    """
    import io
    import textwrap

    text = textwrap.dedent(TINY_RUBRIC)
    hostile = r"\e]0;pwned\a \e]52;c;ZXZpbA==\a \x9b31m \u202e"
    for old, new in [
        ("title: Basics", f'title: "Basics {hostile}"'),
        ("text: Goal?", f'text: "Goal? {hostile}"'),
        ("label: Reach}", f'label: "Reach {hostile}"}}'),
    ]:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    rubric = tmp_path / "hostile.yaml"
    rubric.write_text(text, encoding="utf-8")
    (tmp_path / "a.yaml").write_text(
        'rubric: {id: tiny, version: "1"}\nstatus: incomplete\n'
        f'business: {{name: "Name {hostile}"}}\nanswers: {{}}\n',
        encoding="utf-8",
    )
    term = Terminal(tmp_path, "--answers", "a.yaml", "--resume", "--rubric", str(rubric))
    screen = io.StringIO()
    term.child.logfile_read = screen
    for _ in range(DETAILS_SKIPPED):  # never reached by the session that wrote the file
        term.at("enter save (empty to skip)").press("enter")
    term.at("Goal?").at("enter choose").press("ctrl-c")
    assert term.finish()[0] == 130
    shown = screen.getvalue()
    assert "pwned" in shown and "ZXZpbA==" in shown and "Name " in shown
    for raw in ("\x1b]0;pwned", "\x1b]52;", "\x9b", "\u202e"):
        assert raw not in shown, repr(raw)


# ── one assess per answers file at a time ───────────────────────────────────


def test_a_second_assess_on_the_same_file_is_refused_at_once(tmp_path, tiny_rubric):
    rubric = ("--rubric", str(tiny_rubric))
    first = Terminal(tmp_path, "--answers", "a.yaml", *rubric)
    play(first.details("First Co"), TINY_RUN[:2])
    first.at("A one?")
    # The same file under another name, too: the lock is the file's, not the name's.
    for name in ("a.yaml", str(tmp_path / "a.yaml")):
        second = Terminal(tmp_path, "--answers", name, *rubric)
        status, said = second.finish()
        assert status == 2
        # Wrapped by word to the terminal's width: compare the words.
        assert " ".join(said.split()) == (
            f"{name} is being answered in another omnicheck assess (pid {first.child.pid}); "
            "finish or close that one first"
        )
    first.press("down", "down", "enter")
    play(first, TINY_RUN[3:])
    assert first.finish()[0] == 0
    saved = read(tmp_path / "a.yaml")
    assert saved["status"] == "complete" and saved["business"]["name"] == "First Co"
    assert len(saved["answers"]) == len(TINY_RUN) - 1  # all but the review
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.yaml", "tiny.yaml"]


def test_a_killed_assess_does_not_block_the_next(tmp_path, tiny_rubric):
    rubric = ("--rubric", str(tiny_rubric))
    first = Terminal(tmp_path, "--answers", "a.yaml", *rubric)
    play(first.details("Killed Co"), TINY_RUN[:1])
    first.at("Channels?")
    first.child.kill(signal.SIGKILL)  # no clean-up at all
    first.finish()

    term = Terminal(tmp_path, "--answers", "a.yaml", "--resume", *rubric)
    play(term, TINY_RUN[1:])
    assert term.finish()[0] == 0
    assert read(tmp_path / "a.yaml")["status"] == "complete"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.yaml", "tiny.yaml"]


REFUSED = "a.yaml changed on disk since this omnicheck assess read it; not overwritten"


def test_a_file_changed_on_disk_meanwhile_is_not_overwritten(tmp_path, tiny_rubric):
    rubric = ("--rubric", str(tiny_rubric))
    path = tmp_path / "a.yaml"
    term = Terminal(tmp_path, "--answers", "a.yaml", *rubric)
    play(term.details("Edited Co"), TINY_RUN[:1])
    term.answer("Channels?", "ctrl-c")
    assert term.finish()[0] == 130

    term = Terminal(tmp_path, "--answers", "a.yaml", "--resume", *rubric)
    term.at("Channels?")
    edited = "# edited by hand while assess ran\n"
    path.write_text(edited)
    term.press("space", "enter")
    term.at(REFUSED)
    assert term.finish()[0] == 2
    assert path.read_text() == edited
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.yaml", "tiny.yaml"]


def test_a_file_made_meanwhile_is_not_overwritten(tmp_path, tiny_rubric):
    path = tmp_path / "a.yaml"
    term = Terminal(tmp_path, "--answers", "a.yaml", "--rubric", str(tiny_rubric))
    term.at("What is your business called?")
    made = "# written by another program\n"
    path.write_text(made)
    term.press("enter").type("Late Co").press("enter")  # the first answer, the first save
    term.at(REFUSED)
    assert term.finish()[0] == 2
    assert path.read_text() == made


# ── issue 14: keys that mean what they say, and answers that are not lost ──

COLUMNS = pytest.mark.parametrize("columns", [80, 60])
CHECKS = """\
  - id: checks
    title: Checks
    kind: checks
    questions:
      - id: check.promo
        kind: single
        dimension: a
        weight: 0.5
        text: Promotion honoured?
        options:
          - {id: "yes", label: "Yes", score: 4}
          - {id: "no", label: "No", score: 0}
"""


@pytest.fixture
def checks_rubric(tmp_path: Path) -> Path:
    import textwrap

    text = textwrap.dedent(TINY_RUBRIC)
    assert text.count("  - id: links\n") == 1
    path = tmp_path / "checks.yaml"
    path.write_text(text.replace("  - id: links\n", CHECKS + "  - id: links\n"), "utf-8")
    return path


CHECKS_RUN = [*TINY_RUN[:6], ("Promotion honoured?", ["n"]), *TINY_RUN[6:]]


@COLUMNS
def test_n_on_a_yes_no_check_records_no(tmp_path, checks_rubric, columns):
    term = Terminal(
        tmp_path, "--answers", "a.yaml", "--rubric", str(checks_rubric), columns=columns
    )
    play(term.details("Check Co"), CHECKS_RUN)
    assert term.finish()[0] == 0
    assert read(tmp_path / "a.yaml")["answers"]["check.promo"] == "no"


@COLUMNS
def test_nothing_is_preselected_on_an_unanswered_question(tmp_path, tiny_rubric, columns):
    term = Terminal(tmp_path, "--answers", "a.yaml", "--rubric", str(tiny_rubric), columns=columns)
    term.details("Blind Co")
    term.answer("Goal?", "enter", "enter")  # blind Enters: nothing to choose yet
    term.at("Nothing chosen yet")
    term.press("down", "down", "enter")  # the second option
    term.answer("Channels?", "space", "enter")  # Web only
    term.answer("Review your answers", "enter")
    assert term.finish()[0] == 0
    assert read(tmp_path / "a.yaml")["answers"] == {"goal": "loyalty", "channels": ["web"]}


@COLUMNS
def test_scale_number_keys_choose_at_once(tmp_path, tiny_rubric, columns):
    term = Terminal(tmp_path, "--answers", "a.yaml", "--rubric", str(tiny_rubric), columns=columns)
    play(term.details("Digit Co"), TINY_RUN[:2])
    term.answer("A one?", "3")
    term.answer("A two?", "ctrl-x")  # save and quit: exit 0, and how to continue
    status, said = term.finish()
    assert status == 0 and "To continue, run:" in said
    assert read(tmp_path / "a.yaml")["answers"]["a.one"] == "s3"


@COLUMNS
def test_the_channels_question_cannot_be_not_applicable(tmp_path, columns):
    term = Terminal(tmp_path, "--answers", "a.yaml", columns=columns)
    term.details("Channel Co")
    term.answer("What is the main goal", "down", "enter")
    term.at("Which channels do your customers use").at("ctrl-x save and quit")
    term.press("n", "enter")  # n is not n/a here; Enter with nothing ticked is refused
    term.press("space", "enter")
    term.answer("What can you spend", "ctrl-c")
    assert term.finish()[0] == 130
    assert read(tmp_path / "a.yaml")["answers"]["channels"] == ["website"]


def test_validate_refuses_channels_not_applicable(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text(
        'rubric: {id: omnichannel, version: "1.0"}\nstatus: incomplete\n'
        "business: {name: X}\nanswers:\n  goal: reach\n  channels: n/a\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [installed_omnicheck(), "validate", str(path)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 2
    assert f"{path}:6:13: channels: n/a is not allowed" in done.stderr


@COLUMNS
def test_the_printed_resume_command_runs_as_printed(tmp_path, tiny_rubric, columns):
    term = Terminal(
        tmp_path, "--answers", "my answers.yaml", "--rubric", str(tiny_rubric), columns=columns
    )
    play(term.details("Paste Co"), TINY_RUN[:3])
    term.answer("A two?", "ctrl-c")
    status, said = term.finish()
    assert status == 130
    lines = [line.strip() for line in said.splitlines()]
    command = lines[lines.index("To continue, run:") + 1]
    assert "'my answers.yaml'" in command  # quoted for the shell
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    env.update({"NO_COLOR": "1", "TERM": "xterm", "PROMPT_TOOLKIT_NO_CPR": "1"})
    env["PATH"] = "/usr/bin:/bin"  # the venv is not activated: as the README installs it
    shell = pexpect.spawn(
        "/bin/sh",
        ["-c", command],
        cwd=str(tmp_path),
        env=env,
        dimensions=(24, columns),
        encoding="utf-8",
        timeout=15,
    )
    shell.delaybeforesend = None
    resumed = Terminal.__new__(Terminal)
    resumed.child = shell
    play(resumed, TINY_RUN[3:])
    assert resumed.finish()[0] == 0
    assert read(tmp_path / "my answers.yaml")["status"] == "complete"


@COLUMNS
def test_new_questions_after_going_back_are_marked_and_not_preselected(
    tmp_path, tiny_rubric, columns
):
    term = Terminal(tmp_path, "--answers", "a.yaml", "--rubric", str(tiny_rubric), columns=columns)
    term.details("Return Co")
    web_and_email = ("Channels?", ["space", "down", "down", "space", "enter"])
    play(term, [TINY_RUN[0], web_and_email, *TINY_RUN[2:5], TINY_RUN[6], TINY_RUN[7]])
    term.at("How does Email connect?").press("left")
    for question in ("Where does Web hand off?", "How does Web connect?", "B one?", "A two?"):
        term.answer(question, "left")
    term.at("A one?").at("→ return to where I was").press("right")
    term.at("How does Email connect?").at("ctrl-x").press("left")
    for question in ("Where does Web hand off?", "How does Web connect?", "B one?", "A two?"):
        term.answer(question, "left")
    term.answer("A one?", "left")
    term.answer("Channels?", "down", "space", "enter")  # and the store
    play(term, [("A one?", ["enter"]), ("A two?", ["enter"]), ("B one?", ["enter"])])
    term.at("Store only?").at("New question: not answered yet")
    term.press("enter", "2")  # Enter alone answers nothing: 2 answers this question
    term.answer("How does Web connect?", "right")  # return: stops at what needs an answer
    term.answer("Where does Web hand off?", "enter")  # a new channel to hand off to
    term.at("How does Store connect?").at("New question").press("down", "enter")
    play(term, [("Where does Store hand off?", ["enter"]), ("How does Email connect?", FIRST)])
    play(term, [("Where does Email hand off?", ["enter"]), REVIEW])
    assert term.finish()[0] == 0
    answers = read(tmp_path / "a.yaml")["answers"]
    assert answers["channels"] == ["web", "store", "email"]
    assert answers["b.store"] == "s2" and answers["record.store"] == "none"


@COLUMNS
def test_unticked_channel_answers_wait_for_a_confirmation(tmp_path, tiny_rubric, columns):
    rubric = ("--rubric", str(tiny_rubric))
    term = Terminal(tmp_path, "--answers", "a.yaml", *rubric, columns=columns)
    play(term.details("Untick Co"), TINY_RUN)
    assert term.finish()[0] == 0
    before = read(tmp_path / "a.yaml")["answers"]

    # Swap the store for email: at the end, keep the store after all.
    term = Terminal(tmp_path, "--answers", "a.yaml", "--ask", "Channels", *rubric, columns=columns)
    term.answer("Channels?", "down", "space", "down", "space", "enter")
    term.answer("Where does Web hand off?", "enter")  # its options changed: asked again
    term.answer("How does Email connect?", *FIRST)
    term.answer("Where does Email hand off?", "enter")
    term.answer("Review your answers", "enter")
    term.answer("Remove 3 answers about Store?", "down", "enter")  # no, it is a channel
    for question in ("Where does Web hand off?", "Where does Store hand off?"):
        term.answer(question, "enter")
    term.answer("Where does Email hand off?", "enter")
    term.answer("Review your answers", "enter")
    assert term.finish()[0] == 0
    kept = read(tmp_path / "a.yaml")["answers"]
    assert kept["channels"] == ["web", "store", "email"]
    assert {k: kept[k] for k in ("b.store", "record.store")} == {
        k: before[k] for k in ("b.store", "record.store")
    }

    # Untick the store again, and this time remove its answers.
    term = Terminal(tmp_path, "--answers", "a.yaml", "--ask", "channels", *rubric, columns=columns)
    term.answer("Channels?", "down", "space", "enter")
    term.answer("Where does Web hand off?", "enter")
    term.answer("Where does Email hand off?", "enter")
    term.answer("Review your answers", "enter")
    term.answer("Remove 3 answers about Store?", "enter")
    assert term.finish()[0] == 0
    after = read(tmp_path / "a.yaml")["answers"]
    assert after["channels"] == ["web", "email"]
    assert "record.store" not in after and "b.store" not in after


@COLUMNS
def test_resuming_re_asks_hand_offs_a_new_channel_changed(tmp_path, tiny_rubric, columns):
    rubric = ("--rubric", str(tiny_rubric))
    term = Terminal(tmp_path, "--answers", "a.yaml", *rubric, columns=columns)
    play(term.details("Handoff Co"), TINY_RUN[:8])
    term.at("How does Store connect?").press("tab")
    term.answer("Go to which section?", "enter")  # the first: name and details
    for _ in range(5):
        term.at("enter save").press("enter")
    term.answer("Goal?", "enter")
    term.answer("Channels?", "down", "down", "space", "enter")  # and Email
    term.answer("A one?", "ctrl-c")
    status, said = term.finish()
    assert status == 130 and "--ask handoff.web" in said

    term = Terminal(
        tmp_path,
        "--answers",
        "a.yaml",
        "--resume",
        "--ask",
        "handoff.web",
        *rubric,
        columns=columns,
    )
    term.answer("Where does Web hand off?", "space", "enter")
    term.answer("How does Store connect?", "down", "enter")
    term.answer("Where does Store hand off?", "enter")
    term.answer("How does Email connect?", "down", "enter")
    term.answer("Where does Email hand off?", "enter")
    term.answer("Review your answers", "enter")
    assert term.finish()[0] == 0
    assert read(tmp_path / "a.yaml")["status"] == "complete"


def test_the_section_menu_is_left_as_a_question_is(tmp_path, tiny_rubric):
    """Tab opens the section menu; Esc and ← go back to the question, Tab closes it
    again, and Ctrl-X saves and quits from it as from any question. A scale shows the
    number each step's key is."""
    term = Terminal(tmp_path, "--answers", "a.yaml", "--rubric", str(tiny_rubric))
    term.details("Menu Co")
    play(term, TINY_RUN[:2])
    term.at("A one?").at("0 Zero").at("4 Four")
    for leave in ("esc", "left", "tab"):
        term.press("tab").at("Go to which section?").at("esc or ← stay")
        term.press(leave).at("A one?")
    term.press("2")  # the key beside "2 Two"
    term.at("A two?").press("tab").at("Go to which section?").press("ctrl-x")
    status, said = term.finish()
    assert status == 0
    assert "Saved: your answers so far are in a.yaml." in said
    answers = read(tmp_path / "a.yaml")["answers"]
    assert answers["a.one"] == "s2" and "a.two" not in answers
