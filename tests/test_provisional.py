"""Provisional dimensions: one rule, wherever a dimension, gate or step is marked.

A dimension that has a score resting on fewer than half of its questions is
provisional, and so are the gates that read it and the steps that raise it. The
customer-data dimension can be scored from its channels' record links alone, on
none of its questions: that score is provisional too (it was once left unmarked,
since "none answered" was taken to mean "not scored").
"""

from __future__ import annotations

import re
from typing import Any

import pytest
import yaml

from omnicheck.answers.validate import validate_answers
from omnicheck.report.data import build_report
from omnicheck.report.output import as_text, console_text, report_document
from omnicheck.report.terminal import print_summary
from omnicheck.rubric.compiled import CompiledRubric
from omnicheck.scoring.assessment import assess
from omnicheck.scoring.dimensions import rests_on_few
from omnicheck.scoring.plan import provisional_dimensions
from omnicheck.source.safe_yaml import parse_yaml
from tests.conftest import ROOT

SKINCARE = ROOT / "examples" / "skincare-brand.yaml"
#: The customer-data questions of the bundled rubric (the record links are apart).
DATA_QUESTIONS = ("data.record", "data.cross_device", "data.consent", "check.opt_out")


@pytest.mark.parametrize(
    ("answered", "asked", "score", "provisional"),
    [
        (0, 4, 54.2, True),  # scored from the record links alone
        (1, 4, 61.0, True),
        (2, 4, 50.0, False),  # half is enough
        (3, 4, 50.0, False),
        (0, 4, None, False),  # not scored: nothing to be provisional about
        (0, 0, 50.0, False),  # asked nothing: no question left out
    ],
)
def test_the_rule(answered: int, asked: int, score: float | None, provisional: bool) -> None:
    assert rests_on_few(answered, asked, score) is provisional


def _report(rubric: CompiledRubric, not_applicable: int) -> dict[str, Any]:
    """The skincare brand with its first ``not_applicable`` customer-data questions n/a."""
    doc = yaml.safe_load(SKINCARE.read_text(encoding="utf-8"))
    for q in DATA_QUESTIONS[:not_applicable]:
        doc["answers"][q] = "n/a"
    answers = validate_answers(parse_yaml(yaml.safe_dump(doc), "nodata.yaml"), rubric)
    return dict(build_report(assess(rubric, answers)))


@pytest.mark.parametrize("not_applicable", [3, 4])
def test_a_dimension_on_one_or_none_of_its_questions_is_provisional(
    rubric: CompiledRubric, not_applicable: int
) -> None:
    report = _report(rubric, not_applicable)
    data = next(d for d in report["dimensions"] if d["id"] == "data")
    assert data["answered"] == 4 - not_applicable
    assert data["score"] is not None and data["record_links"] is not None
    assert data["provisional"] is True
    # The gates that read it, the plan's list and its steps follow the same rule.
    gates = [g for g in report["gates"] if g["metric"] == "dimension.data"]
    assert gates and all(g["provisional"] for g in gates)
    assert "data" in report["plan"]["provisional"]
    steps = [s for s in report["plan"]["steps"] if s["dimension"] == "data"]
    assert steps and all(s["provisional"] for s in steps if s["kind"] != "handoff")


def test_every_part_agrees_on_which_dimensions_are_provisional(rubric: CompiledRubric) -> None:
    for not_applicable in range(len(DATA_QUESTIONS) + 1):
        doc = yaml.safe_load(SKINCARE.read_text(encoding="utf-8"))
        for q in DATA_QUESTIONS[:not_applicable]:
            doc["answers"][q] = "n/a"
        answers = validate_answers(parse_yaml(yaml.safe_dump(doc), "x.yaml"), rubric)
        a = assess(rubric, answers)
        marked = {d.id for d in a.dimensions if d.provisional}
        assert set(provisional_dimensions(rubric, answers.answers, a.scores)) == marked
        steps = {s.dimension for s in a.plan.steps if s.provisional}
        assert steps <= marked
        assert ("data" in marked) is (not_applicable >= 3)


def test_none_of_four_is_worded_in_every_format(rubric: CompiledRubric) -> None:
    report = _report(rubric, 4)
    basis = "based on 0 of 4 questions (all n/a), only on how the channels link to the customer"
    text = console_text(lambda console: print_summary(report, console), width=200)  # type: ignore[arg-type]
    assert re.search(r"^Customer data +\d+\*", text, flags=re.M)
    assert f"* provisional: Customer data is {basis}" in text
    document = report_document(report)  # type: ignore[arg-type]
    md = as_text(document, "md")
    assert "Customer data (provisional: based on 0 of 4 questions)" in md
    assert f"**Provisional:** Customer data is {basis}" in md
    assert f"Customer data is {basis}" in as_text(document, "html")
    one = as_text(report_document(_report(rubric, 3)), "md")  # type: ignore[arg-type]
    assert "Customer data is based on 1 of 4 questions (the rest n/a), so" in one
