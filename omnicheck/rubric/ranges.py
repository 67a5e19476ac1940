"""What each metric a gate or rule reads can be, worked out from the rubric alone.

The solver (:mod:`omnicheck.rubric.solver`) tests metric conditions against
these ranges: a dimension's score runs between its options' lowest and
highest scores, the index between the lowest and highest of those, and the
link metrics between none and every channel or stage. Lint's findings quote
them ("but it ranges from 0 to 100").
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from omnicheck.scoring.dimensions import POINTS_PER_STEP

if TYPE_CHECKING:
    from omnicheck.rubric.compiled import CompiledRubric


@dataclass(frozen=True, slots=True)
class MetricRange:
    """The values a metric can take: a closed range, whole numbers or not, and maybe none."""

    low: float
    high: float
    integer: bool = False
    can_be_none: bool = True


def metric_ranges(rubric: CompiledRubric) -> dict[str, MetricRange]:
    """What each metric a gate or rule reads can be, from the rubric's options and links."""
    ranges: dict[str, MetricRange] = {}
    spans = []
    for d in rubric.dimensions:
        scores = [
            o.score
            for q in rubric.scored_by_dimension.get(d.id, ())
            for o in q.options
            if o.score is not None
        ]
        if rubric.links is not None and rubric.links.record_dimension == d.id:
            record = rubric.by_id.get(next(iter(rubric.links.record_question.values()), ""))
            scores += [o.score for o in record.options if o.score is not None] if record else []
        if scores:
            span = (POINTS_PER_STEP * min(scores), POINTS_PER_STEP * max(scores))
            spans.append(span)
            ranges[f"dimension.{d.id}"] = MetricRange(*span)
        else:
            ranges[f"dimension.{d.id}"] = MetricRange(math.inf, -math.inf)
    if spans:
        ranges["index"] = MetricRange(min(s[0] for s in spans), max(s[1] for s in spans))
    else:
        ranges["index"] = MetricRange(math.inf, -math.inf)
    ranges["coverage"] = MetricRange(0, 100)
    links = rubric.links
    if links is None:
        for name in ("linked_pairs", "stages_linked"):
            ranges[name] = MetricRange(0, 0, integer=True, can_be_none=False)
        for name in ("link_density", "hub_coverage"):
            ranges[name] = MetricRange(math.inf, -math.inf)
        return ranges
    n = len(links.channels)
    ranges["linked_pairs"] = MetricRange(0, n * (n - 1) // 2, integer=True, can_be_none=False)
    ranges["stages_linked"] = MetricRange(0, len(links.stages), integer=True, can_be_none=False)
    ranges["link_density"] = MetricRange(0, 100)
    ranges["hub_coverage"] = MetricRange(0, 100)
    return ranges


def channel_count_range(rubric: CompiledRubric) -> MetricRange:
    """channel_count: how many channels are chosen, from none to all of them."""
    n = len(rubric.links.channels) if rubric.links else 0
    return MetricRange(0, n, integer=True, can_be_none=False)
