"""`omnicheck schema` and the template's schema line: editors check what validate checks.

The schema must accept every answers file the validator accepts (or an
editor would underline good answers), and reject unknown questions, unknown
options and wrong shapes as the validator does.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from typer.testing import CliRunner

from omnicheck.answers.schema import schema_file_name
from omnicheck.answers.validate import validate_answers
from omnicheck.cli.app import app
from omnicheck.errors import AnswersError
from omnicheck.source.safe_yaml import parse_yaml
from omnicheck.wording.schema import answers_schema
from tests.conftest import EXAMPLES, answers_for, examples
from tests.strategies import ODD_VALUES, raw_answers

runner = CliRunner()
RUBRICS = Path(__file__).resolve().parent / "rubrics"


@pytest.fixture(scope="module")
def validator(rubric):
    schema = answers_schema(rubric)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


class EditorLoader(yaml.SafeLoader):
    """YAML as the YAML language server reads it for the schema: a date is text (YAML 1.2)."""


EditorLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def editor_load(text: str):
    return yaml.load(text, Loader=EditorLoader)  # a SafeLoader


def errors(validator, data) -> list[str]:
    return [e.message for e in validator.iter_errors(data)]


def answers_file(rubric, answers: dict) -> dict:
    return {
        "rubric": {"id": rubric.id, "version": rubric.version},
        "business": {"name": "Test Co", "city": "Leeds"},
        "answers": answers,
    }


def test_the_command_writes_the_schema_of_the_bundled_rubric(rubric):
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema == answers_schema(rubric)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    answers = schema["properties"]["answers"]
    assert answers["additionalProperties"] is False
    assert list(answers["properties"]) == [q.id for q in rubric.questions]
    assert schema["properties"]["rubric"]["properties"] == {
        "id": {"const": "omnichannel"},
        "version": {"const": "1.0"},
    }


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_every_example_is_valid(validator, example):
    assert errors(validator, editor_load(example.read_text(encoding="utf-8"))) == []


@pytest.mark.parametrize(
    ("answers", "fragment"),
    [
        ({"gaol": "reach"}, "'gaol' was unexpected"),
        ({"goal": "reech"}, "is not valid under any of the given schemas"),
        ({"channels": ["email", "fax"]}, "is not valid under any of the given schemas"),
        ({"channels": ["email", "email"]}, "is not valid under any of the given schemas"),
        ({"goal": ["reach"]}, "is not valid under any of the given schemas"),
        ({"budget": {"amount": 5}}, "is not valid under any of the given schemas"),
        ({"check.same_promotion": "maybe"}, "is not valid under any of the given schemas"),
        ({"channels_other": ""}, "is not valid under any of the given schemas"),
        ({"channels": ["other"], "channels_other": "n/a"}, "is not valid under any of"),
    ],
)
def test_unknown_questions_options_and_shapes_are_rejected(validator, rubric, answers, fragment):
    found = errors(validator, answers_file(rubric, answers))
    assert len(found) == 1 and fragment in found[0]
    with pytest.raises(AnswersError):  # the validator agrees
        answers_for(rubric, answers)


@pytest.mark.parametrize(
    "top",
    [
        {"rubric": {"id": "omnichannel", "version": 1.0}},  # unquoted: a number
        {"rubric": {"id": "retail", "version": "1.0"}},
        {"business": {"city": "Leeds"}},
        {"surprise": 1},
        {"status": "draft"},
    ],
)
def test_wrong_headers_are_rejected(validator, rubric, top):
    assert errors(validator, {**answers_file(rubric, {}), **top})


@pytest.mark.parametrize(
    ("typed", "valid"),
    [
        ("2026-03-14", True),
        ("", True),
        ("14.3.2026", False),
        ("20260314", False),
        ("2026-3-14", False),
    ],
)
def test_the_assessment_date_is_checked_as_the_validator_checks_it(validator, rubric, typed, valid):
    text = (
        f'rubric: {{id: omnichannel, version: "1.0"}}\nassessed: {typed}\nbusiness: {{name: X}}\n'
    )
    assert (errors(validator, editor_load(text)) == []) is valid
    try:
        validate_answers(parse_yaml(text, "a.yaml"), rubric, require_complete=False)
        problem = None
    except AnswersError as exc:
        problem = exc.problems[0]
    assert (problem is None) is valid
    if problem is not None:  # one located line, at the date
        assert (problem.line, problem.column, problem.code) == (2, 11, "invalid-date")


def test_yes_no_n_a_and_single_values_are_accepted_as_the_validator_accepts_them(validator, rubric):
    # Unquoted yes/no reach the validator as booleans, and it reads them as the ids.
    data = yaml.safe_load(
        'rubric: {id: omnichannel, version: "1.0"}\nbusiness: {name: X}\n'
        "answers:\n  check.same_promotion: yes\n  check.order_status: no\n"
        "  goal: N/A\n  budget: {n/a: we do not know}\n  channels: other\n"
        "  channels_other: 42\n"
    )
    assert data["answers"]["check.same_promotion"] is True
    assert errors(validator, data) == []


@settings(max_examples=examples(20), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_whatever_the_validator_accepts_the_schema_accepts(validator, rubric, data):
    raw = data.draw(raw_answers(rubric))
    answers_for(rubric, raw)
    assert errors(validator, answers_file(rubric, raw)) == []


@settings(max_examples=examples(40), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), value=ODD_VALUES)
def test_what_the_schema_accepts_the_validator_reads(validator, rubric, data, value):
    """An odd value in place of one answer: if the schema allows it, so must the validator
    (unless the question does not apply, which the schema cannot know)."""
    raw = data.draw(raw_answers(rubric))
    qid = data.draw(st.sampled_from(sorted(raw)))
    raw[qid] = value
    if value is None or errors(validator, answers_file(rubric, raw)):
        return
    try:
        answers_for(rubric, raw)
    except AnswersError as exc:
        applies = {"question-does-not-apply", "option-does-not-apply"}
        assert all(p.what in applies for p in exc.problems), exc.problems


def test_the_schema_follows_the_rubric():
    result = runner.invoke(app, ["schema", "--rubric", str(RUBRICS / "minimal.yaml")])
    schema = json.loads(result.stdout)
    assert schema["properties"]["rubric"]["properties"]["id"] == {"const": "minimal"}
    assert "record.web" in schema["properties"]["answers"]["properties"]


def test_schema_output_is_written_whole_with_directories(tmp_path):
    out = tmp_path / "deep" / "schema.json"
    result = runner.invoke(app, ["schema", "-o", str(out)])
    assert result.exit_code == 0
    assert result.stderr.startswith(f"Wrote {out} (JSON, ")
    assert json.loads(out.read_text(encoding="utf-8"))["type"] == "object"
    assert [p.name for p in out.parent.iterdir()] == ["schema.json"]


def test_template_writes_the_schema_beside_the_answers_and_names_it(tmp_path, rubric):
    out = tmp_path / "clients" / "answers.yaml"
    result = runner.invoke(app, ["template", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    first = out.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=./omnichannel-1.0.schema.json"
    schema_path = out.parent / schema_file_name(rubric)
    assert sorted(p.name for p in out.parent.iterdir()) == sorted(
        ["answers.yaml", schema_path.name]
    )
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    assert schema == answers_schema(rubric)
    # The skeleton itself is valid once the business has a name: empty answers are allowed.
    skeleton = editor_load(out.read_text(encoding="utf-8"))
    skeleton["business"]["name"] = "Filled In Ltd"
    assert errors(Draft202012Validator(schema), skeleton) == []


def test_template_without_schema(tmp_path):
    out = tmp_path / "answers.yaml"
    result = runner.invoke(app, ["template", "-o", str(out), "--no-schema"])
    assert result.exit_code == 0
    assert [p.name for p in tmp_path.iterdir()] == ["answers.yaml"]
    assert "yaml-language-server" not in out.read_text(encoding="utf-8")


def test_template_to_stdout_says_how_to_write_the_schema():
    lines = runner.invoke(app, ["template"]).stdout.splitlines()
    assert lines[0] == "# yaml-language-server: $schema=./omnichannel-1.0.schema.json"
    assert "omnicheck schema --output omnichannel-1.0.schema.json" in lines[2]


@pytest.mark.parametrize(
    ("version", "name"),
    [
        ("1.0", "omnichannel-1.0"),
        ("2024/1", "omnichannel-2024-1"),
        ("../..", "omnichannel-version"),
    ],
)
def test_the_schema_file_name_stays_beside_the_answers(rubric, version, name):
    from dataclasses import replace

    assert schema_file_name(replace(rubric, version=version)) == f"{name}.schema.json"
