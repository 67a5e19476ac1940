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
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from omnicheck.conditions import AnswerValue
from omnicheck.levels import reached_rank
from omnicheck.links import LinkResult, directed_handoffs, relinked_metrics
from omnicheck.rubric_types import CompiledRubric, Option, Question
from omnicheck.scoring import POINTS_PER_STEP, ScoreSheet, integration_index

_EPSILON = 1e-9


# Not frozen: a frozen dataclass sets every field through object.__setattr__,
# which makes it several times slower to build, and a batch builds this one
# many times per business. Treat instances as read-only all the same.
@dataclass(slots=True)
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
    """Every one-step raise that adds to the index or reaches a level, best first.

    This loop runs once per scored answer of every business in a batch, so it
    re-scores only what a raise changes. Raises that leave a dimension with
    the same weighted points reach the same index and level, so each distinct
    outcome is computed once; the figures are identical to a full re-score.
    """
    base_index = metrics.get("index")
    if base_index is None:
        return ()
    dims = {d.id: sheet.dimension(d.id) for d in rubric.dimensions}
    step_up = rubric.step_up
    outcomes: dict[tuple[str, float], tuple[float, int]] = {}
    #: (effort, why, effort points, phase, phase name) by (question's effort, dimension)
    plans: dict[tuple[str | None, str], tuple[str, str, float, int, str]] = {}
    directed = directed_handoffs(links.handoffs) if links is not None else {}
    candidates: list[tuple[tuple[object, ...], Action]] = []
    by_id, points_of, weights_of = rubric.by_id, sheet.points, sheet.weights
    for qid, value in answers.items():
        if type(value) is not str:
            continue
        target = step_up.get(qid, _NOTHING).get(value)
        if target is None:
            continue
        q = by_id[qid]
        current = q.option_by_id[value]
        assert current.score is not None and target.score is not None
        if q.link_role == "record":
            assert rubric.links is not None and links is not None and q.channel is not None
            dim = rubric.links.record_dimension
            new_index, rank_after = _raise_record(
                rubric, sheet, links, directed, metrics, dims, q.channel, target.score
            )
        else:
            dim = q.dimension or ""
            points = points_of[dim] + q.weight * (target.score - current.score)
            outcome = outcomes.get((dim, points))
            if outcome is None:
                new_dim = POINTS_PER_STEP * points / weights_of[dim]
                outcome = _rescore(rubric, metrics, dims, dim, new_dim, {})
                outcomes[(dim, points)] = outcome
            new_index, rank_after = outcome
        gain = new_index - base_index
        unlocks = rank_after > current_rank
        if gain <= _EPSILON and not unlocks:
            continue
        plan = plans.get((q.effort, dim))
        if plan is None:
            effort, why = effort_for(rubric, q, dim, dims[dim])
            phase = rubric.phase_of_dimension.get(dim, (len(rubric.roadmap), "Later"))
            plan = plans[(q.effort, dim)] = (effort, why, rubric.effort_points(effort), *phase)
        effort, why, points_needed, phase, phase_name = plan
        priority = gain / points_needed if points_needed > 0 else gain
        action = Action(
            0,  # ranked below, once every candidate is known
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
        order = rubric.question_order[qid]
        candidates.append(((not unlocks, -round(priority, 9), -gain, order), action))
    candidates.sort(key=lambda pair: pair[0])
    for rank, (_, action) in enumerate(candidates, start=1):
        action.rank = rank
    return tuple(action for _, action in candidates)


_NOTHING: Mapping[str, Option] = {}


def _rescore(
    rubric: CompiledRubric,
    metrics: Mapping[str, float | None],
    dims: Mapping[str, float | None],
    dim: str,
    new_dim: float | None,
    changed: Mapping[str, float | None],
) -> tuple[float, int]:
    """The index and level rank with one dimension's score (and ``changed`` metrics) replaced."""
    new_index = integration_index(rubric, {**dims, dim: new_dim})
    assert new_index is not None
    new_metrics = {**metrics, **changed}
    new_metrics["index"] = new_index
    new_metrics[f"dimension.{dim}"] = new_dim
    return new_index, reached_rank(rubric, new_metrics)


def _raise_record(
    rubric: CompiledRubric,
    sheet: ScoreSheet,
    links: LinkResult,
    directed: Mapping[tuple[str, str], AbstractSet[str]],
    metrics: Mapping[str, float | None],
    dims: Mapping[str, float | None],
    channel: str,
    new_level: int,
) -> tuple[float, int]:
    """The index and level rank with one channel's link to the customer record raised."""
    assert rubric.links is not None
    dim = rubric.links.record_dimension
    old_levels = sheet.record_levels
    new_levels = {**old_levels, channel: new_level}
    weight = rubric.links.record_weight
    old_item = weight * sum(old_levels.values()) / len(old_levels)
    new_item = weight * sum(new_levels.values()) / len(new_levels)
    points = sheet.points[dim] - old_item + new_item
    score = POINTS_PER_STEP * points / sheet.weights[dim]
    changed = relinked_metrics(rubric, links, channel, new_level, directed)
    return _rescore(rubric, metrics, dims, dim, score, changed)
