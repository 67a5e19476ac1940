"""The words more than one view says come from one template, for every format.

``report_templates/words.txt.j2`` words an answer, a value the target read, a
level's check and a rubric condition; the Markdown and HTML templates and the
terminal views all call it, so a change there (a translation) changes them all.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from omnicheck.cli.app import app
from omnicheck.report.render import environment
from omnicheck.report.words import TEMPLATE, bundled
from omnicheck.source.resources import templates_dir
from tests.conftest import EXAMPLES, ROOT

runner = CliRunner()
OUTDOOR = ROOT / "examples" / "outdoor-retailer.yaml"

ROWS = [
    ({"label": "Weekly", "answer": "weekly", "reason": None}, "Weekly"),
    ({"label": None, "answer": None, "reason": None}, "not answered"),
    ({"label": None, "answer": "n/a", "reason": "no shop"}, "n/a (no shop)"),
    ({"label": None, "answer": "n/a", "reason": None}, "n/a"),
    ({"label": None, "answer": [], "reason": None}, "none"),
]


@pytest.mark.parametrize(("row", "words"), ROWS)
def test_an_answer_reads_the_same_in_the_templates_and_the_terminal(row, words):
    assert bundled().answer(row) == words
    for html in (False, True):
        page = environment(html=html).from_string(
            '{% import "answer_words.' + ("html" if html else "md") + '.j2" as w %}'
            "{{ w.answer(row) }}|{{ answer_words(row) }}"
        )
        assert page.render(row=row) == f"{words}|{words}"


def test_a_value_the_target_read_falls_back_to_the_answer_row():
    answers = [{"question": "goal", **ROWS[2][0]}]
    value = bundled().value
    assert value({"value": "42", "kind": "metric", "id": "index"}, answers) == "42"
    assert value({"value": None, "kind": "metric", "id": "index"}, answers) == "not scored"
    assert value({"value": None, "kind": "question", "id": "goal"}, answers) == "n/a (no shop)"
    assert value({"value": None, "kind": "question", "id": "other"}, answers) == "not answered"


def test_html_escapes_the_words_once(tmp_path):
    row = {"label": "<b>&", "answer": "x", "reason": None}
    page = environment(html=True).from_string("{{ answer_words(row) }}")
    assert page.render(row=row) == "&lt;b&gt;&amp;"


def translated(tmp_path: Path) -> Path:
    """A --templates folder whose words.txt.j2 words a band and n/a otherwise."""
    folder = tmp_path / "brand"
    folder.mkdir()
    text = (templates_dir() / TEMPLATE).read_text(encoding="utf-8")
    text = text.replace('{{ metric_names["index"] }} at least ', "Index mindestens ")
    text = text.replace("n/a{{", "entfällt{{")
    (folder / TEMPLATE).write_text(text, encoding="utf-8")
    return folder


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_a_words_template_in_templates_words_every_part_of_the_report(tmp_path, fmt):
    folder = translated(tmp_path)
    args = ["report", str(OUTDOOR), "--format", fmt]
    plain = runner.invoke(app, args)
    result = runner.invoke(app, [*args, "--templates", str(folder)])
    assert result.exit_code == 0, result.stderr
    assert "Integration index at least 35" in plain.stdout
    assert "Integration index at least" not in result.stdout
    assert "Index mindestens 35" in result.stdout


def test_the_json_has_no_band_words_and_the_summary_words_them():
    report = json.loads(runner.invoke(app, ["report", str(OUTDOOR), "--format", "json"]).stdout)
    bands = [c for c in report["gates"] if c["kind"] == "band"]
    assert bands and all(c["label"] is None for c in bands)
    assert "Integration index" not in json.dumps(report["gates"] + report["blockers"])
    text = runner.invoke(app, ["report", str(OUTDOOR)]).stdout
    assert "Integration index at least 35" in text


def _report() -> dict:
    return json.loads(runner.invoke(app, ["report", str(OUTDOOR), "--format", "json"]).stdout)


def _formats(report: dict) -> dict[str, str]:
    from omnicheck.report.output import as_text, report_document

    return {fmt: as_text(report_document(report), fmt) for fmt in ("md", "html", "text")}


def test_a_band_that_a_step_clears_is_worded_in_every_format():
    report = _report()
    step = report["plan"]["steps"][0]
    band = {"id": "omnichannel-band", "kind": "band", "label": None, "required": 70.0}
    gate = {"id": "g", "kind": "gate", "label": "A <gate>", "required": 1.0}
    step.update(clears=["omnichannel-band", "g"], clears_labels=[None, "A <gate>"])
    step["clears_checks"] = [band, gate]
    words = "Integration index at least 70; A <gate>"
    assert bundled().clears(step) == words
    shown = _formats(report)
    assert "clears Integration index at least 70; A &lt;gate&gt;" in shown["md"]
    assert "clears Integration index at least 70; A &lt;gate&gt;</span>" in shown["html"]
    assert f"clears {words}" in " ".join(shown["text"].split())


def test_a_band_no_answer_can_meet_is_worded_in_every_format():
    report = _report()
    report["plan"]["missing"] = [{"id": "omnichannel-band", "label": None, "remedy": ""}]
    shown = _formats(report)
    assert (
        "**Not reachable from the questions this assessment asks:** Integration index."
        in (shown["md"])
    )
    assert "asks:</strong> Integration index." in shown["html"]
    assert "Not reachable from these questions: Integration index" in shown["text"]


def test_a_portfolio_words_its_band_blockers(tmp_path):
    out = tmp_path / "p.json"
    args = ["batch", *map(str, sorted((ROOT / "examples").glob("*.yaml"))), "-o", "-"]
    assert runner.invoke(app, [*args, "--summary", str(out)]).exit_code == 0
    blockers = json.loads(out.read_text(encoding="utf-8"))["blockers"]
    band = next(b for b in blockers if b["kind"] == "band")
    assert band["label"] is None and band["required"] == 35.0
    page = tmp_path / "p.md"
    assert runner.invoke(app, [*args, "--summary", str(page)]).exit_code == 0
    assert "| Integration index at least 35 |" in page.read_text(encoding="utf-8")


def _conditions(node, seen=None):
    """Every condition anywhere in a compiled rubric, and each of their parts."""
    import dataclasses

    from omnicheck.rubric.conditions import AllOf, AnyOf, MetricTest, NotOf, QuestionTest

    seen = set() if seen is None else seen
    if id(node) in seen or isinstance(node, str | int | float | bool | type(None)):
        return
    seen.add(id(node))
    if isinstance(node, QuestionTest | MetricTest | AllOf | AnyOf | NotOf):
        yield node
    if dataclasses.is_dataclass(node):
        for f in dataclasses.fields(node):
            yield from _conditions(getattr(node, f.name), seen)
    elif isinstance(node, dict):
        for value in node.values():
            yield from _conditions(value, seen)
    elif isinstance(node, list | tuple | frozenset | set):
        for value in node:
            yield from _conditions(value, seen)


def _every_kind_of_condition(rubric):
    """One condition of each operator and combination, on the rubric's own questions."""
    from omnicheck.rubric.conditions import parse_condition

    multi = next(q for q in rubric.questions if q.kind == "multi")
    single = next(q for q in rubric.questions if q.kind == "single" and len(q.options) > 2)
    a, b, c = (o.id for o in single.options[:3])
    x, y = (o.id for o in multi.options[:2])
    raw = [
        {"question": single.id, "is": a},
        {"question": single.id, "in": [c, a, b]},
        {"question": multi.id, "has": x},
        {"question": multi.id, "has_any": [y, x]},
        {"question": multi.id, "has_all": [x, y, "no-such-option"]},
        {"question": multi.id, "count_at_least": 2},
        {"question": multi.id, "count_at_most": 0},
        {"question": single.id, "answered": True},
        {"question": "no-such-question", "answered": False},
        {"metric": "index", "above": 33.5},
        {"metric": "dimension." + rubric.dimensions[0].id, "below": 40},
        {"metric": "dimension.unknown", "at_most": 10},
        {"metric": "coverage", "at_least": 80},
        {"any": [{"metric": "linked_pairs", "at_least": 1}]},
    ]
    one, index = {"question": single.id, "is": a}, {"metric": "index", "above": 1}
    both = {"all": [{"question": multi.id, "has": y}]}
    raw.append({"all": [{"not": {"any": [one, index]}}, {"any": [both, {"not": index}]}]})
    return [parse_condition(r) for r in raw]


def _rubrics():
    """The bundled rubric and each test rubric that loads (most are broken on purpose)."""
    from omnicheck.errors import OmnicheckError
    from omnicheck.loading import rubric_from

    yield rubric_from(None)
    for path in sorted((ROOT / "tests" / "rubrics").glob("*.yaml")):
        try:
            yield rubric_from(path)
        except OmnicheckError:
            continue


def test_a_condition_reads_as_the_rubric_describes_it():
    """The JSON's test, worded by words.txt.j2, is the sentence the rubric's own describe
    gives, for every condition of a rubric and one of every kind: the reports read as before."""
    from omnicheck.report.target_data import condition_data
    from omnicheck.wording.conditions import describe

    bundled_rubric, *others = _rubrics()
    found = [(bundled_rubric, c) for c in _conditions(bundled_rubric)]
    assert len(found) > 20 and others
    found += [(bundled_rubric, c) for c in _every_kind_of_condition(bundled_rubric)]
    found += [(rubric, c) for rubric in others for c in _conditions(rubric)]
    for rubric, condition in found:
        data = condition_data(rubric, condition)
        assert json.loads(json.dumps(data)) == data  # plain JSON
        assert bundled().condition(data) == describe(rubric.named(condition)), condition


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_the_json_gives_the_target_s_tests_as_data_and_every_view_words_them(example):
    report = json.loads(runner.invoke(app, ["report", str(example), "-f", "json"]).stdout)
    target = report["target"]
    tests = [*target["matched"]] + [h for h in [target["held_back_by"]] if h]
    assert tests, "every example's target reads a test"
    for shown in ("md", "html", "text"):
        text = " ".join(runner.invoke(app, ["report", str(example), "-f", shown]).stdout.split())
        for m in tests:
            assert m["condition"] is None and m["test"]["kind"] in ("metric", "question")
            # What holds the target back is said after "it needs", in its own words.
            say = bundled().needed if m is target["held_back_by"] else bundled().condition
            words = say(m["test"])
            assert (words.replace("&", "&amp;") if shown == "html" else words) in text, shown


def test_what_a_target_needs_reads_as_a_sentence_not_a_rubric_condition():
    """ "it needs Customers using 2+ channels is Over 50%" read stiffly: no capitals mid-sentence,
    and a word in capitals keeps them."""
    test = {"kind": "question", "question": "q", "text": "Customers using 2+ channels"}
    one = {**test, "op": "is", "value": "over_50", "labels": ["Over 50%"]}
    assert bundled().needed(one) == "customers using 2+ channels: over 50%"
    two = {**test, "text": "CRM in use", "op": "in", "value": ["a", "b"], "labels": ["Yes", "No"]}
    assert bundled().needed(two) == "CRM in use: yes or no"
    metric = {"kind": "metric", "metric": "index", "op": "at_least", "value": 35}
    assert bundled().needed(metric) == bundled().condition(metric)


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_a_words_template_may_reword_only_some_of_the_words(tmp_path, fmt):
    """A words.txt.j2 with one macro: that one rewords, the bundled file gives the rest."""
    folder = tmp_path / "partial"
    folder.mkdir()
    (folder / TEMPLATE).write_text(
        '{% macro check(c) -%}{% if c.kind == "band" %}Index mindestens '
        "{{ c.required|measure }}{% else %}{{ c.label }}{% endif %}{%- endmacro %}\n",
        encoding="utf-8",
    )
    result = runner.invoke(
        app, ["report", str(OUTDOOR), "--format", fmt, "--templates", str(folder)]
    )
    assert result.exit_code == 0, result.stderr
    assert "Index mindestens 35" in result.stdout
    assert "Convert at key steps" in result.stdout  # the target's test, by the bundled words
