"""The report of a merged workshop in headless Chromium: "Where your team disagrees"."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from omnicheck.cli.app import app
from tests.browser import chromium, evaluate, png_size_and_colours
from tests.html_dom import parse
from tests.test_html_browser import PHONE_CHECK
from tests.test_merge import WORKSHOP

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    folder = tmp_path_factory.mktemp("team")
    merged, page = folder / "merged.yaml", folder / "team.html"
    runner = CliRunner()
    assert runner.invoke(app, ["merge", *map(str, WORKSHOP), "-o", str(merged)]).exit_code == 0
    assert runner.invoke(app, ["report", str(merged), "-o", str(page)]).exit_code == 0
    data = json.loads(runner.invoke(app, ["report", str(merged), "-f", "json"]).stdout)
    return page, data


def test_the_section_sits_after_the_dimensions_with_a_row_per_disagreement(page):
    path, data = page
    dom = parse(chromium(path, "--dump-dom").stdout.decode())
    ids = [s.attrs["id"] for s in dom.iter("section")]
    assert ids[ids.index("dimensions") + 1] == "disagreements"
    section = dom.by_id("disagreements")
    rows = list(next(section.iter("tbody")).iter("tr"))
    assert len(rows) == len(data["disagreements"]) >= 4
    first = data["disagreements"][0]
    assert first["text"] in rows[0].text() and first["consensus"]["label"] in rows[0].text()
    for said in first["said"]:
        assert said["respondent"] in rows[0].text()


def test_readable_on_a_phone(page):
    path, _ = page
    seen = evaluate(path, PHONE_CHECK, width=360, height=740)
    assert seen["pageWidth"] == 360 and seen["overflowing"] == [], seen
    assert seen["smallestText"] >= 12, seen


def test_screenshot_is_not_blank(page, tmp_path):
    path, _ = page
    shot = tmp_path / "team.png"
    chromium(path, "--hide-scrollbars", "--window-size=1280,2000", f"--screenshot={shot}")
    _, _, colours = png_size_and_colours(shot.read_bytes())
    assert colours >= 64
