"""The diff page's radar: each dimension's score before and now, as two outlines.

Worked out from the diff data (:mod:`omnicheck.report.diff`) the way
:mod:`omnicheck.report.charts` works out the report's charts: plain numbers
for the template to draw, no plotting library, and ``None`` when there is
nothing to plot. It draws no target, because a diff compares the business with
itself; the report has the target.

A phone keeps the labels legible: the chart is drawn small enough
(:data:`RADIUS`, labels wrapped at :data:`WRAP` characters) that at 360 px it
shrinks to no less than :data:`SHRINK_LIMIT` of its width, so 14 px labels stay
at 11 px or more.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from omnicheck.report.charts import _f, _frame, _points, _width, _wrap, spoke_label

if TYPE_CHECKING:
    from omnicheck.report.model_diff import Diff

RADIUS = 80
WRAP = 11
FONT = 14  # names and values on the chart: at SHRINK_LIMIT, 11.2 px
LINE = 17
SHRINK_LIMIT = 0.8
RINGS = (25, 50, 75, 100)


def compare_radar(diff: Diff) -> dict[str, Any] | None:
    """Two outlines on one set of spokes; None with fewer than three dimensions scored."""
    dims = [d for d in diff["dimensions"] if d["from"] is not None or d["to"] is not None]
    if len(dims) < 3:
        return None
    spokes = [
        (math.sin(2 * math.pi * i / len(dims)), -math.cos(2 * math.pi * i / len(dims)))
        for i in range(len(dims))
    ]
    box: list[float] = [-RADIUS, -RADIUS, RADIUS, RADIUS]
    axes = []
    before: list[tuple[float, float]] = []
    now: list[tuple[float, float]] = []
    for d, (ux, uy) in zip(dims, spokes, strict=True):
        was, is_ = (RADIUS * (v or 0) / 100 for v in (d["from"], d["to"]))
        before.append((ux * was, uy * was))
        now.append((ux * is_, uy * is_))
        lines = _wrap(d["name"], WRAP)
        width = max(_width("100 → 100", FONT), *(_width(line, FONT) for line in lines))
        height = (len(lines) + 1) * LINE
        lx, top, anchor = spoke_label(ux, uy, RADIUS, width, height, box)
        axes.append(
            {
                "id": d["id"],
                "name_lines": lines,
                "before": d["from"],
                "now": d["to"],
                "change": d["change"],
                "end_x": _f(ux * RADIUS),
                "end_y": _f(uy * RADIUS),
                "before_x": _f(ux * was),
                "before_y": _f(uy * was),
                "now_x": _f(ux * is_),
                "now_y": _f(uy * is_),
                "label_x": _f(lx),
                "label_y": _f(top + LINE - 4),
                "anchor": anchor,
            }
        )
    rings = [
        {"value": value, "points": _points([(ux * r, uy * r) for ux, uy in spokes])}
        for value, r in ((v, RADIUS * v / 100) for v in RINGS)
    ]
    frame = _frame(*box)
    return {
        **frame,
        "min_width": _f(frame["width"] * SHRINK_LIMIT),
        "line": LINE,
        "axes": axes,
        "rings": rings,
        "before_points": _points(before),
        "now_points": _points(now),
    }
