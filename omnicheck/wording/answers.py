"""The words for every problem an answers file can have, by id (see ``answers.codes``).

Each entry reads the problem's parameters, as :mod:`omnicheck.answers`
raised them, and returns the message exactly as the CLI prints it after
``FILE:LINE:COLUMN:``; the advice that names an option is added after it by
:mod:`omnicheck.cli.messages` (``hint``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from omnicheck.wording.conditions import describe

if TYPE_CHECKING:
    from omnicheck.answers.kind_problems import Expected
    from omnicheck.answers.model import SetAside

Args = Mapping[str, Any]

#: How an answer's kind says it must look (``Kind.expects``), before its option ids.
_EXPECTS = {"one": "one of ", "list": "a list of "}
#: Shown in "expected ..." before the rest are left out as "...".
_SHOWN_IDS = 12


def expected(e: Expected) -> str:
    """What an answer must be: "one of a, b or n/a", "a list of ...", "text"."""
    if e.options is None:
        return e.expects
    shown = ", ".join(e.options[:_SHOWN_IDS]) + (", ..." if len(e.options) > _SHOWN_IDS else "")
    return f"{_EXPECTS[e.expects]}{shown}" + (" or n/a" if e.allow_na else "")


def _example(a: Args) -> str:
    """The ``rubric:`` header the rubric in use wants."""
    return f'{{id: {a["rubric"]}, version: "{a["version"]}"}}'


def _one_of(a: Args, name: str, value: str) -> str:
    return f"{name} must be one of {', '.join(a['expected'])}, not {a[value]!r}"


def _nearest(a: Args, before: str, after: str) -> str:
    """A "did you mean" for the nearest id, when one was looked for and found."""
    return f"{before}did you mean {a['nearest'][0]!r}?{after}" if a["nearest"] else ""


def _separator(a: Args) -> str:
    """The character a survey's columns were separated by, as a person would name it."""
    return "tab" if a["separator"] == "\t" else repr(a["separator"])


WORDS = {
    # the file as a whole (answers.validate)
    "not-an-answers-file": lambda a: (
        "not an answers file: expected a mapping with rubric, business and answers"
    ),
    "unknown-key": lambda a: (
        f"unknown top-level key {a['key']!r}; expected {', '.join(a['expected'])}"
    ),
    "invalid-status": lambda a: _one_of(a, "status", "status"),
    "answers-not-a-mapping": lambda a: "answers must be a mapping of question id to answer",
    "unfinished": lambda a: (
        f"unfinished: no answer yet to {a['first']!r}"
        + (f" and {a['more']} more" if a["more"] else "")
    ),
    "marked-incomplete": lambda a: "this file is marked incomplete",
    # its header (answers.header)
    "missing-rubric": lambda a: (
        f"missing 'rubric:' the rubric these answers are for, e.g. {_example(a)}"
    ),
    "rubric-not-a-mapping": lambda a: (
        f"rubric must be a mapping with id and version, e.g. {_example(a)}"
    ),
    "wrong-rubric": lambda a: (
        f"answers are for rubric {a['given']!r}, but the rubric in use is {a['rubric']!r}"
    ),
    "rubric-version-not-text": lambda a: f"rubric version must be quoted text, e.g. {_example(a)}",
    "wrong-rubric-version": lambda a: (
        f"answers are for version {a['given']!r} of rubric {a['rubric']!r}, "
        f"but the rubric in use is version {a['version']!r}"
    ),
    "date-not-iso": lambda a: (
        f"assessed must be a date as YYYY-MM-DD, e.g. 2026-03-14, not {a['value']!r}"
    ),
    "date-not-in-calendar": lambda a: f"assessed: {a['value']!r} is not a date in the calendar",
    "invalid-depth": lambda a: _one_of(a, "depth", "depth"),
    "no-quick-check": lambda a: f"depth is quick, but rubric {a['rubric']!r} has no quick check",
    "missing-business": lambda a: "missing 'business:' a mapping with at least the business's name",
    "missing-business-name": lambda a: "business.name must be the business's name, as text",
    "detail-name-not-text": lambda a: "business detail names must be text",
    "detail-not-text": lambda a: f"business.{a['key']} must be text, not a {a['shape']}",
    # the answers, one by one (answers.validate, answers.notes, answers.aside)
    "unknown-question": lambda a: f"unknown question {a['key']!r}" + _nearest(a, "; ", ""),
    "question-does-not-apply": lambda a: (
        f"{a['question']}: answered, but this question applies only when "
        f"{describe(a['when'])}; remove the answer"
    ),
    "missing-answer": lambda a: f"{a['question']}: missing answer to {a['text']!r}",
    "missing-quick-answer": lambda a: (
        f"{a['question']}: missing answer to {a['text']!r}, which a quick check asks"
    ),
    "na-not-allowed": lambda a: (
        f"{a['question']}: n/a is not allowed for this question"
        + ("; the questions after it depend on it" if a["deciding"] else "")
    ),
    "answer-is-a-mapping": lambda a: (
        f"{a['question']}: expected {expected(a['expected'])}, not a mapping "
        "(the mappings allowed are {n/a: reason} and {answer: ..., note: ...})"
    ),
    "unknown-note-key": lambda a: (
        f"{a['question']}: unknown key {a['key']!r} in an answer; "
        f"expected {', '.join(a['expected'])}"
    ),
    "note-not-text": lambda a: f"{a['question']}: a note is text",
    "evidence-not-text": lambda a: f"{a['question']}: evidence is a file name or a link, as text",
    "set-aside-not-a-mapping": lambda a: "set_aside must be a mapping of question id to answer",
    "set-aside-unknown-question": lambda a: f"unknown question {a['key']!r} in set_aside",
    "set-aside-wrong-type": lambda a: (
        f"{a['question']}: a set-aside answer is an option id, a list of them, text or n/a"
    ),
    # what a kind of question finds (answers.kind_problems)
    "unknown-option": lambda a: (
        f"{a['question']}: unknown option {a['value']!r}{_nearest(a, ' (', ')')}; "
        f"expected {expected(a['expected'])}"
    ),
    "option-does-not-apply": lambda a: (
        f"{a['question']}: option {a['value']!r} applies only when {describe(a['when'])}"
    ),
    "one-not-a-list": lambda a: (
        f"{a['question']}: expected one option ({expected(a['expected'])}), not a list"
    ),
    "choice-not-an-id": lambda a: f"{a['question']}: each choice must be one option id",
    "listed-twice": lambda a: f"{a['question']}: {a['value']!r} is listed twice",
    "text-not-a-list": lambda a: f"{a['question']}: expected text, not a list",
    "empty-text": lambda a: f"{a['question']}: expected text, got an empty string",
    # a survey export (answers.survey_csv)
    "csv-no-header": lambda a: "is empty: no header row",
    "not-utf8": lambda a: (
        "is not UTF-8 text; export it as 'CSV UTF-8' (rows from here on were not read)"
    ),
    "csv-syntax": lambda a: (
        f"cannot read this row as CSV: {a['detail']} (rows from here on were not read)"
    ),
    "csv-unclosed-quote": lambda a: (
        "the quote that opens this cell runs on past its row (a stray quote?), so the rows "
        "after it would read as one cell; close it or remove it (rows from here on were "
        "not read)"
    ),
    "csv-row-too-long": lambda a: (
        f"this row is longer than {a['limit'] // (1024 * 1024)} MiB, far longer than a survey's "
        "row; check that this is the survey export, saved as CSV UTF-8 (rows from here on "
        "were not read)"
    ),
    "csv-cell-too-long": lambda a: (
        f"this cell is longer than {a['limit'] // 1024} KiB ({a['limit']:,} characters), far "
        "longer than a survey's answer; shorten it (the other rows are read)"
    ),
    "csv-not-comma-separated": lambda a: (
        f"the columns are separated by {_separator(a)}, not commas; export the survey as "
        "comma-separated CSV (';' separates the choices inside a cell)"
    ),
    "csv-duplicate-column": lambda a: f"column {a['cell']!r} repeats column {a['first']}",
    "csv-unknown-column": lambda a: (
        f"unknown column {a['cell']!r}{_nearest(a, '; ', '')} (columns are name, assessed, "
        "question ids and business.DETAIL)"
    ),
    "csv-no-name-column": lambda a: "the header has no 'name' column for the business's name",
    "csv-extra-cells": lambda a: (
        f"this row has {a['cells']} cells but the header names {a['width']} columns "
        f"({a['cells'] - a['width']} cell{'s' if a['cells'] - a['width'] > 1 else ''} "
        "without a column)"
    ),
    # files merged, or followed over time (answers.merged_file)
    "different-rubric": lambda a: (
        f"answers for rubric {a['given'][0]!r}, but {a['source']} is for {a['first'][0]!r}: "
        "merge combines respondents who answered the same rubric version"
    ),
    "different-rubric-version": lambda a: (
        f"answers for version of rubric {a['first'][0]!r} {a['given'][1]!r}, but {a['source']} "
        f"is for {a['first'][1]!r}: merge combines respondents who answered the same "
        "rubric version"
    ),
    "different-business": lambda a: (
        f"business {a['given']!r} is not {a['first']!r} of {a['source']}: "
        + (a["purpose"] or "merge combines respondents of one business")
    ),
    "respondent-in-two-files": lambda a: (
        f"respondent {a['name']!r} is also in {a['earlier']}: give each file its own "
        "'respondent: {name: ..., role: ...}'"
    ),
    "one-respondent": lambda a: (
        "merge needs the answers of two or more respondents, and this is the only one: "
        "name each respondent's answers file"
    ),
    # who answered (answers.respondents)
    "invalid-consensus": lambda a: _one_of(a, "consensus", "consensus"),
    "respondents-not-a-list": lambda a: "respondents must be a list of respondents",
    "respondent-not-a-mapping": lambda a: "a respondent must be a mapping with name and answers",
    "unknown-respondent-key": lambda a: (
        f"unknown respondent key {a['key']!r}; expected {', '.join(a['expected'])}"
    ),
    "duplicate-respondent": lambda a: f"two respondents are named {a['name']!r}",
    "respondent-not-a-name": lambda a: "a respondent is a name, or a mapping with name and role",
    "respondent-without-name": lambda a: "a respondent needs a name, as text",
    "role-not-text": lambda a: "a respondent's role must be text",
}

#: Why a lenient load set an answer aside, when it is not a problem of the answer itself:
#: never a problem of the file, so without a code.
REASONS = {
    "not-in-rubric": lambda a: f"not in rubric {a['rubric']} version {a['version']}",
    "applies-only-when": lambda a: f"applies only when {describe(a['when'])}",
}


def set_aside_reason(aside: SetAside) -> str:
    """Why a lenient load left an answer out, in words: each problem behind it, without
    the question's id that starts the message."""
    from omnicheck.wording import word

    return "; ".join(word(p).removeprefix(f"{aside.question}: ") for p in aside.why)
