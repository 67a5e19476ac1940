"""``assess`` sees the terminal only through the run's Environment, so a test hands it one.

Each test passes its own :class:`omnicheck.cli.environment.Environment` with
``CliRunner().invoke(app, args, obj=env)``: whether stdin and stdout are
terminals, the streams the questionnaire reads keys from and draws on,
``TERM``, ``NO_COLOR`` and the cache directory. CliRunner's own streams are
never terminals, so every test that gets past the terminal check, or finds
its output in ``env.stdout``, shows the Environment was asked and not ``sys``.
The pty tests (``test_assess_terminal``, ``test_assess_screen``) drive the
real program in a real terminal.
"""

from __future__ import annotations

import io
import os
import shutil
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

import pytest
import yaml
from typer.testing import CliRunner

from omnicheck.cli.app import app
from omnicheck.cli.environment import Environment
from omnicheck.questionnaire.transcript import ENTER, LEAVE
from tests.conftest import EXAMPLES, TINY_RUBRIC

BAKERY = next(path for path in EXAMPLES if path.name == "bakery.yaml")


def terminal(
    *,
    stdin: TextIO | None = None,
    stdin_isatty: bool = True,
    stdout_isatty: bool = True,
    **environ: str,
) -> Environment:
    """A terminal by the Environment's word, on streams the test can read.

    No cache unless the test names one: the process's (conftest's) is not in this mapping.
    A wide terminal unless the test says otherwise, so that no line the tests look for
    is wrapped, whatever terminal (if any) pytest runs in: rich, left to itself, would
    ask the process's.
    """
    if "OMNICHECK_CACHE_DIR" not in environ:
        environ["OMNICHECK_NO_CACHE"] = "1"
    environ = {"COLUMNS": "200", "LINES": "50", **environ}
    return Environment(
        stdin=stdin or io.StringIO(),
        stdout=io.StringIO(),
        stderr=io.StringIO(),
        stdin_isatty=stdin_isatty,
        stdout_isatty=stdout_isatty,
        stderr_isatty=True,
        environ=environ,
    )


def printed(env: Environment) -> str:
    out = env.stdout
    assert isinstance(out, io.StringIO)
    return out.getvalue()


@pytest.fixture
def finished(tmp_path: Path) -> Path:
    """An answers file with every answer: ``--resume`` shows its result and asks nothing."""
    path = tmp_path / "bakery.yaml"
    shutil.copy(BAKERY, path)
    return path


@pytest.mark.parametrize(
    ("stdin_isatty", "stdout_isatty"), [(False, True), (True, False), (False, False)]
)
def test_without_a_terminal_in_the_environment_assess_refuses(
    tmp_path: Path, stdin_isatty: bool, stdout_isatty: bool
) -> None:
    env = terminal(stdin_isatty=stdin_isatty, stdout_isatty=stdout_isatty)
    result = CliRunner().invoke(app, ["assess", "--answers", str(tmp_path / "a.yaml")], obj=env)
    assert result.exit_code == 2
    assert "asks its questions in a terminal, and this is not one" in result.stderr
    assert "omnicheck template --output" in result.stderr
    assert printed(env) == ""
    assert not (tmp_path / "a.yaml").exists()


def test_a_terminal_in_the_environment_gets_past_the_check(tmp_path: Path) -> None:
    """CliRunner's stdin is no terminal: only the Environment says there is one."""
    missing = tmp_path / "missing.yaml"
    result = CliRunner().invoke(
        app, ["assess", "--answers", str(missing), "--resume"], obj=terminal()
    )
    assert result.exit_code == 2
    assert "not one" not in result.stderr
    assert f"{missing}: no such file to resume" in result.stderr


def test_the_questionnaire_draws_on_the_environments_stdout(finished: Path) -> None:
    env = terminal(TERM="xterm")
    result = CliRunner().invoke(app, ["assess", "--answers", str(finished), "--resume"], obj=env)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    shown = printed(env)
    # The alternate screen, left before the summary, which is on the normal screen.
    assert shown.index(ENTER) < shown.index(LEAVE) < shown.index("Assessed ")
    assert "6 answers so far" in shown
    assert "\x1b[1m" in shown  # bold: a colour terminal


def test_term_dumb_from_the_environment_gets_plain_text(finished: Path) -> None:
    env = terminal(TERM="dumb")
    result = CliRunner().invoke(app, ["assess", "--answers", str(finished), "--resume"], obj=env)
    assert result.exit_code == 0, result.output
    shown = printed(env)
    assert "\x1b" not in shown  # no alternate screen, no colour: no escape code at all
    assert "6 answers so far" in shown
    assert "Hearth & Crumb Bakery" in shown


def test_no_color_from_the_environment_keeps_the_screen_and_drops_the_colour(
    finished: Path,
) -> None:
    env = terminal(TERM="xterm", NO_COLOR="1")
    result = CliRunner().invoke(app, ["assess", "--answers", str(finished), "--resume"], obj=env)
    assert result.exit_code == 0, result.output
    shown = printed(env)
    assert ENTER in shown
    assert LEAVE in shown
    assert "\x1b[1;3" not in shown  # rich's coloured levels (bold cyan, bold green)
    assert "\x1b[3" not in shown.replace(ENTER, "").replace(LEAVE, "")


def test_assess_caches_the_rubric_where_the_environment_says(
    finished: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    env = terminal(TERM="dumb", OMNICHECK_CACHE_DIR=str(cache))
    before = set(Path(os.environ["OMNICHECK_CACHE_DIR"]).rglob("*"))
    result = CliRunner().invoke(app, ["assess", "--answers", str(finished), "--resume"], obj=env)
    assert result.exit_code == 0, result.output
    assert list((cache / "rubrics").glob("*.pickle"))
    # The process's own cache (conftest's) is not where this run went.
    assert set(Path(os.environ["OMNICHECK_CACHE_DIR"]).rglob("*")) <= before


def typed(tmp_path: Path, keys: list[TextIO], keystrokes: bytes) -> tuple[Path, TextIO]:
    """The tiny rubric, and a pipe for a keyboard holding ``keystrokes`` and then its end."""
    rubric = tmp_path / "tiny.yaml"
    rubric.write_text(textwrap.dedent(TINY_RUBRIC), encoding="utf-8")
    read_end, write_end = os.pipe()
    os.write(write_end, keystrokes)
    os.close(write_end)
    keys.append(os.fdopen(read_end, encoding="utf-8"))
    return rubric, keys[-1]


@pytest.fixture
def keys() -> Iterator[list[TextIO]]:
    """Standard inputs made of a pipe, closed after the test."""
    opened: list[TextIO] = []
    yield opened
    for stream in opened:
        stream.close()


def test_keys_come_from_the_environments_stdin(tmp_path: Path, keys: list[TextIO]) -> None:
    """A pipe stands for the keyboard: the name, then Ctrl-X to save and quit.

    All the keys are in the pipe before the run starts, and none is an
    escape sequence, so nothing depends on how fast they are read.
    """
    rubric, stdin = typed(tmp_path, keys, b"Pipe Co\r\x18")
    env = terminal(stdin=stdin, TERM="dumb")
    answers = tmp_path / "a.yaml"
    result = CliRunner().invoke(
        app, ["assess", "--answers", str(answers), "--rubric", str(rubric)], obj=env
    )
    assert result.exit_code == 0, result.output
    shown = printed(env)
    assert "What is your business called?" in shown
    assert "Saved: your answers so far are in" in shown
    assert "What is your business called?" not in result.stdout
    saved = yaml.safe_load(answers.read_text(encoding="utf-8"))
    assert saved["business"] == {"name": "Pipe Co"}
    assert saved["status"] == "incomplete"


def test_the_questionnaire_is_laid_out_by_the_environments_size(
    tmp_path: Path, keys: list[TextIO]
) -> None:
    """COLUMNS from the Environment: the section's rule ends at its 60th column, not the 80th."""
    rubric, stdin = typed(tmp_path, keys, b"\x18")
    env = terminal(stdin=stdin, TERM="dumb", COLUMNS="60", LINES="20")
    result = CliRunner().invoke(
        app, ["assess", "--answers", str(tmp_path / "a.yaml"), "--rubric", str(rubric)], obj=env
    )
    assert result.exit_code == 0, result.output
    rules = [line for line in printed(env).splitlines() if line.startswith("── Name and details")]
    assert rules
    assert {len(line.rstrip()) for line in rules} == {59}


def test_the_environments_stdin_closing_stops_as_a_closed_terminal_does(
    tmp_path: Path, keys: list[TextIO]
) -> None:
    """The name, then the end of the input: saved, and the way to go on, with status 130."""
    rubric, stdin = typed(tmp_path, keys, b"Closed Co\r")
    env = terminal(stdin=stdin, TERM="dumb")
    answers = tmp_path / "a.yaml"
    result = CliRunner().invoke(
        app, ["assess", "--answers", str(answers), "--rubric", str(rubric)], obj=env
    )
    assert result.exit_code == 130
    assert f"Stopped. Your answers so far are saved in {answers}." in result.stderr
    assert "--resume" in result.stderr
    saved = yaml.safe_load(answers.read_text(encoding="utf-8"))
    assert saved["business"] == {"name": "Closed Co"}
