"""The one exception hierarchy of omnicheck, and the exit status each maps to.

Everything the tool refuses on purpose is an :class:`OmnicheckError`. The CLI
turns these into one-line messages and exit codes in a single place
(``omnicheck.cli.app``); anything else that escapes is a bug and exits with
:attr:`ExitStatus.ERROR`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import field
from enum import IntEnum
from typing import Any

from omnicheck.lazy_dataclass import dataclass

#: A message lists this many problems, then says how many more there are: a file
#: with thousands of the same mistake needs its first few, not a screenful.
MAX_LISTED = 20


class ExitStatus(IntEnum):
    """Process exit codes. Scripts and CI jobs rely on these, so they never change."""

    OK = 0
    ERROR = 1  # an internal error: a bug in omnicheck
    BAD_INPUT = 2  # bad input or usage: the user can fix it
    PARTIAL = 3  # batch: some inputs failed, the rest were scored
    INTERRUPTED = 130  # Ctrl-C, like a shell's 128 + SIGINT


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with an input, located so that an editor can jump to it.

    ``line`` and ``column`` are 1-based, as editors and compilers print them.
    ``code`` names the kind of problem in ``--format json`` (kebab-case). It
    never changes once released, so editors and CI can match on it where
    the message, written for people, may be reworded.

    ``hint`` names advice that only a front end can word, such as the option
    that raises a limit ("max-size"): the core knows no option names, so
    :mod:`omnicheck.cli.messages` appends the words where the CLI prints or
    serialises a problem. ``str()`` leaves the hint out. A plain string, so
    a problem still pickles across batch's worker processes.

    A problem the core finds in a rubric or answers carries no words at all:
    ``message`` is empty, ``what`` is its id and ``args`` its typed
    parameters (question and option ids, the condition in question as a
    :class:`~omnicheck.rubric.conditions.NamedCondition`, counts), and
    :mod:`omnicheck.wording` is the one catalogue that words it, so the core
    holds no English and another front end could word it its own way.
    :func:`omnicheck.cli.messages.worded` fills ``message`` in before the CLI
    prints or serialises a problem; until then ``str()`` shows the id, for
    logs and tests. ``what`` is finer than ``code``: one code ("wrong-answer-type")
    covers several messages. Parameters are plain values, so a problem still pickles.
    """

    source: str
    message: str
    line: int | None = None
    column: int | None = None
    code: str = "invalid-input"
    hint: str | None = None
    what: str | None = None
    args: Mapping[str, Any] = field(default_factory=dict, hash=False)

    def __str__(self) -> str:
        text = self.message or f"[{self.what}]"
        if self.line is None:
            return f"{self.source}: {text}"
        return f"{self.source}:{self.line}:{self.column or 1}: {text}"


def listing(
    problems: Sequence[Problem], limit: int = MAX_LISTED, *, source: str | None = None
) -> list[str]:
    """The first ``limit`` problems, one line each, then one line that counts the rest.

    The count is under ``source`` when given (a batch row: ``survey.csv:2``),
    else under the first problem it counts.
    """
    lines = [str(p) for p in problems[:limit]]
    more = len(problems) - len(lines)
    if more > 0:
        where = problems[limit].source if source is None else source
        lines.append(f"{where}: and {more} more problem{'s' if more > 1 else ''}")
    return lines


class OmnicheckError(Exception):
    """Base of every error omnicheck raises on purpose."""

    exit_status: ExitStatus = ExitStatus.ERROR

    def lines(self) -> list[str]:
        """The message as printed, one line per problem."""
        return [str(self)]


class InputError(OmnicheckError):
    """Input that omnicheck cannot use: every problem found, not just the first.

    Reporting all problems at once saves a user the fix-one-rerun loop.
    """

    exit_status = ExitStatus.BAD_INPUT

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def lines(self) -> list[str]:
        return listing(self.problems)


class YamlInputError(InputError):
    """The file is not readable, safe YAML: syntax, tags, duplicate keys, size, encoding."""


class RubricError(InputError):
    """The rubric is not a usable rubric."""


class AnswersError(InputError):
    """The answers file does not fit its rubric."""


class UsageError(OmnicheckError):
    """The command line asks for something omnicheck cannot do."""

    exit_status = ExitStatus.BAD_INPUT


class UnknownFormatError(UsageError):
    """A file name whose extension names none of the formats it could be written in.

    It carries ids, not wording: ``target`` says which of the command's
    outputs it is ("output", "summary"), and :mod:`omnicheck.cli.messages`
    names the option that sets it. ``chosen_by_option``: the command's
    ``--format`` could choose the format instead. ``str()`` is for logs and tests only.
    """

    def __init__(
        self, name: str, suffixes: Sequence[str], target: str, *, chosen_by_option: bool = True
    ) -> None:
        self.name = name
        self.suffixes = tuple(suffixes)
        self.target = target
        self.chosen_by_option = chosen_by_option
        super().__init__(f"cannot tell the {target} format of {name!r}")


class UnknownQuestionError(UsageError):
    """Questions named to be asked again that the rubric does not have.

    It carries the names as given, each with the nearest id or ``None``;
    :mod:`omnicheck.cli.messages` words it with the option that named them.
    ``str()`` is for logs and tests only.
    """

    def __init__(self, unknown: Sequence[tuple[str, str | None]]) -> None:
        self.unknown = tuple(unknown)
        super().__init__("unknown question " + ", ".join(repr(n) for n, _ in self.unknown))


class FormatNotAllowedError(UsageError):
    """A file name whose extension names a format, but one that this output is not written in.

    ``format`` is the id of the format the name implies; ``suffixes`` are those
    of the formats the output can be. Worded by :mod:`omnicheck.cli.messages`.
    """

    def __init__(self, name: str, suffixes: Sequence[str], target: str, format: str) -> None:
        self.name = name
        self.suffixes = tuple(suffixes)
        self.target = target
        self.format = format
        super().__init__(f"the {target} {name!r} cannot be written as {format}")


class LossyRewriteError(UsageError):
    """``assess`` asked to rewrite a file with what its writer would drop.

    ``holds`` says what: "respondents" (each respondent's own answers, as
    ``omnicheck merge`` writes them) or "respondent" (who answered). Worded
    by :mod:`omnicheck.cli.messages`, which names the commands.
    ``str()`` is for logs and tests only.
    """

    def __init__(self, source: str, holds: str) -> None:
        self.source = source
        self.holds = holds
        super().__init__(f"{source}: holds {holds}")


class OutputError(OmnicheckError):
    """A report or answers file could not be written; any earlier file is left intact."""

    exit_status = ExitStatus.BAD_INPUT


class Interrupted(OmnicheckError):
    """The user stopped (Ctrl-C) or the terminal closed; the message says how to go on.

    Not a failure: everything answered before the interruption is already on
    disk, so the exit status is the shell's usual one for an interruption.
    """

    exit_status = ExitStatus.INTERRUPTED

    def __init__(self, *lines: str) -> None:
        self.message_lines = list(lines)
        super().__init__("\n".join(lines))

    def lines(self) -> list[str]:
        return self.message_lines
