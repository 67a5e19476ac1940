"""The progress line in a real pty: a total from the first screen that never jumps.

Before the channels are picked, the line gives the range the total will fall
in (what applies whatever the channels, to every channel); after, the total
itself, inside that range. The share done never goes down on the way.
"""

from __future__ import annotations

import re

import pytest

from tests.test_assess_terminal import Terminal, read

pytestmark = pytest.mark.pty

PROGRESS = re.compile(r"question (\d+) of (\d+)(?: to (\d+))?[^\r\n%]* (\d+)% done")


@pytest.mark.parametrize("columns", [80, 60])
def test_the_total_is_known_from_the_first_screen_and_never_jumps(tmp_path, columns):
    term = Terminal(tmp_path, "--answers", "a.yaml", columns=columns)
    term.details("Progress Co")
    seen: list[tuple[int, int, int | None, int]] = []

    def progress() -> tuple[int, int, int | None, int]:
        term.child.expect(PROGRESS)
        number, low, high, share = term.child.match.groups()
        seen.append((int(number), int(low), int(high) if high else None, int(share)))
        return seen[-1]

    assert progress() == (1, 6, 74, 0)  # the goal: a range, nothing done yet
    term.at("What is the main goal").press("down", "enter")
    assert progress()[:3] == (2, 6, 74)
    term.at("Which channels do your customers use")
    # Website, online store, email and the physical store.
    term.press("space", "down", "space", "down", "down", "space")
    term.press(*["down"] * 5, "space", "enter")
    while True:
        found = term.child.expect([PROGRESS, "Review your answers"])
        if found == 1:
            term.press("enter")  # Finish
            break
        number, low, high, share = term.child.match.groups()
        seen.append((int(number), int(low), int(high) if high else None, int(share)))
        term.press("down", "enter")  # the first option; a list of ticks: none
    assert term.finish()[0] == 0
    assert read(tmp_path / "a.yaml")["answers"]["channels"] == [
        "website",
        "online_store",
        "email",
        "physical_store",
    ]
    totals = {low for _, low, high, _ in seen[2:]}
    assert len(totals) == 1 and all(high is None for *_, high, _ in seen[2:])
    (total,) = totals
    assert 6 <= total <= 74, "the total lands inside the range shown first"
    assert [n for n, *_ in seen] == list(range(1, total + 1)), "every screen counted once"
    shares = [share for *_, share in seen]
    assert shares == sorted(shares), "the share done never goes down"
    assert shares[0] == 0 and shares[-1] == 100 * (total - 1) // total
