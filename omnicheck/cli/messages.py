"""The words for domain errors that only make sense in terms of the command line.

The core raises errors that carry ids (which output, which suffixes); this
module, in the CLI layer, names the options. So the core stays free of
option names, and another front end could word the same error its own way.
:meth:`omnicheck.cli.app.OmnicheckGroup.invoke` prints every error through
:func:`lines_for`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable

from omnicheck.errors import (
    FormatNotAllowedError,
    InputError,
    LossyRewriteError,
    OmnicheckError,
    Problem,
    UnknownFormatError,
    UnknownQuestionError,
    listing,
)

#: The option that sets each output a command can write.
OPTION_OF_TARGET = {"output": "--output", "summary": "--summary"}


def lines_for(exc: OmnicheckError) -> list[str]:
    """The error as printed on stderr, one line per problem."""
    if isinstance(exc, UnknownFormatError):
        return [unknown_format(exc)]
    if isinstance(exc, UnknownQuestionError):
        return [unknown_question(exc)]
    if isinstance(exc, FormatNotAllowedError):
        return [format_not_allowed(exc)]
    if isinstance(exc, LossyRewriteError):
        return [lossy_rewrite(exc)]
    if isinstance(exc, InputError):
        return listing(worded_all(exc.problems))
    return exc.lines()


#: The words each :attr:`Problem.hint` adds to its message, from the problem itself.
HINTS: dict[str, Callable[[Problem], str]] = {
    "max-size": lambda p: " (raise it with --max-size)",
    "looks-like-rubric": lambda p: " (this looks like a rubric: pass it with --rubric)",
    "template": lambda p: " (run 'omnicheck template' for a skeleton)",
    "choose-rubric": lambda p: " (choose it with --rubric)",
    "resume": lambda p: f": finish it with 'omnicheck assess --answers {p.source} --resume'",
    "portfolio-wanted": lambda p: (
        ": expected the JSON that 'omnicheck batch --summary FILE.json' "
        "or 'omnicheck peers' writes, or a folder of answers files"
    ),
    "summary-again": lambda p: ": write it again with this version of 'omnicheck batch --summary'",
}


def worded(problem: Problem) -> Problem:
    """``problem`` in words, with its hint's after them, ready to print or serialise.

    A problem the core raised as an id and parameters (``what``) gets its
    message from the one catalogue, :mod:`omnicheck.wording` (loaded only
    when there is such a problem); a hint no entry words is dropped, not
    shown as an id: the message alone still says what is wrong.
    """
    if problem.what is not None and not problem.message:
        from omnicheck.wording import word

        problem = dataclasses.replace(problem, message=word(problem))
    if problem.hint is None:
        return problem
    words = HINTS.get(problem.hint)
    message = problem.message + (words(problem) if words else "")
    return dataclasses.replace(problem, message=message, hint=None)


def worded_all(problems: Iterable[Problem]) -> list[Problem]:
    return [worded(p) for p in problems]


def unknown_format(exc: UnknownFormatError) -> str:
    option = OPTION_OF_TARGET.get(exc.target, exc.target)
    message = (
        f"cannot tell the format of {option} {exc.name!r}: "
        f"name a file ending in {', '.join(exc.suffixes)}"
    )
    # Only the main output's format is chosen by --format; a summary's is not.
    return message + (", or add --format" if exc.chosen_by_option else "")


def unknown_question(exc: UnknownQuestionError) -> str:
    """``assess --ask`` named something that is neither a question nor a section."""
    names = ", ".join(
        f"{name!r}" + (f" (did you mean {hint!r}?)" if hint else "") for name, hint in exc.unknown
    )
    return (
        f"--ask: unknown question {names}; name a question by its id or "
        "short name, or a section by its title, as the review screen shows them "
        "('omnicheck template' lists the ids; 'business' re-asks the name and details)"
    )


def format_not_allowed(exc: FormatNotAllowedError) -> str:
    """The file's name says a format, one this output cannot be: say which, and what it can be."""
    from omnicheck.report.formats import FORMATS

    option = OPTION_OF_TARGET.get(exc.target, exc.target)
    form = FORMATS.get(exc.format)
    return (
        f"cannot write {option} {exc.name!r} as {form.spoken if form else exc.format}: "
        f"name a file ending in {', '.join(exc.suffixes)}"
    )


#: What a file holds that ``assess`` would drop if it rewrote it.
_HOLDS = {
    "respondents": "the answers of each respondent ('omnicheck merge' wrote it)",
    "respondent": "'respondent:', who answered",
}


def lossy_rewrite(exc: LossyRewriteError) -> str:
    return (
        f"{exc.source}: holds {_HOLDS.get(exc.holds, exc.holds)}, which assess cannot keep "
        "when it saves; edit the file by hand, or answer in a new file"
    )
