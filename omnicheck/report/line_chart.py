"""Where the marks of a line chart go: one measure over the visits of ``history``.

As for the report's charts (:mod:`omnicheck.report.charts`), this module
only does the arithmetic and the template draws the SVG and writes every
word; a visit without a figure (a dimension not scored that year) breaks
the line rather than joining its neighbours across the gap.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from omnicheck.report.charts import GLYPH, _f
from omnicheck.report.render import number

if TYPE_CHECKING:
    from omnicheck.report.model_history import History

FONT = 13
PLOT_HEIGHT = 150
STEP = 64  # horizontal room per visit
MIN_PLOT_WIDTH = 260
#: Room between the axis and the first and last visit, so no value sits on a tick label.
INSET = 22


def line_chart(
    values: Sequence[float | None],
    labels: Sequence[str],
    *,
    top: float,
    ticks: Sequence[tuple[float, str]],
    shown: Sequence[str] | None = None,
) -> dict[str, Any]:
    """The geometry of one chart: ``values`` (one per visit, None for none) against
    ``labels`` on the x axis, on a scale from 0 to ``top`` marked at ``ticks``.

    ``shown`` is the text by each dot (the value as people read it).
    """
    left = max((len(text) for _, text in ticks), default=0) * FONT * GLYPH + 10
    count = len(values)
    width = max(MIN_PLOT_WIDTH, STEP * (count - 1))
    inner = width - 2 * INSET
    x_of = [
        left + INSET + (inner * i / (count - 1) if count > 1 else inner / 2) for i in range(count)
    ]

    def y_of(value: float) -> float:
        return _f(PLOT_HEIGHT - PLOT_HEIGHT * max(0.0, min(top, value)) / top)

    segments: list[list[str]] = []
    run: list[str] = []
    dots = []
    for i, value in enumerate(values):
        if value is None:
            if run:
                segments.append(run)
            run = []
            continue
        run.append(f"{_f(x_of[i])},{y_of(value)}")
        text = shown[i] if shown is not None else number(value)
        dots.append({"x": _f(x_of[i]), "y": y_of(value), "text": text})
    if run:
        segments.append(run)
    # Every label fits when visits are few; with many, every k-th, and always the last.
    longest = max(len(label) for label in labels) * FONT * GLYPH + 8
    every = max(1, -(-int(longest) // STEP)) if count > 1 else 1
    x_labels: list[dict[str, Any]] = [
        {"x": _f(x_of[i]), "text": label}
        for i, label in enumerate(labels)
        if i % every == 0 or i == count - 1
    ]
    if len(x_labels) > 1 and x_labels[-1]["x"] - x_labels[-2]["x"] < longest:
        del x_labels[-2]  # the last label wins over its too-near neighbour
    right = left + width + 24
    return {
        "viewbox": f"0 -14 {_f(right)} {_f(PLOT_HEIGHT + 48)}",
        "width": _f(right),
        "height": _f(PLOT_HEIGHT + 48),
        "min_width": _f(right * 0.65),
        "left": _f(left),
        "right": _f(left + width),
        "bottom": PLOT_HEIGHT,
        "ticks": [{"y": y_of(v), "text": text} for v, text in ticks],
        "segments": [" ".join(s) for s in segments if len(s) > 1],
        "dots": dots,
        "x_labels": x_labels,
        "label_y": PLOT_HEIGHT + 22,
    }


def history_charts(h: History) -> list[dict[str, Any]]:
    """The history page's charts: the level, the index, then each dimension."""
    visits = h["visits"]
    labels = [v["assessed"] or f"Visit {v['visit']}" for v in visits]
    levels = [(float(i), lv["name"]) for i, lv in enumerate(h["levels"])]
    scale = [(float(v), str(v)) for v in (0, 25, 50, 75, 100)]

    charts = [
        {
            "id": "level",
            "title": "Level",
            "chart": line_chart(
                [float(v["level_rank"]) for v in visits],
                labels,
                top=max(1.0, len(levels) - 1.0),
                ticks=levels,
                shown=["" for _ in visits],
            ),
            "desc": _describe(labels, [v["level_name"] for v in visits]),
        },
        {
            "id": "index",
            "title": "Integration index",
            "chart": line_chart([v["index"] for v in visits], labels, top=100, ticks=scale),
            "desc": _describe(labels, [number(v["index"]) for v in visits]),
        },
    ]
    for d in h["dimensions"]:
        values = [v["dimensions"].get(d["id"]) for v in visits]
        charts.append(
            {
                "id": f"dim-{d['id']}",
                "title": d["name"],
                "chart": line_chart(values, labels, top=100, ticks=scale),
                "desc": _describe(labels, [number(x) for x in values]),
            }
        )
    return charts


def _describe(labels: Sequence[str], texts: Sequence[str]) -> str:
    """The chart in words, for its <desc>: each visit and its figure."""
    return "; ".join(f"{label}: {text}" for label, text in zip(labels, texts, strict=True)) + "."
