"""Where the marks of the plan's chart go: the index that each of the first steps reaches.

Part of the chart geometry of :mod:`omnicheck.report.charts`, in a module of
its own to keep each short; the same rules hold (plain data, words in the template).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from omnicheck.report.charts import (
    LABEL_FONT,
    LINE,
    SMALL_FONT,
    SMALL_LINE,
    _f,
    _frame,
    _points,
    _width,
    _wrap,
)

if TYPE_CHECKING:
    from omnicheck.report.model import Report

BAR_ROWS = 10  # the chart shows the plan's first ten steps


def action_bars(
    report: Report, rows: int = BAR_ROWS, *, wide: bool = False
) -> dict[str, Any] | None:
    """The plan's first steps in plan order, each as the stretch of index it adds.

    The axis is the integration index. A step's bar runs from the index before
    it to the index after it, so the bars step to the right like a staircase,
    and a line joins the index reached after each step. Dashed lines mark the
    start of a level's band when it falls inside the axis (the next band is
    always on it, to show how far it is). A step with no gain of its own (a
    hand-off that clears an alternative) is a short stub at the same index.

    ``wide`` puts each step's name to the left of its bar, for a screen or a
    page; otherwise the name sits above the bar, which fits a phone.
    """
    steps = report["plan"]["steps"][:rows]
    start = report["index"]
    if not steps or start is None:
        return None
    # A step's index is None only when the report's is, which has no chart.
    after = [start if s["index_after"] is None else s["index_after"] for s in steps]
    bands = [lv["band"]["from"] for lv in report["levels"] if lv["band"]]
    above = [b for b in bands if b > start]
    low: float = math.floor(min(start, *after) / 10) * 10
    high: float = max(math.ceil(max(start, *after) / 10) * 10, low + 10)
    if above:  # the next band's start is on the axis, at its end when it is the furthest
        high = max(high, min(above))
    labels = [_wrap(f"{step['rank']}. {step['text']}", 30 if wide else 34) for step in steps]
    left = max(_width(line, LABEL_FONT) for lines in labels for line in lines) + 14 if wide else 0.0
    span = 240.0 if wide else 180.0

    def x(value: float) -> float:
        return float(left + span * (value - low) / (high - low))

    y = 30.0  # room for the axis labels and band names above the first row
    bars = []
    reach_pts: list[tuple[float, float]] = []
    before = start
    for step, lines, now in zip(steps, labels, after, strict=True):
        label_y = y + LINE - 4
        text_height = len(lines) * LINE + (SMALL_LINE if step["unlocks"] else 0)
        unlock_y = _f(y + len(lines) * LINE + SMALL_LINE - 4) if step["unlocks"] else None
        bar_y = y + 2 if wide else y + text_height + 4
        x0, x1 = x(before), x(now)
        bars.append(
            {
                "step": step,
                "before": before,
                "lines": lines,
                "label_y": _f(label_y),
                "unlock_y": unlock_y,
                "bar_y": _f(bar_y),
                "x": _f(min(x0, x1)),
                "length": _f(max(3.0, abs(x1 - x0))),
                "dot_x": _f(x1),
                "dot_y": _f(bar_y + 6),
                "value_x": _f(max(x0, x1) + 8),
                "value_y": _f(bar_y + 11),
            }
        )
        reach_pts.append((x1, bar_y + 6))
        before = now
        y += max(text_height, LINE) + 8 if wide else text_height + 26
    bottom = y - 8
    thresholds = [
        {
            "name": lv["name"],
            "x": _f(x(lv["band"]["from"])),
            "value": lv["band"]["from"],
            # a name near the axis's end is set to end there, so it stays inside the chart
            "anchor": "end" if x(lv["band"]["from"]) > left + span - 50 else "middle",
        }
        for lv in report["levels"]
        if lv["band"] and low < lv["band"]["from"] <= high
    ]
    value_end = left + span + 8 + _width("00.0 (+0.0)", SMALL_FONT)
    widest = max(_width(line, LABEL_FONT) for lines in labels for line in lines)
    return {
        **_frame(0, 0, value_end if wide else max(widest, value_end), bottom),
        "wide": wide,
        "line": LINE,
        "bar_height": 12,
        "bars": bars,
        "low": low,
        "high": high,
        "axis_start": _f(left),
        "axis_end": _f(left + span),
        "top": 30.0,
        "high_label": all(t["value"] != high for t in thresholds),
        "bottom": _f(bottom),
        "reach_points": _points(reach_pts),
        "start_x": _f(x(start)),
        "thresholds": thresholds,
        "shown": len(steps),
        "total": len(report["plan"]["steps"]),
    }
