"""The plan as tasks: a CSV for issue trackers, a Markdown checklist, or JSON.

A consultant hands the plan to whoever does the work, and that work is
tracked in Jira, Trello, Asana or a GitHub project. Their CSV importers
each map columns by header, so the CSV has one row per step, in plan order,
with a header a person recognises (Summary, Description, ...) and empty
Assignee and Due date columns to fill in before the import.

Every text cell (the rubric's advice, channel names from the answers) goes
through :func:`~omnicheck.printable.spreadsheet_cell`, as batch rows do: an
importer opens the file in a spreadsheet first as often as not. The figures
come from the report's ``plan`` data, so the CSV, the checklist, the JSON and
the report can never disagree.
"""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING, Final

from omnicheck import __version__
from omnicheck.printable import spreadsheet_cell
from omnicheck.report.output import Document
from omnicheck.report.words import current

if TYPE_CHECKING:
    from omnicheck.report.model import PlanStep, Report
    from omnicheck.report.model_plan import PlanDocument

PLAN_SCHEMA: Final = "omnicheck.plan/1"
#: The phase of a step whose dimension is in no roadmap phase (its `phase_name` is null).
LATER = "Later"
#: The CSV header. Summary and Description are the names Jira, Asana and GitHub
#: map without asking; the rest are mapped once in the importer.
COLUMNS = (
    "Summary",
    "Description",
    "Phase",
    "Effort",
    "Gain",
    "Level after",
    "Quick win",
    "Assignee",
    "Due date",
)


def plan_document(report: Report) -> PlanDocument:
    """What ``omnicheck plan --format json`` writes: the report's plan, and whose it is."""
    return {
        "schema": PLAN_SCHEMA,
        "omnicheck_version": __version__,
        "rubric": report["rubric"],
        "business": report["business"],
        "assessed": report["assessed"],
        "level": report["level"],
        "level_name": report["level_name"],
        "index": report["index"],
        "levels": [{"id": lv["id"], "name": lv["name"]} for lv in report["levels"]],
        "plan": report["plan"],
    }


def step_description(step: PlanStep) -> str:
    """The advice, then what the step clears and whether it is provisional, as a task's
    body: worded by ``words.txt.j2``, as the checklist's are, so that rewording (or
    translating) them there reaches the CSV too."""
    words = current()
    text: str = step["advice"]
    for said in (words.cleared(step), words.provisional(step)):
        if said:
            text += "\n\n" + said
    return text


def render_csv(doc: PlanDocument) -> str:
    """One row per plan step, in plan order, under :data:`COLUMNS`."""
    names = {lv["id"]: lv["name"] for lv in doc["levels"]}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180, as importers expect
    writer.writerow(COLUMNS)
    for step in doc["plan"]["steps"]:
        gain = step["gain"]
        writer.writerow(
            [
                spreadsheet_cell(current().step_summary(step)),
                spreadsheet_cell(step_description(step)),
                spreadsheet_cell(step["phase_name"] or LATER),
                spreadsheet_cell(step["effort"]),
                # A number omnicheck computed, never negative: kept a number.
                "" if gain is None else f"{gain:.1f}",
                spreadsheet_cell(names.get(step["level_after"], step["level_after"])),
                "yes" if step["quick_win"] else "no",
                "",
                "",
            ]
        )
    return out.getvalue()


def plan_output(doc: PlanDocument) -> Document:
    """The plan as :func:`omnicheck.report.output.write` takes it: the CSV is its own,
    the checklist is ``plan.md.j2``."""
    from functools import partial

    levels = {lv["id"]: lv for lv in doc["levels"]}
    return Document(
        "plan", doc, {"p": doc, "levels": levels}, own={"csv": partial(render_csv, doc)}
    )
