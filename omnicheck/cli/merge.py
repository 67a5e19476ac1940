"""``omnicheck merge``: several respondents of one business, combined into one answers file."""

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from omnicheck.cli.options import MEGABYTE, MaxSizeOption, RubricOption, output_option


class Consensus(str, Enum):
    median = "median"
    lowest = "lowest"


#: Shown under ``omnicheck merge --help``.
EXAMPLES = """\b
Examples:
  omnicheck merge workshop/*.yaml -o merged.yaml
  omnicheck merge marketing.yaml stores.yaml it.yaml -o merged.yaml --consensus lowest
  omnicheck report merged.yaml -o report.md   # with "Where your team disagrees"

\b
Each file's respondent is its 'respondent: {name: ..., role: ...}', or else
its file name. A merged file can be merged again: its respondents' own
answers are used, not its consensus."""


def merge(
    ctx: typer.Context,
    files: Annotated[
        list[Path],
        typer.Argument(
            metavar="ANSWERS.yaml...",
            show_default=False,
            readable=False,
            help="One answers file per respondent (or merged files), all of one business.",
        ),
    ],
    output: Annotated[Path | None, output_option("the merged answers")] = None,
    consensus: Annotated[
        Consensus,
        typer.Option(
            "--consensus",
            help="median: the middle answer of a scale; lowest: the lowest, the cautious "
            "choice. n/a answers never count.",
        ),
    ] = Consensus.median,
    rubric: RubricOption = None,
    max_size: MaxSizeOption = 5,
) -> None:
    """Merge the answers of several respondents of one business into one answers file."""
    from omnicheck.answers.merge import merge_answers
    from omnicheck.answers.merged_file import (
        check_respondents,
        check_same_assessment,
        merged_business,
        merged_yaml,
        respondents_of,
    )
    from omnicheck.answers.validate import validate_answers
    from omnicheck.cli.environment import from_context
    from omnicheck.cli.messages import worded
    from omnicheck.errors import AnswersError, UsageError
    from omnicheck.loading import read_yaml, rubric_from
    from omnicheck.report.formats import format_for
    from omnicheck.report.output import Document, write
    from omnicheck.source.files import check_outputs
    from omnicheck.source.safe_yaml import parse_yaml
    from omnicheck.wording.files import merge_comments

    check_outputs([("--output", output)], [*files, *([rubric] if rubric else [])])
    format_for(None, output, allowed=("yaml",), default="yaml", chosen_by_option=False)
    limit = max_size * MEGABYTE
    env = from_context(ctx)
    compiled = rubric_from(rubric, max_bytes=limit, cache_dir=env.cache_dir)
    docs = [read_yaml(path, max_bytes=limit) for path in files]
    check_same_assessment(docs)
    parsed = [validate_answers(doc, compiled) for doc in docs]
    team = check_respondents(
        [
            (doc, respondents_of(path, doc, f))
            for path, doc, f in zip(files, docs, parsed, strict=True)
        ]
    )
    merged = merge_answers(compiled, team, consensus.value)
    business = merged_business(parsed)
    comments = merge_comments(len(team), str(business["name"]), consensus.value)
    text = merged_yaml(compiled, business, team, merged, consensus.value, comments=comments)
    try:
        validate_answers(parse_yaml(text, "the merged answers"), compiled)
    except AnswersError as exc:  # a question that applies to the consensus, answered by nobody
        raise UsageError(f"cannot merge: {worded(exc.problems[0]).message}") from None
    answers = Document("answers", own={"yaml": lambda: text})
    write(answers, "yaml", output, env)


def register(app: typer.Typer) -> None:
    """Add ``omnicheck merge`` to ``app``; :mod:`omnicheck.cli.app` calls it."""
    app.command(epilog=EXAMPLES)(merge)
