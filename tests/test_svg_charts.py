"""Chart geometry: each mark sits where the report's numbers put it."""

from __future__ import annotations

import copy
import itertools
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from omnicheck.loading import answers_from
from omnicheck.report.charts import (
    BAR_ROWS,
    RUNG,
    action_bars,
    heatmap,
    ladder,
    radar,
    target_thresholds,
)
from omnicheck.report.data import build_report
from omnicheck.scoring.assessment import assess
from tests.conftest import ROOT


def report_of(name: str, rubric) -> dict:
    return build_report(assess(rubric, answers_from(ROOT / "examples" / f"{name}.yaml", rubric)))


@pytest.fixture(scope="module")
def reports(rubric) -> dict[str, dict]:
    names = ("bakery", "outdoor-retailer", "skincare-brand", "garden-centres")
    return {name: report_of(name, rubric) for name in names}


def viewbox(chart: dict) -> tuple[float, float, float, float]:
    x, y, w, h = map(float, chart["viewbox"].split())
    return x, y, x + w, y + h


def test_single_channel_has_only_the_ladder(reports):
    bakery = reports["bakery"]
    assert radar(bakery) is None
    assert heatmap(bakery, "Customer record") is None
    assert action_bars(bakery) is None
    rungs = ladder(bakery)["rungs"]
    assert [n["kind"] for n in rungs[-1]["notes"]] == ["here", "target"]
    blocked = next(r for r in rungs if r["id"] == "multichannel")
    assert [n["kind"] for n in blocked["notes"]] == ["blocked", "gate"]


def test_target_thresholds_are_the_target_levels_gates(reports):
    """Omnichannel gates journey, data and service at 75; the rest get its band's 70."""
    wanted = target_thresholds(reports["skincare-brand"])
    assert {d for d, t in wanted.items() if t["gate"]} == {"journey", "data", "service"}
    assert {t["value"] for t in wanted.values() if t["gate"]} == {75.0}
    assert {t["value"] for t in wanted.values() if not t["gate"]} == {70.0}
    cross = target_thresholds(reports["outdoor-retailer"])  # target cross-channel: no gates
    assert not any(t["gate"] for t in cross.values())
    assert {t["value"] for t in cross.values()} == {35.0}


def test_radar_points_are_the_scores(reports):
    report = reports["skincare-brand"]
    chart = radar(report)
    assert chart is not None
    by_id = {d["id"]: d for d in report["dimensions"]}
    for axis in chart["axes"]:
        spoke = math.hypot(axis["end_x"], axis["end_y"])
        dot = math.hypot(axis["dot_x"], axis["dot_y"])
        mark = math.hypot(axis["mark_x"], axis["mark_y"])
        assert dot / spoke == pytest.approx(by_id[axis["id"]]["score"] / 100, abs=0.002)
        assert mark / spoke == pytest.approx(axis["threshold"] / 100, abs=0.002)
    assert len(chart["score_points"].split()) == len(report["dimensions"])
    assert chart["threshold_points"] is not None
    assert [a["name_lines"][0] for a in chart["gated"]] == ["Journey", "Customer data", "Service"]


def test_radar_labels_fit_in_the_frame(reports):
    for name in ("outdoor-retailer", "skincare-brand", "garden-centres"):
        chart = radar(reports[name])
        left, top, right, bottom = viewbox(chart)
        for axis in chart["axes"]:
            assert left < axis["label_x"] < right and top < axis["label_y"] < bottom


@settings(max_examples=40, deadline=None)
@given(st.lists(st.one_of(st.none(), st.floats(0, 100)), min_size=8, max_size=8))
def test_radar_for_any_scores(reports, scores):
    report = copy.deepcopy(reports["skincare-brand"])
    for d, score in zip(report["dimensions"], scores, strict=True):
        d["score"] = score
    chart = radar(report)
    for axis, score in zip(chart["axes"], scores, strict=True):
        assert axis["score"] == score
        dot = math.hypot(axis["dot_x"], axis["dot_y"])
        assert dot == pytest.approx(110 * (score or 0) / 100, abs=0.15)


def test_heatmap_cells_are_the_link_matrix(reports):
    report = reports["garden-centres"]
    links = report["links"]
    chart = heatmap(report, "Customer record")
    assert [c["name"] for c in chart["columns"]] == [
        *(c["name"] for c in links["channels"]),
        "Customer record",
    ]
    for row, matrix_row, channel in zip(
        chart["rows"], links["matrix"], links["channels"], strict=True
    ):
        assert [c["level"] for c in row["cells"]] == matrix_row["cells"]
        assert [c["self"] for c in row["cells"]].count(True) == 1
        assert row["record"]["level"] == channel["record_level"]
        assert " ".join(row["name_lines"]) == channel["name"]
    _, top, right, bottom = viewbox(chart)
    last = chart["rows"][-1]
    assert last["record"]["x"] + chart["cell"] <= right
    assert last["y"] + chart["cell"] <= bottom
    assert top < chart["columns"][0]["y"]


def test_heatmap_cells_do_not_overlap(reports):
    chart = heatmap(reports["skincare-brand"], "Customer record")
    xs = [c["x"] for c in chart["rows"][0]["cells"]] + [chart["rows"][0]["record"]["x"]]
    ys = [r["y"] for r in chart["rows"]]
    for a, b in itertools.pairwise(xs):
        assert b - a >= chart["cell"]
    for a, b in itertools.pairwise(ys):
        assert b - a >= chart["cell"]


def test_ladder_marks_here_target_and_blockers(reports):
    report = reports["skincare-brand"]
    chart = ladder(report)
    rungs = chart["rungs"]
    assert [r["id"] for r in rungs] == [lv["id"] for lv in reversed(report["levels"])]
    here = [r["id"] for r in rungs for n in r["notes"] if n["kind"] == "here"]
    target = [r["id"] for r in rungs for n in r["notes"] if n["kind"] == "target"]
    assert here == [report["level"]] and target == [report["target"]["strategy"]]
    gates = [n["gate"] for r in rungs for n in r["notes"] if n["kind"] == "gate"]
    assert gates == report["blockers"]
    assert all(r["current"] == (r["id"] == report["level"]) for r in rungs)
    for upper, lower in itertools.pairwise(rungs):
        assert lower["y"] >= upper["y"] + RUNG
        assert lower["y"] > max(n["y"] for n in upper["notes"])  # notes stay beside their rung


def test_top_level_has_no_blockers(reports):
    rungs = ladder(reports["garden-centres"])["rungs"]
    kinds = [n["kind"] for r in rungs for n in r["notes"]]
    assert "gate" not in kinds and "blocked" not in kinds
    assert [n["kind"] for n in rungs[0]["notes"]] == ["here", "target"]
    assert rungs[0]["notes"][1]["stay"] is True


def test_bars_are_as_long_as_the_gains(reports):
    report = reports["outdoor-retailer"]
    chart = action_bars(report)
    assert chart["shown"] == BAR_ROWS < chart["total"] == len(report["plan"]["steps"])
    bars = chart["bars"]
    assert [b["action"]["rank"] for b in bars] == list(range(1, BAR_ROWS + 1))
    longest = max(b["action"]["gain"] for b in bars)
    for b in bars:
        # A hand-off adds no points: its bar keeps a sliver, so it can still be seen.
        assert b["length"] == pytest.approx(max(2.0, 200 * b["action"]["gain"] / longest), abs=0.1)
        assert b["value_x"] > b["length"]
    tops = [b["bar_y"] for b in bars]
    assert tops == sorted(tops)
    # Only the hand-off that reaches cross-channel gets the line saying so.
    assert [b["unlock_y"] is not None for b in bars] == [True] + [False] * (BAR_ROWS - 1)


def test_a_step_that_reaches_a_new_level_gets_a_line_of_its_own(reports):
    report = copy.deepcopy(reports["outdoor-retailer"])
    report["plan"]["steps"][1]["unlocks"] = True
    plain = action_bars(reports["outdoor-retailer"])["bars"]
    bars = action_bars(report)["bars"]
    assert bars[0] == plain[0] and bars[1]["unlock_y"] is not None
    assert bars[1]["label_y"] < bars[1]["unlock_y"] < bars[1]["bar_y"]
    assert bars[2]["label_y"] == pytest.approx(plain[2]["label_y"] + 16)


def test_charts_shrink_only_so_far(reports):
    """A chart's minimum width keeps its smallest text legible on a phone."""
    for chart in (
        radar(reports["skincare-brand"]),
        heatmap(reports["skincare-brand"], "Customer record"),
        ladder(reports["skincare-brand"]),
        action_bars(reports["skincare-brand"]),
    ):
        assert chart["min_width"] < chart["width"] < chart["max_width"]
        assert chart["min_width"] / chart["width"] * 13 >= 8.4
