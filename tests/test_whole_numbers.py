"""Whole numbers on the page are the JSON's one-decimal figures rounded half up.

``format`` and ``round`` round a half to even, so 62.5 in the JSON showed as 62
(and 37.5 as 38): an owner reading both expects 63 and 38.
"""

from __future__ import annotations

import re

import pytest

from omnicheck.loading import answers_from
from omnicheck.report.data import build_report
from omnicheck.report.figures import whole
from omnicheck.report.output import as_text, console_text, report_document
from omnicheck.report.render import number
from omnicheck.report.terminal import print_summary
from omnicheck.rubric.compiled import CompiledRubric
from omnicheck.scoring.assessment import assess
from tests.conftest import ROOT


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (62.5, "63"),
        (37.5, "38"),
        (0.5, "1"),
        (62.4, "62"),
        (62.46, "63"),  # its one-decimal figure, 62.5, is what the JSON says
        (62.449, "62"),  # 62.4 in the JSON
        (100.0, "100"),
        (-2.5, "-3"),  # half away from zero, either way
    ],
)
def test_a_half_rounds_up(value: float, shown: str) -> None:
    assert number(value) == shown == str(whole(value))


def test_one_decimal_and_none_are_as_before() -> None:
    assert number(62.5, 1) == "62.5"
    assert number(None) == "–"


def test_the_skincare_brand_shows_62_5_as_63(rubric: CompiledRubric) -> None:
    path = ROOT / "examples" / "skincare-brand.yaml"
    report = build_report(assess(rubric, answers_from(path, rubric)))
    scores = {d["id"]: d["score"] for d in report["dimensions"]}
    assert scores["coverage"] == scores["measurement"] == 62.5
    text = console_text(lambda console: print_summary(report, console), width=80)
    assert re.search(r"^Coverage +63 ", text, flags=re.M)
    assert re.search(r"^Measurement +63 ", text, flags=re.M)
    md = as_text(report_document(report), "md")
    assert "| Coverage | 63 |" in md and "| Measurement | 63 |" in md
