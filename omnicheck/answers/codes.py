"""Each problem an answers file can have, by id, and the code ``--format json`` gives it.

A problem found in answers is data: an id (:attr:`omnicheck.errors.Problem.what`)
and its parameters, worded by :mod:`omnicheck.wording.answers`. The ids
are finer than the codes, which are released and never change: "wrong-answer-type"
covers a list where one option was expected and a mapping where an answer was.
An id missing here is its own code.
"""

from __future__ import annotations

CODES = {
    "answer-is-a-mapping": "wrong-answer-type",
    "choice-not-an-id": "wrong-answer-type",
    "date-not-in-calendar": "invalid-date",
    "date-not-iso": "invalid-date",
    "detail-name-not-text": "invalid-detail",
    "different-rubric-version": "different-rubric",
    "detail-not-text": "invalid-detail",
    "empty-text": "empty-answer",
    "evidence-not-text": "invalid-note",
    "listed-twice": "duplicate-choice",
    "missing-quick-answer": "missing-answer",
    "no-quick-check": "invalid-depth",
    "note-not-text": "invalid-note",
    "one-not-a-list": "wrong-answer-type",
    "respondent-in-two-files": "duplicate-respondent",
    "respondent-not-a-mapping": "invalid-respondents",
    "respondent-not-a-name": "invalid-respondent",
    "respondent-without-name": "invalid-respondent",
    "respondents-not-a-list": "invalid-respondents",
    "role-not-text": "invalid-respondent",
    "rubric-not-a-mapping": "invalid-rubric-ref",
    "rubric-version-not-text": "invalid-rubric-ref",
    "set-aside-not-a-mapping": "answers-not-a-mapping",
    "set-aside-unknown-question": "unknown-question",
    "set-aside-wrong-type": "wrong-answer-type",
    "text-not-a-list": "wrong-answer-type",
    "unknown-note-key": "unknown-key",
    "unknown-respondent-key": "unknown-key",
}


def code_of(what: str) -> str:
    """The released code of the problem ``what``."""
    return CODES.get(what, what)
