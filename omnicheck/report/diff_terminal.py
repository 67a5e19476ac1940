"""The terminal view of ``omnicheck diff``: what moved, what was done, what blocks now.

Drawn with rich from the diff data (:mod:`omnicheck.report.diff`), like the
report's terminal summary: no colour when NO_COLOR is set or output is not a
terminal, and every colour is also said in words or symbols.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table
from rich.text import Text

from omnicheck.printable import printable_data
from omnicheck.report.render import change as change_text
from omnicheck.report.render import counted, number
from omnicheck.report.words import current

if TYPE_CHECKING:
    from omnicheck.report.model_diff import (
        AnswerChange,
        Change,
        Diff,
        GateChange,
        GateCrossed,
        Side,
        StepDone,
    )

UP, DOWN, SAME = "▲", "▼", "="


def print_diff(d: Diff, console: Console) -> None:
    d = printable_data(d)  # before rich, which drops some controls unseen
    old, new = d["old"], d["new"]
    title = new["business"] if d["same_business"] else f"{old['business']} → {new['business']}"
    console.print(Text(title, style="bold"))
    console.print(Text(f"{_side(old)} → {_side(new)}", style="dim"))
    if d["swapped"]:
        console.print(Text("Named newest first: compared from the earlier date.", style="dim"))
    if not d["same_business"]:  # as the Markdown and HTML diffs warn
        console.print(Text("The two files name different businesses.", style="yellow"))
    console.print()
    _headline(d, console)
    _dimensions(d, console)
    _list(console, "Done from the earlier plan", "✓", "green", [_done(a) for a in d["steps_done"]])
    _list(
        console,
        "Went backwards",
        "↓",
        "red",
        [f"{x['text']}: {x['from']} → {x['to']}" for x in d["declines"]],
    )
    _gates(console, "Gates now met", "✓", "green", d["gates"]["met"])
    _gates(console, "Gates lost", "✗", "red", d["gates"]["lost"])
    if new["next_level"]:
        blockers = d["blockers"]
        fresh = {(b["level"], b["id"]) for b in blockers["new"]}
        _list(
            console,
            f"Blocks the next level now ({len(blockers['now'])})",
            "✗",
            "red",
            [
                current().check(b) + (" (new)" if (b["level"], b["id"]) in fresh else "")
                for b in blockers["now"]
            ],
        )
    # A gate listed as now met is not listed again as cleared.
    met = {(g["level"], g["id"]) for g in d["gates"]["met"]}
    _list(
        console,
        "Cleared since before (now met)",
        "✓",
        "green",
        [_gate(g) for g in d["blockers"]["cleared"] if (g["level"], g["id"]) not in met],
    )
    _list(
        console,
        "No longer needed, though not met",
        "·",
        "",
        [
            f"{current().check(b)} ({_fig(b['actual'], b['unit'])}): {b['level_name']} "
            "reached through " + " and ".join(current().check(x) for x in b["reached_by"])
            for b in d["blockers"]["bypassed"]
        ],
    )
    _rubric(d, console)


def _side(side: Side) -> str:
    return str(side["file"]) + (f" ({side['assessed']})" if side["assessed"] else "")


def _fig(value: float | None, unit: str) -> str:
    """One decimal, none when whole, as the diff's Markdown gives figures."""
    return "–" if value is None else f"{value:g}{unit}"


def _headline(d: Diff, console: Console) -> None:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold")
    grid.add_column()
    level = d["level"]
    mark = {"up": (UP, "green"), "down": (DOWN, "red"), "same": (SAME, "")}[level["change"]]
    words = {"up": "up", "down": "down", "same": "unchanged"}[level["change"]]
    grid.add_row(
        "Level",
        Text.assemble(
            f"{level['from_name']} → ",
            (level["to_name"], "bold cyan"),
            "  ",
            (mark[0], mark[1]),
            f" {words}",
        ),
    )
    index = d["index"]
    grid.add_row("Index", _figure(index))
    target = d["target"]
    same = target["from"] == target["to"]
    grid.add_row(
        "Target", target["to_name"] + (" (unchanged)" if same else f" (was {target['from_name']})")
    )
    channels = d["channels"]
    if channels["added"] or channels["removed"]:
        parts = [f"+{c['name']}" for c in channels["added"]]
        parts += [f"-{c['name']}" for c in channels["removed"]]
        grid.add_row("Channels", ", ".join(parts))
    console.print(grid)


def _figure(change: Change) -> Text:
    text = Text(f"{number(change['from'], 1)} → {number(change['to'], 1)}")
    delta = change["change"]
    if delta is not None:
        style = "green" if delta > 0 else "red" if delta < 0 else ""
        text.append(f"  {change_text(delta)}", style=style)
    return text


def _dimensions(d: Diff, console: Console) -> None:
    if all(x["from"] is None and x["to"] is None for x in d["dimensions"]):
        return
    console.print()
    table = Table(box=None, pad_edge=False, header_style="bold")
    table.add_column("Dimension", no_wrap=True, overflow="ellipsis", max_width=26)
    table.add_column("Before", justify="right")
    table.add_column("Now", justify="right")
    table.add_column("Change", justify="right")
    for x in d["dimensions"]:
        delta = x["change"]
        style = "" if not delta else "green" if delta > 0 else "red"
        shown = Text(change_text(delta), style=style)
        table.add_row(x["name"], number(x["from"], 1), number(x["to"], 1), shown)
    console.print(table)


def _done(a: StepDone) -> str:
    """A step of the earlier plan, numbered as that plan numbered it, and its move in one
    phrase (``move``), as the history gives it, where the Markdown and HTML diffs have a
    column for before and one for planned; and the answer now where it went further."""
    move = current().move(a["kind"], a["from"], a["planned"])
    line = f"{a['rank']}. {a['text']}: {move}"
    return line if a["now"] == a["planned"] else f"{line} (now {a['now']})"


def _gate(g: GateChange) -> str:
    unit = g["unit"]
    figures = f"{_fig(g['actual_before'], unit)} → {_fig(g['actual'], unit)}"
    return f"{current().check(g)} ({figures})"


def _gates(console: Console, title: str, mark: str, style: str, gates: list[GateCrossed]) -> None:
    """The gates now met, or lost, each with the changed answers that moved it below it:
    "because" the first, "and" each other, every one wrapped under its own words."""
    below = [_because(g["because"]) if g["because"] else None for g in gates]
    _list(console, title, mark, style, [_gate(g) for g in gates], below)


def _because(causes: list[AnswerChange]) -> Table:
    words = current()
    table = Table.grid(padding=(0, 1))
    table.add_column(no_wrap=True, justify="right", style="dim")
    table.add_column(overflow="fold")
    for i, cause in enumerate(causes):
        table.add_row("because" if i == 0 else "and", words.changed_answer(cause))
    return table


def _list(
    console: Console,
    title: str,
    mark: str,
    style: str,
    lines: list[str],
    below: list[Table | None] | None = None,
) -> None:
    """A titled list, a mark before each line; ``below`` holds what goes under each line
    (None: nothing), indented past the mark."""
    if not lines:
        return
    console.print()
    console.print(Text(title, style="bold"))
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    for i, line in enumerate(lines):
        grid.add_row(Text(mark, style=style), line)
        extra = below[i] if below else None
        if extra is not None:
            grid.add_row("", extra)
    console.print(grid)


def _rubric(d: Diff, console: Console) -> None:
    r = d["rubric"]
    notes = []
    listed = 0
    if r["differs"]:
        added, removed = len(r["questions_added"]), len(r["questions_removed"])
        listed += added + removed
        notes.append(
            f"Answered for rubric version {r['old_version']} and {r['new_version']}: "
            f"{counted(added, 'question')} added, {removed} removed."
        )
    for side, name in ((d["old"], "OLD"), (d["new"], "NEW")):
        if side["answered_version"] != side["rubric"]["version"]:
            aside, unanswered = len(side["set_aside"]), len(side["unanswered"])
            listed += aside + unanswered
            notes.append(
                f"{name} was answered for version {side['answered_version']} and scored with "
                f"{side['rubric']['version']}: {counted(aside, 'answer')} set aside, "
                f"{counted(unanswered, 'question')} unanswered."
            )
    if notes:
        console.print()
        for note in notes:
            console.print(Text(note, style="yellow"))
        if listed:
            console.print(Text("The full diff lists them.", style="dim"))
    if console.is_terminal:  # a diff saved or piped may go to a client: no options for them
        console.print()
        console.print(
            Text("Full diff: add --format md, html or json, and --output FILE.", style="dim")
        )
