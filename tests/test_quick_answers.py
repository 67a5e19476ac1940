"""A quick check's answers file: validated, scored and reported without a terminal."""

from __future__ import annotations

import json

import pytest
import yaml
from typer.testing import CliRunner

from omnicheck.answers.validate import validate_answers
from omnicheck.cli.app import app
from omnicheck.errors import AnswersError
from omnicheck.questionnaire.flow import Flow
from omnicheck.source.safe_yaml import parse_yaml

QUICK = {
    "goal": "loyalty",
    "channels": ["online_store", "email"],
    "budget": "medium",
    "service_capacity": "per_channel",
    "multichannel_share": "30_to_50",
    "repeat_purchase": "monthly",
    "growth_stage": "growing",
    "journey.order_status": "some",
    "service.history": "some",
    "record.online_store": "shared",
    "record.email": "two_way",
}


def quick_file(answers: dict, depth: str = "quick", rubric_id: str = "omnichannel") -> str:
    doc = {
        "rubric": {"id": rubric_id, "version": "1.0"},
        "status": "complete",
        "depth": depth,
        "business": {"name": "Quick Co"},
        "answers": answers,
    }
    return yaml.safe_dump(doc, sort_keys=False)


def problems(rubric, text: str) -> list[str]:
    with pytest.raises(AnswersError) as caught:
        validate_answers(parse_yaml(text, "q.yaml"), rubric)
    return [p.code for p in caught.value.problems]


def test_a_quick_file_needs_only_the_quick_questions(rubric):
    checked = validate_answers(parse_yaml(quick_file(QUICK), "q.yaml"), rubric)
    assert checked.depth == "quick" and checked.complete
    # Full depth, the same answers are far from complete.
    assert "missing-answer" in problems(rubric, quick_file(QUICK, depth="full"))


def test_a_quick_file_missing_a_quick_answer_is_refused(rubric):
    missing = {k: v for k, v in QUICK.items() if k != "service.history"}
    assert problems(rubric, quick_file(missing)) == ["missing-answer"]


def test_depth_must_be_known_and_the_rubric_must_have_a_quick_check(rubric, tiny):
    assert problems(rubric, quick_file(QUICK, depth="deep"))[0] == "invalid-depth"
    tiny_file = yaml.safe_dump(
        {"rubric": {"id": "tiny", "version": "1"}, "depth": "quick", "business": {"name": "T"}}
    )
    assert "invalid-depth" in problems(tiny, tiny_file)


def test_the_flow_asks_only_the_quick_set(rubric):
    flow = Flow(rubric, quick=True)
    asked = [q.id for q in flow.items if flow.applies(q)]
    assert asked[0] == "business.name" and "business.sector" not in asked
    assert not any(q.startswith(("content.", "handoff.", "check.")) for q in asked)


def test_report_says_quick_in_every_format(tmp_path):
    path = tmp_path / "q.yaml"
    path.write_text(quick_file(QUICK), encoding="utf-8")
    runner = CliRunner()
    data = json.loads(runner.invoke(app, ["report", str(path), "-f", "json"]).stdout)
    assert data["depth"] == "quick"
    for fmt in ("md", "html", "text"):
        shown = runner.invoke(app, ["report", str(path), "-f", fmt])
        assert shown.exit_code == 0, shown.output
        assert "answer the full questionnaire to confirm" in " ".join(shown.stdout.split())
