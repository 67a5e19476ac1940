"""The report's JSON carries ids and data, and the templates word them.

The core and the JSON hold no English of omnicheck's own, so that a report can
be translated by its templates alone: a step whose dimension is in no roadmap
phase has a ``phase_name`` of null, which the Markdown, HTML and CSV word.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from omnicheck.cli.app import app
from omnicheck.source.resources import default_rubric_path
from tests.conftest import EXAMPLES

runner = CliRunner()
OUTDOOR = next(p for p in EXAMPLES if p.stem == "outdoor-retailer")


@pytest.fixture(scope="module")
def no_service_phase(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled rubric with the service dimension left out of every roadmap phase."""
    text = default_rubric_path().read_text(encoding="utf-8")
    old = "dimensions: [journey, service]}"
    assert old in text
    path = tmp_path_factory.mktemp("rubrics") / "no-service-phase.yaml"
    path.write_text(text.replace(old, "dimensions: [journey]}"), encoding="utf-8")
    return path


def output(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_a_step_in_no_phase_has_no_phase_name_and_the_templates_say_later(no_service_phase):
    rubric = ["--rubric", str(no_service_phase)]
    report = json.loads(output("report", str(OUTDOOR), "-f", "json", *rubric))
    later = [s for s in report["plan"]["steps"] if s["dimension"] == "service"]
    assert later and all(s["phase"] is None and s["phase_name"] is None for s in later)
    assert all(s["phase_name"] for s in report["plan"]["steps"] if s["dimension"] != "service")
    assert [p["name"] for p in report["roadmap"] if p["name"] is None] == [None]
    assert "Later" not in json.dumps(report)

    markdown = output("report", str(OUTDOOR), "-f", "md", *rubric)
    assert f"| {later[-1]['rank']} | Later |" in markdown  # the plan's full table
    page = output("report", str(OUTDOOR), "-f", "html", *rubric)
    assert '<th scope="rowgroup" colspan="7">Later</th>' in page
    rows = list(csv.DictReader(io.StringIO(output("plan", str(OUTDOOR), "-f", "csv", *rubric))))
    assert {r["Phase"] for r in rows if r["Summary"].startswith(later[0]["text"])} == {"Later"}


def test_a_metric_that_is_not_scored_reads_as_null_and_the_templates_word_it(rubric):
    from omnicheck.rubric.conditions import MetricTest
    from omnicheck.scoring.target import rule_inputs

    test = MetricTest("dimension.data", "at_least", 50)
    [scored] = rule_inputs(rubric, test, {}, {"dimension.data": 54.4})
    [unscored] = rule_inputs(rubric, test, {}, {"dimension.data": None})
    assert (scored.value, unscored.value) == ("54", None)
    assert unscored.label == rubric.metric_label("dimension.data")


def test_the_templates_word_an_input_that_is_not_scored():
    """No bundled example has one, so a real report gets such an input and hold-back."""
    from omnicheck.report.output import as_text, report_document

    report = json.loads(output("report", str(OUTDOOR), "-f", "json"))
    report["target"]["rule"]["inputs"] = [
        {"kind": "metric", "id": "index", "label": "Integration index", "value": None}
    ]
    report["target"]["held_back_by"] = {
        "rule": "r",
        "kind": "metric",
        "strategy": "s",
        "name": "S",
        "condition": None,
        "test": {
            "kind": "metric",
            "metric": "index",
            "dimension_name": None,
            "op": "at_least",
            "value": 70.0,
        },
        "id": "index",
        "value": None,
    }
    for fmt, row in (("md", "| Integration index | not scored |"), ("html", "<td>not scored</td>")):
        text = as_text(report_document(report), fmt)
        assert row in text
        assert "it needs Integration index ≥ 70; yours: not scored." in text


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_an_answer_without_the_rubric_s_words_is_null_and_the_reports_word_it(example):
    report = json.loads(output("report", str(example), "-f", "json"))
    markdown = output("report", str(example), "-f", "md")
    page = output("report", str(example), "-f", "html")
    for row in report["answers"]:
        if row["label"] is not None:
            continue
        if row["answer"] == "n/a":
            words = "n/a" + (f" ({row['reason']})" if row["reason"] else "")
        else:
            assert row["answer"] == [], row  # a multiple choice with nothing chosen
            words = "none"
        assert f"| {row['text']} | {words} |" in markdown.replace("\\", "")
        assert f"<td>{words}</td>" in page.replace("&#39;", "'")
    for dimension in report["dimensions"]:
        assert all(i["label"] is not None or i["answer"] is None for i in dimension["items"])
    assert not {"none", "n/a", "not answered"} & {r["label"] for r in report["answers"]}


def test_every_template_belongs_to_one_environment():
    """A compiled template is cached by name, so one that both the Markdown environment
    (no escaping) and the HTML one (autoescaped) load would be escaped as whichever
    compiled it first: a partial for both is an HTML injection waiting to happen."""
    from omnicheck.source.resources import templates_dir

    names = [p.name for p in templates_dir().iterdir() if p.suffix == ".j2"]
    kinds = (".md.j2", ".html.j2", ".css.j2", ".txt.j2")
    assert names and all(n.endswith(kinds) for n in names), names
    # Plain text (words.txt.j2) is compiled by a Markdown environment only: an HTML
    # template reads its words through the globals, never by importing it.
    loads_text = re.compile(r"""(import|include|from|extends)\s+["'][^"']*\.txt\.j2""")
    for name in names:
        text = (templates_dir() / name).read_text(encoding="utf-8")
        assert name.endswith(".md.j2") or not loads_text.search(text), name


def test_a_question_the_target_read_without_words_is_null_and_worded_everywhere(tmp_path):
    """A loyalty business with two channels that has no figure for "customers using 2+
    channels": the hold-back reads a question it was asked, and its answer has no words."""
    import yaml

    doc = yaml.safe_load(OUTDOOR.read_text(encoding="utf-8"))
    doc["answers"].update(goal="loyalty", repeat_purchase="weekly")
    doc["answers"]["multichannel_share"] = {"n/a": "never <measured>"}
    path = tmp_path / "blank.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    held = json.loads(output("report", str(path), "-f", "json"))["target"]["held_back_by"]
    assert held["kind"] == "question" and held["value"] is None
    for fmt in ("md", "html", "text"):
        text = " ".join(output("report", str(path), "-f", fmt).split())
        assert (
            "yours: n/a (never &lt;measured&gt;)." in text
            if fmt != "text"
            else ("yours: n/a (never <measured>)." in text)
        ), fmt


def test_the_heat_map_words_a_record_link_without_words_from_the_answers():
    from omnicheck.report.output import as_text, report_document

    report = json.loads(output("report", str(OUTDOOR), "-f", "json"))
    channel = report["links"]["channels"][0]
    channel["record_level"], channel["record_label"] = None, None
    row = next(a for a in report["answers"] if a["question"] == channel["record_question"])
    row.update(answer="n/a", label=None, reason="no customer record yet")
    page = as_text(report_document(report), "html")
    assert f"{channel['name']} and the customer record: n/a (no customer record yet)" in page


def test_a_diff_words_an_answer_change_without_the_rubric_s_words(tmp_path):
    import yaml

    doc = yaml.safe_load(OUTDOOR.read_text(encoding="utf-8"))
    doc["answers"]["budget"] = {"n/a": "no budget <yet>"}
    later = tmp_path / "later.yaml"
    later.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    data = json.loads(output("diff", str(OUTDOOR), str(later), "-f", "json"))
    change = next(x for x in data["other_changes"] if x["question"] == "budget")
    assert change["to"] is None and change["to_answer"] == "n/a"
    assert change["to_reason"] == "no budget <yet>" and change["from"] is not None
    markdown = output("diff", str(OUTDOOR), str(later), "-f", "md")
    assert f"| {change['from']} | n/a (no budget &lt;yet&gt;) |" in markdown
    page = output("diff", str(OUTDOOR), str(later), "-f", "html")
    assert "<td>n/a (no budget &lt;yet&gt;)</td>" in page
