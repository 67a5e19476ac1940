"""``omnicheck assess``: answer the questionnaire in the terminal, then see the result.

The command wires three pieces together: the flow (which question next, see
:mod:`omnicheck.questionnaire.flow`), the terminal prompts
(:mod:`omnicheck.questionnaire.prompts`) and the answers file
(:mod:`omnicheck.answers.writer`). Its own job is the session around them:
refuse to run without a terminal, decide whether an existing file is resumed
or replaced, save after every answer with interruptions held off during the
write, and turn Ctrl-C or a closed terminal into "saved; here is how to go on".
Whether there is a terminal, and which, is the run's
:class:`omnicheck.cli.environment.Environment`'s word, handed to the session.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from omnicheck.cli.options import (
    MEGABYTE,
    FormatOption,
    MaxSizeOption,
    ReportFormat,
    ReportOutputOption,
    RubricOption,
    output_format,
)

DEFAULT_ANSWERS = Path("omnicheck-answers.yaml")


#: Shown under ``omnicheck assess --help``.
EXAMPLES = """\b
Examples:
  omnicheck assess                           # saves to omnicheck-answers.yaml
  omnicheck assess --answers acme.yaml --resume
  omnicheck assess --quick --answers acme.yaml   # 5 minutes, provisional
  omnicheck assess --answers acme.yaml --resume --full   # then the rest
  omnicheck assess --answers acme.yaml --ask channels,budget
  omnicheck assess --answers acme.yaml -o acme.md   # and the full report

\b
Keys: arrows and Enter answer (0-4 on a scale, y or n on Yes/No), space
ticks, Left or Esc goes back, Right returns to where you were, Tab jumps to
a section, ? says why it matters, Ctrl-X saves and quits. "Does not apply to
us" is a choice of its own. Ctrl-C stops too; every answer given so far is
already saved. Before the end, a review screen lists every answer."""


def assess(
    ctx: typer.Context,
    answers: Annotated[
        Path,
        typer.Option(
            "--answers",
            metavar="PATH",
            dir_okay=False,
            readable=False,
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
    quick: Annotated[
        bool,
        typer.Option(
            "--quick",
            help="A quick check: about 15 questions and 5 minutes, for a provisional "
            "level and target.",
        ),
    ] = False,
    full: Annotated[
        bool,
        typer.Option(
            "--full",
            help="With --resume: turn a quick check into the full questionnaire, keeping "
            "every answer.",
        ),
    ] = False,
    rubric: RubricOption = None,
    fmt: FormatOption = None,
    output: ReportOutputOption = None,
    max_size: MaxSizeOption = 5,
) -> None:
    """Answer the questions in the terminal, then see your level, target and next steps."""
    from omnicheck.cli.environment import from_context
    from omnicheck.errors import UsageError
    from omnicheck.loading import rubric_from
    from omnicheck.questionnaire.flow import expand_ask
    from omnicheck.questionnaire.saving import answers_lock
    from omnicheck.source.files import check_outputs, refuse_to_overwrite

    if quick and full:
        raise UsageError("--quick and --full ask for two different depths; choose one")
    # The answers file is read and written; the rubric only read, so never written over.
    refuse_to_overwrite(answers, [rubric] if rubric else [], "--answers")
    env = from_context(ctx)
    if not (env.stdin_isatty and env.stdout_isatty):
        raise UsageError(
            "omnicheck assess asks its questions in a terminal, and this is not one. "
            "Without a terminal: write a skeleton with 'omnicheck template --output "
            "ANSWERS.yaml', fill it in, then run 'omnicheck report ANSWERS.yaml'"
        )
    check_outputs([("--output", output)], [answers, *([rubric] if rubric else [])])
    chosen = output_format(fmt, output, ReportFormat)
    _check_writable(answers)
    with answers_lock(answers):  # a second assess on this file stops here, at once
        compiled = rubric_from(rubric, max_bytes=max_size * MEGABYTE, cache_dir=env.cache_dir)
        ask_ids = expand_ask(compiled, [i for item in ask or [] for i in item.split(",") if i])
        from omnicheck.cli.assess_session import Session

        session = Session(compiled, answers, rubric, max_size * MEGABYTE, env)
        session.run(
            resume, ask_ids, chosen, output, depth="quick" if quick else "full" if full else None
        )


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


def register(app: typer.Typer) -> None:
    """Add this module's command to ``app``; :mod:`omnicheck.cli.app` calls it."""
    app.command(epilog=EXAMPLES)(assess)
