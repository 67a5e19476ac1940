"""The core raises problems as ids and parameters; omnicheck.wording words every one.

A problem id with no words would end a run with an internal error where the
user should have read what is wrong with their file, so every id the core
can raise is looked for in its source and in the catalogue.
"""

from __future__ import annotations

import ast
import pickle
import re

from omnicheck.cli.messages import worded
from omnicheck.errors import Problem
from omnicheck.rubric.conditions import NamedCondition, QuestionTest
from omnicheck.wording import catalogue
from omnicheck.wording.conditions import describe
from tests.conftest import ROOT

KEBAB = re.compile(r"^[a-z]+(-[a-z]+)*$")
#: Where the core raises problems as ids.
RAISING = ("omnicheck/answers", "omnicheck/rubric/kinds", "omnicheck/batch")


def _constant(node: ast.AST | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def raised_ids() -> set[str]:
    """The id of every problem the core's source can raise: ``flag(path, ID)``, the
    team's and notes' ``add(path, ID)``, ``what=ID``, ``Issue(path, ID)``,
    ``BadDate(ID, ...)`` and set_aside's ``yield path, ID, args``."""
    found: set[str | None] = set()
    for folder in RAISING:
        for path in (ROOT / folder).glob("*.py"):
            for node in ast.walk(ast.parse(path.read_text())):
                if isinstance(node, ast.Call):
                    func = node.func
                    name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
                    if name in ("flag", "add", "Issue") and len(node.args) > 1:
                        found.add(_constant(node.args[1]))
                    if name == "BadDate" and node.args:
                        found.add(_constant(node.args[0]))
                    found |= {_constant(k.value) for k in node.keywords if k.arg == "what"}
                elif isinstance(node, ast.Yield) and isinstance(node.value, ast.Tuple):
                    found.add(_constant(node.value.elts[1]) if len(node.value.elts) == 3 else None)
    return {i for i in found if i is not None and KEBAB.match(i)}


def test_every_problem_id_the_core_raises_has_words():
    ids = raised_ids()
    # the scan finds what it should: the header's, the answers', a kind's and batch's own
    assert {"wrong-rubric", "question-does-not-apply", "listed-twice", "more-problems"} <= ids
    assert {"date-not-in-calendar", "set-aside-wrong-type", "duplicate-respondent"} <= ids
    assert "unfinished" in ids
    assert sorted(ids - catalogue().keys()) == []


def test_a_problem_about_a_condition_is_worded_from_what_it_carries():
    """No rubric at the edge: the condition travels with the rubric's names for it, and
    pickles as it must to leave a batch worker."""
    named = NamedCondition(
        QuestionTest("channels", "has", "online_shop"), {"channels": "Channels"}, {}, {}
    )
    named = NamedCondition(
        named.condition, named.questions, {("channels", "online_shop"): "Online shop"}, {}
    )
    problem = Problem(
        "a.yaml",
        "",
        3,
        5,
        code="question-does-not-apply",
        what="question-does-not-apply",
        args={"question": "content.prices", "when": named},
    )
    assert str(problem) == "a.yaml:3:5: [question-does-not-apply]"  # unworded: the id
    again = pickle.loads(pickle.dumps(problem))
    assert str(worded(again)) == (
        "a.yaml:3:5: content.prices: answered, but this question applies only when "
        "Channels includes Online shop; remove the answer"
    )


def test_ids_are_kebab_case_and_unique_per_area():
    from omnicheck.wording import answers, batch

    areas = [answers.WORDS, answers.REASONS, batch.WORDS]
    assert all(KEBAB.match(i) for area in areas for i in area)
    assert sum(len(a) for a in areas) == len(catalogue())  # no area overrides another


def test_the_rubric_still_describes_a_condition_for_its_old_callers(rubric):
    """CompiledRubric.describe, the deprecated shim, says what the edge says, with only
    the names each condition needs."""
    conditions = [q.when for q in rubric.questions if q.when is not None]
    assert len(conditions) > 10
    for condition in conditions:
        named = rubric.named(condition)
        assert rubric.describe(condition) == describe(named)
        assert named.questions.keys() <= rubric.by_id.keys()
    other = rubric.by_id["channels_other"].own_when
    assert rubric.describe(other) == "Active channels includes Other"
