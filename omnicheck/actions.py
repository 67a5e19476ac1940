"""Next-best actions: raise one answer a step, re-score, and rank by gain for effort.

For every scored answer below the top of its scale, the what-if raises it to
the next option and recomputes the index and level with everything else held
still. Actions that would reach a higher level come first; within those
groups, actions are ranked by index gain divided by the effort points of the
rubric's recommendation for that dimension and step. Every number in an
action is a re-score, never an estimate.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from omnicheck.conditions import AnswerValue
from omnicheck.levels import reached_rank
from omnicheck.links import LinkResult, compute_links
from omnicheck.rubric_types import CompiledRubric, Option, Question
from omnicheck.scoring import POINTS_PER_STEP, ScoreSheet, integration_index

_EPSILON = 1e-9


@dataclass(frozen=True, slots=True)
class Action:
    rank: int
    question: str
    dimension: str
    from_option: str
    to_option: str
    gain: float
    index_after: float
    level_after: str
    unlocks: bool
    effort: str
    effort_points: float
    priority: float
    phase: int
    phase_name: str
    why: str


def next_option(q: Question, current: Option) -> Option | None:
    """The option one step up the scale: the lowest score above the current one."""
    assert current.score is not None
    higher = [o for o in q.options if o.score is not None and o.score > current.score]
    return min(higher, key=lambda o: o.score or 0) if higher else None


def effort_for(
    rubric: CompiledRubric, q: Question, dim: str, dim_score: float | None
) -> tuple[str, str]:
    """(effort, why) from the dimension's recommendation at its current step."""
    spec = rubric.dimension_by_id[dim]
    step = min(3, int((dim_score or 0.0) // POINTS_PER_STEP))
    rec = next((r for r in spec.recommendations if r.level == step), None)
    effort = q.effort or (
        rec.effort if rec else max(rubric.efforts, key=rubric.efforts.__getitem__)
    )
    return effort, rec.text if rec else spec.summary


def what_if_actions(
    rubric: CompiledRubric,
    answers: Mapping[str, AnswerValue],
    sheet: ScoreSheet,
    links: LinkResult | None,
    metrics: Mapping[str, float | None],
    current_rank: int,
) -> tuple[Action, ...]:
    base_index = metrics.get("index")
    if base_index is None:
        return ()
    dims = {d.id: sheet.dimension(d.id) for d in rubric.dimensions}
    candidates: list[tuple[tuple[object, ...], Action]] = []
    order = {q.id: i for i, q in enumerate(rubric.questions)}
    for qid, value in answers.items():
        q = rubric.by_id[qid]
        if not isinstance(value, str) or not q.scored:
            continue
        current = q.option_by_id[value]
        target = next_option(q, current)
        if target is None or current.score is None or target.score is None:
            continue
        if q.link_role == "record":
            assert rubric.links is not None and links is not None and q.channel is not None
            dim = rubric.links.record_dimension
            changed = _raise_record(rubric, answers, sheet, links, q.channel, target.score)
            new_dims = {**dims, dim: changed[0]}
            new_metrics = {**metrics, **changed[1]}
        else:
            dim = q.dimension or ""
            points = sheet.points[dim] + q.weight * (target.score - current.score)
            new_dims = {**dims, dim: POINTS_PER_STEP * points / sheet.weights[dim]}
            new_metrics = dict(metrics)
        new_index = integration_index(rubric, new_dims)
        assert new_index is not None
        new_metrics["index"] = new_index
        new_metrics[f"dimension.{dim}"] = new_dims[dim]
        rank_after = reached_rank(rubric, new_metrics)
        gain = new_index - base_index
        unlocks = rank_after > current_rank
        if gain <= _EPSILON and not unlocks:
            continue
        effort, why = effort_for(rubric, q, dim, dims[dim])
        points_needed = rubric.effort_points(effort)
        priority = gain / points_needed if points_needed > 0 else gain
        phase, phase_name = rubric.phase_of_dimension.get(dim, (len(rubric.roadmap), "Later"))
        action = Action(
            0,
            qid,
            dim,
            current.id,
            target.id,
            gain,
            new_index,
            rubric.levels[rank_after].id,
            unlocks,
            effort,
            points_needed,
            priority,
            phase,
            phase_name,
            why,
        )
        candidates.append(((not unlocks, -round(priority, 9), -gain, order[qid]), action))
    candidates.sort(key=lambda pair: pair[0])
    return tuple(replace(a, rank=i) for i, (_, a) in enumerate(candidates, start=1))


def _raise_record(
    rubric: CompiledRubric,
    answers: Mapping[str, AnswerValue],
    sheet: ScoreSheet,
    links: LinkResult,
    channel: str,
    new_level: int,
) -> tuple[float | None, dict[str, float | None]]:
    """The record dimension's score and the link metrics with one channel's level raised."""
    assert rubric.links is not None
    dim = rubric.links.record_dimension
    record = dict(links.record)
    old_levels = sheet.record_levels
    new_levels = {**old_levels, channel: new_level}
    weight = rubric.links.record_weight
    old_item = weight * sum(old_levels.values()) / len(old_levels)
    new_item = weight * sum(new_levels.values()) / len(new_levels)
    points = sheet.points[dim] - old_item + new_item
    score = POINTS_PER_STEP * points / sheet.weights[dim]
    record[channel] = new_level
    relinked = compute_links(rubric, answers, record)
    assert relinked is not None
    return score, {
        "linked_pairs": float(relinked.linked_pairs),
        "link_density": relinked.density,
        "hub_coverage": relinked.hub_coverage,
        "stages_linked": float(len(relinked.stages_linked)),
    }
