"""The terminal summary opens with the verdict and explains it, as the other formats do."""

from __future__ import annotations

import copy
import io
import json
import re
from pathlib import Path

import pytest
import yaml
from rich.console import Console
from typer.testing import CliRunner

from omnicheck.cli.app import app
from omnicheck.report.output import console_text
from omnicheck.report.render import number
from omnicheck.report.terminal import print_summary
from tests.conftest import EXAMPLES, ROOT

runner = CliRunner()


def report_of(path: Path) -> dict:
    result = runner.invoke(app, ["report", str(path), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def summary(report: dict, width: int = 80) -> list[str]:
    return console_text(lambda console: print_summary(report, console), width=width).splitlines()


@pytest.mark.parametrize("width", [80, 60])
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_level_target_and_first_step_fit_the_first_24_rows(example, width):
    report = report_of(example)
    first = "\n".join(summary(report, width)[:24])
    assert report["level_name"] in first and report["target"]["name"] in first
    steps = report["plan"]["steps"]
    if steps:
        assert f"1. {steps[0]['text']}" in first
    else:
        assert "Next step" in first


def test_alternatives_read_either_or():
    lines = summary(report_of(ROOT / "examples" / "outdoor-retailer.yaml"))
    either = next(i for i, line in enumerate(lines) if "either ✗" in line)
    assert "Integration index at least 35" in lines[either]
    assert "or ✗ At least one pair of channels" in lines[either + 1]


def test_target_explanation_shows_matched_guardrails_and_what_holds_back():
    report = report_of(ROOT / "examples" / "outdoor-retailer.yaml")
    text = "\n".join(summary(report))
    assert "Matched: Main goal is Convert at key steps" in text
    report = copy.deepcopy(report)
    report["target"]["guardrails"] = [
        {"id": "g", "reason": "Service is run channel by channel.", "before": "omnichannel"}
        | {"after": "cross-channel"}
    ]
    report["target"]["held_back_by"] = {
        "rule": "r",
        "strategy": "omnichannel",
        "name": "Omnichannel",
        "condition": None,
        "test": {
            "kind": "question",
            "question": "service_capacity",
            "text": "Service capacity",
            "op": "is",
            "value": "every_channel",
            "labels": ["In every channel"],
        },
        "id": "service_capacity",
        "value": "Per channel",
    }
    text = " ".join(" ".join(summary(report)).split())
    assert "Guardrail: Service is run channel by channel. (Omnichannel → Cross-channel)" in text
    assert (
        "Why not Omnichannel: it needs service capacity: in every channel; "
        "yours: Per channel." in text
    )


def test_provisional_dimensions_and_steps_are_marked(tmp_path):
    """Journey continuity on 2 answers of 5 is provisional: its score and steps say so."""
    doc = yaml.safe_load((ROOT / "examples" / "skincare-brand.yaml").read_text(encoding="utf-8"))
    journey = [k for k in doc["answers"] if k.startswith("journey.")]
    for key in journey[1:]:
        doc["answers"][key] = "n/a"
    path = tmp_path / "shaky.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    report = report_of(path)
    shaky = [d for d in report["dimensions"] if d["provisional"]]
    assert [d["id"] for d in shaky] == ["journey"]
    text = "\n".join(summary(report))
    row = next(line for line in text.splitlines() if line.startswith("Journey continuity"))
    assert f"{number(shaky[0]['score'])}*" in row
    basis = f"based on {shaky[0]['answered']} of {shaky[0]['questions']} questions"
    assert f"* provisional: Journey continuity is {basis}" in text
    step = next(s for s in report["plan"]["steps"] if s["provisional"])
    line = next(line for line in text.splitlines() if f"{step['rank']}. {step['text']}" in line)
    assert "(provisional)" in line
    assert "(provisional)" in next(line for line in text.splitlines() if "✗ Journey" in line)


CLIENT_WORDS = re.compile(r"json|--\w|omnicheck (report|diff)|\b[a-z]+\.(?!yaml\b)[a-z_]+\b", re.I)


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_a_saved_summary_has_no_options_or_ids_for_a_client(example, tmp_path):
    """Saved or piped, the summary may be handed on: no options, no JSON, no question ids.
    Only a terminal gets the line on how to make the full report."""
    saved = tmp_path / "summary.txt"
    result = runner.invoke(app, ["report", str(example), "--format", "text", "-o", str(saved)])
    assert result.exit_code == 0, result.stderr
    assert not CLIENT_WORDS.search(saved.read_text(encoding="utf-8"))
    piped = runner.invoke(app, ["report", str(example)]).stdout
    assert piped.strip() and not CLIENT_WORDS.search(piped)
    report = report_of(example)
    terminal = Console(file=io.StringIO(), width=80, force_terminal=True, color_system=None)
    print_summary(report, terminal)
    on_a_terminal = terminal.file.getvalue()
    assert "Full report: add --format md, html or json" in on_a_terminal


def test_a_saved_diff_has_no_options_for_a_client():
    later = ROOT / "examples" / "reassessment" / "outdoor-retailer-a-year-later.yaml"
    result = runner.invoke(
        app, ["diff", str(ROOT / "examples" / "outdoor-retailer.yaml"), str(later)]
    )
    assert result.exit_code == 0, result.stderr
    assert "Northfield Outdoor" in result.stdout
    assert not CLIENT_WORDS.search(result.stdout)


def test_the_summary_offers_the_quick_wins_the_other_formats_do():
    """The verdict ends with up to three quick wins, the ones the Markdown report lists."""
    from omnicheck.report.verdict import quick_wins

    report = report_of(ROOT / "examples" / "outdoor-retailer.yaml")
    wins = quick_wins(report)
    assert wins
    for width in (80, 60):
        lines = summary(report, width)
        start = lines.index("Quick wins")
        block = " ".join(line.strip() for line in lines[start : start + 3 * len(wins) + 1])
        for s in wins:
            assert f"{s['text']}:" in block
        blocks = next(i for i, line in enumerate(lines) if line.startswith("Blocks"))
        assert start < blocks


def test_at_the_top_level_the_verdict_lists_next_steps_not_first_steps():
    report = report_of(ROOT / "examples" / "garden-centres.yaml")
    assert report["next_level"] is None
    lines = summary(report)
    assert "Next steps" in lines and "First steps" not in lines


@pytest.mark.parametrize("fmt", ["text", "md", "html"])
def test_a_step_that_reaches_a_level_is_not_shown_as_worth_nothing(fmt):
    """Adding a hand-off scores 0.0 points but reaches Cross-channel: no format shows it as
    "+0.0", and each words it as adding a channel, as the portfolio does."""
    result = runner.invoke(
        app, ["report", str(ROOT / "examples" / "outdoor-retailer.yaml"), "-f", fmt]
    )
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    assert "+0.0" not in text
    assert "none → Email (purchase)" not in text and "none → Email (purchase)" not in text
    assert "add Email (purchase)" in text


@pytest.mark.parametrize("fmt", ["text", "md", "html"])
def test_a_done_step_that_reached_a_level_is_not_shown_as_worth_nothing(fmt):
    """A year later, the diff lists the hand-off as done from the earlier plan: its
    planned gain was 0.0 points, what it cleared the reason for it, so no "+0.0"."""
    examples = ROOT / "examples"
    later = examples / "reassessment" / "outdoor-retailer-a-year-later.yaml"
    result = runner.invoke(
        app, ["diff", str(examples / "outdoor-retailer.yaml"), str(later), "-f", fmt]
    )
    assert result.exit_code == 0, result.stderr
    assert "Online store: hand-offs" in result.stdout
    assert "+0.0" not in result.stdout


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_a_summary_saved_or_piped_has_no_trailing_blanks(example, tmp_path):
    """rich pads table rows to the width; a file, whether -o or `> summary.txt`, gets none."""
    saved = tmp_path / "summary.txt"
    result = runner.invoke(app, ["report", str(example), "-o", str(saved)])
    assert result.exit_code == 0, result.stderr
    piped = runner.invoke(app, ["report", str(example)]).stdout
    for text in (saved.read_text(encoding="utf-8"), piped):
        assert text.strip()
        assert [line for line in text.splitlines() if line != line.rstrip()] == []


def test_the_verdict_says_how_much_was_answered_without_naming_a_dimension():
    """ "Coverage" is the first dimension's name; the verdict's count of answers is not it."""
    report = report_of(ROOT / "examples" / "skincare-brand.yaml")
    c = report["coverage"]
    lines = summary(report)
    total = c["answered"] + c["not_applicable"]
    expected = f"Answered  {c['answered']} of {total} scored questions ({c['not_applicable']} n/a)"
    assert expected in lines
    assert [line for line in lines if line.startswith("Coverage")] == [
        line for line in lines if line.startswith("Coverage ") and "answered" not in line
    ]


@pytest.mark.parametrize("fmt", ["text", "md", "html"])
def test_a_level_reached_below_its_band_says_what_reached_it(fmt):
    """The index 34 sits in the Multichannel band, the level is Cross-channel: the verdict
    says it is the linked pair that placed it there, in every format."""
    later = ROOT / "examples" / "reassessment" / "outdoor-retailer-a-year-later.yaml"
    result = runner.invoke(app, ["report", str(later), "--format", fmt], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.stderr
    pair = "At least one pair of channels passes customer context automatically"
    said = {
        "text": f"Cross-channel reached through: {pair}",
        "md": f"Cross-channel is reached through “{pair}”, with the index below its band.",
        "html": f"Reached through “{pair}”, with the index (34) below its band.",
    }[fmt]
    assert said in result.stdout
    first = runner.invoke(app, ["report", str(EXAMPLES[2]), "--format", fmt]).stdout
    assert "reached through" not in first.lower()  # its index is in its own level's band


def test_a_plan_without_steps_gives_the_next_steps_the_other_formats_give():
    """The bakery has one channel: no integration step, and the strategy's requirements
    are what to do next, in the terminal as in Markdown."""
    bakery = ROOT / "examples" / "bakery.yaml"
    report = report_of(bakery)
    assert report["plan"]["steps"] == [] and report["target"]["requirements"]
    text = "\n".join(summary(report, 200))
    md = runner.invoke(app, ["report", str(bakery), "--format", "md"]).stdout
    for item in report["target"]["requirements"]:
        assert f"→ {item}" in text and f"- {item}" in md
