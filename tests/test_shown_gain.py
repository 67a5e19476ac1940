"""A plan step's gain is the difference of the index figures shown before and after it.

The reports show the index to one decimal; a reader subtracts one from the
next and must get the gain shown beside it. The gain was once rounded from the
unrounded difference, so a step shown as 16.0 to 17.3 said +1.2. Quick wins are
still flagged and ranked by the unrounded gain.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from omnicheck.batch.portfolio import Portfolio
from omnicheck.batch.runner import result_row
from omnicheck.loading import answers_from, read_yaml
from omnicheck.report.data import build_report
from omnicheck.report.figures import shown_change
from omnicheck.report.output import as_text, report_document
from omnicheck.report.verdict import quick_wins
from omnicheck.rubric.compiled import CompiledRubric
from omnicheck.scoring.assessment import assess
from omnicheck.scoring.plan import QUICK_WIN_GAIN
from tests.conftest import EXAMPLES, answers_for, examples
from tests.strategies import varied_answers

EXAMPLE_ANSWERS = tuple(read_yaml(path).data["answers"] for path in EXAMPLES)


def _assert_gains_match_the_index_shown(report: Any) -> None:
    before = report["index"]
    for s in report["plan"]["steps"]:
        if before is not None and s["index_after"] is not None:
            assert s["gain"] == round(s["index_after"] - before, 1), s["rank"]
        before = s["index_after"]


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_every_step_of_every_example_plan(rubric: CompiledRubric, path: Path) -> None:
    result = assess(rubric, answers_from(path, rubric))
    report = build_report(result)
    _assert_gains_match_the_index_shown(report)
    # The quick-win flag still reads the unrounded gain, which the JSON keeps.
    lowest = min(rubric.efforts.values())
    for step, data in zip(result.plan.steps, report["plan"]["steps"], strict=True):
        assert data["gain_exact"] == round(step.gain, 9)
        flagged = step.effort_points <= lowest and step.gain >= QUICK_WIN_GAIN
        assert data["quick_win"] is flagged


@settings(max_examples=examples(40), deadline=None)
@given(data=st.data())
def test_every_step_of_any_plan(rubric: CompiledRubric, data: st.DataObject) -> None:
    raw = data.draw(varied_answers(rubric, EXAMPLE_ANSWERS))
    _assert_gains_match_the_index_shown(build_report(assess(rubric, answers_for(rubric, raw))))


def test_the_outdoor_step_shown_from_16_0_to_17_3_gains_1_3(rubric: CompiledRubric) -> None:
    path = next(p for p in EXAMPLES if p.stem == "outdoor-retailer")
    report = build_report(assess(rubric, answers_from(path, rubric)))
    document = report_document(report)
    page = as_text(document, "html")
    assert "Promotion honoured everywhere: index 16.0 to 17.3 (+1.3)" in page
    md = as_text(document, "md")
    assert "**Promotion honoured everywhere**: No → Yes (+1.3 points" in md
    # Step 1 (a hand-off to 16.0) is the table's row; step 2 follows it at 17.3.
    assert re.search(r"\| – \| 16\.0 \| medium \|", md)


def test_quick_wins_are_ranked_by_the_unrounded_gain(rubric: CompiledRubric) -> None:
    for path in EXAMPLES:
        report = build_report(assess(rubric, answers_from(path, rubric)))
        wins = quick_wins(report, count=100)
        ranked = sorted(wins, key=lambda s: (not s["quick_win"], -s["gain_exact"], s["rank"]))
        assert all(s["gain_exact"] > 0 for s in wins)
        assert wins == sorted(ranked, key=lambda s: s["rank"])


def test_the_portfolio_first_step_gain_is_shown_alike(rubric: CompiledRubric) -> None:
    portfolio = Portfolio(rubric)
    for path in EXAMPLES:
        result = assess(rubric, answers_from(path, rubric))
        portfolio.add(result_row(rubric, result, result.answers.source), result)
    for row in portfolio.report()["business_list"]["rows"]:
        result = assess(rubric, answers_from(Path(row["source"]), rubric))
        steps = build_report(result)["plan"]["steps"]
        if row["first_step"] is not None:
            assert row["first_step"]["gain"] == steps[0]["gain"]
            assert row["first_step"]["gain"] == shown_change(row["index"], steps[0]["index_after"])


def test_shown_change_rounds_each_figure_first() -> None:
    assert shown_change(16.04, 17.26) == 1.3  # shown 16.0 and 17.3, where 1.22 rounds to 1.2
    assert shown_change(16.0, 17.3) == 1.3  # not 1.3000000000000007
    assert shown_change(None, 17.3) is None
