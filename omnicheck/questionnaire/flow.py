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
  user walked back past, with its answer preselected; a question that came to
  apply meanwhile (a channel was added) is marked new, with nothing
  preselected, and "return to where I was" skips ahead to the first such
  question or to the furthest point reached.
- Changing an answer re-checks every later one: answers to questions that no
  longer apply are set aside (re-picking a channel brings them back as
  defaults, and the session asks before deleting them for good), chosen
  options that no longer exist are removed, and a question whose choice of
  options changed is asked again.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from omnicheck.answers.notes import Note
from omnicheck.questionnaire import overview
from omnicheck.questionnaire.asking import expand_ask
from omnicheck.questionnaire.details import (
    DETAIL_QUESTIONS,
    DETAILS,
    DETAILS_PREFIX,
    DETAILS_SECTION,
)
from omnicheck.questionnaire.loop import run
from omnicheck.questionnaire.position import (
    BACK,
    RETURN,
    Jump,
    Noted,
    Position,
    Reply,
    SaveAndQuit,
)
from omnicheck.rubric.compiled import CompiledRubric, Option, Question, Section
from omnicheck.rubric.conditions import AnswerValue, evaluate
from omnicheck.rubric.kinds import kind_of
from omnicheck.scoring.links import channel_labels

__all__ = [
    "BACK",
    "RETURN",
    "Flow",
    "Jump",
    "Noted",
    "Position",
    "Reply",
    "SaveAndQuit",
    "expand_ask",
    "run",
]


class Flow:
    """The questionnaire's state: answers so far, and the question being asked."""

    def __init__(
        self,
        rubric: CompiledRubric,
        answers: Mapping[str, AnswerValue] | None = None,
        business: Mapping[str, Any] | None = None,
        *,
        ask_again: Iterable[str] = (),
        quick: bool = False,
        set_aside: Mapping[str, AnswerValue] | None = None,
        notes: Mapping[str, Note] | None = None,
        details_passed: bool | None = None,
    ) -> None:
        """``details_passed``: whether the session that wrote ``business`` went on past
        the details to the rubric's questions (see :meth:`_load_business`). None, for
        a flow built from data rather than a file's session: a named business has
        every detail it lacks left empty on purpose."""
        self.rubric = rubric
        #: Notes and evidence by question: saved with the answer, never asked for.
        self.notes: dict[str, Note] = dict(notes or {})
        #: A quick check asks the rubric's quick questions and the business's name only.
        self.quick = quick
        self.items: tuple[Question, ...] = DETAIL_QUESTIONS + rubric.questions
        self._order = {q.id: i for i, q in enumerate(self.items)}
        self._section = {q.id: DETAILS_SECTION for q in DETAIL_QUESTIONS}
        for section in rubric.sections:
            for q in section.questions:
                self._section[q.id] = section
        self.values: dict[str, AnswerValue] = {}
        self.extras: dict[str, Any] = {}
        passed = True if details_passed is None else details_passed
        self._load_business(dict(business or {}), passed=passed)
        self.values.update(answers or {})
        self.forced: set[str] = set(expand_ask(rubric, ask_again))
        #: Named with --ask one by one, so worth a word when they do not apply.
        self.named: set[str] = set(expand_ask(rubric, ask_again, whole_sections=False))
        self.seen: set[str] = set()
        #: Optional questions the user left unanswered in this session.
        self.skipped: set[str] = set()
        self.stash: dict[str, AnswerValue] = {}
        #: Answers that stopped applying in this session: deleted only once confirmed.
        self.set_aside: dict[str, AnswerValue] = {}
        self.reconcile(dict(self.values))
        self.set_aside.clear()  # what a file held that does not apply was never the user's now
        # Set aside in an earlier session that Ctrl-C ended: still waiting for a confirmation.
        for qid, value in (set_aside or {}).items():
            if qid in self._order and qid not in self.values:
                self.stash[qid] = self.set_aside[qid] = value
        start = self.first_pending()
        self.cursor: str | None = start.id if start else None
        #: The furthest question reached in this session, for "return to where I was".
        self.furthest: str | None = self.cursor
        #: Whether the user came from the review screen, to return there once done.
        self.reviewing = False

    def _load_business(self, business: dict[str, Any], *, passed: bool) -> None:
        """The name and details from a file, and which of the missing ones were asked.

        A file holds the details given, not those skipped; but they are asked
        in order, before any rubric question. So a missing detail was asked
        and skipped on purpose when a later one was given, or when the
        session went on (``passed``) to the rubric's questions. The rest are
        still to ask: the session stopped among them, or was a quick check,
        which asks the name only.
        """
        named = isinstance(business.get("name"), str) and bool(business["name"].strip())
        given = [i for i, d in enumerate(DETAILS) if business.get(d.key) not in (None, "")]
        last = max(given, default=-1)
        for i, d in enumerate(DETAILS):
            value = business.pop(d.key, None)
            if isinstance(value, str) and value.strip():
                self.values[DETAILS_PREFIX + d.key] = value.strip()
            elif value is not None:
                self.extras[d.key] = value  # a number or list written by hand: keep it as is
            elif named and (passed or i < last):
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

    @property
    def depth(self) -> str:
        return "quick" if self.quick else "full"

    def in_depth(self, q: Question) -> bool:
        """Whether this session asks ``q`` at all: a quick check asks only its own questions."""
        return not self.quick or q.quick or q.id == DETAILS_PREFIX + "name"

    def applies(self, q: Question) -> bool:
        if not self.in_depth(q):
            return False
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
        return [q for q in self.items if q.id in self.named and not self.applies(q)]

    def current(self) -> Position | None:
        if self.cursor is None:
            return None
        return self.position_of(self.cursor)

    def position_of(self, qid: str) -> Position:
        """How question ``qid`` would be shown now (the review screen shows its answer)."""
        q = self.items[self._order[qid]]
        section = self._section[q.id]
        counted = (tally := overview.count(self)).counted
        ids = {item.id for item in counted}
        sections = [s for s in self.rubric.sections if any(i.id in ids for i in s.questions)]
        is_detail = section is DETAILS_SECTION
        default = self.values.get(q.id, self.stash.get(q.id))
        details = [d for d in DETAIL_QUESTIONS if self.in_depth(d)]
        return Position(
            question=q,
            section=section,
            number=None if is_detail else counted.index(q) + 1,
            total=len(counted),
            section_number=None if is_detail else sections.index(section) + 1,
            section_total=len(sections),
            estimate=tally.estimate,
            least=tally.least,
            done=tally.done,
            options=self.options(q),
            default=_fit(default, q, self.options(q)) if default is not None else None,
            can_go_back=self._previous() is not None,
            names=channel_labels(self.rubric, self.values) if self.rubric.links else {},
            new=self._behind() and q.id not in self.values and q.id not in self.seen,
            can_return=self._behind(),
            jumps=overview.jumps(self),
            detail=(details.index(q) + 1, len(details)) if is_detail else None,
            note=self.notes[q.id].note if q.id in self.notes else None,
        )

    def review(self) -> list[tuple[Section, list[Question]]]:
        """Every section that applies, with its questions that apply: the review screen."""
        return overview.review(self)

    def _behind(self) -> bool:
        """Whether the user walked back from a later question in this session."""
        if self.cursor is None or self.furthest is None or self.reviewing:
            return False
        return self._order[self.furthest] > self._order[self.cursor]

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
        self.reconcile(before)
        if self.reviewing:
            # From the review screen: what the change made pending, then the review again.
            rest = self.first_pending()
            self.cursor = rest.id if rest else None
        else:
            self.cursor = self._next_after(q)
        self._reached()

    def write_note(self, qid: str, text: str) -> None:
        """A note typed for ``qid``; empty clears it. Evidence from the file stays."""
        kept = self.notes.pop(qid, Note(None, ()))
        note = Note(text.strip() or None, kept.evidence)
        if note.note or note.evidence:
            self.notes[qid] = note

    def _reached(self) -> None:
        if self.cursor is None:
            self.furthest = None
            return
        far = self.furthest
        if far is None or self._order[self.cursor] > self._order[far]:
            self.furthest = self.cursor
        elif not self.applies(self.items[self._order[far]]):
            self.furthest = self.cursor  # where the user was no longer applies

    def return_to_furthest(self) -> bool:
        """Skip ahead to the first question needing an answer, or where the user was."""
        if not self._behind() or self.cursor is None or self.furthest is None:
            return False
        end = self._order[self.furthest]
        for item in self.items[self._order[self.cursor] + 1 : end]:
            if self.pending(item):
                self.cursor = item.id
                return True
        self.cursor = self.furthest
        return True

    def jump(self, qid: str, *, review: bool = False) -> None:
        """Go to any question that applies (from the review screen, or to a section)."""
        q = self.items[self._order[qid]]
        if not self.applies(q):
            raise ValueError(f"{qid} does not apply to these answers")
        if self.cursor is not None:
            self.seen.add(self.cursor)
        self.seen.add(qid)
        self.forced.add(qid)
        self.cursor = qid
        self.reviewing = review
        if self.furthest is None:
            self.furthest = qid

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

    def reask(self) -> list[str]:
        """Questions a changed answer made to be asked again, still not asked: for resuming."""
        return [q.id for q in self.items if q.id in self.forced and self.applies(q)]

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

    def reconcile(self, before: Mapping[str, AnswerValue]) -> None:
        """Drop answers that no longer apply and re-ask those whose options changed."""
        kept: dict[str, AnswerValue] = {}
        for q in self.items:
            value = self.values.get(q.id)
            if value is None:
                continue
            if not (q.when is None or evaluate(q.when, kept)):
                self.stash[q.id] = value
                self.set_aside[q.id] = value
                continue
            available = tuple(o for o in q.options if o.when is None or evaluate(o.when, kept))
            fitted = _fit(value, q, available)
            if fitted is None:
                self.stash[q.id] = value
                continue
            if fitted != value:
                self.stash[q.id] = value
            kept[q.id] = fitted
            self.set_aside.pop(q.id, None)
            if any(o.when is not None for o in q.options):
                was = {o.id for o in q.options if o.when is None or evaluate(o.when, before)}
                if was != {o.id for o in available}:
                    self.forced.add(q.id)
        self.values = kept


def _fit(value: AnswerValue, q: Question, available: tuple[Option, ...]) -> AnswerValue | None:
    """``value`` limited to the options that apply now; None if nothing of it is left."""
    if not kind_of(q).has_options or not isinstance(value, str | tuple):
        return value
    ids = {o.id for o in available}
    if isinstance(value, tuple):
        return tuple(v for v in value if v in ids) if value else value
    return value if value in ids else None
