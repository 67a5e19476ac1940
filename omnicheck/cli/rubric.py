"""``omnicheck rubric lint``: check a rubric you wrote before anyone's answers meet it.

The checks themselves live in :mod:`omnicheck.rubric.lint`; this command
prints all of them, warnings too, where loading a rubric for any other
command stops at the errors.
"""

from pathlib import Path
from typing import Annotated

import typer

from omnicheck.cli.options import (
    MEGABYTE,
    MaxSizeOption,
    ProblemFormat,
    ProblemFormatOption,
)
from omnicheck.cli.validate import print_problems_json

rubric_app = typer.Typer(
    name="rubric",
    no_args_is_help=True,
    help="Check rubrics that you write yourself.",
    epilog="""\b
Example:
  omnicheck rubric lint my-rubric.yaml""",
)


@rubric_app.command(
    short_help="Check rubrics and list every error and warning.",
    epilog="""\b
Examples:
  omnicheck rubric lint my-rubric.yaml
  omnicheck rubric lint --strict rubrics/*.yaml   # warnings fail too (for CI)
  omnicheck rubric lint --format json my-rubric.yaml   # for an editor or CI

\b
Exit status: 0 when no rubric has errors (warnings are printed but pass),
2 when one has errors, or warnings with --strict.""",
)
def lint(
    ctx: typer.Context,
    paths: Annotated[
        list[Path],
        typer.Argument(
            metavar="RUBRIC.yaml...", show_default=False, readable=False, help="Rubric files."
        ),
    ],
    strict: Annotated[
        bool, typer.Option("--strict", help="Fail on warnings as well as errors.")
    ] = False,
    max_size: MaxSizeOption = 5,
    fmt: ProblemFormatOption = ProblemFormat.text,
) -> None:
    """Check rubrics and list every error and warning, with FILE:LINE:COLUMN.

    Errors make omnicheck refuse the rubric everywhere (--rubric on any
    command runs the same checks). Warnings mark parts that do nothing: the
    rubric still works, but probably not as you meant.
    """
    from omnicheck.cli.messages import worded
    from omnicheck.errors import MAX_LISTED, ExitStatus, InputError
    from omnicheck.printable import printable
    from omnicheck.rubric.lint import ERROR, Finding, lint_document
    from omnicheck.source.reading import read_text
    from omnicheck.source.safe_yaml import parse_yaml

    failed = False
    found: list[Finding] = []
    for path in paths:
        source = str(path)
        try:
            text = read_text(path, max_bytes=max_size * MEGABYTE, source=source)
            linted = lint_document(parse_yaml(text, source)).findings
            findings = tuple(Finding(f.severity, worded(f.problem)) for f in linted)
        except InputError as exc:  # unreadable, or not YAML: nothing more to check
            findings = tuple(Finding(ERROR, worded(p)) for p in exc.problems)
        errors = sum(f.severity == ERROR for f in findings)
        warnings = len(findings) - errors
        failed = failed or errors > 0 or (strict and warnings > 0)
        if fmt is ProblemFormat.json:
            found.extend(findings)
            continue
        for finding in findings[:MAX_LISTED]:
            typer.echo(printable(str(finding)))
        if len(findings) > MAX_LISTED:
            more = len(findings) - MAX_LISTED
            typer.echo(printable(f"{source}: and {more} more problem{'s' if more > 1 else ''}"))
        typer.echo(printable(f"{source}: {_summary(errors, warnings, strict=strict)}"))
    if fmt is ProblemFormat.json:
        from omnicheck.cli.environment import from_context

        found_problems = ((f.problem, f.severity) for f in found)
        print_problems_json(not failed, found_problems, from_context(ctx))
    if failed:
        raise typer.Exit(ExitStatus.BAD_INPUT)


def _summary(errors: int, warnings: int, *, strict: bool) -> str:
    """The closing line, worded as the exit status: with --strict a warning fails the
    run, so "can be used" would contradict the status 2 that follows."""
    if not errors and not warnings:
        return "no problems found"
    counts = [
        f"{n} {word}{'s' if n != 1 else ''}"
        for n, word in ((errors, "error"), (warnings, "warning"))
        if n
    ]
    if errors:
        return f"{', '.join(counts)}: omnicheck refuses this rubric until the errors are fixed"
    if strict:
        return f"{counts[0]}: --strict refuses warnings; fix them for this rubric to pass"
    return f"{counts[0]}: the rubric can be used, but check them"


def register(app: typer.Typer) -> None:
    """Add ``omnicheck rubric ...`` to ``app``; :mod:`omnicheck.cli.app` calls it."""
    app.add_typer(rubric_app)
