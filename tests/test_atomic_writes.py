"""Writes are whole or not at all: a failed write leaves the earlier file as it was.

Reports, answers skeletons and schemas all go through ``files.write_atomic``:
a temporary file in the target folder, renamed over the target once it is
complete. A full disk or a folder without permission must give one clean
line and exit status 2, and leave no temporary file behind. Tests may run
as root, where permissions do not stop writes, so the failures are injected
where the operating system would raise them.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from omnicheck.cli.app import app
from omnicheck.source.files import write_atomic
from tests.conftest import EXAMPLES

runner = CliRunner()
#: command: (its arguments, the file it writes)
COMMANDS = {
    "report": (["report", str(EXAMPLES[0]), "-o", "{out}"], "report.md"),
    "template": (["template", "-o", "{out}", "--force"], "answers.yaml"),
    "schema": (["schema", "-o", "{out}"], "schema.json"),
}


def disk_full(monkeypatch: pytest.MonkeyPatch) -> str:
    def fail(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", fail)
    return os.strerror(errno.ENOSPC)


def no_permission(monkeypatch: pytest.MonkeyPatch) -> str:
    def fail(*args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    monkeypatch.setattr(tempfile, "mkstemp", fail)
    return os.strerror(errno.EACCES)


@pytest.mark.parametrize("failure", [disk_full, no_permission], ids=lambda f: f.__name__)
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_failed_write_is_one_line_and_keeps_the_earlier_file(
    tmp_path, monkeypatch, command, failure
):
    args, name = COMMANDS[command]
    out = tmp_path / name
    out.write_text("the earlier file\n")
    reason = failure(monkeypatch)
    result = runner.invoke(app, [a.replace("{out}", str(out)) for a in args])
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith("cannot write ") and line.endswith(f": {reason}")
    assert "Traceback" not in result.output
    assert out.read_text() == "the earlier file\n"
    assert [p.name for p in tmp_path.iterdir()] == [out.name]  # no temporary file left


def test_a_parent_that_is_a_file_is_named(tmp_path):
    blocker = tmp_path / "clients"
    blocker.write_text("not a folder\n")
    out = blocker / "acme" / "report.md"
    result = runner.invoke(app, ["report", str(EXAMPLES[0]), "-o", str(out)])
    assert result.exit_code == 2
    assert result.stderr == f"cannot write {out}: {blocker} is a file, not a folder\n"
    assert blocker.read_text() == "not a folder\n"


def test_a_read_only_folder_for_real():
    """A real permission error, not an injected one.

    Root writes regardless of permissions, so as root (as in CI) the command
    runs through setpriv without the capabilities that override them. It stays
    root otherwise, so it can still read a clone or an interpreter that only
    root may read (a checkout under /root, say).
    """
    import shutil
    import subprocess
    import sys
    import tempfile

    base = Path(tempfile.mkdtemp(prefix="omnicheck-ro-", dir="/tmp"))
    try:
        base.chmod(0o755)
        folder = base / "locked"
        folder.mkdir(mode=0o755)
        (folder / "report.md").write_text("the earlier file\n")
        command = [
            sys.executable,
            "-m",
            "omnicheck",
            "report",
            str(EXAMPLES[0]),
            "-o",
            str(folder / "report.md"),
        ]
        if os.geteuid() == 0:
            setpriv = shutil.which("setpriv")
            assert setpriv, "setpriv (util-linux) is needed to drop root's rights for this test"
            drop = "--bounding-set=-dac_override,-dac_read_search,-fowner"
            command = [setpriv, drop, *command]
        folder.chmod(0o500)
        # The session's cache (conftest) is this user's own, so the command may use it.
        env = {**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)}
        done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
        assert done.returncode == 2, done.stderr
        assert done.stderr.endswith(": Permission denied\n")
        assert "Traceback" not in done.stderr
        assert (folder / "report.md").read_text() == "the earlier file\n"
        assert [p.name for p in folder.iterdir()] == ["report.md"]
    finally:
        (base / "locked").chmod(0o700)
        shutil.rmtree(base)


def _unprivileged(*args: str) -> subprocess.CompletedProcess[str]:
    """``python -m omnicheck ARGS`` without root's power to ignore file permissions
    (see test_a_read_only_folder_for_real)."""
    command = [sys.executable, "-m", "omnicheck", *args]
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        assert setpriv, "setpriv (util-linux) is needed to drop root's rights for this test"
        command = [setpriv, "--bounding-set=-dac_override,-dac_read_search,-fowner", *command]
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)}
    return subprocess.run(command, capture_output=True, text=True, env=env, check=False)


def test_a_read_only_file_is_not_replaced(tmp_path):
    """Replacing by rename needs only the folder's permission; the file's own says no."""
    tmp_path.chmod(0o755)
    target = tmp_path / "signed-off.md"
    target.write_text("the signed-off report\n")
    target.chmod(0o444)
    done = _unprivileged("report", str(EXAMPLES[0]), "-o", str(target))
    assert done.returncode == 2, done.stderr
    assert done.stderr == f"cannot write {target}: Permission denied (the file is read-only)\n"
    assert target.read_text() == "the signed-off report\n"
    assert [p.name for p in tmp_path.iterdir()] == ["signed-off.md"]


def test_an_unreadable_input_is_one_line_and_a_write_only_output_is_written(tmp_path):
    tmp_path.chmod(0o755)
    answers = tmp_path / "answers.yaml"
    answers.write_text(EXAMPLES[0].read_text())
    answers.chmod(0o000)
    for args in (["report", str(answers)], ["diff", str(answers), str(EXAMPLES[0])]):
        done = _unprivileged(*args)
        assert (done.returncode, done.stderr) == (2, f"{answers}: permission denied\n"), args
    done = _unprivileged("validate", "--format", "json", str(answers))
    assert done.returncode == 2
    assert [p["code"] for p in json.loads(done.stdout)["problems"]] == ["permission-denied"]
    templates = tmp_path / "templates"
    (templates / "sub").mkdir(parents=True)
    templates.chmod(0o000)  # cannot be searched: not a reason to fall back to the bundled
    done = _unprivileged("report", str(EXAMPLES[0]), "-f", "md", "--templates", str(templates))
    templates.chmod(0o755)
    assert (done.returncode, done.stderr) == (2, f"{templates}/report.md.j2: permission denied\n")
    write_only = tmp_path / "report.md"
    write_only.write_text("old\n")
    write_only.chmod(0o200)  # writable, not readable: replacing it reads nothing
    done = _unprivileged("report", str(EXAMPLES[0]), "-o", str(write_only))
    assert done.returncode == 0, done.stderr
    write_only.chmod(0o600)
    assert write_only.read_text().startswith("# ")


def test_an_interrupted_write_leaves_no_temporary_file(tmp_path, monkeypatch):
    target = tmp_path / "report.md"
    target.write_text("the earlier file\n")

    def interrupt(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupt)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, "new\n")
    assert target.read_text() == "the earlier file\n"
    assert [p.name for p in tmp_path.iterdir()] == ["report.md"]


def test_a_new_file_gets_the_usual_permissions(tmp_path):
    target = tmp_path / "new" / "report.md"
    write_atomic(target, "text\n")
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask
    assert Path(target).read_text() == "text\n"
