"""The files of ``omnicheck merge``: who each is from, whether they belong together, and
the merged file's text.

Files merge only when they are the same assessment: one business (its name,
compared without regard to case and spacing) and one rubric version. Both are
checked on the parsed files before anything is validated, so that the refusal
names the reason, located at the line that differs, rather than a symptom.

A merged file given again is taken apart into its respondents, with their own
answers: adding a fifth respondent, or choosing another consensus, starts
from what each person said, never from an earlier consensus.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from omnicheck.answers.codes import code_of
from omnicheck.answers.merge import Respondent
from omnicheck.answers.notes import Note
from omnicheck.answers.validate import AnswersDocument, AnswersFile
from omnicheck.answers.writer import Comments, answer_lines, comment_line, entry
from omnicheck.errors import InputError, Problem
from omnicheck.rubric.compiled import CompiledRubric
from omnicheck.rubric.conditions import AnswerValue


def _key(name: Any) -> str:
    return " ".join(str(name).split()).casefold()


def check_same_assessment(
    docs: Sequence[AnswersDocument],
    *,
    versions: bool = True,
    purpose: str | None = None,
) -> None:
    """Refuse files of other businesses than the first (and, with ``versions``, other
    rubric versions), each located; ``purpose``, the caller's words, ends the message about
    a business (merge's, by default: see omnicheck.wording.answers)."""
    first = docs[0]
    problems: list[Problem] = []
    ref0, name0 = _ref(first.data), _name(first.data)
    for doc in docs[1:]:
        ref, name = _ref(doc.data), _name(doc.data)
        if ref0 is not None and ref is not None and ref != ref0 and (versions or ref[0] != ref0[0]):
            part = "id" if ref[0] != ref0[0] else "version"
            args: dict[str, Any] = {"given": ref, "first": ref0, "source": first.source}
            what = "different-rubric" if part == "id" else "different-rubric-version"
            problems.append(_found(doc, what, ("rubric", part), args))
        if name0 is not None and name is not None and _key(name) != _key(name0):
            args = {"given": name, "first": name0, "source": first.source, "purpose": purpose}
            problems.append(_found(doc, "different-business", ("business", "name"), args))
    if problems:
        raise InputError(problems)


def _ref(data: Any) -> tuple[str, str] | None:
    ref = data.get("rubric") if isinstance(data, dict) else None
    if not isinstance(ref, dict) or not {"id", "version"} <= ref.keys():
        return None
    return str(ref["id"]), str(ref["version"])


def _name(data: Any) -> str | None:
    business = data.get("business") if isinstance(data, dict) else None
    name = business.get("name") if isinstance(business, dict) else None
    return str(name) if name is not None else None


def respondents_of(path: Path, doc: AnswersDocument, answers: AnswersFile) -> list[Respondent]:
    """The respondents a file holds: a merged file's own list, else the file's answers,
    named by ``respondent:`` or, without one, by the file's name."""
    team = answers.team
    if team is not None and team.respondents:
        return list(team.respondents)
    name, role = team.respondent if team and team.respondent else (path.stem, None)
    return [Respondent(name, role, str(path), answers.answers, answers.assessed, answers.notes)]


def check_respondents(
    sources: Sequence[tuple[AnswersDocument, list[Respondent]]],
) -> list[Respondent]:
    """Every respondent once: two of one name are refused, at the second's file."""
    seen: dict[str, str] = {}
    everyone: list[Respondent] = []
    problems = []
    for doc, team in sources:
        for r in team:
            earlier = seen.get(_key(r.name))
            if earlier is not None:
                where = (
                    ("respondent",)
                    if isinstance(doc.data, dict) and "respondent" in doc.data
                    else ()
                )
                args = {"name": r.name, "earlier": earlier}
                problems.append(_found(doc, "respondent-in-two-files", where, args))
                continue
            seen[_key(r.name)] = doc.source
            everyone.append(r)
    if problems:
        raise InputError(problems)
    if len(everyone) < 2:
        raise InputError([_found(sources[0][0], "one-respondent", (), {})])
    return everyone


def _found(doc: AnswersDocument, what: str, path: tuple[Any, ...], args: Any) -> Problem:
    """The problem ``what`` at ``path`` of ``doc``, for omnicheck.wording to word."""
    return replace(doc.problem(path, "", code=code_of(what)), what=what, args=args)


def merged_business(files: Sequence[AnswersFile]) -> dict[str, Any]:
    """The first file's business, with any detail only a later file gives."""
    business: dict[str, Any] = {"name": files[0].business_name, **files[0].business}
    for f in files[1:]:
        for key, value in f.business.items():
            business.setdefault(key, value)
    return business


def merged_yaml(
    rubric: CompiledRubric,
    business: Mapping[str, Any],
    respondents: Sequence[Respondent],
    merged: Mapping[str, AnswerValue],
    consensus: str,
    *,
    comments: Comments,
) -> str:
    """The merged answers file: the consensus under ``answers``, each respondent's own below.

    ``comments`` are taken as the answers file takes them (``merge`` words them, in
    omnicheck.wording.files); a merged file sets nothing aside, so only the header is used."""
    lines = [
        *(comment_line(line) for line in comments.header),
        entry("rubric", {"id": rubric.id, "version": rubric.version}, ""),
        "status: complete",
        *_assessed(respondents),
        "business:",
        *(entry(key, value) for key, value in business.items()),
        f"consensus: {consensus}",
        "answers:",
        *_answers(rubric, merged, "  "),
        "respondents:",
    ]
    for r in respondents:
        lines.append("  - " + entry("name", r.name, ""))
        if r.role:
            lines.append(entry("role", r.role, "    "))
        if r.source:
            lines.append(entry("source", r.source, "    "))
        if r.assessed:
            lines.append(f"    assessed: {r.assessed.isoformat()}")
        lines.append("    answers:")
        lines += _answers(rubric, r.answers, "      ", r.notes)
    return "\n".join(lines) + "\n"


def _assessed(respondents: Sequence[Respondent]) -> list[str]:
    """The merged file's date: the day the last respondent answered, if any says."""
    days = [r.assessed for r in respondents if r.assessed is not None]
    return [f"assessed: {max(days).isoformat()}"] if days else []


def _answers(
    rubric: CompiledRubric,
    answers: Mapping[str, AnswerValue],
    indent: str,
    notes: Mapping[str, Note] | None = None,
) -> list[str]:
    """The answers in asking order, by section, as the answers file writes them."""
    return answer_lines(rubric, answers, notes, indent) or [indent + "{}"]
