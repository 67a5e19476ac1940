"""The loop around the flow: ask, move or record, save; until nothing is pending.

Apart from :mod:`omnicheck.questionnaire.flow` because it is the one place
that joins the flow's rules to an input layer and the saving, and the flow's
module is long enough with the rules alone.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from omnicheck.questionnaire.position import Back, Jump, Noted, Position, Reply, Return

if TYPE_CHECKING:
    from omnicheck.questionnaire.flow import Flow


def run(
    flow: Flow,
    ask: Callable[[Position], Reply],
    save: Callable[[Flow], None],
) -> None:
    """Ask until nothing is pending, saving after every answer.

    ``ask`` is the input layer: the terminal prompts in the program, a script
    in the tests. Whatever it raises (Ctrl-C, a closed terminal) ends the run
    with every earlier answer already saved.
    """
    while (position := flow.current()) is not None:
        reply = ask(position)
        if isinstance(reply, Back):
            flow.back()
            continue
        if isinstance(reply, Return):
            flow.return_to_furthest()
            continue
        if isinstance(reply, Jump):
            flow.jump(reply.question, review=flow.reviewing)
            continue
        if isinstance(reply, Noted):
            flow.write_note(position.question.id, reply.note)
            reply = reply.answer
        flow.answer(reply)
        if flow.started:
            save(flow)
