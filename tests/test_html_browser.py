"""The HTML report of every example in a real browser: headless Chromium.

Chromium loads each page from a file with a fresh profile, then: its DOM
must hold every section and chart; the verdict must be in the first screen
at 1280 x 800 and 360 x 800; screenshots must show content; and printing must
give a summary of at most four A4 pages, each with its number and the
business's name, with the full detail only when asked for. Chromium missing
is a failure, not a skip (see tests/browser.py).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from omnicheck.cli.app import app
from omnicheck.report.render import long_date
from tests.browser import chromium, evaluate, pdf_page_sizes, pdf_pages, png_size_and_colours
from tests.conftest import EXAMPLES
from tests.html_dom import own_text, parse
from tests.test_html_report import LAYOUTS, SECTION_IDS, expected_charts, hostile_answers

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
        full = folder / f"{example.stem}-appendix.html"
        written = runner.invoke(app, ["report", str(example), "-o", str(full), "--appendix"])
        assert written.exit_code == 0, written.stderr
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
        for kind in svg.classes() - LAYOUTS
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


#: Where the verdict sits once the page is laid out: the bottom edge, in CSS pixels from the
#: top of the page, of the level, the target, the first step and the whole verdict. Read with
#: the DevTools protocol rather than from a screenshot: it names the very elements that hold
#: the words, exactly, whatever the fonts, where a screenshot would need text recognition
#: to say which words are in the crop. The screenshot test below checks that pixels show.
VERDICT_CHECK = """(() => {
  const bottom = sel => {
    const e = document.querySelector(sel);
    return e ? {text: e.textContent.trim(), bottom: e.getBoundingClientRect().bottom} : null;
  };
  return {
    scrolled: window.scrollY,
    viewport: window.innerHeight,
    level: bottom(".level-card .value"),
    target: bottom(".target-card .value"),
    step: bottom(".verdict .next li"),
    verdict: bottom("#verdict"),
  };
})()"""


@pytest.mark.parametrize(("width", "fold"), [(1280, 800), (360, 700)])
@pytest.mark.parametrize("name", [p.stem for p in EXAMPLES])
def test_verdict_is_in_the_first_screen(pages, name, width, fold):
    """The whole verdict, quick wins too, is above the fold: 800 px wide, 700 px on a phone."""
    page, data = pages[name]
    seen = evaluate(page, VERDICT_CHECK, width=width, height=800)
    assert seen["scrolled"] == 0 and seen["viewport"] == 800
    assert seen["level"]["text"] == data["level_name"]
    assert seen["target"]["text"] == data["target"]["name"]
    steps = data["plan"]["steps"]
    first = steps[0]["text"] if steps else data["target"]["requirements"][0]
    assert seen["step"]["text"].startswith(first)
    for fact in ("level", "target", "step", "verdict"):
        assert seen[fact]["bottom"] <= fold, (fact, seen)


SHOWN_STEPS = """[...document.querySelectorAll('.verdict .next li')].map(e => e.innerText)"""


@pytest.mark.parametrize("width", [1280, 360])
def test_a_hand_off_step_in_the_verdict_says_what_it_adds(pages, width):
    """On a phone the verdict's steps leave out "from → to", but a hand-off's name says only
    "hand-offs": what it adds is the step, so it stays."""
    page, data = pages["outdoor-retailer"]
    first = data["plan"]["steps"][0]
    assert first["kind"] == "handoff"
    shown = evaluate(page, SHOWN_STEPS, width=width, height=800)
    assert shown[0].startswith(first["text"])
    assert "add Email (purchase)" in shown[0]


def print_pdf(page: Path, pdf: Path) -> list[list[str]]:
    chromium(page, "--no-pdf-header-footer", f"--print-to-pdf={pdf}")
    assert pdf.read_bytes().startswith(b"%PDF-")
    assert pdf_page_sizes(pdf) == {(595, 842)}  # A4 in points, as the print stylesheet asks
    return pdf_pages(pdf)


@pytest.mark.parametrize("name", [p.stem for p in EXAMPLES])
def test_prints_a_summary_of_at_most_four_numbered_pages(pages, name, tmp_path):
    page, data = pages[name]
    printed = print_pdf(page, tmp_path / f"{name}.pdf")
    assert 1 <= len(printed) <= 4
    business = data["business"]["name"].split()
    assessed = long_date(data["assessed"]) if data["assessed"] else None
    for number, words in enumerate(printed, start=1):
        text = " ".join(words)
        assert f"Page {number} of {len(printed)}" in text, number
        assert " ".join(business) in text, number
        if assessed:
            assert f"assessed {assessed}" in text, number
    first = " ".join(printed[0])
    assert data["level_name"] in first and data["target"]["name"] in first
    everything = " ".join(" ".join(words) for words in printed)
    assert "Why this verdict" in everything and "The plan" in everything
    assert "Level requirements" not in everything and "Your answers" not in everything


@pytest.mark.parametrize("name", ["skincare-brand", "outdoor-retailer"])
def test_the_appendix_prints_when_asked(pages, name, tmp_path):
    page, data = pages[name]
    full = page.with_name(f"{name}-appendix.html")
    printed = print_pdf(full, tmp_path / f"{name}-appendix.pdf")
    summary = print_pdf(page, tmp_path / f"{name}.pdf")
    assert len(printed) > len(summary)
    everything = " ".join(" ".join(words) for words in printed)
    for part in ("Level requirements", "Channel links", "Your answers", "Evidence"):
        assert part in everything, part
    assert data["answers"][-1]["label"].split()[0] in everything
    for number, words in enumerate(printed, start=1):
        assert f"Page {number} of {len(printed)}" in " ".join(words)


#: Measured by the browser on a 360 px phone screen: whether the page itself is
#: wider than the screen (only a chart in its own scrolling box may be), and the
#: smallest text, in CSS pixels, in the page and in each chart as drawn.
PHONE_CHECK = """(() => {
  document.querySelectorAll("details").forEach(d => { d.open = true; });
  const screen = document.documentElement.clientWidth;
  const all = [...document.querySelectorAll("body *")];
  const overflowing = all
    .filter(e => !e.closest(".chart-scroll") && !e.closest("table.stack thead"))
    .filter(e => e.getBoundingClientRect().right > screen + 0.5)
    .map(e => e.tagName + "." + e.className);
  const hasText = e => [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
  const size = e => parseFloat(getComputedStyle(e).fontSize);
  const text = all.filter(e => hasText(e) && !e.closest("svg") && e.getClientRects().length);
  const shown = [...document.querySelectorAll("svg.chart")].filter(s => s.getClientRects().length);
  const charts = shown.map(svg => {
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    return Math.min(...[...svg.querySelectorAll("text")].map(t => size(t) * scale));
  });
  // A box that scrolls sideways must say so, in a hint that is on screen.
  const silent = [...document.querySelectorAll(".chart-scroll, .table-scroll")]
    .filter(box => box.scrollWidth > box.clientWidth + 1)
    .filter(box => {
      const hint = box.parentElement.querySelector(".scroll-hint");
      return !hint || !hint.getClientRects().length;
    })
    .map(box => box.parentElement.id || box.querySelector("svg").id);
  return {
    pageWidth: document.documentElement.scrollWidth, screen, overflowing, silent,
    charts: shown.length, smallestText: Math.min(...text.map(size)),
    smallestChartText: Math.min(...charts),
  };
})()"""


@pytest.mark.parametrize("name", [p.stem for p in EXAMPLES])
def test_readable_on_a_phone(pages, name):
    page, _ = pages[name]
    seen = evaluate(page, PHONE_CHECK, width=360, height=740)
    assert seen["screen"] == 360
    assert seen["pageWidth"] == 360 and seen["overflowing"] == [], seen
    assert seen["smallestText"] >= 12, seen
    assert seen["charts"] >= 1 and seen["smallestChartText"] >= 11, seen
    assert seen["silent"] == [], seen


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
