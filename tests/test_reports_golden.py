"""Golden reports: the Markdown, JSON and HTML report of every example, byte for byte.

An HTML golden holds the page's content and structure (text, headings, tables,
the SVG's marks) with its shared style sheet cut out: the style sheet, the same
on every page, is one golden of its own (report.css), so a change of colour
touches one file instead of one per example.

After an intended change, regenerate them with ``pytest --update-golden``,
then read the diff (git diff tests/golden) before committing.
"""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from omnicheck.cli.app import app
from tests.conftest import EXAMPLES, GOLDEN, ROOT

EXPECTED_LEVELS = {
    "bakery": ("single-channel", "single-channel"),
    "outdoor-retailer": ("multichannel", "cross-channel"),
    "skincare-brand": ("cross-channel", "omnichannel"),
    "garden-centres": ("omnichannel", "omnichannel"),
}


def report_text(path, fmt: str) -> str:
    result = CliRunner().invoke(app, ["report", str(path), "--format", fmt])
    assert result.exit_code == 0, result.stderr
    return result.stdout


#: The page's first <style> element: the shared style sheet (theme and layout).
STYLE = re.compile(r"<style>\n(.*?)</style>\n", flags=re.DOTALL)
STYLE_STUB = "<style>\n/* the style sheet: tests/golden/report.css */\n</style>\n"


def split_style(html: str) -> tuple[str, str]:
    """The page with its shared style sheet replaced by a stub, and the style sheet."""
    found = STYLE.search(html)
    assert found, "no style sheet"
    return html[: found.start()] + STYLE_STUB + html[found.end() :], found.group(1)


def check_golden(name: str, text: str, update: bool) -> None:
    golden = GOLDEN / name
    if update:
        golden.write_text(text, encoding="utf-8")
    assert golden.exists(), f"no golden file {golden.name}; run pytest --update-golden"
    assert text == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt", ["md", "json", "html"])
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_golden_report(example, fmt, update_golden):
    text = report_text(example, fmt)
    if fmt == "html":
        text, _ = split_style(text)
    check_golden(f"{example.stem}.{fmt}", text, update_golden)


def test_golden_style_sheet(update_golden):
    """Every example's page has the same style sheet, and it is the golden one."""
    sheets = {split_style(report_text(example, "html"))[1] for example in EXAMPLES}
    assert len(sheets) == 1
    check_golden("report.css", sheets.pop(), update_golden)


def test_examples_cover_every_level():
    """Each level has an example, for reasons spelled out in its golden report."""
    assert {p.stem for p in EXAMPLES} >= set(EXPECTED_LEVELS)
    for stem, (level, target) in EXPECTED_LEVELS.items():
        data = json.loads(report_text(next(p for p in EXAMPLES if p.stem == stem), "json"))
        assert (data["level"], data["target"]["strategy"]) == (level, target), stem


def readme_json_keys() -> set[str]:
    """The keys named in the first column of the README's JSON output table."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    table = text.split("<!-- keys: report-3 -->\n\n", 1)[1].split("\n\n", 1)[0]
    rows = [line for line in table.splitlines() if line.startswith("| `")]
    return {key for row in rows for key in re.findall(r"`([a-z_]+)`", row.split("|")[1])}


def test_json_has_the_documented_keys():
    data = json.loads(report_text(EXAMPLES[0], "json"))
    assert set(data) == readme_json_keys()
    assert set(data["rubric"]) >= {"id", "version"}
    assert data["level"] in {"single-channel", "multichannel", "cross-channel", "omnichannel"}
