"""``omnicheck assess``: answer the questionnaire in the terminal, then see the result.

The command wires three pieces together: the flow (which question next, see
:mod:`omnicheck.questionnaire.flow`), the terminal prompts
(:mod:`omnicheck.questionnaire.prompts`) and the answers file
(:mod:`omnicheck.answers.writer`). Its own job is the session around them:
refuse to run without a terminal, decide whether an existing file is resumed
or replaced, save after every answer with interruptions held off during the
write, and turn Ctrl-C or a closed terminal into "saved; here is how to go on".
"""

from __future__ import annotations

import contextlib
import os
import shlex
import signal
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from omnicheck.cli.options import (
    MEGABYTE,
    FormatOption,
    MaxSizeOption,
    ReportOutputOption,
    RubricOption,
)

if TYPE_CHECKING:
    from rich.console import Console

    from omnicheck.answers.writer import DiskState
    from omnicheck.questionnaire.flow import Flow
    from omnicheck.rubric.compiled import CompiledRubric

DEFAULT_ANSWERS = Path("omnicheck-answers.yaml")
_STOP_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGINT", "SIGHUP", "SIGTERM") if hasattr(signal, name)
)


#: Shown under ``omnicheck assess --help``.
EXAMPLES = """\b
Examples:
  omnicheck assess                           # saves to omnicheck-answers.yaml
  omnicheck assess --answers acme.yaml --resume
  omnicheck assess --answers acme.yaml --ask channels,budget
  omnicheck assess --answers acme.yaml -o acme.md   # and the full report

\b
Keys: arrows and Enter answer (0-4 on a scale, y or n on Yes/No), space
ticks, Left or Esc goes back, Right returns to where you were, Tab jumps to
a section, ? says why it matters, Ctrl-X saves and quits. "Does not apply to
us" is a choice of its own. Ctrl-C stops too; every answer given so far is
already saved. Before the end, a review screen lists every answer."""


def assess(
    answers: Annotated[
        Path,
        typer.Option(
            "--answers",
            metavar="PATH",
            dir_okay=False,
            help="The answers file: saved after every answer.",
        ),
    ] = DEFAULT_ANSWERS,
    resume: Annotated[
        bool,
        typer.Option("--resume", help="Continue an unfinished answers file at its first gap."),
    ] = False,
    ask: Annotated[
        list[str] | None,
        typer.Option(
            "--ask",
            metavar="QUESTION",
            show_default=False,
            help="Ask this question again, even if it has an answer: its id or short name, "
            "or a section's title for all of its questions (repeat it, or separate them "
            "with commas). 'business' re-asks the name and details.",
        ),
    ] = None,
    rubric: RubricOption = None,
    fmt: FormatOption = None,
    output: ReportOutputOption = None,
    max_size: MaxSizeOption = 5,
) -> None:
    """Answer the questions in the terminal, then see your level, target and next steps."""
    from omnicheck.answers.writer import answers_lock
    from omnicheck.errors import UsageError
    from omnicheck.loading import rubric_from
    from omnicheck.questionnaire.flow import expand_ask
    from omnicheck.report.output import resolve_format
    from omnicheck.source.files import check_outputs, refuse_to_overwrite

    # The answers file is read and written; the rubric only read, so never written over.
    refuse_to_overwrite(answers, [rubric] if rubric else [], "--answers")
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise UsageError(
            "omnicheck assess asks its questions in a terminal, and this is not one. "
            "Without a terminal: write a skeleton with 'omnicheck template --output "
            "ANSWERS.yaml', fill it in, then run 'omnicheck report ANSWERS.yaml'"
        )
    check_outputs([("--output", output)], [answers, *([rubric] if rubric else [])])
    chosen = resolve_format(fmt.value if fmt else None, output)
    _check_writable(answers)
    with answers_lock(answers):  # a second assess on this file stops here, at once
        compiled = rubric_from(rubric, max_bytes=max_size * MEGABYTE)
        ask_ids = expand_ask(compiled, [i for item in ask or [] for i in item.split(",") if i])
        session = _Session(compiled, answers, rubric, max_size * MEGABYTE)
        session.run(resume, ask_ids, chosen, output)


class _Session:
    """One run of the questionnaire against one answers file."""

    def __init__(
        self, rubric: CompiledRubric, path: Path, rubric_path: Path | None, max_bytes: int
    ) -> None:
        from rich.console import Console

        self.rubric = rubric
        self.path = path
        self.rubric_path = rubric_path
        self.max_bytes = max_bytes
        from omnicheck.printable import guard

        # Guarded: the questions, names and answers shown come from the rubric and the file.
        self.console: Console = guard(Console(highlight=False, markup=False))
        #: Whether this run has written the file (so Ctrl-C has something to point to).
        self.saved = False
        #: Whether the file was marked complete when this run found it.
        self.was_complete = False
        #: What the file held when this run last read or wrote it (None: not yet looked).
        self.on_disk: DiskState | None = None
        self.flow: Flow | None = None

    def run(self, resume: bool, ask: list[str], fmt: str, output: Path | None) -> None:
        from omnicheck.questionnaire.flow import SaveAndQuit

        with _stop_signals_raise(), _no_echo():
            try:
                flow = self.flow = self._start(resume, ask)
                if flow is None:
                    return
                if flow.current() is not None:
                    self._ask(flow)
                    self._save(flow, complete=True)
                elif not self.was_complete:
                    self._save(flow, complete=True)  # every answer was there; say so
            except SaveAndQuit:
                self.console.print(f" Saved: your answers so far are in {self.path}.")
                self.console.print(" To continue, run:")
                self.console.print(f"  {self._resume_command()}", soft_wrap=True)
                return
            except (KeyboardInterrupt, EOFError):
                raise self._interrupted() from None
        for q in flow.unasked():
            self.console.print(f" Not asked: {q.id} ({q.short}) does not apply to these answers.")
        try:
            self._finish(fmt, output)
        except KeyboardInterrupt:
            from omnicheck.errors import Interrupted

            raise Interrupted(
                f"Stopped. Every answer is saved in {self.path}; to see the result: "
                f"omnicheck report {shlex.quote(str(self.path))}"
            ) from None

    def _ask(self, flow: Flow) -> None:
        """The questions, then the review screen until the person picks Finish."""
        from omnicheck.questionnaire.flow import run
        from omnicheck.questionnaire.prompts import TerminalPrompter
        from omnicheck.questionnaire.review import confirm_drops, review

        prompter = TerminalPrompter(self.rubric, self.console)
        while True:
            run(flow, prompter, self._save)
            target = review(flow, prompter, self.console)
            if target is not None:
                flow.jump(target, review=True)
                continue
            if not confirm_drops(flow, self.console):
                return

    def _resume_command(self) -> str:
        from omnicheck.answers.writer import resume_command

        again = tuple(self.flow.reask()) if self.flow is not None else ()
        return resume_command(self.path, self.rubric_path, program=_program(), ask=again)

    # ── starting: a new file, or an existing one resumed or replaced ───────

    def _start(self, resume: bool, ask: list[str]) -> Flow | None:
        from omnicheck.answers.respondents import refuse_lossy_rewrite
        from omnicheck.answers.writer import DiskState
        from omnicheck.errors import UsageError
        from omnicheck.loading import answers_from
        from omnicheck.questionnaire.flow import Flow

        # Before the read: a change made while it reads shows at the first save.
        self.on_disk = DiskState.read(self.path)
        if not self.path.exists():
            if resume:
                raise UsageError(
                    f"{self.path}: no such file to resume; run without --resume to start"
                )
            self._welcome()
            return Flow(self.rubric, ask_again=ask)
        existing = answers_from(
            self.path, self.rubric, max_bytes=self.max_bytes, require_complete=False
        )
        refuse_lossy_rewrite(existing)  # respondents and notes, which the writer would drop
        business = {"name": existing.business_name, **existing.business}
        flow = Flow(self.rubric, existing.answers, business, ask_again=ask)
        self.was_complete = existing.complete
        if resume or ask:
            self._continuing(existing.business_name, len(existing.answers))
            return flow
        name = existing.business_name or "no name yet"
        pending = flow.first_pending()
        if pending is not None or not existing.complete:
            choice = self._choose(
                f"{self.path} ({name}) is not finished: {_answers(len(existing.answers))} so far.",
                [
                    ("resume", "Continue where I left off"),
                    ("restart", "Start again and replace it"),
                    ("quit", "Quit and leave it as it is"),
                ],
            )
        else:
            choice = self._choose(
                f"{self.path} ({name}) is complete.",
                [
                    ("report", "Show the result of these answers"),
                    ("review", "Go through every question again, answers preselected"),
                    ("restart", "Start again and replace it"),
                    ("quit", "Quit and leave it as it is"),
                ],
            )
            if choice == "restart":
                choice = self._choose(
                    f"Replace {self.path}? Every answer in it will be lost once you "
                    "answer the first question.",
                    [("quit", "No, keep it"), ("restart", "Yes, start again")],
                )
        if choice == "quit":
            self.console.print(f"Nothing changed in {self.path}.")
            return None
        if choice == "restart":
            self._welcome()
            return Flow(self.rubric)
        if choice == "review":
            every = ["business", *(q.id for q in self.rubric.questions)]
            return Flow(self.rubric, existing.answers, business, ask_again=every)
        self._continuing(existing.business_name, len(existing.answers))
        return flow

    def _continuing(self, name: str, answered: int) -> None:
        self.console.print(f" {self.path} for {name}: {_answers(answered)} so far.")

    def _choose(self, message: str, options: list[tuple[str, str]]) -> str:
        from omnicheck.questionnaire.words import choose

        return choose(self.console, message, options)

    def _welcome(self) -> None:
        from rich.padding import Padding
        from rich.text import Text

        c = self.console
        lines = [
            Text(self.rubric.title, style="bold"),
            Text(self.rubric.description),
            Text(),
            Text(
                f"Every answer is saved in {self.path} as you go. Stop at any time with "
                "Ctrl-C and continue later with --resume. Questions that do not apply to "
                "you are skipped, so the number of questions shrinks as you answer."
            ),
        ]
        for line in lines:
            c.print(Padding(line, (0, 0, 0, 1)))

    # ── saving ─────────────────────────────────────────────────────────────

    def _save(self, flow: Flow, *, complete: bool = False) -> None:
        from omnicheck.answers.writer import save_answers

        with _stop_signals_held():
            self.on_disk = save_answers(
                self.path,
                self.rubric,
                flow.business,
                flow.answers,
                complete=complete,
                rubric_path=self.rubric_path,
                since=self.on_disk,
                resume=self._resume_command(),
            )
            # Inside the held block: a Ctrl-C pressed during the write arrives
            # right after it, and must find the file counted as saved.
            self.saved = True

    def _interrupted(self) -> Exception:
        from omnicheck.errors import Interrupted

        if not self.saved:
            if self.path.exists():
                return Interrupted(f"Stopped. {self.path} is unchanged.")
            return Interrupted("Stopped before the first answer; nothing was saved.")
        return Interrupted(
            f"Stopped. Your answers so far are saved in {self.path}.",
            # The command on a line of its own: at 60 columns it is not split mid-word.
            "To continue, run:",
            f"  {self._resume_command()}",
        )

    # ── the end: summary and reports ───────────────────────────────────────

    def _finish(self, fmt: str, output: Path | None) -> None:
        from omnicheck.loading import answers_from
        from omnicheck.report.data import build_report
        from omnicheck.report.output import emit_report
        from omnicheck.report.terminal import print_summary
        from omnicheck.scoring.assessment import assess

        # Read back what was written: the summary is of the file, exactly as
        # 'omnicheck report' will see it.
        checked = answers_from(self.path, self.rubric, max_bytes=self.max_bytes)
        report = build_report(assess(self.rubric, checked))
        saved = f"Answers saved in {self.path}."
        if output is None:
            # A line of its own, so a narrow terminal does not split the command.
            saved += f"\nFull report: omnicheck report {shlex.quote(str(self.path))} -o report.md"
        self.console.print()
        print_summary(report, self.console, hint=saved)
        if output is not None or fmt != "text":
            emit_report(report, fmt, output)


def _check_writable(path: Path) -> None:
    """Refuse at once, not after the user has typed the first answer."""
    from omnicheck.errors import UsageError

    folder = path.absolute().parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent  # write_atomic creates the missing folders below it
    if not folder.is_dir():
        raise UsageError(f"cannot write {path}: {folder} is a file, not a folder")
    if not os.access(folder, os.W_OK):
        raise UsageError(f"cannot write {path}: {folder} is not writable")


def _program() -> tuple[str, ...]:
    """How to start this program again from a shell, as it was started this time.

    Installed in a virtual environment that is not activated, ``omnicheck``
    alone is "command not found": then the path it was run by is the way.
    """
    import shutil

    started = sys.argv[0]
    if started.endswith("__main__.py") or not started:
        return (sys.executable, "-m", "omnicheck")
    name = Path(started).name
    found = shutil.which(name)
    with contextlib.suppress(OSError):
        if found is not None and Path(found).samefile(started):
            return (name,)
    return (started,)


def _answers(count: int) -> str:
    return f"{count} answer" + ("" if count == 1 else "s")


@contextlib.contextmanager
def _stop_signals_raise() -> Iterator[None]:
    """A closed terminal (SIGHUP) or a kill (SIGTERM) stops the run like Ctrl-C.

    After a hang-up, the terminal is gone: output goes to /dev/null so that
    printing the resume hint cannot fail and mask the exit status.
    """

    def stop(signum: int, _frame: object) -> None:
        if signum == getattr(signal, "SIGHUP", None):
            devnull = os.open(os.devnull, os.O_WRONLY)
            for fd in (1, 2):
                with contextlib.suppress(OSError):
                    os.dup2(devnull, fd)
        raise KeyboardInterrupt

    names = [s for s in _STOP_SIGNALS if s != signal.SIGINT]
    previous = {s: signal.signal(s, stop) for s in names}
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)


@contextlib.contextmanager
def _no_echo() -> Iterator[None]:
    """Keys pressed between two prompts wait for the next one instead of echoing.

    prompt_toolkit puts the terminal in raw mode only while a prompt is up; in
    the moment between two, a fast typist's Enter would print a stray line.
    """
    try:
        import termios
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    fd = sys.stdin.fileno()
    try:
        before = termios.tcgetattr(fd)
    except termios.error:
        yield
        return
    quiet = list(before)
    quiet[3] &= ~termios.ECHO
    termios.tcsetattr(fd, termios.TCSADRAIN, quiet)
    try:
        yield
    finally:
        with contextlib.suppress(termios.error):
            termios.tcsetattr(fd, termios.TCSADRAIN, before)


@contextlib.contextmanager
def _stop_signals_held() -> Iterator[None]:
    """Hold Ctrl-C and hang-ups while a file is written; they take effect right after."""
    if not hasattr(signal, "pthread_sigmask"):  # pragma: no cover - Windows
        yield
        return
    signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)


def register(app: typer.Typer) -> None:
    """Add this module's command to ``app``; :mod:`omnicheck.cli.app` calls it."""
    app.command(epilog=EXAMPLES)(assess)
