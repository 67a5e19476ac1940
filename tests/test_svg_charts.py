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
    PHONE_TEXT,
    RUNG,
    SMALL_FONT,
    heatmap,
    ladder,
    radar,
    radial,
    target_gates,
)
from omnicheck.report.data import build_report
from omnicheck.report.plan_chart import BAR_ROWS, action_bars
from omnicheck.scoring.assessment import assess
from tests.conftest import ROOT, examples


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


def test_target_gates_are_the_target_levels_real_gates(reports):
    """Omnichannel gates journey, data and service at 75; no other dimension gets a mark."""
    wanted = target_gates(reports["skincare-brand"])
    assert wanted == {"journey": 75.0, "data": 75.0, "service": 75.0}
    assert target_gates(reports["outdoor-retailer"]) == {}  # cross-channel: no dimension gate


def test_radial_scale_spreads_low_scores_and_keeps_the_order():
    assert radial(0) == 0 and radial(100) == 1 and radial(25) == pytest.approx(0.5)
    # 5, 9 and 15 are the outdoor retailer's lowest scores: a linear scale puts them
    # 4 and 6 hundredths of the radius apart; the square root, 8 and 9 hundredths.
    assert radial(9) - radial(5) > 0.07 and radial(15) - radial(9) > 0.08
    values = [radial(v) for v in range(101)]
    assert values == sorted(values)


def test_radar_points_are_the_scores(reports):
    report = reports["skincare-brand"]
    chart = radar(report)
    assert chart is not None
    by_id = {d["id"]: d for d in report["dimensions"]}
    for axis in chart["axes"]:
        spoke = math.hypot(axis["end_x"], axis["end_y"])
        dot = math.hypot(axis["dot_x"], axis["dot_y"])
        assert dot / spoke == pytest.approx(radial(by_id[axis["id"]]["score"]), abs=0.002)
        if axis["gate"]:
            mark = math.hypot(axis["mark_x"], axis["mark_y"])
            assert mark / spoke == pytest.approx(radial(axis["threshold"]), abs=0.002)
        else:
            assert axis["threshold"] is None
    assert len(chart["score_points"].split()) == len(report["dimensions"])
    assert [a["name_lines"][0] for a in chart["gated"]] == ["Journey", "Customer", "Service"]
    assert [ring["value"] for ring in chart["rings"]] == [25, 50, 100]


def test_radar_labels_fit_in_the_frame(reports):
    for name in ("outdoor-retailer", "skincare-brand", "garden-centres"):
        chart = radar(reports[name])
        left, top, right, bottom = viewbox(chart)
        for axis in chart["axes"]:
            assert left < axis["label_x"] < right and top < axis["label_y"] < bottom


@settings(max_examples=examples(40), deadline=None)
@given(st.lists(st.one_of(st.none(), st.floats(0, 100)), min_size=8, max_size=8))
def test_radar_for_any_scores(reports, scores):
    report = copy.deepcopy(reports["skincare-brand"])
    for d, score in zip(report["dimensions"], scores, strict=True):
        d["score"] = score
    chart = radar(report)
    for axis, score in zip(chart["axes"], scores, strict=True):
        assert axis["score"] == score
        dot = math.hypot(axis["dot_x"], axis["dot_y"])
        assert dot == pytest.approx(80 * radial(score or 0), abs=0.15)


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
    assert not any(
        n["label"][0].startswith(("Either", "or"))
        for r in rungs
        for n in r["notes"]
        if n["kind"] == "gate"
    )
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


def test_ladder_says_either_or_for_alternatives(reports):
    """Cross-channel is reached by its band or by a linked pair: the notes say so."""
    rungs = ladder(reports["outdoor-retailer"])["rungs"]
    cross = next(r for r in rungs if r["id"] == "cross-channel")
    labels = [n["label"][0] for n in cross["notes"] if n["kind"] == "gate"]
    assert labels[0].startswith("Either: Integration index")
    assert labels[1].startswith("or: At least one pair")


@pytest.mark.parametrize("wide", [False, True])
def test_bars_run_from_the_index_before_each_step_to_the_index_after(reports, wide):
    report = reports["outdoor-retailer"]
    chart = action_bars(report, wide=wide)
    assert chart["shown"] == BAR_ROWS < chart["total"] == len(report["plan"]["steps"])
    bars = chart["bars"]
    assert [b["step"]["rank"] for b in bars] == list(range(1, BAR_ROWS + 1))  # plan order
    start, end = chart["axis_start"], chart["axis_end"]

    def at(value: float) -> float:
        return start + (end - start) * (value - chart["low"]) / (chart["high"] - chart["low"])

    before = report["index"]
    for b in bars:
        after = b["step"]["index_after"]
        assert b["before"] == before
        assert b["dot_x"] == pytest.approx(at(after), abs=0.1)
        assert b["x"] == pytest.approx(at(before), abs=0.1)
        # A hand-off adds no points: its bar keeps a stub, so it can still be seen.
        assert b["length"] == pytest.approx(max(3.0, at(after) - at(before)), abs=0.15)
        before = after
    # The line joins the index after each step, in order.
    points = [tuple(map(float, p.split(","))) for p in chart["reach_points"].split()]
    assert [x for x, _ in points] == [b["dot_x"] for b in bars]
    # Cross-channel's band starts at 35, beyond every step shown: the axis reaches it.
    assert chart["high"] == 35 and [t["name"] for t in chart["thresholds"]] == ["Cross-channel"]
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
        assert chart["min_width"] / chart["width"] * SMALL_FONT >= PHONE_TEXT - 0.01
    # The radar, the ladder and the phone's bars fit a 360 px phone's 336 px column.
    for chart in (
        radar(reports["skincare-brand"]),
        ladder(reports["skincare-brand"]),
        action_bars(reports["skincare-brand"]),
    ):
        assert chart["min_width"] <= 336
