"""A business over many visits: the data behind ``omnicheck history``.

``diff`` compares two assessments; a consultant who comes back every year
wants the whole story: the level and index at each visit, each dimension
over time, the gates won and lost between visits, and how many of the steps
planned at one visit were done by the next.

Each pair of consecutive visits is compared by
:func:`omnicheck.report.diff.diff_assessments`, so history and diff never
disagree: the gates, the changes of index and level, and the questions added
or removed when the rubric version changed between two visits are the
diff's. A plan step counts as done when the later answer reaches the option
the step asked for (scores at least as much), or, for a hand-off, lists it.

Pure: assessments in, one JSON-able dict out, that every renderer reads.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import PurePath
from typing import TYPE_CHECKING, Final

from omnicheck import __version__
from omnicheck.report.data import build_report
from omnicheck.report.diff import diff_assessments
from omnicheck.scoring.assessment import Assessment

if TYPE_CHECKING:
    from omnicheck.report.model import Report
    from omnicheck.report.model_diff import GateChange
    from omnicheck.report.model_history import GateMoved, History, Visit, VisitChange

SCHEMA: Final = "omnicheck.history/1"


def assessed_on(a: Assessment) -> date | None:
    """The visit's ``assessed:`` date, where the answers file has one."""
    return a.answers.assessed


def history_data(visits: Sequence[Assessment], *, ordered_by: str) -> History:
    """The visits in order (``ordered_by`` says how they were ordered: "assessed" or
    "arguments") and what changed from each to the next."""
    reports = [build_report(a) for a in visits]
    latest = reports[-1]
    dimensions: dict[str, str] = {}
    for report in reversed(reports):  # the latest rubric's order and names first
        for d in report["dimensions"]:
            dimensions.setdefault(d["id"], d["name"])
    changes = [
        _change(i, visits[i - 1], visits[i], reports[i - 1], reports[i])
        for i in range(1, len(visits))
    ]
    return {
        "schema": SCHEMA,
        "omnicheck_version": __version__,
        "business": {"name": latest["business"]["name"]},
        "rubric": latest["rubric"],
        "ordered_by": ordered_by,
        "levels": [{"id": lv["id"], "name": lv["name"]} for lv in latest["levels"]],
        "dimensions": [{"id": k, "name": v} for k, v in dimensions.items()],
        "visits": [_visit(i, a, r) for i, (a, r) in enumerate(zip(visits, reports, strict=True))],
        "changes": changes,
        "rubric_changed": any(c["rubric"]["differs"] for c in changes),
    }


def _visit(i: int, a: Assessment, report: Report) -> Visit:
    when = assessed_on(a)
    ranks = {lv["id"]: n for n, lv in enumerate(report["levels"])}
    return {
        "visit": i + 1,
        "source": a.answers.source,
        "file": PurePath(a.answers.source).name,
        "assessed": when.isoformat() if when else None,
        "answered_version": a.answers.rubric_version,
        "level": report["level"],
        "level_name": report["level_name"],
        "level_rank": ranks[report["level"]],
        "index": report["index"],
        "coverage": report["coverage"]["percent"],
        "target": report["target"]["strategy"],
        "dimensions": {d["id"]: d["score"] for d in report["dimensions"]},
        "plan_steps": len(report["plan"]["steps"]),
    }


def _change(i: int, old: Assessment, new: Assessment, before: Report, after: Report) -> VisitChange:
    d = diff_assessments(old, new, (before, after), explain=False)
    return {
        "from": i,
        "to": i + 1,
        "level": d["level"],
        "index": d["index"],
        "dimensions": d["dimensions"],
        "gates_met": [_gate(g) for g in d["gates"]["met"]],
        "gates_lost": [_gate(g) for g in d["gates"]["lost"]],
        "steps_planned": len(before["plan"]["steps"]),
        "steps_done": [
            {
                "rank": s["rank"],
                "kind": s["kind"],
                "question": s["question"],
                "text": s["text"],
                "from": s["from"],
                "to": s["planned"],
            }
            for s in d["steps_done"]
        ],
        "rubric": d["rubric"],
    }


def _gate(g: GateChange) -> GateMoved:
    return {
        "level": g["level"],
        "kind": g["kind"],
        "id": g["id"],
        "label": g["label"],
        "required": g["required"],
        "actual": g["actual"],
        "actual_before": g["actual_before"],
        "unit": g["unit"],
    }
