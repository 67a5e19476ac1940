"""omnicheck diff: two assessments of one business, across the examples and rubric versions."""

from __future__ import annotations

import html
import json
import math
import re
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from omnicheck.cli.app import app
from omnicheck.loading import answers_for_rubric, answers_from, rubric_from
from omnicheck.report.data import build_report
from omnicheck.report.diff import diff_assessments
from omnicheck.report.words import bundled
from omnicheck.rubric.conditions import compare
from omnicheck.scoring.assessment import assess
from omnicheck.source.resources import default_rubric_path
from tests.conftest import EXAMPLES, ROOT, assert_self_contained_html
from tests.goldens import check_golden, check_page_golden

runner = CliRunner()
OUTDOOR = ROOT / "examples" / "outdoor-retailer.yaml"
SKINCARE = ROOT / "examples" / "skincare-brand.yaml"


@pytest.fixture(scope="module")
def rubric_v11(tmp_path_factory) -> Path:
    """The bundled rubric as a later version: content.brand renamed to content.style.

    Made from the bundled file at test time, so it never drifts from it: two
    small edits, each checked to have applied.
    """
    text = default_rubric_path().read_text(encoding="utf-8")
    for old, new in [
        ('version: "1.0"', 'version: "1.1"'),
        ("id: content.brand\n", "id: content.style\n"),
    ]:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path = tmp_path_factory.mktemp("rubrics") / "omnichannel-1.1.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def later(tmp_path: Path, source: Path, changes: dict, *, version: str | None = None) -> Path:
    """A copy of ``source`` a year on: some answers changed, perhaps for another rubric version."""
    doc = yaml.safe_load(source.read_text(encoding="utf-8"))
    doc["answers"].update(changes)
    for key in [k for k, v in changes.items() if v is None]:
        del doc["answers"][key]
    if version is not None:
        doc["rubric"]["version"] = version
    path = tmp_path / f"{source.stem}-later.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    return path


def diff_of(old: Path, new: Path, rubric, old_rubric=None) -> dict:
    before_rubric = old_rubric or rubric
    return diff_assessments(
        assess(before_rubric, answers_for_rubric(old, before_rubric)),
        assess(rubric, answers_for_rubric(new, rubric)),
    )


def test_progress_of_one_business(tmp_path, rubric):
    new = later(
        tmp_path,
        OUTDOOR,
        {
            "check.same_promotion": "yes",  # the earlier report's first action
            "content.prices": "most",  # two steps at once
            "record.online_store": "two_way",
            "record.email": "two_way",  # the two now share context: a linked pair
            "coverage.help": "one_channel",  # went backwards
            "budget": "high",
        },
    )
    d = diff_of(OUTDOOR, new, rubric)
    before = assess(rubric, answers_from(OUTDOOR, rubric))
    after = assess(rubric, answers_from(new, rubric))
    assert d["same_business"] and d["old"]["business"] == "Northfield Outdoor"
    assert d["level"] == {
        "from": "multichannel",
        "to": "cross-channel",
        "from_name": "Multichannel",
        "to_name": "Cross-channel",
        "change": "up",
    }
    assert d["index"] == {
        "from": round(before.index, 1),
        "to": round(after.index, 1),
        "change": round(round(after.index, 1) - round(before.index, 1), 1),
    }
    content = next(x for x in d["dimensions"] if x["id"] == "content")
    assert content["change"] > 0 and content["from"] == 22.2
    done = {a["question"]: a for a in d["steps_done"]}
    assert {"check.same_promotion", "content.prices"} <= set(done)
    assert done["content.prices"]["now"] == "Most channels"
    # ranked as the earlier report's plan ranked them, which is what the client read
    first = next(s for s in before.plan.steps if s.question == "check.same_promotion")
    assert done["check.same_promotion"]["rank"] == first.rank
    assert [x["question"] for x in d["declines"]] == ["coverage.help"]
    assert [x["question"] for x in d["other_changes"]] == ["budget"]
    met = {(g["level"], g["id"]) for g in d["gates"]["met"]}
    assert ("cross-channel", "linked-pair") in met and d["gates"]["lost"] == []
    # the blockers now are the new level's, and the old ones are cleared
    assert {b["level"] for b in d["blockers"]["now"]} == {"omnichannel"}
    assert {b["level"] for b in d["blockers"]["cleared"]} == {"cross-channel"}
    assert d["rubric"]["differs"] is False and d["rubric"]["questions_added"] == []


def test_the_files_are_ordered_by_their_assessment_dates(tmp_path, rubric):
    """Given newest first, the diff still reads from the earlier assessment to the later."""
    given = diff_of(REASSESSED, OUTDOOR, rubric)
    assert (given["old"]["source"], given["new"]["source"]) == (str(OUTDOOR), str(REASSESSED))
    assert (given["old"]["assessed"], given["new"]["assessed"]) == ("2024-11-19", "2025-11-18")
    assert given["ordered_by"] == "assessed" and given["swapped"] is True
    assert given["index"]["change"] > 0
    assert diff_of(OUTDOOR, REASSESSED, rubric)["swapped"] is False
    # Without both dates, the order given stands.
    undated = tmp_path / "undated.yaml"
    doc = yaml.safe_load(REASSESSED.read_text(encoding="utf-8"))
    del doc["assessed"]
    undated.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    d = diff_of(undated, OUTDOOR, rubric)
    assert d["ordered_by"] == "arguments" and d["swapped"] is False
    assert (d["old"]["assessed"], d["new"]["source"]) == (None, str(OUTDOOR))


@pytest.mark.parametrize("old", EXAMPLES, ids=lambda p: p.stem)
@pytest.mark.parametrize("new", EXAMPLES, ids=lambda p: p.stem)
def test_every_pair_of_examples(old, new, rubric):
    d = diff_of(old, new, rubric)
    json.dumps(d)  # JSON-able throughout
    assert d["same_business"] is (old == new)
    if old == new:
        assert d["level"]["change"] == "same" and d["steps_done"] == []
        assert d["gates"] == {"met": [], "lost": []} and d["declines"] == []
        assert all(x["change"] in (0, None) for x in [d["index"], *d["dimensions"]])
    ranks = [level.id for level in rubric.levels]
    step = ranks.index(d["level"]["to"]) - ranks.index(d["level"]["from"])
    assert d["level"]["change"] == ("up" if step > 0 else "down" if step < 0 else "same")


def test_a_file_for_an_older_rubric_version_is_read_leniently(tmp_path, rubric_v11):
    """OLD says 1.0 and answers content.brand; the 1.1 rubric asks content.style instead."""
    v11 = rubric_from(rubric_v11)
    new = later(tmp_path, SKINCARE, {"content.brand": None, "content.style": "all"}, version="1.1")
    d = diff_of(SKINCARE, new, v11)
    r = d["rubric"]
    assert (r["old_version"], r["new_version"], r["differs"]) == ("1.0", "1.1", True)
    assert r["scored_with"] == ["1.1", "1.1"] and r["compared"] == "answers"
    assert r["questions_added"] == [{"id": "content.style", "text": "Consistent brand"}]
    assert r["questions_removed"] == [{"id": "content.brand", "text": "content.brand"}]
    assert d["old"]["set_aside"] == [
        {
            "question": "content.brand",
            "text": "content.brand",  # the rubric that scores it does not know it
            "kind": "unknown",
            "reason": "not in rubric omnichannel version 1.1",
        }
    ]
    assert d["old"]["unanswered"] == ["content.style"] and d["new"]["set_aside"] == []
    assert d["old"]["unanswered_questions"] == [{"id": "content.style", "text": "Consistent brand"}]


def test_each_file_with_its_own_rubric(tmp_path, rubric, rubric_v11):
    v11 = rubric_from(rubric_v11)
    new = later(tmp_path, SKINCARE, {"content.brand": None, "content.style": "all"}, version="1.1")
    d = diff_of(SKINCARE, new, v11, old_rubric=rubric)
    r = d["rubric"]
    assert r["scored_with"] == ["1.0", "1.1"] and r["compared"] == "rubrics"
    assert r["questions_added"] == [{"id": "content.style", "text": "Consistent brand"}]
    assert r["questions_removed"] == [{"id": "content.brand", "text": "Consistent brand"}]
    assert d["old"]["set_aside"] == [] and d["old"]["unanswered"] == []
    # the same answers under both versions: nothing moved
    assert d["index"]["change"] == 0 and d["level"]["change"] == "same"


def test_lenient_reading_sets_aside_what_the_rubric_cannot_use(tmp_path, rubric_v11):
    v11 = rubric_from(rubric_v11)
    old = later(tmp_path, SKINCARE, {"goal": "world_domination"})  # still 1.0
    answers = answers_for_rubric(old, v11)
    assert answers.rubric_version == "1.0"
    kinds = {s.question: s.kind for s in answers.set_aside}
    assert kinds == {"content.brand": "unknown", "goal": "invalid"}
    assert "goal" not in answers.answers


def test_cli_text_and_formats(tmp_path, rubric_v11):
    new = later(tmp_path, OUTDOOR, {"check.same_promotion": "yes"})
    text = runner.invoke(app, ["diff", str(OUTDOOR), str(new)])
    assert text.exit_code == 0, text.output
    assert "Level   Multichannel → Multichannel  = unchanged" in text.stdout
    assert "Done from the earlier plan" in text.stdout
    # numbered as the earlier plan numbered it (2, after a hand-off), as the Markdown diff is
    assert "✓ 2. Promotion honoured everywhere: No → Yes" in text.stdout
    md = runner.invoke(app, ["diff", str(OUTDOOR), str(new), "-f", "md"])
    assert md.stdout.startswith("# Progress report: Northfield Outdoor")
    # the earlier report's plan numbers it 2, after a hand-off: the diff uses its numbers, and
    # its gain as that report shows it (16.0 to 17.3)
    assert "| 2 | Promotion honoured everywhere | No | Yes | Yes | +1.3 |" in md.stdout
    # The client reads file names, never the folders they sit in.
    assert "now: outdoor-retailer-later.yaml" in md.stdout and str(tmp_path) not in md.stdout
    out = tmp_path / "diff.json"
    written = runner.invoke(app, ["diff", str(OUTDOOR), str(new), "-o", str(out)])
    assert written.exit_code == 0 and json.loads(out.read_text())["schema"] == "omnicheck.diff/3"
    versions = runner.invoke(
        app, ["diff", str(SKINCARE), str(SKINCARE), "--rubric", str(rubric_v11), "-f", "md"]
    )
    assert versions.exit_code == 0, versions.output
    assert "Both files were answered for version 1.0" in versions.stdout
    assert "**Before: answers set aside** (version 1.1 cannot use them" in versions.stdout


def test_html_diff_escapes_and_is_self_contained(tmp_path):
    hostile = "<img src=x onerror=alert(1)> & Co"
    doc = yaml.safe_load(OUTDOOR.read_text(encoding="utf-8"))
    doc["business"]["name"] = hostile
    new = tmp_path / "new.yaml"
    new.write_text(yaml.safe_dump(doc), encoding="utf-8")
    result = runner.invoke(app, ["diff", str(OUTDOOR), str(new), "-f", "html"])
    assert result.exit_code == 0, result.output
    assert (
        "<img" not in result.stdout
        and "&lt;img src=x onerror=alert(1)&gt; &amp; Co" in result.stdout
    )
    assert_self_contained_html(result.stdout)


def test_bad_input_is_located_and_writes_nothing(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        OUTDOOR.read_text(encoding="utf-8").replace("goal: balanced", "goal: [x"), "utf-8"
    )
    out = tmp_path / "diff.md"
    result = runner.invoke(app, ["diff", str(OUTDOOR), str(bad), "-o", str(out)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{bad}:") and "Traceback" not in result.output
    assert not out.exists()
    other = tmp_path / "other.yaml"
    other.write_text("id: other\n", encoding="utf-8")
    mismatch = runner.invoke(app, ["diff", str(OUTDOOR), str(OUTDOOR), "--old-rubric", str(other)])
    assert mismatch.exit_code == 2


REASSESSED = ROOT / "examples" / "reassessment" / "outdoor-retailer-a-year-later.yaml"
EXAMPLES_BY_STEM = {p.stem: p for p in EXAMPLES}


@pytest.mark.parametrize("fmt", ["md", "json", "html"])
def test_golden_diff_of_a_reassessed_business(fmt, update_golden, monkeypatch):
    """The bundled re-assessment: the outdoor retailer after linking its two busiest journeys."""

    monkeypatch.chdir(ROOT)  # the report names the files as given: keep them relative
    old, new = (p.relative_to(ROOT) for p in (EXAMPLES_BY_STEM["outdoor-retailer"], REASSESSED))
    result = runner.invoke(app, ["diff", str(old), str(new), "--format", fmt])
    assert result.exit_code == 0, result.stderr
    name = f"diff-outdoor-retailer-a-year-later.{fmt}"
    if fmt == "html":
        check_page_golden(name, result.stdout, update_golden, sheet="page.css")
    else:
        check_golden(name, result.stdout, update_golden)


def test_the_reassessment_reads_as_progress(rubric):
    old = assess(rubric, answers_from(EXAMPLES_BY_STEM["outdoor-retailer"], rubric))
    new = assess(rubric, answers_from(REASSESSED, rubric))
    # one automated, two-way link between web shop and store is enough for cross-channel,
    # even below the 35-point band: the level says why, the diff shows what changed
    assert (old.level.level, new.level.level) == ("multichannel", "cross-channel")
    assert new.index is not None and old.index is not None and new.index > old.index
    assert new.links is not None and new.links.linked_pairs >= 1


def test_text_from_answers_is_never_read_as_terminal_markup(tmp_path):
    channels = yaml.safe_load(OUTDOOR.read_text())["answers"]["channels"]
    name = "[/x] Pop-up [in-store]"
    new = later(
        tmp_path,
        OUTDOOR,
        {"channels": ["other", *channels], "channels_other": name, "record.other": "manual"},
    )
    result = runner.invoke(app, ["diff", str(OUTDOOR), str(new)])
    assert result.exit_code == 0, result.stderr
    assert f"+{name}" in result.stdout


CLAIM = re.compile(
    r"^- ✅ (?P<label>.+) \(before: (?P<before>[-\d.]+)%?; now: (?P<now>[-\d.]+)%?; "
    r"needed: (?P<needed>[-\d.]+)%?\)$"
)
BYPASS = re.compile(
    r"^- (?P<label>.+) \(now: (?P<now>[-\d.]+)%?; needed: (?P<needed>[-\d.]+)%?\): "
)


def _pairs(tmp_path: Path) -> list[tuple[Path, Path]]:
    """Every pair of examples, the bundled reassessment both ways, and a business that fell back."""
    fell = later(tmp_path, REASSESSED, {"handoff.online_store": [], "handoff.physical_store": []})
    pairs = [(a, b) for a in EXAMPLES for b in EXAMPLES]
    return [*pairs, (OUTDOOR, REASSESSED), (REASSESSED, OUTDOOR), (REASSESSED, fell)]


def test_every_cleared_line_is_true_of_the_numbers(tmp_path, rubric):
    """Each "cleared" claim names a requirement met now, with the figures that meet it;
    each "no longer needed" one, a requirement still unmet whose level was reached."""
    claims = bypasses = 0
    for old, new in _pairs(tmp_path):
        md = runner.invoke(app, ["diff", str(old), str(new), "-f", "md"]).stdout
        d = diff_of(old, new, rubric)
        now = {bundled().check(g): g for g in build_report(assess(rubric, answers_for_rubric(
            Path(d["new"]["source"]), rubric)))["gates"]}  # fmt: skip
        lines = md.splitlines()
        for i, line in enumerate(lines):
            if line.startswith(("**Cleared since before**", "**No longer needed**")):
                assert lines[i - 1] == "", "a paragraph after a list must not join the list"
            if match := CLAIM.match(line):
                gate = now[match["label"]]
                figure, needed = float(match["now"]), float(match["needed"])
                assert gate["met"] and figure == gate["actual"] and needed == gate["required"]
                assert compare(figure, gate["op"], needed), line
                claims += 1
            elif (match := BYPASS.match(line)) and match["label"] in now:
                gate = now[match["label"]]
                figure, needed = float(match["now"]), float(match["needed"])
                assert not gate["met"] and not compare(figure, gate["op"], needed), line
                assert gate["level"] in _reached(rubric, d), line  # reached another way
                bypasses += 1
        assert "Cleared since before: " not in md  # the old one-line claim
    assert claims >= 2 and bypasses >= 1  # the checks above ran on real lines
    reassessed = runner.invoke(app, ["diff", str(OUTDOOR), str(REASSESSED), "-f", "md"]).stdout
    assert "- ✅ Integration index at least 35" not in reassessed  # 34.1 is not 35
    assert "- Integration index at least 35 (now: 34.1; needed: 35): Cross-channel" in reassessed


def _reached(rubric, d: dict) -> list[str]:
    ids = [level.id for level in rubric.levels]
    return ids[: ids.index(d["level"]["to"]) + 1]


def test_the_html_page_says_what_the_markdown_says(tmp_path):
    """Every row and sentence of the Markdown, as text, in the HTML page; plus the radar."""
    for old, new in [(OUTDOOR, REASSESSED), (SKINCARE, OUTDOOR)]:
        md = runner.invoke(app, ["diff", str(new), str(old), "-f", "md"]).stdout
        page = runner.invoke(app, ["diff", str(new), str(old), "-f", "html"]).stdout
        body = page[page.index("<body>") :]
        blocks = re.sub(
            r"</?(?:t[dhr]|li|p|h\d|ul|div|table|figure|figcaption|svg)\b[^>]*>", " ", body
        )
        text = " ".join(html.unescape(re.sub(r"<[^>]+>", "", blocks)).split())
        for line in md.splitlines():
            if not line.strip() or line.startswith(("|---", "#")):
                continue
            words = re.sub(r"\*\*|(?<!\w)\*|\*(?!\w)|`|^- |\\", "", line)
            # the page's marks are in every font; GitHub draws the Markdown's as emoji
            words = words.replace("✅", "✓").replace("❌", "✗")
            for cell in (c.strip() for c in words.strip("|").split("|")):
                assert " ".join(cell.split()) in text, cell
        assert "`" not in text and "”. Both were scored with version 1.0" in text  # a space
        assert re.search(r"\bcross-channel\b", text) is None  # names, not ids
        assert 'class="chart compare-radar"' in page
        for path in (old, new):
            assert str(path.parent) not in md + page  # file names only


def test_the_radar_draws_both_assessments():
    from omnicheck.report.charts_compare import compare_radar

    d = diff_of(OUTDOOR, REASSESSED, rubric_from(None))
    chart = compare_radar(d)
    assert [a["id"] for a in chart["axes"]] == [x["id"] for x in d["dimensions"]]
    for axis, x in zip(chart["axes"], d["dimensions"], strict=True):
        assert (axis["before"], axis["now"]) == (x["from"], x["to"])
        # a point's distance from the centre is its score, out of 100 at the spoke's end
        for key, score in (("before", x["from"]), ("now", x["to"])):
            spoke = math.hypot(axis["end_x"], axis["end_y"])
            assert math.hypot(axis[f"{key}_x"], axis[f"{key}_y"]) == pytest.approx(
                spoke * score / 100, abs=0.15
            )
    # small enough for a phone: at its narrowest, 14 px labels stay at 11 px or more
    assert chart["min_width"] <= 320 and 14 * chart["min_width"] / chart["width"] >= 11


def test_terminal_diff_gives_done_steps_and_gates_as_the_markdown_diff_does():
    """Numbered as the earlier plan numbered them, from then to what was planned (as the
    history says), the answer now where it went further; and a gate is listed once."""
    later_file = ROOT / "examples" / "reassessment" / "outdoor-retailer-a-year-later.yaml"
    data = json.loads(
        runner.invoke(app, ["diff", str(OUTDOOR), str(later_file), "-f", "json"]).stdout
    )
    text = runner.invoke(app, ["diff", str(OUTDOOR), str(later_file)], env={"COLUMNS": "200"})
    assert text.exit_code == 0, text.output
    lines = [line.rstrip() for line in text.stdout.splitlines()]
    assert "Done from the earlier plan" in lines
    for a in data["steps_done"]:
        move = f"{a['from']} → {a['planned']}" if a["from"] else f"add {a['planned']}"
        want = f"✓ {a['rank']}. {a['text']}: {move}"
        if a["now"] != a["planned"]:
            want += f" (now {a['now']})"
        assert want in lines
    assert any(a["now"] != a["planned"] for a in data["steps_done"])
    met = {(g["level"], g["id"]) for g in data["gates"]["met"]}
    assert met & {(b["level"], b["id"]) for b in data["blockers"]["cleared"]}
    for g in data["gates"]["met"]:
        assert sum(line.startswith("✓ " + bundled().check(g)) for line in lines) == 1


def test_the_terminal_notes_on_rubric_versions_count_in_words(tmp_path):
    older = tmp_path / "old.yaml"
    older.write_text(
        OUTDOOR.read_text(encoding="utf-8").replace('version: "1.0"', 'version: "0.9"', 1),
        encoding="utf-8",
    )
    later = ROOT / "examples" / "reassessment" / "outdoor-retailer-a-year-later.yaml"
    result = runner.invoke(app, ["diff", str(older), str(later)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.stderr
    assert "0 answers set aside, 0 questions unanswered." in result.stdout
    assert "(s)" not in result.stdout
    assert "The full diff lists them." not in result.stdout  # nothing to list


def test_the_terminal_diff_warns_of_two_different_businesses():
    skincare = ROOT / "examples" / "skincare-brand.yaml"
    result = runner.invoke(app, ["diff", str(OUTDOOR), str(skincare)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[2] == "The two files name different businesses."
    later = ROOT / "examples" / "reassessment" / "outdoor-retailer-a-year-later.yaml"
    same = runner.invoke(app, ["diff", str(OUTDOOR), str(later)]).stdout
    assert "different businesses" not in same
