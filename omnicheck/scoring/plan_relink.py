"""A business's link figures once a plan step raises a record link or adds a hand-off.

Only the counts a step can change are worked out again, and they are
:func:`omnicheck.scoring.links.link_figures`' own: ``tests/test_scoring_single_path.py``
and ``tests/test_plan.py`` hold the plan to a re-count from scratch.
"""

from __future__ import annotations

from collections.abc import Mapping
from collections.abc import Set as AbstractSet

from omnicheck.rubric.compiled import ChannelLinks
from omnicheck.scoring.links import SHARED, LinkFigures, LinkMeasures
from omnicheck.scoring.plan_steps import Candidate


def relinked(
    spec: ChannelLinks,
    links: LinkMeasures,
    channel: str,
    level: int,
    moved: Mapping[str, float | None],
) -> LinkFigures:
    """The link figures with one channel's record level raised: ``moved`` holds
    :class:`~omnicheck.scoring.links.Relinker`'s counts for it, those :func:`metrics`
    reads of the figures."""
    every = tuple(s for s, _ in spec.stages)
    stages = every if moved["stages_linked"] == len(every) else tuple(links.stages_linked)
    return LinkFigures(
        channels=links.channels,
        record={**links.record, channel: level},
        handoffs=links.handoffs if isinstance(links.handoffs, AbstractSet) else set(links.handoffs),
        pair_count=links.pair_count,
        linked_pairs=int(moved["linked_pairs"] or 0),
        density=moved["link_density"],
        hub_coverage=moved["hub_coverage"],
        stages_linked=stages,
    )


def handed_on(
    spec: ChannelLinks, links: LinkMeasures, step: Candidate, moved: Mapping[str, float | None]
) -> LinkFigures:
    """The link figures with one hand-off added: ``moved``, :func:`handoff_moves`' counts.

    A hand-off links its pair unless the record or another hand-off links it
    already, and adds its stage to those linked (all of them are already when
    two channels share the record).
    """
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


def handoff_moves(
    links: LinkMeasures, step: Candidate, handed: AbstractSet[tuple[str, str]]
) -> dict[str, float | None]:
    """The link metrics a hand-off moves; ``handed``: the (from, to) pairs of the
    hand-offs there are."""
    assert step.channel and step.other and step.stage
    a, b = step.channel, step.other
    levels = links.record
    linked = ((levels.get(a) or 0) >= SHARED and (levels.get(b) or 0) >= SHARED) or bool(
        {(a, b), (b, a)} & handed
    )
    pairs = links.linked_pairs + (not linked)
    stages = set(links.stages_linked) | {step.stage}
    return {
        "linked_pairs": float(pairs),
        "link_density": 100.0 * pairs / links.pair_count if links.pair_count else None,
        "stages_linked": float(len(stages)),
    }
