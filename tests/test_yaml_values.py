"""What YAML makes of a value: tags that build nothing, typed text, NaN, and long listings.

- An explicit tag that cannot build its value (``!!int ""``, ``!!bool maybe``)
  and a key that is not text are refused with their position, in answers and
  rubrics alike, on every command.
- YAML 1.1 reads ``NO`` as false, ``01234`` as 668 and ``9:30`` as 570. Where
  a person types text (the business's name and details, text answers, n/a
  reasons, mapping keys), omnicheck keeps exactly what was typed; option ids
  keep working as before.
- JSON output never holds NaN or Infinity: free text keeps ``.nan`` as text,
  and a rubric's weights and effort points must be finite and in range.
- A file with thousands of problems lists the first few and counts the rest,
  and finding their positions does not rescan the file for each.
"""

from __future__ import annotations

import difflib
import json
import math
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from omnicheck.answers.survey_csv import read_survey
from omnicheck.answers.validate import validate_answers
from omnicheck.answers.writer import Comments, answers_yaml
from omnicheck.cli.app import app
from omnicheck.errors import MAX_LISTED, InputError
from omnicheck.report.data import build_report
from omnicheck.report.output import as_text, json_text, report_document
from omnicheck.rubric.lint import lint_document
from omnicheck.scoring.assessment import assess
from omnicheck.source import safe_yaml as yaml_source
from omnicheck.source.safe_yaml import parse_yaml
from omnicheck.wording.template import answers_template
from tests.conftest import ROOT, examples


def render(report: dict[str, Any], fmt: str) -> str:
    """The report as ``omnicheck report --format FMT`` writes it."""
    return as_text(report_document(report), fmt)


HEADER = 'rubric: {id: omnichannel, version: "1.0"}\n'
ANSWERS = (
    "answers:\n  goal: reach\n  channels: [other]\n  channels_other: Stall\n"
    "  budget: low\n  service_capacity: none\n  repeat_purchase: weekly\n  growth_stage: early\n"
)
GOOD = HEADER + "business: {name: Test Co}\n" + ANSWERS
MINIMAL = (ROOT / "tests" / "rubrics" / "minimal.yaml").read_text(encoding="utf-8")


def strict_json(text: str) -> Any:
    """JSON as the standard defines it: NaN and Infinity are not part of it."""

    def refuse(name: str) -> None:
        raise ValueError(f"not JSON: {name}")

    return json.loads(text, parse_constant=refuse)


def invoke(*args: str) -> Any:
    result = CliRunner().invoke(app, list(args))
    assert "Traceback" not in result.output
    assert "internal error" not in result.output
    return result


def write(tmp_path: Path, text: str, name: str = "answers.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# ---------------------------------------------------------------- tags that build nothing

#: (text in the file, the line it gives: after "FILE:") for an answers file.
ODD_TAGS = {
    "!!int on an empty string": (
        GOOD.replace("name: Test Co", 'name: Test Co, staff: !!int ""'),
        "2:34: cannot read '' as int",
    ),
    "!!int on a sign": (
        GOOD.replace("goal: reach", "goal: !!int '-'"),
        "4:9: cannot read '-' as int",
    ),
    "!!bool maybe": (
        GOOD.replace("name: Test Co", "name: !!bool maybe"),
        "2:18: cannot read 'maybe' as bool",
    ),
    "!!float on an empty key": (
        GOOD.replace("name: Test Co", 'name: Test Co, !!float "": 3'),
        "2:27: a key must be text; remove its !!float tag",
    ),
    "!!int key": (
        GOOD + "  !!int 5: reach\n",
        "11:3: a key must be text; remove its !!int tag",
    ),
    "!!null key": (
        GOOD.replace("name: Test Co", 'name: Test Co, !!null "": x'),
        "2:27: a key must be text; remove its !!null tag",
    ),
    "!!bool key that cannot be built": (
        GOOD.replace("status", "x").replace("business:", "!!bool maybe: 1\nbusiness:"),
        "2:1: a key must be text; remove its !!bool tag",
    ),
    "a bad hex number in a merged mapping": (
        GOOD.replace("name: Test Co", "name: Test Co, <<: {x: !!int 0x_}"),
        "2:35: cannot read '0x_' as int",
    ),
    "a bad key in a merged mapping": (
        GOOD.replace("name: Test Co", "name: Test Co, <<: {!!int x: 1}"),
        "2:32: a key must be text; remove its !!int tag",
    ),
    "a merge of a plain value": (
        GOOD.replace("name: Test Co", "name: Test Co, <<: 5"),
        "2:31: '<<' merges a mapping or a list of mappings, not a single value",
    ),
    "!!float on a sexagesimal with nothing after the colon": (
        GOOD.replace("goal: reach", "goal: !!float '1:'"),
        "4:9: cannot read '1:' as float",
    ),
}


@pytest.mark.parametrize("case", list(ODD_TAGS))
@pytest.mark.parametrize("command", ["report", "validate"])
def test_odd_tags_in_answers_are_located_input_errors(tmp_path, case, command):
    text, expected = ODD_TAGS[case]
    path = write(tmp_path, text)
    result = invoke(command, str(path))
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [f"{path}:{expected}"]


@pytest.mark.parametrize("case", ["!!int on an empty string", "!!int key", "!!bool maybe"])
def test_odd_tags_fail_their_own_batch_row_and_diff(tmp_path, case):
    bad = write(tmp_path, ODD_TAGS[case][0], "bad.yaml")
    good = write(tmp_path, GOOD, "good.yaml")
    rows = tmp_path / "rows.csv"
    result = invoke("batch", str(bad), str(good), "-o", str(rows))
    assert result.exit_code == 3
    assert f"{bad}:{ODD_TAGS[case][1]}" in result.stderr
    result = invoke("diff", str(good), str(bad))
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [f"{bad}:{ODD_TAGS[case][1]}"]


RUBRIC_TAGS = {
    "!!int on an empty effort": (
        ("efforts: {low: 1, high: 3}", 'efforts: {low: !!int "", high: 3}'),
        "7:16: cannot read '' as int",
    ),
    "!!float on an empty key": (
        ("efforts: {low: 1, high: 3}", 'efforts: {!!float "": 1, low: 1, high: 3}'),
        "7:11: a key must be text; remove its !!float tag",
    ),
    "!!bool maybe": (
        ("kind: multi", "kind: multi\n        required: !!bool maybe"),
        "20:19: cannot read 'maybe' as bool",
    ),
    "!!null key in a condition": (
        ("when: {question: goal, is: loyalty}", "when: {!!null '': goal, is: loyalty}"),
        "87:12: a key must be text; remove its !!null tag",
    ),
}


@pytest.mark.parametrize("case", list(RUBRIC_TAGS))
def test_odd_tags_in_rubrics_are_located_input_errors(tmp_path, case):
    (old, new), expected = RUBRIC_TAGS[case]
    assert old in MINIMAL
    rubric = write(tmp_path, MINIMAL.replace(old, new, 1), "rubric.yaml")
    result = invoke("rubric", "lint", str(rubric))
    assert result.exit_code == 2
    assert f"{rubric}:{expected.replace(': ', ': error: ', 1)}" in result.stdout.splitlines()
    answers = write(tmp_path, GOOD)
    result = invoke("report", str(answers), "--rubric", str(rubric))
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [f"{rubric}:{expected}"]


def test_implicit_keys_are_the_text_typed():
    """``no:`` and ``1:`` as keys are names, as a person means them, not false and 1."""
    doc = parse_yaml("no: a\n1: b\n~: c\n2024-01-02: d\nyes: e\n", "f.yaml")
    assert doc.data == {"no": "a", "1": "b", "~": "c", "2024-01-02": "d", "yes": "e"}
    assert doc.mark(("1",)) == yaml_source.Mark(2, 4)


def test_a_merged_key_that_yaml_cannot_read_as_a_number_is_its_text():
    doc = parse_yaml("a: {x: 1, <<: {0x_: 2, 1:: 3}}\n", "f.yaml")
    assert doc.data == {"a": {"x": 1, "0x_": 2, "1:": 3}}


def test_the_schema_accepts_what_the_validator_reads_as_typed(rubric):
    from jsonschema import Draft202012Validator

    from omnicheck.wording.schema import answers_schema

    typed = lint_document(parse_yaml(TYPED_IDS_RUBRIC, "rubric.yaml")).rubric
    assert typed is not None
    for which, text in ((rubric, TYPED), (typed, TYPED_IDS_ANSWERS.format(typed="off"))):
        validate_answers(parse_yaml(text, "f.yaml"), which)
        schema = Draft202012Validator(answers_schema(which))
        data = json.loads(
            json.dumps(yaml.safe_load(text), default=str)
        )  # dates as editors see them
        assert [e.message for e in schema.iter_errors(data)] == []
    bad = GOOD.replace("name: Test Co", "name: Test Co, size: [1, 2]")
    assert list(Draft202012Validator(answers_schema(rubric)).iter_errors(yaml.safe_load(bad)))


def test_keys_that_only_differ_in_how_yaml_reads_them_are_duplicates():
    with pytest.raises(InputError) as caught:
        parse_yaml('1: a\n"1": b\n', "f.yaml")
    assert caught.value.lines() == [
        "f.yaml:2:1: duplicate key '1' (first at line 1); YAML would silently keep only the last"
    ]


TAGS = ["!!int", "!!float", "!!bool", "!!null", "!!str", "!!timestamp", "!!value", "!!binary"]
TEXTS = ["", "-", "+", "0x", "0b", "0o_", ":", "1:", "maybe", ".nan", "1e999", "9:30", "x" * 200]


@settings(max_examples=examples(300))
@given(
    tag=st.sampled_from(["", *TAGS]),
    text=st.sampled_from(TEXTS) | st.text(max_size=8),
    quoted=st.booleans(),
    where=st.sampled_from(["key", "value"]),
    place=st.sampled_from(["top", "business", "answers", "option", "n/a", "text"]),
)
def test_any_tag_on_any_scalar_is_data_or_a_located_error(rubric, tag, text, quoted, where, place):
    scalar = f"{tag} {json.dumps(text) if quoted else text}".strip()
    if not quoted and (not text.strip() or any(c in text for c in "#:{}[],&*!|>'\"%@`\n\r\t")):
        scalar = f"{tag} {json.dumps(text)}".strip()
    pair = f"{scalar}: x" if where == "key" else f"k: {scalar}"
    texts = {
        "top": GOOD + pair.replace("k:", "status:") + "\n",
        "business": GOOD.replace("name: Test Co", f"name: Test Co, {pair}"),
        "answers": GOOD + f"  {pair if where == 'key' else pair.replace('k:', 'budget:')}\n",
        "option": GOOD.replace("goal: reach", f"goal: [{scalar}]"),
        "n/a": GOOD.replace("budget: low", f"budget: {{n/a: {scalar}}}"),
        "text": GOOD.replace("channels_other: Stall", f"channels_other: {scalar}"),
    }
    try:
        answers = validate_answers(parse_yaml(texts[place], "f.yaml"), rubric)
    except InputError as exc:
        lines = exc.lines()
        assert lines and all(line.startswith("f.yaml:") for line in lines)
        return
    report = build_report(assess(rubric, answers))
    strict_json(render(report, "json"))
    assert all(type(v) is str for v in answers.business.values())


@settings(max_examples=examples(150))
@given(
    tag=st.sampled_from(TAGS),
    text=st.sampled_from(TEXTS),
    old=st.sampled_from(
        [
            "efforts: {low: 1, high: 3}",
            "band: {from: 0, to: 50}",
            "metric: dimension.data, at_least: 75}",
            "{id: reach, label: Reach more people}",
            "when: {question: goal, is: loyalty}",
        ]
    ),
    where=st.sampled_from(["key", "value"]),
)
def test_any_tag_in_a_rubric_lints_to_located_findings(tag, text, old, where):
    scalar = f"{tag} {json.dumps(text)}"
    pair = f"{scalar}: 1" if where == "key" else f"weight: {scalar}"
    text = MINIMAL.replace(old, old[:-1] + f", {pair}}}", 1)
    try:
        result = lint_document(parse_yaml(text, "rubric.yaml"))
    except InputError as exc:  # refused by the YAML layer
        lines = exc.lines()
        assert lines and all(line.startswith("rubric.yaml:") for line in lines)
        return
    if not old.startswith("efforts"):  # any text names an effort; elsewhere no such field
        assert result.errors
    assert all(str(f).startswith("rubric.yaml:") for f in result.errors)


# ---------------------------------------------------------------- typed text stays text

TYPED = GOOD.replace(
    "business: {name: Test Co}",
    "business:\n  name: 2024\n  country: NO\n  postcode: 01234\n  opening: 9:30\n"
    "  founded: 2001-02-03\n  staff: 1_000\n  notes: yes\n  ratio: .nan\n  reach: -.inf\n"
    "  hex: 0x1F\n  empty: ~\n",
).replace("channels_other: Stall", "channels_other: off")
TYPED_DETAILS = {
    "country": "NO",
    "postcode": "01234",
    "opening": "9:30",
    "founded": "2001-02-03",
    "staff": "1_000",
    "notes": "yes",
    "ratio": ".nan",
    "reach": "-.inf",
    "hex": "0x1F",
}


def test_free_text_keeps_what_was_typed_in_every_report(tmp_path):
    path = write(tmp_path, TYPED)
    result = invoke("validate", str(path))
    assert result.exit_code == 0, result.stderr
    assert 'business "2024")' in result.stdout  # quoted: the text typed, not a number
    result = invoke("report", str(path), "--format", "json")
    assert result.exit_code == 0, result.stderr
    report = strict_json(result.stdout)
    assert report["business"] == {"name": "2024", "details": TYPED_DETAILS}
    names = {c["id"]: c["name"] for c in report["channels"]}
    assert names["other"] == "off"
    md = invoke("report", str(path), "--format", "md").stdout
    assert "- **Country:** NO\n" in md
    assert "- **Postcode:** 01234\n" in md
    assert "- **Opening:** 9:30\n" in md
    assert "False" not in md and "668" not in md and "570" not in md


def test_a_failed_batch_row_names_the_business_as_typed(tmp_path):
    bad = write(tmp_path, TYPED.replace("goal: reach", "goal: reech"), "bad.yaml")
    rows = tmp_path / "rows.json"
    result = invoke("batch", str(bad), "-o", str(rows))
    assert result.exit_code == 3
    (row,) = strict_json(rows.read_text(encoding="utf-8"))["rows"]
    assert row["name"] == "2024"


def test_text_answers_and_na_reasons_keep_what_was_typed(rubric):
    text = GOOD.replace("channels_other: Stall", "channels_other: 01234").replace(
        "budget: low", "budget: {n/a: no}"
    )
    answers = validate_answers(parse_yaml(text, "f.yaml"), rubric)
    assert answers.answers["channels_other"] == "01234"
    assert answers.answers["budget"].reason == "no"


def test_a_detail_must_be_a_single_value(tmp_path):
    path = write(tmp_path, GOOD.replace("name: Test Co", "name: Test Co, size: [1, .nan]"))
    result = invoke("validate", str(path))
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [f"{path}:2:33: business.size must be text, not a list"]


def test_unquoted_yes_and_no_still_answer_the_checks(rubric):
    """yes and no arrive from YAML as booleans and still match the options "yes" and "no"."""
    text = (ROOT / "examples" / "garden-centres.yaml").read_text(encoding="utf-8")
    text = text.replace('check.cart_devices: "yes"', "check.cart_devices: no")
    text = text.replace('check.opt_out: "yes"', "check.opt_out: Yes")
    answers = validate_answers(parse_yaml(text, "f.yaml"), rubric)
    assert answers.answers["check.cart_devices"] == "no"
    assert answers.answers["check.opt_out"] == "yes"


TYPED_IDS_RUBRIC = MINIMAL.replace(
    "          - {id: reach, label: Reach more people}\n"
    "          - {id: loyalty, label: Keep customers}\n",
    '          - {id: "yes", label: Reach more people}\n'
    '          - {id: "off", label: Keep customers}\n'
    '          - {id: "1", label: One}\n'
    '          - {id: "no", label: Other}\n',
).replace("is: loyalty", 'is: "off"')


TYPED_IDS_ANSWERS = (
    'rubric: {{id: minimal, version: "1"}}\nbusiness: {{name: X}}\n'
    "answers:\n  goal: {typed}\n  channels: [web]\n"
)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("yes", "yes"), ("Yes", "yes"), ("off", "off"), ("1", "1"), ("01", "1"), ("no", "no")],
)
def test_option_ids_match_as_typed_first_then_as_yaml_read_them(tmp_path, typed, expected):
    rubric = lint_document(parse_yaml(TYPED_IDS_RUBRIC, "rubric.yaml")).rubric
    assert rubric is not None
    text = TYPED_IDS_ANSWERS.format(typed=typed)
    answers = validate_answers(parse_yaml(text, "f.yaml"), rubric)
    assert answers.answers["goal"] == expected


def test_assess_writes_back_what_was_typed(rubric):
    """A file read unquoted and saved again (assess --resume) keeps its text."""
    first = validate_answers(parse_yaml(TYPED, "f.yaml"), rubric)
    written = answers_yaml(
        rubric,
        {"name": first.business_name, **first.business},
        first.answers,
        complete=True,
        comments=Comments(header=()),
    )
    again = validate_answers(parse_yaml(written, "g.yaml"), rubric)
    assert again.business_name == "2024"
    assert again.business == TYPED_DETAILS
    assert again.answers == first.answers
    assert again.answers["channels_other"] == "off"


def test_template_question_ids_that_yaml_would_read_as_other_things():
    """A rubric may name a question 'no' or '1'; the template's keys must read back."""
    text = MINIMAL.replace("- id: goal\n", '- id: "no"\n').replace(
        "question: goal", 'question: "no"'
    )
    text = text.replace("- id: channels\n", '- id: "1"\n').replace(
        "question: channels", 'question: "1"'
    )
    rubric = lint_document(parse_yaml(text, "rubric.yaml")).rubric
    assert rubric is not None
    skeleton = answers_template(rubric).replace("  no:\n", "  no: reach\n")
    skeleton = skeleton.replace("  1:\n", "  1: [web]\n").replace("  name:  #", "  name: X  #")
    answers = validate_answers(parse_yaml(skeleton, "t.yaml"), rubric)
    assert answers.answers == {"no": "reach", "1": ("web",)}


# ---------------------------------------------------------------- NaN and Infinity


def test_json_output_refuses_nan_rather_than_writing_it():
    with pytest.raises(ValueError):
        json_text({"x": math.nan})


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "efforts: {low: 1, high: 3}",
            "efforts: {low: 1e-9, high: 3}",
            "7:16: effort 'low' is worth 1e-09 points; effort points must be from "
            "0.001 to 1e+06, because they divide an action's gain",
        ),
        (
            "efforts: {low: 1, high: 3}",
            "efforts: {low: 1, high: 1e308}",
            "7:25: effort 'high' is worth 1e+308 points; effort points must be from "
            "0.001 to 1e+06, because they divide an action's gain",
        ),
        (
            "    weight: 1\n    recommendations",
            "    weight: 1e308\n    recommendations",
            "64:13: dimension 'data' has weight 1e+308; a weight must be from 0.001 to 1e+06",
        ),
        (
            "    weight: 1\n    text:",
            "    weight: 1e-300\n    text:",
            "47:13: the record links has weight 1e-300; a weight must be from 0.001 to 1e+06",
        ),
        (
            "    weight: 1\n    recommendations",
            "    weight: .inf\n    recommendations",
            "64:13: dimensions.0.weight: Input should be a finite number",
        ),
        (
            "efforts: {low: 1, high: 3}",
            "efforts: {low: .nan, high: 3}",
            "7:16: efforts.low: Input should be a finite number",
        ),
    ],
)
def test_rubric_numbers_out_of_range_are_refused(tmp_path, old, new, expected):
    assert old in MINIMAL
    rubric = write(tmp_path, MINIMAL.replace(old, new, 1), "rubric.yaml")
    result = invoke("rubric", "lint", str(rubric))
    assert result.exit_code == 2
    assert f"{rubric}:{expected.replace(': ', ': error: ', 1)}" in result.stdout.splitlines()


@settings(max_examples=examples(60))
@given(
    weight=st.floats(min_value=0.001, max_value=1e6),
    points=st.floats(min_value=0.001, max_value=1e6),
)
def test_numbers_in_range_always_score_to_finite_json(weight, points):
    text = MINIMAL.replace(
        "    weight: 1\n    recommendations", f"    weight: {weight!r}\n    recommendations"
    ).replace("high: 3}", f"high: {points!r}}}")
    rubric = lint_document(parse_yaml(text, "rubric.yaml")).rubric
    assert rubric is not None
    body = "answers:\n  goal: loyalty\n  channels: [web, store]\n  data.record: partly\n"
    body += "  record.web: manual\n  record.store: none\n  handoff.web: []\n  handoff.store: []\n"
    doc = parse_yaml('rubric: {id: minimal, version: "1"}\nbusiness: {name: X}\n' + body, "f")
    strict_json(render(build_report(assess(rubric, validate_answers(doc, rubric))), "json"))


# ---------------------------------------------------------------- long listings


def count_suggestions(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The near-miss searches omnicheck runs (click runs its own for options)."""
    calls: list[str] = []
    real = difflib.get_close_matches

    def counted(word: str, *args: Any, **kwargs: Any) -> list[str]:
        calls.append(word)
        return real(word, *args, **kwargs)

    monkeypatch.setattr(difflib, "get_close_matches", counted)
    return calls


UNKNOWN_IDS = (
    HEADER + "business: {name: X}\nanswers:\n" + "".join(f"  goal{i:04d}: x\n" for i in range(8000))
)


def test_thousands_of_unknown_questions_list_the_first_few(tmp_path):
    path = write(tmp_path, UNKNOWN_IDS)
    result = invoke("validate", str(path))
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == MAX_LISTED + 1
    assert lines[0] == f"{path}:4:3: unknown question 'goal0000'; did you mean 'goal'?"
    assert lines[MAX_LISTED - 1].startswith(f"{path}:{MAX_LISTED + 3}:3: unknown question")
    assert lines[-1] == f"{path}: and {8006 - MAX_LISTED} more problems"


def test_an_unfinished_file_with_many_problems_still_says_how_to_finish_it(tmp_path):
    path = write(tmp_path, UNKNOWN_IDS.replace("business:", "status: incomplete\nbusiness:"))
    result = invoke("validate", str(path))
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == MAX_LISTED + 1
    assert lines[-2].startswith(f"{path}: this file is marked incomplete: finish it with ")
    assert lines[-1] == f"{path}: and {8001 - MAX_LISTED} more problems"


def test_near_misses_are_looked_for_only_for_the_problems_listed(monkeypatch, rubric):
    calls = count_suggestions(monkeypatch)
    with pytest.raises(InputError) as caught:
        validate_answers(parse_yaml(UNKNOWN_IDS, "f.yaml"), rubric)
    assert len(caught.value.problems) == 8006  # all found, the first few listed
    assert len(calls) == MAX_LISTED


def test_positions_are_indexed_once_per_mapping(monkeypatch):
    text = "answers:\n" + "".join(f"  q{i}: x\n" for i in range(2000))
    doc = parse_yaml(text, "f.yaml")
    calls = []
    real = yaml_source._mapping_pairs
    monkeypatch.setattr(yaml_source, "_mapping_pairs", lambda *a: calls.append(1) or real(*a))
    for i in range(2000):
        assert doc.mark(("answers", f"q{i}"), at_key=True) == yaml_source.Mark(i + 2, 3)
    assert len(calls) == 2  # the top mapping and the answers


NEAR_MISSES = "name," + ",".join(f"goa{i}" for i in range(100_000)) + "\nX\n"


def test_a_header_of_many_near_misses_lists_the_first_few(tmp_path):
    survey = write(tmp_path, NEAR_MISSES, "survey.csv")
    result = invoke("batch", str(survey), "-o", str(tmp_path / "rows.csv"))
    assert result.exit_code == 3
    lines = result.stderr.splitlines()
    assert lines[0] == (
        f"{survey}:1:2: unknown column 'goa0'; did you mean 'goal'? "
        "(columns are name, assessed, question ids and business.DETAIL)"
    )
    assert f"{survey}: and 99995 more problems" in lines


def test_a_header_of_many_near_misses_looks_for_few(tmp_path, monkeypatch, rubric):
    calls = count_suggestions(monkeypatch)
    survey = write(tmp_path, NEAR_MISSES, "survey.csv")
    (row,) = read_survey(survey, rubric)
    assert len(row.problems) == 100_000
    assert len(calls) == MAX_LISTED


def test_rubric_lint_lists_the_first_few(tmp_path):
    options = "".join(f"          - {{id: o{i}, label: O, score: 9}}\n" for i in range(500))
    text = MINIMAL.replace(
        '          - {id: all, label: "Yes", score: 4}\n',
        '          - {id: all, label: "Yes", score: 4}\n' + options,
    )
    rubric = write(tmp_path, text, "rubric.yaml")
    result = invoke("rubric", "lint", str(rubric))
    assert result.exit_code == 2
    lines = result.stdout.splitlines()
    assert len(lines) == MAX_LISTED + 2
    assert lines[-2] == f"{rubric}: and {500 - MAX_LISTED} more problems"
    assert lines[-1].startswith(f"{rubric}: 500 errors")
