"""The comments at the top of the answers files omnicheck writes, and within them.

The core writes a file's YAML (:mod:`omnicheck.answers.writer`,
:mod:`omnicheck.answers.merged_file`) and puts the comments it is given where
they go, each line made a YAML comment; the commands that write the files
(``assess``, ``merge``) word them here.
"""

from __future__ import annotations

from omnicheck.answers.writer import Comments
from omnicheck.rubric.compiled import CompiledRubric

#: Above the answers a file sets aside (``set_aside``).
SET_ASIDE = (
    "Answers about channels you unticked: not scored, kept until",
    "omnicheck assess asks you whether to remove them.",
)


def assess_comments(rubric: CompiledRubric, *, complete: bool, resume: str) -> Comments:
    """What a file ``assess`` writes says: which rubric, and how to check it or go on."""
    header = [f'Answers to "{rubric.title}" ({rubric.id} {rubric.version}).']
    if complete:
        header.append("Written by 'omnicheck assess'. Check edits: omnicheck validate")
    else:
        header.append("Written by 'omnicheck assess'; not finished yet. To continue:")
        header.append(f"  {resume}")
    return Comments(tuple(header), SET_ASIDE)


def merge_comments(respondents: int, business_name: str, consensus: str) -> Comments:
    """What a merged file says: someone opening it should know that ``answers`` is no one
    person's, and where each person's own answers went."""
    return Comments(
        (
            f"{respondents} respondents of {business_name}, merged by 'omnicheck merge' "
            f"(consensus: {consensus}).",
            "answers: is the consensus; respondents: keeps what each person said.",
        )
    )
