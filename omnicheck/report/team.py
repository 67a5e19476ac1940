"""Who answered, and where they disagree: the report's ``respondents`` and ``disagreements``.

A merged file (``omnicheck merge``) keeps every respondent's own answers; the
report lists the respondents and, for each scale question whose answers lie
two or more steps apart, who said what, the consensus that was scored, and
why the question matters (the rubric's help text). Every entry comes from
the answers and the rubric; nothing is inferred.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from omnicheck.answers.merge import Disagreement as Found
from omnicheck.answers.merge import Respondent, disagreements
from omnicheck.rubric.compiled import CompiledRubric
from omnicheck.rubric.conditions import NotApplicable
from omnicheck.scoring.assessment import Assessment
from omnicheck.scoring.target import answer_label

if TYPE_CHECKING:
    from omnicheck.report.model_team import Disagreement, Note, Team
    from omnicheck.report.model_team import Respondent as RespondentData


def team_data(a: Assessment) -> Team:
    """The report keys ``consensus``, ``respondents``, ``disagreements`` and ``notes``."""
    team = a.answers.team
    rubric = a.rubric
    notes = notes_data(rubric, a)
    if team is None:
        return {"consensus": None, "respondents": [], "disagreements": [], "notes": notes}
    respondents = team.respondents
    listed: list[RespondentData] = [_respondent(r) for r in respondents]
    if not listed and team.respondent is not None:
        name, role = team.respondent
        listed = [{"name": name, "role": role, "source": None, "answered": None}]
    found = disagreements(rubric, respondents, a.answers.answers) if respondents else []
    return {
        "consensus": team.consensus if respondents else None,
        "respondents": listed,
        "disagreements": [_disagreement(rubric, d) for d in found],
        "notes": notes,
    }


def _respondent(r: Respondent) -> RespondentData:
    na = sum(isinstance(v, NotApplicable) for v in r.answers.values())
    return {"name": r.name, "role": r.role, "source": r.source, "answered": len(r.answers) - na}


def _disagreement(rubric: CompiledRubric, d: Found) -> Disagreement:
    q = rubric.by_id[d.question]
    dimension = q.dimension or ("links" if q.link_role else None)
    spec = rubric.dimension_by_id.get(q.dimension or "")
    consensus = q.option_by_id.get(d.consensus or "")
    return {
        "question": q.id,
        "text": q.short,
        "question_text": q.text,
        "dimension": dimension,
        "dimension_name": spec.name if spec else None,
        "spread": d.spread,
        "consensus": {"id": consensus.id, "label": consensus.label} if consensus else None,
        "said": [
            {
                "respondent": s.respondent,
                "role": s.role,
                "answer": s.option,
                "label": q.option_by_id[s.option].label if s.option else None,  # None: n/a
                "step": s.step,
                "note": s.note,
            }
            for s in d.said
        ],
        "why": q.help,
    }


def notes_data(rubric: CompiledRubric, a: Assessment) -> list[Note]:
    """Each answer's note and evidence, in asking order (``{answer: ..., note: ...}``).

    Evidence is text: a file name or a link, which omnicheck never opens; only
    an http(s) link is marked as one, for the templates to make a link of.
    """
    found: list[Note] = []
    for q in rubric.questions:
        note = a.answers.notes.get(q.id)
        if note is None:
            continue
        found.append(
            {
                "question": q.id,
                "text": q.short,
                "label": answer_label(rubric, q.id, a.answers.answers.get(q.id)),
                "note": note.note,
                "evidence": [
                    {"text": e, "link": e.startswith(("https://", "http://"))}
                    for e in note.evidence
                ],
            }
        )
    return found
