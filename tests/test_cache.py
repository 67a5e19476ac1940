"""The on-disk cache of compiled rubrics: a hit, a miss, and a size that stays bounded."""

from __future__ import annotations

import os
from pathlib import Path

from omnicheck import cache


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


def test_the_key_changes_with_the_compiler_code(monkeypatch, tmp_path):
    before = cache.rubric_key("text")
    module = Path(cache.__file__).with_name("rubric_lint.py")
    stat = module.stat()
    os.utime(module, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1))
    try:
        assert cache.rubric_key("text") != before
    finally:
        os.utime(module, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert cache.rubric_key("text") == before
