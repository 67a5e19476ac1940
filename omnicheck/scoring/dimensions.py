"""Dimension scores, the integration index and coverage, traced to answers and weights.

An integration answer scores 0 to 4. A dimension's score is the weighted mean
of its answered questions, scaled to 0-100; ``n/a`` answers are left out of
both the sum and the weights. Record links (how each channel reaches the
customer record) count as one item of their dimension: the mean of the
channels' levels, with the weight the rubric gives it. The integration index
is the weighted mean of the dimension scores, using the rubric's dimension
weights.

A :class:`ScoreSheet` keeps the weighted sums, so a what-if ("raise this one
answer a step") recomputes one dimension and the index, not everything.
"""

from __future__ import annotations

from collections.abc import Mapping

from omnicheck.lazy_dataclass import dataclass
from omnicheck.rubric.compiled import CompiledRubric, Dimension
from omnicheck.rubric.conditions import AnswerValue, NotApplicable
from omnicheck.rubric.kinds import kind_of
from omnicheck.scoring.links import LinkMeasures

#: An answer of 4 of 4 is 100 points.
POINTS_PER_STEP = 25.0


# Not frozen: a frozen dataclass sets every field through object.__setattr__,
# which makes it several times slower to build, and a batch builds this one
# many times per business. Treat instances as read-only all the same.
@dataclass(slots=True)
class ItemScore:
    """One scored question: its answer's score (None for n/a) and its weight."""

    question: str
    score: int | None
    weight: float


# Not frozen: a frozen dataclass sets every field through object.__setattr__,
# which makes it several times slower to build, and a batch builds this one
# many times per business. Treat instances as read-only all the same.
@dataclass(slots=True)
class DimensionScore:
    id: str
    name: str
    weight: float
    score: float | None
    answered: int
    not_applicable: int
    items: tuple[ItemScore, ...]
    #: Mean record-link level of the active channels, when this dimension scores them.
    record_links: float | None = None

    @property
    def step(self) -> int | None:
        """The 0-3 step whose recommendation applies (4 of 4 needs none)."""
        return None if self.score is None else recommendation_step(self.score)

    @property
    def provisional(self) -> bool:
        """Whether its score rests on too few of its questions: :func:`rests_on_few`."""
        return rests_on_few(self.answered, self.answered + self.not_applicable, self.score)


def rests_on_few(answered: int, asked: int, score: float | None) -> bool:
    """Whether a dimension is *provisional*: it has a score, and that score rests on fewer
    than half of the questions the business was asked (``asked``: answered or n/a).

    The one rule every part decides it by (the dimensions, the gates that read them,
    the plan's steps). A dimension can be scored on none of its questions, from its
    channels' record links alone, and that score is provisional too: it drives gates
    and rules all the same. A dimension with no score has nothing to be provisional.
    """
    return score is not None and 2 * answered < asked


def recommendation_step(score: float | None) -> int:
    """The 0-3 step of a dimension score whose recommendation applies; unscored is step 0."""
    return min(3, int((score or 0.0) // POINTS_PER_STEP))


@dataclass(frozen=True, slots=True)
class Coverage:
    answered: int
    not_applicable: int

    @property
    def applicable(self) -> int:
        return self.answered + self.not_applicable

    @property
    def percent(self) -> float | None:
        return 100.0 * self.answered / self.applicable if self.applicable else None


@dataclass
class ScoreSheet:
    """Weighted sums per dimension: the state a what-if changes."""

    points: dict[str, float]
    weights: dict[str, float]
    record_levels: dict[str, int]


#: Per dimension: the dimension, and (question id, weight, score by option id) of its questions.
_DimensionTable = tuple[tuple[Dimension, tuple[tuple[str, float, dict[str, int | None]], ...]], ...]


def _dimension_table(rubric: CompiledRubric) -> _DimensionTable:
    """The scored questions by dimension as plain tuples, built once per rubric."""
    return tuple(
        (
            d,
            tuple((q.id, q.weight, kind_of(q).scores(q)) for q in rubric.scored_by_dimension[d.id]),
        )
        for d in rubric.dimensions
    )


def dimension_details(
    rubric: CompiledRubric,
    answers: Mapping[str, AnswerValue],
    sheet: ScoreSheet,
    by_dim: Mapping[str, float | None],
) -> tuple[DimensionScore, ...]:
    """Each dimension's score (``by_dim``, from :func:`score_sheet`, the one place that adds
    them up) with the items that explain it: which answers it is made of, for a report."""
    record = sheet.record_levels
    record_dim = rubric.links.record_dimension if record and rubric.links else None
    scores = []
    for d, questions in rubric.derived(_dimension_table):
        items = []
        na = 0
        for qid, q_weight, option_scores in questions:
            value = answers.get(qid)
            if value is None:
                continue
            if isinstance(value, str):
                score = option_scores[value]
            else:
                score = None
                na += isinstance(value, NotApplicable)
            items.append(ItemScore(qid, score, q_weight))
        scores.append(
            DimensionScore(
                id=d.id,
                name=d.name,
                weight=d.weight,
                score=by_dim[d.id],
                answered=len(items) - na,
                not_applicable=na,
                items=tuple(items),
                record_links=sum(record.values()) / len(record) if d.id == record_dim else None,
            )
        )
    return tuple(scores)


def score_sheet(
    rubric: CompiledRubric, answers: Mapping[str, AnswerValue], links: LinkMeasures | None
) -> tuple[ScoreSheet, dict[str, float | None], Coverage]:
    """The score sheet, each dimension's score and the coverage, in one walk of the answers.

    A batch reads the scores and never the items, so this builds none; each
    question's option scores come from a table built once per rubric.
    """
    record = {c: lv for c, lv in (links.record.items() if links else ()) if lv is not None}
    record_dim = record_item = None
    if record and rubric.links is not None:
        record_dim = rubric.links.record_dimension
        record_item = rubric.links.record_weight * sum(record.values()) / len(record)
    points: dict[str, float] = {}
    weights: dict[str, float] = {}
    scores: dict[str, float | None] = {}
    answered = na_total = 0
    for d, questions in rubric.derived(_dimension_table):
        total = weight = 0.0
        for qid, q_weight, option_scores in questions:
            value = answers.get(qid)
            if value is None:
                continue
            if isinstance(value, str):
                answered += 1
                score = option_scores[value]
                if score is not None:
                    total += q_weight * score
                    weight += q_weight
            elif isinstance(value, NotApplicable):
                na_total += 1
            else:
                answered += 1
        if d.id == record_dim:
            assert rubric.links is not None and record_item is not None
            total += record_item
            weight += rubric.links.record_weight
        points[d.id], weights[d.id] = total, weight
        scores[d.id] = POINTS_PER_STEP * total / weight if weight else None
    if links is not None and rubric.links is not None:
        for c in links.channels:  # record links are scored questions too
            value = answers.get(rubric.links.record_question[c])
            if value is not None:
                na_total += isinstance(value, NotApplicable)
                answered += not isinstance(value, NotApplicable)
    return ScoreSheet(points, weights, record), scores, Coverage(answered, na_total)


def integration_index(rubric: CompiledRubric, scores: Mapping[str, float | None]) -> float | None:
    """Weighted mean of the scored dimensions; None when no dimension is scored.

    A plan re-scores the index after every step it tries, so the weights are read
    from a table made once per rubric (:func:`index_terms`), in the rubric's order:
    every reader that adds the terms up itself adds them in that order too.
    """
    total = weight = 0.0
    for dim, share in rubric.derived(index_terms):
        score = scores.get(dim)
        if score is not None:
            total += share * score
            weight += share
    return total / weight if weight else None


def index_terms(rubric: CompiledRubric) -> tuple[tuple[str, float], ...]:
    """(dimension id, its weight in the index), in the order the index adds them."""
    return tuple((d.id, d.weight) for d in rubric.dimensions)


def metrics(
    rubric: CompiledRubric,
    index: float | None,
    dims: Mapping[str, float | None],
    links: LinkMeasures | None,
    cover: Coverage,
    channel_count: int,
) -> dict[str, float | None]:
    """Every number a gate or rule may read, by the name the rubric uses."""
    values: dict[str, float | None] = {
        "index": index,
        "channel_count": float(channel_count),
        "linked_pairs": float(links.linked_pairs) if links else 0.0,
        "link_density": links.density if links else None,
        "hub_coverage": links.hub_coverage if links else None,
        "stages_linked": float(len(links.stages_linked)) if links else 0.0,
        "coverage": cover.percent,
    }
    for dim, score in dims.items():
        values[f"dimension.{dim}"] = score
    return values


def rescore_dimension(
    rubric: CompiledRubric,
    answers: Mapping[str, AnswerValue],
    record: Mapping[str, int],
    dim: str,
) -> tuple[float, float, float | None]:
    """(points, weight, score) of one dimension, added up exactly as :func:`score_sheet` does.

    A plan re-scores after every step, and a step moves one dimension, so it
    re-adds that one; the same additions in the same order give the same floats.
    """
    questions = rubric.derived(_questions_by_dimension)[dim]
    total = weight = 0.0
    for qid, q_weight, option_scores in questions:
        value = answers.get(qid)
        if isinstance(value, str):
            score = option_scores[value]
            if score is not None:
                total += q_weight * score
                weight += q_weight
    links = rubric.links
    if record and links is not None and dim == links.record_dimension:
        total += links.record_weight * sum(record.values()) / len(record)
        weight += links.record_weight
    return total, weight, POINTS_PER_STEP * total / weight if weight else None


def _questions_by_dimension(
    rubric: CompiledRubric,
) -> dict[str, tuple[tuple[str, float, dict[str, int | None]], ...]]:
    """:func:`_dimension_table` by dimension id: a plan re-scores one dimension at a time."""
    return {d.id: questions for d, questions in rubric.derived(_dimension_table)}
