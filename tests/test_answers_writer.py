"""The answers file that assess writes: readable, in rubric order, and read back unchanged."""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from omnicheck.answers.validate import validate_answers
from omnicheck.answers.writer import Comments, answers_yaml
from omnicheck.cli.app import app
from omnicheck.loading import answers_from
from omnicheck.questionnaire.saving import resume_command, save_answers
from omnicheck.rubric.conditions import NotApplicable
from omnicheck.source.safe_yaml import parse_yaml
from omnicheck.wording.files import assess_comments
from tests.conftest import EXAMPLES, examples


def read_back(text: str, rubric, *, require_complete: bool = True):
    return validate_answers(
        parse_yaml(text, "answers.yaml"), rubric, require_complete=require_complete
    )


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_every_example_reads_back_identically(rubric, example):
    original = answers_from(example, rubric)
    business = {"name": original.business_name, **original.business}
    text = answers_yaml(
        rubric, business, original.answers, complete=True, comments=Comments(header=())
    )
    again = read_back(text, rubric)
    assert again.answers == original.answers
    assert again.business_name == original.business_name
    assert again.business == original.business
    assert again.complete
    dated = answers_yaml(
        rubric,
        business,
        original.answers,
        complete=True,
        comments=Comments(header=()),
        assessed=original.assessed,
    )
    assert read_back(dated, rubric).assessed == original.assessed is not None


def test_assess_dates_what_it_saves_and_the_template_leaves_the_date_to_fill(rubric, tmp_path):
    path = tmp_path / "answers.yaml"
    before = date.today()
    save_answers(path, rubric, {"name": "Co"}, {"goal": "reach"}, complete=False)
    saved = read_back(path.read_text(encoding="utf-8"), rubric, require_complete=False)
    assert before <= saved.assessed <= date.today()  # the run may cross midnight
    result = CliRunner().invoke(app, ["template"])
    assert result.exit_code == 0
    line = next(x for x in result.stdout.splitlines() if x.startswith("assessed:"))
    assert "YYYY-MM-DD" in line
    assert parse_yaml(result.stdout, "template.yaml").data["assessed"] is None  # to fill in


def test_layout_is_rubric_order_with_a_comment_per_section(rubric):
    answers = {
        "channels": ("email", "online_store"),
        "goal": "reach",
        "content.prices": NotApplicable("one price list, by law"),
        "journey.cart": NotApplicable(),
        "check.same_promotion": "no",
    }
    text = answers_yaml(
        rubric, {"name": "Co"}, answers, complete=False, comments=Comments(header=())
    )
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
        comments=assess_comments(rubric, complete=False, resume=resume_command(Path("a\nb.yaml"))),
    )
    assert read_back(text, rubric, require_complete=False).answers == {}


def test_resume_command_names_a_custom_rubric():
    command = resume_command(Path("a.yaml"), Path("my rubric.yaml"))
    assert command == "omnicheck assess --answers a.yaml --resume --rubric 'my rubric.yaml'"


#: What printable.printable escapes for a terminal: no file omnicheck writes may hold it raw.
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028-\u202e\u2066-\u2069]")
text_values = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
details_values = st.dictionaries(st.sampled_from(["sector", "notes"]), text_values)


@settings(max_examples=examples(150), deadline=None)
@given(details=details_values, reason=text_values)
def test_any_text_survives_the_round_trip(rubric, details, reason):
    reason = reason.strip() or "none"
    answers = {"goal": NotApplicable(reason), "channels": ("email",)}
    text = answers_yaml(
        rubric, {"name": "Co", **details}, answers, complete=False, comments=Comments(header=())
    )
    again = read_back(text, rubric, require_complete=False)
    assert again.business == details
    assert again.answers["goal"] == NotApplicable(reason)
    # and the file shows an editor or a terminal no raw control or bidi character
    assert RAW.search(text) is None, text


def test_bidi_controls_are_written_as_escapes(rubric):
    name = "Sam \u202eseyeR \u2066x\u2069"
    text = answers_yaml(rubric, {"name": name}, {}, complete=False, comments=Comments(header=()))
    assert '"name": "Sam \\u202eseyeR \\u2066x\\u2069"' in text
    assert read_back(text, rubric, require_complete=False).business_name == name


# ── one assess per file (tests/test_assess_terminal.py runs two for real) ───


def test_a_held_file_cannot_be_held_again(tmp_path):
    from omnicheck.errors import UsageError
    from omnicheck.questionnaire.saving import answers_lock

    path = tmp_path / "a.yaml"
    other_name = tmp_path / "." / "link.yaml"
    other_name.symlink_to("a.yaml")
    with answers_lock(path):
        for name in (path, other_name):
            message = f"{name} is being answered in another omnicheck assess (pid {os.getpid()})"
            with pytest.raises(UsageError, match=re.escape(message)), answers_lock(name):
                pass
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.yaml"]  # no lock file left
    with answers_lock(path):  # free again
        pass


def test_a_lock_file_left_by_a_killed_run_blocks_nobody(tmp_path):
    from omnicheck.questionnaire.saving import answers_lock

    (tmp_path / ".a.yaml.lock").write_text("999999\n")  # its flock died with its process
    with answers_lock(tmp_path / "a.yaml"):
        pass
    assert list(tmp_path.iterdir()) == []


def test_folders_made_for_the_lock_go_if_nothing_was_saved(tmp_path):
    from omnicheck.questionnaire.saving import answers_lock

    with answers_lock(tmp_path / "new" / "deeper" / "a.yaml"):
        assert (tmp_path / "new" / "deeper").is_dir()
    assert list(tmp_path.iterdir()) == []


def test_a_save_refuses_a_file_that_changed_since_it_was_read(rubric, tmp_path):
    from omnicheck.errors import OutputError
    from omnicheck.questionnaire.saving import DiskState

    path = tmp_path / "a.yaml"
    state = save_answers(path, rubric, {"name": "Co"}, {"goal": "reach"}, complete=False)
    os.utime(path, ns=(1, 1))  # touched, not edited: still the same file
    state = save_answers(path, rubric, {"name": "Co"}, {}, complete=False, since=state)
    assert state == DiskState.read(path)
    path.write_text(path.read_text() + "# a note\n")
    with pytest.raises(OutputError, match="changed on disk since this omnicheck assess read it"):
        save_answers(path, rubric, {"name": "Co"}, {"goal": "reach"}, complete=False, since=state)
    assert path.read_text().endswith("# a note\n")
    path.unlink()  # deleted meanwhile: writing it again loses nothing
    save_answers(path, rubric, {"name": "Co"}, {}, complete=False, since=state)
