"""The answer lines above the prompt, kept in step with the flow, without a terminal."""

from __future__ import annotations

import io

from rich.console import Console

from omnicheck.questionnaire.flow import Flow
from omnicheck.questionnaire.prompts import TerminalPrompter
from omnicheck.questionnaire.transcript import CLEAR, ENTER, LEAVE, Transcript


def terminal(out: io.StringIO) -> Console:
    """An xterm whatever TERM the tests run under: one that has an alternate screen."""
    return Console(
        file=out, force_terminal=True, width=80, color_system=None, _environ={"TERM": "xterm"}
    )


def prompter_for(rubric, flow: Flow) -> tuple[TerminalPrompter, io.StringIO]:
    out = io.StringIO()
    console = terminal(out)
    transcript = Transcript(console)
    transcript.start()  # as the session does
    return TerminalPrompter(rubric, console, flow, transcript), out


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


def test_on_the_way_out_the_record_is_printed_once_on_the_normal_screen(tiny):
    flow = Flow(tiny, {}, {"name": "Co"})
    out = io.StringIO()
    console = terminal(out)
    transcript = Transcript(console)
    with transcript.alternate():
        assert out.getvalue() == "", "nothing switched before something is drawn"
        transcript.keep("Welcome")
        transcript.keep("Press Ctrl-C to stop", passing=True)
        prompter = TerminalPrompter(tiny, console, flow, transcript)
        for value in ["reach", ("web", "store"), "s1"]:
            answer(prompter, flow, value)
        flow.back()
        flow.back()
        answer(prompter, flow, ("web", "email"))
        prompter.record.show(flow.current().question.id)  # type: ignore[union-attr]
    written = out.getvalue()
    assert written.startswith(ENTER) and written.count(ENTER) == written.count(LEAVE) == 1
    assert "\x1b[3J" not in written, "the scrollback is the shell's: never cleared"
    after = written.partition(LEAVE)[2]
    assert "\x1b[" not in after, "plain lines on the normal screen"
    assert after.splitlines()[0] == "Welcome" and "Ctrl-C" not in after
    assert ticks(after) == ["✓ Goal?: Reach", "✓ Channels?: Web, Email"]


def test_an_error_on_the_alternate_screen_still_leaves_it(tiny):
    out = io.StringIO()
    transcript = Transcript(terminal(out))
    try:
        with transcript.alternate():
            transcript.keep("Welcome")
            raise ValueError("boom")
    except ValueError:
        pass
    assert out.getvalue().endswith(LEAVE + "Welcome\n") and not transcript.switched


def test_nothing_drawn_leaves_the_screen_alone(tiny):
    out = io.StringIO()
    with Transcript(terminal(out)).alternate():
        pass
    assert out.getvalue() == ""


def test_a_dumb_terminal_gets_no_escape_codes(tiny):
    out = io.StringIO()
    console = Console(
        file=out, force_terminal=True, width=80, color_system=None, _environ={"TERM": "dumb"}
    )
    transcript = Transcript(console)
    with transcript.alternate():
        transcript.keep("Welcome")
        transcript.show([])
        transcript.redraw([])
    assert out.getvalue() == "Welcome\nWelcome\n", "drawn again under what is there"


def test_a_word_on_the_question_asked_is_for_its_prompt_not_under_the_last_answer(tiny):
    flow = Flow(tiny, {}, {"name": "Co"})
    prompter, out = prompter_for(tiny, flow)
    answer(prompter, flow, "reach")
    prompter.record.note("channels", "Why it matters: the channels")  # asked now
    prompter.record.show("channels")
    assert "Why it matters" not in out.getvalue(), "it would read as the goal's"
    assert prompter.record.notes("channels") == ("Why it matters: the channels",)
    prompter.record.transcript.end()
    assert "Why it matters" not in out.getvalue().partition(LEAVE)[2]
    prompter.record.transcript.start()
    answer(prompter, flow, ("web", "store"))  # answered: its note stays above its line
    prompter.record.show(flow.current().question.id)  # type: ignore[union-attr]
    prompter.record.transcript.end()
    after = out.getvalue().rpartition(LEAVE)[2]
    assert after.count("Why it matters: the channels") == 1
    assert ticks(after) == ["✓ Goal?: Reach", "✓ Channels?: Web, Store"]
    lines = [line.strip() for line in after.splitlines()]
    assert lines[lines.index("✓ Goal?: Reach") + 1 :][:2] == [
        "Why it matters: the channels",
        "✓ Channels?: Web, Store",
    ]


def test_a_word_on_a_sections_first_question_is_kept_under_its_heading(tiny):
    flow = Flow(tiny, {}, {"name": "Co"})
    prompter, out = prompter_for(tiny, flow)
    for value in ["reach", ("web", "store")]:
        answer(prompter, flow, value)
    prompter.record.note("a.one", "Why it matters: the first")
    answer(prompter, flow, "s1")
    prompter.record.show(flow.current().question.id)  # type: ignore[union-attr]
    lines = [line.strip() for line in out.getvalue().splitlines() if line.strip()]
    at = lines.index("Why it matters: the first")
    assert lines[at - 1].startswith("── Integration") and lines[at + 1] == "✓ A one?: One"
