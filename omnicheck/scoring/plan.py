"""The plan: the steps that reach the target, then the rest, in roadmap order.

A plan has two parts. The *reach-target* part is the smallest set of steps,
by effort, that meets every unmet band (or one alternative) and gate of each
level up to the target: a greedy search (:mod:`omnicheck.scoring.plan_search`)
finds a set, re-scoring after each step, or names what is missing when no
step helps; a branch and bound (:mod:`omnicheck.scoring.plan_exact`) then
looks for a set that costs less, and the plan says when its cap stopped it. The
*improve* part raises every other answer one option, where it adds to the
index. Inside each part, steps follow the rubric's roadmap phases, and a
step whose prerequisite (rubric data on the option) does not hold yet waits
until the step that meets it. Every figure of a step (what it clears, the
index and level after it and every step before it) comes from re-scoring
the answers with those steps applied.

The core holds ids and numbers only; words come from the rubric and the
templates.
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Mapping
from typing import NamedTuple

from omnicheck.lazy_dataclass import dataclass
from omnicheck.rubric.compiled import CompiledRubric, Question
from omnicheck.rubric.conditions import COMPARISONS, AnswerValue, NotApplicable
from omnicheck.scoring.dimensions import rests_on_few
from omnicheck.scoring.links import SHARED
from omnicheck.scoring.plan_exact import SearchEnd
from omnicheck.scoring.plan_requirements import Comparison, requirements
from omnicheck.scoring.plan_search import search_reach
from omnicheck.scoring.plan_state import Measured, Scored, State
from omnicheck.scoring.plan_steps import Candidate, phase_raises

REACH = "reach-target"
IMPROVE = "improve"
#: A quick win: the rubric's lowest effort, for at least this many index points.
QUICK_WIN_GAIN = 1.0
_EPSILON = 1e-9


# Not frozen, as the core's other per-business values: a batch builds a few per business.
@dataclass(slots=True)
class PlanStep:
    rank: int
    part: str
    kind: str  # "raise", "record" or "handoff"
    question: str
    dimension: str
    #: None for a hand-off: it adds an option to a multiple choice.
    from_option: str | None
    to_option: str
    channel: str | None
    other: str | None
    stage: str | None
    effort: str
    effort_points: float
    phase: int
    #: Ids of the bands, gates and alternatives this step meets (cumulatively).
    clears: tuple[str, ...]
    gain: float
    index_after: float | None
    level_after: str
    quick_win: bool
    #: Whether the step's dimension rests on fewer than half of its questions.
    provisional: bool
    #: For a record link: the other active channels whose link to the record is, before
    #: the step, at the level it raises this one to or above (two-way sync at most), in
    #: channel order: the channels it catches up with.
    peers: tuple[str, ...] = ()


@dataclass(slots=True)
class Plan:
    target: str
    #: The level once the reach-target steps are taken.
    reaches: str
    steps: tuple[PlanStep, ...]
    #: (level id, rank of the step after which it is first reached).
    reached_after: tuple[tuple[str, int], ...]
    #: Ids of what the rubric's questions cannot meet on the way to the target.
    missing: tuple[str, ...]
    #: How the reach-target search ended: "smallest" (no set of steps reaches the target
    #: for less effort), "capped" (the best found before the search's cap) or "unreached".
    search: SearchEnd = "smallest"


def provisional_dimensions(
    rubric: CompiledRubric,
    answers: Mapping[str, AnswerValue],
    scores: Mapping[str, float | None],
) -> dict[str, tuple[int, int]]:
    """Per provisional dimension (:func:`~omnicheck.scoring.dimensions.rests_on_few`):
    (answered, questions), where questions are those the business was asked (answered
    or n/a); ``scores``: each dimension's score, as the answers are.
    """
    out = {}
    for dim, questions in rubric.scored_by_dimension.items():
        counts = _provisional(questions, answers, scores.get(dim))
        if counts is not None:
            out[dim] = counts
    return out


def _provisional(
    questions: Iterable[Question], answers: Mapping[str, AnswerValue], score: float | None
) -> tuple[int, int] | None:
    answered = asked = 0
    for q in questions:
        value = answers.get(q.id)
        if value is None:
            continue
        asked += 1
        answered += not isinstance(value, NotApplicable)
    return (answered, asked) if rests_on_few(answered, asked, score) else None


class _Provisional:
    """Whether a dimension is provisional (:func:`provisional_dimensions`), worked out
    only for the dimensions of the steps a plan takes: a batch takes three."""

    __slots__ = ("answers", "known", "rubric", "scores")

    def __init__(
        self,
        rubric: CompiledRubric,
        answers: Mapping[str, AnswerValue],
        scores: Mapping[str, float | None],
    ) -> None:
        self.rubric, self.answers, self.scores = rubric, answers, scores
        self.known: dict[str, bool] = {}

    def __contains__(self, dim: object) -> bool:
        if not isinstance(dim, str):
            return False
        known = self.known.get(dim)
        if known is None:
            questions = self.rubric.scored_by_dimension.get(dim, ())
            counts = _provisional(questions, self.answers, self.scores.get(dim))
            known = self.known[dim] = counts is not None
        return known


def build_plan(
    rubric: CompiledRubric,
    answers: Mapping[str, AnswerValue],
    target: str,
    shape: str | None = None,
    *,
    limit: int | None = None,
    scored: Scored | None = None,
    measured: Measured | None = None,
) -> Plan:
    """The plan for these answers to reach ``target``; ``shape`` names the strategy whose
    plan settings (rubric data) shape the improve part.

    With ``limit``, only the first ``limit`` steps are worked out: a batch reads no more.
    The search is the same, so they are the first steps of the full plan.
    """
    search = State(rubric, answers, scored, measured)
    # A step is provisional by the answers as they are: their scores, before any step.
    provisional = _Provisional(rubric, answers, dict(search.scores))
    start_rank, target_rank = search.rank, rubric.level_rank[target]
    # The replay starts from the answers as they are, which the exact search starts from
    # too, and only reads; with no step to reach the target, the search leaves its state
    # as it is, and the replay can take it over.
    replay = search.copy() if start_rank < target_rank else search
    chosen, missing, search, outcome = search_reach(search, target_rank, replay)
    reaches = rubric.levels[search.rank].id
    checks = rubric.derived(_all_checks)
    steps: list[PlanStep] = []
    reach = sorted(chosen.values(), key=lambda c: (c.phase, c.order, c.to_option))
    if reach:
        _replay(replay, reach, REACH, checks, provisional, steps, limit)
    if limit is None or len(steps) < limit:
        _improve(search, chosen.values(), replay, target, shape, checks, provisional, steps, limit)
    reached_after = []
    rank = start_rank
    for s in steps:
        now = rubric.level_rank[s.level_after]
        if now > rank and s.part == REACH:
            reached_after += [(rubric.levels[r].id, s.rank) for r in range(rank + 1, now + 1)]
        rank = max(rank, now)
    return Plan(target, reaches, tuple(steps), tuple(reached_after), missing, outcome)


def _improve(
    search: State,
    reached: Iterable[Candidate],
    replay: State,
    target: str,
    shape: str | None,
    checks: _Checks,
    provisional: Container[str],
    steps: list[PlanStep],
    limit: int | None,
) -> None:
    """The improve part: every answer one option up where it adds to the index, by phase,
    then by gain for effort. With ``limit``, phases are ranked only until enough steps
    are taken: later phases come after every step of earlier ones."""
    rubric = search.rubric
    strategy = rubric.strategy_by_id.get(shape or target)
    dims = strategy.plan_dimensions if strategy else ()
    links = strategy.plan_links if strategy else True
    # "The rest": an answer the reach-target part raised is not raised again.
    raised = {s.question for s in steps}
    raised.update(s.question for s in reached)
    base = search.index
    ranked: list[tuple[tuple[int, float, int], Candidate]] = []
    done = len(steps)
    prerequisites = search.prerequisites
    # Phase by phase, each answer's nearest raise; the keys are unique (one raise per
    # question), so the ranking does not depend on the order they are listed in.
    answers = search.answers
    for phase in phase_raises(rubric, links=links):
        size = len(ranked)
        for qid, nearest in phase:
            value = answers.get(qid)
            if type(value) is not str or qid in raised:
                continue
            c = nearest.get(value)
            if c is None or (dims and c.kind == "raise" and c.dimension not in dims):
                continue
            moved = search.index_after(c)
            gain = 0.0 if moved is None or base is None else moved - base
            if gain > _EPSILON:
                ratio = round(gain / c.effort_points if c.effort_points else gain, 9)
                ranked.append(((c.phase, -ratio, c.order), c))
        if limit is None or len(ranked) in (size, 0) or len(ranked) < limit - done:
            continue  # (the same ranking as the phase before takes the same steps)
        ranked.sort(key=lambda item: item[0])
        if not any(c.question in prerequisites for _, c in ranked):
            break  # every one can be taken: enough of them, on the replay itself
        trial, taken = replay.copy(), steps[:done]
        _replay(trial, [c for _, c in ranked], IMPROVE, checks, provisional, taken, limit)
        if len(taken) < limit:
            continue  # prerequisites held some back: the next phase may come first
        steps[:] = taken
        return
    ranked.sort(key=lambda item: item[0])
    _replay(replay, [c for _, c in ranked], IMPROVE, checks, provisional, steps, limit)


class _Checks(NamedTuple):
    """Every band, alternative and gate above the base level, and by metric the positions
    of those that read it: a step clears only checks of the metrics it moves."""

    by_metric: dict[str, tuple[int, ...]]
    #: Each check as (id, metric, comparison, threshold): the comparison looked up once.
    tests: tuple[tuple[str, str, Comparison, float], ...]
    #: By the metrics a step moved, in ``by_metric``'s order: the positions of the checks
    #: that read them, sorted. Steps move the same few metrics again and again.
    reading: dict[tuple[str, ...], tuple[int, ...]]


def _all_checks(rubric: CompiledRubric) -> _Checks:
    checks = tuple(
        way
        for rank in range(1, len(rubric.levels))
        for req in requirements(rubric, rank)
        for way in req
    )
    by_metric: dict[str, list[int]] = {}
    for i, (_, metric, _, _) in enumerate(checks):
        by_metric.setdefault(metric, []).append(i)
    tests = tuple((c, m, COMPARISONS[op], v) for c, m, op, v in checks)
    return _Checks({m: tuple(ids) for m, ids in by_metric.items()}, tests, {})


def _cleared(
    table: _Checks,
    before: Mapping[str, float | None],
    after: Mapping[str, float | None],
    names: tuple[str, ...] | None,
) -> tuple[str, ...]:
    """Ids of the checks that hold on ``after`` and did not on ``before``, in check order;
    ``names``: the only metrics that can differ, when the step says (a raise moves two)."""
    by_metric = table.by_metric
    moved = tuple(
        [
            metric
            for metric in (by_metric if names is None else names)
            if after.get(metric) != before.get(metric)
        ]
    )
    if not moved:
        return ()
    positions = table.reading.get(moved)
    if positions is None:
        positions = tuple(sorted(i for metric in moved for i in by_metric.get(metric, ())))
        table.reading[moved] = positions
    tests = table.tests
    cleared = []
    for i in positions:
        check, metric, test, threshold = tests[i]
        now = after.get(metric)
        if now is not None and test(now, threshold):
            was = before.get(metric)
            if not (was is not None and test(was, threshold)):
                cleared.append(check)
    return tuple(dict.fromkeys(cleared))


def _replay(
    state: State,
    pending: list[Candidate],
    part: str,
    checks: _Checks,
    provisional: Container[str],
    out: list[PlanStep],
    limit: int | None,
) -> None:
    """Take ``pending`` (the caller's list, emptied) in order on ``state``, each as soon
    as its prerequisites hold, appending a step with its re-scored figures to ``out``;
    a step whose prerequisite never holds is left out."""
    rubric = state.rubric
    lowest = rubric.derived(_lowest_effort)
    levels = rubric.levels
    while pending and (limit is None or len(out) < limit):
        index = next((i for i, c in enumerate(pending) if state.allows(c)), None)
        if index is None:
            return
        c = pending.pop(index)
        before, index_before = state.metrics, state.index
        kind = c.kind
        peers = _peers(state, c) if kind == "record" else ()
        state.apply(c)
        names = ("index", "dimension." + c.dimension) if kind == "raise" else None
        clears = _cleared(checks, before, state.metrics, names)
        gain = (state.index or 0.0) - (index_before or 0.0)
        out.append(
            PlanStep(
                len(out) + 1,
                part,
                kind,
                c.question,
                c.dimension,
                c.from_option,
                c.to_option,
                c.channel,
                c.other,
                c.stage,
                c.effort,
                c.effort_points,
                c.phase,
                clears,
                gain,
                state.index,
                levels[state.rank].id,
                c.effort_points <= lowest and gain >= QUICK_WIN_GAIN,
                kind != "handoff" and c.dimension in provisional,
                peers,
            )
        )


def _lowest_effort(rubric: CompiledRubric) -> float:
    """The points of the rubric's lowest effort: a quick win's (see :data:`QUICK_WIN_GAIN`)."""
    return min(rubric.efforts.values())


def _peers(state: State, step: Candidate) -> tuple[str, ...]:
    """The channels a record link step catches up with (see :attr:`PlanStep.peers`)."""
    links = state.links
    if links is None:
        return ()
    level = min(step.to_score, SHARED)
    return tuple(
        c for c in links.channels if c != step.channel and (links.record.get(c) or 0) >= level
    )
