"""Score many businesses in one run: one result row per business, streamed.

Inputs are answers files, directories (searched recursively for ``*.yaml``
and ``*.yml``), glob patterns, and survey exports in CSV (one business per
row, see :mod:`omnicheck.answers.survey_csv`). They are read one business at a time
and nothing is kept once its row is out, so memory stays flat however many
businesses there are; the rubric is compiled once by the caller and shared.

A bad input never stops the run: its problems go into its own row, and the
caller decides the exit status from the count of failed rows.
"""

from __future__ import annotations

import contextlib
import errno
import glob
import os
import stat
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from omnicheck.answers.survey_csv import SurveyCells, SurveyRow, parse_cells, survey_cells
from omnicheck.answers.validate import AnswersDocument, validate_answers
from omnicheck.errors import InputError, Problem
from omnicheck.rubric.compiled import CompiledRubric
from omnicheck.scoring.assessment import Assessment, assess
from omnicheck.scoring.plan import PlanStep
from omnicheck.source.reading import DEFAULT_MAX_BYTES, LOOP_MESSAGE, read_text
from omnicheck.source.safe_yaml import YamlDocument, parse_yaml

ANSWERS_SUFFIXES = (".yaml", ".yml")
SURVEY_SUFFIX = ".csv"
_GLOB_CHARACTERS = frozenset("*?[")
#: An error cell lists this many problems, then says how many more there are.
PROBLEMS_PER_ROW = 5
#: A step counts as common in a portfolio when it is among a business's first few plan
#: steps: a batch works out no more of each plan.
FIRST_STEPS = 3

#: How a front end words a problem's hint into its message (see
#: :attr:`omnicheck.errors.Problem.hint`) before the problem fills an error
#: cell: the runner knows no option names. A module-level function, so that
#: it reaches batch's worker processes.
Word = Callable[[Problem], Problem]


def unworded(problem: Problem) -> Problem:
    """The problem as the core raised it: the default :data:`Word`."""
    return problem


@dataclass(slots=True)
class BatchRow:
    """One business's result, or why it has none: what the rows output holds."""

    name: str
    source: str
    #: The answers' ``assessed:`` date as YYYY-MM-DD, when the file says.
    assessed: str | None = None
    level: str | None = None
    index: float | None = None
    #: Score per dimension id, in rubric order; None where a dimension is not scored.
    dimensions: dict[str, float | None] | None = None
    target: str | None = None
    #: The plan's first step.
    first_step: PlanStep | None = None
    error: str | None = None
    #: Every problem behind ``error``, for messages on stderr.
    problems: tuple[Problem, ...] = ()


@dataclass(slots=True)
class Pending:
    """An input found but not yet read: a file to parse, a survey row's cells, or what
    stopped it from being read."""

    source: str
    name: str
    path: Path | None = None
    document: AnswersDocument | None = None
    problems: tuple[Problem, ...] = ()
    #: A survey row as cells, made a document where it is scored (a worker, with --jobs).
    cells: SurveyCells | None = None


def score_all(
    rubric: CompiledRubric,
    inputs: Sequence[str],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[tuple[BatchRow, Assessment | None]]:
    """Each business's row, with its assessment when it was scored, in input order."""
    for pending in pending_inputs(rubric, inputs):
        scored = score_pending(rubric, pending, max_bytes)
        if scored is not None:
            yield scored


def score_pending(
    rubric: CompiledRubric, pending: Pending, max_bytes: int, word: Word = unworded
) -> tuple[BatchRow, Assessment | None] | None:
    """The input's row, with its assessment when it was scored; None for a blank row."""
    if pending.cells is not None:
        parsed = parse_cells(pending.cells, rubric)
        if parsed is None:
            return None
        pending = Pending(parsed.source, parsed.name, None, parsed.document, parsed.problems)
    if pending.problems:
        return _failed(pending.source, pending.name, pending.problems, word), None
    name = pending.name
    try:
        document = pending.document
        if document is None:
            assert pending.path is not None
            text = read_text(pending.path, max_bytes=max_bytes, source=pending.source)
            document = parse_yaml(text, pending.source)
            name = name or _name_in(document)
        result = assess(rubric, validate_answers(document, rubric))
    except InputError as exc:
        return _failed(pending.source, name, exc.problems, word), None
    return result_row(rubric, result, pending.source), result


def result_row(rubric: CompiledRubric, result: Assessment, source: str) -> BatchRow:
    """The row of a scored business, with figures rounded as every report rounds them."""
    steps = result.first_steps(FIRST_STEPS)
    return BatchRow(
        name=result.answers.business_name,
        source=source,
        assessed=assessed.isoformat() if (assessed := result.answers.assessed) else None,
        level=result.level_id,
        index=_rounded(result.index),
        # _rounded, inline: eight dimensions per row
        dimensions={
            dim: None if score is None else round(score, 1) for dim, score in result.scores.items()
        },
        target=result.strategy,
        first_step=steps[0] if steps else None,
    )


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _failed(source: str, name: str, found: Sequence[Problem], word: Word) -> BatchRow:
    """The row of an input that could not be scored: its first problems, each worded by
    ``word``, then (as one more problem, an id the front end words too) how many are left."""
    problems = [word(p) for p in found]
    shown = [str(p) for p in problems[:PROBLEMS_PER_ROW]]
    more = len(problems) - len(shown)
    if more:
        rest = word(Problem(source, "", what="more-problems", args={"count": more}))
        shown.append(rest.message or f"[{rest.what}]")  # unworded, as the problems before it
    return BatchRow(name=name, source=source, error="; ".join(shown), problems=tuple(problems))


def _name_in(document: YamlDocument) -> str:
    """The business's name, as typed, from a file that may not validate, for its error row."""
    data = document.data
    business = data.get("business") if isinstance(data, dict) else None
    name = business.get("name") if isinstance(business, dict) else None
    if name is not None and not isinstance(name, str):  # "name: 2024" is read as a number
        name = document.text(("business", "name"))
    return name.strip() if isinstance(name, str) else ""


def pending_inputs(rubric: CompiledRubric, inputs: Sequence[str]) -> Iterator[Pending]:
    seen: set[str] = set()
    folders: dict[str, str] = {}
    for item in expand_inputs(inputs):
        if isinstance(item, Problem):
            yield Pending(item.source, "", problems=(item,))
            continue
        key = _real_path(item, folders)
        if key in seen:  # named twice (a folder and a file in it): score it once
            continue
        seen.add(key)
        if item.suffix.lower() == SURVEY_SUFFIX:
            for row in survey_cells(item, rubric, str(item)):
                if isinstance(row, SurveyRow):
                    yield Pending(row.source, row.name, problems=row.problems)
                else:
                    yield Pending(f"{row.source}:{row.row}", "", cells=row)
        else:
            yield Pending(str(item), "", path=item)


def _real_path(path: Path, folders: dict[str, str]) -> str:
    """``os.path.realpath(path)``, with each folder's own resolved once (kept in ``folders``).

    A file that is not a link is its folder's real path and its name; realpath
    would look up every part of the path again for each of a folder's files.
    """
    name = path.name
    if name in ("", ".", "..") or path.is_symlink():
        return os.path.realpath(path)
    parent = str(path.parent)
    real = folders.get(parent)
    if real is None:
        real = folders[parent] = os.path.realpath(parent)
    return os.path.join(real, name)  # noqa: PTH118 - realpath's own spelling, a str


def expand_inputs(inputs: Iterable[str]) -> Iterator[Path | Problem]:
    """Files to read, in a stable order, or a problem for an input that names none.

    A directory gives its ``*.yaml`` and ``*.yml`` files, recursively, in sorted
    order, skipping hidden ones; a pattern with ``*``, ``?`` or ``[`` that is not
    itself a file gives its sorted matches (``**`` crosses folders). A folder
    reached again through a link is not searched again, so links that lead back
    up the tree end; a link that loops on itself is a problem of its own.
    """
    for raw in inputs:
        path = Path(raw)
        try:
            is_dir = stat.S_ISDIR(path.stat().st_mode)
        except (FileNotFoundError, NotADirectoryError):
            if _GLOB_CHARACTERS & set(raw):
                yield from _matches(raw)
            else:
                yield Problem(raw, "no such file or folder", code="file-not-found")
            continue
        except OSError as exc:
            yield Problem(raw, _stat_failure(exc), code="file-unreadable")
            continue
        if not is_dir:
            yield path
            continue
        found = False
        for file in _answers_files(path):
            found = found or isinstance(file, Path)
            yield file
        if not found:
            yield Problem(raw, "no .yaml or .yml answers files in this folder", code="no-inputs")


def _stat_failure(exc: OSError) -> str:
    return LOOP_MESSAGE if exc.errno == errno.ELOOP else f"cannot read: {exc.strerror or exc}"


def _answers_files(folder: Path) -> Iterator[Path | Problem]:
    for item in _walk(str(folder)):
        if isinstance(item, Problem):
            yield item
        elif not item[1] and item[0].lower().endswith(ANSWERS_SUFFIXES):
            yield Path(item[0])


def _matches(pattern: str) -> Iterator[Path | Problem]:
    """The files a glob pattern matches, sorted, and a problem for each match that loops."""
    found: dict[str, Path | Problem] = {}
    for item in _glob(pattern):
        if isinstance(item, Problem):
            found.setdefault(item.source, item)
            continue
        try:
            is_dir = stat.S_ISDIR(Path(item).stat().st_mode)
        except FileNotFoundError:
            continue  # a dangling link: nothing to read
        except OSError as exc:
            found.setdefault(item, Problem(item, _stat_failure(exc), code="file-unreadable"))
            continue
        if not is_dir:
            found.setdefault(item, Path(item))
    if not found:
        yield Problem(pattern, "matches no files", code="no-inputs")
    yield from (found[key] for key in sorted(found))


def _glob(pattern: str) -> Iterator[str | Problem]:
    """``glob.glob(pattern, recursive=True)``, but each folder below a ``**`` is searched once.

    Python's own ``**`` follows links to folders as often as they lead back,
    which never ends in a folder linked to its parent. Here a ``**`` walks
    the folders with :func:`_walk`, and the rest of the pattern is globbed in
    each of them.
    """
    parts = pattern.replace(os.sep, "/").split("/")
    if "**" not in parts:
        yield from glob.glob(pattern)  # noqa: PTH207 - a pattern as typed, absolute or relative
        return
    cut = parts.index("**")
    head = "/".join(parts[:cut]) or ("/" if cut else "")
    rest = "/".join(parts[cut + 1 :])
    if not glob.has_magic(head):
        bases = [head] if not head or Path(head).is_dir() else []
    else:
        bases = [b for b in glob.glob(head) if Path(b).is_dir()]  # noqa: PTH207
    for base in bases:
        for item in _walk(base):
            if isinstance(item, Problem) or not rest:
                yield item if isinstance(item, Problem) else item[0]
            elif item[1]:
                yield from _glob(_join(glob.escape(item[0]), rest))


def _walk(top: str) -> Iterator[tuple[str, bool] | Problem]:
    """``(path, is_folder)`` for ``top`` and every entry below it, depth first in name order.

    Hidden entries are skipped, and so are links that lead nowhere. Each
    folder is searched once, however many links lead to it (its device and
    inode say which it is), so a link to a folder above it ends the search
    there instead of going round for ever. The walk keeps its own stack: a
    deep tree must not exhaust Python's.
    """
    seen: set[tuple[int, int]] = set()
    with contextlib.suppress(OSError):
        info = Path(top or ".").stat()
        seen.add((info.st_dev, info.st_ino))
    yield top, True
    stack = [(top, _entries(top))]
    while stack:
        folder, entries = stack[-1]
        entry = next(entries, None)
        if entry is None:
            stack.pop()
            continue
        if isinstance(entry, Problem):
            yield entry
            continue
        path = _join(folder, entry.name)
        try:
            if not entry.is_dir():
                if entry.is_file() or Path(path).exists():
                    yield path, False  # a FIFO too: reading it says what it is
                continue
            info = entry.stat()
        except OSError as exc:
            yield Problem(path, _stat_failure(exc), code="file-unreadable")
            continue
        key = (info.st_dev, info.st_ino)
        if key not in seen:
            seen.add(key)
            yield path, True
            stack.append((path, _entries(path)))


def _join(folder: str, name: str) -> str:
    """``folder/name`` as ``os.path.join`` spells it, so sources read as the user typed them."""
    if not folder or folder.endswith(("/", os.sep)):
        return folder + name
    return f"{folder}{os.sep}{name}"


def _entries(folder: str) -> Iterator[os.DirEntry[str] | Problem]:
    """The folder's entries that are not hidden, in name order, or why it cannot be read."""
    try:
        with os.scandir(folder or ".") as scan:
            entries = sorted(scan, key=lambda e: e.name)
    except OSError as exc:
        message = f"cannot read this folder: {exc.strerror or exc}"
        yield Problem(folder or ".", message, code="file-unreadable")
        return
    yield from (entry for entry in entries if not entry.name.startswith("."))
