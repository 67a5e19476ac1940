"""Where output goes: ``-o -``, FIFOs and devices, a full disk and a closed pipe.

A FIFO or a character device is written as a stream, never replaced by a
regular file (as root, ``-o /dev/null`` must leave /dev/null a device). A
full disk is one line and exit status 2; a reader that stops reading is a
quiet, normal end, as ``yes | head`` is. Signals, pipes, standard output
and the real /dev/null only behave for real in a process of their own, so
those tests run the installed console script; a device node that omnicheck
opens itself (``-o``) is tried in this process.
"""

from __future__ import annotations

import os
import socket
import stat
import subprocess
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

from omnicheck.cli.app import app
from tests.conftest import EXAMPLES, installed_omnicheck

runner = CliRunner()
EXAMPLE = str(EXAMPLES[0])
#: Guards against a hang only; no test depends on how fast anything is.
HANG = 60


def run(
    *args: str, env: dict[str, str], stdout: object = subprocess.PIPE
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [installed_omnicheck(), *args],
        env=env,
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        timeout=HANG,
        check=False,
    )


def a_device(folder: Path, name: str = "null") -> Path:
    """A device node like /dev/null or /dev/full, so a failing test cannot replace the real one."""
    node = folder / name
    os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, {"null": 3, "full": 7}[name]))
    return node


needs_root = pytest.mark.skipif(os.geteuid() != 0, reason="only root can make device nodes")


# ── -o - is standard output ────────────────────────────────────────────────


@pytest.mark.parametrize(
    "args",
    [
        ["report", EXAMPLE],
        ["report", EXAMPLE, "--format", "md"],
        ["report", EXAMPLE, "--format", "json"],
        ["diff", EXAMPLE, str(EXAMPLES[1])],
        ["diff", EXAMPLE, str(EXAMPLES[1]), "--format", "md"],
        ["batch", *map(str, EXAMPLES)],
        ["batch", *map(str, EXAMPLES), "--format", "md"],
        ["schema"],
        ["template"],
    ],
    ids=" ".join,
)
def test_dash_is_standard_output_exactly_as_without_output(tmp_path, monkeypatch, args):
    monkeypatch.chdir(tmp_path)
    without = runner.invoke(app, args)
    with_dash = runner.invoke(app, [*args, "-o", "-"])
    assert with_dash.exit_code == without.exit_code == 0, with_dash.output
    assert with_dash.stdout == without.stdout and with_dash.stdout
    assert list(tmp_path.iterdir()) == []  # no file named '-', no schema file


def test_a_file_named_dash_is_still_reachable(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["report", EXAMPLE, "--format", "md", "-o", "./-"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "-").read_text().startswith("# ")


def test_the_portfolio_on_standard_output_beside_rows_in_a_file(tmp_path):
    rows = tmp_path / "rows.csv"
    args = ["batch", *map(str, EXAMPLES), "-o", str(rows), "--summary", "-"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# Channel integration portfolio\n")
    assert rows.read_text().startswith("name,source,")


def test_rows_and_portfolio_cannot_both_take_standard_output(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for extra in ([], ["-o", "-"]):
        result = runner.invoke(app, ["batch", EXAMPLE, *extra, "--summary", "-"])
        assert result.exit_code == 2
        assert result.stderr.count("\n") == 1 and "standard output" in result.stderr
        assert result.stdout == ""
    assert list(tmp_path.iterdir()) == []


# ── FIFOs and devices are streams; other odd targets are refused ───────────


@needs_root
@pytest.mark.parametrize(
    "args",
    [
        ["report", EXAMPLE],
        ["report", EXAMPLE, "--format", "html"],
        ["diff", EXAMPLE, str(EXAMPLES[1])],
        ["batch", EXAMPLE],
        ["schema"],
        ["template"],
    ],
    ids=" ".join,
)
def test_a_device_stays_a_device(tmp_path, args):
    node = a_device(tmp_path)
    result = runner.invoke(app, [*args, "-o", str(node)])
    assert result.exit_code == 0, result.output
    assert stat.S_ISCHR(node.stat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["null"]  # no temp, no schema


@needs_root
def test_a_device_as_the_portfolio(tmp_path):
    node = a_device(tmp_path)
    rows = tmp_path / "rows.csv"
    result = runner.invoke(app, ["batch", EXAMPLE, "-o", str(rows), "--summary", str(node)])
    assert result.exit_code == 0, result.output
    assert stat.S_ISCHR(node.stat().st_mode) and rows.exists()


def test_dev_null_itself(clean_env):
    """The real thing, through the installed script: as root this once replaced /dev/null."""
    devnull = Path(os.devnull)
    try:
        for args in (["report", EXAMPLE], ["report", EXAMPLE, "-f", "md"], ["batch", EXAMPLE]):
            done = run(*args, "-o", str(devnull), env=clean_env)
            assert done.returncode == 0, done.stderr
            assert stat.S_ISCHR(devnull.stat().st_mode)
    finally:
        if not stat.S_ISCHR(devnull.stat().st_mode):  # put the machine right again
            devnull.unlink()
            os.mknod(devnull, stat.S_IFCHR | 0o666, os.makedev(1, 3))


def test_a_fifo_with_a_reader_receives_the_report(tmp_path, clean_env):
    fifo = tmp_path / "report.fifo"
    os.mkfifo(fifo)
    received: list[bytes] = []

    def read() -> None:
        with fifo.open("rb") as handle:
            received.append(handle.read())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        done = run("report", EXAMPLE, "--format", "md", "-o", str(fifo), env=clean_env)
    finally:
        if reader.is_alive() and not received:  # unblock the reader if nothing opened the FIFO
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        reader.join(HANG)
    assert done.returncode == 0, done.stderr
    assert received and received[0].decode().startswith("# ")
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.fifo"]


def test_a_fifo_without_a_reader_is_refused_at_once(tmp_path, clean_env):
    fifo = tmp_path / "rows"
    os.mkfifo(fifo)
    for args in (["report", EXAMPLE, "-f", "md"], ["batch", EXAMPLE], ["schema"]):
        done = run(*args, "-o", str(fifo), env=clean_env)
        assert done.returncode == 2
        assert done.stderr == f"cannot write {fifo}: no process is reading the FIFO\n"
        assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rows"]


def test_a_socket_or_a_folder_is_refused(tmp_path):
    sock_path = tmp_path / "report.md"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(sock_path))
    folder = tmp_path / "portfolio.md"
    folder.mkdir()
    try:
        cases = [
            ["report", EXAMPLE, "-o", str(sock_path)],
            ["batch", EXAMPLE, "-o", str(sock_path)],
            ["batch", EXAMPLE, "-o", str(tmp_path / "rows.csv"), "--summary", str(sock_path)],
            ["batch", EXAMPLE, "-o", str(tmp_path / "rows.csv"), "--summary", str(folder)],
            ["report", EXAMPLE, "-o", str(folder)],
        ]
        for args in cases:
            result = runner.invoke(app, args)
            assert result.exit_code == 2, (args, result.output)
            assert result.stderr.count("\n") == 1, result.stderr
            assert "Traceback" not in result.output
            assert stat.S_ISSOCK(sock_path.stat().st_mode) and folder.is_dir()
            assert sorted(p.name for p in tmp_path.iterdir()) == ["portfolio.md", "report.md"]
    finally:
        server.close()


# ── a full disk, and a reader that stops reading ───────────────────────────

STDOUT_COMMANDS = [
    ["report", EXAMPLE],
    ["report", EXAMPLE, "--format", "md"],
    ["diff", EXAMPLE, str(EXAMPLES[1])],
    ["batch", *map(str, EXAMPLES)],
    ["schema"],
    ["template"],
]


@pytest.mark.parametrize("args", STDOUT_COMMANDS, ids=" ".join)
def test_standard_output_on_a_full_disk(args, clean_env):
    with Path("/dev/full").open("w") as full:
        done = run(*args, env=clean_env, stdout=full)
    assert done.returncode == 2
    assert done.stderr.splitlines()[-1] == "cannot write standard output: No space left on device"
    assert "bug" not in done.stderr and "Traceback" not in done.stderr


@needs_root
@pytest.mark.parametrize(
    "args", [["report", EXAMPLE, "--format", "md"], ["batch", EXAMPLE], ["schema"]], ids=" ".join
)
def test_an_output_device_that_is_full(tmp_path, args):
    # In this process, as test_a_device_stays_a_device: omnicheck opens the device
    # itself, so the failing write is the same as in a process of its own.
    full = a_device(tmp_path, "full")
    result = runner.invoke(app, [*args, "-o", str(full)])
    assert result.exit_code == 2
    assert result.stderr == f"cannot write {full}: No space left on device\n"
    assert stat.S_ISCHR(full.stat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["full"]


@pytest.mark.parametrize("args", STDOUT_COMMANDS, ids=" ".join)
def test_a_reader_that_is_gone_before_the_output_is_a_quiet_end(args, clean_env):
    read_end, write_end = os.pipe()
    os.close(read_end)  # nobody will ever read: the first write meets EPIPE
    try:
        done = run(*args, env=clean_env, stdout=write_end)
    finally:
        os.close(write_end)
    assert (done.returncode, done.stderr) == (0, "")


def test_batch_into_head_stops_quietly(tmp_path, clean_env):
    """``batch ... | head -c 10``: many rows, the reader leaves after the first bytes."""
    folder = tmp_path / "clients"
    folder.mkdir()
    text = EXAMPLES[0].read_text()
    for i in range(400):  # far more rows than a pipe holds
        (folder / f"client-{i:03d}.yaml").write_text(text)
    process = subprocess.Popen(
        [installed_omnicheck(), "batch", str(folder), "--format", "json"],
        env=clean_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    first = process.stdout.read(10)
    process.stdout.close()
    stderr = process.stderr.read()
    assert process.wait(HANG) == 0, stderr
    assert first == b'{"schema":'
    assert stderr == b""


@pytest.mark.parametrize("messages", ["closed pipe", "full disk"])
@pytest.mark.parametrize(
    ("output", "status", "written"), [("rows.csv", 3, True), ("/dev/full", 2, False)]
)
def test_messages_nobody_reads_change_neither_the_outputs_nor_the_status(
    tmp_path, clean_env, output, status, written, messages
):
    """``batch ... 2>&1 | head -1`` (the reader of the messages leaves) or ``2>/dev/full``:
    the rows are still written, and the status still says that an input failed or the
    disk is full."""
    folder = tmp_path / "clients"
    folder.mkdir()
    (folder / "good.yaml").write_text(EXAMPLES[0].read_text())
    (folder / "bad.yaml").write_text("answers: [\n")
    target = tmp_path / output
    if messages == "closed pipe":
        read_end, write_end = os.pipe()
        os.close(read_end)  # the first message meets EPIPE
    else:
        write_end = os.open("/dev/full", os.O_WRONLY)  # the first message meets ENOSPC
    try:
        done = subprocess.run(
            [installed_omnicheck(), "batch", str(folder), "-o", str(target)],
            env=clean_env,
            stdout=subprocess.DEVNULL,
            stderr=write_end,
            timeout=HANG,
            check=False,
        )
    finally:
        os.close(write_end)
    assert done.returncode == status
    if written:
        assert target.read_text(encoding="utf-8").count("\n") == 3  # header and two rows
    assert sorted(p.name for p in tmp_path.iterdir()) == ["clients", *([output] * written)]
