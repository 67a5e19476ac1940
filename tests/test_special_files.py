"""Inputs that are not regular files, links that loop, and option values out of range.

A FIFO given as an input would block the read for ever, and a folder whose
links lead back into itself would be searched for ever. Each command runs in
this process on a thread of its own, so that a FIFO that holds it can be let
go and the test fail instead of hanging; the guard asserts nothing about
speed. (Starting the installed script for each cost more than all the rest of
these tests; test_cli and test_cache run that script.)
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import stat
import threading
from pathlib import Path
from typing import NamedTuple

import pytest
from typer.testing import CliRunner, Result

from omnicheck.cli.app import app
from tests.conftest import EXAMPLES

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs POSIX FIFOs")

HANG_GUARD = 20
runner = CliRunner()


class Done(NamedTuple):
    returncode: int
    stdout: str
    stderr: str


def omnicheck(cwd: Path, *args: str) -> Done:
    """``omnicheck ARGS`` run in ``cwd``, on a thread that a FIFO cannot hold for good.

    A command that opened a FIFO to read from would wait for a writer for ever:
    after HANG_GUARD seconds every FIFO below ``cwd`` gets one, which lets the
    command go on, and the test fails.
    """
    results: list[Result] = []
    command = threading.Thread(
        target=lambda: results.append(runner.invoke(app, list(args), env={"NO_COLOR": "1"})),
        daemon=True,
    )
    previous = Path.cwd()
    os.chdir(cwd)
    try:
        command.start()
        command.join(HANG_GUARD)
        held = command.is_alive()
        if held:
            for fifo in fifos_below(cwd):
                with contextlib.suppress(OSError):
                    os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
            command.join(HANG_GUARD)
    finally:
        os.chdir(previous)
    assert not held, f"omnicheck {' '.join(args)} was still running after {HANG_GUARD} s"
    (result,) = results
    return Done(result.exit_code, result.stdout, result.stderr)


def fifos_below(folder: Path) -> list[Path]:
    return [
        Path(root, name)
        for root, _, names in os.walk(folder)
        for name in names
        if stat.S_ISFIFO(Path(root, name).lstat().st_mode)
    ]


@pytest.fixture
def fifo_dir(tmp_path: Path) -> Path:
    """A good answers file, a FIFO named like each kind of input, and a template folder."""
    shutil.copy(EXAMPLES[0], tmp_path / "good.yaml")
    for name in ("fifo.yaml", "fifo.csv"):
        os.mkfifo(tmp_path / name)
    (tmp_path / "brand").mkdir()
    os.mkfifo(tmp_path / "brand" / "report.md.j2")
    return tmp_path


FIFO_COMMANDS = {
    "report answers": ["report", "fifo.yaml"],
    "validate answers": ["validate", "fifo.yaml"],
    "diff old": ["diff", "fifo.yaml", "good.yaml"],
    "diff new": ["diff", "good.yaml", "fifo.yaml"],
    "report --rubric": ["report", "good.yaml", "--rubric", "fifo.yaml"],
    "diff --old-rubric": ["diff", "good.yaml", "good.yaml", "--old-rubric", "fifo.yaml"],
    "schema --rubric": ["schema", "--rubric", "fifo.yaml"],
    "template --rubric": ["template", "--rubric", "fifo.yaml"],
    "rubric lint": ["rubric", "lint", "fifo.yaml"],
    "batch --rubric": ["batch", "good.yaml", "--rubric", "fifo.yaml"],
}


@pytest.mark.parametrize("args", FIFO_COMMANDS.values(), ids=FIFO_COMMANDS.keys())
def test_a_fifo_as_input_is_refused_at_once(fifo_dir, args):
    done = omnicheck(fifo_dir, *args)
    assert done.returncode == 2, done.stderr
    # rubric lint lists its findings on stdout, as a linter does; the rest on stderr.
    lines = (done.stdout if args[0] == "rubric" else done.stderr).splitlines()
    expected = "is not a regular file (a FIFO)"
    assert any(x.startswith("fifo.yaml: ") and x.endswith(expected) for x in lines), lines
    assert "Traceback" not in done.stderr


def test_a_fifo_as_a_template_is_refused_at_once(fifo_dir):
    done = omnicheck(fifo_dir, "report", "good.yaml", "--format", "md", "--templates", "brand")
    assert done.returncode == 2, done.stderr
    assert done.stderr == f"{Path('brand', 'report.md.j2')}: is not a regular file (a FIFO)\n"
    assert done.stdout == ""


@pytest.mark.parametrize("name", ["fifo.csv", "fifo.yaml"])
def test_a_fifo_among_batch_inputs_is_a_failed_row(fifo_dir, name):
    done = omnicheck(fifo_dir, "batch", name, "good.yaml", "--format", "json")
    assert done.returncode == 3, done.stderr
    assert f"{name}: is not a regular file (a FIFO)" in done.stderr.splitlines()
    rows = json.loads(done.stdout)["rows"]
    assert [row["error"] is None for row in rows] == [False, True]


def test_a_fifo_in_a_batch_folder_is_a_failed_row(fifo_dir):
    done = omnicheck(fifo_dir, "batch", ".", "--format", "json")
    assert done.returncode == 3, done.stderr
    assert f"{Path('fifo.yaml')}: is not a regular file (a FIFO)" in done.stderr
    assert done.stderr.count("is not a regular file") == 1  # the .csv is not searched for


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs a POSIX /dev/zero")
def test_a_device_is_not_read_at_all(tmp_path):
    done = omnicheck(tmp_path, "validate", "/dev/zero")
    assert (done.returncode, done.stderr) == (
        2,
        "/dev/zero: is not a regular file (a character device)\n",
    )


def test_a_socket_is_not_a_regular_file(tmp_path):
    import socket

    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(tmp_path / "s.yaml"))
        done = omnicheck(tmp_path, "validate", "s.yaml")
    finally:
        server.close()
    assert (done.returncode, done.stderr) == (2, "s.yaml: is not a regular file (a socket)\n")


@pytest.fixture
def looping(tmp_path: Path) -> Path:
    """A client folder whose links lead back into itself, or nowhere at all."""
    folder = tmp_path / "clients"
    (folder / "sub").mkdir(parents=True)
    shutil.copy(EXAMPLES[0], folder / "one.yaml")
    shutil.copy(EXAMPLES[1], folder / "sub" / "two.yaml")
    (folder / "loop").symlink_to(".")
    (folder / "sub" / "up").symlink_to("..")
    (folder / "a").symlink_to("b")
    (folder / "b").symlink_to("a")
    (folder / "self.yaml").symlink_to("self.yaml")
    return tmp_path


def loop_lines(stderr: str) -> list[str]:
    return sorted(line for line in stderr.splitlines() if "loops" in line)


LOOPS = [
    f"{Path('clients', name)}: is a symbolic link that loops back on itself"
    for name in ("a", "b", "self.yaml")
]


@pytest.mark.parametrize("spec", ["clients", "clients/**/*.yaml", "clients/**"])
def test_links_that_loop_are_failed_rows_and_folders_are_searched_once(looping, spec):
    done = omnicheck(looping, "batch", spec, "--format", "json")
    assert done.returncode == 3, done.stderr
    rows = json.loads(done.stdout)["rows"]
    scored = sorted(row["source"] for row in rows if row["error"] is None)
    assert scored == [str(Path("clients", "one.yaml")), str(Path("clients", "sub", "two.yaml"))]
    assert loop_lines(done.stderr) == LOOPS
    assert "Traceback" not in done.stderr


def test_a_glob_without_double_star_reports_its_looping_match(looping):
    done = omnicheck(looping, "batch", "clients/*.yaml", "--format", "json")
    assert done.returncode == 3, done.stderr
    assert loop_lines(done.stderr) == LOOPS[2:]


LOOP_COMMANDS = {
    "report -o": ["report", "clients/self.yaml", "-o", "out.md"],
    "diff -o": ["diff", "clients/self.yaml", "clients/one.yaml", "-o", "out.md"],
    "report --rubric -o": [
        "report",
        "clients/one.yaml",
        "--rubric",
        "clients/self.yaml",
        "-o",
        "o.md",
    ],
    "validate": ["validate", "clients/self.yaml"],
}


@pytest.mark.parametrize("args", LOOP_COMMANDS.values(), ids=LOOP_COMMANDS.keys())
def test_a_looping_link_named_as_input_is_bad_input(looping, args):
    done = omnicheck(looping, *args)
    assert done.returncode == 2, done.stderr
    assert loop_lines(done.stderr) == LOOPS[2:]
    assert not (looping / "out.md").exists() and not (looping / "o.md").exists()


def test_a_looping_link_named_in_batch_is_a_failed_row(looping):
    done = omnicheck(looping, "batch", "clients/self.yaml", "clients/one.yaml", "-o", "rows.csv")
    assert done.returncode == 3, done.stderr
    assert loop_lines(done.stderr) == LOOPS[2:]


# ── numeric options ─────────────────────────────────────────────────────────

MAX_SIZE_COMMANDS = [
    ["report", str(EXAMPLES[0])],
    ["validate", str(EXAMPLES[0])],
    ["diff", str(EXAMPLES[0]), str(EXAMPLES[0])],
    ["batch", str(EXAMPLES[0])],
    ["schema"],
    ["rubric", "lint", "rubric.yaml"],
    ["assess"],
]


@pytest.mark.parametrize("value", ["99999999999999", "1025", "0", "-1", "-99999999999999"])
@pytest.mark.parametrize("args", MAX_SIZE_COMMANDS, ids=lambda a: a[0])
def test_max_size_out_of_range_is_a_usage_error_naming_the_range(args, value):
    result = CliRunner().invoke(app, [*args, "--max-size", value])
    assert result.exit_code == 2, result.output
    assert f"Invalid value for '--max-size': {value} is not in the range 1<=x<=1024." in (
        result.stderr
    )


def test_the_largest_max_size_is_accepted(tmp_path):
    result = CliRunner().invoke(app, ["validate", str(EXAMPLES[0]), "--max-size", "1024"])
    assert result.exit_code == 0, result.stderr
