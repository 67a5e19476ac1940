"""An answers file, checked against its rubric with every problem located.

The file is the business's record of the assessment, written by hand from
``omnicheck template`` or by ``omnicheck assess``::

    rubric: {id: omnichannel, version: "1.0"}
    assessed: 2026-03-14
    business: {name: Crumb & Co., city: Leeds}
    answers:
      goal: loyalty
      channels: [physical_store, social_media]
      content.prices: {n/a: we sell one product}

Validation walks the rubric in asking order, so a ``when`` condition is judged
on the answers before it, exactly as the interactive questionnaire would.
What applies to every answer (n/a, a note, whether it applies at all) is
checked here; the answer itself is read by its question's kind
(:mod:`omnicheck.rubric.kinds`), and the file's header by
:mod:`omnicheck.answers.header`.

Free text (the business's name and details, text answers, n/a reasons) is
kept exactly as typed, though YAML 1.1 reads ``country: NO`` as false and
``postcode: 01234`` as 668 (see :meth:`AnswersDocument.text`).
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from omnicheck.answers.aside import read_set_aside
from omnicheck.answers.checks import answers_plan, not_applicable, unsettled
from omnicheck.answers.codes import code_of
from omnicheck.answers.header import FileChecks
from omnicheck.answers.model import AnswersDocument, AnswersFile, SetAside
from omnicheck.answers.notes import Note, is_annotated, read_note
from omnicheck.answers.respondents import TEAM_KEYS, TEAM_ORDER, check_team
from omnicheck.errors import MAX_LISTED, AnswersError, Problem
from omnicheck.rubric.compiled import CompiledRubric, Question
from omnicheck.rubric.conditions import AnswerValue, NotApplicable, evaluate
from omnicheck.rubric.kinds import Issue, kind_of

TOP_LEVEL_KEYS = (
    "rubric",
    "status",
    "depth",
    "assessed",
    "business",
    "answers",
    "set_aside",
    *TEAM_ORDER,
)
STATUSES = ("complete", "incomplete")

__all__ = ["AnswersDocument", "AnswersFile", "SetAside", "validate_answers"]


def validate_answers(
    doc: AnswersDocument,
    rubric: CompiledRubric,
    *,
    require_complete: bool = True,
    lenient: bool = False,
) -> AnswersFile:
    """Check ``doc`` against ``rubric``; raise :class:`AnswersError` listing every problem.

    With ``require_complete=False`` (the interactive questionnaire resuming a
    file), unanswered questions are allowed.

    ``lenient=True`` reads answers given for another version of the same
    rubric, so that ``omnicheck diff`` can compare them under one set of
    rules: the version may differ, unanswered questions are allowed, and an
    answer this rubric cannot use (an unknown question or option, or a
    question that does not apply) is left out and listed in ``set_aside``
    instead of failing the file. Anything else wrong is still an error.
    """
    v = _Validator(doc, rubric, lenient=lenient)
    data = doc.data
    if not isinstance(data, dict) or not any(key in TOP_LEVEL_KEYS for key in data):
        # One line, not one per stray key: this is some other file altogether.
        hint = "looks-like-rubric" if isinstance(data, dict) and "sections" in data else "template"
        problem = doc.problem((), "", code="not-an-answers-file")
        raise AnswersError([replace(problem, hint=hint, what="not-an-answers-file")])
    for key in data:
        if key not in TOP_LEVEL_KEYS:
            v.flag((key,), "unknown-key", at_key=True, key=key, expected=TOP_LEVEL_KEYS)
    if not v.check_rubric(data.get("rubric")):
        raise AnswersError(v.problems)
    status = data.get("status", "complete")
    if status not in STATUSES:
        v.flag(("status",), "invalid-status", status=status, expected=STATUSES)
    assessed = v.check_assessed(data.get("assessed"))
    depth = v.check_depth(data.get("depth", "full"))
    name, business = v.check_business(data.get("business"))
    raw = data.get("answers")
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        v.flag(("answers",), "answers-not-a-mapping")
        raw = {}
    kept_aside: dict[str, AnswerValue] = {}
    for path, what, args in read_set_aside(data.get("set_aside"), rubric, kept_aside):
        v.flag(path, what, **args)
    must_be_complete = require_complete and status != "incomplete" and not lenient
    # A quick check needs its quick questions answered, and only those.
    answers = v.check_answers(raw, must_be_complete and depth == "full")
    team = (
        check_team(doc, rubric, data, v.problems, lenient=lenient)
        if TEAM_KEYS & data.keys()
        else None
    )
    if must_be_complete and depth == "quick" and not v.problems:
        for qid in v.missing(answers):
            text = rubric.by_id[qid].text
            v.flag(("answers",), "missing-quick-answer", at_key=True, question=qid, text=text)
    if require_complete and status == "incomplete" and not v.problems and not lenient:
        # An unfinished file would score as if the unanswered questions did not
        # exist; say what is missing instead of reporting on part of the answers.
        missing = v.missing(answers)
        if missing:
            v.flag(("status",), "unfinished", first=missing[0], more=len(missing) - 1)
    if v.problems:
        if status == "incomplete":  # last, but among the problems listed
            v.problems.insert(
                min(len(v.problems), MAX_LISTED - 1),
                Problem(
                    doc.source,
                    "",
                    code=code_of("marked-incomplete"),
                    hint="resume",
                    what="marked-incomplete",
                ),
            )
        raise AnswersError(v.problems)
    return AnswersFile(
        doc.source,
        rubric.id,
        v.answered_version or rubric.version,
        name,
        business,
        answers,
        complete=status == "complete",
        set_aside=tuple(v.set_aside),
        unanswered=tuple(v.missing(answers)) if lenient or not require_complete else (),
        assessed=assessed,
        depth=depth,
        kept_aside=kept_aside,
        team=team,
        notes={qid: n for qid, n in v.notes.items() if n is not None and qid in answers},
    )


class _Validator(FileChecks):
    """The walk of the answers, in asking order, after the header (see answers.header)."""

    def __init__(self, doc: AnswersDocument, rubric: CompiledRubric, *, lenient: bool) -> None:
        super().__init__(doc, rubric, lenient=lenient)
        self.set_aside: list[SetAside] = []
        self.notes: dict[str, Note | None] = {}
        self.answers: Mapping[str, AnswerValue] = {}

    def check_answers(self, raw: dict[Any, Any], require_complete: bool) -> dict[str, AnswerValue]:
        rubric = self.rubric
        if not raw.keys() <= rubric.by_id.keys():
            self._unknown_questions(raw)
        answers: dict[str, AnswerValue] = {}
        self.answers = answers  # the answers so far, as a kind reads them (rubric.kinds.Reader)
        # The rubric's plan settles the common cases (see omnicheck.answers.checks)
        # and leaves the rest, and every message, to the plain way in _check.
        plan = rubric.derived(answers_plan)
        for q, value, applies in unsettled(plan, raw, answers, require_complete=require_complete):
            self._check(q, value, applies, answers, raw, require_complete)
        return answers

    def _unknown_questions(self, raw: dict[Any, Any]) -> None:
        rubric = self.rubric
        for key in raw:
            if key not in rubric.by_id and self.lenient:
                why = Problem(self.doc.source, "", what="not-in-rubric", args=self.rubric_ref())
                self.set_aside.append(SetAside(str(key), "unknown", (why,)))
            elif key not in rubric.by_id:
                near = (
                    difflib.get_close_matches(str(key), rubric.by_id, n=1) if self.listing() else []
                )
                where = ("answers", key)
                self.flag(where, "unknown-question", at_key=True, key=key, nearest=near[:1])

    def _check(
        self,
        q: Question,
        value: Any,
        applies: bool,
        answers: dict[str, AnswerValue],
        raw: dict[Any, Any],
        require_complete: bool,
    ) -> None:
        """Validate one answer the plain way, adding it to ``answers`` or a problem."""
        if not applies:
            assert q.when is not None  # a question without a condition always applies
            if value is None:
                return
            when = self.rubric.named(q.when)  # only for an answer it refuses: a few labels
            if self.lenient:
                why = Problem(self.doc.source, "", what="applies-only-when", args={"when": when})
                self.set_aside.append(SetAside(q.id, "not_applicable", (why,)))
            else:
                at = ("answers", q.id)
                self.flag(at, "question-does-not-apply", at_key=True, question=q.id, when=when)
            return
        if value is None:
            if q.required and require_complete:
                where = ("answers", q.id) if q.id in raw else ("answers",)
                at_key = q.id not in raw
                self.flag(where, "missing-answer", at_key=at_key, question=q.id, text=q.text)
            return
        known = len(self.problems)
        path: tuple[Any, ...] = ("answers", q.id)
        if is_annotated(value):  # {answer: ..., note: ..., evidence: [...]}
            value, self.notes[q.id] = read_note(value, path, self.typed, self.flag)
            # its problems, and the text as typed ("no", not False), are the answer's own
            path = (*path, "answer")
        parsed = self._parse(q, value, path)
        if self.lenient and len(self.problems) > known:
            self.set_aside.append(SetAside(q.id, "invalid", tuple(self.problems[known:])))
            del self.problems[known:]
            return
        if parsed is not None:
            answers[q.id] = parsed
        elif self.notes.get(q.id):
            del self.notes[q.id]

    def missing(self, answers: Mapping[str, AnswerValue]) -> list[str]:
        """Required questions that apply to ``answers`` but have none."""
        return [
            q.id
            for q in self.rubric.questions
            if q.required
            and (q.quick or not self.quick)
            and q.id not in answers
            and (q.when is None or evaluate(q.when, answers))
        ]

    def _parse(self, q: Question, value: Any, path: tuple[Any, ...]) -> AnswerValue | None:
        na = not_applicable(value)
        if na is not None:
            deciding = self.rubric.links is not None and q.id == self.rubric.links.question
            if not q.allow_na:
                self.flag(path, "na-not-allowed", question=q.id, deciding=deciding)
                return None
            if isinstance(value, dict) and na.reason is not None:
                ((key, reason),) = value.items()
                typed = self.typed((*path, key), reason)
                if type(typed) is str:
                    return NotApplicable(typed.strip() or None)
            return na
        if isinstance(value, dict):
            from omnicheck.answers.kind_problems import expected

            self.flag(path, "answer-is-a-mapping", question=q.id, expected=expected(q))
            return None
        return kind_of(q).read(q, value, path, self)

    def report(self, q: Question, issue: Issue) -> None:
        """A kind's issue with an answer (see rubric.kinds), made a problem by
        answers.kind_problems (loaded only when an answer is wrong)."""
        from omnicheck.answers.kind_problems import issue_args

        args = issue_args(self.rubric, q, issue, self.answers, suggest=self.listing())
        self.flag(issue.path, issue.what, question=q.id, **args)
