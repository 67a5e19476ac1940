"""Question kinds (omnicheck.rubric.kinds): each kind's behaviour, and a new kind added
through one registration, from the rubric file to a score and a plan."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path as FilePath
from typing import Any

import pytest

from omnicheck.answers.merge import Respondent, merge_answers
from omnicheck.cli.messages import worded
from omnicheck.errors import AnswersError, RubricError
from omnicheck.rubric.compiled import CompiledRubric, Question
from omnicheck.rubric.conditions import AnswerValue
from omnicheck.rubric.kinds import Issue, kind_of, register, unregister
from omnicheck.rubric.kinds.base import Path, Reader
from omnicheck.rubric.kinds.single import Single
from omnicheck.scoring.assessment import assess
from omnicheck.wording.schema import answers_schema
from omnicheck.wording.template import answers_template
from tests.conftest import TINY_RUBRIC, answers_for, compile_yaml


class _Reader:
    """Records what a kind reports, and reads every value as typed."""

    def __init__(self) -> None:
        self.issues: list[Issue] = []
        self.answers: dict[str, AnswerValue] = {}

    def typed(self, path: Path, value: Any) -> Any:
        return value

    def report(self, question: Question, issue: Issue) -> None:
        self.issues.append(issue)


def _read(q: Question, value: Any) -> tuple[AnswerValue | None, list[Issue]]:
    reader = _Reader()
    read = kind_of(q).read(q, value, ("answers", q.id), reader)
    return read, reader.issues


def test_each_question_of_the_bundled_rubric_has_its_kind(rubric: CompiledRubric) -> None:
    kinds = {q.id: kind_of(q).name for q in rubric.questions}
    assert kinds["goal"] == "single"
    assert kinds["channels"] == "multi"
    assert kinds["check.cart_devices"] == "yes_no"
    assert kinds["record.online_store"] == "link_level"
    assert kinds["handoff.online_store"] == "handoff"
    assert {kind_of(q).widget for q in rubric.questions} == {"select", "checkbox", "text"}


def test_kinds_read_answers_and_report_ids_not_words(tiny: CompiledRubric) -> None:
    goal, channels = tiny.by_id["goal"], tiny.by_id["channels"]
    assert _read(goal, "reach") == ("reach", [])
    assert _read(goal, ["reach"]) == (None, [Issue(("answers", "goal"), "one-not-a-list")])
    assert _read(goal, "rech") == (None, [Issue(("answers", "goal"), "unknown-option", "rech")])
    assert _read(channels, "web") == (("web",), [])
    read, issues = _read(channels, ["web", "web", ["x"]])
    assert read == ("web",)
    assert issues == [
        Issue(("answers", "channels", 1), "listed-twice", "web"),
        Issue(("answers", "channels", 2), "choice-not-an-id"),
    ]


def test_kinds_describe_score_and_raise(tiny: CompiledRubric) -> None:
    one, channels = tiny.by_id["a.one"], tiny.by_id["channels"]
    single, multi = kind_of(one), kind_of(channels)
    assert single.option_ids(one, "s1") == ("s1",)
    assert multi.option_ids(channels, ("web", "store")) == ("web", "store")
    assert single.score(one, "s3") == 3
    assert multi.score(channels, ("web",)) is None
    assert [o.id for o in single.raises(one, "s2")] == ["s3", "s4"]
    assert single.raises(one, "s4") == ()
    assert multi.raises(channels, ("web",)) == ()


def test_a_check_passes_only_with_its_best_answer(rubric: CompiledRubric) -> None:
    check = rubric.by_id["check.cart_devices"]
    scores = {o.id: o.score for o in check.options}
    best = max(scores, key=lambda oid: scores[oid] or 0)
    worst = min(scores, key=lambda oid: scores[oid] or 0)
    assert kind_of(check).passed(check, best) is True
    assert kind_of(check).passed(check, worst) is False
    assert kind_of(rubric.by_id["goal"]).passed(rubric.by_id["goal"], "loyalty") is None


def test_hand_offs_need_a_stronger_majority_than_other_lists(tiny: CompiledRubric) -> None:
    """Of two respondents, one list option chosen by one is kept; a hand-off is not."""
    base = {"goal": "reach", "a.one": "s0", "a.two": "s0", "b.one": "s0"}
    first = {**base, "channels": ("web", "store"), "handoff.web": ("store@search",)}
    second = {**base, "channels": ("web", "store", "email"), "handoff.web": ()}
    merged = merge_answers(
        tiny, [Respondent("A", None, None, first), Respondent("B", None, None, second)]
    )
    assert merged["channels"] == ("web", "store", "email")
    assert merged["handoff.web"] == ()


class Rating(Single):
    """A toy kind: a choice of one option that may also be answered by the option's score."""

    name = "rating"

    def read(self, q: Question, value: Any, path: Path, reader: Reader) -> AnswerValue | None:
        if type(value) is int:
            by_score = {o.score: o.id for o in q.options if o.score is not None}
            if value not in by_score:
                reader.report(q, Issue(path, "unknown-option", value))
                return None
            return by_score[value]
        return super().read(q, value, path, reader)


RATING_RUBRIC = TINY_RUBRIC.replace(
    "- id: a.two\n            kind: single", "- id: a.two\n            kind: rating"
)
assert RATING_RUBRIC != TINY_RUBRIC


@pytest.fixture
def rating() -> Iterator[CompiledRubric]:
    """The tiny rubric with ``a.two`` a rating, while Rating is registered."""
    register(Rating())
    try:
        yield compile_yaml(RATING_RUBRIC, "rating.yaml")
    finally:
        unregister("rating")


ANSWERS = {
    "goal": "reach",
    "channels": ["web", "store"],
    "a.one": "s1",
    "b.one": "s2",
    "b.store": "s0",
    "record.web": "manual",
    "record.store": "none",
}


def test_a_new_kind_is_one_registration(rating: CompiledRubric, tiny: CompiledRubric) -> None:
    """Registered once, the toy kind is accepted by the rubric file, validates its own
    answers, and scores and plans exactly as the same answer given as an option id."""
    assert kind_of(rating.by_id["a.two"]).name == "rating"
    by_score = answers_for(rating, {**ANSWERS, "a.two": 3})
    by_id = answers_for(tiny, {**ANSWERS, "a.two": "s3"})
    assert by_score.answers["a.two"] == "s3"
    rated, plain = assess(rating, by_score), assess(tiny, by_id)
    assert rated.scores == plain.scores
    assert rated.scores["a"] == 25.0 * (1 * 1 + 3 * 3) / 4
    assert rated.index == plain.index
    assert rated.plan.steps  # a plan raises a.two too (its kind's ladder)
    assert "a.two" in {s.question for s in rated.plan.steps}
    assert [(s.question, s.to_option) for s in rated.plan.steps] == [
        (s.question, s.to_option) for s in plain.plan.steps
    ]
    # Its problems are worded like any choice's, with the options it takes.
    with pytest.raises(AnswersError) as caught:
        answers_for(rating, {**ANSWERS, "a.two": 7})
    (problem,) = caught.value.problems
    assert problem.what == "unknown-option"
    assert problem.args["value"] == 7
    assert worded(problem).message == (
        "a.two: unknown option 7; expected one of s0, s1, s2, s3, s4 or n/a"
    )
    assert problem.code == "unknown-option"
    # The schema and the template know it as a choice of one option.
    schema = answers_schema(rating)
    assert schema["properties"]["answers"]["properties"]["a.two"]["anyOf"][0] == {
        "$ref": "#/$defs/options.a.two"
    }
    assert "\n  # One of:\n  #   s0  [0] Zero\n" in answers_template(rating).split("A two?")[1]


def test_an_unregistered_kind_is_a_rubric_error() -> None:
    with pytest.raises(RubricError) as caught:
        compile_yaml(RATING_RUBRIC, "rating.yaml")
    (problem,) = caught.value.problems
    assert worded(problem).message.endswith(": Input should be 'single', 'multi' or 'text'")


def test_no_module_tells_kinds_apart_by_name() -> None:
    """Behaviour that depends on a question's kind lives in its kind's module: elsewhere a
    comparison with a kind's name would be one more place a new kind has to be added to.
    (A plan step's kind, "raise", "record" or "handoff", is another thing.)"""
    import re

    import omnicheck

    root = FilePath(omnicheck.__file__).parent
    by_name = re.compile(r"""kind\s*(==|!=|in)\s*[\("']*(single|multi|text|yes_no|link_level)\b""")
    found = [
        f"{path.relative_to(root)}:{n}"
        for path in sorted(root.rglob("*.py"))
        if "kinds" not in path.relative_to(root).parts
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if by_name.search(line)
    ]
    assert found == []


def test_a_new_kind_reaches_the_report(rating: CompiledRubric, tmp_path: FilePath) -> None:
    """Through the command as a user runs it: the registered kind's rubric file, an answer
    given as a score, and the report's figure for its dimension."""
    import json
    import textwrap

    import yaml
    from typer.testing import CliRunner

    from omnicheck.cli.app import app

    rubric_file = tmp_path / "rating.yaml"
    rubric_file.write_text(textwrap.dedent(RATING_RUBRIC), encoding="utf-8")
    answers = tmp_path / "answers.yaml"
    doc = {
        "rubric": {"id": "tiny", "version": "1"},
        "business": {"name": "Rated Co"},
        "answers": {**ANSWERS, "a.two": 3},
    }
    answers.write_text(yaml.safe_dump(doc), encoding="utf-8")
    args = ["report", str(answers), "--rubric", str(rubric_file), "--format", "json"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    (a,) = [d for d in report["dimensions"] if d["id"] == "a"]
    assert a["score"] == 62.5
    answer = next(row for row in report["answers"] if row["question"] == "a.two")
    assert answer["answer"] == "s3"
