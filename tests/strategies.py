"""Hypothesis strategies: valid answers for any rubric, and ways to break them.

``raw_answers`` walks a rubric in asking order, as a person filling in the
template would: a question is answered only when its condition holds on the
answers before it, an option is chosen only when its own condition holds,
and any answer may be n/a where the rubric allows it. Its output is what an
answers file holds under ``answers:``.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from omnicheck.rubric.compiled import CompiledRubric
from omnicheck.rubric.conditions import (
    AllOf,
    AnswerValue,
    AnyOf,
    MetricTest,
    NotApplicable,
    NotOf,
    QuestionTest,
    evaluate,
)


@st.composite
def varied_answers(
    draw: st.DrawFn, rubric: CompiledRubric, bases: tuple[dict[str, Any], ...]
) -> dict[str, Any]:
    """One of ``bases`` (raw answers, such as the examples'), varied: each scored answer
    moved up to two options either way, an option of a multiple choice added or dropped,
    other choices redrawn now and then. Unlike :func:`raw_answers`, these stay near the
    businesses they come from, often past cross-channel, where plans raise record links
    and add hand-offs."""
    base = draw(st.sampled_from(bases))
    raw: dict[str, Any] = {}
    seen: dict[str, AnswerValue] = {}
    for q in rubric.questions:
        if q.when is not None and not evaluate(q.when, seen):
            continue
        options = [o for o in q.options if o.when is None or evaluate(o.when, seen)]
        ids = [o.id for o in options]
        was = base.get(q.id)
        if q.kind == "text":
            raw[q.id] = seen[q.id] = was if isinstance(was, str) and was.strip() else "A stall"
            continue
        if not ids:
            continue
        if q.kind == "multi":
            chosen = [c for c in was if c in ids] if isinstance(was, list) else []
            for option in draw(st.lists(st.sampled_from(ids), max_size=1)):
                (chosen.remove if option in chosen else chosen.append)(option)
            raw[q.id] = chosen
            seen[q.id] = tuple(chosen)
            continue
        if was == "n/a" and q.allow_na:
            raw[q.id], seen[q.id] = "n/a", NotApplicable()
            continue
        scored = sorted((o for o in options if o.score is not None), key=lambda o: o.score or 0)
        if scored:
            ladder = [o.id for o in scored]
            start = (
                ladder.index(was) if was in ladder else draw(st.sampled_from(range(len(ladder))))
            )
            moved = start + draw(st.sampled_from((0, -1, 1, 0, -2, 2)))
            value = ladder[max(0, min(len(ladder) - 1, moved))]
        else:
            keep = was in ids and draw(st.sampled_from((True, True, True, False)))
            value = was if keep else draw(st.sampled_from(ids))
        raw[q.id] = seen[q.id] = value
    return raw


@st.composite
def raw_answers(draw: st.DrawFn, rubric: CompiledRubric) -> dict[str, Any]:
    raw: dict[str, Any] = {}
    seen: dict[str, AnswerValue] = {}
    for q in rubric.questions:
        if q.when is not None and not evaluate(q.when, seen):
            continue
        # Tuples, not lists: hypothesis caches strategies built from hashable arguments.
        ways = (
            ("answer",) * 6 + (("n/a",) if q.allow_na else ()) + (() if q.required else ("skip",))
        )
        way = draw(st.sampled_from(ways))
        options = tuple(o.id for o in q.options if o.when is None or evaluate(o.when, seen))
        if way == "skip" or (way == "answer" and q.kind == "single" and not options):
            continue
        if way == "n/a":
            raw[q.id] = draw(st.sampled_from(("n/a", "N/A", "n/a-reason")))
            if raw[q.id] == "n/a-reason":
                raw[q.id] = {"n/a": "not for us"}
            seen[q.id] = NotApplicable()
        elif q.kind == "text":
            text = draw(st.text(min_size=1, max_size=30).filter(_plain_text))
            raw[q.id] = seen[q.id] = text.strip()
        elif q.kind == "single":
            raw[q.id] = seen[q.id] = draw(st.sampled_from(options))
        else:
            chosen = draw(st.lists(st.sampled_from(options), unique=True)) if options else []
            raw[q.id] = chosen
            seen[q.id] = tuple(chosen)
    return raw


def _plain_text(text: str) -> bool:
    """Text the validator keeps as text: not blank, and not the n/a marker."""
    return bool(text.strip()) and text.strip().lower() != "n/a"


#: Values of every type an answers file might hold by mistake.
ODD_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    st.just("x" * 100_000),
    st.lists(st.text(max_size=5), max_size=4),
    st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=3),
    st.builds(lambda: {"n/a": None}),  # built afresh: a mutation may change it in place
    st.builds(lambda: [["nested"]]),
    st.just("\u202e\u0000\ud7ff\U0001f600"),
)

#: Conditions over the tiny rubric's questions and metrics (tests/conftest.py).
QUESTION_TESTS = st.one_of(
    st.builds(
        QuestionTest,
        st.just("goal"),
        st.sampled_from(["is", "has"]),
        st.sampled_from(["reach", "loyalty"]),
    ),
    st.builds(
        QuestionTest,
        st.sampled_from(["channels", "goal"]),
        st.sampled_from(["in", "has_any", "has_all"]),
        st.frozensets(st.sampled_from(["web", "store", "email", "reach"]), min_size=1),
    ),
    st.builds(
        QuestionTest,
        st.sampled_from(["channels", "goal", "a.one", "b.store"]),
        st.sampled_from(["count_at_least", "count_at_most"]),
        st.integers(0, 4),
    ),
    st.builds(
        QuestionTest,
        st.sampled_from(["goal", "channels", "a.one", "b.store", "record.web"]),
        st.just("answered"),
        st.booleans(),
    ),
    st.builds(
        QuestionTest,
        st.sampled_from(["a.one", "b.store"]),
        st.just("is"),
        st.sampled_from(["s0", "s2", "s4"]),
    ),
)
METRIC_TESTS = st.builds(
    MetricTest,
    st.sampled_from(
        [
            "index",
            "dimension.a",
            "dimension.b",
            "channel_count",
            "linked_pairs",
            "hub_coverage",
            "stages_linked",
        ]
    ),
    st.sampled_from(["at_least", "at_most", "above", "below"]),
    st.sampled_from([0.0, 1.0, 2.0, 25.0, 40.0, 50.0, 62.5, 75.0, 100.0]),
)
CONDITIONS = st.recursive(
    st.one_of(QUESTION_TESTS, METRIC_TESTS),
    lambda inner: st.one_of(
        st.builds(NotOf, inner),
        st.builds(AllOf, st.lists(inner, min_size=1, max_size=3).map(tuple)),
        st.builds(AnyOf, st.lists(inner, min_size=1, max_size=3).map(tuple)),
    ),
    max_leaves=6,
)
