"""``omnicheck merge``: respondents of one business, their consensus, and where they disagree.

The consensus rules are tested on a tiny rubric, where each case is visible; the
command on the bundled workshop of four respondents (examples/workshop/).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from omnicheck.answers.merge import Respondent, disagreements, merge_answers
from omnicheck.cli.app import app
from omnicheck.rubric.conditions import NotApplicable
from tests.conftest import GOLDEN, ROOT, TINY_RUBRIC, compile_yaml
from tests.goldens import check_golden, check_page_golden

runner = CliRunner()
WORKSHOP = sorted((ROOT / "examples" / "workshop").glob("*.yaml"))
OUTDOOR = ROOT / "examples" / "outdoor-retailer.yaml"
LOCATED = re.compile(r"^\S+:\d+:\d+: ")


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def people(*answers: dict) -> list[Respondent]:
    return [Respondent(f"r{i}", None, None, a) for i, a in enumerate(answers)]


BASE = {"goal": "reach", "channels": ("web", "store")}


@pytest.fixture(scope="module")
def tiny_rubric():
    return compile_yaml(TINY_RUBRIC)


# --- the consensus rules ------------------------------------------------------------


def test_median_takes_the_middle_and_the_lower_of_two(tiny_rubric):
    three = people(*({**BASE, "a.one": v} for v in ("s0", "s4", "s2")))
    assert merge_answers(tiny_rubric, three)["a.one"] == "s2"
    four = people(*({**BASE, "a.one": v} for v in ("s4", "s1", "s3", "s0")))
    assert merge_answers(tiny_rubric, four)["a.one"] == "s1"
    assert merge_answers(tiny_rubric, four, "lowest")["a.one"] == "s0"


def test_n_a_does_not_pull_the_consensus(tiny_rubric):
    na = NotApplicable("not my area")
    team = people({**BASE, "a.one": na}, {**BASE, "a.one": "s4"}, {**BASE, "a.one": na})
    assert merge_answers(tiny_rubric, team)["a.one"] == "s4"
    assert merge_answers(tiny_rubric, team, "lowest")["a.one"] == "s4"
    everyone = people({**BASE, "a.one": na}, {**BASE, "a.one": NotApplicable()})
    assert merge_answers(tiny_rubric, everyone)["a.one"] == na


def test_context_answers_follow_the_majority_and_the_first_of_a_tie(tiny_rubric):
    team = people(
        {"goal": "loyalty", "channels": ("web",)},
        {"goal": "reach", "channels": ("web", "store")},
        {"goal": "reach", "channels": ("web", "email")},
        {"goal": "loyalty", "channels": ("store", "email")},
    )
    merged = merge_answers(tiny_rubric, team)
    assert merged["goal"] == "loyalty"  # 2 against 2: the first respondent's
    # Each channel named by at least half: all three; the same under lowest.
    assert merged["channels"] == ("web", "store", "email")
    assert merge_answers(tiny_rubric, team, "lowest")["channels"] == merged["channels"]


def test_questions_that_do_not_apply_to_the_consensus_are_left_out(tiny_rubric):
    team = people({"goal": "reach", "channels": ("web",)}, {**BASE, "a.one": "s3"}, BASE)
    # Two of three name the store; the integration questions apply to the consensus...
    assert merge_answers(tiny_rubric, team)["a.one"] == "s3"
    alone = people({"goal": "reach", "channels": ("web",)}, {"goal": "reach", "channels": ("web",)})
    # ...but not when the consensus has one channel.
    assert "a.one" not in merge_answers(tiny_rubric, alone)


def test_yes_no_needs_more_than_half_or_everyone(rubric):
    from omnicheck.loading import answers_from

    base = answers_from(OUTDOOR, rubric).answers

    def check(*said: str, consensus: str = "median") -> object:
        team = people(*({**base, "check.same_promotion": s} for s in said))
        return merge_answers(rubric, team, consensus)["check.same_promotion"]

    assert check("yes", "yes", "no") == "yes"
    assert check("yes", "no") == "no"  # a tie is no
    assert check("yes", "no", "yes", "no") == "no"
    assert check("yes", "yes", "no", consensus="lowest") == "no"
    assert check("yes", "yes", consensus="lowest") == "yes"


def test_hand_offs_need_more_than_half_or_everyone(rubric):
    from omnicheck.loading import answers_from

    base = answers_from(OUTDOOR, rubric).answers
    lists = [("email@purchase", "phone@after_sales"), ("email@purchase",), ()]
    team = people(*({**base, "handoff.online_store": h} for h in lists))
    assert merge_answers(rubric, team)["handoff.online_store"] == ("email@purchase",)
    assert merge_answers(rubric, team, "lowest")["handoff.online_store"] == ()


def test_disagreements_are_two_steps_apart(tiny_rubric):
    team = people(
        {**BASE, "a.one": "s1", "a.two": "s2", "b.one": "s0"},
        {**BASE, "a.one": "s2", "a.two": "s4", "b.one": NotApplicable()},
        {**BASE, "a.one": "s1", "a.two": "s1", "b.one": "s1"},
    )
    merged = merge_answers(tiny_rubric, team)
    found = disagreements(tiny_rubric, team, merged)
    assert [(d.question, d.spread, d.consensus) for d in found] == [("a.two", 3, "s2")]
    assert [(s.respondent, s.option, s.step) for s in found[0].said] == [
        ("r0", "s2", 2),
        ("r1", "s4", 4),
        ("r2", "s1", 1),
    ]


# --- the command ---------------------------------------------------------------------


@pytest.fixture
def merged(tmp_path) -> Path:
    out = tmp_path / "merged.yaml"
    status, _, err = run("merge", *map(str, WORKSHOP), "-o", str(out))
    assert status == 0, err
    assert f"Wrote {out} (answers file" in err
    return out


def report_json(path: Path) -> dict:
    status, out, err = run("report", str(path), "--format", "json")
    assert status == 0, err
    return json.loads(out)


def test_the_merged_file_is_an_answers_file_with_every_respondent(merged):
    status, _, err = run("validate", str(merged))
    assert status == 0, err
    doc = yaml.safe_load(merged.read_text(encoding="utf-8"))
    assert doc["consensus"] == "median"
    assert [r["name"] for r in doc["respondents"]] == [
        "Sam Reyes",
        "Priya Shah",
        "Tom Okafor",
        "Gemma Hart",
    ]
    for r, source in zip(doc["respondents"], WORKSHOP, strict=True):
        own = yaml.safe_load(source.read_text(encoding="utf-8"))
        assert r["source"] == str(source)
        assert r["role"] == own["respondent"]["role"]
        assert {k: str(v) for k, v in r["answers"].items()} == {
            k: str(v) for k, v in own["answers"].items()
        }
    # Only IT lists the marketplace: fewer than half, so it is no channel of the consensus.
    assert "marketplace" not in doc["answers"]["channels"]
    assert "record.marketplace" not in doc["answers"]
    # The business's details come from the one file that gives them.
    assert doc["business"]["sector"] == "Outdoor clothing and equipment"


def test_the_report_shows_where_the_team_disagrees(merged):
    data = report_json(merged)
    assert [p["name"] for p in data["respondents"]][:2] == ["Sam Reyes", "Priya Shah"]
    assert data["consensus"] == "median"
    by_question = {d["question"]: d for d in data["disagreements"]}
    status = by_question["journey.order_status"]
    assert status["spread"] == 3
    assert status["consensus"]["id"] == "manual"
    assert {s["respondent"]: s["answer"] for s in status["said"]} == {
        "Sam Reyes": "most",
        "Priya Shah": "manual",
        "Tom Okafor": "none",
        "Gemma Hart": "manual",
    }
    assert status["why"].startswith('"Where is my order?"')
    # Priya answered n/a: listed, and not counted in the spread.
    history = by_question["service.history"]
    assert {s["respondent"]: s["answer"] for s in history["said"]}["Priya Shah"] is None
    assert all(d["spread"] >= 2 for d in data["disagreements"])
    spreads = [d["spread"] for d in data["disagreements"]]
    assert spreads == sorted(spreads, reverse=True)
    md = run("report", str(merged), "--format", "md")[1]
    assert "## Where your team disagrees" in md
    said = "- No: Tom Okafor\n- On request: Priya Shah, Gemma Hart\n- Most channels: Sam Reyes\n"
    assert said in md


def test_a_single_file_report_has_no_team():
    data = report_json(OUTDOOR)
    assert (data["respondents"], data["disagreements"], data["consensus"]) == ([], [], None)
    md = run("report", str(OUTDOOR), "--format", "md")[1]
    assert "Where your team disagrees" not in md


def test_lowest_is_never_above_the_median(merged, tmp_path):
    low = tmp_path / "lowest.yaml"
    status, _, err = run("merge", *map(str, WORKSHOP), "-o", str(low), "--consensus", "lowest")
    assert status == 0, err
    median, lowest = report_json(merged), report_json(low)
    assert lowest["index"] < median["index"]
    for a, b in zip(lowest["dimensions"], median["dimensions"], strict=True):
        assert (a["score"] or 0) <= (b["score"] or 0)


def test_a_merged_file_merges_again_from_its_respondents(merged, tmp_path):
    fifth = tmp_path / "owner.yaml"
    text = OUTDOOR.read_text(encoding="utf-8").replace(
        "business:", "respondent: {name: Ann Lee, role: Owner}\nbusiness:", 1
    )
    fifth.write_text(text, encoding="utf-8")
    again = tmp_path / "again.yaml"
    status, _, err = run("merge", str(merged), str(fifth), "-o", str(again))
    assert status == 0, err
    doc = yaml.safe_load(again.read_text(encoding="utf-8"))
    assert [r["name"] for r in doc["respondents"]][-1] == "Ann Lee"
    assert len(doc["respondents"]) == 5
    # One merged file alone, with another consensus: its respondents are enough.
    alone = tmp_path / "alone.yaml"
    status, _, err = run("merge", str(merged), "--consensus", "lowest", "-o", str(alone))
    assert status == 0, err
    redo = tmp_path / "redo.yaml"
    run("merge", *map(str, WORKSHOP), "--consensus", "lowest", "-o", str(redo))
    strip = lambda p: p.read_text(encoding="utf-8").split("respondents:")[0]  # noqa: E731
    assert strip(alone) == strip(redo)


def test_respondents_without_a_name_are_named_by_their_file(tmp_path):
    for name, prices in (("stores", "manual"), ("web", "most")):
        text = OUTDOOR.read_text(encoding="utf-8").replace(
            "content.prices: manual", f"content.prices: {prices}"
        )
        (tmp_path / f"{name}.yaml").write_text(text, encoding="utf-8")
    status, out, err = run("merge", str(tmp_path / "stores.yaml"), str(tmp_path / "web.yaml"))
    assert status == 0, err
    doc = yaml.safe_load(out)
    assert [r["name"] for r in doc["respondents"]] == ["stores", "web"]
    assert doc["answers"]["content.prices"] == "manual"  # the lower of two


# --- refusals: one located line, exit 2, nothing written ------------------------------


def refused(tmp_path: Path, *files: Path) -> str:
    out = tmp_path / "out.yaml"
    status, stdout, err = run("merge", *map(str, files), "-o", str(out))
    assert status == 2, err
    assert not out.exists() and stdout == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]


def test_merging_one_file_is_refused(tmp_path):
    line = refused(tmp_path, WORKSHOP[0])
    assert LOCATED.match(line) and "two or more respondents" in line


def test_two_businesses_are_refused(tmp_path):
    other = tmp_path / "other.yaml"
    other.write_text(
        WORKSHOP[1].read_text(encoding="utf-8").replace("Northfield Outdoor", "Southgate Sports")
    )
    line = refused(tmp_path, WORKSHOP[0], other)
    assert line.startswith(f"{other}:")
    assert LOCATED.match(line)
    assert "business 'Southgate Sports' is not 'Northfield Outdoor'" in line


def test_the_same_business_in_other_spacing_and_case_merges(tmp_path):
    other = tmp_path / "other.yaml"
    other.write_text(
        WORKSHOP[1].read_text(encoding="utf-8").replace("Northfield Outdoor", "northfield  outdoor")
    )
    assert run("merge", str(WORKSHOP[0]), str(other))[0] == 0


def test_two_rubric_versions_are_refused(tmp_path):
    old = tmp_path / "old.yaml"
    old.write_text(
        WORKSHOP[1].read_text(encoding="utf-8").replace('version: "1.0"', 'version: "0.9"')
    )
    line = refused(tmp_path, WORKSHOP[0], old)
    assert line.startswith(f"{old}:") and LOCATED.match(line)
    assert "version of rubric 'omnichannel' '0.9'" in line and "same rubric version" in line


def test_the_same_respondent_twice_is_refused(tmp_path):
    line = refused(tmp_path, WORKSHOP[0], WORKSHOP[0])
    assert "respondent 'Sam Reyes' is also in" in line and LOCATED.match(line)


def test_a_bad_answer_in_one_file_is_located(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        WORKSHOP[1].read_text(encoding="utf-8").replace("budget: medium", "budget: lots")
    )
    line = refused(tmp_path, WORKSHOP[0], bad)
    assert line.startswith(f"{bad}:") and "unknown option 'lots'" in line


def test_an_output_that_is_not_yaml_is_refused(tmp_path):
    status, _, err = run("merge", *map(str, WORKSHOP), "-o", str(tmp_path / "m.md"))
    assert status == 2 and ".yaml" in err
    assert not (tmp_path / "m.md").exists()


def test_validate_locates_a_bad_answer_inside_respondents(merged):
    text = merged.read_text(encoding="utf-8")
    head, team = text.split("respondents:\n", 1)
    assert "      budget: medium" in team
    team = team.replace("      budget: medium", "      budget: lots", 1)
    merged.write_text(head + "respondents:\n" + team, encoding="utf-8")
    status, _, err = run("validate", str(merged))
    assert status == 2
    line_no = (head + "respondents:\n" + team).splitlines().index("      budget: lots")
    assert err.startswith(f"{merged}:{line_no + 1}:15: budget: unknown option 'lots'")


def test_installed_script_merges(tmp_path):
    script = Path(sys.executable).parent / "omnicheck"
    out = tmp_path / "m.yaml"
    done = subprocess.run(
        [str(script), "merge", *map(str, WORKSHOP), "-o", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert yaml.safe_load(out.read_text(encoding="utf-8"))["consensus"] == "median"


# --- golden files ----------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["yaml", "md", "json", "html"])
def test_golden_workshop(fmt, update_golden, monkeypatch):
    monkeypatch.chdir(ROOT)  # sources as given, relative: the golden file does not name a home
    files = [str(p.relative_to(ROOT)) for p in WORKSHOP]
    status, out, err = run("merge", *files)
    assert status == 0, err
    if fmt != "yaml":
        path = Path(GOLDEN / "workshop-merged.yaml")
        status, out, err = run("report", str(path.relative_to(ROOT)), "--format", fmt)
        assert status == 0, err
    name = f"workshop-merged.{fmt}"
    if fmt == "html":
        check_page_golden(name, out, update_golden)
    else:
        check_golden(name, out, update_golden)


def test_the_merged_file_is_dated_by_the_last_respondent(tmp_path):
    later = tmp_path / "late.yaml"
    text = WORKSHOP[1].read_text(encoding="utf-8").replace("2026-11-24", "2026-11-25")
    later.write_text(text, encoding="utf-8")
    status, out, err = run("merge", str(WORKSHOP[0]), str(later))
    assert status == 0, err
    doc = yaml.safe_load(out)
    assert str(doc["assessed"]) == "2026-11-25"
    assert [str(r["assessed"]) for r in doc["respondents"]] == ["2026-11-24", "2026-11-25"]
    merged = tmp_path / "m.yaml"
    merged.write_text(out.replace("    assessed: 2026-11-25", "    assessed: 2026-13-01"))
    status, _, err = run("validate", str(merged))
    assert status == 2 and LOCATED.match(err) and "not a date in the calendar" in err


def test_one_disagreement_is_one_question(tmp_path):
    it = ROOT / "examples" / "workshop" / "it.yaml"
    other = tmp_path / "other.yaml"
    text = it.read_text(encoding="utf-8").replace("name: Sam Reyes", "name: Ann Other", 1)
    other.write_text(text.replace("content.prices: manual", "content.prices: most", 1))
    merged = tmp_path / "pair.yaml"
    assert run("merge", str(it), str(other), "-o", str(merged))[0] == 0
    status, out, _ = run("report", str(merged))
    assert status == 0
    assert "2 respondents; 1 question answered 2 or more steps apart" in out
