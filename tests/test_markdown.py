"""Markdown escaping: text from answers and rubrics reads on GitHub exactly as typed."""

from __future__ import annotations

import pytest

from omnicheck.rendering import md_code, md_escape


@pytest.mark.parametrize(
    ("value", "span"),
    [
        ("dominant_share", "`dominant_share`"),
        ("a`b", "`` a`b ``"),
        ("two\nlines", "`two lines`"),
    ],
)
def test_code_spans_show_text_as_typed(value, span):
    assert md_code(value) == span


def test_plain_text_cannot_start_markup_or_break_a_table():
    assert md_escape("*a* | [b](c) <i>") == "\\*a\\* \\| \\[b\\](c) &lt;i&gt;"
