"""Answers set aside when a channel is unticked: kept until the person confirms.

Unticking a channel makes its questions stop applying. Their answers wait in
the flow (``Flow.set_aside``) until the end of the session, where the person
is asked before they are deleted, or ticks the channel again and gets them
back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from omnicheck.rubric.conditions import AnswerValue, evaluate

if TYPE_CHECKING:
    from collections.abc import Iterable

    from omnicheck.questionnaire.flow import Flow
    from omnicheck.rubric.compiled import Question


def dropped(flow: Flow) -> dict[str | None, dict[str, AnswerValue]]:
    """Set-aside answers that still do not apply, by the unticked channel they are about.

    An answer is about the channel that, ticked again, brings it back: the
    store's record link, and as well a check that needs the store and the
    website both, such as "Store sees the web cart". The person is asked about
    each channel's answers and then about the rest, so every answer removed
    was counted in a question (key None: no one channel brings them back; an
    answer that changed set them aside).
    """
    groups: dict[str | None, dict[str, AnswerValue]] = {}
    for q in flow.items:
        if q.id not in flow.set_aside or flow.applies(q):
            continue
        groups.setdefault(_brought_back_by(flow, q), {})[q.id] = flow.set_aside[q.id]
    return groups


def discard_set_aside(flow: Flow) -> None:
    """The user confirmed: set-aside answers are gone for good."""
    for group in dropped(flow).values():
        for qid in group:
            flow.set_aside.pop(qid, None)
            flow.stash.pop(qid, None)


def keep_channel(flow: Flow, channel: str) -> None:
    """Tick ``channel`` again and bring its set-aside answers back."""
    links = flow.rubric.links
    assert links is not None
    before = dict(flow.values)
    chosen = flow.values.get(links.question)
    ticked = chosen if isinstance(chosen, tuple) else ()
    order = [o.id for o in flow.rubric.by_id[links.question].options]
    flow.values[links.question] = tuple(o for o in order if o in {*ticked, channel})
    for q in flow.items:
        if q.id in flow.set_aside and q.id not in flow.values:
            flow.values[q.id] = flow.set_aside.pop(q.id)
            if any(o.when is not None for o in q.options):
                flow.forced.add(q.id)  # a hand-off given before the other changes
    flow.reconcile(before)
    flow.reviewing = True  # ask what the change made pending, then review again
    start = flow.first_pending()
    flow.cursor = start.id if start else None


def _brought_back_by(flow: Flow, q: Question) -> str | None:
    """The unticked channel whose ticking makes ``q`` apply again, if there is one.

    The first channel that brings it back alone; otherwise (it needs two
    unticked channels) the first of those it needs, in the channels' order.
    """
    links = flow.rubric.links
    if links is None or not flow.in_depth(q):
        return None
    chosen = flow.values.get(links.question)
    ticked = chosen if isinstance(chosen, tuple) else ()
    unticked = [c for c in links.channels if c not in ticked]
    if q.channel in unticked:
        return q.channel  # its record link and hand-offs
    when = q.when
    if when is None:
        return None

    def applies_with(channels: Iterable[str]) -> bool:
        return evaluate(when, {**flow.values, links.question: (*ticked, *channels)})

    alone = next((c for c in unticked if applies_with([c])), None)
    if alone is not None or not applies_with(unticked):
        return alone
    return next((c for c in unticked if not applies_with(u for u in unticked if u != c)), None)
