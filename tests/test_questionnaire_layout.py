"""The key line under a question, at the widths the questionnaire is used at."""

from __future__ import annotations

import os

import pytest

from omnicheck.questionnaire.layout import hint_lines, sized_by

HANDOFF = [
    "space tick",
    "enter done (none ticked: nothing is handed on)",
    "← back",
    "n does not apply",
]


def keys_at(columns: int, hints: list[str]) -> list[str]:
    with sized_by(lambda: os.terminal_size((columns, 18))):
        return hint_lines(hints).splitlines()


@pytest.mark.parametrize("columns", [40, 60, 80])
def test_every_key_line_fits_and_no_hint_is_cut(columns):
    lines = keys_at(columns, HANDOFF)
    assert all(len(line) <= columns - 2 for line in lines), lines
    assert " ".join(" ".join(lines).split()).count("nothing is handed on)") == 1


def test_a_hint_too_long_for_40_columns_wraps_by_word_and_stands_alone():
    assert keys_at(40, HANDOFF) == [
        "   space tick",
        "   enter done (none ticked: nothing is",
        "     handed on)",
        "   ← back · n does not apply",
    ]


def test_hints_that_fit_share_a_line_as_before():
    assert keys_at(80, HANDOFF) == [
        "   space tick · enter done (none ticked: nothing is handed on) · ← back",
        "   n does not apply",
    ]
