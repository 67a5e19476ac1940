"""The terminal summary's lines about other people: peers (``--benchmark``) and respondents.

Called at the end of :func:`omnicheck.report.terminal.print_summary`; prints
nothing for a report of one respondent without a benchmark.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table
from rich.text import Text

from omnicheck.report.render import counted, number

if TYPE_CHECKING:
    from omnicheck.report.model import Report


def print_peers(report: Report, console: Console) -> None:
    b = report.get("benchmark")
    if b:
        console.print()
        console.print(Text(f"Among the {b['peers']} businesses of {b['source']}", style="bold"))
        table = Table(box=None, pad_edge=False, show_header=False)
        table.add_column()
        table.add_column(justify="right")
        table.add_column()
        for m in [b["index"], *b["dimensions"]]:
            if m["score"] is None:
                where = "not scored"
            elif m["enough"]:
                where = f"better than {number(m['better_than'])}% of {m['peers']}"
            else:
                where = f"too few peers ({m['peers']})"
            table.add_row(m["name"], number(m["score"]), where)
        console.print(table)
        scored_by = {m["peers"] for m in [b["index"], *b["dimensions"]] if m["score"] is not None}
        if scored_by - {b["peers"]}:
            # "of 34" among 40 begs the question; the Markdown and HTML say it in a paragraph.
            of = f"of {next(iter(scored_by))}" if len(scored_by) == 1 else "of N"
            console.print(
                f'"{of}": the peers scored on it (not those with the same score); a'
                " business with one channel has no index or dimension scores."
            )
        level = next((lv for lv in b["levels"] if lv["current"]), None)
        if level is not None:
            share = f"{level['count']} of {b['peers']} peers ({number(level['percent'])}%)"
            console.print(f"{share} are {level['name']}, as you are.")
    found = report.get("disagreements") or []
    if len(report.get("respondents") or []) > 1:
        console.print()
        people = len(report["respondents"])
        apart = counted(len(found), "question")
        line = f"{people} respondents; {apart} answered 2 or more steps apart"
        console.print(Text(line + (": see the full report." if found else "."), style="bold"))
