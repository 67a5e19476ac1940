"""``omnicheck rubric lint``: check a rubric you wrote before anyone's answers meet it.

The checks themselves live in :mod:`omnicheck.rubric_lint`; this command
prints all of them, warnings too, where loading a rubric for any other
command stops at the errors.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from omnicheck.cli import MEGABYTE, MaxSizeOption, app

rubric_app = typer.Typer(
    name="rubric",
    no_args_is_help=True,
    help="Check rubrics that you write yourself.",
    epilog="""\b
Example:
  omnicheck rubric lint my-rubric.yaml""",
)
app.add_typer(rubric_app)


@rubric_app.command(
    short_help="Check rubrics and list every error and warning.",
    epilog="""\b
Examples:
  omnicheck rubric lint my-rubric.yaml
  omnicheck rubric lint --strict rubrics/*.yaml   # warnings fail too (for CI)

\b
Exit status: 0 when no rubric has errors (warnings are printed but pass),
2 when one has errors, or warnings with --strict.""",
)
def lint(
    paths: Annotated[
        list[Path],
        typer.Argument(metavar="RUBRIC.yaml...", show_default=False, help="Rubric files."),
    ],
    strict: Annotated[
        bool, typer.Option("--strict", help="Fail on warnings as well as errors.")
    ] = False,
    max_size: MaxSizeOption = 5,
) -> None:
    """Check rubrics and list every error and warning, with FILE:LINE:COLUMN.

    Errors make omnicheck refuse the rubric everywhere (--rubric on any
    command runs the same checks). Warnings mark parts that do nothing: the
    rubric still works, but probably not as you meant.
    """
    from omnicheck.errors import MAX_LISTED, ExitStatus, InputError
    from omnicheck.files import read_text
    from omnicheck.rubric_lint import ERROR, Finding, lint_document
    from omnicheck.yaml_source import parse_yaml

    failed = False
    for path in paths:
        source = str(path)
        try:
            text = read_text(path, max_bytes=max_size * MEGABYTE, source=source)
            findings = lint_document(parse_yaml(text, source)).findings
        except InputError as exc:  # unreadable, or not YAML: nothing more to check
            findings = tuple(Finding(ERROR, p) for p in exc.problems)
        for finding in findings[:MAX_LISTED]:
            typer.echo(str(finding))
        if len(findings) > MAX_LISTED:
            more = len(findings) - MAX_LISTED
            typer.echo(f"{source}: and {more} more problem{'s' if more > 1 else ''}")
        errors = sum(f.severity == ERROR for f in findings)
        warnings = len(findings) - errors
        typer.echo(f"{source}: {_summary(errors, warnings)}")
        failed = failed or errors > 0 or (strict and warnings > 0)
    if failed:
        raise typer.Exit(ExitStatus.BAD_INPUT)


def _summary(errors: int, warnings: int) -> str:
    if not errors and not warnings:
        return "no problems found"
    counts = [
        f"{n} {word}{'s' if n != 1 else ''}"
        for n, word in ((errors, "error"), (warnings, "warning"))
        if n
    ]
    if errors:
        return f"{', '.join(counts)}: omnicheck refuses this rubric until the errors are fixed"
    return f"{counts[0]}: the rubric can be used, but check them"
