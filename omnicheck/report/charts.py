"""Where the marks of the HTML report's four charts go, worked out from the report data.

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
from typing import Any

#: Average advance of a sans-serif glyph, as a fraction of the font size.
GLYPH = 0.58
LABEL_FONT = 15  # dimension, channel and action labels
SMALL_FONT = 13  # values, bands and annotations
LINE = 18  # baseline to baseline for LABEL_FONT
SMALL_LINE = 16
#: A chart shrinks with a narrow screen down to this share of its natural width,
#: which keeps 13 px labels above 8 px; below that it scrolls sideways in its
#: own box instead (see the page CSS). On a wide screen it may grow a little.
SHRINK_LIMIT = 0.65
GROW_LIMIT = 1.2
BAR_ROWS = 10  # the action chart shows the ten best-ranked steps
RUNG = 56  # height of a level on the ladder


def _f(value: float) -> float:
    return round(value, 1) + 0.0  # + 0.0 turns -0.0 into 0.0


def _width(text: str, size: float) -> float:
    return len(text) * size * GLYPH


def _wrap(text: str, chars: int) -> list[str]:
    return textwrap.wrap(text, chars, break_long_words=False, break_on_hyphens=False) or [""]


def _frame(
    min_x: float, min_y: float, max_x: float, max_y: float, pad: float = 8
) -> dict[str, Any]:
    """The viewBox that holds everything drawn, and the CSS sizes that go with it."""
    width = _f(max_x - min_x + 2 * pad)
    height = _f(max_y - min_y + 2 * pad)
    return {
        "viewbox": f"{_f(min_x - pad)} {_f(min_y - pad)} {width} {height}",
        "width": width,
        "height": height,
        "min_width": _f(width * SHRINK_LIMIT),
        "max_width": _f(width * GROW_LIMIT),
    }


def _points(pairs: list[tuple[float, float]]) -> str:
    return " ".join(f"{_f(x)},{_f(y)}" for x, y in pairs)


def target_thresholds(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """What the target level asks of each dimension, and whether a gate or the band asks it.

    A dimension gate (for example omnichannel's "customer data at least 75")
    is a hard requirement, so it is shown as such. Dimensions without a gate
    only have to carry the index into the level's band, so they get the
    band's lower bound as a guide. Gates of the levels below the target count
    too, because a level is only reached on top of the ones beneath it.
    """
    ranks = {level["id"]: i for i, level in enumerate(report["levels"])}
    target_rank = ranks[report["target"]["strategy"]]
    band = report["levels"][target_rank]["band"]
    floor = band["from"] if band else 0.0
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
    out = {}
    for d in report["dimensions"]:
        if d["id"] in gated:
            out[d["id"]] = {"value": gated[d["id"]], "gate": True}
        else:
            out[d["id"]] = {"value": floor, "gate": False}
    return out


def radar(report: dict[str, Any], radius: float = 110) -> dict[str, Any] | None:
    """Dimension scores on spokes, with the target level's thresholds as a second outline."""
    dims = report["dimensions"]
    if report["index"] is None or len(dims) < 3:
        return None
    wanted = target_thresholds(report)
    overlay = any(t["value"] > 0 for t in wanted.values())
    axes = []
    score_pts: list[tuple[float, float]] = []
    wanted_pts: list[tuple[float, float]] = []
    box = [-radius, -radius, radius, radius]
    # one spoke per dimension, clockwise from twelve o'clock
    spokes = [
        (math.sin(2 * math.pi * i / len(dims)), -math.cos(2 * math.pi * i / len(dims)))
        for i in range(len(dims))
    ]
    for d, (ux, uy) in zip(dims, spokes, strict=True):
        score = d["score"]
        at = radius * (score or 0) / 100
        score_pts.append((ux * at, uy * at))
        need = wanted[d["id"]]
        nx, ny = ux * radius * need["value"] / 100, uy * radius * need["value"] / 100
        wanted_pts.append((nx, ny))
        lines = _wrap(d["name"], 13)
        # below the name, a value line such as "57 (needs 75)" or "not scored"
        sample = "00 (needs 00)" if need["gate"] else "not scored"
        width = max(_width(sample, SMALL_FONT), *(_width(line, LABEL_FONT) for line in lines))
        height = (len(lines) + 1) * LINE
        lx, ly = ux * (radius + 14), uy * (radius + 14)
        anchor = "start" if ux > 0.3 else "end" if ux < -0.3 else "middle"
        if uy < -0.3:
            top = ly - height
        elif uy > 0.3:
            top = ly
        else:
            top = ly - height / 2
        left = {"start": lx, "end": lx - width, "middle": lx - width / 2}[anchor]
        box = [
            min(box[0], left),
            min(box[1], top),
            max(box[2], left + width),
            max(box[3], top + height),
        ]
        axes.append(
            {
                "id": d["id"],
                "name_lines": lines,
                "score": score,
                "threshold": need["value"],
                "gate": need["gate"],
                "end_x": _f(ux * radius),
                "end_y": _f(uy * radius),
                "dot_x": _f(ux * at),
                "dot_y": _f(uy * at),
                "mark_x": _f(nx),
                "mark_y": _f(ny),
                "label_x": _f(lx),
                "label_y": _f(top + LINE - 4),
                "anchor": anchor,
            }
        )
    rings = []
    for value in (25, 50, 75, 100):
        r = radius * value / 100
        ring = [(ux * r, uy * r) for ux, uy in spokes]
        rings.append({"value": value, "points": _points(ring), "label_y": _f(-r + 12)})
    return {
        **_frame(*box),
        "line": LINE,
        "axes": axes,
        "rings": rings,
        "score_points": _points(score_pts),
        "threshold_points": _points(wanted_pts) if overlay else None,
        "target": report["target"]["level_name"],
        "gated": [a for a in axes if a["gate"]],
        "band_floor": next((a["threshold"] for a in axes if not a["gate"]), None),
    }


def heatmap(report: dict[str, Any], record_label: str, cell: float = 42) -> dict[str, Any] | None:
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
#: text the bundled template writes for it ("Recommended: stay and strengthen").
#: Only used to size the chart; a rebranded template with longer words still
#: renders, it just may need a wider frame.
_NOTE_TEXT = {
    "here": (LABEL_FONT, 24),
    "target": (LABEL_FONT, 32),
    "blocked": (SMALL_FONT, 31),
    "reached": (SMALL_FONT, 9),
    "later": (SMALL_FONT, 15),
}


def _note_height(note: dict[str, Any]) -> float:
    if note["kind"] == "gate":
        return (len(note["label"]) + 1) * SMALL_LINE + 4
    return LINE if _NOTE_TEXT[note["kind"]][0] == LABEL_FONT else SMALL_LINE + 2


def _ladder_notes(
    report: dict[str, Any], rank: int, reached: int, chars: int
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
        notes.extend(
            {"kind": "gate", "gate": gate, "label": _wrap(gate["label"], chars)}
            for gate in report["blockers"]
        )
    elif rank < reached:
        notes.append({"kind": "reached"})
    elif rank > reached and not notes:
        notes.append({"kind": "later"})
    return notes


def ladder(report: dict[str, Any], chars: int = 30) -> dict[str, Any]:
    """The levels as rungs, top level first, each with notes: here, target, blocked by.

    Notes are kinds, not words: the template says them, so a rebranded
    template can reword them. Gate labels are wrapped here because their
    length decides the room a rung needs.
    """
    reached = next(i for i, lv in enumerate(report["levels"]) if lv["id"] == report["level"])
    box, notes_x = 132.0, 146.0
    rungs = []
    widest = 0.0
    y = 0.0
    for rank in range(len(report["levels"]) - 1, -1, -1):
        level = report["levels"][rank]
        notes = _ladder_notes(report, rank, reached, chars)
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


def action_bars(report: dict[str, Any], rows: int = BAR_ROWS) -> dict[str, Any] | None:
    """One bar per step of the plan, in order, as long as its gain, labelled with the number."""
    actions = report["plan"]["steps"][:rows]
    if not actions:
        return None
    longest = max(a["gain"] for a in actions) or 1.0
    span = 200.0  # the longest bar; the value label follows the bar's end
    y = 0.0
    bars = []
    for a in actions:
        lines = _wrap(f"{a['rank']}. {a['text']}", 40)
        label_y = y + LINE - 4
        y += len(lines) * LINE
        unlock_y = None
        if a["unlocks"]:
            unlock_y = _f(y + SMALL_LINE - 4)
            y += SMALL_LINE
        length = max(2.0, span * max(a["gain"], 0.0) / longest)
        bars.append(
            {
                "action": a,
                "lines": lines,
                "label_y": _f(label_y),
                "unlock_y": unlock_y,
                "bar_y": _f(y + 3),
                "length": _f(length),
                "value_x": _f(length + 8),
                "value_y": _f(y + 16),
            }
        )
        y += 32
    return {
        **_frame(0, 0, span + 8 + _width("+00.0 points · medium effort", SMALL_FONT), y - 10),
        "line": LINE,
        "bar_height": 16,
        "bars": bars,
        "shown": len(actions),
        "total": len(report["plan"]["steps"]),
    }
