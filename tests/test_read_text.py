"""read_text reads the descriptor itself: reads that return less than asked are read on,
and a file that grew after fstat is read on to the cap, never past it."""

from __future__ import annotations

import os

import pytest

from omnicheck.errors import InputError
from omnicheck.source import reading

TEXT = "rubric: {id: omnichannel, version: '1.0'}\n" + "# a comment line\n" * 20


def test_reads_that_return_less_than_asked_are_read_on(tmp_path, monkeypatch):
    path = tmp_path / "a.yaml"
    path.write_text(TEXT, encoding="utf-8")
    real_read = os.read
    calls = []

    def short_read(fd: int, count: int) -> bytes:
        calls.append(count)
        return real_read(fd, min(count, 7))

    monkeypatch.setattr(os, "read", short_read)
    assert reading.read_text(path) == TEXT
    assert len(calls) > len(TEXT.encode()) // 7  # the loop, not one read


def _reporting_size(size: int):
    real_fstat = os.fstat

    def fstat(fd: int) -> os.stat_result:
        info = real_fstat(fd)
        fields = list(info[:10])
        fields[6] = size  # st_size: what fstat said before the file grew
        return os.stat_result(fields)

    return fstat


def test_a_file_that_grew_after_fstat_is_read_on_to_its_end(tmp_path, monkeypatch):
    path = tmp_path / "a.yaml"
    path.write_text(TEXT, encoding="utf-8")
    monkeypatch.setattr(os, "fstat", _reporting_size(10))
    assert reading.read_text(path, max_bytes=10_000) == TEXT


def test_a_file_that_grew_past_the_cap_is_refused(tmp_path, monkeypatch):
    path = tmp_path / "a.yaml"
    path.write_text(TEXT, encoding="utf-8")
    monkeypatch.setattr(os, "fstat", _reporting_size(10))
    with pytest.raises(InputError) as caught:
        reading.read_text(path, max_bytes=100, source="a.yaml")
    (problem,) = caught.value.problems
    assert problem.code == "file-too-large"
    assert problem.source == "a.yaml"


def test_the_descriptor_is_closed_whatever_happens(tmp_path, monkeypatch):
    path = tmp_path / "a.yaml"
    path.write_text(TEXT, encoding="utf-8")
    closed = []
    real_close = os.close
    monkeypatch.setattr(os, "close", lambda fd: (closed.append(fd), real_close(fd)))
    reading.read_text(path)
    with pytest.raises(InputError):
        reading.read_text(path, max_bytes=10)  # over the cap, refused after the open
    assert len(closed) == 2
