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

from omnicheck.cli.app import app
from omnicheck.loading import answers_from
from omnicheck.rubric.conditions import NotApplicable
from omnicheck.source.safe_yaml import parse_yaml
from omnicheck.wording.schema import answers_schema
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


def test_a_wrong_answer_in_a_mapping_reads_as_typed_and_is_located_at_it(tmp_path):
    """``no`` on a question without a "no" option is the text typed, as a bare answer's
    is, at the answer's own line and column, not ``False`` at the mapping's."""
    noted = with_answers(tmp_path, {"goal": "{answer: no, note: x}"}, "noted.yaml")
    bare = with_answers(tmp_path, {"goal": "no"}, "bare.yaml")
    (_, _, noted_err), (_, _, bare_err) = run("validate", str(noted)), run("validate", str(bare))
    line = next(t for t in noted_err.splitlines() if ": goal: " in t)
    assert "unknown option 'no'" in line and "False" not in line, line
    column = noted.read_text(encoding="utf-8").splitlines()[int(line.split(":")[1]) - 1]
    assert column[int(line.split(":")[2]) - 1 :].startswith("no,"), (line, column)
    bare_line = next(t for t in bare_err.splitlines() if ": goal: " in t)
    assert line.split(": ", 1)[1] == bare_line.split(": ", 1)[1]


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


def row_of(text: str, start: str, end: str, needle: str) -> str:
    """The one table row of ``text`` between ``start`` and ``end`` that holds ``needle``."""
    rows = [r for r in re.split(start, text) if needle in r.split(end, 1)[0]]
    assert len(rows) == 1, (needle, rows)
    return rows[0].split(end, 1)[0]


def test_the_report_shows_notes_beside_the_answers_and_links_only_http(tmp_path):
    path = with_answers(tmp_path, NOTED)
    md = run("report", str(path), "-f", "md")[1]
    assert "Notes and evidence" not in md  # no table of their own: beside the answers
    answers = md.split("### Your answers", 1)[1]
    prices = row_of(answers, r"\n\| ", "\n", "Re-typed every Monday")
    assert prices.startswith("Are prices and promotions the same")
    note = "Re-typed every Monday, &lt;b&gt;by hand&lt;/b&gt; · Evidence:"
    assert f"| Copied by hand | {note}" in prices
    assert "<https://intranet.example/p?a=1&b=%3C2%3E>" in prices
    assert "javascript:alert(1)" in prices and "<javascript" not in prices
    receipt = row_of(answers, r"\n\| ", "\n", "till-receipt.jpg")
    assert receipt.endswith("| No | Evidence: till-receipt.jpg |")
    assert row_of(answers, r"\n\| ", "\n", "we do not ship").endswith("| n/a | we do not ship |")
    assert answers.count("| Question | Answer | Note and evidence |") == answers.count("#### ")
    html = run("report", str(path), "-f", "html")[1]
    assert '<section id="notes"' not in html
    table = html.split('<details id="answers"', 1)[1].split("</details>", 1)[0]
    notes = row_of(table, "<tr>", "</tr>", "Re-typed every Monday")
    assert notes.startswith('<th scope="row">Are prices and promotions the same')
    assert '<a href="https://intranet.example/p?a=1&amp;b=&lt;2&gt;"' in notes
    assert notes.count("<a ") == 1  # javascript: and file names stay text
    assert "<code>javascript:alert(1)</code>" in notes and "<code>prices.pdf</code>" in notes
    assert "&lt;b&gt;by hand&lt;/b&gt;" in notes
    assert table.count("<a ") == 1 and table.count('data-label="Note and evidence"') == 3
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
