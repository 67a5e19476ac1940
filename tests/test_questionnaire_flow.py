"""The questionnaire's flow with a scripted input layer: order, when, back, n/a, resume."""

from __future__ import annotations

from collections.abc import Iterable

import pytest

from omnicheck.loading import answers_from
from omnicheck.questionnaire.details import DETAIL_QUESTIONS
from omnicheck.questionnaire.flow import BACK, Flow, Position, Reply, expand_ask, run
from omnicheck.rubric.conditions import NotApplicable
from tests.conftest import ROOT, TINY_ANSWERS

DETAIL_IDS = [q.id for q in DETAIL_QUESTIONS]
#: The business name, then every optional detail left empty.
DETAILS = [("business.name", "Test Co")] + [(qid, "") for qid in DETAIL_IDS[1:]]
SCALE_TOP = "s4"


class Script:
    """The input layer, replaced by a list of (expected question id, reply).

    It fails the test as soon as the flow asks anything out of the expected
    order, and keeps every position it was shown.
    """

    def __init__(self, steps: Iterable[tuple[str, Reply]]) -> None:
        self.steps = list(steps)
        self.shown: list[Position] = []

    def __call__(self, position: Position) -> Reply:
        assert self.steps, f"asked {position.question.id} after the script ended"
        expected, reply = self.steps.pop(0)
        assert position.question.id == expected, (
            f"asked {position.question.id}, expected {expected}; "
            f"asked so far: {[p.question.id for p in self.shown]}"
        )
        self.shown.append(position)
        return reply

    def asked(self) -> list[str]:
        return [p.question.id for p in self.shown]


def play(flow: Flow, steps: Iterable[tuple[str, Reply]]) -> tuple[Script, list[dict]]:
    """Run the flow to the end; returns the script and the answers saved after each step."""
    script = Script(steps)
    saved: list[dict] = []
    run(flow, script, lambda f: saved.append(dict(f.answers)))
    assert not script.steps, f"the flow ended before {script.steps[0][0]}"
    return script, saved


def test_details_come_first_then_rubric_order_and_when(tiny):
    flow = Flow(tiny)
    script, _ = play(
        flow,
        [
            *DETAILS,
            ("goal", "reach"),
            ("channels", ("web", "email")),
            ("a.one", "s1"),
            ("a.two", "s2"),
            ("b.one", "s3"),
            # b.store is skipped: there is no store.
            ("record.web", "manual"),
            ("handoff.web", ("email@purchase",)),
            ("record.email", "none"),
            ("handoff.email", ()),
        ],
    )
    assert "b.store" not in script.asked()
    assert "record.store" not in script.asked()
    assert flow.answers["handoff.web"] == ("email@purchase",)
    assert flow.business == {"name": "Test Co"}
    # A hand-off question offers only the other channels that are in use.
    handoff = next(p for p in script.shown if p.question.id == "handoff.web")
    assert {o.id.partition("@")[0] for o in handoff.options} == {"email"}


def test_store_questions_appear_only_with_a_store(tiny):
    _, saved = play(
        Flow(tiny),
        [
            *DETAILS,
            ("goal", "reach"),
            ("channels", ("web", "store")),
            ("a.one", "s1"),
            ("a.two", "s2"),
            ("b.one", "s3"),
            ("b.store", "s0"),
            ("record.web", "manual"),
            ("handoff.web", ()),
            ("record.store", "shared"),
            ("handoff.store", ("web@search",)),
        ],
    )
    assert saved[-1]["b.store"] == "s0"


def test_one_channel_skips_everything_that_needs_two(tiny):
    _script, saved = play(Flow(tiny), [*DETAILS, ("goal", "loyalty"), ("channels", ("web",))])
    assert saved[-1] == {"goal": "loyalty", "channels": ("web",)}


def test_every_answer_is_saved_once_the_business_has_a_name(tiny):
    flow = Flow(tiny)
    _, saved = play(flow, [*DETAILS, ("goal", "reach"), ("channels", ("web",))])
    # One save per reply, the name included: nothing is lost if the run stops.
    assert len(saved) == len(DETAILS) + 2
    assert saved[len(DETAILS)] == {"goal": "reach"}


def test_nothing_is_saved_before_the_name(tiny):
    saves: list[Flow] = []
    script = Script([("business.name", "Co"), ("business.sector", BACK)])

    def ask(position: Position) -> Reply:
        if not script.steps:
            raise KeyboardInterrupt
        return script(position)

    with pytest.raises(KeyboardInterrupt):
        run(Flow(tiny), ask, saves.append)
    assert len(saves) == 1  # after the name; going back saves nothing


def test_back_returns_to_the_previous_question_with_its_answer(tiny):
    flow = Flow(tiny)
    script, saved = play(
        flow,
        [
            *DETAILS,
            ("goal", "reach"),
            ("channels", BACK),
            ("goal", "loyalty"),
            ("channels", ("web",)),
        ],
    )
    back_at_goal = [p for p in script.shown if p.question.id == "goal"][1]
    assert back_at_goal.default == "reach"
    assert saved[-1] == {"goal": "loyalty", "channels": ("web",)}


def test_moving_on_after_back_shows_the_questions_walked_past(tiny):
    answers = {"goal": "reach", "channels": ("web", "email")}
    flow = Flow(tiny, answers, {"name": "Co"})
    script, _ = play(
        flow,
        [
            ("a.one", "s1"),
            ("a.two", BACK),
            ("a.one", BACK),
            ("channels", BACK),
            ("goal", "reach"),
            ("channels", ("web", "email")),
            ("a.one", "s2"),  # shown again, with s1 preselected
            ("a.two", "s2"),
            ("b.one", "s2"),
            ("record.web", "none"),
            ("handoff.web", ()),
            ("record.email", "none"),
            ("handoff.email", ()),
        ],
    )
    again = [p for p in script.shown if p.question.id == "a.one"][-1]
    assert again.default == "s1"
    assert flow.answers["a.one"] == "s2"


def test_changing_channels_drops_stale_answers_and_asks_new_ones(tiny):
    flow = Flow(tiny, {"goal": "reach"}, {"name": "Co"})
    script, saved = play(
        flow,
        [
            ("channels", ("web", "store")),
            ("a.one", "s1"),
            ("a.two", "s1"),
            ("b.one", "s1"),
            ("b.store", "s3"),
            ("record.web", "manual"),
            ("handoff.web", ("store@search",)),
            ("record.store", BACK),
            ("handoff.web", BACK),
            ("record.web", BACK),
            ("b.store", BACK),
            ("b.one", BACK),
            ("a.two", BACK),
            ("a.one", BACK),
            ("channels", ("web", "email")),
            # Walked back past, so shown again on the way forward:
            ("a.one", "s1"),
            ("a.two", "s1"),
            ("b.one", "s1"),
            # b.store no longer applies: not asked, and its answer is gone.
            ("record.web", "manual"),
            # Its options changed (email instead of store), so it is asked again.
            ("handoff.web", ("email@purchase",)),
            ("record.email", "one_way"),
            ("handoff.email", ()),
        ],
    )
    final = saved[-1]
    assert "b.store" not in final
    assert "record.store" not in final and "handoff.store" not in final
    assert final["handoff.web"] == ("email@purchase",)
    asked_again = [p for p in script.shown if p.question.id == "handoff.web"][-1]
    # The stale choice (store) is not preselected: that channel is gone.
    assert asked_again.default == ()


def test_a_changed_option_set_is_asked_again_even_when_not_walked_past(tiny):
    answers = {
        "goal": "reach",
        "channels": ("web", "email"),
        "a.one": "s1",
        "a.two": "s1",
        "b.one": "s1",
        "record.web": "none",
        "handoff.web": ("email@search",),
        "record.email": "none",
        "handoff.email": (),
    }
    flow = Flow(tiny, answers, {"name": "Co"}, ask_again=["channels"])
    script, saved = play(
        flow,
        [
            ("channels", ("web", "email", "store")),
            ("b.store", "s2"),  # applies now
            ("handoff.web", ("email@search", "store@purchase")),  # a new channel to hand to
            ("record.store", "none"),
            ("handoff.store", ()),
            ("handoff.email", ()),
        ],
    )
    # Unchanged answers stay, and are not asked again.
    assert saved[-1]["a.one"] == "s1" and saved[-1]["record.web"] == "none"
    kept = next(p for p in script.shown if p.question.id == "handoff.web")
    assert kept.default == ("email@search",)


def test_re_picking_a_channel_brings_back_its_answers_as_defaults(tiny):
    answers = dict(TINY_ANSWERS)
    flow = Flow(tiny, answers, {"name": "Co"}, ask_again=["channels"])
    flow.answer(("web", "email"))  # the store's answers are dropped ...
    assert "b.store" not in flow.answers and "record.store" not in flow.answers
    while flow.current().question.id != "channels":  # type: ignore[union-attr]
        assert flow.back()
    flow.answer(("web", "store"))  # ... and come back with the store
    shown = {}
    while (position := flow.current()) is not None:
        shown[position.question.id] = position
        flow.answer(position.default if position.default is not None else "none")
    assert shown["b.store"].default == "s4"
    assert shown["record.store"].default == "two_way"
    assert "record.email" not in flow.answers


def test_back_on_the_first_question_is_refused(tiny):
    flow = Flow(tiny)
    position = flow.current()
    assert position is not None and not position.can_go_back
    assert flow.back() is False
    assert flow.current().question.id == "business.name"  # type: ignore[union-attr]


def test_not_applicable_with_and_without_a_reason(tiny):
    _, saved = play(
        Flow(tiny, {}, {"name": "Co"}),
        [
            ("goal", NotApplicable()),
            ("channels", ("web", "email")),
            ("a.one", NotApplicable("we have no such thing")),
            ("a.two", "s1"),
            ("b.one", "s1"),
            ("record.web", NotApplicable()),
            ("handoff.web", ()),
            ("record.email", "none"),
            ("handoff.email", ()),
        ],
    )
    assert saved[-1]["goal"] == NotApplicable()
    assert saved[-1]["a.one"] == NotApplicable("we have no such thing")


def test_resume_point_is_the_first_unanswered_question(tiny):
    answers = {"goal": "reach", "channels": ("web", "email"), "a.one": "s1", "b.one": "s2"}
    flow = Flow(tiny, answers, {"name": "Co", "sector": "Retail"})
    # Details count as asked once there is a name; a.two has no answer.
    assert flow.first_pending().id == "a.two"  # type: ignore[union-attr]
    position = flow.current()
    assert position is not None and position.question.id == "a.two"
    assert position.can_go_back
    _script, _ = play(
        flow,
        [
            ("a.two", BACK),
            ("a.one", "s1"),  # back reaches answers from an earlier session
            ("a.two", "s2"),
            ("record.web", "none"),
            ("handoff.web", ()),
            ("record.email", "none"),
            ("handoff.email", ()),
        ],
    )
    assert flow.business == {"name": "Co", "sector": "Retail"}


def test_a_finished_file_has_nothing_to_ask(tiny):
    flow = Flow(tiny, {"goal": "reach", "channels": ("web",)}, {"name": "Co"})
    assert flow.current() is None and flow.first_pending() is None


def test_ask_again_re_asks_named_questions_only(tiny):
    answers = {"goal": "reach", "channels": ("web",)}
    flow = Flow(tiny, answers, {"name": "Co", "size": "3 staff"}, ask_again=["goal", "business"])
    script, saved = play(
        flow,
        [
            ("business.name", "Co Ltd"),
            ("business.sector", ""),
            ("business.size", "4 staff"),
            ("business.location", ""),
            ("business.notes", ""),
            ("goal", "loyalty"),
        ],
    )
    assert saved[-1] == {"goal": "loyalty", "channels": ("web",)}
    assert flow.business == {"name": "Co Ltd", "size": "4 staff"}
    size = next(p for p in script.shown if p.question.id == "business.size")
    assert size.default == "3 staff"


def test_ask_again_names_questions_that_never_applied(tiny):
    flow = Flow(tiny, {"goal": "reach", "channels": ("web",)}, {"name": "Co"}, ask_again=["a.one"])
    assert flow.current() is None
    assert [q.id for q in flow.unasked()] == ["a.one"]


def test_unknown_ask_ids_are_refused_with_a_suggestion(tiny):
    from omnicheck.cli.messages import lines_for
    from omnicheck.errors import UnknownQuestionError

    with pytest.raises(UnknownQuestionError) as raised:
        expand_ask(tiny, ["gaol", "zzz"])
    # Ids only from the core; the command line's words name its option.
    assert raised.value.unknown == (("gaol", "goal"), ("zzz", None))
    assert "--" not in str(raised.value)
    (line,) = lines_for(raised.value)
    assert line.startswith("--ask: unknown question 'gaol' (did you mean 'goal'?), 'zzz';")
    assert expand_ask(tiny, ["business"]) == DETAIL_IDS


def test_optional_questions_left_unanswered_are_not_asked_again(tiny):
    flow = Flow(tiny, {"goal": "reach", "channels": ("web", "email")}, {"name": "Co"})
    assert not tiny.by_id["handoff.web"].required
    _, saved = play(
        flow,
        [
            ("a.one", "s1"),
            ("a.two", "s1"),
            ("b.one", "s1"),
            ("record.web", "none"),
            ("handoff.web", None),
            ("record.email", "none"),
            ("handoff.email", ()),
        ],
    )
    assert "handoff.web" not in saved[-1]
    assert flow.current() is None


def test_a_required_question_cannot_be_left_empty(tiny):
    flow = Flow(tiny)
    with pytest.raises(ValueError, match="required"):
        flow.answer(None)


def test_extra_business_details_from_the_file_are_kept(tiny):
    flow = Flow(tiny, {"goal": "reach"}, {"name": "Co", "consultant": "Jane", "size": 14})
    assert flow.business == {"name": "Co", "size": 14, "consultant": "Jane"}


def test_progress_counts_are_upper_bounds_until_the_deciding_answer(rubric):
    flow = Flow(rubric, {}, {"name": "Co"})
    first = flow.current()
    assert first is not None and first.question.id == "goal"
    assert first.estimate and first.number == 1
    flow.answer("reach")
    at_channels = flow.current()
    assert at_channels is not None and at_channels.estimate
    flow.answer(("online_store", "email"))
    after = flow.current()
    assert after is not None and not after.estimate
    # What applies to two channels is fewer than the bound for every channel.
    assert after.total < at_channels.total
    assert after.number == 3
    assert after.section_number == 1 and after.section_total == len(rubric.sections)
    flow.answer(NotApplicable())
    assert flow.current().number == 4  # type: ignore[union-attr]


def test_the_total_is_a_range_from_the_first_screen_that_holds_the_real_one(rubric):
    flow = Flow(rubric, {}, {"name": "Co"})
    first = flow.current()
    assert first is not None and first.estimate
    # The least: what applies whatever the channels; the most: every channel.
    assert (first.least, first.total, first.done) == (6, 74, 0)
    flow.answer("reach")
    at_channels = flow.current()
    assert at_channels is not None and at_channels.done == 1
    assert (at_channels.least, at_channels.total) == (6, 74)
    for picked, total in [(("physical_store",), 6), (("email", "sms"), 43)]:
        flow.answer(picked)
        after = flow.current()
        assert after is not None and not after.estimate
        assert after.least == after.total == total
        assert first.least <= after.total <= first.total
        assert after.done == 2
        flow.back()


def test_a_question_asked_again_counts_by_the_answer_it_has(rubric):
    """``--ask channels`` on a complete file: the total is the file's, not the range of
    every channel, so the line says 100% done, not 79%."""
    answers = answers_from(ROOT / "examples" / "outdoor-retailer.yaml", rubric).answers
    flow = Flow(rubric, answers, {"name": "Co"}, ask_again=["channels"])
    position = flow.current()
    assert position is not None and position.question.id == "channels"
    assert not position.estimate
    assert position.done == position.total == len(answers)


def test_one_channel_counts_only_what_applies(rubric):
    flow = Flow(rubric, {"goal": "reach"}, {"name": "Co"})
    flow.answer(("physical_store",))
    position = flow.current()
    assert position is not None and not position.estimate
    assert position.section_total == 1
    assert position.total == 6  # goal, channels, budget, capacity, repeat, stage


def test_other_channel_is_named_as_the_business_named_it(rubric):
    answers = {"goal": "reach", "channels": ("email", "other"), "channels_other": "Trade fairs"}
    flow = Flow(rubric, answers, {"name": "Co"})
    position = flow.current()
    assert position is not None
    assert position.names["other"] == "Trade fairs"
