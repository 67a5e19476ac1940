"""``omnicheck plan``: the plan's steps as CSV tasks, a Markdown checklist and JSON.

The CSV is read back with Python's csv module, as an importer reads it, and
checked against the report's own plan: one row per step, in plan order.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from omnicheck.cli.app import app
from omnicheck.report.plan_tasks import COLUMNS
from tests.conftest import GOLDEN, ROOT

runner = CliRunner()
OUTDOOR = ROOT / "examples" / "outdoor-retailer.yaml"
BAKERY = ROOT / "examples" / "bakery.yaml"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def report_plan(path: Path) -> dict:
    status, out, err = run("report", str(path), "--format", "json")
    assert status == 0, err
    return json.loads(out)["plan"]


def read_rows(text: str) -> list[dict[str, str]]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    assert tuple(reader.fieldnames or ()) == COLUMNS
    return list(reader)


def test_csv_has_one_row_per_step_in_plan_order(tmp_path):
    out = tmp_path / "plan.csv"
    status, _, err = run("plan", str(OUTDOOR), "-o", str(out))
    assert status == 0, err
    assert f"Wrote {out} (CSV" in err
    rows = read_rows(out.read_text(encoding="utf-8"))
    steps = report_plan(OUTDOOR)["steps"]
    assert len(rows) == len(steps) > 10
    for row, step in zip(rows, steps, strict=True):
        assert row["Summary"].startswith(step["text"] + ": ")
        # A hand-off adds a channel to a list; any other step moves from one option to another.
        move = "add " if step["kind"] == "handoff" else "→ "
        assert row["Summary"].endswith(move + step["to"]["label"])
        assert row["Description"].startswith(step["advice"])
        assert row["Phase"] == step["phase_name"]
        assert row["Effort"] == step["effort"]
        assert float(row["Gain"]) == pytest.approx(step["gain"], abs=0.05)
        assert row["Quick win"] == ("yes" if step["quick_win"] else "no")
        assert row["Assignee"] == row["Due date"] == ""
    # The first step reaches the target and says what it clears.
    first = rows[0]
    assert first["Level after"] == "Cross-channel"
    assert "\n\nClears: At least one pair of channels" in first["Description"]
    assert sum(r["Quick win"] == "yes" for r in rows) >= 1


def test_csv_is_the_default_and_dash_is_standard_output(tmp_path):
    status, plain, _ = run("plan", str(OUTDOOR))
    assert status == 0
    status, dashed, _ = run("plan", str(OUTDOOR), "-o", "-")
    assert status == 0
    assert plain == dashed
    assert plain.startswith("Summary,Description,")
    out = tmp_path / "plan.csv"
    assert run("plan", str(OUTDOOR), "-o", str(out))[0] == 0
    # RFC 4180 line ends, as importers expect; a line break inside a cell stays LF.
    assert out.read_bytes().startswith(b"Summary,Description,Phase,")
    assert out.read_bytes().count(b"\r\n") == len(read_rows(plain)) + 1


def test_one_channel_business_has_a_header_and_no_rows():
    status, out, _ = run("plan", str(BAKERY))
    assert status == 0
    assert read_rows(out) == []


def hostile_channel(tmp_path: Path, name: str) -> Path:
    """The outdoor retailer with an "other" channel of this name."""
    text = OUTDOOR.read_text(encoding="utf-8")
    channels = "channels: [physical_store, online_store, email, social_media, paid_ads, phone"
    text = text.replace(channels, f"{channels}, other")
    other = f"\n  channels_other: {json.dumps(name)}"
    text = text.replace("\n  dominant_share", other + "\n  dominant_share")
    text = text.replace("  handoff.phone: []", "  handoff.phone: []\n  handoff.other: []")
    text = text.replace("  record.phone: none", "  record.phone: none\n  record.other: none")
    path = tmp_path / "hostile.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("name", ['=HYPERLINK("http://evil.test/")', "@SUM(1+1)", "+1+1", "-2"])
def test_csv_cells_never_start_a_formula(tmp_path, name):
    path = hostile_channel(tmp_path, name)
    status, out, err = run("plan", str(path))
    assert status == 0, err
    rows = read_rows(out)
    named = [r for r in rows if name in r["Summary"]]
    assert named, "the channel's own step should name it"
    assert all(r["Summary"] == "'" + r["Summary"][1:] for r in named)
    assert not any(v.startswith(FORMULA_START) for r in rows for v in r.values())


def test_csv_hides_control_characters(tmp_path):
    path = hostile_channel(tmp_path, "Kiosk\x1b]0;pwned\x07")
    status, out, _ = run("plan", str(path))
    assert status == 0
    assert "\x1b" not in out and "Kiosk\\x1b]0;pwned\\x07" in out


def test_markdown_checklist(tmp_path):
    out = tmp_path / "plan.md"
    status, _, err = run("plan", str(OUTDOOR), "-o", str(out))
    assert status == 0, err
    text = out.read_text(encoding="utf-8")
    steps = report_plan(OUTDOOR)["steps"]
    boxes = [line for line in text.splitlines() if line.startswith("- [ ] ")]
    assert len(boxes) == len(steps)
    assert "## Reach Cross-channel" in text and "### 1. Consistent content" in text
    assert "\n\n\n" not in text


def test_markdown_escapes_the_channel_name(tmp_path):
    path = hostile_channel(tmp_path, "<img src=x onerror=alert(1)> [x](javascript:1)")
    status, out, _ = run("plan", str(path), "--format", "md")
    assert status == 0
    assert "<img" not in out and re.search(r"(?<!\\)\]\(", out) is None
    assert "&lt;img src=x onerror=alert(1)&gt; \\[x\\](javascript:1)" in out


def test_json_is_the_reports_plan():
    status, out, _ = run("plan", str(OUTDOOR), "--format", "json")
    assert status == 0
    doc = json.loads(out)
    assert doc["schema"] == "omnicheck.plan/1"
    assert doc["business"]["name"] == "Northfield Outdoor"
    assert doc["plan"] == report_plan(OUTDOOR)


def test_unknown_extension_and_bad_answers_write_nothing(tmp_path):
    status, _, err = run("plan", str(OUTDOOR), "-o", str(tmp_path / "plan.html"))
    assert status == 2
    assert "plan.html" in err and ".csv" in err
    bad = tmp_path / "bad.yaml"
    bad.write_text(OUTDOOR.read_text(encoding="utf-8").replace("budget: medium", "budget: lots"))
    out = tmp_path / "plan.csv"
    status, _, err = run("plan", str(bad), "-o", str(out))
    assert status == 2
    assert len(err.strip().splitlines()) == 1 and f"{bad}:" in err
    assert not out.exists()


def test_installed_script_writes_the_csv(tmp_path):
    script = Path(sys.executable).parent / "omnicheck"
    out = tmp_path / "plan.csv"
    done = subprocess.run(
        [str(script), "plan", str(OUTDOOR), "-o", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert len(read_rows(out.read_text(encoding="utf-8"))) == len(report_plan(OUTDOOR)["steps"])


@pytest.mark.parametrize("fmt", ["csv", "md"])
def test_golden_plan(fmt, update_golden):
    status, out, _ = run("plan", str(OUTDOOR), "--format", fmt)
    assert status == 0
    golden = GOLDEN / f"plan-outdoor-retailer.{fmt}"
    if update_golden:
        golden.write_bytes(out.encode())
    assert out == golden.read_bytes().decode()


def test_a_step_that_reaches_a_level_is_not_shown_as_worth_nothing(tmp_path):
    """Outdoor retailer's first step adds a hand-off: 0.0 points, but it reaches Cross-channel.
    The checklist says what it does, not "+0.0 points", and words the hand-off as an addition."""
    out = tmp_path / "plan.md"
    status, _, err = run("plan", str(OUTDOOR), "--format", "md", "-o", str(out))
    assert status == 0, err
    text = out.read_text(encoding="utf-8")
    first = next(line for line in text.splitlines() if "Online store: hand-offs" in line)
    assert "add Email (purchase)" in first and "none →" not in first
    assert "+0.0" not in first and "level after: Cross-channel" in first
    rows = read_rows(run("plan", str(OUTDOOR))[1])
    assert rows[0]["Summary"] == "Online store: hand-offs: add Email (purchase)"


def test_the_checklist_names_the_rubric_by_its_title_not_its_id(tmp_path):
    from omnicheck.loading import rubric_from
    from omnicheck.source.resources import default_rubric_path

    rubric = rubric_from(default_rubric_path())
    status, out, err = run("plan", str(OUTDOOR), "--format", "md")
    assert status == 0, err
    head = out.splitlines()[2]
    assert f"{rubric.title}, version {rubric.version}" in head
    assert f"`{rubric.id}`" not in out
