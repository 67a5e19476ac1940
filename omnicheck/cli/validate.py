"""``omnicheck validate``: every problem of an answers file at once, as text or JSON."""

from collections.abc import Iterable
from typing import TYPE_CHECKING

import typer

from omnicheck.cli.options import (
    MEGABYTE,
    PROBLEMS_SCHEMA,
    AnswersArgument,
    MaxSizeOption,
    ProblemFormat,
    ProblemFormatOption,
    RubricOption,
)
from omnicheck.errors import ExitStatus, Problem

if TYPE_CHECKING:
    from omnicheck.report.output import Streams

#: Shown under ``omnicheck validate --help``.
EXAMPLES = """\b
Example:
  omnicheck validate answers.yaml
  omnicheck validate answers.yaml --format json   # for an editor or CI

\b
Exit status: 0 when valid, 2 when not (with --format json too)."""


def validate(
    ctx: typer.Context,
    answers: AnswersArgument,
    rubric: RubricOption = None,
    max_size: MaxSizeOption = 5,
    fmt: ProblemFormatOption = ProblemFormat.text,
) -> None:
    """Check an answers file against the rubric and list every problem at once."""
    import json

    from omnicheck.cli.environment import from_context
    from omnicheck.errors import InputError
    from omnicheck.loading import answers_from, rubric_from
    from omnicheck.printable import printable

    env = from_context(ctx)
    try:
        compiled = rubric_from(rubric, max_bytes=max_size * MEGABYTE, cache_dir=env.cache_dir)
        checked = answers_from(answers, compiled, max_bytes=max_size * MEGABYTE)
    except InputError as exc:
        if fmt is ProblemFormat.text:
            raise
        print_problems_json(False, ((p, "error") for p in exc.problems), env)
        raise typer.Exit(ExitStatus.BAD_INPUT) from None
    if fmt is ProblemFormat.json:
        print_problems_json(True, (), env)
        return
    # Always in double quotes, as JSON writes a string: a name is often "Rosie's Bikes",
    # which repr would quote differently from every other name.
    name = json.dumps(checked.business_name, ensure_ascii=False)
    typer.echo(
        printable(
            f"{answers}: valid ({len(checked.answers)} answers for {compiled.id} "
            f"{compiled.version}, business {name})"
        )
    )


def print_problems_json(
    valid: bool, findings: Iterable[tuple[Problem, str]], env: "Streams | None" = None
) -> None:
    """The ``--format json`` document of ``validate`` and ``rubric lint``, on stdout.

    Every key is always there (``line`` and ``column`` are null where a
    problem has no position), so a consumer never tests for a missing one.
    ASCII only: a file name or message can then never reach a terminal raw.
    """
    from omnicheck.cli.messages import worded
    from omnicheck.report.output import Document, write

    problems = [
        {
            "file": problem.source,
            "line": problem.line,
            "column": problem.column,
            "code": problem.code,
            "severity": severity,
            "message": problem.message,
        }
        for problem, severity in ((worded(p), s) for p, s in findings)
    ]
    data = {"schema": PROBLEMS_SCHEMA, "valid": valid, "problems": problems}
    write(Document("problems", data, ascii=True), "json", None, env)


def register(app: typer.Typer) -> None:
    """Add ``omnicheck validate`` to ``app``; :mod:`omnicheck.cli.app` calls it."""
    app.command(epilog=EXAMPLES)(validate)
