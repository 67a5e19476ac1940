"""The business's name and free-form details: the first questions of ``assess``.

They are not part of any rubric (a rubric is about channels; every report,
whatever the rubric, needs to say whose it is), so they are defined here and
put in front of the rubric's questions as a section of their own. Only the
name is required; the rest are shown at the top of the report when given.
"""

from __future__ import annotations

from dataclasses import dataclass

from omnicheck.rubric.compiled import Question, Section

#: ``--ask business`` re-asks the name and every detail below.
BUSINESS = "business"
DETAILS_PREFIX = "business."


@dataclass(frozen=True)
class Detail:
    """A free-form fact about the business: shown at the top of every report."""

    key: str
    text: str
    short: str
    help: str
    required: bool = False


DETAILS = (
    Detail(
        "name",
        "What is your business called?",
        "Business name",
        "It heads the report and the answers file.",
        required=True,
    ),
    Detail(
        "sector",
        "What does it sell, and to whom?",
        "Sector",
        "One line, such as 'Outdoor clothing, to hikers and campers'.",
    ),
    Detail(
        "size",
        "How big is it?",
        "Size",
        "Staff, shops or turnover: whatever helps a reader place the report.",
    ),
    Detail("location", "Where is it based?", "Location", "A town, a region or 'online only'."),
    Detail(
        "notes",
        "Anything else the report should mention?",
        "Notes",
        "Context for whoever reads the report, such as plans already under way.",
    ),
)


def _detail_question(d: Detail) -> Question:
    return Question(
        id=DETAILS_PREFIX + d.key,
        kind="text",
        text=d.text,
        short=d.short,
        help=d.help,
        section="details",
        dimension=None,
        weight=0.0,
        effort=None,
        options=(),
        option_by_id={},
        when=None,
        required=d.required,
        allow_na=False,
    )


DETAIL_QUESTIONS = tuple(_detail_question(d) for d in DETAILS)
DETAILS_SECTION = Section(
    "details",
    "Name and details",
    "Its name, and a few details to show at the top of the report. Only the name is needed.",
    "details",
    None,
    DETAIL_QUESTIONS,
)
