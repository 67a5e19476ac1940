"""Lint's checks of how questions are asked: the quick check, and n/a where nothing may be n/a.

**The quick check.** A rubric may mark questions ``quick: true`` (and
``channel_links.record`` or ``handoff``, for every channel): ``assess
--quick`` asks only those. Its report still names a level, so every gate
and alternative of every level must read something the quick check asks;
a gate with nothing to read would be judged on no answers at all. A quick
question must also be askable in a quick check: a condition that reads a
question outside the quick set is never true there. A rubric with no quick
question has no quick check, and nothing here applies to it.

**n/a.** The channels question that ``channel_links`` names, and the
question naming the "other" channel, decide every link question: they can
never be n/a (the compiler makes them so). Saying ``allow_na: true`` on one
of them is a contradiction, and an error; a rubric that says nothing is
correct as it is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from omnicheck.rubric.compiled import CompiledRubric, Question
from omnicheck.rubric.conditions import QuestionTest, walk

if TYPE_CHECKING:
    from omnicheck.rubric.reachability import Reporter
    from omnicheck.rubric.spec import RubricSpec

#: Metrics that link answers move; the channels question moves them all.
_LINK_METRICS = {"linked_pairs", "link_density", "stages_linked"}


def feeds(rubric: CompiledRubric, metric: str) -> list[Question]:
    """The questions whose answers can move ``metric``: what a gate on it reads."""
    links = rubric.links
    record = [q for q in rubric.questions if q.link_role == "record"]
    handoff = [q for q in rubric.questions if q.link_role == "handoff"]
    scored = [q for q in rubric.questions if q.scored]
    if metric.startswith("dimension."):
        dim = metric.removeprefix("dimension.")
        own = [q for q in rubric.questions if q.dimension == dim]
        return own + (record if links is not None and links.record_dimension == dim else [])
    if metric in ("index", "coverage"):
        return scored
    if metric == "channel_count":
        return [rubric.by_id[links.question]] if links is not None else []
    if metric == "hub_coverage":
        return record
    if metric in _LINK_METRICS:
        return record + handoff
    return []


def quick_questions(rubric: CompiledRubric) -> list[Question]:
    return [q for q in rubric.questions if q.quick]


def check_quick(rubric: CompiledRubric, report: Reporter) -> None:
    """The quick set reads every gate, and each of its questions can be asked in it."""
    quick = quick_questions(rubric)
    if not quick:
        return
    ids = {q.id for q in quick}
    for i, level in enumerate(rubric.levels):
        for kind, gates in (("gates", level.gates), ("alternatives", level.alternatives)):
            for j, gate in enumerate(gates):
                if any(q.quick for q in feeds(rubric, gate.metric)):
                    continue
                report.error(
                    ("levels", i, kind, j, "metric"),
                    "quick-gate-unread",
                    kind=kind[:-1],
                    gate=gate.id,
                    level=level.id,
                    metric=gate.metric,
                    dimension=rubric.metric_label(gate.metric),
                )
    warned: set[object] = set()
    for q in quick:
        reads = sorted(
            {t.question for t in walk(q.when) if isinstance(t, QuestionTest)} - ids
            if q.when is not None
            else set()
        )
        if reads and q.path not in warned:
            warned.add(q.path)
            where = (*q.path, "quick")
            report.error(
                where, "quick-question-unaskable", question=q.id, role=q.link_role, reads=reads
            )


def check_never_na(spec: RubricSpec, report: Reporter) -> None:
    """``allow_na: true`` said of a question that the link questions depend on."""
    cl = spec.channel_links
    if cl is None:
        return
    decisive = {cl.question, cl.other_name_question} - {None}
    for i, section in enumerate(spec.sections):
        for j, q in enumerate(section.questions):
            if q.id in decisive and q.allow_na and "allow_na" in q.model_fields_set:
                where = ("sections", i, "questions", j, "allow_na")
                report.error(where, "decisive-question-allows-na", question=q.id)
