"""The HTML report as a file: content, structure, escaping, self-containment, colours, branding.

What a browser makes of it is in test_html_browser.py; this file reads the
page itself, so it runs anywhere.
"""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from omnicheck.cli.app import app
from omnicheck.report.render import long_date, number
from omnicheck.report.verdict import shows_gain
from omnicheck.report.words import bundled
from tests.conftest import EXAMPLES, ROOT
from tests.html_dom import Node, own_text, parse

words = bundled()

runner = CliRunner()
SKINCARE = ROOT / "examples" / "skincare-brand.yaml"
SECTION_IDS = ["verdict", "why", "plan", "appendix"]
#: The chart classes that say how a chart is laid out, not which chart it is.
LAYOUTS = {"chart", "wide", "narrow"}


def render(path: Path, fmt: str = "html", *extra: str) -> str:
    result = runner.invoke(app, ["report", str(path), "--format", fmt, *extra])
    assert result.exit_code == 0, result.stderr
    return result.stdout


def expected_charts(data: dict) -> set[str]:
    """The charts a report should draw, decided from its data."""
    charts = {"ladder"}
    if data["index"] is not None:
        charts.add("radar")
    if data["links"] and len(data["links"]["channels"]) >= 2:
        charts.add("heat")
    if data["plan"]["steps"] and data["index"] is not None:
        charts.add("bars")
    return charts


def chart_kinds(page: Node) -> list[str]:
    return [
        kind
        for svg in page.iter("svg")
        for kind in svg.classes() - LAYOUTS
        if "chart" in svg.classes()
    ]


@pytest.fixture(scope="module", params=EXAMPLES, ids=lambda p: p.stem)
def example(request) -> tuple[dict, str, Node]:
    data = json.loads(render(request.param, "json"))
    html = render(request.param)
    return data, html, parse(html)


def test_sections_and_table_of_contents(example):
    _, _, page = example
    assert [s.attrs["id"] for s in page.iter("section")] == SECTION_IDS
    nav = next(page.iter("nav"))
    assert [a.attrs["href"] for a in nav.iter("a")] == [f"#{s}" for s in SECTION_IDS[1:]]
    titles = [next(page.by_id(s).iter("h2")).text() for s in SECTION_IDS[1:]]
    assert [a.text() for a in nav.iter("a")] == titles


def test_the_verdict_comes_first(example):
    """Business, level, target and the steps to the next level open the page; contents after."""
    data, _, page = example
    body = next(page.iter("main"))
    first = next(c for c in body.children if isinstance(c, Node))
    assert first.attrs["id"] == "verdict"
    verdict = first.text()
    assert data["business"]["name"] in next(first.iter("h1")).text()
    level = verdict.index(data["level_name"])
    target = verdict.index(data["target"]["name"], level + len(data["level_name"]))
    steps = data["plan"]["steps"]
    if steps:
        assert verdict.index(steps[0]["text"]) > target
    else:  # no step to take: the target's requirements are the next steps
        assert data["target"]["requirements"][0] in verdict
    children = [c for c in body.children if isinstance(c, Node)]
    assert [c.tag for c in children[:2]] == ["section", "nav"]


def test_verdict_lists_what_each_step_clears_and_three_quick_wins():
    data = json.loads(render(SKINCARE, "json"))
    verdict = parse(render(SKINCARE)).by_id("verdict")
    items = [li.text() for li in verdict.iter("li")]
    reach = data["plan"]["reached_after"][0]["step"]
    clearing = [s for s in data["plan"]["steps"][:reach] if s["clears"]]
    for s in clearing:
        item = next(i for i in items if s["text"] in i)
        assert all(words.check(c) in item for c in s["clears_checks"]), item
    assert f"After steps 1–{reach}: Omnichannel." in verdict.text()
    wins = next(d for d in verdict.iter("div") if "wins" in d.classes())
    assert len(list(wins.iter("li"))) == 3
    assert all("low effort" in li.text() for li in wins.iter("li"))


def test_same_headings_as_markdown():
    for path in EXAMPLES:
        md_headings = re.findall(r"^##+ (.+)$", render(path, "md"), flags=re.MULTILINE)
        page = parse(render(path))
        headings = [h.text() for h in page.iter() if h.tag in ("h2", "h3", "h4")]
        assert [h for h in headings if h != "Contents"] == md_headings, path.stem


def test_every_fact_of_the_report_is_on_the_page(example):
    data, _, page = example
    text = page.text()
    assert data["business"]["name"] in text
    assert data["level_name"] in text and data["target"]["name"] in text
    for fact in (
        *(words.check(b) for b in data["blockers"]),
        *(c["text"] for c in data["continuity"]),
        *(e["finding"] for e in data["evidence"]),
        *(a["text"] for a in data["answers"]),
        *(a["label"] for a in data["answers"] if a["label"] is not None),
        *(d["name"] for d in data["dimensions"] if data["index"] is not None),
    ):
        assert fact in text, fact
    shown = [int(td.text()) for td in page.iter("td") if td.attrs.get("data-label") == "Step"]
    assert shown == [s["rank"] for s in data["plan"]["steps"]]  # main view, then appendix


def test_plan_tables_say_what_each_step_clears_and_the_index_after(example):
    data, _, page = example
    steps = {s["rank"]: s for s in data["plan"]["steps"]}
    for row in page.iter("tr"):
        cells = {td.attrs.get("data-label"): td.text() for td in row.iter("td")}
        if "Step" not in cells:
            continue
        step = steps[int(cells["Step"])]
        assert cells["Index after"] == f"{step['index_after']:.1f}"
        for c in step["clears_checks"]:
            assert words.check(c) in cells["Clears"]


def test_no_empty_sections_and_no_link_matrix_for_one_channel():
    bakery = parse(render(ROOT / "examples" / "bakery.yaml"))
    assert bakery.by_id("links") is None and bakery.by_id("continuity") is None
    for section in bakery.iter("section"):
        assert len(section.text()) > 100, section.attrs["id"]
    for details in bakery.iter("details"):
        assert len(details.text()) > len(next(details.iter("summary")).text()) + 20


#: Words a client should never have to read: developer output, commands, internal ids.
DEVELOPER_WORDS = re.compile(r"\bJSON\b|omnicheck report|--\w|\bformat\b", re.IGNORECASE)


def test_no_client_text_points_at_developer_output(example):
    data, _, page = example
    text = " ".join(n.text() for n in page.iter() if n.tag in ("main", "footer"))
    assert not DEVELOPER_WORDS.search(text), DEVELOPER_WORDS.search(text)
    assert not list(page.iter("code"))
    ids = {data["target"]["rule"]["id"]} if data["target"]["rule"] else set()
    ids |= {g["id"] for g in data["target"]["guardrails"]}
    ids |= {g["id"] for g in data["gates"] if "-" in g["id"]}
    words = set(re.findall(r"[\w-]+", text))
    assert not ids & words, ids & words


def test_alternatives_read_as_either_or():
    """Outdoor's cross-channel needs its band or a linked pair: one box says either, or."""
    page = parse(render(ROOT / "examples" / "outdoor-retailer.yaml"))
    boxes = [li for li in page.by_id("why").iter("li") if "either" in li.classes()]
    assert len(boxes) == 1
    lines = [li.text() for li in boxes[0].iter("li")][1:]
    assert lines[0].startswith("Either ✗ Integration index at least 35")
    assert lines[1].startswith("or ✗ At least one pair of channels")


def test_the_assessment_date_is_in_the_verdict_and_the_print_footer(example):
    data, html, page = example
    assert data["assessed"]  # every example is dated
    day, month, year = long_date(data["assessed"]).split()
    meta = next(p for p in page.by_id("verdict").iter("p") if "meta" in p.classes())
    assert meta.text().startswith(f"Assessed {day} {month} {year} · ")
    footer = re.search(r"@bottom-left \{ content: (.*?); \}", html).group(1)
    assert footer.endswith(f'" · assessed " "{day} {month} {year}"')


def test_appendix_folds_on_screen_and_prints_only_when_asked():
    plain = parse(render(SKINCARE))
    full = parse(render(SKINCARE, "html", "--appendix"))
    for page, printed in ((plain, False), (full, True)):
        appendix = page.by_id("appendix")
        assert ("printed" in appendix.classes()) is printed
        details = list(appendix.iter("details"))
        assert len(details) >= 6
        assert all(("open" in d.attrs) is printed for d in details)
    assert "prints only when" not in plain.text()


def test_print_footer_names_the_business_as_css_escapes(tmp_path):
    html = render(hostile_answers(tmp_path))
    footer = re.search(r"@bottom-left \{ content: (.*?); \}", html)
    assert footer, "no footer"
    assert "<" not in footer.group(1) and "&" not in footer.group(1)
    assert footer.group(1).startswith('"Evil \\00003c script\\00003e ')
    assert html.count("</style>") == 2


def test_page_basics(example):
    data, html, page = example
    root = next(page.iter("html"))
    assert root.attrs["lang"] == "en"
    title = own_text(next(next(page.iter("head")).iter("title")))
    assert title == f"Channel integration report: {data['business']['name']}"
    assert html.startswith("<!DOCTYPE html>")
    viewport = [m for m in page.iter("meta") if m.attrs.get("name") == "viewport"]
    assert viewport and "width=device-width" in viewport[0].attrs["content"]


def test_headings_go_down_one_level_at_a_time(example):
    _, _, page = example
    levels = [int(n.tag[1]) for n in page.iter() if re.fullmatch(r"h[1-6]", n.tag)]
    assert levels[0] == 1 and levels.count(1) == 1
    for before, after in itertools.pairwise(levels):
        assert after <= before + 1, levels


def test_charts_are_labelled_svg(example):
    data, _, page = example
    assert set(chart_kinds(page)) == expected_charts(data)
    ids = {n.attrs["id"] for n in page.iter() if "id" in n.attrs}
    for svg in page.iter("svg"):
        if "chart" not in svg.classes():
            assert svg.attrs.get("aria-hidden") == "true"  # legend swatches repeat their text
            continue
        assert svg.attrs["role"] == "img"
        title_id, desc_id = svg.attrs["aria-labelledby"].split()
        assert {title_id, desc_id} <= ids
        first = next(c for c in svg.children if isinstance(c, Node))
        assert first.tag == "title" and own_text(first)
        assert svg.text(), "every chart has text labels"


def test_chart_numbers_are_the_report_numbers(example):
    data, _, page = example
    svgs = {
        kind: svg
        for svg in page.iter("svg")
        if "chart" in svg.classes()
        for kind in svg.classes() - LAYOUTS
    }
    if "radar" in svgs:
        radar = svgs["radar"].text()
        for d in data["dimensions"]:
            shown = "not scored" if d["score"] is None else number(d["score"])
            assert shown in radar
    if "heat" in svgs:
        cells = [t.text() for g in svgs["heat"].iter("g") for t in g.iter("text")]
        wanted = []
        for row, channel in zip(data["links"]["matrix"], data["links"]["channels"], strict=True):
            wanted += ["–" if c is None else str(c) for c in row["cells"]]
            level = channel["record_level"]
            wanted.append("n/a" if level is None else str(level))
        assert cells == wanted
    if "bars" in svgs:
        bars = svgs["bars"].text()
        for a in data["plan"]["steps"][:10]:
            assert f"{a['rank']}. " in bars
            # A step worth what it clears, not its 0.0 points, shows no gain.
            gain = f" ({a['gain']:+.1f})" if shows_gain(a) else ""
            assert f"{a['index_after']:.1f}{gain}" in bars
    ladder = svgs["ladder"].text()
    assert "You are here" in ladder
    for b in data["blockers"]:
        assert words.check(b).split()[0] in ladder


def test_nothing_is_loaded_from_anywhere(example):
    _, _, page = example
    for node in page.iter():
        assert node.tag not in {"script", "link", "img", "iframe", "object", "embed", "base"}
        assert "src" not in node.attrs and "srcset" not in node.attrs
        assert not any(name.startswith("on") for name in node.attrs)
        if "href" in node.attrs:
            assert node.tag == "a"
            assert re.match(r"#[a-z]|https?://", node.attrs["href"]), node.attrs["href"]
    style = " ".join(own_text(s) for s in page.iter("style"))
    assert "url(" not in style and "@import" not in style
    csp = next(
        m for m in page.iter("meta") if m.attrs.get("http-equiv") == "Content-Security-Policy"
    )
    assert "default-src 'none'" in csp.attrs["content"]
    assert "script-src" not in csp.attrs["content"]  # so scripts fall back to 'none'


#: A4 at a browser's 96 px per inch, less the page margins of the print stylesheet.
A4_PRINTABLE = ((210 - 28) / 25.4 * 96, (297 - 16 - 18) / 25.4 * 96)


def test_no_chart_is_taller_than_a_printed_page(example):
    """break-inside: avoid can only keep a chart whole if it fits on one page."""
    _, _, page = example
    for svg in page.iter("svg"):
        if "chart" in svg.classes():
            _, _, width, height = map(float, svg.attrs["viewbox"].split())
            printed_width = min(width * 1.2, A4_PRINTABLE[0])
            assert printed_width * height / width < A4_PRINTABLE[1]


def test_sources_are_plain_links():
    page = parse(render(SKINCARE))
    links = [a for a in page.by_id("evidence").iter("a")]
    data = json.loads(render(SKINCARE, "json"))
    urls = [e["source"]["url"] for e in data["evidence"] if e["source"] and e["source"]["url"]]
    assert [a.attrs["href"] for a in links] == urls
    assert all(a.attrs["rel"] == "noreferrer" for a in links)


# --- escaping -----------------------------------------------------------------

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
JINJA = "{{ 7*7 }}"


def hostile_answers(tmp_path: Path) -> Path:
    """The skincare example with markup in every place a user types text."""
    doc = yaml.safe_load(SKINCARE.read_text(encoding="utf-8"))
    doc["business"]["name"] = f"Evil {SCRIPT} Ltd"
    doc["business"]["notes"] = f"{IMG} and {JINJA}"
    doc["business"]["<b>key</b>"] = JINJA
    answers = doc["answers"]
    answers["channels"].append("other")
    answers["channels_other"] = f"{JINJA} {IMG}"
    answers["record.other"] = "manual"
    answers["handoff.other"] = []
    answers["journey.fulfilment"] = {"n/a": f"{SCRIPT} {JINJA}"}
    path = tmp_path / "hostile.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    return path


def test_user_text_is_escaped(tmp_path):
    html = render(hostile_answers(tmp_path))
    page = parse(html)
    for node in page.iter():
        assert node.tag not in {"script", "img", "b"}
        assert not any(name.startswith("on") for name in node.attrs)
    assert "<script" not in html and "<img" not in html
    text = page.text()
    assert f"Channel integration report: Evil {SCRIPT} Ltd" in text
    assert f"{IMG} and {JINJA}" in text
    assert f"n/a ({SCRIPT} {JINJA})" in text  # the n/a reason, in the appendix
    assert f"{JINJA} {IMG}" in text  # the other channel's name
    assert own_text(next(page.iter("title"))) == f"Channel integration report: Evil {SCRIPT} Ltd"
    heat = next(s for s in page.iter("svg") if "heat" in s.classes())
    assert JINJA in heat.text()


# --- colours ------------------------------------------------------------------

TEXT_COLOURS = ("ink", "muted", "accent", "good", "bad", "target")
SURFACES = ("paper", "tint")


def theme(html: str) -> dict[str, str]:
    block = re.search(r":root\s*\{(.*?)\}", html, flags=re.DOTALL)
    assert block, "no :root colours"
    return dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})\s*;", block.group(1)))


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two #rrggbb colours."""

    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_formula():
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


def text_pairs(colours: dict[str, str]) -> list[tuple[str, str]]:
    """(text, background) variable pairs: text colours on each surface, --X-ink on --X-bg."""
    pairs = [(text, surface) for text in TEXT_COLOURS for surface in SURFACES]
    return pairs + [(f"{n[:-3]}-ink", n) for n in colours if n.endswith("-bg")]


def low_contrast(colours: dict[str, str]) -> list[str]:
    return [
        f"--{text} on --{surface}: {contrast(colours[text], colours[surface]):.2f}"
        for text, surface in text_pairs(colours)
        if contrast(colours[text], colours[surface]) < 4.5
    ]


def test_text_colours_have_enough_contrast():
    colours = theme(render(SKINCARE))
    assert len(text_pairs(colours)) > 12
    assert low_contrast(colours) == []
    assert low_contrast({**colours, "muted": "#8a96a3"}) == [  # the check can fail
        "--muted on --paper: 3.01",
        "--muted on --tint: 2.70",
    ]


def test_every_coloured_text_uses_a_checked_colour():
    """Text and fill colours come from the theme variables, never from a literal."""
    html = render(SKINCARE)
    style = html[html.index("<style>") : html.index("</style>")]
    rules = style[style.index("}", style.index(":root")) :]
    assert not re.search(r"(?<![-\w])(color|fill)\s*:\s*#", rules)
    used = set(re.findall(r"(?<![-\w])(?:color|fill)\s*:\s*var\(--([\w-]+)\)", rules))
    checked = set(TEXT_COLOURS) | {n for n in theme(html) if n.endswith(("-ink", "-bg"))}
    assert used <= checked | {"paper", "tint"}, used - checked


# --- branding -----------------------------------------------------------------


def test_templates_dir_overrides_one_partial(tmp_path):
    brand = tmp_path / "brand"
    brand.mkdir()
    (brand / "html_brand.html.j2").write_text(
        '<header class="brand"><p>Northwind Advisory for {{ r.business.name }}</p></header>\n'
    )
    page = parse(render(SKINCARE, "html", "--templates", str(brand)))
    assert next(page.iter("header")).text() == "Northwind Advisory for Lumen Skincare"
    assert [s.attrs["id"] for s in page.iter("section")] == SECTION_IDS  # the rest is bundled


def test_templates_dir_overrides_the_theme(tmp_path):
    brand = tmp_path / "brand"
    brand.mkdir()
    (brand / "html_theme.css.j2").write_text(":root { --accent: #7a1f5c; }\n")
    html = render(SKINCARE, "html", "--templates", str(brand))
    assert theme(html) == {"accent": "#7a1f5c"}


def test_the_readme_branding_example(tmp_path):
    """The README's example of --templates works, and its colours pass the contrast check."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    files = re.findall(r"cat > branding/(\S+) <<'END'\n(.*?)\nEND\n", readme, flags=re.DOTALL)
    assert [name for name, _ in files] == ["html_brand.html.j2", "html_theme.css.j2"]
    brand = tmp_path / "branding"
    brand.mkdir()
    for name, text in files:
        (brand / name).write_text(text + "\n", encoding="utf-8")
    html = render(SKINCARE, "html", "--templates", str(brand))
    assert next(parse(html).iter("header")).text() == (
        "Northwind Advisory · prepared for Lumen Skincare"
    )
    colours = theme(html)
    assert colours["accent"] == "#5b2a6e"
    assert low_contrast(colours) == []


@pytest.mark.parametrize(
    ("partial", "message"),
    [
        ("{% if %}", "html_brand.html.j2:2: template error: Expected an expression"),
        ("\n{{ r.no_such_key }}", "html_brand.html.j2:3: template error: "),
        # Not a Jinja error, but still the user's file: bad input, not omnicheck's bug.
        ('\n\n{{ 1 + "x" }}', "html_brand.html.j2:4: template error: unsupported operand"),
        (
            '\n{% include "missing.j2" %}',
            "html_brand.html.j2:3: template error: template 'missing.j2' not found",
        ),
    ],
)
def test_broken_override_is_bad_input(tmp_path, partial, message):
    brand = tmp_path / "brand"
    brand.mkdir()
    (brand / "html_brand.html.j2").write_text("<header>\n" + partial + "\n</header>\n")
    out = tmp_path / "report.html"
    result = runner.invoke(
        app, ["report", str(SKINCARE), "-o", str(out), "--templates", str(brand)]
    )
    assert result.exit_code == 2
    assert result.stderr.startswith(str(brand / "html_brand.html.j2"))
    assert message in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert not out.exists()


def test_html_file_from_the_extension(tmp_path):
    out = tmp_path / "report.html"
    result = runner.invoke(app, ["report", str(SKINCARE), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith(f"Wrote {out} (HTML, ")
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_levels_without_index_bands_still_render():
    """A rubric of the user's may place levels by gates alone: the gauge shows the number."""
    from omnicheck.report.output import as_text, report_document

    data = json.loads(render(SKINCARE, "json"))
    for level in data["levels"]:
        level["band"] = None
    page = parse(as_text(report_document(data), "html"))
    verdict = page.by_id("verdict")
    assert "Integration index 60 / 100" in verdict.text()
    assert not [n for n in verdict.iter() if "gauge-track" in n.classes()]
    assert "Cross-channel 35" not in as_text(report_document(data), "md")
