"""Where the marks of the HTML report's charts go, worked out from the report data.

The templates draw the SVG and write every word on it; this module only does
the arithmetic (angles, lengths, wrapped label lines, the size of each chart),
so it can be tested without a browser and no plotting library is needed.
Each function reads the one report dictionary that every renderer shares,
returns plain data, and returns ``None`` when its chart does not apply (a
single-channel business has no scores to plot and no links to draw).

Coordinates are rounded to 0.1 px: crisp enough on screen and paper, and it
keeps the page small and the golden files stable. Text widths are estimated
from an average glyph width, because there is no font to measure offline;
labels are wrapped short enough that the estimate errs on the roomy side.
"""

from __future__ import annotations

import math
import textwrap
from typing import TYPE_CHECKING, Any

from omnicheck.report.verdict import requirement_groups
from omnicheck.report.words import Words, bundled

if TYPE_CHECKING:
    from omnicheck.report.model import Report

#: Average advance of a sans-serif glyph, as a fraction of the font size.
GLYPH = 0.58
LABEL_FONT = 15  # dimension, channel and action labels
SMALL_FONT = 13  # values, bands and annotations
LINE = 18  # baseline to baseline for LABEL_FONT
SMALL_LINE = 16
#: The smallest text a chart may show on a phone, in CSS pixels. A chart shrinks with
#: a narrow screen only down to the share of its natural width that keeps its
#: smallest (SMALL_FONT) text this large; below that it scrolls sideways in its own
#: box instead, and the page says so (see the page CSS). On a wide screen it may
#: grow a little.
PHONE_TEXT = 11
SHRINK_LIMIT = PHONE_TEXT / SMALL_FONT
GROW_LIMIT = 1.2
RUNG = 56  # height of a level on the ladder


def _f(value: float) -> float:
    return round(value, 1) + 0.0  # + 0.0 turns -0.0 into 0.0


def _width(text: str, size: float) -> float:
    return len(text) * size * GLYPH


def _wrap(text: str, chars: int) -> list[str]:
    return textwrap.wrap(text, chars, break_long_words=False, break_on_hyphens=False) or [""]


def _frame(
    min_x: float, min_y: float, max_x: float, max_y: float, pad: float = 8, grow: float = 0
) -> dict[str, Any]:
    """The viewBox that holds everything drawn, and the CSS sizes that go with it.

    ``grow``: how far the chart may grow on a wide screen, GROW_LIMIT unless said.
    """
    width = _f(max_x - min_x + 2 * pad)
    height = _f(max_y - min_y + 2 * pad)
    return {
        "viewbox": f"{_f(min_x - pad)} {_f(min_y - pad)} {width} {height}",
        "width": width,
        "height": height,
        # rounded up, so that the smallest text stays at PHONE_TEXT, not a hair under it
        "min_width": math.ceil(width * SHRINK_LIMIT * 10) / 10,
        "max_width": _f(width * (grow or GROW_LIMIT)),
    }


def _points(pairs: list[tuple[float, float]]) -> str:
    return " ".join(f"{_f(x)},{_f(y)}" for x, y in pairs)


def target_gates(report: Report) -> dict[str, float]:
    """The score each dimension must reach for the target level, where a gate asks one.

    Only real requirements: a dimension gate (for example omnichannel's
    "customer data at least 75") of the target level or of a level below it,
    since a level is only reached on top of the ones beneath it. A dimension
    that no gate names gets no mark, because the index band asks nothing of
    any single dimension.
    """
    ranks = {level["id"]: i for i, level in enumerate(report["levels"])}
    target_rank = ranks[report["target"]["strategy"]]
    gated: dict[str, float] = {}
    for gate in report["gates"]:
        metric = gate["metric"]
        if (
            gate["kind"] == "gate"
            and metric.startswith("dimension.")
            and gate["op"] in ("at_least", "above")
            and ranks[gate["level"]] <= target_rank
        ):
            dim = metric.removeprefix("dimension.")
            gated[dim] = max(gated.get(dim, 0.0), gate["required"])
    return gated


#: The radar's rings. Distance from the centre grows with the square root of the
#: score (see :func:`radial`), so these sit at 50%, 71% and 100% of the radius.
RADAR_RINGS = (25, 50, 100)
RADAR_NAME_FONT = 14


def radial(score: float) -> float:
    """Where a 0-100 score sits on a spoke, as a share of its length: the square root.

    A linear scale puts every score under 25 in the inner sixteenth of the
    area, where 5, 9 and 15 cannot be told apart; the square root spreads them
    (22%, 30% and 39% of the radius) and keeps the order, so a longer spoke is
    still a higher score. The rings are labelled with the scores they mark.
    """
    return math.sqrt(max(0.0, min(100.0, score)) / 100)


def spoke_label(
    ux: float, uy: float, radius: float, width: float, height: float, box: list[float]
) -> tuple[float, float, str]:
    """Where a radar spoke's label goes, just past its end: its x, its top, its anchor.

    A label on the right starts at the spoke, one on the left ends there, and one
    at the top or bottom is centred on it; ``box`` grows, in place, to hold the
    label, so the drawing's frame never cuts one off. Both radars (the report's
    and the diff's before-and-after) place their labels by this one rule.
    """
    lx, ly = ux * (radius + 12), uy * (radius + 12)
    anchor = "start" if ux > 0.3 else "end" if ux < -0.3 else "middle"
    top = ly - height if uy < -0.3 else ly if uy > 0.3 else ly - height / 2
    left = {"start": lx, "end": lx - width, "middle": lx - width / 2}[anchor]
    box[:] = [
        min(box[0], left),
        min(box[1], top),
        max(box[2], left + width),
        max(box[3], top + height),
    ]
    return lx, top, anchor


def radar(report: Report, radius: float = 80) -> dict[str, Any] | None:
    """Dimension scores on spokes, with a mark where a target-level gate asks for more."""
    dims = report["dimensions"]
    if report["index"] is None or len(dims) < 3:
        return None
    gates = target_gates(report)
    axes = []
    score_pts: list[tuple[float, float]] = []
    box = [-radius, -radius, radius, radius]
    # one spoke per dimension, clockwise from twelve o'clock
    spokes = [
        (math.sin(2 * math.pi * i / len(dims)), -math.cos(2 * math.pi * i / len(dims)))
        for i in range(len(dims))
    ]
    for d, (ux, uy) in zip(dims, spokes, strict=True):
        score = d["score"]
        at = radius * radial(score or 0)
        score_pts.append((ux * at, uy * at))
        need = gates.get(d["id"])
        nx, ny = (ux * radius * radial(need), uy * radius * radial(need)) if need else (0, 0)
        lines = _wrap(d["name"], 12)
        values = ["not scored" if score is None else "00"] + (["needs 00"] if need else [])
        width = max(
            *(_width(v, SMALL_FONT) for v in values),
            *(_width(line, RADAR_NAME_FONT) for line in lines),
        )
        height = (len(lines) + len(values)) * SMALL_LINE
        lx, top, anchor = spoke_label(ux, uy, radius, width, height, box)
        axes.append(
            {
                "id": d["id"],
                "name_lines": lines,
                "score": score,
                "threshold": need,
                "gate": need is not None,
                "met": need is not None and score is not None and score >= need,
                "end_x": _f(ux * radius),
                "end_y": _f(uy * radius),
                "dot_x": _f(ux * at),
                "dot_y": _f(uy * at),
                "mark_x": _f(nx),
                "mark_y": _f(ny),
                "label_x": _f(lx),
                "label_y": _f(top + SMALL_LINE - 3),
                "anchor": anchor,
            }
        )
    # Ring labels sit on the bisector between the last spoke and the first, where
    # no spoke and no axis label is; a halo keeps them legible over the shape.
    tx, ty = math.sin(-math.pi / len(dims)), -math.cos(math.pi / len(dims))
    rings = []
    for value in RADAR_RINGS:
        r = radius * radial(value)
        ring = [(ux * r, uy * r) for ux, uy in spokes]
        rings.append(
            {"value": value, "points": _points(ring), "x": _f(tx * r - 2), "y": _f(ty * r + 4)}
        )
    return {
        # drawn small to fit a phone; a desktop screen has room for half as much again
        **_frame(box[0], box[1], box[2], box[3], grow=1.5),
        "line": SMALL_LINE,
        "axes": axes,
        "rings": rings,
        "score_points": _points(score_pts),
        "target": report["target"]["level_name"],
        "gated": [a for a in axes if a["gate"]],
    }


def heatmap(report: Report, record_label: str, cell: float = 42) -> dict[str, Any] | None:
    """The channel link matrix as coloured, numbered cells, plus each channel's record link."""
    links = report["links"]
    if not links or len(links["channels"]) < 2:
        return None
    channels = links["channels"]
    stage_names = {s["id"]: s["name"] for s in links["stages"]}
    pairs = {frozenset((p["a"], p["b"])): p for p in links["pairs"]}
    names = [_wrap(c["name"], 14) for c in channels]
    head = max(_width(line, LABEL_FONT) for lines in names for line in lines) + 12
    gap = 10  # sets the customer-record column apart from the channel pairs
    columns = [c["name"] for c in channels] + [record_label]
    centres = [head + j * cell + cell / 2 for j in range(len(channels))]
    centres.append(head + len(channels) * cell + gap + cell / 2)
    slant = math.cos(math.pi / 4)
    tallest = max(_width(name, SMALL_FONT) for name in columns) * slant
    cols = [
        {"name": name, "x": _f(x - 4), "y": -8.0, "record": j == len(channels)}
        for j, (name, x) in enumerate(zip(columns, centres, strict=True))
    ]
    rows = []
    for r, (channel, row, lines) in enumerate(zip(channels, links["matrix"], names, strict=True)):
        cells = []
        for j, level in enumerate(row["cells"]):
            other = channels[j]
            pair = pairs.get(frozenset((channel["id"], other["id"])))
            cells.append(
                {
                    "x": _f(centres[j] - cell / 2 + 1),
                    "cx": _f(centres[j]),
                    "level": level,
                    "self": j == r,
                    "other": other["name"],
                    "via": pair["via"] if pair else None,
                    "stages": [stage_names.get(s, s) for s in pair["stages"]] if pair else [],
                }
            )
        rows.append(
            {
                "name": channel["name"],
                "name_lines": lines,
                "name_y": _f(r * cell + cell / 2 + 5 - (len(lines) - 1) * LINE / 2),
                "y": _f(r * cell + 1),
                "text_y": _f(r * cell + cell / 2 + 5),
                "cells": cells,
                "record": {
                    "x": _f(centres[-1] - cell / 2 + 1),
                    "cx": _f(centres[-1]),
                    "level": channel["record_level"],
                    "label": channel["record_label"],
                    "question": channel["record_question"],
                },
            }
        )
    right = max(
        x + _width(name, SMALL_FONT) * slant for name, x in zip(columns, centres, strict=True)
    )
    return {
        **_frame(0, -tallest - 12, max(right, centres[-1] + cell / 2), len(channels) * cell),
        "cell": cell - 2,
        "line": LINE,
        "head": _f(head - 10),
        "columns": cols,
        "rows": rows,
    }


#: Each ladder note: its font size and the length, in characters, of the longest
#: text the bundled template writes for it ("Blocked by what is not met yet:").
#: Only used to size the chart; a rebranded template with longer words still
#: renders, it just may need a wider frame.
_NOTE_TEXT = {
    "here": (LABEL_FONT, 24),
    "target": (LABEL_FONT, 20),
    "blocked": (SMALL_FONT, 31),
    "reached": (SMALL_FONT, 9),
    "later": (SMALL_FONT, 15),
}


def _note_height(note: dict[str, Any]) -> float:
    if note["kind"] == "gate":
        return (len(note["label"]) + 1) * SMALL_LINE + 4
    return LINE if _NOTE_TEXT[note["kind"]][0] == LABEL_FONT else SMALL_LINE + 2


def _ladder_notes(
    report: Report, rank: int, reached: int, chars: int, words: Words
) -> list[dict[str, Any]]:
    level_id = report["levels"][rank]["id"]
    target = report["target"]["strategy"]
    notes: list[dict[str, Any]] = []
    if rank == reached:
        notes.append({"kind": "here"})
    if level_id == target:
        notes.append({"kind": "target", "stay": rank == reached})
    if level_id == report["next_level"]:
        notes.append({"kind": "blocked"})
        for group in requirement_groups(report["blockers"]):
            for i, gate in enumerate(group["checks"]):
                joint = ("Either: " if i == 0 else "or: ") if group["either"] else ""
                label = _wrap(joint + words.check(gate), chars)
                notes.append({"kind": "gate", "gate": gate, "label": label})
    elif rank < reached:
        notes.append({"kind": "reached"})
    elif rank > reached and not notes:
        notes.append({"kind": "later"})
    return notes


def ladder(report: Report, chars: int = 30, *, words: Words | None = None) -> dict[str, Any]:
    """The levels as rungs, top level first, each with notes: here, target, blocked by.

    Notes are kinds, not words: the template says them, so a rebranded
    template can reword them. Gate labels are wrapped here because their
    length decides the room a rung needs; ``words`` (the page's own, which
    :func:`omnicheck.report.render.environment` passes) words them.
    """
    words = words or bundled()
    reached = next(i for i, lv in enumerate(report["levels"]) if lv["id"] == report["level"])
    box, notes_x = 132.0, 146.0
    rungs: list[dict[str, Any]] = []
    widest = 0.0
    y = 0.0
    for rank in range(len(report["levels"]) - 1, -1, -1):
        level = report["levels"][rank]
        notes = _ladder_notes(report, rank, reached, chars, words)
        text_y = y + 22
        for note in notes:
            note["y"] = _f(text_y)
            text_y += _note_height(note)
            if note["kind"] == "gate":
                widest = max(widest, *(_width(line, SMALL_FONT) for line in note["label"]))
            else:
                size, length = _NOTE_TEXT[note["kind"]]
                widest = max(widest, length * size * GLYPH)
        rungs.append(
            {
                "id": level["id"],
                "name": level["name"],
                "band": level["band"],
                "current": rank == reached,
                "target": level["id"] == report["target"]["strategy"],
                "reached": level["reached"],
                "y": _f(y),
                "height": RUNG,
                "name_y": _f(y + 24),
                "band_y": _f(y + 43),
                "notes": notes,
            }
        )
        # Rungs are all the same size; a long list of blockers widens the gap below.
        y += max(RUNG, text_y - y - SMALL_LINE + 6) + 14
    return {
        **_frame(0, 0, notes_x + widest, y - 14),
        "rungs": rungs,
        "box": box,
        "notes_x": notes_x,
        "rail_x": box / 2,
        "rail_top": _f(rungs[0]["y"] + RUNG / 2),
        "rail_bottom": _f(rungs[-1]["y"] + RUNG / 2),
        "line": SMALL_LINE,
    }
