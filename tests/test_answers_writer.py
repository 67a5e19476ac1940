"""The answers file that assess writes: readable, in rubric order, and read back unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from omnicheck.answers import validate_answers
from omnicheck.answers_writer import answers_yaml, resume_command, save_answers
from omnicheck.cli import app
from omnicheck.conditions import NotApplicable
from omnicheck.loading import answers_from
from omnicheck.yaml_source import parse_yaml
from tests.conftest import EXAMPLES


def read_back(text: str, rubric, *, require_complete: bool = True):
    return validate_answers(
        parse_yaml(text, "answers.yaml"), rubric, require_complete=require_complete
    )


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_every_example_reads_back_identically(rubric, example):
    original = answers_from(example, rubric)
    business = {"name": original.business_name, **original.business}
    text = answers_yaml(rubric, business, original.answers, complete=True)
    again = read_back(text, rubric)
    assert again.answers == original.answers
    assert again.business_name == original.business_name
    assert again.business == original.business
    assert again.complete


def test_layout_is_rubric_order_with_a_comment_per_section(rubric):
    answers = {
        "channels": ("email", "online_store"),
        "goal": "reach",
        "content.prices": NotApplicable("one price list, by law"),
        "journey.cart": NotApplicable(),
        "check.same_promotion": "no",
    }
    text = answers_yaml(rubric, {"name": "Co"}, answers, complete=False)
    lines = text.splitlines()
    body = lines[lines.index("answers:") + 1 :]
    assert body == [
        "  # Your business and its channels",
        "  goal: reach",
        "  channels: [email, online_store]",
        "  # Content consistency",
        "  content.prices: {n/a: 'one price list, by law'}",  # a comma needs quotes here
        "  # Journey continuity",
        "  journey.cart: n/a",
        "  # Continuity checks",
        "  check.same_promotion: 'no'",  # quoted: a bare no is a boolean in YAML
    ]
    assert "status: incomplete" in lines
    assert "rubric: {id: omnichannel, version: '1.0'}" in lines


def test_an_unfinished_file_says_how_to_continue(rubric, tmp_path):
    path = tmp_path / "my answers.yaml"
    save_answers(path, rubric, {"name": "Co"}, {"goal": "reach"}, complete=False)
    text = path.read_text(encoding="utf-8")
    assert f"#   {resume_command(path)}" in text
    assert "'" in resume_command(path)  # the space in the name is quoted for the shell
    checked = read_back(text, rubric, require_complete=False)
    assert not checked.complete and checked.answers == {"goal": "reach"}


def test_report_refuses_an_unfinished_file_and_says_how_to_finish_it(rubric, tmp_path):
    path = tmp_path / "answers.yaml"
    save_answers(path, rubric, {"name": "Co"}, {"goal": "reach"}, complete=False)
    out = tmp_path / "report.md"
    result = CliRunner().invoke(app, ["report", str(path), "-o", str(out)])
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"{path}:5:9: unfinished: no answer yet to 'channels' and ")
    assert lines[1] == (
        f"{path}: this file is marked incomplete: finish it with "
        f"'omnicheck assess --answers {path} --resume'"
    )
    assert not out.exists()


def test_a_comment_cannot_be_broken_by_a_path_with_a_newline(rubric):
    text = answers_yaml(
        rubric,
        {"name": "Co"},
        {},
        complete=False,
        resume_command=resume_command(Path("a\nb.yaml")),
    )
    assert read_back(text, rubric, require_complete=False).answers == {}


def test_resume_command_names_a_custom_rubric():
    command = resume_command(Path("a.yaml"), Path("my rubric.yaml"))
    assert command == "omnicheck assess --answers a.yaml --resume --rubric 'my rubric.yaml'"


text_values = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
details_values = st.dictionaries(st.sampled_from(["sector", "notes"]), text_values)


@settings(max_examples=150, deadline=None)
@given(details=details_values, reason=text_values)
def test_any_text_survives_the_round_trip(rubric, details, reason):
    reason = reason.strip() or "none"
    answers = {"goal": NotApplicable(reason), "channels": ("email",)}
    text = answers_yaml(rubric, {"name": "Co", **details}, answers, complete=False)
    again = read_back(text, rubric, require_complete=False)
    assert again.business == details
    assert again.answers["goal"] == NotApplicable(reason)
