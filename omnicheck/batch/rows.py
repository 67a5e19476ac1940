"""The outputs of a batch: result rows as CSV or JSON, and the portfolio report.

Rows are written as they come, so the rows output of a 100,000-business run
never sits in memory. The JSON form is one document, ``{"schema", "rubric",
"rows": [...], "summary": {...}}``, written in the same streaming way: the
rows first, the portfolio summary last, once every row has been counted.

A CSV row is opened in a spreadsheet and printed on terminals, and its text
comes from other people (names from a survey, file names from a folder): each
text cell goes through :func:`~omnicheck.printable.spreadsheet_cell`, so it
neither runs as a formula nor holds a control character. The scores are
numbers omnicheck wrote itself (never negative) and are left as numbers.
"""

from __future__ import annotations

import csv
import json
from typing import Any, TextIO

from omnicheck.batch.runner import BatchRow
from omnicheck.printable import json_safe, spreadsheet_cell
from omnicheck.report.output import Document
from omnicheck.rubric.compiled import CompiledRubric
from omnicheck.scoring.plan import PlanStep

#: 2: the first plan step as fields (``first_step``) instead of 1's ``top_action`` text.
ROWS_SCHEMA = "omnicheck.batch/2"


#: The first plan step's fields, as CSV columns ``first_step.FIELD``.
STEP_FIELDS = ("question", "from", "to", "effort", "clears", "level_after")


def columns(rubric: CompiledRubric) -> list[str]:
    """The CSV header: one column per dimension, named ``dimension.ID`` as in the rubric,
    and one per field of the plan's first step."""
    dims = [f"dimension.{d.id}" for d in rubric.dimensions]
    step = [f"first_step.{field}" for field in STEP_FIELDS]
    return ["name", "source", "assessed", "level", "index", *dims, "target", *step, "error"]


def step_dict(rubric: CompiledRubric, step: PlanStep | None) -> dict[str, Any] | None:
    """The plan's first step as the JSON rows hold it: ids, with the labels beside them."""
    if step is None:
        return None
    qid = step.question
    return {
        "question": qid,
        "text": rubric.by_id[qid].short,
        # A hand-off adds an option: there is none before it.
        "from": _option(rubric, qid, step.from_option),
        "to": _option(rubric, qid, step.to_option),
        "effort": step.effort,
        "clears": list(step.clears),
        "level_after": step.level_after,
    }


def _option(rubric: CompiledRubric, qid: str, option: str | None) -> dict[str, str] | None:
    return None if option is None else {"id": option, "label": rubric.option_label(qid, option)}


def row_dict(rubric: CompiledRubric, row: BatchRow) -> dict[str, Any]:
    return {
        "name": row.name,
        "source": row.source,
        "assessed": row.assessed,
        "level": row.level,
        "index": row.index,
        "dimensions": row.dimensions,
        "target": row.target,
        "first_step": step_dict(rubric, row.first_step),
        "error": row.error,
    }


def _step_cells(step: PlanStep | None) -> list[str]:
    """The first step's CSV cells: rubric ids, and its cleared checks joined by ``;``."""
    if step is None:
        return [""] * len(STEP_FIELDS)
    # Question, option, check and level ids match the rubric's id pattern ([a-z0-9]
    # first), so none reads as a formula; an effort's name is any text, so it is checked.
    return [
        step.question,
        step.from_option or "",
        step.to_option,
        spreadsheet_cell(step.effort),
        ";".join(step.clears),
        step.level_after,
    ]


class RowWriter:
    """Writes rows as they come to an open text stream; :data:`ROW_WRITERS` has one per format."""

    def __init__(self, out: TextIO, rubric: CompiledRubric) -> None:
        self.out = out
        self.rubric = rubric
        self.count = 0
        self.dimension_ids = tuple(d.id for d in rubric.dimensions)

    def write(self, row: BatchRow) -> None:
        self.count += 1

    def close(self, summary: dict[str, Any]) -> None:
        self.out.flush()


class CsvRows(RowWriter):
    """One CSV line per business, under :func:`columns`; the summary is not in it."""

    def __init__(self, out: TextIO, rubric: CompiledRubric) -> None:
        super().__init__(out, rubric)
        self.csv = csv.writer(out, lineterminator="\n")
        self.csv.writerow(columns(rubric))

    def write(self, row: BatchRow) -> None:
        dims = row.dimensions or {}
        scores = [dims.get(dim) for dim in self.dimension_ids]
        self.csv.writerow(
            [
                spreadsheet_cell(row.name),
                spreadsheet_cell(row.source),
                row.assessed or "",  # YYYY-MM-DD, checked: never a formula
                row.level or "",  # a rubric id: [a-z0-9] first, never a formula
                _cell(row.index),
                # _cell, inline: eight dimensions per row
                *["" if score is None else f"{score:.1f}" for score in scores],
                row.target or "",
                *_step_cells(row.first_step),
                spreadsheet_cell(row.error or ""),
            ]
        )
        super().write(row)


class JsonRows(RowWriter):
    """The rows document, written open-ended: rows follow, the summary closes it."""

    def __init__(self, out: TextIO, rubric: CompiledRubric) -> None:
        super().__init__(out, rubric)
        ref = {"id": rubric.id, "version": rubric.version, "title": rubric.title}
        out.write(f'{{"schema": {_json(ROWS_SCHEMA)}, "rubric": {_json(ref)}, "rows": [')

    def write(self, row: BatchRow) -> None:
        text = _json(row_dict(self.rubric, row))
        self.out.write(("\n  " if self.count == 0 else ",\n  ") + text)
        super().write(row)

    def close(self, summary: dict[str, Any]) -> None:
        self.out.write(("\n" if self.count else "") + '], "summary": ')
        text = json.dumps(summary, indent=2, ensure_ascii=False, allow_nan=False)
        self.out.write(json_safe(text) + "}\n")
        super().close(summary)


#: The row writer of each format that batch streams rows in (``rows`` in the format table).
ROW_WRITERS: dict[str, type[RowWriter]] = {"csv": CsvRows, "json": JsonRows}


def portfolio_document(summary: dict[str, Any]) -> Document:
    """The portfolio report, for :func:`omnicheck.report.output.write`."""
    return Document("portfolio", summary, {"p": summary})


def _cell(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


def _json(data: Any) -> str:
    return json_safe(json.dumps(data, ensure_ascii=False, allow_nan=False))  # NaN is not JSON
