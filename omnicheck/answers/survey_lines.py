"""The lines of a survey export as the csv module is handed them, and the quote check.

:mod:`omnicheck.answers.survey_csv` reads a survey row by row; this module is
the part below the csv module: the file's lines, read and decoded one at a
time and never longer than a row may be (:data:`MAX_ROW_BYTES`), and
:func:`runaway_quote`, which tells a record whose quote ran on past
its row from one whose quoted cells hold line breaks.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import partial
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
#: hundred columns of option ids, a note or two), and the csv module refuses a cell
#: over 128 KiB anyway; a longer row is not a survey's, and reading it whole would
#: hold it in memory, however large, before a word could be said about it.
MAX_ROW_BYTES = 1024 * 1024


class RowTooLong(Exception):
    """A row over :data:`MAX_ROW_BYTES`, found before it was read whole: what stops the
    file at the row being read."""


class Lines:
    """The file's lines, decoded one at a time, so a bad byte stops the file at its own
    row (decoding the whole buffer at once would fail before the good rows ahead of the
    bad byte were read); ``record`` keeps the lines read since the caller last emptied
    it: the csv module reads no further than the end of a record, so those of the last.

    A line is read at most :data:`MAX_ROW_BYTES` and one byte at a time, so a line of
    gigabytes costs a megabyte and :class:`RowTooLong`, as does a record whose lines
    together are longer (the caller empties ``record`` at each row's end).
    """

    __slots__ = ("handle", "record")

    def __init__(self, handle: BinaryIO) -> None:
        self.handle = handle
        self.record: list[str] = []

    def __iter__(self) -> Iterator[str]:
        record = self.record
        first = True
        size = 0  # the bytes of the record so far
        for line in iter(partial(self.handle.readline, MAX_ROW_BYTES + 1), b""):
            size = size + len(line) if record else len(line)
            if size > MAX_ROW_BYTES:
                raise RowTooLong
            text = line.decode("utf-8-sig" if first else "utf-8")
            record.append(text)
            yield text
            first = False


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
        if closed is None or (follows and text.find("\n", quoted.start(), quoted.start(1)) >= 0):
            return _cell_at(text, quoted.start())
    return None


def _cell_at(text: str, opening: int) -> int:
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
