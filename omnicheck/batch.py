"""Score many businesses in one run: one result row per business, streamed.

Inputs are answers files, directories (searched recursively for ``*.yaml``
and ``*.yml``), glob patterns, and survey exports in CSV (one business per
row, see :mod:`omnicheck.survey_csv`). They are read one business at a time
and nothing is kept once its row is out, so memory stays flat however many
businesses there are; the rubric is compiled once by the caller and shared.

A bad input never stops the run: its problems go into its own row, and the
caller decides the exit status from the count of failed rows.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from omnicheck.answers import AnswersDocument, validate_answers
from omnicheck.errors import InputError, Problem
from omnicheck.files import DEFAULT_MAX_BYTES, read_text
from omnicheck.rubric_types import CompiledRubric
from omnicheck.summary import Summary, summarize
from omnicheck.survey_csv import read_survey
from omnicheck.yaml_source import YamlDocument, parse_yaml

ANSWERS_SUFFIXES = (".yaml", ".yml")
SURVEY_SUFFIX = ".csv"
_GLOB_CHARACTERS = frozenset("*?[")
#: An error cell lists this many problems, then says how many more there are.
PROBLEMS_PER_ROW = 5


@dataclass(slots=True)
class BatchRow:
    """One business's result, or why it has none: what the rows output holds."""

    name: str
    source: str
    level: str | None = None
    index: float | None = None
    #: Score per dimension id, in rubric order; None where a dimension is not scored.
    dimensions: dict[str, float | None] | None = None
    target: str | None = None
    #: The first of the ranked next steps, as ``Short text: from → to``.
    top_action: str | None = None
    error: str | None = None
    #: Every problem behind ``error``, for messages on stderr.
    problems: tuple[Problem, ...] = ()


@dataclass(slots=True)
class _Pending:
    """An input found but not yet read: a file to parse, or a row already parsed."""

    source: str
    name: str
    path: Path | None = None
    document: AnswersDocument | None = None
    problems: tuple[Problem, ...] = ()


def score_all(
    rubric: CompiledRubric,
    inputs: Sequence[str],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[tuple[BatchRow, Summary | None]]:
    """Each business's row, with its summary when it was scored, in input order."""
    for pending in _pending(rubric, inputs):
        yield _score(rubric, pending, max_bytes)


def _score(
    rubric: CompiledRubric, pending: _Pending, max_bytes: int
) -> tuple[BatchRow, Summary | None]:
    if pending.problems:
        return _failed(pending.source, pending.name, pending.problems), None
    name = pending.name
    try:
        document = pending.document
        if document is None:
            assert pending.path is not None
            text = read_text(pending.path, max_bytes=max_bytes, source=pending.source)
            document = parse_yaml(text, pending.source)
            name = name or _name_in(document)
        result = summarize(rubric, validate_answers(document, rubric))
    except InputError as exc:
        return _failed(pending.source, name, exc.problems), None
    return result_row(rubric, result, pending.source), result


def result_row(rubric: CompiledRubric, result: Summary, source: str) -> BatchRow:
    """The row of a scored business, with figures rounded as every report rounds them."""
    top = result.actions[0] if result.actions else None
    action = None
    if top is not None:
        q = rubric.by_id[top.question]
        before = rubric.option_label(q.id, top.from_option)
        after = rubric.option_label(q.id, top.to_option)
        action = f"{q.short}: {before} → {after}"
    return BatchRow(
        name=result.business_name,
        source=source,
        level=result.level,
        index=_rounded(result.index),
        # _rounded, inline: eight dimensions per row
        dimensions={
            dim: None if score is None else round(score, 1)
            for dim, score in result.dimensions.items()
        },
        target=result.target,
        top_action=action,
    )


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _failed(source: str, name: str, problems: Sequence[Problem]) -> BatchRow:
    shown = [str(p) for p in problems[:PROBLEMS_PER_ROW]]
    more = len(problems) - len(shown)
    if more:
        shown.append(f"and {more} more problem{'s' if more > 1 else ''}")
    return BatchRow(name=name, source=source, error="; ".join(shown), problems=tuple(problems))


def _name_in(document: YamlDocument) -> str:
    """The business's name, as typed, from a file that may not validate, for its error row."""
    data = document.data
    business = data.get("business") if isinstance(data, dict) else None
    name = business.get("name") if isinstance(business, dict) else None
    if name is not None and not isinstance(name, str):  # "name: 2024" is read as a number
        name = document.text(("business", "name"))
    return name.strip() if isinstance(name, str) else ""


def _pending(rubric: CompiledRubric, inputs: Sequence[str]) -> Iterator[_Pending]:
    seen: set[str] = set()
    for item in expand_inputs(inputs):
        if isinstance(item, Problem):
            yield _Pending(item.source, "", problems=(item,))
            continue
        key = os.path.realpath(item)
        if key in seen:  # named twice (a folder and a file in it): score it once
            continue
        seen.add(key)
        if item.suffix.lower() == SURVEY_SUFFIX:
            for row in read_survey(item, rubric, str(item)):
                yield _Pending(row.source, row.name, document=row.document, problems=row.problems)
        else:
            yield _Pending(str(item), "", path=item)


def expand_inputs(inputs: Iterable[str]) -> Iterator[Path | Problem]:
    """Files to read, in a stable order, or a problem for an input that names none.

    A directory gives its ``*.yaml`` and ``*.yml`` files, recursively, in sorted
    order, skipping hidden ones; a pattern with ``*``, ``?`` or ``[`` that is not
    itself a file gives its sorted matches (``**`` crosses folders).
    """
    for raw in inputs:
        path = Path(raw)
        if path.is_dir():
            found = False
            for file in _answers_files(path):
                found = found or isinstance(file, Path)
                yield file
            if not found:
                yield Problem(raw, "no .yaml or .yml answers files in this folder")
        elif path.exists():
            yield path
        elif _GLOB_CHARACTERS & set(raw):
            # glob.glob takes a pattern as typed, absolute or relative; Path.glob does not
            matches = sorted(glob.glob(raw, recursive=True))  # noqa: PTH207
            files = [Path(m) for m in matches if Path(m).is_file()]
            if not files:
                yield Problem(raw, "matches no files")
            yield from files
        else:
            yield Problem(raw, "no such file or folder")


def _answers_files(folder: Path) -> Iterator[Path | Problem]:
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        yield Problem(str(folder), f"cannot read this folder: {exc.strerror or exc}")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            yield from _answers_files(Path(entry.path))
        elif entry.is_file() and entry.name.lower().endswith(ANSWERS_SUFFIXES):
            yield Path(entry.path)
