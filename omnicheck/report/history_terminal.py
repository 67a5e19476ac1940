"""The terminal view of ``omnicheck history``: the visits, the dimensions, what changed.

Drawn with rich from the history data (:mod:`omnicheck.report.history`), as the
diff's view is: colour only adds to what the words and symbols already say.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table
from rich.text import Text

from omnicheck.printable import printable_data
from omnicheck.report.render import change, number
from omnicheck.report.words import current

if TYPE_CHECKING:
    from omnicheck.report.model_history import History, Visit

#: The dimension table shows the latest visits that fit 80 columns.
DIMENSION_COLUMNS = 6


def when(v: Visit) -> str:
    return str(v["assessed"] or f"visit {v['visit']}")


def print_history(h: History, console: Console) -> None:
    h = printable_data(h)  # before rich, which drops some controls unseen
    visits = h["visits"]
    console.print(Text(f"History: {h['business']['name']}", style="bold"))
    order = "by assessed date" if h["ordered_by"] == "assessed" else "in the order given"
    console.print(Text(f"{len(visits)} visits, {order}", style="dim"))
    console.print()
    table = Table(box=None, pad_edge=False)
    for name, justify in (("Visit", "left"), ("Level", "left"), ("Index", "right")):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    table.add_column("Change", justify="right")
    for i, v in enumerate(visits):
        moved = change(h["changes"][i - 1]["index"]["change"]) if i else "–"
        table.add_row(when(v), v["level_name"], number(v["index"], 1), moved)
    console.print(table)
    console.print()
    shown = visits[-DIMENSION_COLUMNS:]
    dims = Table(box=None, pad_edge=False, title_justify="left")
    dims.add_column("Dimension")
    for v in shown:
        dims.add_column(when(v), justify="right")
    for d in h["dimensions"]:
        dims.add_row(d["name"], *(number(v["dimensions"].get(d["id"])) for v in shown))
    console.print(dims)
    if len(visits) > len(shown):
        console.print(Text(f"(the latest {len(shown)} visits; md and html show all)", style="dim"))
    for c in h["changes"]:
        a, b = visits[c["from"] - 1], visits[c["to"] - 1]
        console.print()
        console.print(Text(f"{when(a)} → {when(b)}", style="bold"))
        level, moved = c["level"], change(c["index"]["change"])
        console.print(f"  Level {level['from_name']} → {level['to_name']}; index {moved}")
        for g in c["gates_met"]:
            _item(console, 2, f"✓ won: {current().check(g)}", "green")
        for g in c["gates_lost"]:
            _item(console, 2, f"✗ lost: {current().check(g)}", "red")
        done = len(c["steps_done"])
        console.print(f"  Plan steps done: {done} of {c['steps_planned']}")
        for s in c["steps_done"]:
            _item(console, 4, f"✓ {s['text']}: {current().move(s['kind'], s['from'], s['to'])}", "")
        if c["rubric"]["differs"]:
            r = c["rubric"]
            added, removed = len(r["questions_added"]), len(r["questions_removed"])
            console.print(
                Text(
                    f"  Rubric {r['old_version']} → {r['new_version']}: "
                    f"{added} questions added, {removed} removed",
                    style="yellow",
                )
            )


def _item(console: Console, indent: int, text: str, style: str) -> None:
    """One line of a list, whose wrapped lines keep the list's indent."""
    import textwrap

    pad = " " * indent
    width = max(40, console.width)
    lines = textwrap.wrap(
        text, width, initial_indent=pad, subsequent_indent=pad + "  ", break_on_hyphens=False
    )
    console.print(Text("\n".join(lines), style=style), soft_wrap=True)
