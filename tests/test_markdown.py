"""Markdown escaping: text from answers and rubrics reads on GitHub exactly as typed."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from omnicheck.cli.app import app
from omnicheck.report.render import md_code, md_escape, md_link
from tests.conftest import EXAMPLES, ROOT


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


def markdown(path) -> str:
    result = CliRunner().invoke(app, ["report", str(path), "--format", "md"])
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_markdown_opens_with_the_verdict(example):
    text = markdown(example)
    head = text.split("\n## Why this verdict", 1)[0]
    assert "**Level today:" in head and "**Recommended target:" in head
    assert head.index("**Level today:") < head.index("**Recommended target:")
    assert not re.search(r"\bJSON\b|omnicheck report|--format", text)
    # Steps keep their plan numbers: bullets, since Markdown renumbers an ordered list.
    assert not re.search(r"^\d+\. ", head, flags=re.MULTILINE)


def test_markdown_alternatives_read_either_or():
    text = markdown(ROOT / "examples" / "outdoor-retailer.yaml")
    assert (
        "- Either one of these is enough:\n  - **Either** ❌ **Integration index at least 35**"
        in text
    )
    assert "\n  - **or** ❌ **At least one pair of channels" in text
