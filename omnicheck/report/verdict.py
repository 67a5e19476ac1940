"""What the first screen of every report says, chosen once for HTML, Markdown and terminal.

The verdict is a view of the report data, not new data: which of the plan's
steps lead to the next level, which low-effort steps to offer as quick wins,
and how a level's requirements group into "either ... or" alternatives. It
lives here so that the three formats cannot choose differently.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypedDict

if TYPE_CHECKING:
    from omnicheck.report.model import Check, Level, PlanStep, Report

#: Up to this many steps to the next level are all listed on the first screen;
#: a longer run shows its first step, every step that clears a requirement and
#: its last step, so that it still fits a phone's first screen.
VERDICT_STEPS = 6
QUICK_WINS = 3


class Group(TypedDict):
    """Checks of which one is enough (``either``), or a single check that must hold."""

    either: bool
    checks: list[Check]


class NextSteps(TypedDict):
    level: str | None
    through: int | None
    steps: list[PlanStep]
    total: int
    hidden: int


def index_band(report: Report) -> Level | None:
    """The level whose index band the index is in: the highest band that starts at or below it.

    A view, not a fact of the level: a business is placed by bands *and* gates, so its
    index can sit in a band above its level. None without an index or without bands.
    """
    index = report["index"]
    if index is None:
        return None
    return next(
        (lv for lv in reversed(report["levels"]) if lv["band"] and lv["band"]["from"] <= index),
        None,
    )


def reached_through(report: Report) -> list[Check]:
    """The alternatives that placed the business at its level when the index is below
    that level's band: the reason "Cross-channel" stands beside "index 34, Multichannel
    band". Empty when the band holds, or when the level has no band to miss."""
    level = report["level"]
    checks = [c for c in report["gates"] if c["level"] == level]
    if not any(c["kind"] == "band" and not c["met"] for c in checks):
        return []
    return [c for c in checks if c["kind"] == "alternative" and c["met"]]


def requirement_groups(checks: list[Check]) -> list[Group]:
    """A level's unmet checks as the reader has to meet them.

    A level's band and its alternatives are one choice (meeting any of them
    is enough), so they form a single ``either`` group; every gate must hold,
    so each is a group of one. The choice comes first, as the band does in the
    rubric, then the gates in rubric order.
    """
    choice = [c for c in checks if c["kind"] in ("band", "alternative")]
    gates = [c for c in checks if c["kind"] not in ("band", "alternative")]
    groups: list[Group] = []
    if choice:
        groups.append({"either": len(choice) > 1, "checks": choice})
    groups.extend({"either": False, "checks": [g]} for g in gates)
    return groups


def next_steps(report: Report) -> NextSteps:
    """The plan's steps that reach the next level (or, at the top, its first steps).

    ``shown`` is what the first screen lists; ``total`` and ``hidden`` say
    how many of the run it leaves to the plan section.
    """
    plan = report["plan"]
    steps = plan["steps"]
    nxt = report["next_level"]
    reached = next((x for x in plan["reached_after"] if x["level"] == nxt), None)
    if reached is not None:
        run = steps[: reached["step"]]
    else:
        run = [s for s in steps if s["part"] == "reach-target"] or steps[:QUICK_WINS]
    shown = run
    if len(run) > VERDICT_STEPS:
        keep = {run[0]["rank"], run[-1]["rank"]} | {s["rank"] for s in run if s["clears"]}
        shown = [s for s in run if s["rank"] in keep]
        if len(shown) > VERDICT_STEPS:  # many clearing steps: the first ones and the last
            shown = [*shown[: VERDICT_STEPS - 1], shown[-1]]
    return {
        "level": reached["name"] if reached else None,
        "through": reached["step"] if reached else None,
        "steps": shown,
        "total": len(run),
        "hidden": len(run) - len(shown),
    }


def quick_wins(report: Report, count: int = QUICK_WINS) -> list[PlanStep]:
    """Low-effort steps with a real gain, the plan's own quick wins first, then by gain.

    Steps already on the first screen's way to the next level are left out, so
    no step is offered twice. The result is in plan order, as it would be done.
    """
    listed = {s["rank"] for s in next_steps(report)["steps"]}
    # Chosen and ranked by the unrounded gain, as the plan flags its quick wins: the gain
    # shown is the change of two rounded index figures, and can round either way.
    candidates = [
        s
        for s in report["plan"]["steps"]
        if s["rank"] not in listed
        and (s["quick_win"] or s["effort"] == "low")
        and s["gain_exact"] > 0
    ]
    best = sorted(candidates, key=lambda s: (not s["quick_win"], -s["gain_exact"], s["rank"]))
    best = best[:count]
    return sorted(best, key=lambda s: s["rank"])


def shows_gain(step: PlanStep) -> bool:
    """Whether a step's points are worth printing.

    A step whose gain rounds to 0.0 but that clears a requirement or reaches a
    level is worth what it clears: "+0.0 points" would tell the reader it is
    worth nothing, so the formats say what it clears or reaches instead.
    """
    return round(step["gain"], 1) != 0 or not (step["clears"] or step["unlocks"])
