"""The Environment object: commands see the process only through it, so tests swap it.

No test here changes ``os.environ`` or patches ``sys``: each passes its own
Environment with ``CliRunner().invoke(app, args, obj=env)``.
"""

from __future__ import annotations

import io
import os
import re
from importlib.metadata import version
from pathlib import Path

import pytest
from typer.testing import CliRunner

from omnicheck.cli.app import app
from omnicheck.cli.environment import Environment
from omnicheck.source.cache import cache_dir_for
from tests.conftest import EXAMPLES


def fake(
    *, stderr_isatty: bool = False, stdout_isatty: bool = False, **environ: str
) -> Environment:
    return Environment(
        stdin=io.StringIO(),
        stdout=io.StringIO(),
        stderr=io.StringIO(),
        stdin_isatty=False,
        stdout_isatty=stdout_isatty,
        stderr_isatty=stderr_isatty,
        environ=environ,
    )


def test_cache_dir_follows_the_mapping_not_the_process(tmp_path: Path) -> None:
    assert cache_dir_for({"OMNICHECK_CACHE_DIR": str(tmp_path)}) == tmp_path
    assert cache_dir_for({"OMNICHECK_CACHE_DIR": str(tmp_path), "OMNICHECK_NO_CACHE": "1"}) is None
    assert cache_dir_for({"XDG_CACHE_HOME": str(tmp_path)}) == tmp_path / "omnicheck"
    assert cache_dir_for({}) == Path.home() / ".cache" / "omnicheck"
    assert fake(OMNICHECK_CACHE_DIR=str(tmp_path)).cache_dir == tmp_path


def test_current_reads_the_streams_when_called() -> None:
    env = Environment.current(stderr=io.StringIO())
    assert env.stderr_isatty is False
    assert dict(env.environ) == dict(os.environ)
    assert Environment.current(stderr_isatty=True).stderr_isatty is True


def test_report_caches_where_the_environment_says(tmp_path: Path) -> None:
    before = set(Path(os.environ["OMNICHECK_CACHE_DIR"]).rglob("*"))
    env = fake(OMNICHECK_CACHE_DIR=str(tmp_path))
    result = CliRunner().invoke(app, ["report", str(EXAMPLES[0]), "--format", "md"], obj=env)
    assert result.exit_code == 0, result.output
    assert list((tmp_path / "rubrics").glob("*.pickle"))
    assert list((tmp_path / "templates").glob("*.cache"))
    # The process's own cache (conftest's) is not where this run went.
    assert set(Path(os.environ["OMNICHECK_CACHE_DIR"]).rglob("*")) <= before


def test_no_cache_in_the_mapping_writes_nothing(tmp_path: Path) -> None:
    env = fake(OMNICHECK_NO_CACHE="1", XDG_CACHE_HOME=str(tmp_path))
    result = CliRunner().invoke(app, ["report", str(EXAMPLES[0]), "--format", "md"], obj=env)
    assert result.exit_code == 0, result.output
    assert not any(tmp_path.iterdir())


def test_batch_shows_progress_on_a_terminal_stderr() -> None:
    env = fake(stderr_isatty=True)
    result = CliRunner().invoke(app, ["batch", *map(str, EXAMPLES[:2])], obj=env)
    assert result.exit_code == 0, result.output
    progress = env.stderr.getvalue()
    assert "Scoring" in progress
    assert "businesses" in progress
    # The rows go to the environment's stdout, not the process's.
    assert env.stdout.getvalue().startswith("name,source,")
    assert "Scored 2 of 2 businesses." in result.stderr


def test_batch_shows_no_progress_when_stderr_is_not_a_terminal() -> None:
    env = fake(stderr_isatty=False)
    result = CliRunner().invoke(app, ["batch", *map(str, EXAMPLES[:2])], obj=env)
    assert result.exit_code == 0, result.output
    assert env.stderr.getvalue() == ""


@pytest.mark.parametrize(
    "args",
    [
        ["report", str(EXAMPLES[0])],
        ["report", str(EXAMPLES[0]), "--format", "md"],
        ["plan", str(EXAMPLES[0])],
        ["diff", str(EXAMPLES[0]), str(EXAMPLES[1])],
        ["template"],
        ["schema"],
    ],
)
def test_documents_go_to_the_environments_stdout(args: list[str]) -> None:
    env = fake()
    result = CliRunner().invoke(app, args, obj=env)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    plain = CliRunner().invoke(app, args)
    # stdout_bytes: Result.stdout turns CSV's \r\n into \n.
    assert env.stdout.getvalue() == plain.stdout_bytes.decode() != ""


def test_terminal_size_follows_the_mapping_then_the_stdout_it_holds() -> None:
    assert fake(COLUMNS="61", LINES="21").terminal_size() == (61, 21)
    assert fake().terminal_size() == (80, 24)  # a stream that is no terminal
    assert fake(COLUMNS="nonsense", LINES="-3").terminal_size() == (80, 24)


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="POSIX pseudo-terminals")
def test_terminal_size_asks_the_environments_own_terminal() -> None:
    """A terminal of the test's, 100x30, whatever size the process's own one is."""
    import fcntl
    import struct
    import termios

    leader, follower = os.openpty()
    try:
        fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
        with os.fdopen(os.dup(follower), "w") as stream:
            env = Environment.current(stdout=stream, environ={"LINES": "12"})
            assert env.stdout_isatty is True
            assert env.terminal_size() == (100, 12)
    finally:
        os.close(leader)
        os.close(follower)


def test_console_is_a_terminal_by_the_environments_word() -> None:
    assert fake().console().is_terminal is False
    claimed = Environment(**{**fake().__dict__, "stdout_isatty": True})
    assert claimed.console().is_terminal is True
    assert claimed.console().file is claimed.stdout


#: rich 14 added TTY_COMPATIBLE; the oldest rich pyproject allows (13.8) has no word for
#: "this terminal is not one", so there the variable changes nothing.
RICH_READS_TTY_COMPATIBLE = int(version("rich").split(".")[0]) >= 14


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="POSIX pseudo-terminals")
@pytest.mark.parametrize(
    ("environ", "terminal"),
    [
        ({}, True),
        ({"TTY_COMPATIBLE": "0"}, not RICH_READS_TTY_COMPATIBLE),
        ({"TERM": "dumb"}, True),
    ],
)
def test_on_a_real_terminal_rich_decides_from_the_environments_variables(
    environ: dict[str, str], terminal: bool
) -> None:
    """The stream and the flag agree: rich's own rules decide, on the Environment's mapping."""
    leader, follower = os.openpty()
    try:
        with os.fdopen(os.dup(follower), "w") as stream:
            console = Environment.current(stdout=stream, environ=environ).console()
            assert console.is_terminal is terminal
            assert console.is_dumb_terminal is (environ.get("TERM") == "dumb")
    finally:
        os.close(leader)
        os.close(follower)


def _summary(env: Environment) -> str:
    result = CliRunner().invoke(app, ["report", str(EXAMPLES[0])], obj=env)
    assert result.exit_code == 0, result.output
    text = env.stdout.getvalue()
    assert "Level" in text
    return text


def test_the_terminal_summary_is_styled_when_the_environment_says_terminal() -> None:
    assert "\x1b[" in _summary(fake(stdout_isatty=True))
    assert "\x1b[" not in _summary(fake())


def test_the_terminal_summary_reads_no_color_from_the_environment() -> None:
    plain, env = fake(stdout_isatty=True), fake(stdout_isatty=True, NO_COLOR="1")
    coloured, uncoloured = _summary(plain), _summary(env)
    # rich's colours are SGR 30-39 and 90-97 (38;... for 256 colours); bold (1) stays.
    colour = re.compile(r"\x1b\[(?:[0-9;]*;)?(?:3[0-9]|9[0-7])(?:;[0-9;]*)?m")
    assert colour.search(coloured)
    assert not colour.search(uncoloured)
