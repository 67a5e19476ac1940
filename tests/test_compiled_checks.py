"""The rubric's compiled checks give exactly what the plain ones give.

The answers validator runs a plan compiled once per rubric, and conditions
are compiled to closures; each is checked here against the plain evaluation
it replaces, with exact equality.
"""

from __future__ import annotations

import pickle
from dataclasses import dataclass
from functools import partial
from typing import Any
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from omnicheck.answers import validate as answers_module
from omnicheck.answers.checks import ALWAYS, answers_plan
from omnicheck.answers.validate import validate_answers
from omnicheck.errors import AnswersError, Problem
from omnicheck.rubric.conditions import (
    NotApplicable,
    QuestionTest,
    compile_condition,
    evaluate,
    parse_condition,
)
from tests.conftest import examples
from tests.strategies import CONDITIONS, ODD_VALUES, raw_answers

#: Both rubrics of the tests: the bundled one and the tiny one of tests/conftest.py.
RUBRICS = ["rubric", "tiny"]


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


@settings(max_examples=examples(500))
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
    max_examples=examples(150),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
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
    conditions = [() if guard == ALWAYS else plan.guards[guard] for _, _, guard, *_ in plan.walk]
    number = next(n for n, (q, *_) in enumerate(plan.walk) if shared == q.when)
    number = conditions[number][0]
    in_sections = sum(len(s.questions) for s in rubric.sections if s.when == shared)
    uses = sum(number in each for each in conditions)
    assert in_sections > 40
    assert uses >= in_sections


def test_a_rubric_with_its_derived_tables_still_pickles_for_the_cache(rubric):
    """The tables hold closures: the cache must store the rubric without them."""
    plan = rubric.derived(answers_plan)
    assert rubric.derived(answers_plan) is plan  # built once
    loaded = pickle.loads(pickle.dumps(rubric))
    assert loaded == rubric
    assert loaded.derived(answers_plan) is not plan
    again = loaded.derived(answers_plan)
    assert (again.guards, again.walk) == (plan.guards, plan.walk)
