"""The answer lines above the prompt, kept in step with the flow, without a terminal."""

from __future__ import annotations

import io

from rich.console import Console

from omnicheck.questionnaire.flow import Flow
from omnicheck.questionnaire.prompts import TerminalPrompter
from omnicheck.questionnaire.transcript import CLEAR, Transcript


def prompter_for(rubric, flow: Flow) -> tuple[TerminalPrompter, io.StringIO]:
    out = io.StringIO()
    console = Console(file=out, force_terminal=True, width=80, color_system=None)
    return TerminalPrompter(rubric, console, flow, Transcript(console)), out


def answer(prompter: TerminalPrompter, flow: Flow, value) -> None:
    """What the terminal prompter does around one answer, without the prompt."""
    position = flow.current()
    assert position is not None
    prompter.record.show(position.question.id)
    prompter.record.answered(position, value, None)
    flow.answer(value)


def ticks(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.lstrip().startswith("✓")]


def test_a_forward_run_only_adds_lines(tiny):
    flow = Flow(tiny, {}, {"name": "Co"})
    prompter, out = prompter_for(tiny, flow)
    for value in ["reach", ("web", "store"), "s1"]:
        answer(prompter, flow, value)
    prompter.record.show(flow.current().question.id)  # type: ignore[union-attr]
    assert CLEAR not in out.getvalue() and prompter.record.transcript.redraws == 0
    assert ticks(out.getvalue()) == ["✓ Goal?: Reach", "✓ Channels?: Web, Store", "✓ A one?: One"]


def test_going_back_and_changing_draws_the_new_line_only(tiny):
    flow = Flow(tiny, {}, {"name": "Co"})
    prompter, out = prompter_for(tiny, flow)
    for value in ["reach", ("web", "store"), "s1"]:
        answer(prompter, flow, value)
    flow.back()
    flow.back()  # at the channels
    answer(prompter, flow, ("web", "email"))
    prompter.record.show(flow.current().question.id)  # type: ignore[union-attr]
    drawn = out.getvalue().rpartition(CLEAR)[2]  # the screen since it was last cleared
    assert prompter.record.transcript.redraws == 1
    assert ticks(drawn) == ["✓ Goal?: Reach", "✓ Channels?: Web, Email"]
    assert "── Integration" not in drawn, "no heading over nothing"


def test_lines_of_questions_that_stopped_applying_go(tiny):
    flow = Flow(tiny, {}, {"name": "Co"})
    prompter, out = prompter_for(tiny, flow)
    for value in ["reach", ("web", "store"), "s1", "s1", "s1", "s2"]:
        answer(prompter, flow, value)
    prompter.record.show(None)
    assert "✓ Store only?: Two" in ticks(out.getvalue())
    flow.jump("channels", review=True)
    answer(prompter, flow, ("web", "email"))  # the store's question no longer applies
    prompter.record.show(None)  # the review screen: every line
    drawn = out.getvalue().rpartition(CLEAR)[2]
    assert not [t for t in ticks(drawn) if t.startswith("✓ Store only?")]
    assert "✓ Channels?: Web, Email" in ticks(drawn)
    assert len(ticks(drawn)) == len(set(ticks(drawn)))
