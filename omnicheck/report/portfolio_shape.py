"""The shape of a portfolio, checked before ``report --benchmark`` or ``peers`` reads it.

A portfolio is a file that omnicheck wrote, but a consultant may edit it, cut
it down, or be handed a damaged one. Its figures reach a report as numbers and
a percentile, so each one that is read is checked here first: a wrong type, a
missing key or a number that is not finite is refused in one line that names
the key, and where it stands in the file, rather than failing later inside
the arithmetic as an internal error.

Only what :mod:`omnicheck.report.benchmark` reads is checked; extra keys are a
newer omnicheck's business, and are left alone.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Sequence
from typing import Any

#: One key of the path to a value: a member name, or a list position.
Key = str | int

_WHITESPACE = " \t\n\r"
_MAX_DIGITS = 18


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _is_score(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value <= 100


def _is_text(value: object) -> bool:
    return isinstance(value, str)


#: What each figure must be, and how a refusal words it.
_COUNT = (_is_int, "a whole number, 0 or more")
_SCORE = (_is_score, "a score from 0 to 100")
_TEXT = (_is_text, "text")
_FIGURES: dict[str, tuple[Callable[[object], bool], str]] = {
    "scored": _COUNT,
    "not_scored": _COUNT,
    "min": _SCORE,
    "p25": _SCORE,
    "median": _SCORE,
    "p75": _SCORE,
    "max": _SCORE,
}
#: The figures a portfolio may leave out or give as null (too few scores for quartiles).
_OPTIONAL = frozenset({"not_scored", "min", "p25", "median", "p75", "max"})
_LEVEL: dict[str, tuple[Callable[[object], bool], str]] = {
    "id": _TEXT,
    "name": _TEXT,
    "count": _COUNT,
    "percent": (_is_score, "a percentage from 0 to 100"),
}


def _wrong(mapping: dict[str, Any], key: str, ok: Callable[[object], bool], wanted: str) -> str:
    """What is wrong with ``mapping[key]``, or "" when nothing is."""
    if key not in mapping:
        return "is missing"
    return "" if ok(mapping[key]) else f"should be {wanted}"


def shape_problem(doc: dict[str, Any]) -> tuple[tuple[Key, ...], str] | None:
    """The first value of ``doc`` that the benchmark cannot read: its path and what it
    should be; None when every value read is as a portfolio writes it."""
    if not isinstance(doc.get("rubric"), dict):
        return ("rubric",), "should be the rubric's id and version"
    businesses = doc.get("businesses")
    if not isinstance(businesses, dict):
        return ("businesses",), "should hold the count of businesses scored"
    wrong = _wrong(businesses, "scored", *_COUNT)
    if wrong:
        return ("businesses", "scored"), wrong
    if not isinstance(doc.get("index"), dict):
        return ("index",), "should hold the figures of the index"
    found = _figures_problem(("index",), doc["index"])
    if found is not None:
        return found
    for name in ("dimensions", "levels"):
        if not isinstance(doc.get(name, []), list):
            return (name,), f"should be a list of {name}"
    for i, dim in enumerate(doc.get("dimensions", [])):
        if not isinstance(dim, dict):
            return ("dimensions", i), "should hold the figures of a dimension"
        found = _figures_problem(("dimensions", i), dim)
        if found is not None:
            return found
    for i, level in enumerate(doc.get("levels", [])):
        if not isinstance(level, dict):
            return ("levels", i), "should be a level with its id, name, count and percent"
        for key, (ok, wanted) in _LEVEL.items():
            wrong = _wrong(level, key, ok, wanted)
            if wrong:
                return ("levels", i, key), wrong
    return None


def _figures_problem(
    path: tuple[Key, ...], figures: dict[str, Any]
) -> tuple[tuple[Key, ...], str] | None:
    if path[0] == "dimensions":
        for key in ("id", "name"):
            wrong = _wrong(figures, key, *_TEXT)
            if wrong:
                return (*path, key), wrong
    for key, (ok, wanted) in _FIGURES.items():
        if figures.get(key) is None and key in _OPTIONAL:
            continue
        wrong = _wrong(figures, key, ok, wanted)
        if wrong:
            return (*path, key), wrong
    pairs = figures.get("distribution")
    if pairs is None:
        # A dimension no business has a score in; a portfolio of an older omnicheck has
        # none at all, which check_portfolio words with how to write it again.
        return None
    if not isinstance(pairs, list):
        return (*path, "distribution"), "should be a list of [score, count] pairs"
    for i, pair in enumerate(pairs):
        if not (isinstance(pair, list) and len(pair) == 2):
            return (*path, "distribution", i), "should be a [score, count] pair"
        if not _is_score(pair[0]) or not _is_int(pair[1]):
            return (*path, "distribution", i), "should be a score from 0 to 100 and a count"
    return None


def spoken(path: Sequence[Key]) -> str:
    """``levels[0].name``: the path as a reader of the file would write it."""
    out = ""
    for key in path:
        out += f"[{key}]" if isinstance(key, int) else (f".{key}" if out else key)
    return out


class BadNumber(ValueError):
    """A number in the JSON text that Python's json would read but a portfolio cannot
    hold; ``token`` is its text, to find where it stands."""

    def __init__(self, token: str, message: str) -> None:
        super().__init__(message)
        self.token = token


def finite(text: str) -> float:
    """A JSON number as a float, refused when it is out of range (``1e999``)."""
    value = float(text)
    if not math.isfinite(value):
        raise BadNumber(text, f"the number {text[:20]} is out of range")
    return value


def whole(text: str) -> int:
    """A JSON whole number; one of more digits than any count is refused before Python's
    own limit on converting long numbers words it for programmers."""
    if len(text) > _MAX_DIGITS:
        raise BadNumber(text, f"the number {text[:20]}... is too long")
    return int(text)


def no_constant(name: str) -> None:
    """Refuse ``NaN`` and ``Infinity``, which Python's json reads but JSON does not have."""
    raise BadNumber(name, f"{name} is not a number in JSON")


def position(text: str, path: Sequence[Key]) -> tuple[int, int] | None:
    """The line and column where the value at ``path`` starts in ``text``, found by
    walking the JSON text itself (a decoded document keeps no positions); None if the
    walk cannot follow the path."""
    decoder = json.JSONDecoder()
    at = _skip(text, 0)
    try:
        for key in path:
            at = (
                _member(text, at, key, decoder)
                if isinstance(key, str)
                else _item(text, at, key, decoder)
            )
            if at < 0:
                return None
    except (ValueError, IndexError):
        return None
    line = text.count("\n", 0, at) + 1
    return line, at - (text.rfind("\n", 0, at) + 1) + 1


def _skip(text: str, at: int) -> int:
    while at < len(text) and text[at] in _WHITESPACE:
        at += 1
    return at


def _member(text: str, at: int, key: str, decoder: json.JSONDecoder) -> int:
    """Where the value of member ``key`` of the object at ``at`` starts, or -1."""
    if text[at] != "{":
        return -1
    at = _skip(text, at + 1)
    found = -1
    while text[at] == '"':
        name, at = decoder.raw_decode(text, at)
        at = _skip(text, _skip(text, at) + 1)  # past the colon
        if name == key:
            found = at  # the last of a repeated key, as json keeps the last
        at = _skip(text, decoder.raw_decode(text, at)[1])
        if text[at] != ",":
            break
        at = _skip(text, at + 1)
    return found


def _item(text: str, at: int, index: int, decoder: json.JSONDecoder) -> int:
    """Where item ``index`` of the list at ``at`` starts, or -1."""
    if text[at] != "[":
        return -1
    at = _skip(text, at + 1)
    for _ in range(index):
        at = _skip(text, decoder.raw_decode(text, at)[1])
        if text[at] != ",":
            return -1
        at = _skip(text, at + 1)
    return at if text[at] != "]" else -1
