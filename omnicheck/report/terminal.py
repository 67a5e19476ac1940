"""The terminal summary: level, index, dimensions, blockers and top actions.

Drawn with rich from the same report data as every other format. It fits 60
columns without wrapping a table row, leaves colour out when NO_COLOR is set
or output is not a terminal, and always says in words what colour shows.
"""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from omnicheck.report.render import bar, number, signed

TOP_ACTIONS = 5
NARROW = 72


FULL_REPORT_HINT = "Full report: add --format md, html or json, and --output FILE."


def print_summary(
    report: dict[str, Any],
    console: Console,
    *,
    hint: str = FULL_REPORT_HINT,
    compact: bool = False,
) -> None:
    """``hint`` is the closing line: how to get the full report from where the user is.

    ``compact`` (the end of ``assess``) fits one 24-row screen: the heading
    with the first plan step, and what blocks the next level.
    """
    levels = {level["id"]: level for level in report["levels"]}
    _heading(report, console, compact=compact)
    if report["index"] is not None and not compact:
        _dimensions(report, console)
    if report["next_level"]:
        _blockers(report, levels, console)
    if not compact:
        _actions(report, levels, console)
    console.print()
    console.print(Text(hint, style="dim"))


def _hanging() -> Table:
    """Two columns, so a wrapped line stays indented under its text, not its marker."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(justify="right", no_wrap=True, min_width=3)
    grid.add_column(overflow="fold")
    return grid


def _heading(r: dict[str, Any], console: Console, *, compact: bool = False) -> None:
    console.print(Text(r["business"]["name"], style="bold"))
    rubric = r["rubric"]
    console.print(Text(f"{rubric['title']} · {rubric['id']} {rubric['version']}", style="dim"))
    console.print()
    head = Table.grid(padding=(0, 2))
    head.add_column(style="bold")
    head.add_column()
    quick = r.get("depth") == "quick"
    maybe = " (provisional)" if quick else ""
    head.add_row("Level", Text.assemble((r["level_name"], "bold cyan"), maybe))
    score = r["index"]
    head.add_row("Index", "not scored (one channel)" if score is None else f"{number(score)} / 100")
    target = r["target"]
    change = "keep" if target["change"] == "stay" else target["change"]
    change += ", provisional" if quick else ""
    head.add_row("Target", Text.assemble((target["name"], "bold green"), f" ({change})"))
    steps = r["plan"]["steps"]
    if compact:
        first = steps[0] if steps else None
        head.add_row(
            "First step",
            target["summary"]
            if first is None
            else f"{first['text']}: {first['from']['label'] if first['from'] else 'none'}"
            f" → {first['to']['label']}",
        )
    if r["coverage"]["percent"] is not None:
        head.add_row("Coverage", f"{number(r['coverage']['percent'])}% answered")
    console.print(head)
    if quick:
        console.print(Text("Quick check: answer the full questionnaire to confirm.", "yellow"))


def _dimensions(r: dict[str, Any], console: Console) -> None:
    narrow = console.width < NARROW
    console.print()
    table = Table(box=None, pad_edge=False, header_style="bold")
    table.add_column("Dimension", no_wrap=True, overflow="ellipsis", max_width=22 if narrow else 26)
    table.add_column("Score", justify="right", no_wrap=True)
    table.add_column("", no_wrap=True)
    if not narrow:
        table.add_column("Weight", justify="right", no_wrap=True)
    for d in r["dimensions"]:
        row = [d["name"], number(d["score"]), Text(bar(d["score"], 8 if narrow else 12), "cyan")]
        if not narrow:
            row.append(f"×{d['weight']:g}")
        table.add_row(*row)
    console.print(table)


def _blockers(r: dict[str, Any], levels: dict[str, Any], console: Console) -> None:
    console.print()
    console.print(Text(f"Blocks {levels[r['next_level']]['name']}", style="bold"))
    grid = _hanging()
    for b in r["blockers"]:
        you = "" if b["actual"] is None else f" (you: {number(b['actual'])}{b['unit']})"
        grid.add_row(Text("✗", style="red"), b["label"] + you)
    console.print(grid)


def _actions(r: dict[str, Any], levels: dict[str, Any], console: Console) -> None:
    console.print()
    grid = _hanging()
    steps = r["plan"]["steps"]
    if not steps:
        console.print(Text("Next step", style="bold"))
        grid.add_row("→", r["target"]["summary"])
        console.print(grid)
        return
    console.print(Text("The plan", style="bold"))
    for a in steps[:TOP_ACTIONS]:
        before = a["from"]["label"] if a["from"] else "none"
        line = Text(f"{a['text']}: {before} → {a['to']['label']} ")
        line.append(f"{signed(a['gain'])} pts, {a['effort']} effort", style="green")
        if a["quick_win"]:
            line.append(", quick win", style="green")
        if a["unlocks"]:
            line.append(f", reaches {levels[a['level_after']]['name']}", style="bold green")
        grid.add_row(Text(f"{a['rank']}.", style="bold"), line)
    console.print(grid)
    if r["plan"]["missing"]:
        names = "; ".join(m["label"] for m in r["plan"]["missing"])
        console.print(Text(f"Not reachable from these questions: {names}", style="yellow"))
