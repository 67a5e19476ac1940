"""The lines of a survey export as the csv module is handed them, and the quote check.

:mod:`omnicheck.answers.survey_csv` reads a survey row by row; this module is
the part below the csv module: the file's lines, read and decoded one at a
time and never longer than a row may be (:data:`MAX_ROW_BYTES`), the csv
module's records of them (:func:`records`, without its own cell limit), and
:func:`runaway_quote`, which tells a record whose quote ran on past
its row from one whose quoted cells hold line breaks.
"""

from __future__ import annotations

import csv
import re
from codecs import BOM_UTF8
from collections.abc import Iterator
from typing import BinaryIO

#: A quoted cell: a quote where a cell starts (at the start of the text, or after a
#: comma or a line break; anywhere else a quote is a character of its cell, as the csv
#: module reads it), its text with ``""`` for a quote, then its closing quote (group 1:
#: None when it never closes) and the character after it when that is neither a comma
#: nor a line end (group 2: text, after a cell that should have ended). The quote comes
#: first and the look behind it second, so the search skips ahead to each quote.
_QUOTED_CELL = re.compile(r'"(?<![^,\r\n]")[^"]*(?:""[^"]*)*(?:(")([^,\r\n]?))?')


#: The most one row may hold, in bytes: a physical line, or the lines of one record
#: whose quoted cells hold line breaks. A survey export's row is a few kilobytes (a
#: hundred columns of option ids, a note or two), and a cell may hold only 128 KiB
#: (:data:`MAX_CELL_CHARS`); a longer row is not a survey's, and reading it whole would
#: hold it in memory, however large, before a word could be said about it.
MAX_ROW_BYTES = 1024 * 1024


#: The most one cell may hold, in characters: the csv module's own limit, which the reader
#: checks itself instead (:func:`records`), to say so at the cell and read on.
MAX_CELL_CHARS = 128 * 1024


class RowTooLong(Exception):
    """A row over :data:`MAX_ROW_BYTES`, found before it was read whole: what stops the
    file at the row being read."""


#: What is read at a time: large enough that splitting it into lines is one C call for
#: a hundred rows, small beside :data:`MAX_ROW_BYTES`.
PIECE_BYTES = 64 * 1024


class Lines:
    """The file's lines, decoded one at a time, so a bad byte stops the file at its own
    row (decoding the whole buffer at once would fail before the good rows ahead of the
    bad byte were read); ``record`` keeps the lines read since the caller last emptied
    it: the csv module reads no further than the end of a record, so those of the last.

    A line ends at LF, CRLF or a lone CR: old Mac Excel ends its rows with CR alone,
    which the csv module, handed a line with a CR inside, calls a "new-line character
    seen in unquoted field". Split there, a lone CR ends a row outside quotes, as Excel
    reads it, and stays in its cell inside them (the csv module keeps a quoted cell's
    line breaks as they are), so the file reads as Excel shows it.

    The file is read :data:`PIECE_BYTES` at a time and split with
    :meth:`bytes.splitlines` (which, unlike :meth:`str.splitlines`, knows only these
    three line ends), so a line of gigabytes costs a megabyte and :class:`RowTooLong`,
    as does a record whose lines together are longer (the caller empties ``record``
    at each row's end).
    """

    __slots__ = ("handle", "record")

    def __init__(self, handle: BinaryIO) -> None:
        self.handle = handle
        self.record: list[str] = []

    def __iter__(self) -> Iterator[str]:
        record = self.record
        read = self.handle.read
        rest = read(len(BOM_UTF8))  # Excel's "CSV UTF-8" starts with one
        if rest == BOM_UTF8:
            rest = b""
        size = 0  # the bytes of the record so far
        while True:
            piece = read(PIECE_BYTES)
            if piece:
                lines = (rest + piece).splitlines(keepends=True)
                # The last line may go on in the next piece, and a CR at its end may be
                # the first half of a CRLF.
                rest = b"" if lines[-1].endswith(b"\n") else lines.pop()
            else:  # the end of the file: what is left ends with it
                lines = rest.splitlines(keepends=True)
            for line in lines:
                size = size + len(line) if record else len(line)
                if size > MAX_ROW_BYTES:
                    raise RowTooLong
                text = line.decode("utf-8")
                record.append(text)
                yield text
            if not piece:
                return
            if len(rest) > MAX_ROW_BYTES:
                raise RowTooLong


def records(lines: Lines) -> Iterator[list[str]]:
    """The csv module's records of ``lines``, with no cell limit of its own.

    Past its limit the csv module stops the file in its own words, at the row, and
    the lines of the rest of the record would then read as rows of their own. A
    cell is no longer than its row, which :class:`Lines` caps, so with the limit
    above that the csv module reads every record whole and the caller says which
    cell is over :data:`MAX_CELL_CHARS`. The limit is the csv module's for the whole
    process, so it is raised only while a record is read.
    """
    reader = csv.reader(lines)
    while True:
        limit = csv.field_size_limit(MAX_ROW_BYTES + 1)
        try:
            cells = next(reader, None)
        finally:
            csv.field_size_limit(limit)
        if cells is None:
            return
        yield cells


def unclosed_quote(text: str) -> int | None:
    """Where the quote that opens a cell of ``text`` and never closes is, or None."""
    for quoted in _QUOTED_CELL.finditer(text):
        if quoted.group(1) is None:
            return quoted.start()
    return None


def runaway_quote(text: str) -> int | None:
    """The cell (counted from 1) whose opening quote runs on past its row, in ``text``
    (one record's lines), or None.

    The csv module, lenient as spreadsheets are, reads a quote that never closes to
    the end of the file as one cell, and a second stray quote rows later closes the
    first: either way, the rows in between would be lost inside one cell without a
    word. The second case is told from a cell with a line break typed in it by
    what follows its closing quote: text, where a real cell ends at a comma or a
    line end. A quote is special only where a cell starts, and ``""`` inside a
    quoted cell is a quote, as the csv module reads them.

    The regular expression finds each quoted cell and what follows it, so Python
    turns once per quoted cell, not once per character: a record of a megabyte
    costs milliseconds. The cell is counted only for the quote that ran on.
    """
    for quoted in _QUOTED_CELL.finditer(text):
        closed, follows = quoted.group(1, 2)
        # Text after the closing quote, where the cell holds a line break: a second
        # stray quote closed the first rows later.
        if closed is None or (follows and _has_line_break(text, quoted.start(), quoted.start(1))):
            return cell_at(text, quoted.start())
    return None


def _has_line_break(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` holds a line break: a lone CR is one, as lines are split."""
    return text.find("\n", start, end) >= 0 or text.find("\r", start, end) >= 0


def cell_at(text: str, opening: int) -> int:
    """The cell (counted from 1) that starts with the quote ``text[opening]``, counting
    the commas after the last line break outside the quoted cells before it, which all
    closed (else the first that did not would be the one to name)."""
    cell, counted = 1, 0  # ``cell`` is the cell that ``text[counted]`` is in
    for quoted in _QUOTED_CELL.finditer(text, 0, opening):
        cell = _plain(text, counted, quoted.start(), cell)
        counted = quoted.end(1)
    return _plain(text, counted, opening, cell)


def _plain(text: str, start: int, end: int, cell: int) -> int:
    """The cell at ``text[end]``, from ``cell``, the one at ``text[start]``, where the text
    between holds no quoted cell: each comma starts a cell, each line break a row."""
    row_start = max(text.rfind("\r", start, end), text.rfind("\n", start, end))
    if row_start >= 0:
        return 1 + text.count(",", row_start + 1, end)
    return cell + text.count(",", start, end)
