"""Writes are whole or not at all; reads are capped and strict."""

from __future__ import annotations

import pytest

from omnicheck.errors import InputError, OutputError
from omnicheck.source.files import write_atomic
from omnicheck.source.reading import decode_text, read_text


def test_write_creates_missing_directories(tmp_path):
    target = tmp_path / "a" / "b" / "report.md"
    write_atomic(target, "hello\n")
    assert target.read_text() == "hello\n"
    assert [p.name for p in target.parent.iterdir()] == ["report.md"]


def test_failed_write_keeps_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "report.md"
    target.write_text("old\n")

    def refuse(self, other):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(type(target), "replace", refuse)
    with pytest.raises(OutputError, match="No space left on device"):
        write_atomic(target, "new\n")
    assert target.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["report.md"]  # the temp file was removed


def test_read_refuses_a_directory(tmp_path):
    with pytest.raises(InputError, match="is a directory"):
        read_text(tmp_path)


def test_decode_reports_the_bad_byte_position():
    with pytest.raises(InputError) as caught:
        decode_text(b"ok: 1\nname: caf\xe9\n", "x.yaml")
    assert caught.value.lines() == ["x.yaml:2:10: is not UTF-8 text (byte 0xe9); save it as UTF-8"]


def test_the_bad_byte_s_column_counts_characters_as_the_yaml_messages_do():
    """Before the bad byte: a BOM (no column), then 15 characters in 18 bytes."""
    text = "\ufeffcity: Z\u00fcrich \u2013 ".encode() + b"\xe9\n"
    with pytest.raises(InputError) as caught:
        decode_text(text, "x.yaml")
    assert caught.value.lines() == ["x.yaml:1:16: is not UTF-8 text (byte 0xe9); save it as UTF-8"]


def test_byte_order_mark_is_accepted():
    assert decode_text("\ufeffa: 1\n".encode(), "x.yaml") == "a: 1\n"
