"""The words for every problem in a rubric file, by id (see ``rubric.codes``).

Each entry reads the problem's parameters, as the compiler
(:mod:`omnicheck.rubric.compile`, ``sections``) and lint (``lint``,
``reachability``, ``asked``) made them, and returns the message exactly as
printed after ``FILE:LINE:COLUMN:`` (and lint's ``error:``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from omnicheck.wording.conditions import describe
from omnicheck.wording.scoring import metric_name

if TYPE_CHECKING:
    from omnicheck.rubric.ranges import MetricRange

Args = Mapping[str, Any]


def _owner(a: Args) -> str:
    """What a weight or advice belongs to: ("question", id), ("dimension", id) or the record."""
    kind, ident = a["owner"]
    return "the record links" if kind == "record" else f"{kind} {ident!r}"


def _range(r: MetricRange) -> str:
    """What a metric can be, as the solver worked it out."""
    if r.low > r.high:
        return "it never has a value"
    if r.low == r.high:
        return f"it is always {r.low:g}"
    return f"it ranges from {r.low:g} to {r.high:g}"


def _needs(a: Args) -> str:
    """What a gate asks for, against what its metric can be."""
    return f"needs {describe(a['needs'])}, but {_range(a['range'])}"


def _never(what: str, a: Args) -> str:
    return f"{what}: its condition can never be true ({describe(a['when'])})"


def _ids(ids: Any) -> str:
    return ", ".join(repr(i) for i in ids)


#: Why a level whose parts are each possible still cannot be reached (``why``).
_WHY = {
    "with-below": "its band and gates cannot hold together with those of the levels below it",
    "band-with-gates": (
        "with these options and weights, the index cannot reach its band while its gates hold"
    ),
    "gates": "its gates cannot all hold at once",
}


def _unreachable(a: Args) -> str:
    why = f"level {a['below']!r} below it can never be reached" if a["why"] == "below" else ""
    return f"level {a['level']!r} can never be reached: {why or _WHY[a['why']]}"


def _band_never_reached(a: Args) -> str:
    top = a["top"]
    limit = (
        f"the index is at most {top:g}"
        if top is not None
        else "no question is scored, so there is no index"
    )
    return (
        f"level {a['level']!r} can never be reached: its band starts at {a['start']:g}, "
        f"but with these options and weights {limit}"
    )


def _unaskable(a: Args) -> str:
    role = a["role"]
    name = {"record": "the record links are", "handoff": "the hand-offs are"}.get(
        role, f"question {a['question']!r} is"
    )
    return (
        f"{name} in the quick check, but asked only after {_ids(a['reads'])}, "
        "which the quick check does not ask: mark that quick: true too"
    )


#: How a ``duplicate-id`` names what is duplicated, where its id is not the word.
_KINDS = {"roadmap-phase": "roadmap phase"}


def _at_path(a: Args) -> str:
    """A problem of a rubric compiled without its file, after the path of keys it is at."""
    from omnicheck.wording import word

    return f"{a['path']}: {word(a['problem'])}"


def _invalid(a: Args) -> str:
    """A value the schema refuses: pydantic's words, or a problem a validator raised."""
    from omnicheck.wording import word

    detail = a["detail"] if isinstance(a["detail"], str) else word(a["detail"])
    quote = ' (quote it, as in version: "1.0")' if a["unquoted_version"] else ""
    return f"{a['where']}: {detail}{quote}"


def _kinds(a: Args) -> str:
    """The kinds a rubric may name, as pydantic words a ``Literal``: 'a', 'b' or 'c'."""
    names = a["expected"]
    return " or ".join(filter(None, [", ".join(map(repr, names[:-1])), repr(names[-1])]))


#: What the schema refuses in a value (rubric.spec, rubric.conditions), inside "invalid-value".
REFUSED = {
    "condition-not-a-mapping": lambda a: (
        "a condition is a mapping such as {question: goal, is: loyalty}"
    ),
    "not-alone": lambda a: f"'{a['key']}' stands alone in its mapping",
    "combinator-needs-list": lambda a: f"'{a['key']}' takes a non-empty list of conditions",
    "condition-without-subject": lambda a: (
        "a condition needs 'question', 'metric', 'all', 'any' or 'not'"
    ),
    "subject-not-an-id": lambda a: f"'{a['subject']}' must name a {a['subject']} id",
    "test-takes-one-op": lambda a: (
        f"a {a['subject']} test takes exactly one of: {', '.join(a['ops'])}"
    ),
    "op-takes-number": lambda a: f"'{a['op']}' takes a number",
    "op-takes-option-id": lambda a: f"'{a['op']}' takes one option id",
    "op-takes-option-ids": lambda a: f"'{a['op']}' takes a non-empty list of option ids",
    "answered-takes-bool": lambda a: "'answered' takes true or false",
    "op-takes-whole-number": lambda a: f"'{a['op']}' takes a whole number",
    "unknown-kind": lambda a: f"Input should be {_kinds(a)}",
    "kind-without-options": lambda a: f"a {a['kind']} question has no options",
    "kind-needs-two-options": lambda a: f"a {a['kind']} question needs at least two options",
    "scored-not-single": lambda a: "only single-choice questions can be scored in a dimension",
    "gate-takes-one-threshold": lambda a: f"a gate takes exactly one of: {', '.join(a['ops'])}",
    "guardrail-takes-one-effect": lambda a: (
        "a guardrail takes exactly one of: max_level, max_steps_up, never_below_current"
    ),
}


WORDS = {
    # the file's structure and references (rubric.compile, rubric.sections)
    "looks-like-answers": lambda a: "not a rubric: this looks like an answers file",
    "not-a-rubric": lambda a: (
        "not a rubric: expected a mapping with id, version, sections, levels, ..."
    ),
    "unknown-field": lambda a: f"{a['where']}: unknown field",
    "invalid-value": _invalid,
    "duplicate-id": lambda a: f"duplicate {_KINDS.get(a['kind'], a['kind'])} id {a['id']!r}",
    "unknown-reference": lambda a: f"unknown {a['kind']} {a['ref']!r}",
    "strategy-not-a-level": lambda a: f"strategy {a['strategy']!r} is not a level id",
    "condition-names-unknown-question": lambda a: (
        f"condition names unknown question {a['question']!r}"
    ),
    "condition-reads-later-question": lambda a: (
        f"condition reads {a['question']!r}, which is not asked earlier"
    ),
    "is-on-multi": lambda a: (
        f"'{a['op']}' tests a single choice, but {a['question']!r} is a multiple choice, "
        f"so it is never true; use {'has' if a['op'] == 'is' else 'has_any'}"
    ),
    "condition-names-unknown-option": lambda a: (
        f"condition names unknown option {a['option']!r} of {a['question']!r}"
    ),
    "links-section-questions": lambda a: (
        "a channel_links section is filled with link questions by omnicheck; "
        "move these questions to another section"
    ),
    "missing-channel-links": lambda a: "the rubric defines no channel_links",
    "missing-links-section": lambda a: (
        "no section has kind: channel_links, so its link questions are never asked; "
        "add one, or remove channel_links"
    ),
    "links-question-not-multi": lambda a: f"{a['question']!r} is not a multi-choice question",
    "record-too-few-options": lambda a: (
        "the record link needs at least two options, scored 0 and 1"
    ),
    "record-option-scores": lambda a: "record options must score 0, 1, 2, ...",
    "invalid-preference": lambda a: (
        f"{a['entry']!r} is not from>to@stage with two channels and a stage of this rubric"
    ),
    # the sense of the rubric (rubric.lint)
    "question-without-advice": lambda a: (
        f"{_owner(a)} can be raised but has no advice, so a plan step raising it shows "
        "its dimension's general advice; add advice: (one or two sentences)"
    ),
    "handoffs-without-advice": lambda a: (
        "hand-offs have no advice, so a plan's hand-off step shows the question's help; "
        "add advice: naming {source}, {target} and {stage}"
    ),
    "prerequisite-cycle": lambda a: (
        "prerequisites form a cycle: " + " → ".join(a["cycle"]) + "; a plan could "
        "take none of these steps"
    ),
    "effort-not-positive": lambda a: (
        f"effort {a['effort']!r} is worth {a['points']:g} points; effort points must be "
        "greater than 0, because they divide an action's gain"
    ),
    "effort-out-of-range": lambda a: (
        f"effort {a['effort']!r} is worth {a['points']:g} points; effort points must be from "
        f"{a['low']:g} to {a['high']:g}, because they divide an action's gain"
    ),
    "weight-not-positive": lambda a: (
        f"{_owner(a)} has weight {a['weight']:g}; a weight must be greater than 0"
    ),
    "weight-out-of-range": lambda a: (
        f"{_owner(a)} has weight {a['weight']:g}; a weight must be from "
        f"{a['low']:g} to {a['high']:g}"
    ),
    "unscored-option": lambda a: (
        f"option {a['option']!r} has no score, but question {a['question']!r} is scored "
        f"in dimension {a['dimension']!r}; give it a score from 0 to 4"
    ),
    "score-without-dimension": lambda a: (
        f"option {a['option']!r} has a score, but question {a['question']!r} names no "
        "dimension, so the score counts for nothing"
    ),
    "base-level-gated": lambda a: (
        f"{a['level']!r} is the first level, where every business starts, so it cannot "
        f"have {a['field']}; put them on the level above"
    ),
    "band-empty": lambda a: f"the band of {a['level']!r} is empty: 'from' must be below 'to'",
    "band-gap-at-start": lambda a: (
        f"gap between bands: no band covers an index from 0 to {a['low']:g}; "
        f"start the band of {a['level']!r} at 0"
    ),
    "band-gap": lambda a: (
        f"gap between bands: {a['previous']!r} ends at {a['before']:g} and {a['level']!r} "
        f"starts at {a['low']:g}, so an index between them is in no band"
    ),
    "band-overlap": lambda a: (
        f"bands overlap: {a['previous']!r} runs to {a['before']:g} but {a['level']!r} starts "
        f"at {a['low']:g}, so an index from {a['low']:g} to {a['before']:g} is in both"
    ),
    "band-gap-at-end": lambda a: (
        f"gap between bands: no band covers an index above {a['high']:g}; "
        f"end the band of {a['level']!r} at 100"
    ),
    "duplicate-recommendation": lambda a: (
        f"dimension {a['dimension']!r} has a second recommendation for step {a['step']}; "
        "only the first would ever be shown"
    ),
    "missing-recommendation": lambda a: (
        f"dimension {a['dimension']!r} has no recommendation for step "
        + ", ".join(f"{step} (scores {scores})" for step, scores in a["steps"])
        + ": a business scoring there would get no advice, and its actions no effort"
    ),
    "evidence-without-source": lambda a: (
        f"evidence {a['evidence']!r} has no source: a report would cite its figure "
        "without one; add source: {title: ..., publisher: ...}"
    ),
    "evidence-uncited": lambda a: (
        f"evidence {a['evidence']!r} is cited by no rule or strategy, so no report shows it"
    ),
    "roadmap-missing": lambda a: (
        f"dimension {a['dimension']!r} is in no roadmap phase, so its actions come last, "
        "under 'Later'"
    ),
    # what can never happen (rubric.reachability)
    "section-never-asked": lambda a: _never(f"section {a['section']!r} is never asked", a),
    "question-never-asked": lambda a: _never(f"question {a['question']!r} is never asked", a),
    "option-never-chosen": lambda a: (
        f"option {a['option']!r} of {a['question']!r} can never be chosen: its condition can "
        f"never be true where the question is asked ({describe(a['when'])})"
    ),
    "guardrail-never-applies": lambda a: _never(f"guardrail {a['guardrail']!r} never applies", a),
    "rule-never-true": lambda a: _never(f"rule {a['rule']!r} can never fire", a),
    "rule-after-catch-all": lambda a: (
        f"rule {a['rule']!r} can never fire: rule {a['catch_all']!r} before it has no "
        "condition, so it matches every business first; move it to the end"
    ),
    "rule-shadowed": lambda a: (
        f"rule {a['rule']!r} can never fire: every business it matches is matched first "
        f"by {_ids(a['by'])}" + (" and other rules before it" if a.get("more") else "")
    ),
    "alternative-never-met": lambda a: (
        f"alternative {a['alternative']!r} of {a['level']!r} can never be met: {_needs(a)}"
    ),
    "band-never-reached": _band_never_reached,
    "gate-never-met": lambda a: (
        f"level {a['level']!r} can never be reached: gate {a['gate']!r} {_needs(a)}"
    ),
    "level-unreachable": _unreachable,
    # the quick check (rubric.asked)
    "quick-gate-unread": lambda a: (
        f"{a['kind']} {a['gate']!r} of level {a['level']!r} reads "
        f"{metric_name(a['metric'], a.get('dimension'))}, "
        "but no quick question feeds it: mark one of its questions quick: true, or a quick "
        "check judges it on nothing"
    ),
    "quick-question-unaskable": _unaskable,
    "decisive-question-allows-na": lambda a: (
        f"question {a['question']!r} decides which link questions are asked, so it can "
        "never be n/a; remove allow_na: true"
    ),
}

#: A problem of a rubric compiled without its file (tests, tools), after the path of keys
#: it is at; it has the code of the problem it holds, not one of its own.
LOCATED = {"at-path": _at_path}
