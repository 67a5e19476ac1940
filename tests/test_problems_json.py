"""``validate`` and ``rubric lint`` with ``--format json``: the document editors and CI read.

The JSON must list the same problems as the text, at the same places, each
with a stable code for its kind; and the exit status must not change with
the format.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from omnicheck.answers.codes import code_of
from omnicheck.cli.app import app
from omnicheck.errors import MAX_LISTED
from omnicheck.rubric.codes import code_of as rubric_code_of
from omnicheck.wording.answers import WORDS
from omnicheck.wording.rubric import WORDS as RUBRIC_WORDS
from tests.conftest import EXAMPLES, ROOT
from tests.test_rubric_lint import FINDINGS, RUBRICS

runner = CliRunner()
KEYS = ["file", "line", "column", "code", "severity", "message"]
KEBAB = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")

#: The code of each finding of each broken rubric, in the order of FINDINGS.
CODES = {
    "minimal.yaml": [],
    "quick-set-gaps.yaml": ["quick-question-unaskable", "quick-gate-unread"],
    "channels-allow-na.yaml": ["decisive-question-allows-na"],
    "duplicate-ids.yaml": ["duplicate-id"] * 3,
    "unknown-references.yaml": ["unknown-reference"] * 2,
    "is-on-multi.yaml": ["is-on-multi"],
    "question-never-asked.yaml": ["question-never-asked", "section-never-asked"],
    "option-never-chosen.yaml": ["option-never-chosen"],
    "guardrail-never-applies.yaml": ["guardrail-never-applies"],
    "unreachable-gate.yaml": ["level-unreachable"],
    "unreachable-band.yaml": ["level-unreachable"],
    "unreachable-weights.yaml": ["advice-missing", "level-unreachable"],
    "unreachable-below.yaml": ["level-unreachable"],
    "unscored-option.yaml": ["unscored-option"],
    "zero-weight.yaml": ["effort-not-positive", "weight-not-positive", "weight-not-positive"],
    "not-a-number.yaml": ["invalid-value"],
    "base-level-gated.yaml": ["base-level-gated"] * 2,
    "links-section-questions.yaml": ["links-section-questions"],
    "links-section-missing.yaml": ["missing-links-section"],
    "record-scale-empty.yaml": ["record-option-scores"],
    "band-gap.yaml": ["band-gap"] * 3,
    "band-overlap.yaml": ["band-overlap"],
    "band-empty.yaml": ["band-empty"],
    "missing-recommendation.yaml": ["missing-recommendation", "duplicate-recommendation"],
    "rule-never-true.yaml": ["rule-never-true"],
    "rule-shadowed.yaml": ["rule-shadowed"] * 2,
    "evidence-without-source.yaml": ["evidence-without-source"],
    "evidence-uncited.yaml": ["evidence-uncited"],
    "score-without-dimension.yaml": ["score-without-dimension"],
    "roadmap-missing.yaml": ["advice-missing", "roadmap-missing"],
}


def run_json(args: list[str]) -> tuple[int, dict[str, Any]]:
    result = runner.invoke(app, args)
    assert result.stderr == ""
    assert result.stdout.isascii()
    document = json.loads(result.stdout)
    assert list(document) == ["schema", "valid", "problems"]
    assert document["schema"] == "omnicheck.problems/1"
    for problem in document["problems"]:
        assert list(problem) == KEYS
        assert KEBAB.match(problem["code"]), problem
        assert problem["severity"] in ("error", "warning")
        assert problem["line"] is None or problem["line"] >= 1
    return result.exit_code, document


def as_text(problem: dict[str, Any]) -> str:
    """The problem as the text format prints it."""
    if problem["line"] is None:
        return f"{problem['file']}: {problem['message']}"
    return f"{problem['file']}:{problem['line']}:{problem['column'] or 1}: {problem['message']}"


def test_the_codes_cover_every_broken_rubric():
    assert CODES.keys() == FINDINGS.keys()


@pytest.mark.parametrize("name", sorted(CODES))
def test_lint_json_gives_each_finding_its_kind(name):
    path = RUBRICS / name
    status, document = run_json(["rubric", "lint", "--format", "json", str(path)])
    problems = document["problems"]
    assert [p["code"] for p in problems] == CODES[name]
    expected = [f"{path}:{line}" for line in FINDINGS[name]]
    assert [as_text(p).replace(": ", f": {p['severity']}: ", 1) for p in problems] == expected
    has_errors = any(p["severity"] == "error" for p in problems)
    assert document["valid"] is not has_errors
    assert status == (2 if has_errors else 0)


def test_lint_json_strict_fails_on_warnings():
    path = str(RUBRICS / "rule-shadowed.yaml")
    assert run_json(["rubric", "lint", "-f", "json", path])[1]["valid"] is True
    status, document = run_json(["rubric", "lint", "--strict", "-f", "json", path])
    assert (status, document["valid"]) == (2, False)
    assert {p["severity"] for p in document["problems"]} == {"warning"}


def test_lint_json_is_one_document_for_several_rubrics(tmp_path):
    missing = tmp_path / "missing.yaml"
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: [unclosed\n")
    good, gap = str(RUBRICS / "minimal.yaml"), str(RUBRICS / "band-gap.yaml")
    status, document = run_json(
        ["rubric", "lint", "-f", "json", good, gap, str(missing), str(broken)]
    )
    assert (status, document["valid"]) == (2, False)
    assert [(p["file"], p["code"]) for p in document["problems"]] == [
        *[(gap, "band-gap")] * 3,
        (str(missing), "file-not-found"),
        (str(broken), "yaml-syntax"),
    ]
    assert document["problems"][3]["line"] is None
    assert document["problems"][3]["column"] is None
    assert (document["problems"][4]["line"], document["problems"][4]["column"]) == (1, 5)


def test_validate_json_of_a_valid_file():
    status, document = run_json(["validate", "--format", "json", str(EXAMPLES[0])])
    assert (status, document) == (
        0,
        {"schema": "omnicheck.problems/1", "valid": True, "problems": []},
    )


BROKEN_ANSWERS = """\
rubric: {id: omnichannel, version: "1.0"}
business: {name: Test Co}
colour: blue
answers:
  goal: [reach]
  gaol: reach
  channels: [website, website, telepathy, other]
  channels_other: n/a
"""


def listing_lines(lines: list[str]) -> list[str]:
    """What the text shows of these problems: the first MAX_LISTED, then a count."""
    more = len(lines) - MAX_LISTED
    source = lines[MAX_LISTED].split(":", 1)[0]
    return [*lines[:MAX_LISTED], f"{source}: and {more} more problem{'s' if more > 1 else ''}"]


def test_validate_json_lists_what_the_text_lists_with_codes(tmp_path):
    path = tmp_path / "answers.yaml"
    path.write_text(BROKEN_ANSWERS)
    text = runner.invoke(app, ["validate", str(path)])
    status, document = run_json(["validate", str(path), "--format", "json"])
    assert status == text.exit_code == 2
    assert document["valid"] is False
    problems = document["problems"]
    # The text lists the first MAX_LISTED for a person; JSON has every one, for a machine.
    assert len(problems) > MAX_LISTED
    assert listing_lines([as_text(p) for p in problems]) == text.stderr.splitlines()
    assert {p["severity"] for p in problems} == {"error"}
    codes = [p["code"] for p in problems]
    for code in (
        "unknown-key",
        "unknown-question",
        "wrong-answer-type",
        "duplicate-choice",
        "unknown-option",
        "na-not-allowed",
        "missing-answer",
    ):
        assert code in codes, (code, codes)


@pytest.mark.parametrize(
    ("content", "code", "line"),
    [
        (None, "file-not-found", None),
        ("a: [unclosed\n", "yaml-syntax", 1),
        ("a: 1\na: 2\n", "yaml-duplicate-key", 2),
        ("a: !!python/object {}\n", "yaml-unsupported-tag", 1),
        ("- just a list\n", "not-an-answers-file", 1),
        (b"a: caf\xe9\n", "not-utf8", 1),
        ('rubric: {id: other, version: "1.0"}\n', "wrong-rubric", 1),
        # Another rubric's version is not compared with ours: one problem, not two.
        ("rubric: {id: retail-check, version: '2.0'}\n", "wrong-rubric", 1),
        ('rubric: {id: omnichannel, version: "0.9"}\n', "wrong-rubric-version", 1),
        ("rubric: {id: omnichannel, version: 1.0}\n", "invalid-rubric-ref", 1),
    ],
)
def test_validate_json_codes_of_unreadable_files(tmp_path, content, code, line):
    path = tmp_path / "answers.yaml"
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        path.write_text(content)
    status, document = run_json(["validate", "-f", "json", str(path)])
    assert status == 2
    (problem,) = document["problems"]
    assert (problem["file"], problem["code"], problem["line"]) == (str(path), code, line)


def test_validate_json_reports_a_broken_rubric_with_the_rubric_s_codes():
    rubric = RUBRICS / "band-overlap.yaml"
    status, document = run_json(
        ["validate", str(EXAMPLES[0]), "--rubric", str(rubric), "-f", "json"]
    )
    assert status == 2
    assert [(p["file"], p["line"], p["code"]) for p in document["problems"]] == [
        (str(rubric), 76, "band-overlap")
    ]


def test_a_file_name_that_is_not_ascii_stays_valid_json(tmp_path):
    path = tmp_path / "caf\u00e9 \x1b[31m.yaml"
    status, document = run_json(["validate", "-f", "json", str(path)])
    assert status == 2
    assert document["problems"][0]["file"] == str(path)


def codes_in_source() -> set[str]:
    """Every code a Problem can be given: ``code=...`` and the code argument of each helper."""
    found: set[str] = set()
    positional = {"Problem": 4, "_problem": 2, "_refuse": 3, "add": 2, "error": 2, "warning": 2}
    for path in (ROOT / "omnicheck").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            values = [k.value for k in node.keywords if k.arg == "code"]
            if name in positional and len(node.args) > positional[name]:
                values.append(node.args[positional[name]])
            found |= {v.value for v in values if isinstance(v, ast.Constant)}
        for node in ast.walk(ast.parse(path.read_text())):  # defaults of code parameters
            if isinstance(node, ast.FunctionDef):
                arguments = node.args.args[-len(node.args.defaults) or len(node.args.args) :]
                pairs = [
                    *zip(arguments, node.args.defaults, strict=True),
                    *zip(node.args.kwonlyargs, node.args.kw_defaults, strict=True),
                ]
                found |= {
                    d.value for a, d in pairs if a.arg == "code" and isinstance(d, ast.Constant)
                }
    # A problem the core raises as an id has the code answers.codes gives it.
    found |= {code_of(what) for what in WORDS}
    found |= {rubric_code_of(what) for what in RUBRIC_WORDS}
    return {code for code in found if isinstance(code, str) and KEBAB.match(code)}


def test_every_code_is_documented_in_the_readme():
    codes = codes_in_source()
    assert {"band-gap", "unknown-question", "file-not-found", "yaml-syntax"} <= codes
    readme = (ROOT / "README.md").read_text()
    table = readme.split("## Problems as JSON", 1)[1].split("\n## ", 1)[0]
    missing = sorted(code for code in codes if f"`{code}`" not in table)
    assert missing == []


def test_codes_and_messages_do_not_depend_on_the_working_directory(tmp_path, monkeypatch):
    """The file is named as the user typed it, as in the text."""
    monkeypatch.chdir(ROOT)
    relative = str(Path("tests") / "rubrics" / "band-empty.yaml")
    _, document = run_json(["rubric", "lint", "-f", "json", relative])
    assert document["problems"][0]["file"] == relative


def test_the_json_is_the_one_output_path_s_ascii_text(tmp_path):
    """The same bytes as every JSON document's helper gives, asked for ASCII: a name with
    an accent, an escape and a DEL comes out as ``\\u`` escapes, never raw."""
    from omnicheck.report.output import json_text

    path = tmp_path / "caf\u00e9 \x1b\x7f.yaml"
    result = runner.invoke(app, ["validate", "-f", "json", str(path)])
    assert result.exit_code == 2
    document = json.loads(result.stdout)
    assert result.stdout == json_text(document, ascii=True)
    assert "\\u00e9 \\u001b\\u007f" in result.stdout
    assert result.stdout.isascii() and "\x7f" not in result.stdout
