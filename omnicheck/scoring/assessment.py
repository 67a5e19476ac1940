"""One business, assessed: scores, links, level, target and plan in one value.

:func:`assess` is the core's entry point, for a report and a batch alike. It
is pure: a compiled rubric and validated answers in, an :class:`Assessment`
out, with no I/O, so the CLI, the questionnaire, diff and batch get identical
results. It works out the figures every reader needs (link measures, dimension
scores, index, metrics, level and target) once, and each part only some
readers need (the link matrix, each dimension's items, every level's checks,
the target's explanation, the one-step what-ifs, the plan) when it is first
read, from those same figures. A batch reads the figures and
:meth:`Assessment.first_steps`, and so never builds what only a report shows;
nothing is computed twice, whichever parts are read.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from omnicheck.answers.validate import AnswersFile
from omnicheck.rubric.compiled import CompiledRubric
from omnicheck.scoring.actions import Action, what_if_actions
from omnicheck.scoring.dimensions import (
    Coverage,
    DimensionScore,
    ScoreSheet,
    dimension_details,
    integration_index,
    metrics,
    score_sheet,
)
from omnicheck.scoring.levels import (
    Check,
    LevelResult,
    evaluate_levels,
    next_blockers,
    reached_rank,
)
from omnicheck.scoring.links import LinkFigures, LinkResult, compute_links, link_figures
from omnicheck.scoring.plan import Plan, PlanStep, build_plan
from omnicheck.scoring.target import TargetChoice, TargetResult, explain_target, pick_target


class Assessment:
    """One business's result. The attributes set in ``__init__`` are computed at once;
    each property is worked out on first read and kept. Treat it as read-only."""

    def __init__(self, rubric: CompiledRubric, answers: AnswersFile) -> None:
        values = answers.answers
        self.rubric = rubric
        self.answers = answers
        self.link_figures: LinkFigures | None = link_figures(rubric, values)
        sheet, scores, cover = score_sheet(rubric, values, self.link_figures)
        self.sheet: ScoreSheet = sheet
        #: Score per dimension id, in rubric order; None where a dimension is not scored.
        self.scores: dict[str, float | None] = scores
        self.coverage: Coverage = cover
        self.index: float | None = integration_index(rubric, scores)
        count = len(self.link_figures.channels) if self.link_figures is not None else 0
        self.metrics: dict[str, float | None] = metrics(
            rubric, self.index, scores, self.link_figures, cover, count
        )
        self.rank: int = reached_rank(rubric, self.metrics)
        self.choice: TargetChoice = pick_target(
            rubric, values, self.metrics, rubric.levels[self.rank].id
        )
        #: The plan as far as first_steps() last needed it: (steps asked for, plan).
        self._first: tuple[int, Plan] | None = None

    @property
    def business(self) -> dict[str, Any]:
        return {"name": self.answers.business_name, **self.answers.business}

    @property
    def level_id(self) -> str:
        return self.rubric.levels[self.rank].id

    @property
    def strategy(self) -> str:
        """The recommended target strategy (a level id)."""
        return self.choice.strategy

    @property
    def channels(self) -> tuple[str, ...]:
        return self.link_figures.channels if self.link_figures is not None else ()

    @cached_property
    def links(self) -> LinkResult | None:
        """The link matrix: every pair of active channels, for a report."""
        return compute_links(self.rubric, self.answers.answers, self.link_figures)

    @cached_property
    def dimensions(self) -> tuple[DimensionScore, ...]:
        return dimension_details(self.rubric, self.answers.answers, self.sheet, self.scores)

    @cached_property
    def blockers(self) -> tuple[Check, ...]:
        """What stops the next level: its unmet band (with its alternatives) and gates."""
        return next_blockers(self.rubric, self.metrics, self.rank)

    @cached_property
    def level(self) -> LevelResult:
        return evaluate_levels(self.rubric, self.metrics, self.rank)

    @cached_property
    def target(self) -> TargetResult:
        return explain_target(self.rubric, self.answers.answers, self.metrics, self.choice)

    @cached_property
    def actions(self) -> tuple[Action, ...]:
        """Today's one-step what-ifs, ranked: the unordered candidates the plan replaced."""
        rubric, values = self.rubric, self.answers.answers
        return what_if_actions(
            rubric, values, self.sheet, self.link_figures, self.metrics, self.rank
        )

    @cached_property
    def plan(self) -> Plan:
        return self._plan(None)

    def first_steps(self, count: int) -> tuple[PlanStep, ...]:
        """The plan's first ``count`` steps, working out no more of the plan than they need
        (the same search: they are the first steps of :attr:`plan`)."""
        known = self.__dict__.get("plan")
        if known is None:
            kept = self._first
            if kept is None or kept[0] < count:
                kept = self._first = (count, self._plan(count))
            known = kept[1]
        return known.steps[:count]

    def _plan(self, limit: int | None) -> Plan:
        choice = self.choice
        return build_plan(
            self.rubric,
            self.answers.answers,
            choice.strategy,
            choice.proposed,
            limit=limit,
            scored=(self.link_figures, self.sheet, self.scores, self.coverage),
            measured=(self.index, self.metrics, self.rank),
        )


def assess(rubric: CompiledRubric, answers: AnswersFile) -> Assessment:
    return Assessment(rubric, answers)
