"""Notes and evidence that assess writes back: the mapping form, read back unchanged."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from omnicheck.answers.notes import Note
from omnicheck.answers.validate import validate_answers
from omnicheck.answers.writer import Comments, answers_yaml
from omnicheck.rubric.conditions import NotApplicable
from omnicheck.source.safe_yaml import parse_yaml
from tests.conftest import examples

HOSTILE = [
    'She said "no": twice',
    "it's # not a comment",
    "first line\nsecond line",
    "a: b, [c], {d}",
    "- looks like a list",
    "yes",
    "null",
    "123",
    "&anchor *alias !tag",
    "caf\u00e9 \u2014 \u4e2d\u6587 \U0001f600",
    "bell\x07 escape\x1b[31m nul-free \u2028 break \x85 next",
    "tab\there",
    "'single' and \\ backslash",
]


def read_back(text: str, rubric):
    return validate_answers(parse_yaml(text, "answers.yaml"), rubric, require_complete=False)


def written(rubric, answers, notes) -> str:
    """An unfinished answers file of "Co" with these answers and notes, and no header."""
    return answers_yaml(
        rubric, {"name": "Co"}, answers, complete=False, comments=Comments(header=()), notes=notes
    )


@pytest.mark.parametrize("note", HOSTILE)
def test_a_hostile_note_and_evidence_read_back_unchanged(rubric, note):
    answers = {"goal": "reach", "channels": ("email", "physical_store")}
    notes = {
        "goal": Note(note, (note, "https://intranet.example/a?b=c#d")),
        "channels": Note(None, ("price-process.pdf",)),
    }
    text = written(rubric, answers, notes)
    again = read_back(text, rubric)
    assert again.answers == answers
    assert again.notes == notes


def test_an_answer_without_a_note_stays_bare_and_one_with_a_note_is_a_mapping(rubric):
    answers = {"goal": "reach", "channels": ("email",)}
    text = written(rubric, answers, {"goal": Note("Why", ())})
    assert "  goal: {answer: reach, note: Why}" in text.splitlines()
    assert "  channels: [email]" in text.splitlines()


def test_a_note_on_not_applicable_keeps_the_reason(rubric):
    answers = {"goal": NotApplicable("we sell nothing"), "channels": ("email",)}
    notes = {"goal": Note("asked the owner", ())}
    text = written(rubric, answers, notes)
    again = read_back(text, rubric)
    assert again.answers["goal"] == NotApplicable("we sell nothing")
    assert again.notes == notes


def test_a_note_on_a_question_without_an_answer_is_not_written(rubric):
    text = written(rubric, {"goal": "reach"}, {"channels": Note("x", ())})
    assert "channels" not in parse_yaml(text, "a.yaml").data["answers"]


text_values = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40)


@settings(max_examples=examples(150), deadline=None)
@given(note=text_values, evidence=st.lists(text_values, max_size=3))
def test_any_note_survives_the_round_trip(rubric, note, evidence):
    kept = Note(note.strip() or None, tuple(e.strip() for e in evidence if e.strip()))
    notes = {"goal": kept} if kept.note or kept.evidence else {}
    text = written(rubric, {"goal": "reach"}, notes)
    assert read_back(text, rubric).notes == notes


# ── the flow: a note typed with an answer, kept, changed, cleared ──────────


def test_the_flow_keeps_notes_shows_them_and_an_empty_one_clears_only_the_note(tiny):
    from omnicheck.questionnaire.flow import Flow, Noted, run

    notes = {"goal": Note("file note", ("a.pdf",)), "channels": Note("kept", ())}
    flow = Flow(tiny, {"goal": "reach", "channels": ("web",)}, {"name": "Co"}, notes=notes)
    flow.jump("goal")
    shown = []

    def ask(position):
        shown.append(position.note)
        if position.question.id == "goal":
            return Noted("loyalty", "")  # a new answer, the note cleared
        return None

    saves: list[dict] = []
    flow.reviewing = True  # answer goal, then stop: nothing else is pending
    run(flow, ask, lambda f: saves.append(dict(f.notes)))
    assert shown == ["file note"]
    assert flow.values["goal"] == "loyalty"
    assert saves[-1] == {"goal": Note(None, ("a.pdf",)), "channels": Note("kept", ())}
    flow.write_note("channels", "  typed  ")
    assert flow.notes["channels"] == Note("typed", ())
    flow.write_note("channels", "")
    assert "channels" not in flow.notes
