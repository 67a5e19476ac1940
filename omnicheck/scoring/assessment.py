"""One business, assessed: scores, links, level, target and actions in one value.

:func:`assess` is the core's entry point. It is pure: a compiled rubric and
validated answers in, an :class:`Assessment` out, with no I/O, so the CLI,
the questionnaire and diff get identical results. A batch computes the same
figures through :func:`omnicheck.scoring.brief.summarize`, which keeps only what
its rows read.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from omnicheck.answers.validate import AnswersFile
from omnicheck.rubric.compiled import CompiledRubric
from omnicheck.scoring.actions import Action, what_if_actions
from omnicheck.scoring.dimensions import (
    Coverage,
    DimensionScore,
    integration_index,
    metrics,
    score_dimensions,
)
from omnicheck.scoring.levels import LevelResult, evaluate_levels
from omnicheck.scoring.links import LinkResult, compute_links
from omnicheck.scoring.plan import Plan, build_plan
from omnicheck.scoring.target import TargetResult, choose_target


@dataclass(frozen=True)
class Assessment:
    rubric: CompiledRubric
    answers: AnswersFile
    channels: tuple[str, ...]
    dimensions: tuple[DimensionScore, ...]
    index: float | None
    coverage: Coverage
    links: LinkResult | None
    metrics: dict[str, float | None]
    level: LevelResult
    target: TargetResult
    #: Today's one-step what-ifs, ranked: the unordered candidates the plan replaced.
    actions: tuple[Action, ...]
    plan: Plan

    @property
    def business(self) -> dict[str, Any]:
        return {"name": self.answers.business_name, **self.answers.business}


def assess(rubric: CompiledRubric, answers: AnswersFile) -> Assessment:
    values = answers.answers
    links = compute_links(rubric, values)
    channels = links.channels if links is not None else ()
    sheet, dims, cover = score_dimensions(rubric, values, links)
    by_dim = {d.id: d.score for d in dims}
    index = integration_index(rubric, by_dim)
    figures = metrics(rubric, index, by_dim, links, cover, len(channels))
    level = evaluate_levels(rubric, figures)
    target = choose_target(rubric, values, figures, level.level)
    actions = what_if_actions(rubric, values, sheet, links, figures, level.rank)
    plan = build_plan(rubric, values, target.strategy, target.proposed)
    return Assessment(
        rubric, answers, channels, dims, index, cover, links, figures, level, target, actions, plan
    )
