"""Where one business stands among its peers: percentiles from a portfolio's distributions.

A portfolio (``batch --summary``) keeps, for the index and each dimension, how
many businesses had each score on the 0.1 grid the reports round to, and
nothing about any one business: a consultant can share it as a benchmark
without sharing clients. This module turns those counts into the figures of
``report --benchmark``:

- *better than*: the share of peers whose score is strictly lower, as in
  "your customer data is better than 70% of the 40 businesses compared"; a
  peer with the same score is neither better nor worse, and is counted apart
  (so a business that is itself in the portfolio is one such tie);
- the peers' spread: lowest, quartiles and highest, as the portfolio gives them.

Below :data:`MIN_PEERS` peers a percentile is noise, and none is given.

Pure: counts in, numbers out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

#: Fewer peers than this, and a percentile says more about chance than about the business.
MIN_PEERS = 5
STEPS_PER_POINT = 10


def distribution(counts: Sequence[int]) -> list[list[float | int]]:
    """A histogram on the 0.1 grid (``counts[i]`` businesses scored ``i / 10``), as sparse
    ``[score, count]`` pairs: what a portfolio keeps, small whatever the number of peers."""
    return [[i / STEPS_PER_POINT, n] for i, n in enumerate(counts) if n]


@dataclass(frozen=True, slots=True)
class Standing:
    peers: int
    below: int
    same: int

    @property
    def better_than(self) -> float | None:
        """The percentage of peers strictly below, or None with too few peers."""
        if self.peers < MIN_PEERS:
            return None
        return round(100.0 * self.below / self.peers, 1)


def standing(pairs: Sequence[Sequence[float]], score: float) -> Standing:
    """How ``score`` (rounded to the 0.1 grid, as the portfolio's) sits among ``pairs``."""
    step = round(score * STEPS_PER_POINT)
    peers = below = same = 0
    for value, count in pairs:
        n = int(count)
        peers += n
        peer = round(value * STEPS_PER_POINT)
        if peer < step:
            below += n
        elif peer == step:
            same += n
    return Standing(peers, below, same)
