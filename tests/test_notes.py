"""Notes and evidence on any answer: ``{answer: OPTION, note: ..., evidence: [...]}``.

They are read and checked like every answer, shown beside the answers, kept per
respondent by merge, and never scored, opened or fetched.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml
from typer.testing import CliRunner

from omnicheck.answers.schema import answers_schema
from omnicheck.cli.app import app
from omnicheck.loading import answers_from
from omnicheck.rubric.conditions import NotApplicable
from omnicheck.source.safe_yaml import parse_yaml
from tests.conftest import GOLDEN, ROOT
from tests.test_merge import WORKSHOP

runner = CliRunner()
OUTDOOR = ROOT / "examples" / "outdoor-retailer.yaml"
LOCATED = re.compile(r"^\S+:\d+:\d+: ")
NOTED = {
    "content.prices": '{answer: manual, note: "Re-typed every Monday, <b>by hand</b>", '
    'evidence: [prices.pdf, "https://intranet.example/p?a=1&b=<2>", "javascript:alert(1)"]}',
    "check.same_promotion": "{answer: no, evidence: till-receipt.jpg}",
    "journey.fulfilment": "{answer: n/a, note: we do not ship}",
}


def with_answers(tmp_path: Path, changes: dict[str, str], name: str = "noted.yaml") -> Path:
    text = OUTDOOR.read_text(encoding="utf-8")
    for qid, value in changes.items():
        text, n = re.subn(rf"^  {re.escape(qid)}: .*$", f"  {qid}: {value}", text, flags=re.M)
        assert n == 1, qid
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_the_mapping_form_is_the_answer_with_a_note(tmp_path, rubric):
    noted = answers_from(with_answers(tmp_path, NOTED), rubric)
    assert noted.answers["content.prices"] == "manual"
    assert noted.answers["check.same_promotion"] == "no"  # unquoted no, as bare
    assert noted.answers["journey.fulfilment"] == NotApplicable()
    prices = noted.notes["content.prices"]
    assert prices.note == "Re-typed every Monday, <b>by hand</b>"
    assert prices.evidence[0] == "prices.pdf"
    assert noted.notes["check.same_promotion"].note is None
    assert set(noted.notes) == set(NOTED)


def test_notes_are_never_scored(tmp_path):
    bare = {k: v.split("answer: ", 1)[1].split(",")[0].rstrip("}") for k, v in NOTED.items()}
    plain = with_answers(tmp_path, bare, "plain.yaml")
    one = json.loads(run("report", str(with_answers(tmp_path, NOTED)), "-f", "json")[1])
    two = json.loads(run("report", str(plain), "-f", "json")[1])
    assert one["index"] == two["index"] and one["plan"] == two["plan"]
    assert len(one["notes"]) == 3 and two["notes"] == []


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("{answer: manual, remark: x}", "content.prices: unknown key 'remark' in an answer"),
        ("{answer: manual, note: [a, b]}", "content.prices: a note is text"),
        ("{answer: manual, evidence: [{a: 1}]}", "evidence is a file name or a link"),
        ("{answer: manul, note: x}", "content.prices: unknown option 'manul'"),
        ("{note: forgot the answer}", "not a mapping (the mappings allowed are"),
    ],
)
def test_a_wrong_mapping_is_located(tmp_path, value, message):
    path = with_answers(tmp_path, {"content.prices": value})
    status, _, err = run("validate", str(path))
    assert status == 2
    assert LOCATED.match(err) and message in err, err


def test_the_schema_and_the_template_know_it(tmp_path, rubric):
    schema = answers_schema(rubric)
    validator = jsonschema.Draft202012Validator(schema)
    text = with_answers(tmp_path, NOTED).read_text(encoding="utf-8")
    data = parse_yaml(text, "noted.yaml").data  # as omnicheck reads it: dates stay text
    assert list(validator.iter_errors(data)) == []
    data["answers"]["content.prices"]["remark"] = "x"
    assert list(validator.iter_errors(data))
    template = run("template")[1]
    assert "{answer: ID, note: why, evidence: [file.pdf, https://...]}" in template


def test_the_report_shows_notes_beside_the_answers_and_links_only_http(tmp_path):
    path = with_answers(tmp_path, NOTED)
    md = run("report", str(path), "-f", "md")[1]
    section = md.split("## Notes and evidence", 1)[1]
    assert "Re-typed every Monday, &lt;b&gt;by hand&lt;/b&gt;" in section
    assert "<https://intranet.example/p?a=1&b=%3C2%3E>" in section
    assert "javascript:alert(1)" in section and "<javascript" not in section
    html = run("report", str(path), "-f", "html")[1]
    notes = html.split('<section id="notes"', 1)[1].split("</section>", 1)[0]
    assert '<a href="https://intranet.example/p?a=1&amp;b=&lt;2&gt;"' in notes
    assert notes.count("<a ") == 1  # javascript: and file names stay text
    assert "&lt;b&gt;by hand&lt;/b&gt;" in notes
    data = json.loads(run("report", str(path), "-f", "json")[1])
    first = data["notes"][0]
    assert first["question"] == "content.prices" and first["label"] == "Copied by hand"
    assert [e["link"] for e in first["evidence"]] == [False, True, False]


def test_merge_keeps_each_respondents_notes(tmp_path):
    out = tmp_path / "m.yaml"
    assert run("merge", *map(str, WORKSHOP), "-o", str(out))[0] == 0
    doc = yaml.safe_load(out.read_text(encoding="utf-8"))
    it = doc["respondents"][0]
    assert it["answers"]["journey.order_status"]["note"].startswith("The web shop")
    assert it["answers"]["journey.order_status"]["evidence"] == ["https://shop.example/orders"]
    assert doc["answers"]["journey.order_status"] == "manual"  # the consensus: no note
    again = tmp_path / "again.yaml"
    assert run("merge", str(out), "--consensus", "lowest", "-o", str(again))[0] == 0
    redo = yaml.safe_load(again.read_text(encoding="utf-8"))["respondents"]
    assert redo[0]["answers"]["journey.order_status"] == it["answers"]["journey.order_status"]
    data = json.loads(run("report", str(out), "-f", "json")[1])
    status = next(d for d in data["disagreements"] if d["question"] == "journey.order_status")
    notes = {s["respondent"]: s["note"] for s in status["said"]}
    assert notes["Tom Okafor"].startswith("Phone staff cannot look an order up")


def test_golden_notes(update_golden, monkeypatch):
    monkeypatch.chdir(ROOT)
    status, out, err = run("report", "examples/workshop/service.yaml", "-f", "md")
    assert status == 0, err
    golden = GOLDEN / "notes-workshop-service.md"
    if update_golden:
        golden.write_text(out, encoding="utf-8")
    assert out == golden.read_text(encoding="utf-8")
