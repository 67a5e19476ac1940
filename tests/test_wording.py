"""The core raises problems as ids and parameters; omnicheck.wording words every one.

A problem id with no words would end a run with an internal error where the
user should have read what is wrong with their file, so every id the core
can raise is looked for in its source and in the catalogue.
"""

from __future__ import annotations

import ast
import pickle
import re
from pathlib import Path

import pytest

from omnicheck.cli.messages import worded
from omnicheck.errors import Problem
from omnicheck.rubric.conditions import NamedCondition, QuestionTest
from omnicheck.wording import catalogue
from omnicheck.wording.conditions import describe
from tests.conftest import ROOT

KEBAB = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
#: Where the core raises problems as ids.
RAISING = ("omnicheck/answers", "omnicheck/rubric", "omnicheck/rubric/kinds", "omnicheck/batch")


#: The calls whose second argument is a problem's id.
CALLS = ("flag", "add", "Issue", "error", "warning", "_problem", "_found")


def _constants(node: ast.AST) -> set[str | None]:
    """The string ``node`` is, or each that an ``A if B else C`` can be."""
    if isinstance(node, ast.IfExp):
        return _constants(node.body) | _constants(node.orelse)
    return {_constant(node)}


def _constant(node: ast.AST | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def raised_ids() -> set[str]:
    """The id of every problem the core's source can raise: ``flag(path, ID)``, the
    team's and notes' ``add(path, ID)``, lint's ``error(path, ID)`` and ``warning``,
    ``_problem(source, ID)``, ``_found(doc, ID)``, ``what=ID`` and ``what = ID``,
    ``Issue(path, ID)``, ``BadDate(ID, ...)``, ``Refused(ID, ...)`` and ``(path, ID, args)``."""
    found: set[str | None] = set()
    for folder in RAISING:
        for path in (ROOT / folder).glob("*.py"):
            for node in ast.walk(ast.parse(path.read_text())):
                if isinstance(node, ast.Call):
                    func = node.func
                    name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
                    if name in CALLS and len(node.args) > 1:
                        found |= _constants(node.args[1])
                    if name in ("BadDate", "Refused") and node.args:
                        found.add(_constant(node.args[0]))
                    found |= {_constant(k.value) for k in node.keywords if k.arg == "what"}
                elif isinstance(node, ast.Assign) and any(  # what = ID
                    isinstance(t, ast.Name) and t.id == "what" for t in node.targets
                ):
                    found |= _constants(node.value)
                elif (  # (path, ID, args)
                    isinstance(node, ast.Tuple)
                    and len(node.elts) == 3
                    and isinstance(node.elts[0], ast.Tuple | ast.Name)
                    and isinstance(node.elts[2], ast.Name | ast.Dict)
                ):
                    found.add(_constant(node.elts[1]))
    return {i for i in found if i is not None and KEBAB.match(i)}


def test_every_problem_id_the_core_raises_has_words():
    ids = raised_ids()
    # the scan finds what it should: the header's, the answers', a kind's and batch's own
    assert {"wrong-rubric", "question-does-not-apply", "listed-twice", "more-problems"} <= ids
    assert {"date-not-in-calendar", "set-aside-wrong-type", "duplicate-respondent"} <= ids
    assert "unfinished" in ids
    assert {"band-gap-at-end", "band-never-reached", "quick-question-unaskable"} <= ids
    assert {"duplicate-id", "invalid-preference", "at-path", "looks-like-answers"} <= ids
    assert {"csv-no-header", "csv-extra-cells", "csv-unknown-column"} <= ids
    assert {"different-rubric-version", "respondent-in-two-files", "one-respondent"} <= ids
    assert {"not-alone", "unknown-kind", "guardrail-takes-one-effect"} <= ids
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
    from omnicheck.wording import answers, batch, rubric

    areas = [answers.WORDS, answers.REASONS, batch.WORDS]
    areas += [rubric.WORDS, rubric.LOCATED, rubric.REFUSED]
    assert all(KEBAB.match(i) for area in areas for i in area)
    assert sum(len(a) for a in areas) == len(catalogue())  # no area overrides another


def test_a_condition_is_worded_from_the_names_it_carries(rubric):
    """rubric.named keeps only the names a condition needs, and they are the rubric's."""
    conditions = [q.when for q in rubric.questions if q.when is not None]
    assert len(conditions) > 10
    for condition in conditions:
        named = rubric.named(condition)
        assert named.condition == condition
        assert named.questions.keys() <= rubric.by_id.keys()
        assert all(rubric.question_label(q) == label for q, label in named.questions.items())
    other = rubric.by_id["channels_other"].own_when
    assert describe(rubric.named(other)) == "Active channels includes Other"
    assert not hasattr(rubric, "describe")  # the core words no condition itself


# The core holds no English: a string in rubric/, answers/ or scoring/ with two words
# in a row is a sentence for people, which belongs in omnicheck.wording (or the rubric
# file, or a template). Docstrings are for programmers, and so are the messages of an
# assert and of NotImplementedError.
CORE = ("omnicheck/rubric", "omnicheck/answers", "omnicheck/scoring")
#: Two words, or one word an f-string adds after a value (``f"{name} score"``).
PHRASE = re.compile(r"[A-Za-z]{2,} +[A-Za-z]{2,}|^ [A-Za-z]{2,}$")
FOR_PROGRAMMERS = {"AssertionError", "NotImplementedError"}


def english_in(path: Path, root: Path = ROOT) -> list[str]:
    """``path:line: text`` of every string in ``path`` that reads as words for people."""
    tree = ast.parse(path.read_text())
    exempt: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list):  # docstrings, of modules, classes, functions, attributes
            exempt |= {
                id(s.value)
                for s in body
                if isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant)
            }
        if isinstance(node, ast.Assert) and node.msg is not None:
            exempt |= {id(n) for n in ast.walk(node.msg)}
        if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
            func = node.exc.func
            if getattr(func, "id", getattr(func, "attr", None)) in FOR_PROGRAMMERS:
                exempt |= {id(n) for n in ast.walk(node.exc)}
    return [
        f"{path.relative_to(root)}:{node.lineno}: {node.value!r}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in exempt
        and PHRASE.search(node.value)
    ]


def core_modules() -> list[Path]:
    return sorted(p for folder in CORE for p in (ROOT / folder).rglob("*.py"))


def test_the_core_builds_no_sentences():
    found = [line for path in core_modules() for line in english_in(path)]
    assert found == []


def test_the_check_finds_a_sentence_where_there_is_one(tmp_path):
    """It is not blind: an f-string's words, a plain message and a constant are found;
    a docstring, an assert's message and an identifier-like string are not."""
    module = tmp_path / "m.py"
    module.write_text(
        '''"""A module docstring, for programmers."""
def f(q, x):
    """Its docstring."""
    assert x, "an assert says why"
    if x:
        raise NotImplementedError("not yet done")
    add(path, f"{q}: unknown option {x!r}", code="unknown-option")
    return "expected one of", "set_aside", "n/a", "{q}:{x}", f"{q} score", "    key:"
'''
    )
    found = sorted(line.split(": ", 1)[1] for line in english_in(module, tmp_path))
    assert found == ["' score'", "': unknown option '", "'expected one of'"]


def test_a_rubric_compiled_without_its_file_names_each_problem_by_its_keys():
    """Without the file there are no lines: the path of keys goes first, as it always did."""
    from omnicheck.errors import RubricError
    from omnicheck.rubric.compile import compile_rubric, validate_spec
    from omnicheck.source.safe_yaml import parse_yaml

    path = ROOT / "tests" / "rubrics" / "duplicate-ids.yaml"
    spec = validate_spec(parse_yaml(path.read_text(), path.name))
    with pytest.raises(RubricError) as caught:
        compile_rubric(spec)
    assert all(p.what == "at-path" and p.code == "duplicate-id" for p in caught.value.problems)
    assert [str(worded(p)) for p in caught.value.problems] == [
        "rubric: rules.1.id: duplicate rule id 'loyal'",
        "rubric: sections.2.id: duplicate section id 'about'",
        "rubric: sections.1.questions.0.options.2.id: duplicate option id 'partly'",
    ]


def test_the_base_metrics_are_named_once_for_the_catalogue_and_the_templates():
    """The core names a base metric by its id; the catalogue names it once, for problems,
    the report's rule inputs and (as the templates' ``metric_names``) its conditions."""
    from omnicheck.report.words import bundled
    from omnicheck.rubric.compiled import BASE_METRICS
    from omnicheck.wording.scoring import BASE_METRIC_NAMES

    assert sorted(BASE_METRIC_NAMES) == sorted(BASE_METRICS)
    for metric, name in BASE_METRIC_NAMES.items():
        test = {"kind": "metric", "metric": metric, "dimension_name": None, "op": "at_least"}
        assert bundled().condition({**test, "value": 2}) == f"{name} ≥ 2"


def test_a_target_no_rule_chose_is_worded_by_the_report():
    """Scoring gives no reason when no rule matched; the report says why the level is kept."""
    from omnicheck.report.data import build_report
    from omnicheck.report.output import as_text, report_document
    from omnicheck.scoring.assessment import assess
    from tests.conftest import TINY_RUBRIC, answers_for, compile_yaml
    from tests.test_scoring import BASE  # two channels, reach: neither rule left holds

    fallback = "      - id: fallback\n        target: multi\n        reason: Default.\n"
    assert fallback in TINY_RUBRIC
    rubric = compile_yaml(TINY_RUBRIC.replace(fallback, ""))
    a = assess(rubric, answers_for(rubric, BASE))
    assert a.target.rule is None and a.target.reason is None
    target = build_report(a)["target"]
    # the JSON holds no words of omnicheck's own: the templates say why the level is kept
    assert target["rule"] is None and target["reason"] is None
    kept = "No strategy rule matched, so the target is to strengthen the current level."
    for fmt in ("md", "html"):
        assert kept in as_text(report_document(build_report(a)), fmt)


def test_the_file_assess_saves_says_what_it_is_and_how_to_go_on(rubric, tmp_path):
    """The core writes the answers; the comments around them are the edge's, and assess's
    saves carry them: the header, and the note above answers set aside."""
    from omnicheck.questionnaire.saving import save_answers

    path = tmp_path / "a.yaml"
    save_answers(path, rubric, {"name": "Co"}, {}, complete=False, set_aside={"goal": "reach"})
    lines = path.read_text().splitlines()
    assert lines[:3] == [
        '# Answers to "Channel integration check" (omnichannel 1.0).',
        "# Written by 'omnicheck assess'; not finished yet. To continue:",
        f"#   omnicheck assess --answers {path} --resume",
    ]
    assert lines[-4:-1] == [
        "# Answers about channels you unticked: not scored, kept until",
        "# omnicheck assess asks you whether to remove them.",
        "set_aside:",
    ]
    save_answers(path, rubric, {"name": "Co"}, {}, complete=True)
    assert path.read_text().splitlines()[1] == (
        "# Written by 'omnicheck assess'. Check edits: omnicheck validate"
    )


def test_the_schema_is_worded_at_the_edge_and_cannot_be_written_unworded(rubric, tiny):
    """The core's schema says its words as ids, each of which the catalogue words: one left
    unworded would stop the JSON, not reach an editor as an id."""
    import json

    from omnicheck.answers.schema import Said, schema_shape
    from omnicheck.wording.schema import WORDS, answers_schema

    def said(value: object) -> list[Said]:
        if isinstance(value, Said):
            return [value]
        items = value.values() if isinstance(value, dict) else value
        return [s for i in items for s in said(i)] if isinstance(value, dict | list) else []

    shape = schema_shape(rubric)
    ids = {s.what for s in said(shape)} | {s.what for s in said(schema_shape(tiny))}
    assert sorted(ids) == sorted(WORDS)
    with pytest.raises(TypeError):
        json.dumps(shape)
    worded = answers_schema(rubric)
    assert said(worded) == []
    answers = worded["properties"]["answers"]["properties"]
    assert answers["channels_other"]["description"] == (
        "What is the other channel called? (Applies only when: Active channels includes Other.)"
    )
    assert answers["content.prices"]["description"] == (
        rubric.by_id["content.prices"].text + " n/a if it does not apply to you."
    )


def test_a_base_metric_the_core_names_by_its_id_is_worded_by_its_name(rubric):
    """In a condition, a lint finding and the report's rule inputs alike."""
    from omnicheck.rubric.conditions import AllOf, MetricTest
    from omnicheck.wording import catalogue

    # the core names no base metric, and a dimension score only by the rubric's name
    assert rubric.metric_label("hub_coverage") is None
    assert rubric.metric_label("dimension.data") == rubric.dimension_by_id["data"].name
    assert rubric.dimension_by_id["data"].name == "Customer data"
    both = AllOf(
        (MetricTest("channel_count", "at_least", 2), MetricTest("dimension.data", "below", 50))
    )
    assert describe(rubric.named(both)) == "Active channels ≥ 2 and Customer data score < 50"
    args = {
        "kind": "gate",
        "gate": "hub-80",
        "level": "omnichannel",
        "metric": "hub_coverage",
        "dimension": None,
    }
    assert catalogue()["quick-gate-unread"](args).startswith(
        "gate 'hub-80' of level 'omnichannel' reads Hub coverage (%), but no quick question"
    )
    dimension = {**args, "metric": "dimension.data", "dimension": "Customer data"}
    assert catalogue()["quick-gate-unread"](dimension).startswith(
        "gate 'hub-80' of level 'omnichannel' reads Customer data score, but"
    )
