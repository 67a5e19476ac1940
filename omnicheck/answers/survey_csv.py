"""Survey exports in CSV: one business per row, read one row at a time.

Consultants collect answers with a form tool and export them as a sheet. The
header names a ``name`` column and the question ids (as ``omnicheck template``
lists them); ``business.KEY`` columns add details such as ``business.sector``.
A cell holds an option id, several option ids separated by ``;`` for a
multiple choice, ``n/a`` (or ``n/a: reason``), or nothing when the question
was not answered. Every row is taken to answer the rubric in use.

Rows are streamed, so a 100,000-row export needs no more memory than one
row. Each row becomes an :class:`~omnicheck.answers.validate.AnswersDocument`, so it
is validated by exactly the code that checks an answers file, and every
problem points at FILE:ROW:COLUMN: ROW counts records as a spreadsheet does
(the header is row 1), COLUMN counts columns from 1.
"""

from __future__ import annotations

import csv
import difflib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from omnicheck.answers.survey_lines import (
    MAX_CELL_CHARS,
    MAX_ROW_BYTES,
    Lines,
    RowTooLong,
    cell_at,
    records,
    runaway_quote,
    unclosed_quote,
)
from omnicheck.errors import MAX_LISTED, InputError, Problem
from omnicheck.rubric.compiled import CompiledRubric
from omnicheck.rubric.kinds import kind_of
from omnicheck.source.reading import open_input

NAME_COLUMN = "name"
#: The day of the answers, YYYY-MM-DD, as in an answers file: an optional column.
DATE_COLUMN = "assessed"
DETAIL_PREFIX = "business."
MULTI_SEPARATOR = ";"
NOT_APPLICABLE = "n/a"


@dataclass(frozen=True, slots=True)
class RowDocument:
    """One row as answers data, locating problems by the column they are about."""

    source: str
    row: int
    data: dict[str, Any]
    columns: Mapping[str, int]

    def problem(
        self,
        path: tuple[Any, ...],
        message: str,
        *,
        at_key: bool = False,
        code: str = "invalid-input",
    ) -> Problem:
        column = 1
        if len(path) >= 2 and path[0] == "answers":
            column = self.columns.get(str(path[1]), 1)
        elif path == (DATE_COLUMN,):
            column = self.columns.get(DATE_COLUMN, 1)
        elif path[:2] == ("business", "name") or path == ("business",):
            column = self.columns[NAME_COLUMN]
        elif len(path) >= 2 and path[0] == "business":
            column = self.columns.get(DETAIL_PREFIX + str(path[1]), 1)
        return Problem(self.source, message, self.row, column, code)

    def text(self, path: tuple[Any, ...]) -> str | None:
        """Cells are text already: there is no other reading of them to undo."""
        return None


@dataclass(frozen=True, slots=True)
class SurveyRow:
    """A row to score, or what stopped the file or row from being read."""

    #: ``FILE:ROW`` for a row, or just ``FILE`` when the file itself is unusable.
    source: str
    name: str
    document: RowDocument | None
    problems: tuple[Problem, ...] = ()


class SurveyCells(NamedTuple):
    """A row split into cells but not yet made a document: a batch's workers make it
    (:func:`parse_cells`), so the process that reads the file only splits it."""

    cells: list[str]
    layout: _Plan
    columns: Mapping[str, int]
    source: str
    row: int


def parse_cells(cells: SurveyCells, rubric: CompiledRubric) -> SurveyRow | None:
    """The row to score, or None for a blank row."""
    return _row(cells.cells, cells.layout, cells.columns, rubric, cells.source, cells.row)


def read_survey(
    path: Path, rubric: CompiledRubric, source: str | None = None
) -> Iterator[SurveyRow]:
    """The rows of a survey export, one at a time, in file order.

    A file that cannot be used at all (unreadable, no ``name`` column, an
    unknown column) yields a single row with its problems. A row that cannot
    be read yields its problems and the rest carry on. Blank rows are skipped.
    """
    for item in survey_cells(path, rubric, source):
        if isinstance(item, SurveyRow):
            yield item
        elif (parsed := parse_cells(item, rubric)) is not None:
            yield parsed


def survey_cells(
    path: Path, rubric: CompiledRubric, source: str | None = None
) -> Iterator[SurveyRow | SurveyCells]:
    """:func:`read_survey`'s rows, each still as cells, or what stopped the file or row."""
    name = source or str(path)
    try:
        handle = open_input(path, name)  # a regular file only: a FIFO would block for ever
    except InputError as exc:
        yield SurveyRow(name, "", None, exc.problems)
        return
    with handle:
        lines = Lines(handle)
        reader = records(lines)
        record = lines.record
        row = 0  # records read: the header is row 1, as in a spreadsheet
        try:
            header = next(reader, None)
            row = 1
            if header is None:
                yield SurveyRow(name, "", None, (_problem(name, "csv-no-header"),))
                return
            runaway = _runaway(record, name, 1, name)  # the rows read as a column's name
            if runaway is not None:
                yield runaway
                return
            record.clear()
            columns, problems = _check_header(header, rubric, name)
            if problems:
                yield SurveyRow(name, "", None, tuple(problems))
                return
            plan = _plan(header, rubric)
            for cells in reader:
                row += 1
                # Only a quote left open runs to the end of the file: a record of one line
                # with no quote in it (nearly every row) cannot hold one.
                if len(record) > 1 or (record and '"' in record[0]):
                    runaway = _runaway(record, name, row, f"{name}:{row}")
                    if runaway is not None:
                        yield runaway
                        return
                size = sum(map(len, record))  # no cell is longer than the lines it is on
                record.clear()
                # A cell over the limit fails its own row only: the record was read whole.
                too_long = _long_cell_row(cells, plan, name, row) if size > MAX_CELL_CHARS else None
                yield too_long or SurveyCells(cells, plan, columns, name, row)
        except UnicodeDecodeError:
            problem = _problem(name, "not-utf8", row + 1, 1)
            yield SurveyRow(f"{name}:{row + 1}", "", None, (problem,))
        except csv.Error as exc:  # the csv module's own words, passed on
            source = f"{name}:{row + 1}"
            runaway = _runaway(record, name, row + 1, source)
            problem = _problem(name, "csv-syntax", row + 1, 1, detail=str(exc))
            yield runaway or SurveyRow(source, "", None, (problem,))
        except RowTooLong:
            source = f"{name}:{row + 1}"
            problem = _problem(name, "csv-row-too-long", row + 1, 1, limit=MAX_ROW_BYTES)
            yield _open_past_cell_limit(record, name, row + 1, source) or SurveyRow(
                source, "", None, (problem,)
            )


def _runaway(record: list[str], name: str, row: int, source: str) -> SurveyRow | None:
    """What stops the file at ``record`` (the lines of row ``row``) when a quote in it runs
    on past the row (:func:`runaway_quote`), as the row ``source``; None when none does."""
    cell = runaway_quote("".join(record))
    if cell is None:
        return None
    return SurveyRow(source, "", None, (_problem(name, "csv-unclosed-quote", row, cell),))


def _open_past_cell_limit(record: list[str], name: str, row: int, source: str) -> SurveyRow | None:
    """A quote left open for longer than a cell may be, in the lines of a row cut at the row
    limit (``record``): a quote that ran on, said as the quote it is, where it is. Any other
    quote still open where the row was cut may well have closed further on."""
    text = "".join(record)
    opening = unclosed_quote(text)
    if opening is None or len(text) - opening <= MAX_CELL_CHARS:
        return None
    problem = _problem(name, "csv-unclosed-quote", row, cell_at(text, opening))
    return SurveyRow(source, "", None, (problem,))


def _long_cell_row(cells: list[str], plan: _Plan, source: str, row: int) -> SurveyRow | None:
    """Row ``row`` failed at its first cell over the cell limit, or None when it has none."""
    problem = _long_cell(cells, source, row)
    if problem is None:
        return None
    named = cells[plan.name].strip() if plan.name < len(cells) else ""
    shown = "" if len(named) > MAX_CELL_CHARS else named  # not a name of 128 KiB
    return SurveyRow(f"{source}:{row}", shown, None, (problem,))


def _long_cell(cells: list[str], source: str, row: int) -> Problem | None:
    """The problem of the first cell in ``cells`` (row ``row``) over the cell limit, or None."""
    if max(map(len, cells), default=0) <= MAX_CELL_CHARS:
        return None
    column = next(i for i, cell in enumerate(cells, start=1) if len(cell) > MAX_CELL_CHARS)
    return _problem(source, "csv-cell-too-long", row, column, limit=MAX_CELL_CHARS)


def _check_header(
    header: list[str], rubric: CompiledRubric, source: str
) -> tuple[dict[str, int], list[Problem]]:
    """Column numbers by question id (and ``name``, ``business.KEY``), or every problem."""
    problems: list[Problem] = []
    columns: dict[str, int] = {}
    long_cell = _long_cell(header, source, 1)
    if long_cell is not None:  # no column is named so, and its name would fill a screen
        return {}, [long_cell]
    cells = [cell.strip() for cell in header]
    if len(cells) == 1 and (MULTI_SEPARATOR in cells[0] or "\t" in cells[0]):
        separator = "\t" if "\t" in cells[0] else MULTI_SEPARATOR
        return {}, [_problem(source, "csv-not-comma-separated", 1, 1, separator=separator)]
    for number, cell in enumerate(cells, start=1):
        key = cell.lower() if cell.lower() in (NAME_COLUMN, DATE_COLUMN) else cell
        if key in columns:
            first = columns[key]
            problems.append(
                _problem(source, "csv-duplicate-column", 1, number, cell=cell, first=first)
            )
            continue
        columns[key] = number
        if key in (NAME_COLUMN, DATE_COLUMN) or key in rubric.by_id:
            continue
        if key.startswith(DETAIL_PREFIX) and len(key) > len(DETAIL_PREFIX):
            continue
        # Only the first problems are listed; a suggestion for the rest would
        # cost a difflib search each, seconds over a header of 100,000 columns.
        listed = len(problems) < MAX_LISTED
        near = difflib.get_close_matches(cell, rubric.by_id, n=1) if listed else []
        problems.append(_problem(source, "csv-unknown-column", 1, number, cell=cell, nearest=near))
    if NAME_COLUMN not in columns:
        problems.insert(0, _problem(source, "csv-no-name-column", 1, 1))
    return columns, problems


def _problem(
    source: str, what: str, line: int | None = None, column: int | None = None, **args: Any
) -> Problem:
    """The problem ``what`` (its own code) of the file, for omnicheck.wording to word."""
    return Problem(source, "", line, column, what, what=what, args=args)


class _Plan(NamedTuple):
    """Where each part of a row is, worked out once per file, not per row."""

    width: int
    name: int
    #: The index of the ``assessed`` column, or None
    assessed: int | None
    #: (column index, question id, whether it takes several choices) of each answer column
    answers: tuple[tuple[int, str, bool], ...]
    #: (column index, detail key) of each ``business.KEY`` column
    details: tuple[tuple[int, str], ...]


def _plan(header: list[str], rubric: CompiledRubric) -> _Plan:
    name = 0
    assessed = None
    answers = []
    details = []
    for i, cell in enumerate(header):
        key = cell.strip()
        if key.lower() == NAME_COLUMN:
            name = i
        elif key.lower() == DATE_COLUMN:
            assessed = i
        elif key in rubric.by_id:
            answers.append((i, key, kind_of(rubric.by_id[key]).many))
        else:
            details.append((i, key.removeprefix(DETAIL_PREFIX)))
    return _Plan(len(header), name, assessed, tuple(answers), tuple(details))


def _row(
    cells: list[str],
    plan: _Plan,
    columns: Mapping[str, int],
    rubric: CompiledRubric,
    source: str,
    row: int,
) -> SurveyRow | None:
    """The row to score, or None for a blank row, as spreadsheets leave at the end."""
    where = f"{source}:{row}"
    width = plan.width
    if len(cells) > width:
        problem = _problem(source, "csv-extra-cells", row, width + 1, cells=len(cells), width=width)
        return SurveyRow(where, cells[columns[NAME_COLUMN] - 1].strip(), None, (problem,))
    texts = [cell.strip() for cell in cells]
    if not any(texts):
        return None
    if len(texts) < width:  # some tools leave out trailing empty cells
        texts += [""] * (width - len(texts))
    answers: dict[str, Any] = {}
    for i, key, multi in plan.answers:
        text = texts[i]
        if not text:  # stays in as None: "not answered", located at its own column
            answers[key] = None
        elif multi or text[0] in "nN":  # a list of choices, or perhaps n/a
            answers[key] = _value(text, multi)
        else:
            answers[key] = text
    name = texts[plan.name]
    business = {"name": name}
    for i, key in plan.details:
        if texts[i]:
            business[key] = texts[i]
    data: dict[str, Any] = {
        "rubric": {"id": rubric.id, "version": rubric.version},
        "business": business,
        "answers": answers,
    }
    if plan.assessed is not None and texts[plan.assessed]:
        data[DATE_COLUMN] = texts[plan.assessed]
    return SurveyRow(where, name, RowDocument(source, row, data, columns))


def _value(text: str, multi: bool) -> Any:
    """A cell as an answers file would hold it."""
    if text[0] in "nN":  # only then can it be n/a
        lowered = text.lower()
        if lowered == NOT_APPLICABLE:
            return NOT_APPLICABLE
        if lowered.startswith(NOT_APPLICABLE + ":"):
            return {NOT_APPLICABLE: text[len(NOT_APPLICABLE) + 1 :].strip() or None}
    if multi:
        return [item.strip() for item in text.split(MULTI_SEPARATOR) if item.strip()]
    return text
