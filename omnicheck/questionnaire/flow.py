"""The interactive questionnaire's logic, with no terminal in sight.

Which question comes next, what going back does, which later answers a
changed answer invalidates, and where a half-finished file resumes: all of it
is decided here, on plain data, so it is tested without a terminal and the
prompt layer (:mod:`omnicheck.questionnaire.prompts`) only draws and reads.

The rules, in the order a user meets them:

- The business's name and a few free-form details come first, then the
  rubric's questions in rubric order. A question is asked only while its
  ``when`` holds on the answers before it, so link questions appear only for
  the channels picked, and store questions only when there is a store.
- A question that already has an answer is not asked again, unless it was
  named with ``--ask`` or the user walked back past it in this session.
- Back goes to the applicable question just before the current one, whatever
  session answered it. Moving on from there shows again every question the
  user walked back past, with its answer preselected.
- Changing an answer re-checks every later one: answers to questions that no
  longer apply are dropped (and kept aside, so re-picking a channel brings its
  answers back as defaults), chosen options that no longer exist are removed,
  and a question whose choice of options changed is asked again.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from omnicheck.errors import UsageError
from omnicheck.questionnaire.details import (
    BUSINESS,
    DETAIL_QUESTIONS,
    DETAILS,
    DETAILS_PREFIX,
    DETAILS_SECTION,
)
from omnicheck.rubric.compiled import CompiledRubric, Option, Question, Section
from omnicheck.rubric.conditions import AnswerValue, QuestionTest, evaluate, walk
from omnicheck.scoring.links import channel_labels


class Back:
    """The user's reply "take me to the previous question"."""


BACK = Back()
#: What a prompt returns: an answer, ``None`` to leave an optional question
#: unanswered, or :data:`BACK`.
Reply = AnswerValue | None | Back


@dataclass(frozen=True)
class Position:
    """Everything a prompt needs to show one question."""

    question: Question
    section: Section
    #: 1-based number among the rubric questions that apply now; None for details.
    number: int | None
    total: int
    section_number: int | None
    section_total: int
    #: Whether the totals are upper bounds: some questions depend on answers still to come.
    estimate: bool
    #: The options that apply now (a hand-off lists only active channels).
    options: tuple[Option, ...]
    #: The answer to preselect: the current one, or one dropped earlier.
    default: AnswerValue | None
    can_go_back: bool
    #: Channel names as the business knows them ("other" becomes the name it gave).
    names: Mapping[str, str]


class Flow:
    """The questionnaire's state: answers so far, and the question being asked."""

    def __init__(
        self,
        rubric: CompiledRubric,
        answers: Mapping[str, AnswerValue] | None = None,
        business: Mapping[str, Any] | None = None,
        *,
        ask_again: Iterable[str] = (),
    ) -> None:
        self.rubric = rubric
        self.items: tuple[Question, ...] = DETAIL_QUESTIONS + rubric.questions
        self._order = {q.id: i for i, q in enumerate(self.items)}
        self._section = {q.id: DETAILS_SECTION for q in DETAIL_QUESTIONS}
        for section in rubric.sections:
            for q in section.questions:
                self._section[q.id] = section
        self.values: dict[str, AnswerValue] = {}
        self.extras: dict[str, Any] = {}
        self._load_business(dict(business or {}))
        self.values.update(answers or {})
        self.forced: set[str] = set(expand_ask(rubric, ask_again))
        self.seen: set[str] = set()
        #: Optional questions the user left unanswered in this session.
        self.skipped: set[str] = set()
        self.stash: dict[str, AnswerValue] = {}
        self._reconcile(dict(self.values))
        start = self.first_pending()
        self.cursor: str | None = start.id if start else None

    def _load_business(self, business: dict[str, Any]) -> None:
        """Details from a file count as asked once the business has a name."""
        named = isinstance(business.get("name"), str) and bool(business["name"].strip())
        for d in DETAILS:
            value = business.pop(d.key, None)
            if isinstance(value, str) and value.strip():
                self.values[DETAILS_PREFIX + d.key] = value.strip()
            elif value is not None:
                self.extras[d.key] = value  # a number or list written by hand: keep it as is
            elif named:
                self.values[DETAILS_PREFIX + d.key] = ""
        self.extras.update(business)

    # ── what the rest of the program reads ─────────────────────────────────

    @property
    def answers(self) -> dict[str, AnswerValue]:
        """Rubric answers, in rubric order."""
        return {q.id: self.values[q.id] for q in self.rubric.questions if q.id in self.values}

    @property
    def business(self) -> dict[str, Any]:
        """The business block of the answers file: name, details given, then any others."""
        block: dict[str, Any] = {}
        for d in DETAILS:
            value = self.values.get(DETAILS_PREFIX + d.key)
            if isinstance(value, str) and value:
                block[d.key] = value
            elif d.key in self.extras:
                block[d.key] = self.extras[d.key]
        block.update({k: v for k, v in self.extras.items() if k not in block})
        return block

    @property
    def started(self) -> bool:
        """Whether there is anything worth saving: a business name at least."""
        return bool(self.values.get(DETAILS_PREFIX + "name"))

    def applies(self, q: Question) -> bool:
        return q.when is None or evaluate(q.when, self.values)

    def options(self, q: Question) -> tuple[Option, ...]:
        return tuple(o for o in q.options if o.when is None or evaluate(o.when, self.values))

    def pending(self, q: Question) -> bool:
        """Applies, and still needs asking: unanswered, or asked for again."""
        if not self.applies(q):
            return False
        return q.id in self.forced or (q.id not in self.values and q.id not in self.skipped)

    def first_pending(self) -> Question | None:
        """The resume point: the first question that applies and needs an answer."""
        return next((q for q in self.items if self.pending(q)), None)

    def unasked(self) -> list[Question]:
        """Questions named with ``--ask`` that never applied to these answers."""
        return [q for q in self.items if q.id in self.forced and not self.applies(q)]

    def current(self) -> Position | None:
        if self.cursor is None:
            return None
        q = self.items[self._order[self.cursor]]
        section = self._section[q.id]
        counted, estimate = self._count()
        ids = {item.id for item in counted}
        sections = [s for s in self.rubric.sections if any(i.id in ids for i in s.questions)]
        is_detail = section is DETAILS_SECTION
        default = self.values.get(q.id, self.stash.get(q.id))
        return Position(
            question=q,
            section=section,
            number=None if is_detail else counted.index(q) + 1,
            total=len(counted),
            section_number=None if is_detail else sections.index(section) + 1,
            section_total=len(sections),
            estimate=estimate,
            options=self.options(q),
            default=_fit(default, q, self.options(q)) if default is not None else None,
            can_go_back=self._previous() is not None,
            names=channel_labels(self.rubric, self.values) if self.rubric.links else {},
        )

    def _count(self) -> tuple[list[Question], bool]:
        """Rubric questions that apply, or may once the questions they read are answered.

        Counting only what applies now would show "question 2 of 6" and then,
        once channels are picked, "question 3 of 50"; an upper bound that
        shrinks is kinder, and is marked as one.
        """
        counted: list[Question] = []
        undecided: set[str] = set()
        by_id = self.rubric.by_id
        for q in self.rubric.questions:
            reads = (
                {t.question for t in walk(q.when) if isinstance(t, QuestionTest)}
                if q.when is not None
                else set()
            )
            if any(r in undecided or self.pending(by_id[r]) for r in reads):
                undecided.add(q.id)
                counted.append(q)
            elif self.applies(q):
                counted.append(q)
        return counted, bool(undecided)

    # ── what the user does ─────────────────────────────────────────────────

    def answer(self, value: AnswerValue | None) -> None:
        """Record the reply to the current question (None leaves it unanswered) and move on."""
        if self.cursor is None:
            raise RuntimeError("the questionnaire is finished; there is nothing to answer")
        q = self.items[self._order[self.cursor]]
        if value is None and q.required:
            raise ValueError(f"{q.id} is required; answer it, or n/a where the rubric allows")
        before = dict(self.values)
        self.values.pop(q.id, None)
        if value is None:
            self.skipped.add(q.id)
        else:
            self.values[q.id] = value
            self.skipped.discard(q.id)
        self.forced.discard(q.id)
        self.seen.add(q.id)
        self._reconcile(before)
        self.cursor = self._next_after(q)

    def back(self) -> bool:
        """Go to the question before the current one; False when there is none."""
        previous = self._previous()
        if previous is None:
            return False
        if self.cursor is not None:
            self.seen.add(self.cursor)
        self.seen.add(previous.id)
        self.cursor = previous.id
        return True

    # ── internals ──────────────────────────────────────────────────────────

    def _previous(self) -> Question | None:
        end = self._order[self.cursor] if self.cursor is not None else len(self.items)
        return next((q for q in reversed(self.items[:end]) if self.applies(q)), None)

    def _next_after(self, q: Question) -> str | None:
        for item in self.items[self._order[q.id] + 1 :]:
            if self.pending(item) or (item.id in self.seen and self.applies(item)):
                return item.id
        # Conditions read only earlier answers, so nothing before q can have
        # become pending; this is a safety net, not a path the flow takes.
        rest = self.first_pending()
        return rest.id if rest else None

    def _reconcile(self, before: Mapping[str, AnswerValue]) -> None:
        """Drop answers that no longer apply and re-ask those whose options changed."""
        kept: dict[str, AnswerValue] = {}
        for q in self.items:
            value = self.values.get(q.id)
            if value is None:
                continue
            if not (q.when is None or evaluate(q.when, kept)):
                self.stash[q.id] = value
                continue
            available = tuple(o for o in q.options if o.when is None or evaluate(o.when, kept))
            fitted = _fit(value, q, available)
            if fitted is None:
                self.stash[q.id] = value
                continue
            if fitted != value:
                self.stash[q.id] = value
            kept[q.id] = fitted
            if any(o.when is not None for o in q.options):
                was = {o.id for o in q.options if o.when is None or evaluate(o.when, before)}
                if was != {o.id for o in available}:
                    self.forced.add(q.id)
        self.values = kept


def _fit(value: AnswerValue, q: Question, available: tuple[Option, ...]) -> AnswerValue | None:
    """``value`` limited to the options that apply now; None if nothing of it is left."""
    if q.kind == "text" or not isinstance(value, str | tuple):
        return value
    ids = {o.id for o in available}
    if isinstance(value, tuple):
        return tuple(v for v in value if v in ids) if value else value
    return value if value in ids else None


def expand_ask(rubric: CompiledRubric, ids: Iterable[str]) -> list[str]:
    """Question ids for ``--ask``; ``business`` stands for the name and every detail."""
    known = [q.id for q in DETAIL_QUESTIONS] + [q.id for q in rubric.questions]
    out: list[str] = []
    unknown: list[str] = []
    for raw in ids:
        qid = raw.strip()
        if qid == BUSINESS:
            out += [q.id for q in DETAIL_QUESTIONS]
        elif qid in known:
            out.append(qid)
        else:
            unknown.append(qid)
    if unknown:
        messages = []
        for qid in unknown:
            hint = difflib.get_close_matches(qid, [*known, BUSINESS], n=1)
            messages.append(f"{qid!r}" + (f" (did you mean {hint[0]!r}?)" if hint else ""))
        raise UsageError(
            f"--ask: unknown question {', '.join(messages)}; question ids are listed "
            "in 'omnicheck template', and 'business' re-asks the name and details"
        )
    return out


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
        flow.answer(reply)
        if flow.started:
            save(flow)
