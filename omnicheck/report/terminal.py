"""The terminal summary: the verdict first, then why, the dimensions and the plan.

Drawn with rich from the same report data as every other format. Like the
HTML and Markdown reports, it opens with the verdict: level, index, target and
the steps to the next level come first, so that they fit the first 24 rows of
a terminal. It fits 60 columns without wrapping a table row, leaves colour out
when NO_COLOR is set or output is not a terminal, and always says in words
what colour shows.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table
from rich.text import Text

from omnicheck.printable import printable_data
from omnicheck.report.render import bar, counted, long_date, number, signed
from omnicheck.report.verdict import (
    index_band,
    next_steps,
    quick_wins,
    reached_through,
    requirement_groups,
    shows_gain,
)
from omnicheck.report.words import current

if TYPE_CHECKING:
    from omnicheck.report.model import Level, Report

TOP_ACTIONS = 5
NARROW = 72


FULL_REPORT_HINT = "Full report: add --format md, html or json, and --output FILE."


def print_summary(
    report: Report,
    console: Console,
    *,
    hint: str | None = None,
    commands: Sequence[str] = (),
    compact: bool = False,
) -> None:
    """``hint`` is the closing line: how to get the full report from where the user is.

    ``commands``: lines under it that hold a command to copy, each left to the
    terminal to wrap (soft-wrapped), so that copying one gets it whole rather
    than cut at rich's line ends.

    Without one, a terminal gets :data:`FULL_REPORT_HINT`; a summary written to a file or a
    pipe may be handed to a client, who has no use for omnicheck's options, so it ends
    without. ``compact`` (the end of ``assess``) fits one 24-row screen: the heading
    with the first plan step, and what blocks the next level.
    """
    report = printable_data(report)  # before rich, which drops some controls unseen
    if hint is None:
        hint = FULL_REPORT_HINT if console.is_terminal else ""
    levels = {level["id"]: level for level in report["levels"]}
    _heading(report, console, compact=compact)
    if not compact:
        _next_steps(report, console)
        _quick_wins(report, console)
    if report["next_level"]:
        _blockers(report, levels[report["next_level"]]["name"], console)
    if not compact:
        _target(report, levels, console)
        if report["index"] is not None:
            _dimensions(report, console)
        _actions(report, levels, console)
        from omnicheck.report.peers_terminal import print_peers  # --benchmark, merged files

        print_peers(report, console)
    if hint or commands:
        console.print()
    if hint:
        console.print(Text(hint, style="dim"))
    for line in commands:
        console.print(Text(line, style="dim"), soft_wrap=True)


def _hanging() -> Table:
    """Two columns, so a wrapped line stays indented under its text, not its marker."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(justify="right", no_wrap=True, min_width=3)
    grid.add_column(overflow="fold")
    return grid


def _heading(r: Report, console: Console, *, compact: bool = False) -> None:
    console.print(Text(r["business"]["name"], style="bold"))
    rubric = r["rubric"]
    assessed = r.get("assessed")
    when = f"Assessed {long_date(assessed)} · " if assessed else ""
    console.print(Text(f"{when}{rubric['title']} {rubric['version']}", style="dim"))
    console.print()
    head = Table.grid(padding=(0, 2))
    head.add_column(style="bold")
    head.add_column()
    quick = r.get("depth") == "quick"
    maybe = " (provisional)" if quick else ""
    head.add_row("Level", Text.assemble((r["level_name"], "bold cyan"), maybe))
    score = r["index"]
    if score is None:
        head.add_row("Index", "not scored (one channel)")
    else:
        band = index_band(r)
        where = f", {band['name']} band" if band else ""
        head.add_row("Index", f"{number(score)} / 100{where}")
        through = reached_through(r)
        if through:
            said = " and ".join(current().check(c) for c in through)
            head.add_row("", Text(f"{r['level_name']} reached through: {said}", style="dim"))
    target = r["target"]
    change = {"stay": "keep", "step-up": "step up", "step-down": "step down"}[target["change"]]
    change += ", provisional" if quick else ""
    head.add_row("Target", Text.assemble((target["name"], "bold green"), f" ({change})"))
    steps = r["plan"]["steps"]
    if compact:
        first = steps[0] if steps else None
        head.add_row(
            "First step",
            target["summary"] if first is None else current().step_summary(first),
        )
    if r["coverage"]["percent"] is not None:
        # Not "Coverage": that is a dimension's name, a few lines below.
        answered, na = r["coverage"]["answered"], r["coverage"]["not_applicable"]
        head.add_row("Answered", f"{answered} of {answered + na} scored questions ({na} n/a)")
    console.print(head)
    if quick:
        console.print(Text("Quick check: answer the full questionnaire to confirm.", "yellow"))


def _next_steps(r: Report, console: Console) -> None:
    """The steps that reach the next level, each with what it clears: the verdict's end."""
    way = next_steps(r)
    if not way["steps"]:
        return
    console.print()
    if way["level"]:
        title = f"To reach {way['level']}"
    else:  # at the top level there is no next level to take first steps towards
        title = "First steps" if r["next_level"] else "Next steps"
    console.print(Text(title, style="bold"))
    grid = _hanging()
    for s in way["steps"]:
        line = Text(current().step_summary(s))
        if s["provisional"]:
            line.append(" (provisional)", style="yellow")
        if s["clears"]:
            line.append(f"; clears {current().clears(s)}", style="green")
        grid.add_row(Text(f"{s['rank']}.", style="bold"), line)
    console.print(grid)
    if way["hidden"]:
        more = counted(way["hidden"], "more step")
        console.print(Text(f"    and {more} in between", style="dim"))
    through = way["through"]
    if way["level"] and through is not None:
        steps = f"steps 1–{through}" if through > 1 else "step 1"
        console.print(Text.assemble(f"    After {steps}: ", (way["level"], "bold green")))


def _quick_wins(r: Report, console: Console) -> None:
    """Low-effort steps besides the way to the next level, as every format offers them."""
    wins = quick_wins(r)
    if not wins:
        return
    console.print()
    console.print(Text("Quick wins", style="bold"))
    grid = _hanging()
    for s in wins:
        line = Text(current().step_summary(s) + " ")
        line.append(f"{signed(s['gain'])} pts, {s['effort']} effort", style="green")
        # A bullet, not the plan's rank: the plan below lists only its first steps.
        grid.add_row(Text("•", style="bold"), line)
    console.print(grid)


def _blockers(r: Report, next_name: str, console: Console) -> None:
    console.print()
    console.print(Text(f"Blocks {next_name}", style="bold"))
    grid = _hanging()
    for group in requirement_groups(r["blockers"]):
        for i, b in enumerate(group["checks"]):
            you = "" if b["actual"] is None else f" (you: {number(b['actual'])}{b['unit']})"
            mark = ("either ✗" if i == 0 else "or ✗") if group["either"] else "✗"
            line = Text(current().check(b) + you)
            if b["provisional"]:
                line.append(" (provisional)", style="yellow")
            grid.add_row(Text(mark, style="red"), line)
    console.print(grid)


def _target(r: Report, levels: dict[str, Level], console: Console) -> None:
    """Why this target: the rule's inputs that matched, guardrails, and what holds back more."""
    t = r["target"]
    lines: list[Text] = []
    if t["matched"]:
        matched = "; ".join(current().condition(m["test"]) for m in t["matched"])
        lines.append(Text.assemble(("Matched: ", "bold"), matched))
    for g in t["guardrails"]:
        change = f" ({levels[g['before']]['name']} → {levels[g['after']]['name']})"
        lines.append(Text.assemble(("Guardrail: ", "bold"), g["reason"] + change))
    held = t["held_back_by"]
    if held:
        words = current()
        why = f"it needs {words.needed(held['test'])}; yours: {words.value(held, r['answers'])}."
        lines.append(Text.assemble((f"Why not {held['name']}: ", "bold"), why))
    if not lines:
        return
    console.print()
    console.print(Text(f"Why {t['name']}", style="bold"))
    for line in lines:
        console.print(line)


def _dimensions(r: Report, console: Console) -> None:
    narrow = console.width < NARROW
    console.print()
    table = Table(box=None, pad_edge=False, header_style="bold")
    table.add_column("Dimension", no_wrap=True, overflow="ellipsis", max_width=22 if narrow else 26)
    table.add_column("Score", justify="right", no_wrap=True)
    table.add_column("", no_wrap=True)
    if not narrow:
        table.add_column("Weight", justify="right", no_wrap=True)
    shaky = [d for d in r["dimensions"] if d["provisional"]]
    for d in r["dimensions"]:
        score = number(d["score"]) + ("*" if d["provisional"] else "")
        row: list[str | Text] = [
            d["name"],
            score,
            Text(bar(d["score"], 8 if narrow else 12), "cyan"),
        ]
        if not narrow:
            row.append(f"×{d['weight']:g}")
        table.add_row(*row)
    console.print(table)
    for d in shaky:
        note = f"* provisional: {d['name']} is {current().based_on(d)}"
        console.print(Text(note, style="yellow"))


def _actions(r: Report, levels: dict[str, Level], console: Console) -> None:
    console.print()
    grid = _hanging()
    steps = r["plan"]["steps"]
    if not steps:
        # What the Markdown and HTML reports list here: the strategy's own requirements
        # (for one channel: make it excellent), or its summary when it names none.
        items = r["target"]["requirements"] or [r["target"]["summary"]]
        console.print(Text("Next steps" if len(items) > 1 else "Next step", style="bold"))
        for item in items:
            grid.add_row("→", item)
        console.print(grid)
        return
    console.print(Text("The plan", style="bold"))
    for a in steps[:TOP_ACTIONS]:
        line = Text(current().step_summary(a) + " ")
        points = f"{signed(a['gain'])} pts, " if shows_gain(a) else ""
        line.append(f"{points}{a['effort']} effort", style="green")
        if a["quick_win"]:
            line.append(", quick win", style="green")
        if a["provisional"]:
            line.append(", provisional", style="yellow")
        if a["unlocks"]:
            line.append(f", reaches {levels[a['level_after']]['name']}", style="bold green")
        grid.add_row(Text(f"{a['rank']}.", style="bold"), line)
    console.print(grid)
    if r["plan"]["missing"]:
        names = "; ".join(current().missing(m) for m in r["plan"]["missing"])
        console.print(Text(f"Not reachable from these questions: {names}", style="yellow"))
