"""The portfolio summary: exact medians and quartiles from histograms, counts that add up."""

from __future__ import annotations

import statistics

from hypothesis import given
from hypothesis import strategies as st

from omnicheck.batch.portfolio import GRID, Portfolio, ScoreHistogram
from omnicheck.batch.runner import result_row
from omnicheck.loading import answers_from
from omnicheck.scoring.assessment import assess
from tests.conftest import EXAMPLES

scores = st.integers(min_value=0, max_value=GRID - 1).map(lambda step: step / 10)


@given(st.lists(scores, min_size=1, max_size=300))
def test_quantiles_match_the_statistics_module(values):
    histogram = ScoreHistogram()
    for value in values:
        histogram.add(value)
    figures = histogram.summary()
    assert figures["scored"] == len(values) and figures["not_scored"] == 0
    assert figures["min"] == min(values) and figures["max"] == max(values)
    assert figures["median"] == round(statistics.median(values), 3)
    if len(values) >= 2:
        p25, _, p75 = statistics.quantiles(values, n=4, method="inclusive")
        assert (figures["p25"], figures["p75"]) == (round(p25, 3), round(p75, 3))
        assert figures["iqr"] == round(figures["p75"] - figures["p25"], 3)


def test_scores_are_binned_as_the_rows_round_them():
    histogram = ScoreHistogram()
    for value in (33.34, 33.26, None, 100.0, 0.0):
        histogram.add(value)
    assert (histogram.scored, histogram.not_scored) == (4, 1)
    assert histogram.quantile(0.5) == 33.3  # both round to 33.3, as the rows show them
    assert ScoreHistogram().summary()["median"] is None


def test_the_report_counts_every_business(rubric):
    portfolio = Portfolio(rubric)
    results = [assess(rubric, answers_from(p, rubric)) for p in EXAMPLES * 3]
    for result in results:
        portfolio.add(result_row(rubric, result, result.answers.source), result)
    report = portfolio.report()
    assert report["businesses"] == {"total": 12, "scored": 12, "failed": 0}
    assert sum(level["count"] for level in report["levels"]) == 12
    assert all(level["percent"] == 25.0 for level in report["levels"])
    assert sum(t["count"] for t in report["targets"]) == 12
    # one example has a single channel: no index, no dimension scores
    assert (report["index"]["scored"], report["index"]["not_scored"]) == (9, 3)
    indexes = sorted(round(r.index, 1) for r in results if r.index is not None)
    assert report["index"]["median"] == statistics.median(indexes)
    blockers = {(b["level"], b["id"]): b["count"] for b in report["blockers"]}
    expected: dict = {}
    for r in results:
        for check in r.level.blockers:
            expected[(check.level, check.id)] = expected.get((check.level, check.id), 0) + 1
    assert blockers == expected
    firsts = sum(a["first"] for a in report["actions"])
    assert firsts == sum(1 for r in results if r.plan.steps)
