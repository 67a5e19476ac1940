"""The report's ``benchmark``: this business among a portfolio's peers.

Split from :mod:`omnicheck.report.model` only to keep modules short.
"""

from __future__ import annotations

from omnicheck.report.model_base import TypedDict


class Spread(TypedDict):
    min: float | None
    p25: float | None
    median: float | None
    p75: float | None
    max: float | None


class Strip(TypedDict):
    width: float
    min: float | None
    p25: float | None
    median: float | None
    p75: float | None
    max: float | None
    you: float | None


class Measure(TypedDict):
    id: str
    name: str
    score: float | None
    peers: int
    better_than: float | None
    below: int | None
    same: int | None
    enough: bool
    spread: Spread
    strip: Strip | None


class PeerLevel(TypedDict):
    id: str
    name: str
    count: int
    percent: float | None
    current: bool


class Benchmark(TypedDict):
    source: str
    peers: int
    index: Measure
    dimensions: list[Measure]
    levels: list[PeerLevel]
    min_peers: int
