"""Each problem the compiler or lint can find in a rubric, by id, and its released code.

A problem is data: an id (:attr:`omnicheck.errors.Problem.what`) and its
parameters, worded by :mod:`omnicheck.wording.rubric`. The ids are finer than
the codes, which are released and never change: "band-gap" covers a gap
before the first band, between two, and after the last. An id missing here
is its own code.
"""

from __future__ import annotations

from typing import Any

CODES = {
    "condition-names-unknown-option": "unknown-reference",
    "condition-names-unknown-question": "unknown-reference",
    "invalid-preference": "invalid-input",
    "looks-like-answers": "not-a-rubric",
    "record-too-few-options": "record-option-scores",
    "band-gap-at-end": "band-gap",
    "band-gap-at-start": "band-gap",
    "band-never-reached": "level-unreachable",
    "effort-out-of-range": "number-out-of-range",
    "gate-never-met": "level-unreachable",
    "handoffs-without-advice": "advice-missing",
    "question-without-advice": "advice-missing",
    "rule-after-catch-all": "rule-shadowed",
    "weight-out-of-range": "number-out-of-range",
}


def code_of(what: str) -> str:
    """The released code of the finding ``what``."""
    return CODES.get(what, what)


class Refused(ValueError):
    """A value the rubric's schema refuses (a condition, a question's options), as an id
    and parameters: raised inside pydantic's validators, which keep the exception, so that
    :func:`omnicheck.rubric.compile.validate_spec` can pass it on for omnicheck.wording to
    word. ``str()`` is the id, for logs."""

    def __init__(self, what: str, **args: Any) -> None:
        super().__init__(what)
        self.what = what
        self.args_ = args
