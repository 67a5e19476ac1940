"""Who answered: ``respondent:`` in one answers file, ``respondents:`` in a merged one.

A respondent's own file may say who they are::

    respondent: {name: Priya Shah, role: Marketing}     # or just: respondent: Priya Shah

and a file written by ``omnicheck merge`` keeps every respondent's answers,
so that the report can show who said what and a later merge can start from
them again::

    consensus: median
    respondents:
      - name: Priya Shah
        role: Marketing
        source: marketing.yaml
        answers: {goal: balanced, ...}
    answers: {...}          # the consensus, scored as any answers file

Each respondent's answers are checked as the file's own answers are, each
problem located at its line inside ``respondents``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from omnicheck.answers.checks import BadDate, assessed_date
from omnicheck.answers.codes import code_of
from omnicheck.answers.merge import CONSENSUS, Respondent
from omnicheck.errors import AnswersError, LossyRewriteError, Problem
from omnicheck.lazy_dataclass import dataclass
from omnicheck.rubric.compiled import CompiledRubric

#: The top-level keys this module reads.
TEAM_ORDER = ("respondent", "consensus", "respondents")
TEAM_KEYS = frozenset(TEAM_ORDER)
RESPONDENT_KEYS = ("name", "role", "source", "assessed", "answers")


@dataclass(frozen=True, slots=True)
class Team:
    #: Who answered this file, when it says (``respondent:``).
    respondent: tuple[str, str | None] | None
    #: The respondents of a merged file, with their own answers.
    respondents: tuple[Respondent, ...]
    consensus: str | None


class _Within:
    """One respondent's answers as an answers document of their own, whose every
    problem points inside the merged file."""

    def __init__(self, doc: Any, index: int, data: dict[str, Any], answers: Any) -> None:
        self.doc, self.index = doc, index
        self.source = doc.source
        # The file's own business is checked once, as the file's: not again per respondent.
        self.data = {"rubric": data.get("rubric"), "business": {"name": "-"}, "answers": answers}

    def _path(self, path: tuple[Any, ...]) -> tuple[Any, ...]:
        return ("respondents", self.index, *path) if path[:1] == ("answers",) else path

    def problem(self, path: tuple[Any, ...], message: str, **kwargs: Any) -> Problem:
        problem: Problem = self.doc.problem(self._path(path), message, **kwargs)
        return problem

    def text(self, path: tuple[Any, ...]) -> str | None:
        text: str | None = self.doc.text(self._path(path))
        return text


def check_team(
    doc: Any,
    rubric: CompiledRubric,
    data: dict[str, Any],
    problems: list[Problem],
    *,
    lenient: bool,
) -> Team:
    """The file's ``respondent``, ``respondents`` and ``consensus``; each problem is added
    to ``problems``. Read only for a file that has one of :data:`TEAM_KEYS`."""

    def add(path: tuple[Any, ...], what: str, *, at_key: bool = False, **args: Any) -> None:
        problem = doc.problem(path, "", at_key=at_key, code=code_of(what))
        problems.append(replace(problem, what=what, args=args))

    respondent = _identity(doc, data.get("respondent"), ("respondent",), add)
    consensus = data.get("consensus")
    if consensus is not None and consensus not in CONSENSUS:
        add(("consensus",), "invalid-consensus", consensus=consensus, expected=CONSENSUS)
        consensus = None
    raw = data.get("respondents")
    if raw is None:
        return Team(respondent, (), consensus)
    if not isinstance(raw, list) or not raw:
        add(("respondents",), "respondents-not-a-list")
        return Team(respondent, (), consensus)
    from omnicheck.answers.validate import validate_answers

    team: list[Respondent] = []
    seen: set[str] = set()
    for i, item in enumerate(raw):
        path = ("respondents", i)
        if not isinstance(item, dict):
            add(path, "respondent-not-a-mapping")
            continue
        for key in item:
            if key not in RESPONDENT_KEYS:
                where = (*path, key)
                add(where, "unknown-respondent-key", at_key=True, key=key, expected=RESPONDENT_KEYS)
        who = _identity(doc, {k: v for k, v in item.items() if k in ("name", "role")}, path, add)
        source = item.get("source")
        if who is None:
            continue
        if who[0] in seen:
            add((*path, "name"), "duplicate-respondent", name=who[0])
            continue
        seen.add(who[0])
        try:
            own = validate_answers(
                _Within(doc, i, data, item.get("answers")), rubric, lenient=lenient
            )
        except AnswersError as exc:
            problems.extend(exc.problems)
            continue
        shown = None if source is None else str(source)
        try:
            day = assessed_date(_typed(doc, item.get("assessed"), (*path, "assessed")))
        except BadDate as exc:
            add((*path, "assessed"), exc.what, value=exc.value)
            day = None
        team.append(Respondent(who[0], who[1], shown, own.answers, day, own.notes))
    return Team(respondent, tuple(team), consensus)


def _typed(doc: Any, value: Any, path: tuple[Any, ...]) -> Any:
    """A single value as typed: YAML reads 2026-03-14 as a date, the check wants its text."""
    return value if value is None or type(value) is str else doc.text(path) or value


def _identity(
    doc: Any, value: Any, path: tuple[Any, ...], add: Callable[..., None]
) -> tuple[str, str | None] | None:
    """(name, role) of ``respondent: NAME`` or ``{name: NAME, role: ROLE}``, as typed
    (a respondent called ``NO`` is not false)."""
    if value is None:
        return None
    if not isinstance(value, dict | list):
        value = {"name": value if type(value) is str else doc.text(path) or str(value)}
    elif isinstance(value, dict):
        value = {
            k: v if type(v) is str or v is None else doc.text((*path, k)) or str(v)
            for k, v in value.items()
        }
    if not isinstance(value, dict):
        add(path, "respondent-not-a-name")
        return None
    name, role = value.get("name"), value.get("role")
    if not isinstance(name, str) or not name.strip():
        add((*path, "name") if "name" in value else path, "respondent-without-name")
        return None
    if role is not None and not isinstance(role, str):
        add((*path, "role"), "role-not-text")
        role = None
    return name.strip(), role.strip() if isinstance(role, str) and role.strip() else None


def refuse_lossy_rewrite(answers: Any) -> None:
    """Refuse to let ``assess`` rewrite a file with what its writer would drop.

    assess writes the answers it holds, with their notes and evidence: who
    answered (``respondent:``) and every respondent's own answers of a merged
    file would be lost without a word.
    """
    team: Team | None = answers.team
    if team is not None and team.respondents:
        raise LossyRewriteError(answers.source, "respondents")
    if team is not None and team.respondent is not None:
        raise LossyRewriteError(answers.source, "respondent")
