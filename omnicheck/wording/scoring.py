"""The words a report says of what scoring finds where the rubric has none of its own.

Scoring returns ids and figures: a base metric by its id, a level's index
band with no advice, a target no rule chose with no reason. The rubric words
its own metrics, gates and rules; these are omnicheck's words for the rest,
which :mod:`omnicheck.report` puts beside the rubric's.
"""

from __future__ import annotations

#: The names of the metrics every rubric may read (``rubric.compiled.BASE_METRICS``).
BASE_METRIC_NAMES = {
    "index": "Integration index",
    "channel_count": "Active channels",
    "linked_pairs": "Channel pairs linked at 2 or more",
    "link_density": "Link density (%)",
    "hub_coverage": "Hub coverage (%)",
    "stages_linked": "Journey stages linked",
    "coverage": "Coverage (%)",
}


def metric_name(metric: str, label: str | None = None) -> str:
    """A metric as people read it, from its id and the rubric's ``label`` for it (a
    dimension's name: ``rubric.metric_label``): the core names no metric in English,
    so a dimension's score and a base metric are both worded here."""
    if label is not None:
        return f"{label} score"
    return BASE_METRIC_NAMES.get(metric, metric)
