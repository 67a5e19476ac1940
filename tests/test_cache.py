"""The on-disk cache of compiled rubrics: a hit, a miss, and a size that stays bounded."""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
import types
from pathlib import Path

import pytest
from typer.testing import CliRunner

from omnicheck.cli.app import app
from omnicheck.source import cache
from tests.conftest import EXAMPLES, installed_omnicheck


def test_a_stored_value_is_loaded_back(monkeypatch, tmp_path):
    monkeypatch.setenv("OMNICHECK_CACHE_DIR", str(tmp_path))
    cache.store("rubrics", "k", {"a": 1})
    assert cache.load("rubrics", "k") == {"a": 1}
    assert cache.load("rubrics", "other") is None


def test_no_cache_turns_it_off(monkeypatch, tmp_path):
    monkeypatch.setenv("OMNICHECK_CACHE_DIR", str(tmp_path))
    monkeypatch.setenv("OMNICHECK_NO_CACHE", "1")
    cache.store("rubrics", "k", 1)
    assert cache.load("rubrics", "k") is None
    assert list(tmp_path.iterdir()) == []


def test_only_the_newest_entries_are_kept(monkeypatch, tmp_path):
    monkeypatch.setenv("OMNICHECK_CACHE_DIR", str(tmp_path))
    extra = 5
    for i in range(cache.MAX_ENTRIES + extra):
        cache.store("rubrics", f"k{i:03d}", i)
        # Distinct write times, oldest first, whatever the file system's clock resolution.
        os.utime(tmp_path / "rubrics" / f"k{i:03d}.pickle", ns=(i * 10**9, i * 10**9))
    cache.store("rubrics", "newest", "n")  # the store that prunes the surplus
    kept = sorted(p.stem for p in (tmp_path / "rubrics").glob("*.pickle"))
    assert len(kept) == cache.MAX_ENTRIES
    assert "newest" in kept
    assert "k000" not in kept and f"k{extra:03d}" not in kept
    assert f"k{cache.MAX_ENTRIES + extra - 1:03d}" in kept
    assert not list((tmp_path / "rubrics").glob("*.tmp"))


def test_an_entry_in_use_survives_pruning(monkeypatch, tmp_path):
    monkeypatch.setenv("OMNICHECK_CACHE_DIR", str(tmp_path))
    folder = tmp_path / "rubrics"
    cache.store("rubrics", "used", "u")
    os.utime(folder / "used.pickle", ns=(0, 0))  # written long ago...
    assert cache.load("rubrics", "used") == "u"  # ...but read just now
    for i in range(cache.MAX_ENTRIES):
        cache.store("rubrics", f"k{i:03d}", i)
        os.utime(folder / f"k{i:03d}.pickle", ns=(10**9, 10**9))
    cache.store("rubrics", "newest", "n")
    assert cache.load("rubrics", "used") == "u"


def test_a_temp_file_left_by_a_killed_store_is_removed(monkeypatch, tmp_path):
    monkeypatch.setenv("OMNICHECK_CACHE_DIR", str(tmp_path))
    folder = tmp_path / "rubrics"
    folder.mkdir()
    old, fresh = folder / "old.tmp", folder / "fresh.tmp"
    for path in (old, fresh):
        path.write_bytes(b"half")
    os.utime(old, ns=(0, 0))
    cache.store("rubrics", "k", 1)
    assert not old.exists() and fresh.exists()  # a store in progress is left alone


def test_an_entry_goes_stale_when_a_module_it_was_computed_with_changes(tmp_path, monkeypatch):
    """Found by import: the modules loaded when the entry was stored, wherever they live."""
    import omnicheck.rubric.lint

    monkeypatch.setenv("OMNICHECK_CACHE_DIR", str(tmp_path))
    cache.store("rubrics", "k", "compiled")
    assert cache.load("rubrics", "k") == "compiled"
    module = Path(omnicheck.rubric.lint.__file__)
    stat = module.stat()
    os.utime(module, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1))
    try:
        assert cache.load("rubrics", "k") is None
    finally:
        os.utime(module, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert cache.load("rubrics", "k") == "compiled"


def test_an_entry_goes_stale_when_a_module_it_depends_on_moves(tmp_path, monkeypatch):
    monkeypatch.setenv("OMNICHECK_CACHE_DIR", str(tmp_path))
    moved = tmp_path / "moved.py"
    moved.write_text("")
    monkeypatch.setitem(sys.modules, "omnicheck.moved", types.ModuleType("omnicheck.moved"))
    sys.modules["omnicheck.moved"].__file__ = str(moved)
    cache.store("rubrics", "k", "compiled")
    moved.rename(tmp_path / "elsewhere.py")
    assert cache.load("rubrics", "k") is None


def test_the_key_is_the_text_version_and_python():
    assert cache.rubric_key("text") == cache.rubric_key("text")
    assert cache.rubric_key("text") != cache.rubric_key("text ")


# ── a cache that fails never fails a command ────────────────────────────────
# A cache that is blocked, or whose entries are damaged, is tried in this
# process: the command reads the same files either way. A limit or a lack of
# permission applies to a whole process, and a FIFO could hang the reader, so
# those cases run the installed script in a subprocess, where ``timeout=``
# guards against a hang (it asserts nothing about speed).

REPORT_FORMATS = ("md", "html")
#: What a subprocess runs: an HTML report reads and stores a rubric and templates
#: both, every kind of entry, so the Markdown run would only try the same again.
SCRIPT_FORMATS = ("html",)
runner = CliRunner()

#: What a run returns: its exit status, its standard error and its report.
Run = tuple[int, str, bytes]


def in_process(cache_dir: Path, fmt: str) -> Run:
    env = {"OMNICHECK_CACHE_DIR": str(cache_dir), "NO_COLOR": "1", "OMNICHECK_NO_CACHE": None}
    done = runner.invoke(app, ["report", str(EXAMPLES[0]), "--format", fmt], env=env)
    return done.exit_code, done.stderr, done.stdout_bytes


def in_subprocess(cache_dir: Path, fmt: str, preexec_fn=None, *, unprivileged: bool = False) -> Run:
    env = {**os.environ, "OMNICHECK_CACHE_DIR": str(cache_dir), "NO_COLOR": "1"}
    env.pop("OMNICHECK_NO_CACHE", None)
    command = [installed_omnicheck(), "report", str(EXAMPLES[0]), "--format", fmt]
    if unprivileged and os.geteuid() == 0:
        # Root writes regardless of permissions: drop the capabilities that let it
        # (as test_atomic_writes does), and stay root to read the interpreter.
        setpriv = shutil.which("setpriv")
        assert setpriv, "setpriv (util-linux) is needed to drop root's rights for this test"
        command = [setpriv, "--bounding-set=-dac_override,-dac_read_search,-fowner", *command]
    done = subprocess.run(
        command,
        env=env,
        capture_output=True,
        timeout=20,
        preexec_fn=preexec_fn,
        check=False,
    )
    return done.returncode, done.stderr.decode(), done.stdout


@pytest.fixture(scope="module")
def good_cache(tmp_path_factory) -> tuple[Path, dict[str, bytes]]:
    """A cache filled by a run of each report, and the reports as they were written.

    The installed script writes the same bytes (``test_the_installed_script_reads_and_fills_it``).
    """
    folder = tmp_path_factory.mktemp("good") / "cache"
    written = {}
    for fmt in REPORT_FORMATS:
        status, stderr, stdout = in_process(folder, fmt)
        assert (status, stderr) == (0, "")
        written[fmt] = stdout
    assert {p.parent.name for p in entries(folder)} == {"rubrics", "templates"}
    return folder, written


@pytest.fixture
def expected(good_cache) -> dict[str, bytes]:
    return good_cache[1]


def populated(tmp_path: Path, good_cache: tuple[Path, dict[str, bytes]]) -> Path:
    return Path(shutil.copytree(good_cache[0], tmp_path / "cache"))


def entries(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()]


def assert_same_reports(folder: Path, expected: dict[str, bytes], run=in_process) -> None:
    for fmt in REPORT_FORMATS if run is in_process else SCRIPT_FORMATS:
        status, stderr, stdout = run(folder, fmt)
        assert (status, stderr) == (0, ""), fmt
        assert stdout == expected[fmt], fmt


def test_the_installed_script_reads_and_fills_it(tmp_path, expected, good_cache):
    """A cache filled in this process serves the script, and one the script fills serves us."""
    assert_same_reports(populated(tmp_path, good_cache), expected, in_subprocess)
    fresh = tmp_path / "fresh"
    assert_same_reports(fresh, expected, in_subprocess)
    assert {p.parent.name for p in entries(fresh)} == {"rubrics", "templates"}
    assert_same_reports(fresh, expected)


def test_a_file_where_the_cache_folder_should_be(tmp_path, expected):
    blocker = tmp_path / "cache"
    blocker.write_text("not a folder\n")
    assert_same_reports(blocker, expected)
    assert_same_reports(blocker / "below", expected)
    assert blocker.read_text() == "not a folder\n"


def test_files_where_the_cache_subfolders_should_be(tmp_path, expected):
    folder = tmp_path / "cache"
    folder.mkdir()
    for name in ("rubrics", "templates"):
        (folder / name).write_text("")
    assert_same_reports(folder, expected)


def test_a_read_only_cache(tmp_path, expected, good_cache):
    empty = tmp_path / "empty"
    empty.mkdir(mode=0o555)
    full = populated(tmp_path, good_cache)
    for path in entries(full):  # every entry a miss, so every store is tried
        path.unlink()
    for path in (full / "rubrics", full / "templates"):
        path.chmod(0o555)
    try:
        unprivileged = functools.partial(in_subprocess, unprivileged=True)
        assert_same_reports(empty, expected, unprivileged)
        assert_same_reports(full, expected, unprivileged)
    finally:
        for path in (empty, full / "rubrics", full / "templates"):
            path.chmod(0o755)


def no_file_writes() -> None:
    """``ulimit -f 0``: every write to a file fails with EFBIG (SIGXFSZ is ignored)."""
    import resource

    _, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, hard))


def test_a_cache_that_cannot_grow(tmp_path, expected):
    # The report goes to a pipe, which the limit does not apply to.
    limited = functools.partial(in_subprocess, preexec_fn=no_file_writes)
    assert_same_reports(tmp_path / "cache", expected, limited)


def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def _truncate_early(path: Path) -> None:
    path.write_bytes(path.read_bytes()[:20])


def _scramble(path: Path) -> None:
    """Flip bits past any header, where a format's own checks do not look."""
    data = bytearray(path.read_bytes())
    for i in range(len(data) // 2, len(data), 97):
        data[i] ^= 0x01
    path.write_bytes(bytes(data))


def _fifo(path: Path) -> None:
    path.unlink()
    os.mkfifo(path, 0o600)


def _folder(path: Path) -> None:
    path.unlink()
    path.mkdir(mode=0o700)


@pytest.mark.parametrize(
    "spoil", [_truncate, _truncate_early, _scramble, _fifo, _folder], ids=lambda f: f.__name__
)
def test_broken_entries_are_misses(tmp_path, expected, good_cache, spoil):
    folder = populated(tmp_path, good_cache)
    for path in entries(folder):
        spoil(path)
    # A FIFO that the reader opened without O_NONBLOCK would hang it: only a
    # subprocess can be given up on.
    assert_same_reports(folder, expected, in_subprocess if spoil is _fifo else in_process)
