"""The shortcuts that make batches fast give exactly what the plain computation gives.

A batch scores thousands of businesses, so the core re-scores incrementally
(one channel's links, one dimension's points) and caches lookup tables on the
compiled rubric. Each shortcut is checked here against the straightforward
computation it replaces, with exact equality, not approximately.
"""

from __future__ import annotations

import pickle
from dataclasses import dataclass, replace
from functools import partial
from typing import Any
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from omnicheck.answers import validate as answers_module
from omnicheck.answers.checks import answers_plan
from omnicheck.answers.validate import validate_answers
from omnicheck.errors import AnswersError, Problem
from omnicheck.loading import answers_from
from omnicheck.rubric.compiled import Option, Question
from omnicheck.rubric.conditions import (
    NotApplicable,
    QuestionTest,
    compile_condition,
    evaluate,
    parse_condition,
)
from omnicheck.scoring.actions import Action, _order, what_if_actions
from omnicheck.scoring.assessment import assess
from omnicheck.scoring.brief import summarize, summary_of
from omnicheck.scoring.dimensions import score_dimensions, score_sheet
from omnicheck.scoring.levels import evaluate_levels, next_blockers, reached_rank
from omnicheck.scoring.links import LINKED, RELINKED_METRICS, Relinker, compute_links, link_figures
from omnicheck.scoring.target import target_strategy
from tests.conftest import EXAMPLES, answers_for
from tests.strategies import CONDITIONS, ODD_VALUES, raw_answers

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
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
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
                "index",
                "channel_count",
                "linked_pairs",
                "link_density",
                "hub_coverage",
                "stages_linked",
                "coverage",
                "dimension.journey",
                "dimension.data",
                "dimension.service",
            ]
        },
    )
)
@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_reached_rank_agrees_with_the_full_level_evaluation(rubric, metrics):
    assert reached_rank(rubric, metrics) == evaluate_levels(rubric, metrics).rank


ANSWER_VALUES = st.one_of(
    st.just(NotApplicable()),
    st.sampled_from(["reach", "loyalty", "web", "store", "email", "s0", "s2", "s4"]),
    st.lists(st.sampled_from(["web", "store", "email", "reach"]), max_size=3).map(tuple),
)
TINY_ANSWERS = st.dictionaries(
    st.sampled_from(["goal", "channels", "a.one", "b.store", "record.web"]), ANSWER_VALUES
)
TINY_METRICS = st.one_of(
    st.none(),
    st.dictionaries(
        st.sampled_from(["index", "dimension.a", "dimension.b", "channel_count", "hub_coverage"]),
        st.one_of(st.none(), st.sampled_from([0.0, 1.0, 2.0, 25.0, 40.0, 62.5, 75.0, 100.0])),
    ),
)
EVERY_OPERATOR = st.builds(
    QuestionTest,
    st.sampled_from(["goal", "channels"]),
    st.sampled_from(["is", "has", "answered"]),
    st.sampled_from(["reach", "web", True, False]),
).filter(lambda t: (t.op == "answered") == isinstance(t.value, bool))


@settings(max_examples=500)
@given(condition=st.one_of(CONDITIONS, EVERY_OPERATOR), answers=TINY_ANSWERS, metrics=TINY_METRICS)
def test_compiled_conditions_agree_with_evaluate(condition, answers, metrics):
    expected = evaluate(condition, answers, metrics)
    assert compile_condition(condition)(answers, metrics) is expected


@dataclass(frozen=True)
class PlainDocument:
    """Answers data that locates a problem by its path, so two runs compare exactly."""

    data: Any
    source: str = "answers"

    def problem(
        self, path: tuple[Any, ...], message: str, *, at_key: bool = False, code: str = "?"
    ) -> Problem:
        return Problem(self.source, f"{path} {at_key} {message}", code=code)

    def text(self, path: tuple[Any, ...]) -> str | None:
        return None  # no source text: values are as given


@st.composite
def mistaken_answers(draw: st.DrawFn, rubric) -> dict[str, Any]:
    """Valid answers with up to four mistakes: odd values, answers moved or dropped.

    Lists of choices may repeat an option or hold one whose condition does not hold.
    """
    raw = draw(raw_answers(rubric))
    ids = [q.id for q in rubric.questions]
    multi = [q for q in rubric.questions if q.kind == "multi"]
    for _ in range(draw(st.integers(0, 4))):
        qid = draw(st.sampled_from(ids))
        mistake = draw(st.sampled_from(["odd", "other", "drop", "unknown", "n/a", "choices"]))
        if mistake == "choices":
            q = draw(st.sampled_from([q for q in multi if q.id in raw] or multi))
            chosen = raw[q.id] if isinstance(raw.get(q.id), list) else []
            extra = st.sampled_from([*chosen, *(o.id for o in q.options)])
            raw[q.id] = chosen + draw(st.lists(extra, min_size=1, max_size=3))
        elif mistake == "odd":
            raw[qid] = draw(ODD_VALUES)
        elif mistake == "other":  # another question's answer, often not an option here
            raw[qid] = raw.get(draw(st.sampled_from(ids)))
        elif mistake == "drop":
            raw.pop(qid, None)
        elif mistake == "unknown":
            raw[qid + "x"] = "yes"
        else:
            raw[qid] = draw(st.sampled_from(["n/a", " N/A ", {"n/a": "why"}]))
    return raw


def _validated(rubric, doc: PlainDocument, **options: bool) -> Any:
    try:
        return validate_answers(doc, rubric, **options)
    except AnswersError as exc:
        return [str(p) for p in exc.problems]


@pytest.mark.parametrize("which", RUBRICS)
@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_the_answers_plan_validates_as_the_plain_validator_does(request, which, data):
    """Valid or not, strict or lenient: the same answers, set-asides and problems, in order."""
    rubric = request.getfixturevalue(which)
    raw = data.draw(mistaken_answers(rubric))
    status = data.draw(st.sampled_from(["complete", "incomplete"]))
    doc = PlainDocument(
        {
            "rubric": {"id": rubric.id, "version": rubric.version},
            "status": status,
            "business": {"name": "Plan Co"},
            "answers": raw,
        }
    )
    options = {
        "require_complete": data.draw(st.booleans()),
        "lenient": data.draw(st.booleans()),
    }
    fast = _validated(rubric, doc, **options)
    with mock.patch.object(answers_module, "answers_plan", PLAIN_PLAN):
        plain = _validated(rubric, doc, **options)
    assert fast == plain


#: The plan without its shortcuts: each question's own condition, run by evaluate().
PLAIN_PLAN = partial(answers_plan, fast=False)


def test_a_shared_condition_is_tested_once_per_validation(rubric):
    """The sections' common condition is one entry of the plan, not one per question."""
    plan = rubric.derived(answers_plan)
    shared = parse_condition({"question": "channels", "count_at_least": 2})
    number = next(n for n, step in enumerate(plan.steps) if shared == step.question.when)
    number = plan.steps[number].conditions[0]
    in_sections = sum(len(s.questions) for s in rubric.sections if s.when == shared)
    uses = sum(number in step.conditions for step in plan.steps)
    assert in_sections > 40
    assert uses >= in_sections


def test_a_rubric_with_its_derived_tables_still_pickles_for_the_cache(rubric):
    """The tables hold closures: the cache must store the rubric without them."""
    plan = rubric.derived(answers_plan)
    assert rubric.derived(answers_plan) is plan  # built once
    loaded = pickle.loads(pickle.dumps(rubric))
    assert loaded == rubric
    assert loaded.derived(answers_plan) is not plan
    assert loaded.derived(answers_plan).steps == plan.steps


@pytest.mark.parametrize("which", RUBRICS)
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
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


def _agrees_with_the_full_assessment(rubric, answers) -> None:
    """Each step of a batch's summary against the same step of a full assessment, exactly."""
    full = assess(rubric, answers)
    values = answers.answers
    assert summarize(rubric, answers) == summary_of(full)
    figures = link_figures(rubric, values)
    if full.links is None:
        assert figures is None
    else:
        assert figures is not None
        # The report takes its measures from link_figures; they must be what its
        # own pair matrix shows: the pairs linked at LINKED or above, and their stages.
        pairs = full.links.pairs
        linked = [p for p in pairs if p.level >= LINKED]
        assert figures.pair_count == len(pairs)
        assert figures.linked_pairs == len(linked)
        assert figures.density == (100.0 * len(linked) / len(pairs) if pairs else None)
        covered = {stage for p in linked for stage in p.stages}
        assert set(figures.stages_linked) == covered
        assert sorted(figures.handoffs) == list(full.links.handoffs)
    sheet, scores, cover = score_sheet(rubric, values, figures)
    assert (sheet, cover) == score_dimensions(rubric, values, full.links)[::2]
    assert scores == {d.id: d.score for d in full.dimensions}
    assert next_blockers(rubric, full.metrics, full.level.rank) == full.level.blockers
    assert target_strategy(rubric, values, full.metrics, full.level.level) == full.target.strategy
    for top in range(len(full.actions) + 2):
        actions = what_if_actions(
            rubric, values, sheet, figures, full.metrics, full.level.rank, top=top
        )
        assert actions == full.actions[:top], top


@pytest.mark.parametrize("which", RUBRICS)
@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_a_summary_is_what_the_full_assessment_gives(request, which, data):
    """Links counted without pairs, scores without items, only the next level's checks,
    the target without its inputs, and only the first few actions: the same figures."""
    rubric = request.getfixturevalue(which)
    _agrees_with_the_full_assessment(rubric, answers_for(rubric, data.draw(raw_answers(rubric))))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_the_summaries_of_the_examples(rubric, path):
    _agrees_with_the_full_assessment(rubric, answers_from(path, rubric))
