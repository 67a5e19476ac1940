"""The HTML report of every example in a real browser: headless Chromium.

Chromium loads each page from a file with a fresh profile, then: its DOM
must hold every section and chart; screenshots at 1280 and 360 px wide must
show content; and printing must give an A4 PDF whose sections each start a
page. Chromium missing is a failure, not a skip (see tests/browser.py).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from omnicheck.cli.app import app
from tests.browser import chromium, evaluate, pdf_page_sizes, pdf_pages, png_size_and_colours
from tests.conftest import EXAMPLES
from tests.html_dom import own_text, parse
from tests.test_html_report import SECTION_IDS, expected_charts, hostile_answers

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, tuple[Path, dict]]:
    """Each example's HTML report written to a file, with its JSON report beside it."""
    folder = tmp_path_factory.mktemp("html")
    out = {}
    for example in EXAMPLES:
        page = folder / f"{example.stem}.html"
        runner = CliRunner()
        written = runner.invoke(app, ["report", str(example), "-o", str(page)])
        assert written.exit_code == 0, written.stderr
        data = runner.invoke(app, ["report", str(example), "--format", "json"]).stdout
        out[example.stem] = (page, json.loads(data))
    return out


@pytest.mark.parametrize("name", [p.stem for p in EXAMPLES])
def test_dom_has_every_section_and_chart(pages, name):
    page, data = pages[name]
    dom = parse(chromium(page, "--dump-dom").stdout.decode())
    assert [s.attrs["id"] for s in dom.iter("section")] == SECTION_IDS
    for ident in SECTION_IDS:
        assert dom.by_id(ident).text(), ident
    charts = {
        kind
        for svg in dom.iter("svg")
        if "chart" in svg.classes()
        for kind in svg.classes() - {"chart"}
    }
    assert charts == expected_charts(data)
    for svg in dom.iter("svg"):
        if "chart" in svg.classes():
            assert own_text(next(svg.iter("title")))
    assert own_text(next(dom.iter("title"))).endswith(data["business"]["name"])


@pytest.mark.parametrize("width", [1280, 360])
@pytest.mark.parametrize("name", [p.stem for p in EXAMPLES])
def test_screenshot_is_not_blank(pages, name, width, tmp_path):
    page, _ = pages[name]
    shot = tmp_path / f"{name}-{width}.png"
    chromium(page, "--hide-scrollbars", f"--window-size={width},2000", f"--screenshot={shot}")
    got_width, height, colours = png_size_and_colours(shot.read_bytes())
    assert (got_width, height) == (width, 2000)
    assert colours >= 64, f"only {colours} distinct colours: the page looks blank"


@pytest.mark.parametrize("name", [p.stem for p in EXAMPLES])
def test_prints_to_pdf_with_a_page_per_section(pages, name, tmp_path):
    page, data = pages[name]
    pdf = tmp_path / f"{name}.pdf"
    chromium(page, "--no-pdf-header-footer", f"--print-to-pdf={pdf}")
    assert pdf.read_bytes().startswith(b"%PDF-")
    assert pdf_page_sizes(pdf) == {(595, 842)}  # A4 in points, as the print stylesheet asks
    pages = pdf_pages(pdf)
    assert len(pages) >= len(SECTION_IDS)
    html = parse(page.read_text(encoding="utf-8"))
    for section in list(html.iter("section"))[1:]:
        heading = next(section.iter("h2")).text().split()
        assert any(words[: len(heading)] == heading for words in pages), (
            f"{' '.join(heading)!r} does not start a page"
        )
    assert data["business"]["name"] in " ".join(pages[0])


#: Measured by the browser on a 360 px phone screen: whether the page itself is
#: wider than the screen (only a chart in its own scrolling box may be), and the
#: smallest text, in CSS pixels, in the page and in each chart as drawn.
PHONE_CHECK = """(() => {
  const screen = document.documentElement.clientWidth;
  const all = [...document.querySelectorAll("body *")];
  const overflowing = all
    .filter(e => !e.closest(".chart-scroll") && !e.closest("table.stack thead"))
    .filter(e => e.getBoundingClientRect().right > screen + 0.5)
    .map(e => e.tagName + "." + e.className);
  const hasText = e => [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
  const size = e => parseFloat(getComputedStyle(e).fontSize);
  const text = all.filter(e => hasText(e) && !e.closest("svg") && e.getClientRects().length);
  const charts = [...document.querySelectorAll("svg.chart")].map(svg => {
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    return Math.min(...[...svg.querySelectorAll("text")].map(t => size(t) * scale));
  });
  return {
    pageWidth: document.documentElement.scrollWidth, screen, overflowing,
    smallestText: Math.min(...text.map(size)), smallestChartText: Math.min(...charts),
  };
})()"""


@pytest.mark.parametrize("name", [p.stem for p in EXAMPLES])
def test_readable_on_a_phone(pages, name):
    page, _ = pages[name]
    seen = evaluate(page, PHONE_CHECK, width=360, height=740)
    assert seen["screen"] == 360
    assert seen["pageWidth"] == 360 and seen["overflowing"] == [], seen
    assert seen["smallestText"] >= 12, seen
    assert seen["smallestChartText"] >= 8, seen


def test_hostile_text_stays_text_in_the_browser(tmp_path):
    page = tmp_path / "hostile.html"
    written = CliRunner().invoke(app, ["report", str(hostile_answers(tmp_path)), "-o", str(page)])
    assert written.exit_code == 0, written.stderr
    dom = parse(chromium(page, "--dump-dom").stdout.decode())
    assert not list(dom.iter("script")) and not list(dom.iter("img"))
    assert not any(a.startswith("on") for node in dom.iter() for a in node.attrs)
    assert own_text(next(dom.iter("title"))) == (
        "Channel integration report: Evil <script>alert(1)</script> Ltd"
    )
    assert "<img src=x onerror=alert(1)> and {{ 7*7 }}" in dom.text()
