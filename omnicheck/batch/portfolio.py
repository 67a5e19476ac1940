"""The portfolio: what a batch of businesses looks like as a whole, in constant memory.

A consultant scoring a hundred clients, or a hundred thousand survey
responses, wants the distribution of levels, the typical score and spread of
each dimension, and the blockers and next steps that come up most often.
:class:`Portfolio` takes one assessment at a time and keeps only counts:

- businesses per level and per recommended target;
- a histogram of each score on the 0.1-point grid the rows are rounded to
  (1,001 counters per dimension), so medians and quartiles are exact for
  the figures in the rows without keeping the rows;
- how many businesses each blocker holds back, and how many have each
  question as their first, or among their first three, next steps.

Its memory does not grow with the number of businesses (the few failed
inputs it lists are capped), and :meth:`Portfolio.report` turns it into the
one JSON-able dict that the Markdown, HTML and JSON outputs all read.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from omnicheck import __version__
from omnicheck.batch.roster import Roster, target_name
from omnicheck.batch.runner import FIRST_STEPS, BatchRow
from omnicheck.rubric.compiled import CompiledRubric
from omnicheck.scoring.assessment import Assessment
from omnicheck.scoring.benchmark import STEPS_PER_POINT, distribution

SCHEMA = "omnicheck.portfolio/1"
#: Scores are rounded to one decimal, as in every report: 0.0 to 100.0 is 1,001 steps.
GRID = 100 * STEPS_PER_POINT + 1
#: The report lists at most this many blockers, actions and failed inputs.
LISTED = 10
FAILURES_LISTED = 20
QUANTILES = {"min": 0.0, "p25": 0.25, "median": 0.5, "p75": 0.75, "max": 1.0}
#: Quartiles and their spread are given from this many scores on. Below it the
#: middle half between the quartiles holds fewer than five businesses, so the
#: "spread" would describe a handful of them, whose scores the list shows anyway.
SPREAD_MIN = 10


@dataclass
class ScoreHistogram:
    """Counts of scores on the 0.1 grid; quantiles of exactly those rounded scores."""

    counts: list[int] = field(default_factory=lambda: [0] * GRID)
    scored: int = 0
    not_scored: int = 0

    def add(self, value: float | None) -> None:
        if value is None:
            self.not_scored += 1
            return
        step = round(value * STEPS_PER_POINT)
        if step < 0:
            step = 0
        elif step >= GRID:
            step = GRID - 1
        self.counts[step] += 1
        self.scored += 1

    def merge(self, other: ScoreHistogram) -> None:
        self.counts = [a + b for a, b in zip(self.counts, other.counts, strict=True)]
        self.scored += other.scored
        self.not_scored += other.not_scored

    def quantile(self, q: float) -> float | None:
        """Linear interpolation between order statistics, as numpy and R (type 7) do.

        The same as ``statistics.quantiles(..., method="inclusive")`` and, at
        0.5, ``statistics.median`` of the rounded scores.
        """
        if not self.scored:
            return None
        position = (self.scored - 1) * q
        low = int(position)
        fraction = position - low
        lower = self._value_at(low)
        if fraction == 0:
            return lower
        upper = self._value_at(low + 1)
        # fraction is 0.25, 0.5 or 0.75 for the quartiles, so three decimals are exact
        return round(lower + fraction * (upper - lower), 3)

    def _value_at(self, rank: int) -> float:
        """The ``rank``-th smallest score (0-based)."""
        seen = 0
        for step, count in enumerate(self.counts):
            seen += count
            if seen > rank:
                return step / STEPS_PER_POINT
        raise IndexError(rank)  # pragma: no cover - rank < scored by construction

    def summary(self) -> dict[str, Any]:
        figures: dict[str, Any] = {"scored": self.scored, "not_scored": self.not_scored}
        spread = self.scored >= SPREAD_MIN
        figures.update(
            {name: self.quantile(q) if spread or name in ("min", "median", "max") else None
             for name, q in QUANTILES.items()}
        )  # fmt: skip
        figures["distribution"] = distribution(self.counts)  # for report --benchmark
        figures["iqr"] = (
            None if figures["p25"] is None else round(figures["p75"] - figures["p25"], 3)
        )
        return figures


class Portfolio:
    """The running summary of a batch; add every row, then ask for the report."""

    def __init__(self, rubric: CompiledRubric) -> None:
        self.rubric = rubric
        self.levels: Counter[str] = Counter()
        self.targets: Counter[str] = Counter()
        self.index = ScoreHistogram()
        self.dimensions = {d.id: ScoreHistogram() for d in rubric.dimensions}
        self.blockers: Counter[tuple[str, str]] = Counter()
        #: Each blocker's kind, label (None for a band) and figure, for the templates to word.
        self.blocker_checks: dict[tuple[str, str], tuple[str, str | None, float]] = {}
        self.first_actions: Counter[str] = Counter()
        self.top_actions: Counter[str] = Counter()
        self.action_dimension: dict[str, str] = {}
        self.failed = 0
        self.failures: list[dict[str, str]] = []
        self.roster = Roster(rubric)

    def __getstate__(self) -> dict[str, Any]:
        """The counts without the rubric: a worker sends a chunk's counts to be merged, and
        the caller's portfolio has the rubric."""
        return {key: value for key, value in self.__dict__.items() if key != "rubric"}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)

    def merge(self, other: Portfolio) -> None:
        """Add the counts of a portfolio of later businesses (a chunk scored elsewhere)."""
        self.levels.update(other.levels)
        self.targets.update(other.targets)
        self.index.merge(other.index)
        for dim, histogram in other.dimensions.items():
            self.dimensions[dim].merge(histogram)
        self.blockers.update(other.blockers)
        for key, check in other.blocker_checks.items():
            self.blocker_checks.setdefault(key, check)
        self.first_actions.update(other.first_actions)
        self.top_actions.update(other.top_actions)
        for qid, dim in other.action_dimension.items():
            self.action_dimension.setdefault(qid, dim)
        self.failed += other.failed
        self.roster.merge(other.roster)
        room = FAILURES_LISTED - len(self.failures)
        self.failures += other.failures[: max(room, 0)]

    @property
    def scored(self) -> int:
        return sum(self.levels.values())

    def add(self, row: BatchRow, result: Assessment | None) -> None:
        if result is None:
            self.failed += 1
            if len(self.failures) < FAILURES_LISTED:
                self.failures.append(
                    {"source": row.source, "name": row.name, "error": row.error or ""}
                )
            return
        self.roster.add(row)
        self.levels[result.level_id] += 1
        self.targets[result.strategy] += 1
        self.index.add(row.index)
        for dim_id, score in (row.dimensions or {}).items():
            self.dimensions[dim_id].add(score)
        for check in result.blockers:
            key = (check.level, check.id)
            self.blockers[key] += 1
            self.blocker_checks.setdefault(key, (check.kind, check.label, check.required))
        for action in result.first_steps(FIRST_STEPS):
            self.top_actions[action.question] += 1
            self.action_dimension.setdefault(action.question, action.dimension)
            if action.rank == 1:
                self.first_actions[action.question] += 1

    def report(self) -> dict[str, Any]:
        """The portfolio as plain data: the JSON output and every template's input."""
        rubric = self.rubric
        scored = self.scored
        level_names = {level.id: level.name for level in rubric.levels}
        return {
            "schema": SCHEMA,
            "omnicheck_version": __version__,
            "rubric": {"id": rubric.id, "version": rubric.version, "title": rubric.title},
            "businesses": {"total": scored + self.failed, "scored": scored, "failed": self.failed},
            "business_list": self.roster.report(),
            "spread_min": SPREAD_MIN,
            "levels": [
                _share(level.id, level.name, self.levels[level.id], scored)
                for level in rubric.levels
            ],
            # A target is named as the report names it: by its strategy ("Perfect one
            # channel"), the level's name where the rubric gives the level no strategy.
            "targets": [
                _share(level.id, target_name(rubric, level.id), self.targets[level.id], scored)
                for level in rubric.levels
            ],
            "index": self.index.summary(),
            "dimensions": [
                {"id": d.id, "name": d.name, "weight": d.weight, **self.dimensions[d.id].summary()}
                for d in rubric.dimensions
            ],
            "blockers": [
                self._blocker(level, gate, level_names.get(level, level), count, scored)
                for (level, gate), count in _most_common(self.blockers)
            ],
            "actions": [
                self._action(qid, count, scored) for qid, count in _most_common(self.top_actions)
            ],
            "failures": {"count": self.failed, "listed": self.failures},
        }

    def _blocker(
        self, level: str, gate: str, level_name: str, count: int, scored: int
    ) -> dict[str, Any]:
        kind, label, required = self.blocker_checks[(level, gate)]
        return {
            "level": level,
            "level_name": level_name,
            "id": gate,
            "kind": kind,
            "label": label,  # None for a band: the templates word it from the figure
            "required": required,
            **_share_of(count, scored),
        }

    def _action(self, qid: str, count: int, scored: int) -> dict[str, Any]:
        dim = self.action_dimension[qid]
        return {
            "question": qid,
            "text": self.rubric.by_id[qid].short,
            "dimension": dim,
            "dimension_name": self.rubric.dimension_by_id[dim].name,
            "first": self.first_actions[qid],
            **_share_of(count, scored),
        }


def _most_common(counter: Counter[Any]) -> list[tuple[Any, int]]:
    """The most frequent first; ties in a stable order (by key), so reports do not flicker."""
    return sorted(counter.items(), key=lambda item: (-item[1], item[0]))[:LISTED]


def _share(item_id: str, name: str, count: int, total: int) -> dict[str, Any]:
    return {"id": item_id, "name": name, **_share_of(count, total)}


def _share_of(count: int, total: int) -> dict[str, Any]:
    return {"count": count, "percent": round(100.0 * count / total, 1) if total else None}
