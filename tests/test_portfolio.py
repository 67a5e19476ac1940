"""The portfolio summary: exact medians and quartiles from histograms, counts that add up."""

from __future__ import annotations

import re
import statistics
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from omnicheck.batch import roster
from omnicheck.batch.portfolio import GRID, SPREAD_MIN, Portfolio, ScoreHistogram
from omnicheck.batch.rows import portfolio_document
from omnicheck.batch.runner import result_row
from omnicheck.loading import answers_from
from omnicheck.report.output import as_text
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
    if len(values) >= SPREAD_MIN:
        p25, _, p75 = statistics.quantiles(values, n=4, method="inclusive")
        assert (figures["p25"], figures["p75"]) == (round(p25, 3), round(p75, 3))
        assert figures["iqr"] == round(figures["p75"] - figures["p25"], 3)
    else:  # too few for a spread that means something
        assert figures["p25"] is figures["p75"] is figures["iqr"] is None


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


def portfolio_of(rubric, paths) -> Portfolio:
    portfolio = Portfolio(rubric)
    for path in paths:
        result = assess(rubric, answers_from(path, rubric))
        portfolio.add(result_row(rubric, result, result.answers.source), result)
    return portfolio


def test_every_business_is_listed_with_its_level_target_and_first_step(rubric):
    report = portfolio_of(rubric, EXAMPLES).report()
    listed = report["business_list"]
    assert (listed["listed"], listed["more"]) == (len(EXAMPLES), 0)
    ranks = {level.id: i for i, level in enumerate(rubric.levels)}
    order = [
        (-ranks[b["level"]], -(b["index"] if b["index"] is not None else -1))
        for b in listed["rows"]
    ]
    assert order == sorted(order)  # highest level first, then the higher index
    for b in listed["rows"]:
        result = assess(rubric, answers_from(Path(b["source"]), rubric))
        assert (b["name"], b["level"], b["target"]) == (
            result.answers.business_name,
            result.level.level,
            result.target.strategy,
        )
        assert b["index"] == (None if result.index is None else round(result.index, 1))
        first = result.plan.steps[0] if result.plan.steps else None
        assert (b["first_step"] or {}).get("question") == (first and first.question)
    md = as_text(portfolio_document(report), "md")
    for b in listed["rows"]:
        step = b["first_step"]
        shown = f"{step['text']}: " if step else "no integration steps: one channel only"
        assert re.search(
            rf"^\| {re.escape(b['name'].replace('&', '&'))} \|.*\| {re.escape(shown)}", md, re.M
        )


def test_the_list_is_capped_and_says_how_many_it_leaves_out(rubric, monkeypatch):
    monkeypatch.setattr(roster, "LISTED", 3)
    report = portfolio_of(rubric, EXAMPLES * 2).report()
    assert report["business_list"]["listed"] == 3
    assert report["business_list"]["more"] == 2 * len(EXAMPLES) - 3
    total = 2 * len(EXAMPLES)
    assert f"The first 3 businesses scored, of {total}; the result rows have all of them." in (
        as_text(portfolio_document(report), "md")
    )


def test_spread_statistics_only_from_enough_businesses(rubric):
    few = portfolio_of(rubric, EXAMPLES).report()
    scored = few["index"]["scored"]
    assert scored < SPREAD_MIN and few["spread_min"] == SPREAD_MIN
    assert few["index"]["p25"] is None and few["index"]["median"] is not None
    md = as_text(portfolio_document(few), "md")
    assert (
        f"Quartiles and their spread are given from {SPREAD_MIN} businesses on: with {scored},"
        in md
    )
    assert "| Scored | Median | Lowest | Highest |" in md and "Spread |" not in md
    # the median as exact as it is: halfway between two one-decimal scores needs two
    median = few["index"]["median"]
    assert (
        f"| **{median:.2f}** |" in md if round(median, 1) != median else f"**{median:.1f}**" in md
    )
    many = portfolio_of(rubric, EXAMPLES * 4).report()
    assert many["index"]["scored"] >= SPREAD_MIN and many["index"]["p25"] is not None
    assert "| Scored | Median | Quartiles | Spread | Lowest | Highest |" in as_text(
        portfolio_document(many), "md"
    )


def test_lists_of_chunks_merge_into_the_list_of_the_whole(rubric, monkeypatch):
    """A batch scored in chunks elsewhere lists the same businesses as one scored here."""
    import pickle

    monkeypatch.setattr(roster, "LISTED", 5)
    paths = EXAMPLES * 2
    whole = portfolio_of(rubric, paths).roster
    merged = portfolio_of(rubric, paths[:3]).roster
    for chunk in (paths[3:4], paths[4:]):
        sent = pickle.loads(pickle.dumps(portfolio_of(rubric, chunk).roster))
        assert not hasattr(sent, "rubric")  # the rubric stays with the caller
        merged.merge(sent)
    assert merged.report() == whole.report()
    assert (whole.report()["listed"], whole.report()["more"]) == (5, len(paths) - 5)


def test_targets_are_named_by_their_strategy_as_the_report_names_them(rubric):
    """The report and the diff say "Perfect one channel"; the portfolio must not say the
    level's name ("Single-channel") for the same target."""
    from omnicheck.report.data import build_report

    report = portfolio_of(rubric, EXAMPLES).report()
    named = {}
    for path in EXAMPLES:
        result = assess(rubric, answers_from(path, rubric))
        named[result.target.strategy] = build_report(result)["target"]["name"]
    assert any(rubric.levels[rubric.level_rank[s]].name != n for s, n in named.items())
    for t in report["targets"]:
        if t["id"] in named:
            assert t["name"] == named[t["id"]]
    for b in report["business_list"]["rows"]:
        assert b["target_name"] == named[b["target"]]
    md = as_text(portfolio_document(report), "md")
    for name in named.values():
        assert f"| {name} |" in md
