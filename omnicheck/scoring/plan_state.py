"""A business re-scored as a plan's steps are applied, one step at a time.

A :class:`State` is one set of answers with its figures computed exactly as
:func:`omnicheck.scoring.assessment.assess` computes them (the same functions, on
the changed answers), so every figure a plan reports is a re-score. To
*choose* a step, the search needs only how far each candidate moves the
figures that stop the next level; those moves are linear in the answers
(a dimension score is a weighted mean, the index a weighted mean of those),
so :meth:`State.moves` works them out without re-scoring every candidate.
"""

from __future__ import annotations

from collections.abc import Mapping

from omnicheck.rubric.compiled import CompiledRubric
from omnicheck.rubric.conditions import AnswerValue, Evaluator, compile_condition
from omnicheck.scoring.dimensions import (
    Coverage,
    ScoreSheet,
    index_terms,
    integration_index,
    metrics,
    rescore_dimension,
    score_sheet,
)
from omnicheck.scoring.levels import reached_rank, rose
from omnicheck.scoring.links import (
    RELINKED_METRICS,
    LinkFigures,
    LinkMeasures,
    Relinker,
    link_figures,
)
from omnicheck.scoring.plan_closes import Closing, projection
from omnicheck.scoring.plan_relink import handed_on, handoff_moves, relinked
from omnicheck.scoring.plan_requirements import (
    Requirement,
    compiled,
    gap_of,
    raise_reach,
    regap,
)
from omnicheck.scoring.plan_steps import Candidate

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
        # The answers, scores, points and weights are shared, with the caller and with
        # copies, until a step changes them (see _own): most states a plan makes, and
        # many copies, are read and never changed.
        self.owned = False
        self.answers: dict[str, AnswerValue] = (
            answers if isinstance(answers, dict) else dict(answers)
        )
        if scored is None:
            links = link_figures(rubric, self.answers)
            scored = (links, *score_sheet(rubric, self.answers, links))
        self.links, sheet, scores, self.cover = scored
        self.scores: dict[str, float | None] = scores if isinstance(scores, dict) else dict(scores)
        self.points, self.weights = sheet.points, sheet.weights
        #: Never changed in place: a record link makes a new one.
        self.record: dict[str, int] = sheet.record_levels
        self.dimension_weight = rubric.derived(_index_weight)
        self.prerequisites = rubric.derived(_prerequisites)
        self.raise_reach = rubric.derived(raise_reach)
        self.index_weight = self._index_weight()
        if measured is None:
            self.index = integration_index(rubric, self.scores)
            self._relinks()
        else:
            self.index, self.metrics, self.rank = measured
            self._relinked_links()
            self._scored(rank=self.rank)

    def copy(self) -> State:
        other = State.__new__(State)
        other.__dict__.update(self.__dict__)
        self.owned = other.owned = False
        return other

    def _own(self) -> None:
        """Copies of the answers, scores, points and weights, before a step changes them."""
        if not self.owned:
            self.answers, self.scores = dict(self.answers), dict(self.scores)
            self.points, self.weights = dict(self.points), dict(self.weights)
            self.owned = True

    def _index_weight(self) -> float:
        weight = self.dimension_weight
        return sum(weight[d] for d, s in self.scores.items() if s is not None)

    def _relinks(self) -> None:
        """Every figure again from the dimension scores and the links (score_sheet's own
        floats), and what reads the links afresh."""
        rubric, links = self.rubric, self.links
        count = len(links.channels) if links is not None else 0
        self.metrics = metrics(rubric, self.index, self.scores, links, self.cover, count)
        self._relinked_links()
        self._scored()

    def _relinked_links(self) -> None:
        """Drop what was worked out from the links: they changed (or are new)."""
        self.relinker: Relinker | None = None
        self.handed: set[tuple[str, str]] | None = None
        #: By (channel, level): a record link's link metrics and the points it adds to
        #: the record dimension. They read only the links, so, unlike the rest of
        #: :meth:`moves`, they hold across raises: the search asks about the same
        #: record links after every step.
        self.link_moves: dict[tuple[str, int], tuple[dict[str, float | None], float]] = {}
        #: moves() of hand-offs, by (question, option): they too read only the links.
        self.link_handoffs: dict[tuple[str, str], dict[str, float | None]] = {}

    def _scored(self, rank: int | None = None) -> None:
        """The level from the metrics; what the what-ifs kept of the state before is dropped."""
        self.rank = reached_rank(self.rubric, self.metrics) if rank is None else rank
        #: moves() of raises, by (dimension, points): many raises move the same.
        self.moved: dict[tuple[str, float], dict[str, float | None]] = {}
        #: moves() of record links and hand-offs, by (question, option).
        self.moved_links: dict[tuple[str, str], dict[str, float | None]] = {}
        #: The shortfalls of the requirements last asked about (see gaps()).
        self.shortfalls: tuple[tuple[Requirement, ...], list[float]] | None = None
        #: Those of the state before the step just applied, with the metrics it moved:
        #: gaps() works out again only the requirements that read them.
        self.carried: tuple[tuple[Requirement, ...], list[float], frozenset[str]] | None = None
        #: What each moves() dict closes of the requirements last asked about (see closes()).
        self.closing: Closing | None = None

    def apply(self, step: Candidate) -> None:
        """The answers with ``step`` taken, re-scored: links when it moves them, and the
        dimension it moves (record links and hand-offs are not answers' coverage).

        Only what the step can change is worked out again, by the same functions
        (the index by the same additions, and the level above the one reached
        when nothing fell: see :func:`omnicheck.scoring.levels.rose`) on the same
        figures, so every float is the one a full re-score gives: a raise moves
        one dimension score, the index and the level; a record link those and
        the link metrics (the counts its link figures are made of); the metrics
        are those of before with those updated. Whether a dimension is scored
        does not change when an answer of it is raised, so neither does the
        index's total weight.
        """
        self._own()
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
        values = dict(self.metrics)
        if kind == "record":
            self.links = self._relinked(step.channel or "", step.to_score, values)
            self.record = {**self.record, step.channel or "": step.to_score}
            self._relinked_links()
        dim = step.dimension
        scores = self.scores
        was = scores.get(dim)
        self.points[dim], self.weights[dim], scores[dim] = rescore_dimension(
            rubric, answers, self.record, dim
        )
        index_before, now = self.index, scores[dim]
        self.index = integration_index(rubric, scores)
        if (was is None) != (now is None):
            self.index_weight = self._index_weight()
        values["index"] = self.index
        values["dimension." + dim] = now
        self.metrics = values
        kept = self.shortfalls
        rank = None
        if kind == "raise" and rubric.levels_only_rise and rose(was, now, index_before, self.index):
            rank = reached_rank(rubric, values, self.rank)
        self._scored(rank)
        if kept is not None:
            moved = _RAISE_MOVES if kind == "raise" else _RECORD_MOVES
            self.carried = (kept[0], kept[1], moved | {"dimension." + dim})

    def closes(self, reqs: tuple[Requirement, ...], step: Candidate) -> float:
        """How much of ``reqs``' shortfall ``step``'s :meth:`moves` close now, kept until a
        step is applied: many raises move the same, and the search asks again about the best of
        them before it takes one.

        A raise moves two figures, its dimension's score and the index, so its
        progress is worked out from those two floats over only the requirements
        that read them (see ``raise_reach``), with :func:`shortfall`'s operations
        in its order: the same float, without building the moves.
        """
        kept = self.closing
        if kept is None or kept.reqs is not reqs:
            figures = (self.scores, self.weights, self.index, self.dimension_weight)
            kept = self.closing = Closing(
                reqs,
                self.gaps(reqs),
                compiled(self.rubric, reqs),
                self.raise_reach[id(reqs)],
                figures,
                self.index_weight,
            )
        if step.kind == "raise":
            key: object = (step.dimension, step.points)
            closed = kept.closed.get(key)
            if closed is None:
                closed = kept.closed[key] = kept.raise_closes(step.dimension, step.points)
            return closed
        link_key = (step.question, step.to_option)
        closed = kept.closed.get(link_key)
        if closed is None:
            moved = self.moves(step)
            closed = kept.progress(moved) if not kept.unmet().isdisjoint(moved) else 0.0
            kept.closed[link_key] = closed
        return closed

    def projected(self, dim: str, points: float) -> tuple[float, float | None] | None:
        """(dimension score, index) once ``points`` weighted points are added to ``dim``,
        None when the dimension is not scored: the one projection of a raise that
        :meth:`moves`, :meth:`closes` and :meth:`index_after` read.

        A dimension score is a weighted mean of its answers, and the index a
        weighted mean of the scores, so both move linearly; the operations are
        those of a re-score, so the floats are the same.
        """
        return projection(
            self.scores, self.weights, self.index, self.dimension_weight, self.index_weight, dim,
            points,
        )  # fmt: skip

    def gaps(self, reqs: tuple[Requirement, ...]) -> list[float]:
        """Each requirement's shortfall now (``deficit`` of each), kept until a step is
        applied: the search asks for the same ones before and after choosing."""
        kept = self.shortfalls
        if kept is not None and kept[0] is reqs:
            return kept[1]
        values = self.metrics
        table = compiled(self.rubric, reqs)
        carried = self.carried
        if carried is not None and carried[0] is reqs:
            gaps = regap(carried[1], table, carried[2], values)
        else:
            gaps = [gap_of(ways, values) for ways in table]
        self.shortfalls = (reqs, gaps)
        return gaps

    def _relinked(self, channel: str, level: int, values: dict[str, float | None]) -> LinkFigures:
        """The link figures with one channel's record level raised; ``values`` takes the
        link metrics they give."""
        assert self.links is not None and self.rubric.links is not None
        moved = self._link_moves(channel, level)[0]
        values.update(moved)
        return relinked(self.rubric.links, self.links, channel, level, moved)

    def _handed_on(self, step: Candidate) -> LinkFigures:
        """The link figures with one hand-off added."""
        assert self.links is not None and self.rubric.links is not None
        return handed_on(self.rubric.links, self.links, step, self.moves(step))

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
            if step.kind == "handoff":  # kept until the links change, not only this state
                changed = self.link_handoffs.get(link_key)
                if changed is None:
                    changed = self.link_handoffs[link_key] = self._handoff_moves(step)
                return changed
            changed = self.moved_links.get(link_key)
            if changed is not None:
                return changed
            link, points = self._link_moves(step.channel or "", step.to_score)
            changed = self.moved_links[link_key] = dict(link)
        moved = self.projected(dim, points)
        if moved is not None:
            changed["dimension." + dim] = moved[0]
            if moved[1] is not None:
                changed["index"] = moved[1]
        return changed

    def _link_moves(self, channel: str, level: int) -> tuple[dict[str, float | None], float]:
        """:class:`Relinker`'s link metrics with ``channel`` at ``level``, and the points
        that adds to the record dimension (:meth:`step_points`); never changed by callers."""
        memo = self.link_moves
        kept = memo.get((channel, level))
        if kept is None:
            spec, links = self.rubric.links, self.links
            assert spec is not None and links is not None
            if self.relinker is None:
                self.relinker = Relinker(spec, links)
            points = self._record_points(channel, level)
            kept = memo[(channel, level)] = (self.relinker.metrics(channel, level), points)
        return kept

    def step_points(self, step: Candidate) -> float:
        """The weighted points a record link adds to the record dimension."""
        return self._record_points(step.channel or "", step.to_score)

    def _record_points(self, channel: str, level: int) -> float:
        """A record link's share of the record dimension's weight, from the channel's level
        now: a channel is one of the dimension's record items."""
        spec, links = self.rubric.links, self.links
        assert spec is not None and links is not None
        before = links.record.get(channel) or 0
        return spec.record_weight * (level - before) / len(self.record)

    def index_after(self, step: Candidate) -> float | None:
        """``moves(step).get("index")``: for a raise, without building the moves."""
        if step.kind != "raise":
            return self.moves(step).get("index")
        moved = self.projected(step.dimension, step.points)
        return None if moved is None else moved[1]

    def _handoff_moves(self, step: Candidate) -> dict[str, float | None]:
        links = self.links
        assert links is not None
        if self.handed is None:
            self.handed = {(s, t) for s, t, _ in links.handoffs}
        return handoff_moves(links, step, self.handed)


#: The metrics a raise moves, beside its dimension's score; a record link's.
_RAISE_MOVES = frozenset({"index"})
_RECORD_MOVES = frozenset({"index", *RELINKED_METRICS})


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
    """Each dimension's weight in the index, by id (:func:`index_terms` as a mapping)."""
    return dict(rubric.derived(index_terms))
