"""The portfolio's list of businesses: who is where, and what each should do first.

A consultant reading the portfolio of a client folder wants each client on
a line (name, level, index, target and the first step of its plan), not only
the distribution. A survey export may hold 100,000 businesses, and a page
listing them all would be unreadable and would hold every row in memory, so
the list keeps the first :data:`LISTED` businesses in input order and counts
the rest: the batch's result rows have every one.

The listed businesses are shown highest level first, then by index, so that a
reader sees at once who is furthest along and who is behind.
"""

from __future__ import annotations

from typing import Any

from omnicheck.batch.runner import BatchRow
from omnicheck.report.figures import step_gain
from omnicheck.rubric.compiled import CompiledRubric

#: A client list is tens of businesses; 500 rows is still a page one can scroll and
#: print, and a few hundred kilobytes at most. Memory stays flat beyond it.
LISTED = 500


class Roster:
    """The first LISTED scored businesses' rows, and a count of the rest.

    It keeps the rows themselves, which the batch holds anyway (a worker's chunk
    sends them once, for both), and words them only in :meth:`report`: most rows of
    a large run are never listed, and a chunk's are dropped at the merge once the
    list is full.
    """

    def __init__(self, rubric: CompiledRubric) -> None:
        self.rubric = rubric
        self.rows: list[BatchRow] = []
        self.more = 0

    def add(self, row: BatchRow) -> None:
        if len(self.rows) >= LISTED:
            self.more += 1
        else:
            self.rows.append(row)

    def __getstate__(self) -> dict[str, Any]:
        """The rows without the rubric: a batch worker sends its chunk's list to be merged."""
        return {key: value for key, value in self.__dict__.items() if key != "rubric"}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)

    def merge(self, other: Roster) -> None:
        """Add the list of a chunk of later businesses, as if they had been added here."""
        room = max(LISTED - len(self.rows), 0)
        self.rows += other.rows[:room]
        self.more += other.more + len(other.rows[room:])

    def report(self) -> dict[str, Any]:
        rubric = self.rubric
        names = {level.id: level.name for level in rubric.levels}
        rank = rubric.level_rank
        listed = [_listed(rubric, row, names) for row in self.rows]
        ordered = sorted(
            listed,
            key=lambda b: (
                -rank[b["level"]],
                1.0 if b["index"] is None else -b["index"],  # one channel: no index, last
                b["name"].casefold(),
            ),
        )
        return {"listed": len(ordered), "more": self.more, "rows": ordered}


def target_name(rubric: CompiledRubric, target: str) -> str:
    """A target as the report and the diff name it: by its strategy ("Perfect one channel"),
    or by its level where the rubric gives that level no strategy."""
    strategy = rubric.strategy_by_id.get(target)
    if strategy is not None:
        return strategy.name
    return rubric.levels[rubric.level_rank[target]].name if target in rubric.level_rank else target


def _listed(rubric: CompiledRubric, row: BatchRow, names: dict[str, str]) -> dict[str, Any]:
    """A listed business as the portfolio's JSON and pages show it."""
    first = row.first_step
    step = None
    if first is not None:
        q = rubric.by_id[first.question]
        step = {
            "question": q.id,
            "text": q.short,
            # A hand-off adds an option: there is none before it.
            "from": rubric.option_label(q.id, first.from_option) if first.from_option else None,
            "to": rubric.option_label(q.id, first.to_option),
            # As the report shows it: from the index shown to the one after the step.
            "gain": step_gain(row.index, first),
        }
    assert row.level is not None and row.target is not None  # a scored row
    return {
        "name": row.name,
        "source": row.source,
        "assessed": row.assessed,
        "level": row.level,
        "level_name": names[row.level],
        "index": row.index,
        "target": row.target,
        # The strategy's name, as the report and the diff name a target.
        "target_name": target_name(rubric, row.target),
        "first_step": step,
    }
