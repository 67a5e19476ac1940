"""The review screen's lines: the answer is what a person checks, so it is cut last."""

from __future__ import annotations

import pytest

from omnicheck.questionnaire.review import _line

ROOM = 52  # a 60-column terminal


def test_a_line_that_fits_is_whole():
    assert _line("Budget", "Moderate", "", "budget", ROOM) == "Budget: Moderate  [budget]"


def test_the_short_name_gives_way_before_the_answer():
    line = _line("Share of the busiest channel", "Half to four-fifths", "", "dominant_share", ROOM)
    assert line == "Share of the…: Half to four-fifths  [dominant_share]"
    assert len(line) == ROOM


def test_then_the_id_and_only_last_the_answer():
    answer = "Physical store, Online store, Email, Social media, Paid ads, Phone"
    line = _line("Active channels", answer, " · note", "channels", ROOM)
    assert line.startswith("Active chan…: Physical store, Online store")
    assert line.endswith("… · note") and "[channels]" not in line
    assert len(line) == ROOM


@pytest.mark.parametrize("room", [20, 30, 52, 72])
def test_every_line_fits_its_room_and_keeps_the_note_mark(room):
    for short, answer in [("Q", "A"), ("A long short name indeed", "An answer " * 8)]:
        line = _line(short, answer, " · note", "some.question", room)
        assert len(line) <= room and " · note" in line


def test_wide_characters_are_counted_in_screen_columns():
    from prompt_toolkit.utils import get_cwidth

    answer = ", ".join(["微信小程序商城"] * 3)
    line = _line("Active channels", answer, "", "channels", 32)
    assert get_cwidth(line) <= 32 and line.endswith("…")
