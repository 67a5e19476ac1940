"""The report as plain data: the JSON output and the input of every template.

Every renderer (JSON, Markdown, HTML, terminal) reads this one dictionary, so
they can never disagree, and anything a template shows is also in the JSON.
Keys are part of omnicheck's interface and documented in README.md under
"JSON output"; add keys freely, but never rename or remove one without
raising :data:`SCHEMA`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from omnicheck import __version__
from omnicheck.report.figures import rounded
from omnicheck.report.plan_data import plan_data
from omnicheck.report.target_data import target_data
from omnicheck.report.team import team_data
from omnicheck.rubric.compiled import CompiledRubric
from omnicheck.rubric.compiled import Source as SourceRef
from omnicheck.rubric.conditions import AnswerValue, NotApplicable
from omnicheck.rubric.kinds import kind_of
from omnicheck.scoring.actions import Action as ScoredAction
from omnicheck.scoring.assessment import Assessment
from omnicheck.scoring.dimensions import DimensionScore
from omnicheck.scoring.levels import Check
from omnicheck.scoring.links import channel_labels
from omnicheck.scoring.target import answer_label

if TYPE_CHECKING:
    from omnicheck.report.model import (
        Action,
        Answer,
        ContinuityCheck,
        Dimension,
        DimensionItem,
        Evidence,
        LinkChannel,
        Links,
        Phase,
        Report,
        Source,
    )
    from omnicheck.report.model import (
        Check as CheckData,
    )

SCHEMA: Final = "omnicheck.report/3"
PERCENT_METRICS = frozenset({"link_density", "hub_coverage", "coverage"})


def build_report(a: Assessment) -> Report:
    rubric = a.rubric
    labels = channel_labels(rubric, a.answers.answers) if rubric.links else {}
    actions = [_action(rubric, act) for act in a.actions]
    dims = [_dimension(rubric, a, d) for d in a.dimensions]
    provisional = {d["id"] for d in dims if d["provisional"]}
    team = team_data(a)
    return {
        "schema": SCHEMA,
        "omnicheck_version": __version__,
        "rubric": {"id": rubric.id, "version": rubric.version, "title": rubric.title},
        "business": {"name": a.answers.business_name, "details": a.answers.business},
        "assessed": a.answers.assessed.isoformat() if a.answers.assessed else None,
        # "quick": a quick check, whose level and target are provisional.
        "depth": a.answers.depth,
        "level": a.level.level,
        "level_name": rubric.levels[a.level.rank].name,
        "index": rounded(a.index),
        "coverage": {
            "answered": a.coverage.answered,
            "not_applicable": a.coverage.not_applicable,
            "percent": rounded(a.coverage.percent),
        },
        "channels": [{"id": c, "name": labels.get(c, c)} for c in a.channels],
        "dimensions": dims,
        "links": _links(rubric, a, labels),
        "levels": [
            {
                "id": s.id,
                "name": s.name,
                "summary": rubric.levels[s.rank].summary,
                "band": {"from": s.band[0], "to": s.band[1]} if s.band else None,
                "reached": s.reached,
                "current": s.id == a.level.level,
            }
            for s in a.level.statuses
        ],
        "gates": [_check(c, a, provisional) for s in a.level.statuses for c in s.checks],
        "next_level": a.level.next_level,
        "blockers": [_check(c, a, provisional) for c in a.level.blockers],
        "target": target_data(rubric, a),
        "plan": plan_data(rubric, a, labels),
        "actions": actions,
        "roadmap": _roadmap(rubric, actions),
        "continuity": _continuity(rubric, a),
        "evidence": _evidence(rubric, a),
        "answers": _answers(rubric, a, labels),
        "consensus": team["consensus"],
        "respondents": team["respondents"],
        "disagreements": team["disagreements"],
        "notes": team["notes"],
        "benchmark": None,  # report --benchmark fills it in (omnicheck.report.benchmark)
    }


def _check(c: Check, a: Assessment, provisional: set[str]) -> CheckData:
    # A check on a dimension that rests on too few answers, or on the index when fewer
    # than half of the questions asked are answered, is only provisionally met or unmet.
    if c.metric.startswith("dimension."):
        shaky = c.metric.removeprefix("dimension.") in provisional
    else:
        percent = a.coverage.percent
        shaky = c.metric == "index" and percent is not None and percent < 50
    return {
        "level": c.level,
        "kind": c.kind,
        "id": c.id,
        "label": c.label,
        "metric": c.metric,
        "op": c.op,
        "required": c.required,
        "actual": rounded(c.actual),
        "unit": "%" if c.metric in PERCENT_METRICS else "",
        "met": c.met,
        "remedy": c.remedy,  # a band has none: the templates word its advice
        "provisional": shaky,
    }


def _dimension(rubric: CompiledRubric, a: Assessment, d: DimensionScore) -> Dimension:
    spec = rubric.dimension_by_id[d.id]
    step = d.step
    rec = next((r for r in spec.recommendations if r.level == step), None)
    items: list[DimensionItem] = []
    for item in d.items:
        q = rubric.by_id[item.question]
        value = a.answers.answers[item.question]
        items.append(
            {
                "question": q.id,
                "text": q.short,
                "answer": _answer(value),
                "label": answer_label(rubric, q.id, value),
                "score": item.score,
                "weight": item.weight,
            }
        )
    return {
        "id": d.id,
        "name": d.name,
        "summary": spec.summary,
        "basis": spec.basis,
        "weight": d.weight,
        "score": rounded(d.score),
        "step": step,
        "answered": d.answered,
        "not_applicable": d.not_applicable,
        "questions": d.answered + d.not_applicable,
        "provisional": d.provisional,
        "record_links": rounded(d.record_links, 2),
        "recommendation": (
            {"text": rec.text, "effort": rec.effort}
            if rec and d.score is not None and d.score < 100
            else None
        ),
        "items": items,
    }


def _answer(value: AnswerValue) -> str | list[str] | None:
    if isinstance(value, NotApplicable):
        return None
    return list(value) if isinstance(value, tuple) else value


def _links(rubric: CompiledRubric, a: Assessment, labels: dict[str, str]) -> Links | None:
    links = a.links
    if links is None or rubric.links is None:
        return None
    record_q = rubric.links.record_question
    stage_names = dict(rubric.links.stages)
    pair_level = {frozenset((p.a, p.b)): p.level for p in links.pairs}
    channels: list[LinkChannel] = []
    for c in links.channels:
        level = links.record.get(c)
        value = a.answers.answers.get(record_q[c])
        channels.append(
            {
                "id": c,
                "name": labels.get(c, c),
                "record_level": level,
                "record_question": record_q[c],
                "record_label": answer_label(rubric, record_q[c], value),
            }
        )
    return {
        "channels": channels,
        "pairs": [
            {"a": p.a, "b": p.b, "level": p.level, "stages": list(p.stages), "via": p.via}
            for p in links.pairs
        ],
        "matrix": [
            {
                "channel": row,
                "cells": [
                    None if col == row else pair_level[frozenset((row, col))]
                    for col in links.channels
                ],
            }
            for row in links.channels
        ],
        "handoffs": [
            {
                "from": s,
                "from_name": labels.get(s, s),
                "to": t,
                "to_name": labels.get(t, t),
                "stage": st,
                "stage_name": stage_names.get(st, st),
            }
            for s, t, st in links.handoffs
        ],
        "linked_pairs": links.linked_pairs,
        "density_percent": rounded(links.density),
        "hub_coverage_percent": rounded(links.hub_coverage),
        "stages": [
            {"id": s, "name": stage_names[s], "linked": s in links.stages_linked}
            for s in stage_names
        ],
    }


def _action(rubric: CompiledRubric, act: ScoredAction) -> Action:
    q = rubric.by_id[act.question]
    before = q.option_by_id[act.from_option]
    after = q.option_by_id[act.to_option]
    return {
        "rank": act.rank,
        "question": q.id,
        "text": q.short,
        "dimension": act.dimension,
        "dimension_name": rubric.dimension_by_id[act.dimension].name,
        "from": {"id": before.id, "label": before.label, "score": before.score},
        "to": {
            "id": after.id,
            "label": after.label,
            "score": after.score,
            "description": after.description,
        },
        "gain": round(act.gain, 2),
        "index_after": rounded(act.index_after),
        "level_after": act.level_after,
        "unlocks": act.unlocks,
        "effort": act.effort,
        "effort_points": act.effort_points,
        "priority": round(act.priority, 3),
        "phase": act.phase,
        "phase_name": act.phase_name,
        "why": act.why,
    }


def _roadmap(rubric: CompiledRubric, actions: list[Action]) -> list[Phase]:
    """The ranked actions sorted into the rubric's phases, in phase order."""
    phases: list[Phase] = [
        {"phase": i, "name": p.name, "dimensions": list(p.dimensions), "actions": []}
        for i, p in enumerate(rubric.roadmap)
    ]
    later: Phase = {"phase": len(phases), "name": None, "dimensions": [], "actions": []}
    for act in actions:
        target = phases[act["phase"]] if act["phase"] < len(phases) else later
        target["actions"].append(act["rank"])
    return [p for p in [*phases, later] if p["actions"]]


def _continuity(rubric: CompiledRubric, a: Assessment) -> list[ContinuityCheck]:
    rows: list[ContinuityCheck] = []
    for section in rubric.sections:
        if section.kind != "checks":
            continue
        for q in section.questions:
            if q.id not in a.answers.answers:
                continue
            value = a.answers.answers[q.id]
            rows.append(
                {
                    "question": q.id,
                    "text": q.text,
                    "short": q.short,
                    "dimension": q.dimension,
                    "answer": answer_label(rubric, q.id, value),
                    "passed": kind_of(q).passed(q, value),
                }
            )
    return rows


def _evidence(rubric: CompiledRubric, a: Assessment) -> list[Evidence]:
    """Evidence cited by the fired rule and the target strategy, in rubric order."""
    strategy = rubric.strategy_by_id.get(a.target.strategy)
    cited = set(a.target.evidence) | set(strategy.evidence if strategy else ())
    return [
        {
            "id": e.id,
            "finding": e.finding,
            "caveat": e.caveat,
            "source": _source(e.source) if e.source else None,
        }
        for e in rubric.evidence
        if e.id in cited
    ]


def _answers(rubric: CompiledRubric, a: Assessment, labels: dict[str, str]) -> list[Answer]:
    rows: list[Answer] = []
    titles = {s.id: s.title for s in rubric.sections}
    for q in rubric.questions:
        if q.id not in a.answers.answers:
            continue
        value = a.answers.answers[q.id]
        label: str | None
        if rubric.links and q.id == rubric.links.question and isinstance(value, tuple):
            label = ", ".join(labels.get(v, v) for v in value)
        else:
            label = answer_label(rubric, q.id, value)
        rows.append(
            {
                "section": q.section,
                "section_title": titles[q.section],
                "question": q.id,
                "text": q.text,
                "answer": list(value)
                if isinstance(value, tuple)
                else ("n/a" if isinstance(value, NotApplicable) else value),
                "label": label,
                "reason": value.reason if isinstance(value, NotApplicable) else None,
            }
        )
    return rows


def _source(s: SourceRef) -> Source:
    return {
        "title": s.title,
        "publisher": s.publisher,
        "year": s.year,
        "author": s.author,
        "url": s.url,
        "note": s.note,
    }
