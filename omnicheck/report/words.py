"""The words that more than one view says, read from one template for all of them.

The report data holds ids and figures: an answer row with no label, a band
check, a condition of the rubric. ``report_templates/words.txt.j2`` words
them, once. The templates call them as globals (:meth:`Words.globals`, which
:func:`omnicheck.report.render.environment` installs), and the terminal views
call :func:`current`; so the terminal summary cannot say an answer, a band,
a condition or a step's move otherwise than the Markdown and HTML reports do,
with or without a ``words.txt.j2`` in ``--templates``.

The macros give plain text, which each caller escapes as its format needs
(``|md``, HTML's autoescape, the terminal's printable guard).
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterator, Mapping
from contextvars import ContextVar
from functools import cache, partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from omnicheck.errors import UsageError
from omnicheck.source.cache import FROM_PROCESS, CacheDir

if TYPE_CHECKING:
    import jinja2

    from omnicheck.report.model import Answer, Check, Dimension, PlanStep
    from omnicheck.report.model_condition import ConditionData
    from omnicheck.report.model_diff import AnswerChange, GateCrossed

TEMPLATE = "words.txt.j2"

#: The cache directory of the command being written (see :func:`cached_in`).
_CACHE_DIR: ContextVar[CacheDir] = ContextVar("omnicheck_words_cache_dir", default=FROM_PROCESS)
#: The words of the command being written, when its ``--templates`` folder may reword them.
_COMMAND: ContextVar[Words | None] = ContextVar("omnicheck_command_words", default=None)


class Words:
    """The macros of ``words.txt.j2`` as functions of plain data, each returning ``str``.

    ``load`` gives the plain-text environment to read the template from; it is
    called on first use only, so a page that says none of these words never
    compiles them.
    """

    def __init__(self, load: Callable[[], jinja2.Environment]) -> None:
        self._load = load
        self._macros: Any = None
        self._env: jinja2.Environment | None = None

    def _module(self) -> Any:
        if self._macros is None:
            env = self._env = self._load()
            self._macros = env.get_template(TEMPLATE).module
        return self._macros

    def _say(self, name: str, *args: Any) -> str:
        macro = self._macro(name)
        if not macro.catch_varargs and len(macro.arguments) < len(args):
            raise self._misdefined(name)
        try:
            return str(macro(*args))
        except Exception:
            if self._env is None:  # not a template's error: its macros never loaded
                raise
            # As a template's render does: the error then names the line of
            # words.txt.j2 it came from, not one of its compiled code.
            self._env.handle_exception()

    def _misdefined(self, name: str) -> UsageError:
        """An override's macro that cannot take the arguments the views pass it: the user's
        file is wrong, so the message points at it (``FILE:LINE``) and says what the
        macro must take, where calling it would raise a ``TypeError`` that no frame of
        the user's template locates, and so would read as omnicheck's bug."""
        assert self._env is not None  # the macro came from the loaded template
        source, filename, _ = self._env.loader.get_source(self._env, TEMPLATE)  # type: ignore[union-attr]
        where = filename or TEMPLATE
        found = re.search(rf"\bmacro\s+{re.escape(name)}\s*\(", source)
        if found:
            where += f":{source.count(chr(10), 0, found.start()) + 1}"
        wanted = ", ".join(bundled()._macro(name).arguments)
        return UsageError(f"{where}: macro {name!r} takes ({wanted})")

    def _macro(self, name: str) -> Any:
        """The macro ``name``: a ``words.txt.j2`` in ``--templates`` may define only those
        it rewords, and the bundled file gives the rest."""
        macro = getattr(self._module(), name, None)
        if macro is None and self is not bundled():
            return bundled()._macro(name)
        return macro

    def answer(self, row: Answer | Mapping[str, Any]) -> str:
        """An answer row (``label``, ``answer``, ``reason``) in words."""
        return self._say("answer", row)

    def value(self, read: Mapping[str, Any], answers: list[Answer]) -> str:
        """A value the target read (``value``, ``kind``, ``id``), with the answers to word it."""
        return self._say("value", read, answers)

    def check(self, check: Check | Mapping[str, Any]) -> str:
        """A band, gate or alternative (``label``, ``kind``, ``required``)."""
        return self._say("check", check)

    def remedy(self, check: Check | Mapping[str, Any]) -> str:
        """A check's advice (``remedy``, ``kind``): kept out of the JSON for a band, which the
        rubric gives none, so that the JSON holds no words of omnicheck's own."""
        return self._say("remedy", check)

    def reason(self, target: Mapping[str, Any]) -> str:
        """Why the target is what it is (``reason``): null in the JSON when no rule matched,
        for the same reason as :meth:`remedy`."""
        return self._say("reason", target)

    def clears(self, step: PlanStep) -> str:
        """What a plan step clears, ``; ``-joined."""
        return self._say("clears", step)

    def cleared(self, step: PlanStep | Mapping[str, Any]) -> str:
        """The "Clears: ..." after a plan task's advice, or nothing: one sentence for the plan's
        CSV and its checklist, which would otherwise each say it."""
        return self._say("cleared", step)

    def provisional(self, step: PlanStep | Mapping[str, Any]) -> str:
        """A plan task's note that its dimension rests on too few answers, or nothing; for
        the CSV, whose other words a ``words.txt.j2`` already gives."""
        return self._say("provisional", step)

    def based_on(self, dimension: Dimension | Mapping[str, Any]) -> str:
        """What a provisional dimension's score rests on ("based on 1 of 4 questions (the
        rest n/a)"): the terminal, the Markdown and the HTML say it alike."""
        return self._say("based_on", dimension)

    def move(self, kind: str, before: str | None, after: str) -> str:
        """A plan step's move (``before`` and ``after`` are the options' labels): the report,
        the plan, the history and the diff's terminal view all say it through this, so a
        ``words.txt.j2`` that rewords ``move`` rewords every one of them."""
        return self._say("move", kind, before, after)

    def move_from(self, kind: str, before: str | None) -> str:
        """Where a step's move starts, for a view that shows it in a column of its own (the
        diff's tables of steps done), so that "none" is said, and translated, once with
        :meth:`move`, which a table laid out as before / planned cannot show whole."""
        return self._say("move_from", kind, before)

    def step_move(self, step: PlanStep | Mapping[str, Any]) -> str:
        """A report's plan step's move: :meth:`move` of its kind and options' labels, so the
        report says it as the diff and the history do."""
        before = step["from"]["label"] if step["from"] else None
        return self.move(step["kind"], before, step["to"]["label"])

    def step_summary(self, step: PlanStep | Mapping[str, Any]) -> str:
        """A plan step in one line, its question and its move: the terminal summary's line,
        and a tracker's task title in the plan's CSV."""
        return f"{step['text']}: {self.step_move(step)}"

    def changed_answer(self, change: AnswerChange | Mapping[str, Any]) -> str:
        """A changed answer of a diff: its question, and its answer before and now."""
        return self._say("changed_answer", change)

    def because(self, gate: GateCrossed | Mapping[str, Any]) -> str:
        """The changed answers that moved a diff's gate, ``; ``-joined (empty for none)."""
        return self._say("because", gate)

    def because_note(self) -> str:
        """What a diff's *Because* column means, under its table: said once for the Markdown
        and the HTML."""
        return self._say("because_note")

    def missing(self, missing: Mapping[str, Any]) -> str:
        """A requirement no answer can meet."""
        return self._say("missing", missing)

    def condition(self, test: ConditionData) -> str:
        """A rubric condition (a target's ``test``) as a sentence."""
        return self._say("condition", test)

    def needed(self, test: ConditionData) -> str:
        """What a target needs, after "it needs": less stiff than :meth:`condition`."""
        return self._say("needed", test)

    def globals(self) -> dict[str, Callable[..., str]]:
        """The names the templates call these by."""
        return {
            "answer_words": self.answer,
            "value_words": self.value,
            "check_words": self.check,
            "remedy_words": self.remedy,
            "reason_words": self.reason,
            "clears_words": self.clears,
            "cleared_words": self.cleared,
            "provisional_words": self.provisional,
            "based_on_words": self.based_on,
            "missing_words": self.missing,
            "changed_answer_words": self.changed_answer,
            "because_words": self.because,
            "because_note": self.because_note,
            "move_words": self.move,
            "move_from_words": self.move_from,
            "step_move": self.step_move,
            "condition_words": self.condition,
            "needed_words": self.needed,
        }


def current() -> Words:
    """The words of the command being written, for the terminal views and the plan's CSV:
    its ``--templates`` folder's ``words.txt.j2`` in front of the bundled one
    (:func:`cached_in`), as its Markdown and HTML read them; else :func:`bundled`.
    """
    words = _COMMAND.get()
    return bundled() if words is None else words


def bundled() -> Words:
    """The bundled words, which an override's missing macros fall back on.

    Compiled with the cache directory of the command being written
    (:func:`cached_in`), as its Markdown and HTML are: a command whose
    environment says no cache, or another folder, writes no bytecode elsewhere.
    Outside a command, the process's own (``FROM_PROCESS``), read at each call.
    """
    folder = _CACHE_DIR.get()
    if folder is FROM_PROCESS:
        from omnicheck.source.cache import cache_dir

        folder = cache_dir()
    return _bundled(folder)


@cache
def _bundled(cache_dir: Path | None) -> Words:
    """One :class:`Words` per cache directory: each compiles the template once."""

    def load() -> jinja2.Environment:
        from omnicheck.report.render import environment

        return environment(cache_dir=cache_dir)

    return Words(load)


@contextlib.contextmanager
def cached_in(cache_dir: CacheDir, templates: Path | None = None) -> Iterator[None]:
    """While a command writes its document, :func:`bundled` compiles into its cache
    directory (its :class:`~omnicheck.cli.environment.Environment`'s ``cache_dir``),
    and :func:`current` reads the ``words.txt.j2`` of its ``templates`` folder first.

    A context variable rather than an argument: the terminal views, the plan's
    tasks and the charts ask for the words deep inside, and every document is
    written by :func:`omnicheck.report.output.write`, which knows the directory.
    The folder's words are compiled afresh for each document (and only if it
    says any), as its templates are, so an edited folder is never read stale.
    """
    token = _CACHE_DIR.set(cache_dir)
    command = None if templates is None else Words(partial(_environment, templates, cache_dir))
    command_token = _COMMAND.set(command)
    try:
        if templates is None:
            yield
        else:
            from omnicheck.report.render import template_errors

            with template_errors(templates):
                yield
    finally:
        _COMMAND.reset(command_token)
        _CACHE_DIR.reset(token)


def _environment(templates: Path, cache_dir: CacheDir) -> jinja2.Environment:
    from omnicheck.report.render import environment

    return environment(templates, cache_dir=cache_dir)
