"""Answers set aside when a channel is unticked: kept until the person confirms.

Unticking a channel makes its questions stop applying. Their answers wait in
the flow (``Flow.set_aside``) until the end of the session, where the person
is asked before they are deleted, or ticks the channel again and gets them
back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from omnicheck.rubric.conditions import AnswerValue, QuestionTest, walk

if TYPE_CHECKING:
    from omnicheck.questionnaire.flow import Flow
    from omnicheck.rubric.compiled import ChannelLinks, Question


def dropped(flow: Flow) -> dict[str, dict[str, AnswerValue]]:
    """Set-aside answers that still do not apply, grouped by what they were about."""
    groups: dict[str, dict[str, AnswerValue]] = {}
    links = flow.rubric.links
    for q in flow.items:
        if q.id not in flow.set_aside or flow.applies(q):
            continue
        about = q.channel or _channel_read(q, links) or q.section
        groups.setdefault(about, {})[q.id] = flow.set_aside[q.id]
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


def _channel_read(q: Question, links: ChannelLinks | None) -> str | None:
    """The one channel a question is about, when its condition asks for that channel."""
    if links is None or q.own_when is None:
        return None
    tests = [t for t in walk(q.own_when) if isinstance(t, QuestionTest)]
    if len(tests) == 1 and tests[0].question == links.question and tests[0].op == "has":
        return str(tests[0].value)
    return None
