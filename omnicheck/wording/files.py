"""The comments at the top of the answers files omnicheck writes, and within them.

The core writes a file's YAML (:mod:`omnicheck.answers.writer`,
:mod:`omnicheck.answers.merged_file`) and puts the comments it is given where
they go, each line made a YAML comment; the commands that write the files
(``assess``, ``merge``) word them here.
"""

from __future__ import annotations


def merged_header(respondents: int, business: object, consensus: str) -> tuple[str, ...]:
    """Above a merged file: who it merges, how, and where each person's answers are."""
    return (
        f"{respondents} respondents of {business}, merged by 'omnicheck merge' "
        f"(consensus: {consensus}).",
        "answers: is the consensus; respondents: keeps what each person said.",
    )
