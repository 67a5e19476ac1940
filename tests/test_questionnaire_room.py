"""A list of options on a short terminal: what gives way (fit) and which options show (view)."""

from __future__ import annotations

import pytest

from omnicheck.questionnaire.room import (
    HEAD_GAP,
    KEYS_GAP,
    LIST_GAP,
    RULE_GAP,
    Room,
    fit,
    more,
    view,
)

GAPS = (LIST_GAP, HEAD_GAP, RULE_GAP, KEYS_GAP)


def shown(count: int, rows: int, pointed: int, top: int = 0) -> list[str]:
    """The lines a list of ``count`` options shows, as :class:`ScrolledList` draws them."""
    start, stop = view(count, rows, pointed, top)
    lines = [more(start, up=True)] if start else []
    lines += [f"{'»' if i == pointed else ' '} {i}" for i in range(start, stop)]
    return lines + ([more(count - stop, up=False)] if stop < count else [])


def test_a_list_that_fits_shows_every_option_and_no_more_lines():
    assert view(6, 6, -1) == (0, 6)
    assert view(6, 10, 5) == (0, 6)


@pytest.mark.parametrize("rows", [3, 4, 5])
@pytest.mark.parametrize("pointed", [-1, 0, 1, 2, 3, 4, 5])
def test_a_list_too_long_keeps_the_pointer_in_sight_and_says_what_it_hides(rows, pointed):
    lines = shown(6, rows, pointed)
    assert len(lines) == rows, "it fills its lines, and never more"
    if pointed >= 0:
        assert f"» {pointed}" in lines
    options = [line for line in lines if "more" not in line]
    above = int(lines[0].split()[1]) if "↑" in lines[0] else 0
    below = int(lines[-1].split()[1]) if "↓" in lines[-1] else 0
    assert above + len(options) + below == 6, lines


def test_the_last_option_n_a_is_reached_and_the_first_ones_said_above():
    assert shown(6, 5, 5) == ["   ↑ 2 more", "  2", "  3", "  4", "» 5"]
    assert shown(6, 5, -1) == ["  0", "  1", "  2", "  3", "   ↓ 2 more"]


def test_the_list_moves_as_little_as_it_can():
    top = 0
    for pointed in range(6):  # ↓ all the way
        top, _ = view(6, 5, pointed, top)
    assert top == 2
    assert view(6, 5, 3, top) == (2, 6), "up one from the foot: nothing moves"
    assert view(6, 5, 0, top) == (0, 4), "↓ from the last option wraps to the first"


def test_everything_shows_where_there_is_room():
    room = fit(25, 6, fixed=10, intro=2, gaps=GAPS, description=3)
    assert room == Room(True, frozenset(GAPS), True, 6)
    assert fit(24, 6, fixed=10, intro=2, gaps=GAPS, description=3).intro is False


def test_the_intro_then_the_blank_lines_go_before_an_option_is_hidden():
    # 40x18, a section's first question: the heading, two lines of question, five of keys.
    room = fit(18, 6, fixed=1 + 1 + 2 + 5, intro=2, gaps=GAPS, description=3)
    assert not room.intro and room.description
    assert room.gaps == {LIST_GAP}, "the line between the options and the description stays"
    assert room.rows == 5  # four options and "↓ 2 more"


def test_the_description_goes_before_the_list_is_cut_to_one_option():
    # "Why it matters" under the question takes three lines more.
    room = fit(18, 6, fixed=1 + 2 + 3 + 5, gaps=(LIST_GAP, HEAD_GAP, KEYS_GAP), description=3)
    assert not room.description
    assert room.rows == 6 and room.gaps == {LIST_GAP}, "every option, under the blank line"


def test_what_went_first_comes_back_if_the_description_left_room_for_it():
    room = fit(18, 4, fixed=12, intro=1, gaps=(LIST_GAP, HEAD_GAP, KEYS_GAP), description=4)
    assert not room.description and KEYS_GAP not in room.gaps
    assert room.rows == 4 and room.gaps == {LIST_GAP, HEAD_GAP} and not room.intro


def test_a_list_gets_three_lines_at_least_even_on_a_tiny_screen():
    room = fit(10, 6, fixed=12, gaps=GAPS, description=3)
    assert room.rows == 3 and not room.description and not room.gaps
    assert fit(10, 2, fixed=12).rows == 2, "a list of two needs no more than two"
