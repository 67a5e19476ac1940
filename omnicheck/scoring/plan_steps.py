"""The steps a plan may take: an answer raised to a better option, or a hand-off added.

Each scored question's raises (to every better option, with the effort of
each option step on the way) are built once per rubric; a business's
candidates are those from its answers now, and, for channel links, one
hand-off per journey stage between channels not yet linked.
"""

from __future__ import annotations

from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from typing import TYPE_CHECKING, NamedTuple

from omnicheck.rubric.compiled import CompiledRubric, Question
from omnicheck.rubric.kinds import kind_of
from omnicheck.scoring.links import SHARED

if TYPE_CHECKING:
    from omnicheck.scoring.plan_state import State


class Candidate(NamedTuple):
    """One step the search may take: raise an answer, or add a hand-off."""

    kind: str  # "raise", "record" or "handoff"
    question: str
    from_option: str | None
    to_option: str
    dimension: str
    #: For a record link or a hand-off: its channel; for a hand-off, the receiving channel
    #: and the journey stage too.
    channel: str | None
    other: str | None
    stage: str | None
    to_score: int
    effort: str
    effort_points: float
    phase: int
    order: int
    #: For a raise: the weighted points it adds to its dimension.
    points: float = 0.0


def candidates(
    state: State,
    *,
    links: bool = True,
    handoffs: bool = True,
) -> list[Candidate]:
    """Every step from the state's answers: each answer raised to each better option, and
    the hand-offs worth trying."""
    rubric = state.rubric
    table = rubric.derived(_raise_table)
    skip = () if links else rubric.derived(_record_questions)
    out: list[Candidate] = []
    for qid, value in state.answers.items():
        if type(value) is not str:
            continue
        ups = table.get(qid)
        if ups is None:
            continue
        row = ups.get(value)
        if row and qid not in skip:
            out += row
    if handoffs and links:
        out += _handoffs(state)
    return out


#: Per roadmap phase, in order: (question, its nearest raise by option now) of each
#: scored question whose raises belong to the phase (see :func:`questions_by_phase`).
PhaseRaises = tuple[tuple[tuple[str, Mapping[str, Candidate]], ...], ...]


def phase_raises(rubric: CompiledRubric, *, links: bool) -> PhaseRaises:
    """The improve part's pool, phase by phase: each answer's nearest raise, without the
    record links unless ``links``. Built once per rubric."""
    return rubric.derived(_phase_raises_links if links else _phase_raises_no_links)


def _phase_raises_links(rubric: CompiledRubric) -> PhaseRaises:
    return _phase_table(rubric, frozenset())


def _phase_raises_no_links(rubric: CompiledRubric) -> PhaseRaises:
    return _phase_table(rubric, rubric.derived(_record_questions))


def _phase_table(rubric: CompiledRubric, leave_out: frozenset[str]) -> PhaseRaises:
    table = rubric.derived(_raise_table)
    return tuple(
        tuple(
            (qid, {o: ups[0] for o, ups in table[qid].items() if ups})
            for qid in questions
            if qid not in leave_out
        )
        for questions in rubric.derived(questions_by_phase)
    )


def raises_of(state: State, qid: str) -> tuple[Candidate, ...]:
    """The raises of one answer from where it is now."""
    value = state.answers.get(qid)
    ups = state.rubric.derived(_raise_table).get(qid)
    return ups.get(value, ()) if ups is not None and type(value) is str else ()


def handoffs(state: State) -> list[Candidate]:
    """The hand-offs worth trying from the state's links."""
    return _handoffs(state)


def _raise_table(rubric: CompiledRubric) -> dict[str, dict[str, tuple[Candidate, ...]]]:
    """Per scored question, per option: the raises to each better option, nearest first."""
    table: dict[str, dict[str, tuple[Candidate, ...]]] = {}
    record_dim = rubric.links.record_dimension if rubric.links else ""
    top_effort = max(rubric.efforts, key=rubric.efforts.__getitem__)
    for q in rubric.questions:
        if not q.scored:
            continue
        kind = kind_of(q)
        record = kind.step == "record"
        dim = record_dim if record else q.dimension or ""
        phase = rubric.phase_of_dimension.get(dim, (len(rubric.roadmap), ""))[0]
        scored = kind.scale(q)
        efforts = [step_effort(rubric, q, o.score or 0, top_effort) for o in scored]
        rows: dict[str, tuple[Candidate, ...]] = {}
        for i, o in enumerate(scored):
            ups, points = [], 0.0
            for j, up in enumerate(kind.raises(q, o.id), i + 1):
                points += rubric.efforts[efforts[j]]
                effort = max(efforts[i + 1 : j + 1], key=rubric.efforts.__getitem__)
                ups.append(
                    Candidate(
                        kind.step,
                        q.id,
                        o.id,
                        up.id,
                        dim,
                        q.channel if record else None,
                        None,
                        None,
                        up.score or 0,
                        effort,
                        points,
                        phase,
                        rubric.question_order[q.id],
                        q.weight * ((up.score or 0) - (o.score or 0)),
                    )
                )
            rows[o.id] = tuple(ups)
        table[q.id] = rows
    return table


def questions_by_phase(rubric: CompiledRubric) -> tuple[tuple[str, ...], ...]:
    """The scored questions whose raises belong to each roadmap phase, phases in order
    (the phase of a question's raises: see :func:`_raise_table`)."""
    phases: dict[int, list[str]] = {}
    for qid, rows in rubric.derived(_raise_table).items():
        for ups in rows.values():
            if ups:
                phases.setdefault(ups[0].phase, []).append(qid)
                break
    return tuple(tuple(phases[p]) for p in sorted(phases))


def _record_questions(rubric: CompiledRubric) -> frozenset[str]:
    return frozenset(q.id for q in rubric.questions if q.link_role == "record")


def step_effort(rubric: CompiledRubric, q: Question, score: int, fallback: str) -> str:
    """The effort of raising ``q`` to the option scoring ``score``: the option's own, the
    question's, or (for a rubric without either) its dimension's advice for that step."""
    option = next((o for o in q.options if o.score == score), None)
    if option is not None and option.effort:
        return option.effort
    if q.effort:
        return q.effort
    spec = rubric.dimension_by_id.get(q.dimension or "")
    rec = next((r for r in spec.recommendations if r.level == score - 1), None) if spec else None
    return rec.effort if rec else fallback


def _handoffs(state: State) -> list[Candidate]:
    """Per journey stage, one hand-off: the first preferred, else in channel order, that
    links a pair not yet linked (or, failing that, adds the stage)."""
    rubric, figures = state.rubric, state.links
    spec = rubric.links
    if spec is None or figures is None or len(figures.channels) < 2:
        return []
    active = figures.channels
    done = figures.handoffs
    if not isinstance(done, AbstractSet):
        done = set(done)
    levels = figures.record
    shared = frozenset(c for c in active if (levels.get(c) or 0) >= SHARED)
    # What the pick reads of the links: many businesses (and a search, record link after
    # record link that shares none) ask again about the same.
    key = (active, tuple(levels), shared, frozenset(done))
    kept = rubric.derived(_handoff_picks)
    picked = kept.get(key)
    if picked is None:
        if len(kept) >= _PICKS_KEPT:
            kept.clear()
        picked = kept[key] = tuple(_pick_handoffs(rubric, active, done, levels, shared))
    return list(picked)


#: How many hand-off picks a rubric keeps (see :func:`_handoff_picks`): a bound on the
#: memory a long batch takes.
_PICKS_KEPT = 4096


def _handoff_picks(
    rubric: CompiledRubric,
) -> dict[
    tuple[tuple[str, ...], tuple[str, ...], frozenset[str], frozenset[tuple[str, str, str]]],
    tuple[Candidate, ...],
]:
    """The hand-offs picked so far, by what the pick reads of a business's links."""
    return {}


def _pick_handoffs(
    rubric: CompiledRubric,
    active: tuple[str, ...],
    done: AbstractSet[tuple[str, str, str]],
    levels: Mapping[str, int | None],
    shared: AbstractSet[str],
) -> list[Candidate]:
    """:func:`_handoffs` worked out, from only what it reads of the links."""
    spec = rubric.links
    assert spec is not None
    linked = set()  # (a, b) and (b, a) of every linked pair
    for s, t, _ in done:
        linked.add((s, t))
        linked.add((t, s))
    unlinked: list[tuple[str, str]] | None = None  # every ordered pair not linked, once asked

    made = rubric.derived(_handoff_candidates)
    prefer = rubric.derived(_preferred)
    out: list[Candidate] = []
    yielded = set()
    for stage, _ in spec.stages:
        preferred = [p for p in prefer.get(stage, ()) if p[0] in levels and p[1] in levels]
        # The first pair, preferred ones first, without this hand-off that is not linked
        # yet; failing that, the first without it.
        pick = next(
            (
                p
                for p in preferred
                if p not in linked
                and not (p[0] in shared and p[1] in shared)
                and (*p, stage) not in done
            ),
            None,
        )
        if pick is None:
            if unlinked is None:
                unlinked = [
                    (s, t)
                    for s in active
                    for t in active
                    if s != t and (s, t) not in linked and not (s in shared and t in shared)
                ]
            pick = next((p for p in unlinked if (*p, stage) not in done), None)
        if pick is None:
            pick = next((p for p in preferred if (*p, stage) not in done), None)
        if pick is None:  # every pair, in channel order, as far as the first that fits
            every = ((s, t) for s in active for t in active if s != t)
            pick = next((p for p in every if (*p, stage) not in done), None)
        if pick is None or not pick[0] or (*pick, stage) in yielded:
            continue
        s, t = pick
        yielded.add((s, t, stage))
        key = (s, t, stage)
        step = made.get(key)
        if step is None:
            step = made[key] = _handoff_candidate(rubric, s, t, stage)
        out.append(step)
    return out


def _preferred(rubric: CompiledRubric) -> dict[str, tuple[tuple[str, str], ...]]:
    """The rubric's preferred hand-offs by journey stage, in its order."""
    assert rubric.links is not None
    by_stage: dict[str, list[tuple[str, str]]] = {}
    for s, t, stage in rubric.links.handoff_prefer:
        by_stage.setdefault(stage, []).append((s, t))
    return {stage: tuple(pairs) for stage, pairs in by_stage.items()}


def _handoff_candidates(rubric: CompiledRubric) -> dict[tuple[str, str, str], Candidate]:
    """The hand-off steps made so far, by (from, to, stage): the same for every business."""
    return {}


def _handoff_candidate(rubric: CompiledRubric, s: str, t: str, stage: str) -> Candidate:
    spec = rubric.links
    assert spec is not None
    effort = spec.handoff_effort or max(rubric.efforts, key=rubric.efforts.__getitem__)
    dim = rubric.derived(_handoff_dimension)
    phase = rubric.phase_of_dimension.get(dim, (len(rubric.roadmap), ""))[0]
    return Candidate(
        "handoff",
        spec.handoff_question[s],
        None,
        f"{t}@{stage}",
        dim,
        s,
        t,
        stage,
        0,
        effort,
        rubric.efforts[effort],
        phase,
        rubric.question_order[spec.handoff_question[s]],
    )


def _handoff_dimension(rubric: CompiledRubric) -> str:
    """The dimension whose roadmap phase hand-off steps belong to."""
    assert rubric.links is not None
    wanted = rubric.links.handoff_dimension
    return wanted if wanted in rubric.dimension_by_id else rubric.links.record_dimension
