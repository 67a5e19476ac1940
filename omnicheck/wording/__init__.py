"""The words for what the core finds: one catalogue, at the edge, a module per area.

The core (``rubric``, ``answers``, ``scoring``) holds no English. A problem
it finds is an id (:attr:`omnicheck.errors.Problem.what`) and typed
parameters; a condition it names is a
:class:`~omnicheck.rubric.conditions.NamedCondition`. This package turns
them into the sentences people read: :mod:`.answers` for an answers file,
:mod:`.rubric` for lint's findings, :mod:`.batch` for batch's rows, and
:mod:`.conditions` for ``when`` clauses and rules. The CLI reaches it
through :func:`omnicheck.cli.messages.worded`, which also adds the advice
that names options (``hint``); another front end could word the same
problems its own way, or in another language.

It imports the core's types and nothing of the CLI, so that a report (or a
batch worker) can word what it shows. An id with no words here is a bug in
omnicheck, found by the tests rather than shown to a user as an id.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from omnicheck.errors import Problem

#: Words a problem's parameters: ``args`` in, the message out.
Words = Callable[[Mapping[str, Any]], str]


def catalogue() -> dict[str, Words]:
    """Every problem id with its words, from each area's ``WORDS``."""
    from omnicheck.wording import answers, batch, rubric

    return {
        **answers.WORDS,
        **answers.REASONS,
        **batch.WORDS,
        **rubric.WORDS,
        **rubric.LOCATED,
        **rubric.REFUSED,
    }


def word(problem: Problem) -> str:
    """The message of ``problem``: its own when it has one, else its id's words."""
    if problem.message or problem.what is None:
        return problem.message
    return catalogue()[problem.what](problem.args)
