"""One scoring path, asked for more or less: its parts agree, and its shortcuts are exact.

A report and a batch assess a business through the same
:class:`~omnicheck.scoring.assessment.Assessment`; a batch only reads fewer
of its parts. The parts a report reads (the link matrix, each dimension's
items, every level's checks, the plan) are checked here against the figures
every reader shares. The what-if and the plan re-score one channel's links
or one dimension at a time; those are checked against a re-count of the
changed answers, with exact equality, not approximately.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from omnicheck.loading import answers_from
from omnicheck.rubric.compiled import BASE_METRICS, Option, Question
from omnicheck.scoring.actions import Action, _order
from omnicheck.scoring.assessment import assess
from omnicheck.scoring.dimensions import POINTS_PER_STEP
from omnicheck.scoring.levels import evaluate_levels, reached_rank
from omnicheck.scoring.links import LINKED, RELINKED_METRICS, Relinker, compute_links
from tests.conftest import EXAMPLES, answers_for, examples
from tests.strategies import raw_answers

#: Both rubrics of the tests: the bundled one and the tiny one of tests/conftest.py.
RUBRICS = ["rubric", "tiny"]


def _raised(rubric, answers, channel: str, level: int):
    """``answers`` with ``channel``'s link to the customer record at ``level``."""
    question = rubric.by_id[rubric.links.record_question[channel]]
    option = next(o.id for o in question.options if o.score == level)
    return {**answers, question.id: option}


def _link_metrics(links) -> dict[str, float | None]:
    return {
        "linked_pairs": float(links.linked_pairs),
        "link_density": links.density,
        "hub_coverage": links.hub_coverage,
        "stages_linked": float(len(links.stages_linked)),
    }


@settings(
    max_examples=examples(60),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_relinked_metrics_equal_a_full_link_recompute(rubric, data):
    """Every channel raised to every level above its own, against computing the links again."""
    answers = answers_for(rubric, data.draw(raw_answers(rubric))).answers
    base = compute_links(rubric, answers)
    assert base is not None
    relinker = Relinker(rubric.links, base)
    for channel in base.channels:
        for level in range(base.record[channel] or 0, 5):
            full = compute_links(rubric, _raised(rubric, answers, channel, level))
            assert relinker.metrics(channel, level) == _link_metrics(full), (channel, level)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_relinked_metrics_of_the_examples(rubric, path):
    answers = answers_from(path, rubric).answers
    base = compute_links(rubric, answers)
    checked = 0
    for channel in base.channels:
        for level in range(base.record[channel] or 0, 5):
            full = compute_links(rubric, _raised(rubric, answers, channel, level))
            relinked = Relinker(rubric.links, base).metrics(channel, level)
            assert relinked == _link_metrics(full)
            # the what-if tests whether a level could move from these names alone
            assert tuple(relinked) == RELINKED_METRICS
            checked += 1
    assert checked >= len(base.channels)


def next_option(q: Question, current: Option) -> Option | None:
    """The definition of a one-step raise: the lowest score above the current one."""
    assert current.score is not None
    higher = [o for o in q.options if o.score is not None and o.score > current.score]
    return min(higher, key=lambda o: o.score or 0) if higher else None


def test_step_up_table_matches_next_option(rubric):
    for q in rubric.questions:
        table = rubric.step_up.get(q.id)
        if not q.scored:
            assert table is None
            continue
        for option in q.options:
            assert table.get(option.id) == next_option(q, option), (q.id, option.id)


def test_question_order_is_asking_order(rubric):
    assert list(rubric.question_order) == [q.id for q in rubric.questions]
    assert list(rubric.question_order.values()) == list(range(len(rubric.questions)))


def test_scoring_twice_with_one_rubric_gives_the_same_result(rubric):
    """The cached tables must not carry state from one business to the next."""
    first = [assess(rubric, answers_from(p, rubric)) for p in EXAMPLES]
    again = [assess(rubric, answers_from(p, rubric)) for p in reversed(EXAMPLES)]
    assert [a.actions for a in first] == [a.actions for a in reversed(again)]
    assert [a.index for a in first] == [a.index for a in reversed(again)]


@given(
    st.fixed_dictionaries(
        {},
        optional={
            name: st.one_of(st.none(), st.floats(min_value=0, max_value=100))
            for name in [
                *BASE_METRICS,
                "dimension.journey",
                "dimension.data",
                "dimension.service",
            ]
        },
    )
)
@settings(max_examples=examples(300), suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_every_level_s_checks_explain_the_rank_reached(rubric, metrics):
    """The report's checks of each level say why reached_rank, the one test, stops where it does."""
    result = evaluate_levels(rubric, metrics)
    assert result.rank == reached_rank(rubric, metrics)
    for status in result.statuses:
        assert status.reached == (status.rank <= result.rank)
        if status.rank <= result.rank:
            assert status.entry_met and status.gates_met, status.id
    above = result.rank + 1
    if above < len(result.statuses):
        status = result.statuses[above]
        assert not (status.entry_met and status.gates_met)
        unmet = [c for c in status.checks if not c.met]
        if status.gates_met:  # the entry: its band and alternatives, all unmet
            assert [c.id for c in result.blockers] == [c.id for c in unmet]
        else:
            assert {c.id for c in result.blockers} >= {c.id for c in unmet if c.kind == "gate"}


@pytest.mark.parametrize("which", RUBRICS)
@settings(
    max_examples=examples(60),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_the_what_if_agrees_with_scoring_each_raise_from_scratch(request, which, data):
    """Every raise, listed or left out, against a full re-score of the raised answers.

    Covers the shortcuts of actions.py: outcomes shared by raises, the index
    re-summed from one dimension, the level tested only when it could move
    (levels.LevelOutlook) and the link metrics adjusted for one channel
    (links.Relinker).
    """
    rubric = request.getfixturevalue(which)
    answers = answers_for(rubric, data.draw(raw_answers(rubric)))
    base = assess(rubric, answers)
    listed = {a.question: a for a in base.actions}
    for qid, value in answers.answers.items():
        target = rubric.step_up.get(qid, {}).get(value) if isinstance(value, str) else None
        if target is None or base.index is None:
            assert qid not in listed
            continue
        again = assess(rubric, replace(answers, answers={**answers.answers, qid: target.id}))
        assert again.index is not None
        gain = again.index - base.index
        unlocks = again.level.rank > base.level.rank
        if qid not in listed:
            assert gain <= 1e-9 and not unlocks, qid
            continue
        action = listed[qid]
        assert action.index_after == pytest.approx(again.index, rel=1e-12, abs=1e-12)
        assert (action.level_after, action.unlocks) == (again.level.level, unlocks), qid
        assert action.to_option == target.id
    expected = sorted(
        base.actions,
        key=lambda a: (
            not a.unlocks,
            -round(a.priority, 9),
            -a.gain,
            rubric.question_order[a.question],
        ),
    )
    assert base.actions == tuple(expected)
    assert [a.rank for a in base.actions] == list(range(1, len(base.actions) + 1))


@given(
    st.lists(
        st.tuples(
            st.booleans(),
            st.sampled_from([0.5, 1.25, 2.0]),
            st.sampled_from([0.0, 1e-12, -1e-12, 4e-10, 1.5e-9, -1.9e-9, 2.5e-9, 1e-8]),
            st.sampled_from([0.1, 0.2, 0.3]),
        ),
        max_size=12,
    )
)
def test_ranking_skips_rounding_only_where_it_cannot_change_the_order(raw):
    """_order against sorting every candidate on the rounded priority, near ties included.

    With a ``top``, the first ``top`` must be exactly those of the whole order.
    """
    actions = [
        Action(0, f"q{i}", "d", "a", "b", gain, 0.0, "x", unlocks, "e", 1.0, p + noise, 1, "p", "")
        for i, (unlocks, p, noise, gain) in enumerate(raw)
    ]
    candidates = [(not a.unlocks, -a.priority, -a.gain, i, a) for i, a in enumerate(actions)]
    expected = sorted(candidates, key=lambda c: (c[0], -round(a_priority(c), 9), c[2], c[3]))
    for top in range(len(candidates) + 1):
        ordered = list(reversed(candidates))
        _order(ordered, top)
        assert [c[-1].question for c in ordered[:top]] == [c[-1].question for c in expected[:top]]


def a_priority(candidate: tuple[Any, ...]) -> float:
    return candidate[-1].priority


def _agrees_with_its_parts(rubric, answers) -> None:
    """The parts a report reads, worked out lazily, say what the figures a batch reads say."""
    result = assess(rubric, answers)
    values = answers.answers
    if result.links is None:
        assert result.link_figures is None
    else:
        figures = result.link_figures
        assert figures is not None
        # The measures come from link_figures; they must be what the pair matrix shows:
        # the pairs linked at LINKED or above, and their stages.
        pairs = result.links.pairs
        linked = [p for p in pairs if p.level >= LINKED]
        assert figures.pair_count == len(pairs)
        assert figures.linked_pairs == len(linked)
        assert figures.density == (100.0 * len(linked) / len(pairs) if pairs else None)
        covered = {stage for p in linked for stage in p.stages}
        assert set(figures.stages_linked) == covered
        assert sorted(figures.handoffs) == list(result.links.handoffs)
    for d in result.dimensions:  # the items add up to the score the figures hold
        items = [i for i in d.items if i.score is not None]
        weight = sum(i.weight for i in items)
        points = sum(i.weight * i.score for i in items)
        if d.record_links is not None:
            assert rubric.links is not None
            weight += rubric.links.record_weight
            points += rubric.links.record_weight * d.record_links
        expected = POINTS_PER_STEP * points / weight if weight else None
        assert d.score == pytest.approx(expected) if expected is not None else d.score is None
        assert result.scores[d.id] == d.score
    assert result.level.level == result.level_id and result.level.blockers == result.blockers
    assert result.target.strategy == result.strategy
    # the batch's first steps are the report's plan's first steps, for any count
    for count in range(5):
        again = assess(rubric, answers)
        assert again.first_steps(count) == result.plan.steps[:count], count
    assert result.first_steps(2) == result.plan.steps[:2]
    assert values is answers.answers  # nothing changed the answers


@pytest.mark.parametrize("which", RUBRICS)
@settings(
    max_examples=examples(60),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_what_a_batch_reads_agrees_with_what_a_report_reads(request, which, data):
    rubric = request.getfixturevalue(which)
    _agrees_with_its_parts(rubric, answers_for(rubric, data.draw(raw_answers(rubric))))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_the_parts_of_the_examples_agree(rubric, path):
    _agrees_with_its_parts(rubric, answers_from(path, rubric))
