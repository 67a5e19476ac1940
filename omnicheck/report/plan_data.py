"""The report's ``plan`` part: the plan's steps in the rubric's words.

Kept apart from :mod:`omnicheck.report.data` as :mod:`.target_data` is: it
words one part of the assessment (each step's move, what it clears, its
advice and phase) and nothing else reads its helpers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from omnicheck.report.advice import step_advice
from omnicheck.report.figures import rounded, step_gain
from omnicheck.rubric.compiled import CompiledRubric
from omnicheck.scoring.assessment import Assessment
from omnicheck.scoring.plan import PlanStep, provisional_dimensions

if TYPE_CHECKING:
    from omnicheck.report.model import Cleared, Missing, Plan
    from omnicheck.report.model import PlanStep as StepData


def plan_data(rubric: CompiledRubric, a: Assessment, labels: dict[str, str]) -> Plan:
    plan = a.plan
    names = {level.id: level.name for level in rubric.levels}
    reaching = {rank for _, rank in plan.reached_after}
    steps: list[StepData] = []
    # Each step's gain is the change of the index shown before it to the one shown after.
    before = a.index
    for s in plan.steps:
        steps.append(_step(rubric, s, labels, s.rank in reaching, step_gain(before, s)))
        before = s.index_after
    return {
        "target": plan.target,
        "reaches": plan.reaches,
        "reaches_name": names[plan.reaches],
        "reached": rubric.level_rank[plan.reaches] >= rubric.level_rank[plan.target],
        "reached_after": [
            {"level": level, "name": names[level], "step": rank}
            for level, rank in plan.reached_after
        ],
        "missing": [_missing(rubric, m) for m in plan.missing],
        "search": plan.search,
        "steps": steps,
        "provisional": sorted(provisional_dimensions(rubric, a.answers.answers, a.scores)),
    }


def _cleared(rubric: CompiledRubric, check_id: str) -> Cleared:
    """A cleared check's words: the rubric's for a gate or an alternative; none for a
    band, whose figure the templates word it from (as they word a band's check)."""
    for level in rubric.levels:
        if check_id == f"{level.id}-band" and level.band:
            return {"id": check_id, "kind": "band", "label": None, "required": level.band[0]}
        for kind, gates in (("gate", level.gates), ("alternative", level.alternatives)):
            for gate in gates:
                if gate.id == check_id:
                    label, required = gate.label, gate.test.value
                    return {"id": check_id, "kind": kind, "label": label, "required": required}
    return {"id": check_id, "kind": "gate", "label": check_id, "required": 0.0}  # not a check


def _missing(rubric: CompiledRubric, check_id: str) -> Missing:
    for level in rubric.levels:
        for gate in (*level.gates, *level.alternatives):
            if gate.id == check_id:
                return {"id": check_id, "label": gate.label, "remedy": gate.remedy}
    return {"id": check_id, "label": None, "remedy": ""}  # the index band: the templates word it


def _step(
    rubric: CompiledRubric, s: PlanStep, labels: dict[str, str], unlocks: bool, gain: float
) -> StepData:
    q = rubric.by_id[s.question]
    after = q.option_by_id[s.to_option]
    before = q.option_by_id[s.from_option] if s.from_option else None
    phase = rubric.roadmap[s.phase] if s.phase < len(rubric.roadmap) else None
    text = q.short
    cleared = [_cleared(rubric, c) for c in s.clears]
    if s.channel and rubric.links and rubric.links.other_option == s.channel:
        text = text.replace(
            rubric.option_label(rubric.links.question, s.channel), labels[s.channel]
        )
    return {
        "rank": s.rank,
        "part": s.part,
        "kind": s.kind,
        "question": q.id,
        "text": text,
        "dimension": s.dimension,
        "dimension_name": rubric.dimension_by_id[s.dimension].name,
        "channel": s.channel,
        "from": {"id": before.id, "label": before.label} if before else None,
        "to": {"id": after.id, "label": after.label},
        "clears": list(s.clears),
        "clears_labels": [c["label"] for c in cleared],
        "clears_checks": cleared,
        "gain": gain,
        "gain_exact": round(s.gain, 9),
        "index_after": rounded(s.index_after),
        "level_after": s.level_after,
        "effort": s.effort,
        "advice": step_advice(rubric, s, labels),
        "phase": phase.id if phase else None,
        "phase_name": phase.name if phase else None,  # the templates word it
        "quick_win": s.quick_win,
        "provisional": s.provisional,
        "unlocks": unlocks,
    }
