"""Fuzzing: mutated answers files and rubrics end in a result or a clean error, nothing else.

The mutations are the mistakes many hands make: a value of the wrong type,
a key dropped or misspelt, an option out of range, unicode, a huge string.
Whatever goes in, omnicheck must produce a report (or, for a rubric, a lint
result) or an :class:`InputError`; any other exception is a bug.
"""

from __future__ import annotations

import copy
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from omnicheck.answers.validate import validate_answers
from omnicheck.errors import InputError
from omnicheck.report.data import build_report
from omnicheck.report.output import as_text, report_document
from omnicheck.rubric.compiled import CompiledRubric
from omnicheck.rubric.lint import lint_document
from omnicheck.scoring.assessment import assess
from omnicheck.source.safe_yaml import parse_yaml
from omnicheck.wording.schema import answers_schema
from omnicheck.wording.template import answers_template
from tests.conftest import EXAMPLES, ROOT, examples
from tests.strategies import ODD_VALUES, raw_answers


def render(report: dict[str, Any], fmt: str) -> str:
    """The report as ``omnicheck report --format FMT`` writes it."""
    return as_text(report_document(report), fmt)


FUZZ = settings(
    max_examples=examples(40),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
EXAMPLE_DATA = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in EXAMPLES]
MINIMAL_RUBRIC = yaml.safe_load((ROOT / "tests" / "rubrics" / "minimal.yaml").read_text())


def _places(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a value inside nested mappings and lists."""
    found = [path]
    if isinstance(data, dict):
        for key, value in data.items():
            found += _places(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            found += _places(value, (*path, i))
    return found


def _get(data: Any, path: tuple[Any, ...]) -> Any:
    for item in path:
        data = data[item]
    return data


@st.composite
def mutated(draw: st.DrawFn, original: Any) -> Any:
    """``original`` with one to five mistakes in it."""
    data = copy.deepcopy(original)
    for _ in range(draw(st.integers(1, 5))):
        places = _places(data)[1:]
        if not places:
            break
        path = draw(st.sampled_from(places))
        parent, key = _get(data, path[:-1]), path[-1]
        action = draw(st.sampled_from(["drop", "odd", "swap", "unknown", "option"]))
        if action == "drop":
            del parent[key]
        elif action == "odd":
            parent[key] = draw(ODD_VALUES)
        elif action == "swap":  # a value from elsewhere in the file, often of another type
            parent[key] = copy.deepcopy(_get(data, draw(st.sampled_from(places))))
        elif action == "unknown" and isinstance(parent, dict):
            parent[draw(st.text(min_size=1, max_size=12))] = draw(ODD_VALUES)
        elif action == "option":  # an option id from somewhere else, or out of range
            parent[key] = draw(st.sampled_from(["all", "none", "yes", "over_80", "s9", "n/a!"]))
    return data


def report_or_input_error(text: str, rubric: CompiledRubric) -> None:
    """The whole path of ``omnicheck report``, from text to rendered report."""
    try:
        answers = validate_answers(parse_yaml(text, "fuzz.yaml"), rubric)
    except InputError as exc:
        assert exc.lines() and all(line.startswith("fuzz.yaml") for line in exc.lines())
        return
    report = build_report(assess(rubric, answers))
    assert render(report, "md").startswith("# Channel integration report")
    render(report, "json")


@FUZZ
@given(data=st.data(), which=st.sampled_from(range(len(EXAMPLE_DATA))))
def test_mutated_answers_files(rubric, data, which):
    doc = data.draw(mutated(EXAMPLE_DATA[which]))
    report_or_input_error(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), rubric)


@FUZZ
@given(text=st.text(max_size=300))
def test_arbitrary_text(rubric, text):
    report_or_input_error(text, rubric)


@FUZZ
@given(data=st.data())
def test_mutated_rubrics_lint_cleanly_and_work_when_they_pass(data):
    doc = parse_yaml(yaml.safe_dump(data.draw(mutated(MINIMAL_RUBRIC))), "rubric.yaml")
    result = lint_document(doc)
    if result.errors or result.rubric is None:
        assert result.errors and all(str(f).startswith("rubric.yaml") for f in result.errors)
        return
    rubric = result.rubric
    answers_template(rubric)
    answers_schema(rubric)
    raw = data.draw(raw_answers(rubric))
    header = {"rubric": {"id": rubric.id, "version": rubric.version}, "business": {"name": "F"}}
    text = yaml.safe_dump({**header, "answers": raw})
    answers = validate_answers(parse_yaml(text, "answers.yaml"), rubric)
    render(build_report(assess(rubric, answers)), "md")
