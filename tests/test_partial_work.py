"""A command that fails, or is stopped, writes nothing, replaces nothing, leaves nothing.

Every output of a command is checked, and written to its temporary file,
before any is renamed over its target; an output is never one of the
command's own inputs; and SIGTERM or SIGHUP removes the temporary files as
Ctrl-C does. The signal tests run the installed script in a process of
their own, since a signal is delivered to a whole process.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from omnicheck.cli.app import app
from omnicheck.loading import answers_from, default_rubric_path, rubric_from
from tests.conftest import EXAMPLES, installed_omnicheck, survey_cells, write_survey

runner = CliRunner()
EXAMPLE = str(EXAMPLES[0])
EARLIER = "the earlier file\n"
#: Guards against a hang only; no test depends on how fast anything is.
HANG = 120


def left_behind(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob(".*.tmp"))


# ── every output is checked before any is replaced ─────────────────────────


def blocked(tmp_path: Path) -> Path:
    """An output whose folder is a file: it can only fail when it is opened."""
    blocker = tmp_path / "blocker"
    blocker.write_text("a file, not a folder\n")
    return blocker / "portfolio.md"


def fifo_nobody_reads(tmp_path: Path) -> Path:
    fifo = tmp_path / "portfolio.md"
    os.mkfifo(fifo)
    return fifo


@pytest.mark.parametrize("bad_summary", [blocked, fifo_nobody_reads], ids=lambda f: f.__name__)
def test_a_bad_summary_leaves_the_rows_file_as_it_was(tmp_path, bad_summary):
    rows = tmp_path / "rows.csv"
    rows.write_text(EARLIER)
    summary = bad_summary(tmp_path)
    result = runner.invoke(app, ["batch", EXAMPLE, "-o", str(rows), "--summary", str(summary)])
    assert result.exit_code == 2, result.output
    assert result.stderr.count("\n") == 1 and result.stderr.startswith(f"cannot write {summary}")
    assert rows.read_text() == EARLIER
    assert left_behind(tmp_path) == []


def test_a_bad_rows_file_leaves_the_summary_as_it_was(tmp_path):
    summary = tmp_path / "portfolio.md"
    summary.write_text(EARLIER)
    rows = blocked(tmp_path).with_name("rows.csv")
    result = runner.invoke(app, ["batch", EXAMPLE, "-o", str(rows), "--summary", str(summary)])
    assert result.exit_code == 2
    assert summary.read_text() == EARLIER
    assert left_behind(tmp_path) == []


def test_a_failed_batch_removes_the_folders_it_made(tmp_path):
    out = tmp_path / "new" / "nested" / "rows.csv"
    result = runner.invoke(
        app, ["batch", EXAMPLE, "-o", str(out), "--summary", str(blocked(tmp_path))]
    )
    assert result.exit_code == 2
    assert not (tmp_path / "new").exists()


def test_a_broken_template_removes_the_folders_it_made(tmp_path):
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "portfolio.md.j2").write_text("{{ p.missing.deeper }}\n")
    existing = tmp_path / "clients"
    existing.mkdir()
    out = existing / "2026" / "q1" / "portfolio.md"
    result = runner.invoke(app, ["batch", EXAMPLE, "-o", str(out), "--templates", str(templates)])
    assert result.exit_code == 2, result.output
    assert list(existing.iterdir()) == []  # the folder that was there stays; the new ones go


def test_a_successful_batch_keeps_the_folders_it_made(tmp_path):
    out = tmp_path / "new" / "nested" / "rows.csv"
    assert runner.invoke(app, ["batch", EXAMPLE, "-o", str(out)]).exit_code == 0
    assert out.read_text().startswith("name,")


# ── an output is never one of the command's inputs ─────────────────────────


@pytest.fixture
def my_rubric(tmp_path: Path) -> Path:
    path = tmp_path / "my.yaml"
    path.write_text(default_rubric_path().read_text())
    return path


@pytest.mark.parametrize(
    "args",
    [
        ["schema", "--rubric", "{r}", "-o", "{r}"],
        ["template", "--rubric", "{r}", "-o", "{r}", "--force"],
        ["template", "--rubric", "{r}", "-o", "{r}", "--force", "--no-schema"],
        ["assess", "--rubric", "{r}", "--answers", "{r}"],
    ],
    ids=lambda args: " ".join(args[:1] + args[-1:]),
)
def test_no_command_writes_over_its_rubric(my_rubric, args):
    before = my_rubric.read_text()
    result = runner.invoke(app, [a.format(r=my_rubric) for a in args])
    assert result.exit_code == 2
    assert "is also an input" in result.stderr and result.stderr.count("\n") == 1
    assert my_rubric.read_text() == before


def test_template_does_not_write_its_schema_over_the_rubric(tmp_path):
    rubric = tmp_path / "omnichannel-1.0.schema.json"  # the name the schema would get
    rubric.write_text(default_rubric_path().read_text())
    before = rubric.read_text()
    answers = tmp_path / "answers.yaml"
    result = runner.invoke(app, ["template", "--rubric", str(rubric), "-o", str(answers)])
    assert result.exit_code == 2
    assert "is also an input" in result.stderr
    assert rubric.read_text() == before and not answers.exists()


# ── template and the schema beside it ──────────────────────────────────────


def test_template_does_not_replace_another_schema_beside_it(tmp_path):
    schema = tmp_path / "omnichannel-1.0.schema.json"
    schema.write_text('{"my": "own schema"}\n')
    answers = tmp_path / "answers.yaml"
    result = runner.invoke(app, ["template", "-o", str(answers)])
    assert result.exit_code == 2
    assert result.stderr == f"{schema} already exists; pass --force to overwrite it\n"
    assert schema.read_text() == '{"my": "own schema"}\n' and not answers.exists()
    forced = runner.invoke(app, ["template", "-o", str(answers), "--force"])
    assert forced.exit_code == 0 and '"$schema"' in schema.read_text() and answers.exists()


def test_template_shares_a_schema_that_is_already_there(tmp_path):
    """A client folder keeps one schema: a second answers file beside it is no conflict."""
    first, second = tmp_path / "acme.yaml", tmp_path / "bolt.yaml"
    assert runner.invoke(app, ["template", "-o", str(first)]).exit_code == 0
    schema = tmp_path / "omnichannel-1.0.schema.json"
    before = schema.stat().st_mtime_ns
    result = runner.invoke(app, ["template", "-o", str(second)])
    assert result.exit_code == 0, result.output
    assert second.exists() and schema.stat().st_mtime_ns == before


# ── SIGTERM and SIGHUP clean up like Ctrl-C ────────────────────────────────


@pytest.fixture(scope="module")
def big_survey(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Enough businesses that a batch is still running when the signal comes."""
    rubric = rubric_from(None)
    rows = [{"name": p.stem, **survey_cells(answers_from(p, rubric).answers)} for p in EXAMPLES]
    return write_survey(tmp_path_factory.mktemp("survey") / "big.csv", rubric, rows * 1500)


def wait_for_temporary_file(folder: Path, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + HANG
    while not left_behind(folder):
        assert process.poll() is None, "the batch ended before the signal could be sent"
        assert time.monotonic() < deadline, "no temporary file appeared"
        time.sleep(0.01)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=lambda s: s.name)
@pytest.mark.parametrize("name", ["rows.csv", "portfolio.html"])
def test_a_signal_during_batch_leaves_no_temporary_file(
    tmp_path, big_survey, clean_env, signum, name
):
    out = tmp_path / name
    out.write_text(EARLIER)
    process = subprocess.Popen(
        [installed_omnicheck(), "batch", str(big_survey), "-o", str(out)],
        env=clean_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        wait_for_temporary_file(tmp_path, process)
        process.send_signal(signum)
        _, stderr = process.communicate(timeout=HANG)
    finally:
        process.kill()
    assert process.returncode == 130, stderr
    assert b"Traceback" not in stderr
    assert out.read_text() == EARLIER
    assert left_behind(tmp_path) == []


SIGNAL_DURING_WRITE = """
import os, signal, sys
os.fsync = lambda fd: os.kill(os.getpid(), signal.{name})
from omnicheck.cli.app import app
sys.argv = ["omnicheck", *sys.argv[1:]]
app()
"""


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=lambda s: s.name)
@pytest.mark.parametrize(
    "args",
    [["report", EXAMPLE, "-o", "{out}.md"], ["schema", "-o", "{out}.json"]],
    ids=lambda a: a[0],
)
def test_a_signal_while_a_report_is_written_leaves_no_temporary_file(
    tmp_path, clean_env, signum, args
):
    out = tmp_path / "out"
    argv = [a.format(out=out) for a in args]
    target = Path(argv[-1])
    target.write_text(EARLIER)
    done = subprocess.run(
        [sys.executable, "-c", SIGNAL_DURING_WRITE.format(name=signum.name), *argv],
        env=clean_env,
        capture_output=True,
        text=True,
        timeout=HANG,
        check=False,
    )
    assert done.returncode == 130, done.stderr
    assert "Traceback" not in done.stderr
    assert target.read_text() == EARLIER
    assert left_behind(tmp_path) == []


@pytest.mark.parametrize("how", ["hard link", "symbolic link", "another spelling"])
def test_batch_refuses_an_output_that_is_an_input_by_another_name(tmp_path, how):
    """The output is looked up once, not once per input: a hard link, a symbolic link and
    a path through a folder that does not exist (written as the input's own name) all
    name the input, and are refused."""
    folder = tmp_path / "clients"
    folder.mkdir()
    source = folder / "a.json"  # any name: batch reads an answers file by its content
    source.write_text(Path(EXAMPLE).read_text())
    before = source.read_text()
    if how == "hard link":
        output = tmp_path / "rows.json"
        os.link(source, output)
    elif how == "symbolic link":
        output = tmp_path / "rows.json"
        output.symlink_to(source)
    else:
        output = folder / "nowhere" / ".." / "a.json"
    result = runner.invoke(app, ["batch", str(source), "-o", str(output)])
    assert result.exit_code == 2, result.output
    assert "is also an input" in result.stderr
    assert source.read_text() == before
