"""The diff and portfolio pages in headless Chromium: on a phone, a table that scrolls says so.

A table wider than the screen scrolls inside its own box, and the page does
not; the box shows a shadow at the edge where more columns lie, and a line
above it says to scroll. Only tables marked wide scroll there; the rest fit.
The diff's radar keeps its text at 11 px or more. At 1280 px nothing scrolls
and the line is not shown.
Positions and styles are read through the DevTools protocol (see
tests/browser.py): a screenshot cannot say which element overflows.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from omnicheck.cli.app import app
from tests.browser import chromium, evaluate, pdf_pages, png_size_and_colours
from tests.conftest import EXAMPLES, ROOT

pytestmark = pytest.mark.browser
runner = CliRunner()
REASSESSED = ROOT / "examples" / "reassessment" / "outdoor-retailer-a-year-later.yaml"


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("pages")
    out = {"diff": folder / "diff.html", "portfolio": folder / "portfolio.html"}
    made = [
        runner.invoke(app, ["diff", str(EXAMPLES[2]), str(REASSESSED), "-o", str(out["diff"])]),
        runner.invoke(app, ["batch", *map(str, EXAMPLES), str(REASSESSED), "-f", "html",
                            "-o", str(out["portfolio"])]),
    ]  # fmt: skip
    assert [r.exit_code for r in made] == [0, 0], [r.stderr for r in made]
    return out


SCROLL_CHECK = """(() => {
  const shown = e => !!e && getComputedStyle(e).display !== "none" && e.offsetHeight > 0;
  const boxes = [...document.querySelectorAll(".scroll")].map(box => ({
    wide: box.classList.contains("wide") || box.classList.contains("phone"),
    scrolls: box.scrollWidth > box.clientWidth + 1,
    shadows: (getComputedStyle(box).backgroundImage.match(/radial-gradient/g) || []).length,
    hint: shown(box.previousElementSibling && box.previousElementSibling.matches(".scroll-hint")
                ? box.previousElementSibling : null),
  }));
  const radar = document.querySelector("svg.compare-radar");
  let radarText = null;
  if (radar) {
    const scale = radar.getBoundingClientRect().width / radar.viewBox.baseVal.width;
    radarText = Math.min(...[...radar.querySelectorAll("text, tspan")].map(
      t => parseFloat(getComputedStyle(t).fontSize) * scale));
  }
  return {pageWidth: document.documentElement.scrollWidth, screen: innerWidth, boxes, radarText};
})()"""


@pytest.mark.parametrize("name", ["diff", "portfolio"])
def test_on_a_phone_tables_that_scroll_show_it(pages, name):
    seen = evaluate(pages[name], SCROLL_CHECK, width=360, height=800)
    assert seen["pageWidth"] == seen["screen"] == 360, seen  # the page itself never scrolls
    boxes = seen["boxes"]
    assert any(b["scrolls"] for b in boxes), boxes  # the check below has something to check
    for box in boxes:
        assert box["shadows"] == 2, box  # the two edge shadows, each shown only where it scrolls
        # a wide table always scrolls on a phone, with its line; any other fits
        assert box["scrolls"] is box["wide"] is box["hint"], box
    if name == "diff":
        assert seen["radarText"] >= 11, seen


@pytest.mark.parametrize("name", ["diff", "portfolio"])
def test_on_a_wide_screen_nothing_scrolls_and_no_hint_shows(pages, name):
    seen = evaluate(pages[name], SCROLL_CHECK, width=1280, height=800)
    assert seen["pageWidth"] == 1280
    assert not any(b["scrolls"] or b["hint"] for b in seen["boxes"]), seen["boxes"]


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("name", ["diff", "portfolio"])
def test_screenshot_is_not_blank(pages, name, width, tmp_path):
    shot = tmp_path / f"{name}-{width}.png"
    chromium(
        pages[name], "--hide-scrollbars", f"--window-size={width},1600", f"--screenshot={shot}"
    )
    got_width, _, colours = png_size_and_colours(shot.read_bytes())
    assert got_width == width and colours > 8


@pytest.mark.parametrize(
    ("name", "last_column"), [("diff", "Planned gain"), ("portfolio", "First step of the plan")]
)
def test_print_has_every_column_and_no_hint(pages, name, last_column, tmp_path):
    """Paper does not scroll: a wide table's last column is on the page, and the hint is not."""
    pdf = tmp_path / f"{name}.pdf"
    chromium(pages[name], "--no-pdf-header-footer", f"--print-to-pdf={pdf}")
    words = " ".join(word for page in pdf_pages(pdf) for word in page)
    assert last_column in words
    assert "Scroll the table sideways" not in words
