"""Why a gate moved: the changed answers that the diff names in each gate's ``because``.

On the tiny rubric of ``tests/conftest.py``, where every figure can be worked out
by hand; then through the diff, and every format of ``omnicheck diff``.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from omnicheck.cli.app import app
from omnicheck.report.diff import diff_assessments
from omnicheck.rubric.conditions import NotApplicable
from omnicheck.scoring.assessment import assess
from omnicheck.scoring.causes import Causes, changed_questions, figures, towards
from omnicheck.source.resources import default_rubric_path
from tests.conftest import ROOT, TINY_ANSWERS, TINY_RUBRIC, answers_for, compile_yaml
from tests.test_json_schemas import assert_valid

runner = CliRunner()
TINY = compile_yaml(TINY_RUBRIC)
#: Web shop and store both sync with the customer record: a linked pair, through it.
BOTH_SYNC = {**TINY_ANSWERS, "record.web": "two_way", "record.store": "two_way"}


def causes(before: dict, after: dict, metric: str, op: str, met: bool) -> tuple[str, ...]:
    return Causes(TINY, before, after).of(metric, op, met)


def test_a_figure_nearer_to_holding_moves_towards_the_check():
    assert towards("at_least", 40.0, 50.0) == towards("above", 40.0, 50.0) == 1
    assert towards("at_most", 40.0, 50.0) == towards("below", 40.0, 50.0) == -1
    assert towards("at_least", 40.0, 40.0 + 1e-12) == 0  # the same sum in another order
    # a figure not scored is furthest from every threshold: no check holds on it
    assert towards("at_least", None, 0.0) == towards("at_most", None, 99.0) == 1
    assert towards("at_most", 1.0, None) == -1 and towards("at_least", None, None) == 0


def test_the_changed_questions_are_in_asking_order_and_ignore_a_reworded_reason():
    before = {**TINY_ANSWERS, "a.one": NotApplicable("later"), "handoff.web": ("store@search",)}
    after = {
        **before,
        "a.one": NotApplicable("another reason"),  # still n/a: not a change
        "handoff.web": ("store@search",),
        "b.store": "s1",
        "goal": "loyalty",
    }
    del after["record.web"]  # unanswered now: a change
    assert changed_questions(TINY, before, after) == ["goal", "b.store", "record.web"]


def test_a_pair_lost_names_both_channels_that_stopped_syncing():
    """Either change alone, from before, unlinks the pair: both are named."""
    after = {**BOTH_SYNC, "record.web": "one_way", "record.store": "one_way", "goal": "loyalty"}
    assert figures(TINY, BOTH_SYNC)["linked_pairs"] == 1.0
    assert figures(TINY, after)["linked_pairs"] == 0.0
    assert causes(BOTH_SYNC, after, "linked_pairs", "at_least", False) == (
        "record.web",
        "record.store",
    )


def test_a_pair_met_names_both_channels_that_started_syncing():
    """Neither change alone, from before, links the pair; undoing either, from now, unlinks
    it: the two tests together make the explanation symmetric."""
    before = {**BOTH_SYNC, "record.web": "one_way", "record.store": "one_way"}
    assert causes(before, BOTH_SYNC, "linked_pairs", "at_least", True) == (
        "record.web",
        "record.store",
    )


def test_only_the_answers_that_move_the_figure_the_way_the_gate_went():
    before = {**TINY_ANSWERS, "b.one": "s3", "b.store": "s2"}
    after = {**before, "b.one": "s0", "b.store": "s3", "a.one": "s0", "goal": "loyalty"}
    # dimension b fell: b.one went down, b.store up; a.one and the goal are other figures'
    assert figures(TINY, after)["dimension.b"] < figures(TINY, before)["dimension.b"]
    assert causes(before, after, "dimension.b", "at_least", False) == ("b.one",)
    # read as a gate met the other way round, only the rise is named
    assert causes(after, before, "dimension.b", "at_least", True) == ("b.one",)
    assert causes(before, after, "dimension.b", "at_most", True) == ("b.one",)
    assert causes(before, after, "dimension.a", "at_least", False) == ("a.one",)


def test_an_answer_that_moves_the_figure_both_ways_is_not_named():
    """a.one going n/a lowers dimension A from the earlier answers (it leaves only a.two at
    0) and raises it from the later ones (where a.two is 4 and a.one's 2 pulls it down):
    no direction to name, so it is left out, and a.two, which raises it either way, stays."""
    before = {**TINY_ANSWERS, "a.one": "s2", "a.two": "s0"}
    after = {**TINY_ANSWERS, "a.one": NotApplicable(), "a.two": "s4"}
    assert causes(before, after, "dimension.a", "at_least", True) == ("a.two",)


def test_a_figure_that_is_no_longer_scored_moved_away_from_every_check():
    before = {**TINY_ANSWERS, "a.one": "s3", "a.two": "s3"}
    after = {**before, "a.one": NotApplicable(), "a.two": NotApplicable()}
    assert figures(TINY, after)["dimension.a"] is None
    assert causes(before, after, "dimension.a", "at_least", False) == ("a.one", "a.two")


def test_no_changed_answer_no_cause():
    assert causes(TINY_ANSWERS, dict(TINY_ANSWERS), "index", "at_least", True) == ()


def _diff(before: dict, after: dict, old_rubric=TINY, **options):
    return diff_assessments(
        assess(old_rubric, answers_for(old_rubric, before)),
        assess(TINY, answers_for(TINY, after)),
        **options,
    )


def test_the_diff_names_what_moved_each_gate_with_its_answers_before_and_now():
    after = {**BOTH_SYNC, "record.web": "manual", "goal": "loyalty"}
    d = _diff(BOTH_SYNC, after)
    lost = {g["id"]: g for g in d["gates"]["lost"]}
    assert lost["pair"]["because"] == [
        {
            "question": "record.web",
            "text": "Web record",
            "from": "Two way",
            "to": "Manual",
            "from_answer": "two_way",
            "to_answer": "manual",
            "from_reason": None,
            "to_reason": None,
        }
    ]
    back = _diff(after, BOTH_SYNC)
    met = {g["id"]: g for g in back["gates"]["met"]}
    assert [c["question"] for c in met["pair"]["because"]] == ["record.web"]
    assert [c["to_answer"] for c in met["pair"]["because"]] == ["two_way"]


def test_scored_with_two_rubrics_the_diff_names_no_answer():
    """The move may be the rubric's own: a changed threshold, a changed weight."""
    other = compile_yaml(TINY_RUBRIC.replace('version: "1"', 'version: "0"'))
    after = {**BOTH_SYNC, "record.web": "manual"}
    d = _diff(BOTH_SYNC, after, old_rubric=other)
    assert d["gates"]["lost"] and all(g["because"] == [] for g in d["gates"]["lost"])
    same = _diff(BOTH_SYNC, after, old_rubric=compile_yaml(TINY_RUBRIC))  # equal, not the same
    assert all(g["because"] for g in same["gates"]["lost"])


def test_without_explain_the_gates_carry_no_causes():
    after = {**BOTH_SYNC, "record.web": "manual"}
    d = _diff(BOTH_SYNC, after, explain=False)
    assert d["gates"]["lost"] and all(g["because"] == [] for g in d["gates"]["lost"])


# ── every format of omnicheck diff ──────────────────────────────────────────

GARDEN = ROOT / "examples" / "garden-centres.yaml"
#: The garden centres' hub gate: 8 of its 9 channels share the customer record.
HUB = "At least 80% of channels read and write the same customer record"
SHOP = "Online store: customer record link: Same record → One-way automatic"
EMAIL = "Email: customer record link: Same record → Manual"


def _later(tmp_path: Path, source: Path, changes: dict, name: str = "later.yaml") -> Path:
    doc = yaml.safe_load(source.read_text(encoding="utf-8"))
    doc["answers"].update(changes)
    path = tmp_path / name
    path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


@pytest.fixture
def hub_lost(tmp_path: Path) -> Path:
    """The garden centres a year on: two channels' record links lowered, and the cart
    raised, which moves another figure and so is no cause of the hub gate's loss."""
    changes = {"record.online_store": "one_way", "record.email": "manual", "journey.cart": "all"}
    return _later(tmp_path, GARDEN, changes)


def _diff_cli(*args: object, columns: int = 80) -> str:
    result = runner.invoke(app, ["diff", *map(str, args)], env={"COLUMNS": str(columns)})
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("columns", [60, 80])
def test_the_terminal_says_why_under_each_gate_and_wraps_inside_its_column(hub_lost, columns):
    lines = [line.rstrip() for line in _diff_cli(GARDEN, hub_lost, columns=columns).splitlines()]
    assert all(len(line) <= columns for line in lines)
    start = lines.index("Gates lost")
    block = lines[start + 1 : lines.index("", start)]
    assert block[0].startswith("✗ " + HUB[:40])
    because = [i for i, line in enumerate(block) if line.lstrip().startswith("because ")]
    assert len(because) == 1
    # "because" and "and" stand in a column of their own, the answers wrap beside them
    lead = block[because[0]].index("because ") + len("because ")
    said = block[because[0] :]
    assert all(line[:lead].strip() in ("", "because", "and") for line in said)
    assert " ".join(line.strip() for line in said) == f"because {SHOP} and {EMAIL}"
    assert len(said) == (3 if columns == 60 else 2)  # each answer a line, the first wrapped at 60
    assert "Cart" not in " ".join(block)


def test_the_markdown_gives_the_answers_in_a_because_column(hub_lost):
    md = _diff_cli(GARDEN, hub_lost, "-f", "md")
    assert "| Level | Requirement | Before | Now | | Because |" in md
    assert f"| Omnichannel | {HUB} | 88.9% | 66.7% | ❌ lost | {SHOP}; {EMAIL} |" in md
    assert "\nBecause names the changed answers that moved each requirement" in md


def test_the_page_gives_the_answers_in_a_because_column(hub_lost):
    page = _diff_cli(GARDEN, hub_lost, "-f", "html")
    assert "<th>Because</th>" in page
    assert f'<td class="down">✗ lost</td><td>{SHOP}; {EMAIL}</td></tr>' in page


def test_the_json_names_the_questions_and_options_from_and_to(hub_lost):
    d = json.loads(_diff_cli(GARDEN, hub_lost, "-f", "json"))
    assert_valid("diff-3", d)
    (gate,) = d["gates"]["lost"]
    assert (gate["id"], gate["metric"]) == ("hub-80", "hub_coverage")
    assert [(c["question"], c["from_answer"], c["to_answer"]) for c in gate["because"]] == [
        ("record.online_store", "shared", "one_way"),
        ("record.email", "shared", "manual"),
    ]
    assert d["gates"]["met"] == []


def test_two_rubrics_name_no_answer_and_the_views_show_no_column(tmp_path, hub_lost):
    """Scored with another rubric version, a move may be the rubric's: nothing is said."""
    text = default_rubric_path().read_text(encoding="utf-8")
    assert text.count('version: "1.0"') == 1
    older = tmp_path / "rubric-0.9.yaml"
    older.write_text(text.replace('version: "1.0"', 'version: "0.9"'), encoding="utf-8")
    d = json.loads(_diff_cli(GARDEN, hub_lost, "--old-rubric", older, "-f", "json"))
    assert d["gates"]["lost"] and all(g["because"] == [] for g in d["gates"]["lost"])
    for fmt in ("md", "html"):
        assert "Because" not in _diff_cli(GARDEN, hub_lost, "--old-rubric", older, "-f", fmt)
    assert "because" not in _diff_cli(GARDEN, hub_lost, "--old-rubric", older)


def test_rubric_text_in_a_cause_is_escaped_in_every_format(tmp_path):
    """A --rubric file is somebody else's text: its labels reach the terminal printable,
    and the Markdown and the page as text, never as markup."""
    label = "<b>Zero</b> [red]\x1b[2J"
    rubric = tmp_path / "tiny.yaml"
    rubric.write_text(
        textwrap.dedent(TINY_RUBRIC).replace(
            "{id: s0, label: Zero, score: 0}",
            '{id: s0, label: "<b>Zero</b> [red]\\e[2J", score: 0}',
        ),
        encoding="utf-8",
    )
    high = {**TINY_ANSWERS, "b.one": "s4", "b.store": "s4", "record.web": "shared"}
    high = {**high, "record.store": "shared", "a.one": "s4", "a.two": "s4"}
    files = []
    for name, answers in (("t1.yaml", high), ("t2.yaml", {**high, "b.one": "s0"})):
        doc = {
            "rubric": {"id": "tiny", "version": "1"},
            "business": {"name": "T"},
            "answers": {k: list(v) if isinstance(v, tuple) else v for k, v in answers.items()},
        }
        (tmp_path / name).write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
        files.append(tmp_path / name)
    args = [*files, "--rubric", rubric]
    text = _diff_cli(*args)
    assert "because B one?: Four → <b>Zero</b> [red]\\x1b[2J" in text and "\x1b" not in text
    md = _diff_cli(*args, "-f", "md")
    assert "| B one?: Four → &lt;b&gt;Zero&lt;/b&gt; \\[red\\]\\x1b\\[2J |" in md
    page = _diff_cli(*args, "-f", "html")
    assert "<td>B one?: Four → &lt;b&gt;Zero&lt;/b&gt; [red]\\x1b[2J</td>" in page
    assert label not in md + page
