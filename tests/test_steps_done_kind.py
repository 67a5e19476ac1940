"""A step done from the earlier plan is worded by its kind, in every view of diff and history.

A hand-off adds a channel to a list ("add Email (purchase)") whatever its ``from``
holds; a raise or a record moves an answer ("No → Yes", "none → Yes" when it had no
answer). The wording used to be chosen by an empty ``from``, so a raise from no
answer read as a hand-off, and a hand-off given a ``from`` as a raise.
"""

from __future__ import annotations

import copy
import io
import json
import re

from rich.console import Console
from typer.testing import CliRunner

from omnicheck.cli.app import app
from omnicheck.report.diff_terminal import print_diff
from omnicheck.report.history_terminal import print_history
from omnicheck.report.render import render_template
from tests.conftest import ROOT

VISITS = [
    ROOT / "examples" / "outdoor-retailer.yaml",
    ROOT / "examples" / "reassessment" / "outdoor-retailer-a-year-later.yaml",
]


def _json(*args: str) -> dict:
    result = CliRunner().invoke(app, [*args, *map(str, VISITS), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def _plan_kinds() -> dict[int, str]:
    result = CliRunner().invoke(app, ["report", str(VISITS[0]), "--format", "json"])
    return {s["rank"]: s["kind"] for s in json.loads(result.stdout)["plan"]["steps"]}


def test_each_step_done_carries_its_plan_steps_kind():
    kinds = _plan_kinds()
    diff = _json("diff")
    (change,) = _json("history")["changes"]
    for done in (diff["steps_done"], change["steps_done"]):
        assert {s["kind"] for s in done} == {"raise", "record", "handoff"}
        assert all(s["kind"] == kinds[s["rank"]] for s in done)


def _terminal(draw, data) -> str:
    out = io.StringIO()
    draw(data, Console(file=out, width=200, color_system=None))
    return out.getvalue()


def _swapped(steps: list[dict], to: str) -> None:
    """The hand-off given the raise's ``from``, and the first raise's ``from`` emptied."""
    handoff = next(s for s in steps if s["kind"] == "handoff")
    raised = next(s for s in steps if s["kind"] == "raise")
    handoff["from"], raised["from"] = raised["from"], None
    handoff["text"], raised["text"] = "THE HANDOFF", "THE RAISE"
    handoff[to], raised[to] = "Email (purchase)", "Yes"


def test_history_words_a_step_by_its_kind_not_by_its_from():
    h = copy.deepcopy(_json("history"))
    _swapped(h["changes"][0]["steps_done"], "to")
    for text in (
        _terminal(print_history, h),
        render_template("history.md.j2", {"h": h}, html=False),
        render_template("history.html.j2", {"h": h}, html=True),
    ):
        assert re.search(r"THE HANDOFF: add Email \(purchase\)", text), text
        assert "THE RAISE: none → Yes" in text
        assert "THE RAISE: add" not in text


def test_diff_words_a_step_by_its_kind_not_by_its_from():
    d = copy.deepcopy(_json("diff"))
    _swapped(d["steps_done"], "planned")
    text = _terminal(print_diff, d)
    assert re.search(r"\d+\. THE HANDOFF: add Email \(purchase\)", text), text
    assert re.search(r"\d+\. THE RAISE: none → Yes", text)
    # The table's "Before" of a hand-off is none, whatever its from holds.
    md = render_template("diff.md.j2", {"d": d}, html=False)
    assert re.search(r"\| THE HANDOFF \| none \| Email \(purchase\) \|", md), md
    assert re.search(r"\| THE RAISE \| none \| Yes \|", md)
