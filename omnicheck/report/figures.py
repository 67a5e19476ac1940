"""Figures as the reports show them, and the arithmetic that must agree with them.

A reader checks one figure against another: a plan step's gain against the
index before and after it, a diff's change against the two reports. So a
difference the reports show is worked out from the one-decimal figures they
show, never from the unrounded ones, which can round apart (16.04 and 17.26
show as 16.0 and 17.3, a difference of 1.3, where 17.26 - 16.04 rounds to
1.2). Likewise a whole number is read from the one-decimal figure, half up, so
that 62.5 in the JSON is 63 on the page. Rankings and thresholds (a quick win,
the order of quick wins) keep reading the unrounded figures: only what is
shown is worked out here.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from omnicheck.scoring.plan import PlanStep


def rounded(value: float | None, digits: int = 1) -> float | None:
    """A figure as every JSON output shows it: one decimal unless told, ``None`` kept."""
    return None if value is None else round(value, digits)


def shown_change(before: float | None, after: float | None) -> float | None:
    """``after`` minus ``before`` as shown: each rounded to one decimal first, then the
    difference rounded to one decimal again (17.3 - 16.0 is 1.3000000000000007 in
    floats); ``None`` when either is."""
    if before is None or after is None:
        return None
    return round(round(after, 1) - round(before, 1), 1)


def step_gain(index_before: float | None, step: PlanStep) -> float:
    """A plan step's gain as shown: the change of the index shown before it (the
    business's, or the step before's ``index_after``) to the one shown after it.

    Without an index (one channel: no index to show) it is the step's own gain,
    rounded alike.
    """
    change = shown_change(index_before, step.index_after)
    return round(step.gain, 1) if change is None else change


def whole(value: float) -> int:
    """A score as a whole number, from the one-decimal figure the JSON shows, half up
    (away from zero): 62.5 shows as 63, as an owner reads it, not as 62 (``round`` and
    ``format`` round a half to even). Rounding to one decimal first means a figure shows
    as its JSON says, whatever digits a float carries beyond it; a half is exact in
    binary, so adding it cannot carry a figure below .5 over. Not :mod:`decimal`, which
    would add a few milliseconds to every report's start-up."""
    figure = round(value, 1)
    return int(math.copysign(math.floor(abs(figure) + 0.5), figure))
