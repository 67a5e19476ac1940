"""A plan step's move is worded once, by ``words.txt.j2``'s ``move``, in every view.

The report (terminal, Markdown, HTML), the plan's tasks (CSV, checklist), the
diff's steps done (terminal) and the history's all say it through that macro
(the diff's Markdown and HTML tables, with a column for where the move starts,
word that through ``move_from``), so a
``--templates`` folder whose ``words.txt.j2`` rewords only ``move`` changes
the move everywhere, and nothing else: the bundled file gives the other words.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from markupsafe import escape
from typer.testing import CliRunner

from omnicheck.cli.app import app
from omnicheck.report.render import md_escape
from omnicheck.report.words import TEMPLATE, bundled, cached_in, current
from tests.conftest import ROOT, installed_omnicheck
from tests.test_environment import fake

runner = CliRunner()
OUTDOOR = ROOT / "examples" / "outdoor-retailer.yaml"
LATER = sorted((ROOT / "examples" / "reassessment").glob("*.yaml"))
#: Wide enough that no line wraps, so a longer move moves no other words to another line.
WIDE = {"COLUMNS": "400"}
ESCAPES: dict[str, Callable[[str], str]] = {
    "text": str,
    "md": md_escape,
    "html": lambda s: str(escape(s)),
}


def marked(kind: str, before: str | None, after: str) -> str:
    return f"MOVE({kind},{before},{after})"


def said(kind: str, before: str | None, after: str) -> str:
    """The bundled wording, written out here so the test does not read it back from the code."""
    return f"add {after}" if kind == "handoff" else f"{before or 'none'} → {after}"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A --templates folder with a words.txt.j2 that defines ``move`` and nothing else."""
    folder = tmp_path / "moves"
    folder.mkdir()
    (folder / TEMPLATE).write_text(
        "{% macro move(kind, before, after) -%}\n"
        "MOVE({{ kind }},{{ before }},{{ after }})\n"
        "{%- endmacro %}\n",
        encoding="utf-8",
    )
    return folder


def run(args: list[str], folder: Path | None = None) -> str:
    extra = [] if folder is None else ["--templates", str(folder)]
    result = runner.invoke(app, [*args, *extra], env=WIDE)
    assert result.exit_code == 0, result.output
    return result.stdout


def moves_of_report() -> list[tuple[str, str | None, str]]:
    steps = json.loads(run(["report", str(OUTDOOR), "--format", "json"]))["plan"]["steps"]
    return [(s["kind"], s["from"]["label"] if s["from"] else None, s["to"]["label"]) for s in steps]


def moves_done(args: list[str]) -> list[tuple[str, str | None, str]]:
    data = json.loads(run([*args, "--format", "json"]))
    done = (
        data["steps_done"]
        if "steps_done" in data
        else [s for c in data["changes"] for s in c["steps_done"]]
    )
    return [(s["kind"], s["from"], s.get("planned", s.get("to"))) for s in done]


def reworded(text: str, moves: list[tuple[str, str | None, str]], esc: Callable[[str], str]) -> str:
    """``text`` with every bundled move in it replaced by the override's, longest first."""
    for move in sorted(set(moves), key=lambda m: -len(said(*m))):
        text = text.replace(esc(said(*move)), esc(marked(*move)))
    return text


REPORT = ["report", str(OUTDOOR)]
PLAN = ["plan", str(OUTDOOR)]
DIFF = ["diff", str(OUTDOOR), str(LATER[0])]
HISTORY = ["history", str(OUTDOOR), *map(str, LATER)]


@pytest.mark.parametrize(
    ("args", "fmt"),
    [
        (REPORT, "text"),
        (REPORT, "md"),
        (REPORT, "html"),
        (PLAN, "md"),
        (DIFF, "text"),
        (HISTORY, "text"),
        (HISTORY, "md"),
        (HISTORY, "html"),
    ],
    ids=lambda x: x if isinstance(x, str) else x[0],
)
def test_a_words_move_rewords_every_move_and_nothing_else(args, fmt, folder):
    moves = moves_of_report() if args[0] in ("report", "plan") else moves_done(args)
    plain = run([*args, "--format", fmt])
    mine = run([*args, "--format", fmt, "--templates", str(folder)])
    esc = ESCAPES[fmt]
    # The terminal summary shows the first steps and the quick wins, the rest every step.
    shown = [m for m in moves if esc(said(*m)) in plain]
    assert len(shown) >= (3 if fmt == "text" else len(moves)) > 0
    assert "MOVE(" not in plain
    for move in shown:
        assert esc(marked(*move)) in mine
    # Every other word is the bundled file's, byte for byte.
    assert mine == reworded(plain, moves, esc)


def test_the_plan_s_csv_titles_its_tasks_with_the_words_move(folder):
    moves = moves_of_report()
    plain = list(csv.reader(io.StringIO(run([*PLAN, "--format", "csv"]))))
    mine = list(csv.reader(io.StringIO(run([*PLAN, "--format", "csv"], folder))))
    assert len(mine) == len(plain) == len(moves) + 1
    assert mine[0] == plain[0]
    for move, before, after in zip(moves, plain[1:], mine[1:], strict=True):
        assert before[0].endswith(": " + said(*move))
        assert after[0] == before[0].removesuffix(said(*move)) + marked(*move)
        assert after[1:] == before[1:]


def test_the_plan_command_s_templates_give_its_checklist_too(tmp_path):
    folder = tmp_path / "checklist"
    folder.mkdir()
    (folder / "plan.md.j2").write_text("{{ p.plan.steps|length }} steps\n", encoding="utf-8")
    assert run([*PLAN, "--format", "md"], folder) == f"{len(moves_of_report())} steps\n"


def test_a_step_moves_in_the_words_of_the_command_being_written(folder):
    step: dict[str, Any] = {"kind": "raise", "from": None, "to": {"id": "y", "label": "Yes"}}
    assert current().step_move(step) == "none → Yes"
    with cached_in(None, folder):
        assert current().step_move(step) == "MOVE(raise,None,Yes)"
        assert current().move("handoff", None, "Email") == "MOVE(handoff,None,Email)"
        # the macros the folder leaves out are the bundled file's
        assert current().check({"label": "Gate", "kind": "gate", "required": 1}) == "Gate"
        assert bundled().step_move(step) == "none → Yes"
    assert current() is bundled()


def _broken_words(tmp_path: Path) -> Path:
    """A --templates folder whose move fails when it runs (line 2 of its words.txt.j2)."""
    folder = tmp_path / "broken"
    folder.mkdir()
    (folder / TEMPLATE).write_text(
        "{% macro move(kind, before, after) -%}\n{{ kind.nope.nope }}\n{%- endmacro %}\n",
        encoding="utf-8",
    )
    return folder


def test_a_mistake_in_the_words_is_located_in_the_terminal_view_too(tmp_path):
    folder = _broken_words(tmp_path)
    for fmt in ("text", "csv"):
        args = REPORT if fmt == "text" else PLAN
        result = runner.invoke(app, [*args, "--format", fmt, "--templates", str(folder)])
        assert result.exit_code == 2, result.output
        assert f"{folder / TEMPLATE}:2: template error:" in result.stderr
        assert "Traceback" not in result.output


def test_a_terminal_shows_nothing_of_a_view_whose_words_fail(tmp_path):
    """On a terminal, too, a mistake in the words leaves only its error, no half summary."""
    folder = _broken_words(tmp_path)
    for templates, status in ((folder, 2), (folder.parent / "none", 0)):
        if status == 0:
            templates.mkdir()  # a folder with no words.txt.j2: the bundled words
        env = fake(stdout_isatty=True, TERM="xterm-256color")
        result = runner.invoke(app, [*REPORT, "--templates", str(templates)], obj=env)
        assert result.exit_code == status, result.output
        shown = env.stdout.getvalue()
        if status:
            assert shown == ""
        else:
            assert "\x1b[" in shown  # drawn in colour, as on a terminal
            assert said("handoff", None, "Email (purchase)") in shown


def test_the_installed_script_words_the_plan_s_tasks_from_templates(folder, tmp_path, clean_env):
    out = tmp_path / "plan.csv"
    done = subprocess.run(
        [installed_omnicheck(), *PLAN, "--templates", str(folder), "-o", str(out)],
        env=clean_env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert [r[0].rpartition(": ")[2] for r in rows[1:]] == [marked(*m) for m in moves_of_report()]


#: Every view that words a step's move, with the format that shows it.
MOVING_VIEWS = [
    (REPORT, "text"),
    (REPORT, "md"),
    (REPORT, "html"),
    (PLAN, "csv"),
    (PLAN, "md"),
    (DIFF, "text"),
    (HISTORY, "text"),
    (HISTORY, "md"),
    (HISTORY, "html"),
]


@pytest.mark.parametrize(
    ("args", "fmt"), MOVING_VIEWS, ids=lambda x: x if isinstance(x, str) else x[0]
)
def test_a_words_macro_with_too_few_parameters_is_the_user_s_mistake(args, fmt, tmp_path):
    """Called with the views' arguments, such a macro raises a TypeError that no template
    frame locates; it is still the user's file, so it reads as bad input, located."""
    folder = tmp_path / "short"
    folder.mkdir()
    (folder / TEMPLATE).write_text(
        "{#- one kind of move only -#}\n{% macro move(kind) -%}\n{{ kind }}\n{%- endmacro %}\n",
        encoding="utf-8",
    )
    out = tmp_path / f"out.{fmt}"
    result = runner.invoke(
        app, [*args, "-f", fmt, "-o", str(out), "--templates", str(folder)], env=WIDE
    )
    assert result.exit_code == 2, result.output
    assert result.stderr == f"{folder / TEMPLATE}:2: macro 'move' takes (kind, before, after)\n"
    assert not out.exists()


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_the_diff_s_table_of_steps_done_words_where_each_starts_with_move_from(fmt, tmp_path):
    """Its table gives before and planned in columns of their own, so ``move``, which says
    the move whole, does not reach it; ``move_from``, which ``move`` starts from, does."""
    folder = tmp_path / "from"
    folder.mkdir()
    (folder / TEMPLATE).write_text(
        "{% macro move_from(kind, before) -%}\nFROM({{ kind }},{{ before }})\n{%- endmacro %}\n",
        encoding="utf-8",
    )
    done = moves_done(DIFF)
    assert {kind for kind, _, _ in done} >= {"handoff", "raise"}
    plain = run([*DIFF, "--format", fmt])
    mine = run([*DIFF, "--format", fmt, "--templates", str(folder)])
    cell = "| {} |" if fmt == "md" else "<td>{}</td>"
    esc = ESCAPES[fmt]
    for kind, before, _ in done:
        shown = before if kind != "handoff" and before is not None else "none"
        assert cell.format(esc(f"FROM({kind},{before})")) in mine
        assert cell.format(esc(shown)) in plain
    assert "FROM(" not in plain


def test_what_a_task_clears_is_worded_once_for_the_csv_and_the_checklist(tmp_path):
    from omnicheck.report.plan_tasks import step_description

    folder = tmp_path / "cleared"
    folder.mkdir()
    (folder / TEMPLATE).write_text(
        "{% macro cleared(s) -%}\n"
        "{{ 'CLEARS ' ~ s.clears|join(',') if s.clears }}\n{%- endmacro %}\n"
        "{% macro provisional(s) -%}\n{{ 'UNSURE' if s.provisional }}\n{%- endmacro %}\n",
        encoding="utf-8",
    )
    steps = json.loads(run(["report", str(OUTDOOR), "--format", "json"]))["plan"]["steps"]
    clearing = [s for s in steps if s["clears"]]
    assert clearing
    plain_md, mine_md = run([*PLAN, "-f", "md"]), run([*PLAN, "-f", "md"], folder)
    assert plain_md.count(" Clears: ") == len(clearing) and "CLEARS" not in plain_md
    assert mine_md.count(" CLEARS ") == len(clearing) and " Clears: " not in mine_md
    rows = list(csv.DictReader(io.StringIO(run([*PLAN, "-f", "csv"], folder))))
    plain = list(csv.DictReader(io.StringIO(run([*PLAN, "-f", "csv"]))))
    for step, row, was in zip(steps, rows, plain, strict=True):
        assert ("\n\nCLEARS " in row["Description"]) is bool(step["clears"])
        assert ("\n\nClears: " in was["Description"]) is bool(step["clears"])
    # no example's step is provisional: one that is, as the CSV words it
    shaky = {**clearing[0], "advice": "Do it.", "provisional": True}
    with cached_in(None, folder):
        assert step_description(shaky) == (
            f"Do it.\n\nCLEARS {','.join(shaky['clears'])}\n\nUNSURE"
        )
    assert step_description(shaky).endswith(
        ".\n\nProvisional: its dimension rests on under half of its questions."
    )


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_a_short_move_from_is_the_user_s_mistake_in_the_diff_s_tables(fmt, tmp_path):
    folder = tmp_path / "short"
    folder.mkdir()
    (folder / TEMPLATE).write_text(
        "{% macro move_from(kind) -%}\n{{ kind }}\n{%- endmacro %}\n", encoding="utf-8"
    )
    out = tmp_path / f"diff.{fmt}"
    result = runner.invoke(app, [*DIFF, "-f", fmt, "-o", str(out), "--templates", str(folder)])
    assert result.exit_code == 2, result.output
    assert result.stderr == f"{folder / TEMPLATE}:1: macro 'move_from' takes (kind, before)\n"
    assert not out.exists()
