"""Markdown escaping: text from answers and rubrics reads on GitHub exactly as typed."""

from __future__ import annotations

import re
from itertools import pairwise

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
        ("https://intranet.example/a|b", "<https://intranet.example/a%7Cb>"),  # a table cell
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
    assert "- One of these is enough:\n  - ❌ **Integration index at least 35**" in text
    assert "\n  - **or** ❌ **At least one pair of channels" in text
    assert "either" not in text.split("\n## The plan", 1)[0].lower()  # "or" says it once


LIST_ITEM = re.compile(r"\s*(?:[-*+]|\d+[.)]) ")
CELL_EDGE = re.compile(r"(?<!\\)\|")  # GFM splits cells at every unescaped pipe, code too


def table_width_problems(lines: list[str]) -> list[str]:
    """A row with more cells than its table's header loses the extra ones on GitHub, and
    one with fewer gets empty cells: either way the row no longer says what it read."""
    found = []
    width = None
    for number, line in enumerate(lines, start=1):
        if not line.startswith("|"):
            width = None
            continue
        cells = len(CELL_EDGE.split(line.strip())) - 2
        if width is None:
            width = cells
        elif cells != width:
            found.append(f"{number}: {cells} cells in a table of {width}: {line[:50]!r}")
    return found


def gfm_layout_problems(text: str) -> list[str]:
    """Where GitHub would render the text otherwise than it reads: a line right after a list
    item or a table row joins it, a list right after a paragraph line is loose, a table row
    of the wrong width loses or gains cells, and two blank lines in a row are an untidy gap
    in the source a consultant may edit."""
    lines = text.split("\n")
    found = table_width_problems(lines)
    for number, (line, after) in enumerate(pairwise(lines), start=2):
        if line == "" and after == "" and number < len(lines):
            found.append(f"{number}: two blank lines")
        elif LIST_ITEM.match(line) and after and not (LIST_ITEM.match(after) or after[:2] == "  "):
            found.append(f"{number}: joins the list item above: {after[:50]!r}")
        elif line.startswith("|") and after and not after.startswith("|"):
            found.append(f"{number}: joins the table above: {after[:50]!r}")
        elif line.startswith("#") and after:
            found.append(f"{number}: no blank line after a heading")
    return found


def other_markdown(args: list[str]) -> str:
    result = CliRunner().invoke(app, [*args, "--format", "md"])
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_report_markdown_renders_as_it_reads(example):
    assert gfm_layout_problems(markdown(example)) == []


def test_diff_and_portfolio_markdown_render_as_they_read():
    later = ROOT / "examples" / "reassessment" / "outdoor-retailer-a-year-later.yaml"
    diff = other_markdown(["diff", str(ROOT / "examples" / "outdoor-retailer.yaml"), str(later)])
    portfolio = other_markdown(["batch", str(ROOT / "examples"), "--jobs", "1"])
    assert "## Summary" in diff and "## The businesses" in portfolio
    assert gfm_layout_problems(diff) == []
    assert gfm_layout_problems(portfolio) == []


def written_markdown(args: list[str], tmp_path, name: str) -> str:
    """What ``-o NAME.md`` writes: the extension picks the format, as a user would use it."""
    out = tmp_path / name
    result = CliRunner().invoke(app, [*args, "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    return out.read_text(encoding="utf-8")


def test_history_plan_benchmark_and_workshop_markdown_render_as_they_read(tmp_path):
    outdoor = ROOT / "examples" / "outdoor-retailer.yaml"
    visits = [outdoor, *sorted((ROOT / "examples" / "reassessment").glob("*.yaml"))]
    workshop = sorted((ROOT / "examples" / "workshop").glob("*.yaml"))
    merged = tmp_path / "merged.yaml"
    assert CliRunner().invoke(app, ["merge", *map(str, workshop), "-o", str(merged)]).exit_code == 0
    peers = str(ROOT / "examples" / "peers" / "peers.json")
    outputs = {
        "history": other_markdown(["history", *map(str, visits)]),
        "plan": written_markdown(["plan", str(outdoor)], tmp_path, "plan.md"),
        "benchmark": other_markdown(["report", str(outdoor), "--benchmark", peers]),
        "workshop": other_markdown(["report", str(merged)]),
        "workshop-benchmark": other_markdown(["report", str(merged), "--benchmark", peers]),
        "notes": markdown(ROOT / "examples" / "workshop" / "service.yaml"),
    }
    assert "- [ ] " in outputs["plan"] and "## Compared with peers" in outputs["benchmark"]
    assert "## Where your team disagrees" in outputs["workshop"]
    assert "| Note and evidence |" in outputs["notes"]
    assert {name: gfm_layout_problems(text) for name, text in outputs.items()} == {
        name: [] for name in outputs
    }


def test_a_bar_in_a_file_name_or_a_link_cannot_add_a_cell(tmp_path):
    """A visit's file name in the history table, and an evidence link in a notes table."""
    outdoor = ROOT / "examples" / "outdoor-retailer.yaml"
    visits = tmp_path / "visits"
    visits.mkdir()
    faked = visits / "v1 | Omnichannel | 99.9 |.yaml"
    faked.write_text(outdoor.read_text(encoding="utf-8"), encoding="utf-8")
    later = ROOT / "examples" / "reassessment" / "outdoor-retailer-a-year-later.yaml"
    history = other_markdown(["history", str(faked), str(later)])
    assert "`v1 \\| Omnichannel \\| 99.9 \\|.yaml`" in history
    evidence = tmp_path / "evidence.yaml"
    link = '{answer: medium, evidence: ["https://intranet.example/a|b", "https://b.example/"]}'
    evidence.write_text(
        outdoor.read_text(encoding="utf-8").replace("  budget: medium", f"  budget: {link}", 1),
        encoding="utf-8",
    )
    report = markdown(evidence)
    assert "<https://intranet.example/a%7Cb>; <https://b.example/>" in report
    assert gfm_layout_problems(history) == [] and gfm_layout_problems(report) == []


def test_the_layout_check_finds_what_github_would_merge():
    assert gfm_layout_problems("- a\nb\n\n\n| x |\ny\n# h\nz\n") == [
        "2: joins the list item above: 'b'",
        "4: two blank lines",
        "6: joins the table above: 'y'",
        "8: no blank line after a heading",
    ]
    table = "| a | b |\n|---|---|\n| 1 \\| 2 | 3 |\n| `x|y` | z |\n| w |\n"
    assert gfm_layout_problems(table) == [
        "4: 3 cells in a table of 2: '| `x|y` | z |'",
        "5: 1 cells in a table of 2: '| w |'",
    ]
