"""The merged workshop's report, the history page and the benchmark in headless Chromium."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from omnicheck.cli.app import app
from omnicheck.report.render import number
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


def test_the_section_sits_before_the_plan_with_a_row_per_disagreement(page):
    path, data = page
    dom = parse(chromium(path, "--dump-dom").stdout.decode())
    ids = [s.attrs["id"] for s in dom.iter("section")]
    assert ids[ids.index("disagreements") + 1] == "plan"
    assert ids.index("why") < ids.index("disagreements")
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


@pytest.fixture(scope="module")
def history_page(tmp_path_factory):
    from tests.test_history import VISITS

    page = tmp_path_factory.mktemp("history") / "history.html"
    runner = CliRunner()
    assert runner.invoke(app, ["history", *map(str, VISITS), "-o", str(page)]).exit_code == 0
    data = json.loads(runner.invoke(app, ["history", *map(str, VISITS), "-f", "json"]).stdout)
    return page, data


def test_history_has_a_line_chart_per_measure(history_page):
    path, data = history_page
    dom = parse(chromium(path, "--dump-dom").stdout.decode())
    charts = [svg for svg in dom.iter("svg") if "line" in svg.classes()]
    assert len(charts) == 2 + len(data["dimensions"])
    for svg in charts:
        title = next(svg.iter("title")).text()
        assert title.endswith("over time")
        # One dot per visit with a figure, and the figures in the chart's words.
        assert len(list(svg.iter("circle"))) == len(data["visits"])
    index = charts[1]
    desc = next(index.iter("desc")).text()
    for v in data["visits"]:
        assert number(v["index"]) in desc


def test_history_is_readable_on_a_phone(history_page):
    path, _ = history_page
    # The page's tables scroll sideways in their own box on a phone, as the diff's do.
    check = PHONE_CHECK.replace('e.closest(".chart-scroll")', 'e.closest(".chart-scroll, .scroll")')
    assert check != PHONE_CHECK
    seen = evaluate(path, check, width=360, height=740)
    assert seen["pageWidth"] == 360, seen
    assert seen["overflowing"] == [], seen
    assert seen["smallestText"] >= 12 and seen["smallestChartText"] >= 8, seen


def test_history_screenshot_is_not_blank(history_page, tmp_path):
    path, _ = history_page
    shot = tmp_path / "history.png"
    chromium(path, "--hide-scrollbars", "--window-size=1280,2000", f"--screenshot={shot}")
    _, _, colours = png_size_and_colours(shot.read_bytes())
    assert colours >= 64


@pytest.fixture(scope="module")
def benchmark_page(tmp_path_factory):
    from tests.test_benchmark import OUTDOOR, PORTFOLIO

    page = tmp_path_factory.mktemp("benchmark") / "benchmark.html"
    args = ["report", str(OUTDOOR), "--benchmark", str(PORTFOLIO)]
    assert CliRunner().invoke(app, [*args, "-o", str(page)]).exit_code == 0
    data = json.loads(CliRunner().invoke(app, [*args, "-f", "json"]).stdout)
    return page, data


def test_benchmark_strips_mark_the_business(benchmark_page):
    path, data = benchmark_page
    dom = parse(chromium(path, "--dump-dom").stdout.decode())
    section = dom.by_id("benchmark")
    strips = [svg for svg in section.iter("svg") if "peer-strip" in svg.classes()]
    measures = [data["benchmark"]["index"], *data["benchmark"]["dimensions"]]
    assert len(strips) == len(measures)
    for svg, m in zip(strips, measures, strict=True):
        assert f"you {number(m['score'])}" in svg.attrs["aria-label"]
        assert len(list(svg.iter("path"))) == 1  # the business's diamond


def test_benchmark_is_readable_on_a_phone(benchmark_page):
    path, _ = benchmark_page
    seen = evaluate(path, PHONE_CHECK, width=360, height=740)
    assert seen["pageWidth"] == 360 and seen["overflowing"] == [], seen


@pytest.fixture(scope="module")
def notes_page(tmp_path_factory):
    from tests.test_notes import NOTED, with_answers

    folder = tmp_path_factory.mktemp("notes")
    long = {
        **NOTED,
        "journey.order_status": "{answer: none, note: "
        + '"'
        + "Staff ring the warehouse " * 12
        + '", evidence: ["https://intranet.example/'
        + "very-long-path-segment-" * 8
        + '?q=1", '
        + "quarterly_order_status_audit_" * 4
        + ".xlsx]}",
    }
    page = folder / "notes.html"
    result = CliRunner().invoke(app, ["report", str(with_answers(folder, long)), "-o", str(page)])
    assert result.exit_code == 0, result.stderr
    return page


def test_notes_beside_the_answers_are_readable_on_a_phone(notes_page):
    seen = evaluate(notes_page, PHONE_CHECK, width=360, height=740)
    assert seen["pageWidth"] == 360 and seen["overflowing"] == [], seen
    assert seen["smallestText"] >= 12, seen
    dom = parse(chromium(notes_page, "--dump-dom").stdout.decode())
    cells = [td for td in dom.iter("td") if "noted" in td.classes() and td.text()]
    assert len(cells) == 4 and any("Staff ring the warehouse" in td.text() for td in cells)
