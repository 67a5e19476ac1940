"""Markdown escaping: text from answers and rubrics reads on GitHub exactly as typed."""

from __future__ import annotations

import pytest

from omnicheck.report.render import md_code, md_escape, md_link


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


def test_an_ampersand_is_escaped_only_where_it_would_start_a_character_reference():
    assert md_escape("Hearth & Crumb") == "Hearth & Crumb"
    assert md_escape("&lt;b&gt; &#60;") == "&amp;lt;b&amp;gt; &amp;\\#60;"


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("https://example.org/a_b?c=1&d=2", "<https://example.org/a_b?c=1&d=2>"),
        ("http://example.org/a b>c", "<http://example.org/a%20b%3Ec>"),
        ("javascript:alert(1)", "javascript:alert(1)"),
        ("file:///etc/passwd", "file:///etc/passwd"),
        ("data:text/html,<b>x</b>", "data:text/html,&lt;b&gt;x&lt;/b&gt;"),
        ("HTTPS://example.org", "HTTPS://example.org"),  # as the HTML report: no link
    ],
)
def test_only_http_urls_become_links(url, shown):
    assert md_link(url) == shown
