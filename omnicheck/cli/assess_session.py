"""One ``omnicheck assess`` run against one answers file: start, ask, save, stop, finish.

The command (:mod:`omnicheck.cli.assess`) checks its options; this is the
session around the flow and the prompts: whether an existing file is resumed
or replaced, saving after every answer with interruptions held off during
the write, and Ctrl-C or a closed terminal turned into "saved; here is how
to go on". The questions are asked on the terminal's alternate screen
(:meth:`omnicheck.questionnaire.transcript.Transcript.alternate`), so what
is printed after them (the summary, "saved", "stopped") goes to the normal
screen, under the shell's history and the answers' record.

Everything it knows of the process comes from the run's
:class:`omnicheck.cli.environment.Environment`: the console and the prompts
are built on its streams and laid out by its terminal's size, terminfo is
asked about its ``TERM``, the program is found on its ``PATH``, and the cache
is its ``cache_dir``; a test hands it a fake terminal.
"""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import TYPE_CHECKING

from omnicheck.cli.assess_signals import no_echo, prompts_on, started_as
from omnicheck.source.files import signals_held

if TYPE_CHECKING:
    from rich.console import Console

    from omnicheck.cli.environment import Environment
    from omnicheck.questionnaire.flow import Flow
    from omnicheck.questionnaire.saving import DiskState
    from omnicheck.rubric.compiled import CompiledRubric


class Session:
    """One run of the questionnaire against one answers file."""

    def __init__(
        self,
        rubric: CompiledRubric,
        path: Path,
        rubric_path: Path | None,
        max_bytes: int,
        env: Environment,
    ) -> None:
        self.rubric = rubric
        self.path = path
        self.rubric_path = rubric_path
        self.max_bytes = max_bytes
        self.env = env
        from omnicheck.printable import guard

        # Guarded: the questions, names and answers shown come from the rubric and the file.
        self.console: Console = guard(env.console(highlight=False, markup=False))
        from omnicheck.questionnaire.transcript import Transcript

        #: What is on screen above the questions, drawn again when an answer changes.
        self.transcript = Transcript(self.console, term=env.term)
        #: Whether a complete quick check is being deepened: saved as one until the end.
        self.deepening = False
        #: Whether this run has written the file (so Ctrl-C has something to point to).
        self.saved = False
        #: Whether the file was marked complete when this run found it.
        self.was_complete = False
        #: What the file held when this run last read or wrote it (None: not yet looked).
        self.on_disk: DiskState | None = None
        self.flow: Flow | None = None
        #: How to start omnicheck again, for the commands printed: worked out once,
        #: not at every save (it searches PATH).
        self.program = started_as(env.environ.get("PATH"))

    def run(
        self,
        resume: bool,
        ask: list[str],
        fmt: str,
        output: Path | None,
        *,
        depth: str | None = None,
    ) -> None:
        from omnicheck.questionnaire.flow import SaveAndQuit

        # SIGTERM and SIGHUP arrive as Ctrl-C does, through the handler that
        # omnicheck.cli.app installs around every command.
        with prompts_on(self.env), no_echo(self.env.stdin):
            try:
                # Left, and the record printed on the normal screen, before
                # whatever follows is printed there: the summary, the "saved".
                with self.transcript.alternate():
                    flow = self.flow = self._start(resume, ask, depth)
                    # A file with every answer but never finished (stopped on the
                    # review screen, or answers still set aside) ends as a run
                    # does: the review, then "Remove N answers…?", then complete.
                    if flow is not None and (flow.current() is not None or not self.was_complete):
                        self._ask(flow)
                        self._save(flow, complete=True)
                if flow is None:
                    self.console.print(f"Nothing changed in {self.path}.")
                    return
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
        from omnicheck.questionnaire.position import Back
        from omnicheck.questionnaire.prompts import TerminalPrompter
        from omnicheck.questionnaire.review import confirm_drops, review

        prompter = TerminalPrompter(self.rubric, self.console, flow, self.transcript)
        while True:
            run(flow, prompter, self._save)
            prompter.record.show(None)  # every answer's line, a changed one included
            target = review(flow, prompter, self.console)
            if isinstance(target, Back):
                flow.back()  # the last question; then the review again
                continue
            if target is not None:
                flow.jump(target, review=True)
                continue
            if not confirm_drops(flow, self.console):
                return

    def _resume_command(self) -> str:
        from omnicheck.questionnaire.saving import resume_command

        again = tuple(self.flow.reask()) if self.flow is not None else ()
        return resume_command(
            self.path, self.rubric_path, program=self.program, ask=again, full=self.deepening
        )

    # ── starting: a new file, or an existing one resumed or replaced ───────

    def _start(self, resume: bool, ask: list[str], depth: str | None) -> Flow | None:
        from omnicheck.answers.respondents import refuse_lossy_rewrite
        from omnicheck.errors import UsageError
        from omnicheck.loading import answers_from
        from omnicheck.questionnaire.flow import Flow
        from omnicheck.questionnaire.saving import DiskState

        if depth == "quick" and not any(q.quick for q in self.rubric.questions):
            raise UsageError(f"rubric {self.rubric.id!r} has no quick check; run without --quick")
        # Before the read: a change made while it reads shows at the first save.
        self.on_disk = DiskState.read(self.path)
        if not self.path.exists():
            if resume:
                raise UsageError(
                    f"{self.path}: no such file to resume; run without --resume to start"
                )
            self._welcome(quick=depth == "quick")
            return Flow(self.rubric, ask_again=ask, quick=depth == "quick")
        existing = answers_from(
            self.path, self.rubric, max_bytes=self.max_bytes, require_complete=False
        )
        refuse_lossy_rewrite(existing)  # respondents, which the writer would drop
        if depth == "quick" and existing.depth == "full":
            raise UsageError(
                f"{self.path} holds the full questionnaire, not a quick check; "
                "a quick check starts a new file: choose another --answers"
            )
        business = {"name": existing.business_name, **existing.business}
        quick = existing.depth == "quick" and depth != "full"
        aside = existing.kept_aside
        notes = existing.notes
        # A quick check asked only the name: its details are still to ask.
        passed = existing.depth != "quick" and bool(existing.answers or aside)
        flow = Flow(
            self.rubric,
            existing.answers,
            business,
            ask_again=ask,
            quick=quick,
            set_aside=aside,
            notes=notes,
            details_passed=passed,
        )
        self.was_complete = existing.complete
        if existing.depth == "quick" and depth == "full":
            return self._deepen(flow, existing.business_name, len(existing.answers))
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
            deeper = [("full", "Answer the full questionnaire, keeping these answers")]
            choice = self._choose(
                f"{self.path} ({name}) is {'a quick check, ' if quick else ''}complete.",
                [
                    ("report", "Show the result of these answers"),
                    *(deeper if quick else []),
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
            return None
        if choice == "restart":
            self._welcome(quick=depth == "quick")
            return Flow(self.rubric, quick=depth == "quick")
        if choice == "full":
            deep = Flow(
                self.rubric,
                existing.answers,
                business,
                set_aside=aside,
                notes=notes,
                details_passed=passed,
            )
            return self._deepen(deep, existing.business_name, len(existing.answers))
        if choice == "review":
            every = ["business", *(q.id for q in self.rubric.questions)]
            return Flow(
                self.rubric,
                existing.answers,
                business,
                ask_again=every,
                quick=quick,
                set_aside=aside,
                notes=notes,
            )
        self._continuing(existing.business_name, len(existing.answers))
        return flow

    def _deepen(self, flow: Flow, name: str, answered: int) -> Flow:
        """A quick check becoming the full one: it stays a valid quick check until the end."""
        self.deepening = self.was_complete
        self.transcript.keep(
            f" {self.path} for {name}: the full questionnaire now, keeping your "
            f"{_answers(answered)} from the quick check."
        )
        return flow

    def _continuing(self, name: str, answered: int) -> None:
        self.transcript.keep(f" {self.path} for {name}: {_answers(answered)} so far.")

    def _choose(self, message: str, options: list[tuple[str, str]]) -> str:
        from rich.text import Text

        from omnicheck.questionnaire.words import choose

        self.transcript.begin()  # the prompt is drawn on the questionnaire's screen
        picked = choose(self.console, message, options, record=False)
        self.transcript.keep(Text.assemble(" ✓ ", (dict(options)[picked], "bold")))
        return picked

    def _welcome(self, *, quick: bool = False) -> None:
        from rich.padding import Padding
        from rich.text import Text

        # The title and description head the record left on the screen at the end;
        # how to answer and stop is of no use once the run is over.
        heading = [Text(self.rubric.title, style="bold"), Text(self.rubric.description)]
        how = [
            Text(),
            Text(
                f"Every answer is saved in {self.path} as you go. Stop at any time with "
                "Ctrl-C and continue later with --resume. Questions that do not apply to "
                "you are skipped."
            ),
            Text(
                "A quick check: about 15 questions, 5 minutes. Its level and target are "
                "provisional; answer the full questionnaire later with --resume --full "
                "to confirm them."
                if quick
                else "The full questionnaire takes about 20 to 30 minutes; a quick check "
                "(--quick) takes 5."
            ),
        ]
        for line in heading:
            self.transcript.keep(Padding(line, (0, 0, 0, 1)))
        for line in how:
            self.transcript.keep(Padding(line, (0, 0, 0, 1)), passing=True)

    # ── saving ─────────────────────────────────────────────────────────────

    def _save(self, flow: Flow, *, complete: bool = False) -> None:
        from omnicheck.questionnaire.saving import save_answers

        with signals_held():
            # Deepening a quick check: until the last answer, the file stays a
            # complete quick check that 'omnicheck report' reads.
            early = self.deepening and not complete
            self.on_disk = save_answers(
                self.path,
                self.rubric,
                flow.business,
                flow.answers,
                complete=complete or early,
                depth="quick" if early else flow.depth,
                set_aside={k: v for k, v in flow.set_aside.items() if k not in flow.values},
                notes=flow.notes,
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
        from omnicheck.report.output import report_document, write
        from omnicheck.report.terminal import print_summary
        from omnicheck.report.words import cached_in
        from omnicheck.scoring.assessment import assess

        # Read back what was written: the summary is of the file, exactly as
        # 'omnicheck report' will see it.
        checked = answers_from(self.path, self.rubric, max_bytes=self.max_bytes)
        report = build_report(assess(self.rubric, checked))
        saved = f"Answers saved in {self.path}."
        # Lines of their own, soft-wrapped: a narrow terminal wraps a command
        # without breaking it into two lines, so it is copied whole.
        commands = []
        if report["depth"] == "quick":
            from omnicheck.questionnaire.saving import resume_command

            deeper = resume_command(self.path, self.rubric_path, program=self.program, full=True)
            commands.append(f"To confirm: {deeper}")
        if output is None:
            # the program as it was started, as the resume command is: it may not be on PATH
            words = [*self.program, "report", str(self.path), "-o", "report.md"]
            commands.append(f"Full report: {shlex.join(words)}")
        self.console.print()
        with cached_in(self.env.cache_dir):  # the summary's words, cached as the reports are
            print_summary(report, self.console, hint=saved, commands=commands, compact=True)
        if output is not None or fmt != "text":
            write(report_document(report), fmt, output, self.env)


def _answers(count: int) -> str:
    return f"{count} answer" + ("" if count == 1 else "s")
