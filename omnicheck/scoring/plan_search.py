"""The plan's search: a business re-scored as steps are applied, and the steps to try.

A :class:`State` is one set of answers with its figures computed exactly as
:func:`omnicheck.scoring.assessment.assess` computes them (the same functions, on
the changed answers), so every figure a plan reports is a re-score. To
*choose* a step, the search needs only how far each candidate moves the
figures that stop the next level; those moves are linear in the answers
(a dimension score is a weighted mean, the index a weighted mean of those),
so :meth:`State.moves` works them out without re-scoring every candidate.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from collections.abc import Set as AbstractSet
from typing import NamedTuple

from omnicheck.rubric.compiled import CompiledRubric, Question
from omnicheck.rubric.conditions import COMPARISONS, AnswerValue, Evaluator, compile_condition
from omnicheck.scoring.dimensions import (
    POINTS_PER_STEP,
    Coverage,
    ScoreSheet,
    integration_index,
    metrics,
    rescore_dimension,
    score_sheet,
)
from omnicheck.scoring.levels import reached_rank
from omnicheck.scoring.links import HUB, SHARED, LinkFigures, LinkMeasures, Relinker, link_figures

#: A requirement of a level: the ways to meet it, any one enough, as (check id, metric, op,
#: value). A gate has one way; a band with its alternatives has several.
Requirement = tuple[tuple[str, str, str, float], ...]
#: One way of a requirement: (check id, metric, op, value).
Check = tuple[str, str, str, float]


class Candidate(NamedTuple):
    """One step the search may take: raise an answer, or add a hand-off."""

    kind: str  # "raise", "record" or "handoff"
    question: str
    from_option: str | None
    to_option: str
    dimension: str
    #: For a record link or a hand-off: its channel; for a hand-off, the receiving channel
    #: and the journey stage too.
    channel: str | None
    other: str | None
    stage: str | None
    to_score: int
    effort: str
    effort_points: float
    phase: int
    order: int
    #: For a raise: the weighted points it adds to its dimension.
    points: float = 0.0


#: (link figures, score sheet, dimension scores, coverage) as assess computes them.
Scored = tuple[LinkMeasures | None, ScoreSheet, Mapping[str, float | None], Coverage]
#: (index, metrics, level rank) of those figures, when the caller has them too.
Measured = tuple[float | None, Mapping[str, float | None], int]


class State:
    """One set of answers, scored exactly as a report scores them."""

    def __init__(
        self,
        rubric: CompiledRubric,
        answers: Mapping[str, AnswerValue],
        scored: Scored | None = None,
        measured: Measured | None = None,
    ) -> None:
        """``scored`` and ``measured``: the answers' figures, when the caller has them
        already (never changed here: a step makes new ones)."""
        self.rubric = rubric
        self.answers: dict[str, AnswerValue] = dict(answers)
        if scored is None:
            links = link_figures(rubric, self.answers)
            scored = (links, *score_sheet(rubric, self.answers, links))
        self.links, sheet, scores, self.cover = scored
        self.scores = dict(scores)
        self.points, self.weights = dict(sheet.points), dict(sheet.weights)
        self.record: dict[str, int] = sheet.record_levels
        self.dimension_weight = rubric.derived(_index_weight)
        self.prerequisites = rubric.derived(_prerequisites)
        self.index_weight = self._index_weight()
        self.relinker: Relinker | None = None
        self.handed: set[tuple[str, str]] | None = None
        if measured is None:
            self.index = integration_index(rubric, self.scores)
            self._relinks()
        else:
            self.index, self.metrics, self.rank = measured
            self._scored(rank=self.rank)

    def copy(self) -> State:
        other = State.__new__(State)
        other.__dict__.update(self.__dict__)
        other.answers = dict(self.answers)
        other.points, other.weights = dict(self.points), dict(self.weights)
        other.record = dict(self.record)
        other.scores = dict(self.scores)
        return other

    def _index_weight(self) -> float:
        weight = self.dimension_weight
        return sum(weight[d] for d, s in self.scores.items() if s is not None)

    def _relinks(self) -> None:
        """Every figure again from the dimension scores and the links (score_sheet's own
        floats), and what reads the links afresh."""
        rubric, links = self.rubric, self.links
        count = len(links.channels) if links is not None else 0
        self.metrics = metrics(rubric, self.index, self.scores, links, self.cover, count)
        self.relinker = None
        self.handed = None
        self._scored()

    def _scored(self, rank: int | None = None) -> None:
        """The level from the metrics; what the what-ifs kept of the state before is dropped."""
        self.rank = reached_rank(self.rubric, self.metrics) if rank is None else rank
        #: moves() of raises, by (dimension, points): many raises move the same.
        self.moved: dict[tuple[str, float], dict[str, float | None]] = {}
        #: moves() of record links and hand-offs, by (question, option).
        self.moved_links: dict[tuple[str, str], dict[str, float | None]] = {}
        #: The shortfalls of the requirements last asked about (see gaps()).
        self.shortfalls: tuple[tuple[Requirement, ...], list[float]] | None = None
        #: What each moves() dict closes of the requirements last asked about (see closes()).
        self.closing: tuple[tuple[Requirement, ...], dict[object, float], frozenset[str]] | None = (
            None
        )

    def apply(self, step: Candidate) -> None:
        """The answers with ``step`` taken, re-scored: links when it moves them, and the
        dimension it moves (record links and hand-offs are not answers' coverage).

        Only what the step can change is worked out again, by the same functions
        on the same figures, so every float is the one a full re-score gives: a
        raise moves one dimension score, the index and the level; the metrics
        are those of before with those two updated. Whether a dimension is
        scored does not change when an answer of it is raised, so neither
        does the index's total weight.
        """
        rubric, answers = self.rubric, self.answers
        kind = step.kind
        if kind == "handoff":
            value = answers.get(step.question)
            before = value if isinstance(value, tuple) else ()
            answers[step.question] = (*before, step.to_option)
            self.links = self._handed_on(step)
            self._relinks()  # the scores and so the index stay as they are
            return
        answers[step.question] = step.to_option
        if kind == "record":
            self.links = self._relinked(step.channel or "", step.to_score)
            self.record = {**self.record, step.channel or "": step.to_score}
        dim = step.dimension
        scores = self.scores
        was = scores.get(dim)
        self.points[dim], self.weights[dim], scores[dim] = rescore_dimension(
            rubric, answers, self.record, dim
        )
        self.index = integration_index(rubric, scores)
        if (was is None) != (scores[dim] is None):
            self.index_weight = self._index_weight()
        if kind == "record":
            self._relinks()
            return
        values = dict(self.metrics)
        values["index"] = self.index
        values["dimension." + dim] = scores[dim]
        self.metrics = values
        self._scored()

    def closes(self, reqs: tuple[Requirement, ...], step: Candidate) -> float:
        """:func:`progress` of ``step``'s :meth:`moves` on ``reqs`` now, kept until a step is
        applied: many raises move the same, and the search asks again about the best of
        them before it takes one.

        A raise moves two figures, its dimension's score and the index, so its
        progress is worked out from those two floats over only the requirements
        that read them (:func:`_raise_reach`), with :func:`progress`'s operations
        in its order: the same float, without building the moves.
        """
        kept = self.closing
        if kept is None or kept[0] is not reqs:
            gaps = self.gaps(reqs)
            unmet = frozenset(
                way[1] for req, gap in zip(reqs, gaps, strict=True) if gap > 0 for way in req
            )
            kept = self.closing = (reqs, {}, unmet)
        if step.kind == "raise":
            key: object = (step.dimension, step.points)
            closed = kept[1].get(key)
            if closed is None:
                closed = kept[1][key] = self._raise_closes(reqs, step.dimension, step.points)
            return closed
        moved = self.moves(step)
        closed = kept[1].get(id(moved))  # moves() keeps each dict as long as this
        if closed is None:
            closed = 0.0
            if not kept[2].isdisjoint(moved):
                closed = progress(reqs, self.gaps(reqs), self.metrics, moved)
            kept[1][id(moved)] = closed
        return closed

    def _raise_closes(self, reqs: tuple[Requirement, ...], dim: str, points: float) -> float:
        score = self.scores.get(dim)
        weight = self.weights.get(dim)
        if score is None or not weight:
            return 0.0  # moves() moves nothing
        new = score + POINTS_PER_STEP * points / weight
        index = self.index
        if index is not None:
            share = self.dimension_weight[dim] / self.index_weight
            new_index = index + share * (new - score)
        gaps = self.gaps(reqs)
        closed = 0.0
        for position, ways in self.rubric.derived(_raise_reach)[id(reqs)].get(dim, ()):
            gap = gaps[position]
            if gap <= 0.0:
                continue
            best = gap
            for reads_index, test, threshold in ways:
                if reads_index:
                    if index is None:
                        continue
                    value = new_index
                else:
                    value = new
                if test(value, threshold):
                    moved = 0.0
                else:
                    moved = max(abs(threshold - value) / max(abs(threshold), 1.0), 1e-6)
                best = min(best, moved)
            closed += gap - best
        return closed

    def gaps(self, reqs: tuple[Requirement, ...]) -> list[float]:
        """Each requirement's shortfall now (:func:`deficit` of each), kept until a step
        is applied: the search asks for the same ones before and after choosing."""
        kept = self.shortfalls
        if kept is not None and kept[0] is reqs:
            return kept[1]
        values = self.metrics
        gaps = []
        for req in reqs:  # deficit((req,), values), with shortfall() written out
            best = 2.0
            for _, metric, op, threshold in req:
                value = values.get(metric)
                if value is None:
                    gap = 1.0
                elif COMPARISONS[op](value, threshold):
                    gap = 0.0
                else:
                    gap = max(abs(threshold - value) / max(abs(threshold), 1.0), 1e-6)
                best = min(best, gap)
            gaps.append(best)
        self.shortfalls = (reqs, gaps)
        return gaps

    def _relinked(self, channel: str, level: int) -> LinkFigures:
        """The link figures with one channel's record level raised: :class:`Relinker`'s
        counts, which are :func:`link_figures`' own (``tests/test_scoring_single_path.py``)."""
        links, spec = self.links, self.rubric.links
        assert links is not None and spec is not None
        if self.relinker is None:
            self.relinker = Relinker(spec, links)
        moved = self.relinker.metrics(channel, level)
        every = tuple(s for s, _ in spec.stages)
        stages = every if moved["stages_linked"] == len(every) else tuple(links.stages_linked)
        return LinkFigures(
            channels=links.channels,
            record={**links.record, channel: level},
            handoffs=links.handoffs
            if isinstance(links.handoffs, AbstractSet)
            else set(links.handoffs),
            pair_count=links.pair_count,
            linked_pairs=int(moved["linked_pairs"] or 0),
            density=moved["link_density"],
            hub_coverage=moved["hub_coverage"],
            stages_linked=stages,
        )

    def _handed_on(self, step: Candidate) -> LinkFigures:
        """The link figures with one hand-off added: :meth:`_handoff_moves`' counts.

        They are :func:`link_figures`' own: a hand-off links its pair unless the
        record or another hand-off links it already, and adds its stage to
        those linked (all of them are already when two channels share the
        record). ``tests/test_scoring_single_path.py`` holds the plan to a re-count.
        """
        links, spec = self.links, self.rubric.links
        assert links is not None and spec is not None
        moved = self.moves(step)
        stages = {*links.stages_linked, step.stage}
        return LinkFigures(
            channels=links.channels,
            record=links.record,
            handoffs={*links.handoffs, (step.channel or "", step.other or "", step.stage or "")},
            pair_count=links.pair_count,
            linked_pairs=int(moved["linked_pairs"] or 0),
            density=moved["link_density"],
            hub_coverage=links.hub_coverage,
            stages_linked=tuple(s for s, _ in spec.stages if s in stages),
        )

    def allows(self, step: Candidate) -> bool:
        """Whether every prerequisite of the options the step passes holds now."""
        if step.kind == "handoff":
            return True
        tests = self.prerequisites.get(step.question)
        if not tests:
            return True
        q = self.rubric.by_id[step.question]
        low = q.option_by_id[step.from_option or ""].score or 0
        for score, holds in tests:
            if low < score <= step.to_score and not holds(self.answers, self.metrics):
                return False
        return True

    def moves(self, step: Candidate) -> dict[str, float | None]:
        """The metrics ``step`` changes, with their values once it is taken."""
        dim = step.dimension
        changed: dict[str, float | None] | None
        if step.kind == "raise":
            points = step.points
            key = (dim, points)
            changed = self.moved.get(key)
            if changed is not None:
                return changed
            changed = self.moved[key] = {}
        else:
            link_key = (step.question, step.to_option)
            changed = self.moved_links.get(link_key)
            if changed is not None:
                return changed
            if step.kind == "handoff":
                changed = self.moved_links[link_key] = self._handoff_moves(step)
                return changed
            changed = self.moved_links[link_key] = {}
            rubric = self.rubric
            assert rubric.links is not None and self.links is not None
            before = self.links.record.get(step.channel or "") or 0
            points = rubric.links.record_weight * (step.to_score - before) / len(self.record)
            if self.relinker is None:
                self.relinker = Relinker(rubric.links, self.links)
            changed.update(self.relinker.metrics(step.channel or "", step.to_score))
        score = self.scores.get(dim)
        weight = self.weights.get(dim)
        if score is not None and weight:
            new = score + POINTS_PER_STEP * points / weight
            changed["dimension." + dim] = new
            if self.index is not None:
                share = self.dimension_weight[dim] / self.index_weight
                changed["index"] = self.index + share * (new - score)
        return changed

    def _handoff_moves(self, step: Candidate) -> dict[str, float | None]:
        links = self.links
        assert links is not None and step.channel and step.other and step.stage
        a, b = step.channel, step.other
        levels = links.record
        if self.handed is None:
            self.handed = {(s, t) for s, t, _ in links.handoffs}
        linked = ((levels.get(a) or 0) >= SHARED and (levels.get(b) or 0) >= SHARED) or bool(
            {(a, b), (b, a)} & self.handed
        )
        pairs = links.linked_pairs + (not linked)
        stages = set(links.stages_linked) | {step.stage}
        return {
            "linked_pairs": float(pairs),
            "link_density": 100.0 * pairs / links.pair_count if links.pair_count else None,
            "stages_linked": float(len(stages)),
        }


def _prerequisites(rubric: CompiledRubric) -> dict[str, tuple[tuple[int, Evaluator], ...]]:
    """Per question: (option score, its compiled prerequisite) of each option that has one."""
    table = {}
    for q in rubric.questions:
        tests = tuple(
            (o.score or 0, compile_condition(o.requires)) for o in q.options if o.requires
        )
        if tests:
            table[q.id] = tests
    return table


def _index_weight(rubric: CompiledRubric) -> dict[str, float]:
    return {d.id: d.weight for d in rubric.dimensions}


Comparison = Callable[[float, float], bool]
#: Per requirement of a level, by dimension, the requirements a raise of that dimension
#: moves: (position, ((reads the index?, comparison, threshold) of each way it moves)).
_RaiseReach = dict[
    int, dict[str, tuple[tuple[int, tuple[tuple[bool, Comparison, float], ...]], ...]]
]


def _raise_reach(rubric: CompiledRubric) -> _RaiseReach:
    """For each level's requirements (keyed by identity: see :func:`requirements`), which
    of them a raise of each dimension moves, through its score or the index."""
    table: _RaiseReach = {}
    for reqs in rubric.derived(_requirements):
        by_dim: dict[str, list[tuple[int, tuple[tuple[bool, Comparison, float], ...]]]] = {}
        for d in rubric.dimensions:
            metric = "dimension." + d.id
            for position, req in enumerate(reqs):
                ways = tuple(
                    (m == "index", COMPARISONS[op], threshold)
                    for _, m, op, threshold in req
                    if m in ("index", metric)
                )
                if ways:
                    by_dim.setdefault(d.id, []).append((position, ways))
        table[id(reqs)] = {dim: tuple(rows) for dim, rows in by_dim.items()}
    return table


def requirements(rubric: CompiledRubric, rank: int) -> tuple[Requirement, ...]:
    """What the level at ``rank`` asks for: its entry (band or alternatives), then each gate.

    Built once per rubric: the search keeps figures per requirement tuple (see
    :meth:`State.gaps`), so each level's is the same object every time.
    """
    return rubric.derived(_requirements)[rank]


def _requirements(rubric: CompiledRubric) -> tuple[tuple[Requirement, ...], ...]:
    table = []
    for level in rubric.levels:
        reqs: list[Requirement] = []
        entry = [(g.id, g.metric, g.test.op, g.test.value) for g in level.alternatives]
        if level.band is not None and level.band[0] > 0:
            entry.insert(0, (f"{level.id}-band", "index", "at_least", level.band[0]))
        if entry:
            reqs.append(tuple(entry))
        reqs += [((g.id, g.metric, g.test.op, g.test.value),) for g in level.gates]
        table.append(tuple(reqs))
    return tuple(table)


def shortfall(way: tuple[str, str, str, float], value: float | None) -> float:
    """How far ``value`` is from meeting one way of a requirement, as a share of its threshold."""
    _, _, op, threshold = way
    if value is None:
        return 1.0
    if COMPARISONS[op](value, threshold):
        return 0.0
    scale = max(abs(threshold), 1.0)
    return max(abs(threshold - value) / scale, 1e-6)


def deficit(
    reqs: tuple[Requirement, ...],
    values: Mapping[str, float | None],
    changed: Mapping[str, float | None] | None = None,
) -> float:
    """The sum over requirements of the nearest way's shortfall: 0 when all are met."""
    total = 0.0
    for req in reqs:
        best = 2.0
        for way in req:
            metric = way[1]
            value = changed[metric] if changed and metric in changed else values.get(metric)
            gap = shortfall(way, value)
            best = min(best, gap)
        total += best
    return total


def progress(
    reqs: tuple[Requirement, ...],
    gaps: list[float],
    values: Mapping[str, float | None],
    changed: Mapping[str, float | None],
) -> float:
    """How much of the requirements' shortfall (``gaps``, per requirement now) ``changed``
    closes: only requirements that read a changed metric are worked out again.

    The search's innermost loop, so :func:`shortfall` is written out here, the
    same operations in the same order.
    """
    closed = 0.0
    for req, gap in zip(reqs, gaps, strict=True):
        if gap <= 0.0:
            continue
        best = gap
        for _, metric, op, threshold in req:
            if metric not in changed:
                continue
            value = changed[metric]
            if value is None:
                new = 1.0
            elif COMPARISONS[op](value, threshold):
                new = 0.0
            else:
                new = max(abs(threshold - value) / max(abs(threshold), 1.0), 1e-6)
            best = min(best, new)
        closed += gap - best
    return closed


def candidates(
    state: State,
    *,
    links: bool = True,
    handoffs: bool = True,
    multi: bool = True,
    only: tuple[str, ...] | None = None,
) -> list[Candidate]:
    """Every step from the state's answers: each answer raised to each better option (or
    only one step, without ``multi``), and the hand-offs worth trying. With ``only``,
    the raises of those questions, in that order."""
    rubric = state.rubric
    table = rubric.derived(_raise_table if multi else _first_raises)
    skip = () if links else rubric.derived(_record_questions)
    answers = state.answers
    out: list[Candidate] = []
    for qid in answers if only is None else only:
        ups = table.get(qid)
        value = answers.get(qid)
        if ups is None or type(value) is not str:
            continue
        row = ups.get(value)
        if row and qid not in skip:
            out += row
    if handoffs and links:
        out += _handoffs(state)
    return out


def raises_of(state: State, qid: str) -> tuple[Candidate, ...]:
    """The raises of one answer from where it is now."""
    value = state.answers.get(qid)
    ups = state.rubric.derived(_raise_table).get(qid)
    return ups.get(value, ()) if ups is not None and type(value) is str else ()


def handoffs(state: State) -> list[Candidate]:
    """The hand-offs worth trying from the state's links."""
    return _handoffs(state)


def _raise_table(rubric: CompiledRubric) -> dict[str, dict[str, tuple[Candidate, ...]]]:
    """Per scored question, per option: the raises to each better option, nearest first."""
    table: dict[str, dict[str, tuple[Candidate, ...]]] = {}
    record_dim = rubric.links.record_dimension if rubric.links else ""
    top_effort = max(rubric.efforts, key=rubric.efforts.__getitem__)
    for q in rubric.questions:
        if not q.scored:
            continue
        dim = record_dim if q.link_role == "record" else q.dimension or ""
        phase = rubric.phase_of_dimension.get(dim, (len(rubric.roadmap), ""))[0]
        scored = sorted((o for o in q.options if o.score is not None), key=lambda o: o.score or 0)
        efforts = [step_effort(rubric, q, o.score or 0, top_effort) for o in scored]
        rows: dict[str, tuple[Candidate, ...]] = {}
        for i, o in enumerate(scored):
            ups, points = [], 0.0
            for j in range(i + 1, len(scored)):
                points += rubric.efforts[efforts[j]]
                effort = max(efforts[i + 1 : j + 1], key=rubric.efforts.__getitem__)
                ups.append(
                    Candidate(
                        "record" if q.link_role == "record" else "raise",
                        q.id,
                        o.id,
                        scored[j].id,
                        dim,
                        q.channel if q.link_role == "record" else None,
                        None,
                        None,
                        scored[j].score or 0,
                        effort,
                        points,
                        phase,
                        rubric.question_order[q.id],
                        q.weight * ((scored[j].score or 0) - (o.score or 0)),
                    )
                )
            rows[o.id] = tuple(ups)
        table[q.id] = rows
    return table


def _first_raises(rubric: CompiledRubric) -> dict[str, dict[str, tuple[Candidate, ...]]]:
    """:func:`_raise_table` with only the nearest raise of each option."""
    table = rubric.derived(_raise_table)
    return {qid: {o: ups[:1] for o, ups in rows.items()} for qid, rows in table.items()}


def questions_by_phase(rubric: CompiledRubric) -> tuple[tuple[str, ...], ...]:
    """The scored questions whose raises belong to each roadmap phase, phases in order
    (the phase of a question's raises: see :func:`_raise_table`)."""
    phases: dict[int, list[str]] = {}
    for qid, rows in rubric.derived(_raise_table).items():
        for ups in rows.values():
            if ups:
                phases.setdefault(ups[0].phase, []).append(qid)
                break
    return tuple(tuple(phases[p]) for p in sorted(phases))


def _record_questions(rubric: CompiledRubric) -> frozenset[str]:
    return frozenset(q.id for q in rubric.questions if q.link_role == "record")


def step_effort(rubric: CompiledRubric, q: Question, score: int, fallback: str) -> str:
    """The effort of raising ``q`` to the option scoring ``score``: the option's own, the
    question's, or (for a rubric without either) its dimension's advice for that step."""
    option = next((o for o in q.options if o.score == score), None)
    if option is not None and option.effort:
        return option.effort
    if q.effort:
        return q.effort
    spec = rubric.dimension_by_id.get(q.dimension or "")
    rec = next((r for r in spec.recommendations if r.level == score - 1), None) if spec else None
    return rec.effort if rec else fallback


def _handoffs(state: State) -> list[Candidate]:
    """Per journey stage, one hand-off: the first preferred, else in channel order, that
    links a pair not yet linked (or, failing that, adds the stage)."""
    rubric, figures = state.rubric, state.links
    spec = rubric.links
    if spec is None or figures is None or len(figures.channels) < 2:
        return []
    active = figures.channels
    done = figures.handoffs
    if not isinstance(done, AbstractSet):
        done = set(done)
    levels = figures.record
    linked = set()  # (a, b) and (b, a) of every linked pair
    for s, t, _ in done:
        linked.add((s, t))
        linked.add((t, s))
    shared = {c for c in active if (levels.get(c) or 0) >= SHARED}

    def is_linked(pair: tuple[str, str]) -> bool:
        return pair in linked or (pair[0] in shared and pair[1] in shared)

    # Every ordered pair, in channel order, generated as far as a pick needs: with many
    # channels there are over a hundred, and the first that fits is usually near the start.
    def pairs() -> Iterator[tuple[str, str]]:
        return ((s, t) for s in active for t in active if s != t)

    made = rubric.derived(_handoff_candidates)
    prefer = spec.handoff_prefer
    out: list[Candidate] = []
    yielded = set()
    for stage, _ in spec.stages:
        preferred = [(s, t) for s, t, st in prefer if st == stage and s in levels and t in levels]
        # The first pair, preferred ones first, without this hand-off that is not linked
        # yet; failing that, the first without it.
        pick = next((p for p in preferred if not is_linked(p) and (*p, stage) not in done), None)
        if pick is None:
            pick = next((p for p in pairs() if not is_linked(p) and (*p, stage) not in done), None)
        if pick is None:
            pick = next((p for p in preferred if (*p, stage) not in done), None)
        if pick is None:
            pick = next((p for p in pairs() if (*p, stage) not in done), None)
        if pick is None or not pick[0] or (*pick, stage) in yielded:
            continue
        s, t = pick
        yielded.add((s, t, stage))
        key = (s, t, stage)
        step = made.get(key)
        if step is None:
            step = made[key] = _handoff_candidate(rubric, s, t, stage)
        out.append(step)
    return out


def _handoff_candidates(rubric: CompiledRubric) -> dict[tuple[str, str, str], Candidate]:
    """The hand-off steps made so far, by (from, to, stage): the same for every business."""
    return {}


def _handoff_candidate(rubric: CompiledRubric, s: str, t: str, stage: str) -> Candidate:
    spec = rubric.links
    assert spec is not None
    effort = spec.handoff_effort or max(rubric.efforts, key=rubric.efforts.__getitem__)
    dim = rubric.derived(_handoff_dimension)
    phase = rubric.phase_of_dimension.get(dim, (len(rubric.roadmap), ""))[0]
    return Candidate(
        "handoff",
        spec.handoff_question[s],
        None,
        f"{t}@{stage}",
        dim,
        s,
        t,
        stage,
        0,
        effort,
        rubric.efforts[effort],
        phase,
        rubric.question_order[spec.handoff_question[s]],
    )


def _handoff_dimension(rubric: CompiledRubric) -> str:
    """The dimension whose roadmap phase hand-off steps belong to."""
    assert rubric.links is not None
    wanted = rubric.links.handoff_dimension
    return wanted if wanted in rubric.dimension_by_id else rubric.links.record_dimension


__all__ = ["HUB", "Candidate", "State", "candidates", "deficit", "requirements"]
