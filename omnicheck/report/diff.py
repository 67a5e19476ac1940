"""What changed between two assessments of one business: the data behind ``omnicheck diff``.

Consultants assess a client, agree a roadmap, and assess again months later.
The diff answers the questions of that second meeting: did the level move,
by how much did the index and each dimension change, which gates are now met
(or lost) and which changed answers moved them there, which of the old
roadmap's actions were done, what went backwards, and what now blocks the
next level.

Every figure is the difference of two figures shown in the two reports
(rounded to one decimal first), so the diff never disagrees with them.
When the two answers files were given for different versions of the
rubric, the questions added and removed between them are listed.

This module is pure: two assessments in, one JSON-able dict out; every
renderer (terminal, Markdown, HTML, JSON) reads that dict.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import TYPE_CHECKING, Final

from omnicheck import __version__
from omnicheck.report.data import build_report
from omnicheck.report.diff_answers import Because, declines, label, other_changes
from omnicheck.report.figures import shown_change
from omnicheck.rubric.compiled import CompiledRubric
from omnicheck.scoring.assessment import Assessment
from omnicheck.wording.answers import set_aside_reason

if TYPE_CHECKING:
    from omnicheck.report.model import Check, PlanStep, Report
    from omnicheck.report.model_diff import (
        Blockers,
        Bypassed,
        Change,
        Channels,
        Diff,
        DimensionChange,
        GateChange,
        GateCrossed,
        Gates,
        QuestionRef,
        Reached,
        RubricChange,
        Side,
        StepDone,
    )

SCHEMA: Final = "omnicheck.diff/3"


def in_order(first: Assessment, second: Assessment) -> tuple[Assessment, Assessment, bool]:
    """The earlier assessment first, by their ``assessed:`` dates; whether that swapped them.

    Without both dates, or on the same day, the order given stands: OLD, then NEW.
    """
    a, b = first.answers.assessed, second.answers.assessed
    if a is not None and b is not None and b < a:
        return second, first, True
    return first, second, False


def diff_assessments(
    first: Assessment,
    second: Assessment,
    reports: tuple[Report, Report] | None = None,
    *,
    explain: bool = True,
) -> Diff:
    """The changes from the earlier to the later, labelled for people and keyed for scripts.

    ``reports`` are the two assessments' reports, in the order given, when the caller
    has built them already: ``history`` diffs each visit with the next, and would
    otherwise build every report again. With ``explain`` false, a changed gate's
    ``because`` is left empty: the history never shows it, and need not re-score.
    """
    old, new, swapped = in_order(first, second)
    if reports is None:
        before, after = build_report(old), build_report(new)
    else:
        before, after = reports[::-1] if swapped else reports
    after_names = {level["id"]: level["name"] for level in after["levels"]}
    old_rank = old.rubric.level_rank[old.level.level]
    new_rank = new.rubric.level_rank[new.level.level]
    return {
        "schema": SCHEMA,
        "omnicheck_version": __version__,
        "old": _side(old, before),
        "new": _side(new, after),
        "ordered_by": "assessed" if old.answers.assessed and new.answers.assessed else "arguments",
        "swapped": swapped,
        "same_business": old.answers.business_name == new.answers.business_name,
        "level": {
            "from": before["level"],
            "to": after["level"],
            "from_name": before["level_name"],
            "to_name": after["level_name"],
            "change": "up" if new_rank > old_rank else "down" if new_rank < old_rank else "same",
        },
        "index": _change(before["index"], after["index"]),
        "dimensions": _dimensions(before, after),
        "gates": _gates(before, after, after_names, Because(old, new) if explain else None),
        "steps_done": _steps_done(new, before),
        "declines": declines(old, new),
        "other_changes": other_changes(old, new),
        "blockers": _blockers(before, after, after_names),
        "target": {
            "from": before["target"]["strategy"],
            "to": after["target"]["strategy"],
            "from_name": before["target"]["name"],
            "to_name": after["target"]["name"],
        },
        "channels": _channels(before, after),
        "rubric": _rubric_change(old, new),
    }


def _side(a: Assessment, report: Report) -> Side:
    return {
        "source": a.answers.source,
        # What a client reads: the file's name, never the folders it sits in.
        "file": PurePath(a.answers.source).name,
        "assessed": report["assessed"],
        "business": a.answers.business_name,
        "rubric": {"id": a.rubric.id, "version": a.rubric.version, "title": a.rubric.title},
        "answered_version": a.answers.rubric_version,
        "level": report["level"],
        "level_name": report["level_name"],
        "index": report["index"],
        "coverage_percent": report["coverage"]["percent"],
        "target": report["target"]["strategy"],
        "next_level": report["next_level"],
        "set_aside": [
            {
                "question": s.question,
                "text": _question(a.rubric, s.question)["text"],
                "kind": s.kind,
                "reason": set_aside_reason(s),
            }
            for s in a.answers.set_aside
        ],
        "unanswered": list(a.answers.unanswered),
        "unanswered_questions": [_question(a.rubric, q) for q in a.answers.unanswered],
    }


def _change(before: float | None, after: float | None) -> Change:
    return {"from": before, "to": after, "change": shown_change(before, after)}


def _dimensions(before: Report, after: Report) -> list[DimensionChange]:
    old = {d["id"]: d for d in before["dimensions"]}
    rows: list[DimensionChange] = []
    for d in after["dimensions"]:
        prior = old.pop(d["id"], None)
        rows.append(_dimension(d["id"], d["name"], prior and prior["score"], d["score"]))
    for d in old.values():  # a dimension the newer rubric no longer has
        rows.append(_dimension(d["id"], d["name"], d["score"], None))
    return rows


def _dimension(ident: str, name: str, before: float | None, after: float | None) -> DimensionChange:
    change = _change(before, after)
    return {
        "id": ident,
        "name": name,
        "from": change["from"],
        "to": change["to"],
        "change": change["change"],
    }


def _gate_key(check: Check) -> tuple[str, str, str]:
    return (check["level"], check["kind"], check["id"])


def _gates(before: Report, after: Report, names: dict[str, str], because: Because | None) -> Gates:
    """Bands, gates and alternatives whose met status changed, with both figures and the
    changed answers that moved each (none without ``because``)."""
    old = {_gate_key(c): c for c in before["gates"]}
    met: list[GateCrossed] = []
    lost: list[GateCrossed] = []
    for check in after["gates"]:
        prior = old.get(_gate_key(check))
        if prior is None or prior["met"] == check["met"]:
            continue
        entry = _gate_change(check, names.get(check["level"], check["level"]), prior["actual"])
        causes = because.of(check) if because is not None else []
        (met if check["met"] else lost).append({**entry, "because": causes})
    return {"met": met, "lost": lost}


def _blockers(before: Report, after: Report, names: dict[str, str]) -> Blockers:
    """What blocks the next level now, and what became of the earlier blockers.

    An earlier blocker that no longer blocks is *cleared* only when it is met
    now. A band or alternative can also stop blocking unmet, when its level
    was reached another way (an index of 34.1 misses a band at 35 that a
    linked pair makes unnecessary): that is *bypassed*, with the alternatives
    that reached the level, so no line claims a figure the business lacks.
    A blocker of a level further away after a fall is neither, and is left out.
    """
    old = {_gate_key(c) for c in before["blockers"]}
    new = {_gate_key(c) for c in after["blockers"]}
    now = {_gate_key(c): c for c in after["gates"]}
    reached = {level["id"] for level in after["levels"] if level["reached"]}
    cleared: list[GateChange] = []
    bypassed: list[Bypassed] = []
    for c in before["blockers"]:
        current = now.get(_gate_key(c))
        if _gate_key(c) in new or current is None:
            continue
        entry = _gate_change(current, names.get(c["level"], c["level"]), c["actual"])
        if current["met"]:
            cleared.append(entry)
        elif c["level"] in reached and c["kind"] != "gate":
            by: list[Reached] = [
                {"id": g["id"], "kind": g["kind"], "label": g["label"], "required": g["required"]}
                for g in after["gates"]
                if g["level"] == c["level"] and g["met"] and g["kind"] != "gate"
            ]
            bypassed.append({**entry, "reached_by": by})
    return {
        "new": [c for c in after["blockers"] if _gate_key(c) not in old],
        "cleared": cleared,
        "bypassed": bypassed,
        "now": after["blockers"],
    }


def _gate_change(check: Check, level_name: str, actual_before: float | None) -> GateChange:
    return {**check, "level_name": level_name, "actual_before": actual_before}


def _steps_done(new: Assessment, before: Report) -> list[StepDone]:
    """The earlier plan's steps that the later answers show as done (see :func:`step_done`)."""
    return [
        {
            "rank": s["rank"],
            "kind": s["kind"],
            "question": s["question"],
            "text": s["text"],
            "dimension_name": s["dimension_name"],
            "from": s["from"]["label"] if s["from"] else None,
            "planned": s["to"]["label"],
            "now": label(new, s["question"]),
            "gain_planned": s["gain"],
            "unlocked": s["unlocks"],
        }
        for s in before["plan"]["steps"]
        if step_done(new, s)
    ]


def step_done(new: Assessment, step: PlanStep) -> bool:
    """Whether the later answer reaches what ``step`` asked for: an option that scores at
    least as much, or, for a hand-off, the hand-off listed."""
    q = new.rubric.by_id.get(step["question"])
    value = new.answers.answers.get(step["question"])
    if q is None or value is None:
        return False
    if step["kind"] == "handoff":
        return isinstance(value, tuple) and step["to"]["id"] in value
    target = q.option_by_id.get(step["to"]["id"])
    now = q.option_by_id.get(value) if isinstance(value, str) else None
    if target is None or now is None or target.score is None or now.score is None:
        return False
    return now.score >= target.score


def _channels(before: Report, after: Report) -> Channels:
    old = {c["id"]: c for c in before["channels"]}
    new = {c["id"]: c for c in after["channels"]}
    return {
        "added": [c for cid, c in new.items() if cid not in old],
        "removed": [c for cid, c in old.items() if cid not in new],
    }


def _rubric_change(old: Assessment, new: Assessment) -> RubricChange:
    """Questions added and removed between the versions the two files were answered for.

    With each file scored by its own rubric (``--old-rubric``), the two rubrics
    are compared question by question. With one rubric for both, a file given
    for another version was read leniently, and its answers tell the story:
    what it answered that the rubric no longer asks was removed, and what the
    rubric asks that it never answered was added.
    """
    if old.rubric.version != new.rubric.version:
        added = [q.id for q in new.rubric.questions if q.id not in old.rubric.by_id]
        removed = [q.id for q in old.rubric.questions if q.id not in new.rubric.by_id]
        compared = "rubrics"
    else:
        added, removed = [], []
        for a in (old, new):
            if a.answers.rubric_version != a.rubric.version:
                added += [qid for qid in a.answers.unanswered if qid not in added]
                removed += [
                    s.question
                    for s in a.answers.set_aside
                    if s.kind == "unknown" and s.question not in removed
                ]
        compared = "answers"
    versions = (old.answers.rubric_version, new.answers.rubric_version)
    return {
        "old_version": versions[0],
        "new_version": versions[1],
        "differs": versions[0] != versions[1],
        "scored_with": [old.rubric.version, new.rubric.version],
        "compared": compared,
        "questions_added": [_question(new.rubric, qid) for qid in added],
        "questions_removed": [_question(old.rubric, qid) for qid in removed],
    }


def _question(rubric: CompiledRubric, qid: str) -> QuestionRef:
    q = rubric.by_id.get(qid)
    return {"id": qid, "text": q.short if q else qid}
