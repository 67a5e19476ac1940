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
from typing import Any, NamedTuple

from omnicheck.lazy_dataclass import dataclass
from omnicheck.rubric.compiled import CompiledRubric, Question
from omnicheck.rubric.conditions import AnswerValue
from omnicheck.scoring.dimensions import (
    POINTS_PER_STEP,
    ScoreSheet,
    index_terms,
    recommendation_step,
)
from omnicheck.scoring.levels import LevelOutlook
from omnicheck.scoring.links import RELINKED_METRICS, LinkMeasures, Relinker

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
    #: None for a dimension in no roadmap phase: the templates word it ("Later").
    phase_name: str | None
    why: str


def effort_for(
    rubric: CompiledRubric, own_effort: str | None, dim: str, step: int
) -> tuple[str, str]:
    """(effort, why): the question's own effort, or that of its dimension's step."""
    spec = rubric.dimension_by_id[dim]
    rec = next((r for r in spec.recommendations if r.level == step), None)
    effort = own_effort or (
        rec.effort if rec else max(rubric.efforts, key=rubric.efforts.__getitem__)
    )
    return effort, rec.text if rec else spec.summary


#: (effort, why, effort points, phase, phase name) of an action
_Plan = tuple[str, str, float, int, str | None]


class _Raise(NamedTuple):
    """One answer raised a step, as far as it does not depend on the business."""

    question: Question
    dimension: str
    #: For a record link: the channel whose link to the customer record it raises.
    channel: str | None
    from_option: str
    to_option: str
    to_score: int
    #: The weighted points it adds to its dimension (record links are scored apart).
    points: float
    #: Its place in asking order: the last tie-break of the ranking.
    order: int
    #: (effort, why, effort points, phase, phase name) by its dimension's recommendation step.
    plans: tuple[_Plan, ...]


def _raises(rubric: CompiledRubric) -> dict[str, dict[str, _Raise]]:
    """Per scored question, per option below the top, the raise one step up.

    Built once per rubric (``rubric.derived``): the what-if then looks a raise
    up instead of finding the next option and its dimension for every answer.
    """
    record_dim = rubric.links.record_dimension if rubric.links else ""
    table: dict[str, dict[str, _Raise]] = {}
    for qid, ups in rubric.step_up.items():
        q = rubric.by_id[qid]
        dim = record_dim if q.link_role == "record" else q.dimension or ""
        channel = q.channel if q.link_role == "record" else None
        order = rubric.question_order[qid]
        plans = tuple(_plan(rubric, q.effort, dim, step) for step in range(4))
        raises = {}
        for oid, target in ups.items():
            current = q.option_by_id[oid]
            assert current.score is not None and target.score is not None
            # The same expression the plain re-score evaluates, so the sum is identical.
            points = q.weight * (target.score - current.score)
            raises[oid] = _Raise(
                q, dim, channel, oid, target.id, target.score, points, order, plans
            )
        table[qid] = raises
    return table


def _plan(rubric: CompiledRubric, own_effort: str | None, dim: str, step: int) -> _Plan:
    effort, why = effort_for(rubric, own_effort, dim, step)
    index, name = rubric.phase_of_dimension.get(dim, (len(rubric.roadmap), None))
    return (effort, why, rubric.effort_points(effort), index, name)


def what_if_actions(
    rubric: CompiledRubric,
    answers: Mapping[str, AnswerValue],
    sheet: ScoreSheet,
    links: LinkMeasures | None,
    metrics: Mapping[str, float | None],
    current_rank: int,
    *,
    top: int | None = None,
) -> tuple[Action, ...]:
    """Every one-step raise that adds to the index or reaches a level, best first.

    This loop runs once per scored answer of every business in a batch, so it
    re-scores only what a raise changes (see :class:`_Rescorer`). The figures
    are identical to a full re-score (``tests/test_scoring_single_path.py``).

    With ``top``, only the first ``top`` of that ranking: a batch reads no
    more, so the rest are ranked as plain tuples and never become Actions.
    """
    base_index = metrics.get("index")
    if base_index is None:
        return ()
    rescore = _Rescorer(rubric, sheet, links, metrics, current_rank)
    table = rubric.derived(_raises)
    steps = rescore.steps
    candidates: list[_Candidate] = []
    for qid, value in answers.items():
        raise_ = table.get(qid, _NOTHING).get(value) if type(value) is str else None
        if raise_ is None:
            continue
        if raise_.channel is None:
            new_index, rank_after = rescore.dimension(raise_)
        else:
            new_index, rank_after = rescore.record(raise_)
        gain = new_index - base_index
        unlocks = rank_after > current_rank
        if gain <= _EPSILON and not unlocks:
            continue
        plan = raise_.plans[steps[raise_.dimension]]
        points_needed = plan[2]
        priority = gain / points_needed if points_needed > 0 else gain
        candidates.append(
            (not unlocks, -priority, -gain, raise_.order, raise_, plan, new_index, rank_after)
        )
    kept = len(candidates) if top is None else min(top, len(candidates))
    _order(candidates, kept)
    levels = rubric.levels
    actions = []
    for rank, candidate in enumerate(candidates[:kept], start=1):
        reaches_none, minus_priority, minus_gain, _, raise_, plan, new_index, rank_after = candidate
        effort, why, points_needed, phase, phase_name = plan
        actions.append(
            Action(
                rank,
                raise_.question.id,
                raise_.dimension,
                raise_.from_option,
                raise_.to_option,
                -minus_gain,  # negating a float is exact: the gain as computed
                new_index,
                levels[rank_after].id,
                not reaches_none,
                effort,
                points_needed,
                -minus_priority,
                phase,
                phase_name,
                why,
            )
        )
    return tuple(actions)


#: (does not reach a level, -priority, -gain, place in asking order: the ranking key;
#: then the raise, its plan, the index and level rank after it)
_Candidate = tuple[bool, float, float, int, _Raise, _Plan, float, int]
#: Priorities closer than this might round to the same 9 decimals.
_CLOSE = 2e-9


def _rounded_key(candidate: tuple[bool, float, float, int, Any]) -> tuple[bool, float, float, int]:
    """The ranking key as defined, with the priority rounded to 9 decimals."""
    reaches, priority, gain, order = candidate[:4]
    return reaches, -round(-priority, 9), gain, order


def _order(candidates: list[Any], top: int) -> None:
    """Put the first ``top`` candidates in ranking order, in place.

    The order is: reaching a level, then priority to 9 decimals, gain, asking
    order. Priorities are compared rounded, so that two whose difference is
    float noise leave the choice to the gain. Rounding a float costs more
    than the rest of an action, and it preserves order, so the candidates are
    sorted on the exact priority, and only a run of neighbours that differ by
    less than a rounding could hide is sorted again on the rounded one. Runs
    that start past ``top`` cannot change the first ``top``, so they are left.
    """
    candidates.sort()  # places in asking order differ, so no two payloads are compared
    count = len(candidates)
    start = 0
    while start < top:
        end = start + 1
        while end < count:
            before, after = candidates[end - 1], candidates[end]
            if not (before[0] == after[0] and after[1] - before[1] < _CLOSE):
                break
            end += 1  # the run goes on
        if candidates[start][1] != candidates[end - 1][1]:
            candidates[start:end] = sorted(candidates[start:end], key=_rounded_key)
        start = end


_NOTHING: Mapping[str, _Raise] = {}


class _Rescorer:
    """One business re-scored with one answer raised, re-using all that the raise leaves alone.

    A raise moves one dimension: the index is re-summed from that dimension
    on, from running totals kept in the order :func:`integration_index` adds,
    so it is the same float. Raises that leave a dimension with the same
    weighted points reach the same index and level, so each distinct outcome
    is computed once. The level is re-tested only when the raise moves what
    stops the next one (:class:`LevelOutlook`). A record link also moves the
    link metrics (:class:`Relinker`).
    """

    def __init__(
        self,
        rubric: CompiledRubric,
        sheet: ScoreSheet,
        links: LinkMeasures | None,
        metrics: Mapping[str, float | None],
        rank: int,
    ) -> None:
        self.rubric, self.sheet, self.links, self.rank = rubric, sheet, links, rank
        self.outlook = LevelOutlook(rubric, metrics, rank)
        self.index = metrics["index"]
        self.positions = rubric.derived(_dimension_positions)
        #: (weight, score) per dimension, the index's weighted sum before each is
        #: added, and each dimension's recommendation step.
        self.terms: list[tuple[float, float | None]] = []
        self.partial_sums: list[float] = []
        self.steps: dict[str, int] = {}
        terms, partial_sums, steps = self.terms, self.partial_sums, self.steps
        total = weight = 0.0
        points, weights = sheet.points, sheet.weights
        for dim, index_weight in rubric.derived(index_terms):
            dim_weight = weights[dim]
            # The dimension score as score_sheet computes it, so the floats are equal.
            score = POINTS_PER_STEP * points[dim] / dim_weight if dim_weight else None
            terms.append((index_weight, score))
            partial_sums.append(total)
            steps[dim] = recommendation_step(score)
            if score is not None:
                total += index_weight * score
                weight += index_weight
        self.weight = weight
        self.outcomes: dict[tuple[str, float], tuple[float, int]] = {}
        #: Per (dimension, record link?): whether such a raise keeps the level (LevelOutlook.stays).
        self.stays: dict[tuple[str, bool], bool] = {}
        self.relinker: Relinker | None = None
        self.record_sum = self.record_count = 0
        self.record_item = 0.0
        if links is not None and sheet.record_levels:
            levels = sheet.record_levels
            self.record_sum = sum(levels.values())
            self.record_count = len(levels)  # a raised channel has a level already
            assert rubric.links is not None
            self.record_item = rubric.links.record_weight * self.record_sum / self.record_count

    def dimension(self, raise_: _Raise) -> tuple[float, int]:
        """(index, level rank) with a dimension question raised."""
        dim = raise_.dimension
        points = self.sheet.points[dim] + raise_.points
        outcome = self.outcomes.get((dim, points))
        if outcome is None:
            score = POINTS_PER_STEP * points / self.sheet.weights[dim]
            outcome = self.outcomes[dim, points] = self._rescore(dim, score, None)
        return outcome

    def record(self, raise_: _Raise) -> tuple[float, int]:
        """(index, level rank) with one channel's link to the customer record raised."""
        rubric, sheet = self.rubric, self.sheet
        assert rubric.links is not None and raise_.channel and self.record_count
        dim, channel, level = raise_.dimension, raise_.channel, raise_.to_score
        # Record levels are whole numbers, so the new sum is exact.
        new_sum = self.record_sum - sheet.record_levels[channel] + level
        new_item = rubric.links.record_weight * new_sum / self.record_count
        points = sheet.points[dim] - self.record_item + new_item
        score = POINTS_PER_STEP * points / sheet.weights[dim]
        return self._rescore(dim, score, (channel, level))

    def _rescore(self, dim: str, score: float, record: tuple[str, int] | None) -> tuple[float, int]:
        """(index, level rank) with ``dim`` scored ``score`` (and ``record``: a channel raised
        to a record level, which moves the link metrics too).

        The link metrics are worked out only when the level has to be tested.
        """
        position = self.positions[dim]
        terms = self.terms
        total = self.partial_sums[position] + terms[position][0] * score
        for dim_weight, other in terms[position + 1 :]:
            if other is not None:
                total += dim_weight * other
        index = total / self.weight
        key = (dim, record is not None)
        stays = self.stays.get(key)
        if stays is None:
            moved = {"index", _DIMENSION_METRIC + dim, *(RELINKED_METRICS if record else ())}
            stays = self.stays[key] = self.outlook.stays(moved)
        # Only float rounding could lower these; link metrics only count up.
        if stays and index >= self.index and score >= terms[position][1]:  # type: ignore[operator]
            return index, self.rank
        changed: dict[str, float | None] = {"index": index, _DIMENSION_METRIC + dim: score}
        if record is not None:
            if self.relinker is None:
                assert self.rubric.links is not None and self.links is not None
                self.relinker = Relinker(self.rubric.links, self.links)
            changed.update(self.relinker.metrics(*record))
        return index, self.outlook.rank_after(changed)


_DIMENSION_METRIC = "dimension."


def _dimension_positions(rubric: CompiledRubric) -> dict[str, int]:
    return {d.id: i for i, d in enumerate(rubric.dimensions)}
