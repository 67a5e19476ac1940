"""``omnicheck history``: one business over many visits, every figure the reports' and diff's.

The example is three visits of the outdoor retailer (examples/outdoor-retailer.yaml
and examples/reassessment/): up a level, then gates won and one lost.
"""

from __future__ import annotations

import itertools
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from omnicheck.cli.app import app
from omnicheck.report.line_chart import line_chart
from tests.conftest import ROOT
from tests.goldens import check_golden, check_page_golden

runner = CliRunner()
VISITS = [
    ROOT / "examples" / "outdoor-retailer.yaml",
    ROOT / "examples" / "reassessment" / "outdoor-retailer-a-year-later.yaml",
    ROOT / "examples" / "reassessment" / "outdoor-retailer-two-years-later.yaml",
]
LOCATED = re.compile(r"^\S+:\d+:\d+: ")


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def history_json(*files: Path) -> dict:
    status, out, err = run("history", *map(str, files), "--format", "json")
    assert status == 0, err
    return json.loads(out)


def report_json(path: Path) -> dict:
    return json.loads(run("report", str(path), "--format", "json")[1])


def test_each_visit_is_its_report():
    h = history_json(*VISITS)
    assert h["schema"] == "omnicheck.history/1"
    assert h["ordered_by"] == "assessed"
    assert [v["file"] for v in h["visits"]] == [p.name for p in VISITS]
    for visit, path in zip(h["visits"], VISITS, strict=True):
        r = report_json(path)
        assert (visit["level"], visit["index"]) == (r["level"], r["index"])
        assert visit["dimensions"] == {d["id"]: d["score"] for d in r["dimensions"]}
        assert visit["plan_steps"] == len(r["plan"]["steps"])
    assert [v["level"] for v in h["visits"]] == ["multichannel", "cross-channel", "cross-channel"]


def test_each_change_is_the_diff_of_two_visits():
    h = history_json(*VISITS)
    assert len(h["changes"]) == 2
    for change, (old, new) in zip(h["changes"], itertools.pairwise(VISITS), strict=True):
        _, out, _ = run("diff", str(old), str(new), "--format", "json")
        d = json.loads(out)
        assert change["index"] == d["index"] and change["level"] == d["level"]
        assert [g["id"] for g in change["gates_met"]] == [g["id"] for g in d["gates"]["met"]]
        assert [g["id"] for g in change["gates_lost"]] == [g["id"] for g in d["gates"]["lost"]]
    second = h["changes"][1]
    assert [g["id"] for g in second["gates_lost"]] == ["all-stages"]
    assert "cross-channel-band" in [g["id"] for g in second["gates_met"]]


def test_plan_steps_done_reach_what_the_step_asked_for():
    h = history_json(*VISITS[:2])
    first, later = report_json(VISITS[0]), report_json(VISITS[1])
    (change,) = h["changes"]
    assert change["steps_planned"] == len(first["plan"]["steps"])
    answers = {a["question"]: a for a in later["answers"]}
    done = {s["question"] for s in change["steps_done"]}
    assert "handoff.online_store" in done  # a hand-off, now listed
    assert "content.prices" in done  # manual → some asked, some given
    assert "measurement.kpis" not in done  # still none
    for s in first["plan"]["steps"]:
        if s["kind"] != "handoff" and s["question"] not in done:
            assert answers[s["question"]]["label"] != s["to"]["label"], s["question"]


def test_formats(tmp_path):
    status, text, _ = run("history", *map(str, VISITS))
    assert status == 0
    assert "History: Northfield Outdoor" in text and "✗ lost: Channels are linked" in text
    assert "Plan steps done: 22 of 44" in text
    for suffix, marker in (
        (".md", "## Dimensions over time"),
        (".html", '<svg class="chart line"'),
    ):
        out = tmp_path / f"h{suffix}"
        status, _, err = run("history", *map(str, VISITS), "-o", str(out))
        assert status == 0, err
        assert marker in out.read_text(encoding="utf-8")
    status, dashed, _ = run("history", *map(str, VISITS), "-o", "-")
    assert dashed == text


def test_another_rubric_version_is_read_and_its_questions_marked(tmp_path):
    old = tmp_path / "old.yaml"
    text = VISITS[0].read_text(encoding="utf-8").replace('version: "1.0"', 'version: "0.9"')
    old.write_text(text.replace("  goal: balanced\n", "  goal: balanced\n  legacy.kiosk: none\n"))
    h = history_json(old, VISITS[1])
    (change,) = h["changes"]
    assert change["rubric"]["differs"] and h["rubric_changed"]
    assert [q["id"] for q in change["rubric"]["questions_removed"]] == ["legacy.kiosk"]
    assert h["visits"][0]["answered_version"] == "0.9"
    md = run("history", str(old), str(VISITS[1]), "--format", "md")[1]
    assert "**Rubric changed:** answered for version 0.9, then 1.0." in md
    assert "(answered for version 0.9)" in md


def refused(tmp_path: Path, *files: Path) -> str:
    out = tmp_path / "h.md"
    status, stdout, err = run("history", *map(str, files), "-o", str(out))
    assert status == 2, err
    assert not out.exists() and stdout == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]


def test_one_visit_is_refused(tmp_path):
    line = refused(tmp_path, VISITS[0])
    assert line.startswith(f"{VISITS[0]}:") and LOCATED.match(line)
    assert "history needs two or more visits" in line


def test_two_businesses_are_refused(tmp_path):
    other = tmp_path / "other.yaml"
    other.write_text(VISITS[1].read_text(encoding="utf-8").replace("Northfield", "Southgate"))
    line = refused(tmp_path, VISITS[0], other)
    assert line.startswith(f"{other}:") and LOCATED.match(line)
    assert "history follows one business" in line


def test_a_bad_visit_is_located(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(VISITS[1].read_text(encoding="utf-8").replace("budget: medium", "budget: x"))
    line = refused(tmp_path, VISITS[0], bad)
    assert line.startswith(f"{bad}:") and "unknown option 'x'" in line


def redated(tmp_path: Path, path: Path, day: str | None) -> Path:
    """A copy of a visit with another ``assessed:`` date, or none."""
    text = re.sub(r"^assessed: .*\n", "", path.read_text(encoding="utf-8"), flags=re.M)
    if day is not None:
        text = text.replace("\nbusiness:", f"\nassessed: {day}\nbusiness:", 1)
    out = tmp_path / path.name
    out.write_text(text, encoding="utf-8")
    return out


def test_dated_visits_are_taken_in_date_order():
    h = history_json(VISITS[2], VISITS[0], VISITS[1])
    assert h["ordered_by"] == "assessed"
    assert [v["file"] for v in h["visits"]] == [p.name for p in VISITS]
    assert [v["assessed"] for v in h["visits"]] == ["2024-11-19", "2025-11-18", "2026-11-17"]
    md = run("history", *map(str, VISITS), "--format", "md")[1]
    assert "| 2025-11-18 | `outdoor-retailer-a-year-later.yaml` |" in md


def test_two_visits_of_one_date_are_refused(tmp_path):
    again = redated(tmp_path, VISITS[1], "2024-11-19")
    line = refused(tmp_path, VISITS[0], again)
    assert line.startswith(f"{again}:") and LOCATED.match(line)
    assert "assessed 2024-11-19 is also the date of" in line


def test_a_visit_without_a_date_keeps_the_order_given(tmp_path):
    undated = redated(tmp_path, VISITS[0], None)
    h = history_json(VISITS[1], undated)
    assert h["ordered_by"] == "arguments"
    assert [v["file"] for v in h["visits"]] == [VISITS[1].name, VISITS[0].name]
    assert h["visits"][1]["assessed"] is None


def test_a_missing_figure_breaks_the_line():
    c = line_chart([10.0, None, 30.0, 40.0], ["a", "b", "c", "d"], top=100, ticks=[(0, "0")])
    assert len(c["segments"]) == 1  # the lone first point is a dot, not a line
    assert len(c["dots"]) == 3
    assert [x["text"] for x in c["x_labels"]] == ["a", "b", "c", "d"]
    many = line_chart([1.0] * 20, [f"2026-01-{i:02}" for i in range(1, 21)], top=100, ticks=[])
    shown = [x["text"] for x in many["x_labels"]]
    assert shown[0] == "2026-01-01" and shown[-1] == "2026-01-20" and len(shown) < 20


def test_installed_script(tmp_path):
    script = Path(sys.executable).parent / "omnicheck"
    done = subprocess.run(
        [str(script), "history", *map(str, VISITS), "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)["visits"]) == 3


@pytest.mark.parametrize("fmt", ["md", "json", "html", "text"])
def test_golden_history(fmt, update_golden, monkeypatch):
    monkeypatch.chdir(ROOT)
    files = [str(p.relative_to(ROOT)) for p in VISITS]
    status, out, err = run("history", *files, "--format", fmt)
    assert status == 0, err
    name = f"history-outdoor-retailer.{'txt' if fmt == 'text' else fmt}"
    if fmt == "html":
        check_page_golden(name, out, update_golden, sheet="page.css")
    else:
        check_golden(name, out, update_golden)


@pytest.mark.parametrize("fmt", ["text", "md", "html"])
def test_a_hand_off_done_is_worded_as_adding_a_channel(fmt):
    """As the report and the plan word it: a hand-off adds a channel, from no answer."""
    status, out, err = run("history", *map(str, VISITS), "-f", fmt)
    assert status == 0, err
    assert "Online store: hand-offs: add Email (purchase)" in out
    assert "none →" not in out
