"""What a batch keeps of one business: the figures of its row and what the portfolio counts.

A batch reads a business's level, index, dimension scores and target, the
blockers of its next level and its first few next steps, and nothing else of
a full :class:`~omnicheck.scoring.assessment.Assessment`. :func:`summarize` computes
exactly those and skips what only a report reads: every scored item, channel
pair, level check, rule input and action past the first few. It gives what
:func:`summary_of` takes from a full assessment (``tests/test_fast_paths.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

from omnicheck.answers.validate import AnswersFile
from omnicheck.rubric.compiled import CompiledRubric
from omnicheck.scoring.assessment import Assessment
from omnicheck.scoring.dimensions import integration_index, metrics, score_sheet
from omnicheck.scoring.levels import Check, next_blockers, reached_rank
from omnicheck.scoring.links import link_figures
from omnicheck.scoring.plan import PlanStep, build_plan
from omnicheck.scoring.target import proposed_and_target

#: A step counts as common in a portfolio when it is among a business's first few plan
#: steps; a summary keeps no more.
TOP_ACTIONS = 3


# Not frozen, as the core's other per-business values: a batch builds one per business.
@dataclass(slots=True)
class Summary:
    business_name: str
    index: float | None
    #: Score per dimension id, in rubric order; None where a dimension is not scored.
    dimensions: dict[str, float | None]
    level: str
    #: What stops the next level (``LevelResult.blockers``).
    blockers: tuple[Check, ...]
    target: str
    #: The first TOP_ACTIONS steps of the business's plan.
    actions: tuple[PlanStep, ...]


def summary_of(result: Assessment) -> Summary:
    """The summary of a full assessment: the definition :func:`summarize` must meet."""
    return Summary(
        result.answers.business_name,
        result.index,
        {d.id: d.score for d in result.dimensions},
        result.level.level,
        result.level.blockers,
        result.target.strategy,
        result.plan.steps[:TOP_ACTIONS],
    )


def summarize(rubric: CompiledRubric, answers: AnswersFile) -> Summary:
    """``summary_of(assess(rubric, answers))``, computing only what the summary holds.

    The same steps as :func:`~omnicheck.scoring.assessment.assess`, each in the form
    that builds no more than its figures.
    """
    values = answers.answers
    links = link_figures(rubric, values)
    sheet, by_dim, cover = score_sheet(rubric, values, links)
    index = integration_index(rubric, by_dim)
    channel_count = len(links.channels) if links is not None else 0
    figures = metrics(rubric, index, by_dim, links, cover, channel_count)
    rank = reached_rank(rubric, figures)
    level = rubric.levels[rank].id
    proposed, target = proposed_and_target(rubric, values, figures, level)
    plan = build_plan(
        rubric,
        values,
        target,
        proposed,
        limit=TOP_ACTIONS,
        scored=(links, sheet, by_dim, cover),
        measured=(index, figures, rank),
    )
    return Summary(
        answers.business_name,
        index,
        by_dim,
        level,
        next_blockers(rubric, figures, rank),
        target,
        plan.steps,
    )
