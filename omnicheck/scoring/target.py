"""Choose the target strategy: the first rule that matches, then the guardrails.

Rules and guardrails are rubric data. The result keeps the rule that fired,
the inputs its condition read (with this business's values), and every
guardrail that changed the proposal, so a report can say exactly why it
recommends what it recommends.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from omnicheck.lazy_dataclass import dataclass
from omnicheck.rubric.compiled import CompiledRubric, Guardrail, Rule
from omnicheck.rubric.conditions import (
    AllOf,
    AnswerValue,
    AnyOf,
    Condition,
    Evaluator,
    MetricTest,
    NotApplicable,
    NotOf,
    QuestionTest,
    compile_condition,
    evaluate,
    walk,
)
from omnicheck.rubric.kinds import kind_of


@dataclass(frozen=True, slots=True)
class RuleInput:
    """One fact a rule read: a question's answer or a metric's value."""

    kind: str  # "question" or "metric"
    id: str
    #: The rubric's name for it: a question's, a dimension score's dimension; None for a
    #: base metric, which the rubric does not name (omnicheck.wording.scoring does).
    label: str | None
    #: The figure, or the answer in the rubric's words; None for a metric not scored or
    #: an answer without words (not answered, n/a), which the templates word.
    value: str | None


@dataclass(frozen=True, slots=True)
class GuardrailEffect:
    id: str
    reason: str
    before: str
    after: str


@dataclass(frozen=True, slots=True)
class TargetResult:
    strategy: str
    #: The rule that fired, or None when no rule matched and the level is kept.
    rule: str | None
    #: The rule's reason; None with no rule, which the report words.
    reason: str | None
    proposed: str
    inputs: tuple[RuleInput, ...]
    guardrails: tuple[GuardrailEffect, ...]
    evidence: tuple[str, ...]


class TargetChoice(NamedTuple):
    """The target, as every caller needs it: the rule that fired, its proposal, the
    strategy once the guardrails have limited it, and each guardrail that did."""

    rule: Rule | None
    proposed: str
    strategy: str
    guardrails: tuple[GuardrailEffect, ...]


def pick_target(
    rubric: CompiledRubric,
    answers: Mapping[str, AnswerValue],
    metrics: Mapping[str, float | None],
    current: str,
) -> TargetChoice:
    """The first rule that matches, then the guardrails: the one place the target is chosen."""
    rule = _first_rule(rubric, answers, metrics)
    proposed = current if rule is None else rule.target
    effects: list[GuardrailEffect] = []
    strategy = _guarded(rubric, answers, metrics, proposed, current, effects)
    return TargetChoice(rule, proposed, strategy, tuple(effects))


def explain_target(
    rubric: CompiledRubric,
    answers: Mapping[str, AnswerValue],
    metrics: Mapping[str, float | None],
    choice: TargetChoice,
) -> TargetResult:
    """What a report says of a choice: the rule's reason, the inputs it read, its evidence."""
    rule = choice.rule
    evidence: tuple[str, ...]
    reason: str | None
    if rule is None:
        reason = None
        inputs: tuple[RuleInput, ...] = ()
        rule_id: str | None = None
        evidence = ()
    else:
        reason, rule_id, evidence = rule.reason, rule.id, tuple(rule.evidence)
        inputs = rule_inputs(rubric, rule.when, answers, metrics) if rule.when else ()
    return TargetResult(
        choice.strategy, rule_id, reason, choice.proposed, inputs, choice.guardrails, evidence
    )


class _Compiled(NamedTuple):
    """The rules and guardrails with their conditions compiled, built once per rubric."""

    rules: tuple[tuple[Rule, Evaluator | None], ...]
    guardrails: tuple[tuple[Guardrail, Evaluator | None], ...]


def _compiled(rubric: CompiledRubric) -> _Compiled:
    def compiled(when: Condition | None) -> Evaluator | None:
        return None if when is None else compile_condition(when)

    return _Compiled(
        tuple((r, compiled(r.when)) for r in rubric.rules),
        tuple((g, compiled(g.when)) for g in rubric.guardrails),
    )


def _first_rule(
    rubric: CompiledRubric,
    answers: Mapping[str, AnswerValue],
    metrics: Mapping[str, float | None],
) -> Rule | None:
    for rule, holds in rubric.derived(_compiled).rules:
        if holds is None or holds(answers, metrics):
            return rule
    return None


def _guarded(
    rubric: CompiledRubric,
    answers: Mapping[str, AnswerValue],
    metrics: Mapping[str, float | None],
    proposed: str,
    current: str,
    effects: list[GuardrailEffect],
) -> str:
    """The proposed target once every guardrail that applies has limited it.

    Each limit that changes the target is added to ``effects``.
    """
    ranks = rubric.level_rank
    target = proposed
    for guard, holds in rubric.derived(_compiled).guardrails:
        if holds is not None and not holds(answers, metrics):
            continue
        limit = ranks[target]
        if guard.max_level is not None:
            limit = min(limit, ranks[guard.max_level])
        elif guard.max_steps_up is not None:
            limit = min(limit, ranks[current] + guard.max_steps_up)
        elif guard.never_below_current:
            limit = max(limit, ranks[current])
        limited = rubric.levels[limit].id
        if limited != target:
            effects.append(GuardrailEffect(guard.id, guard.reason, target, limited))
            target = limited
    return target


def rule_inputs(
    rubric: CompiledRubric,
    condition: object,
    answers: Mapping[str, AnswerValue],
    metrics: Mapping[str, float | None],
) -> tuple[RuleInput, ...]:
    """The facts a condition reads, each once, with this business's values."""
    seen: dict[tuple[str, str], RuleInput] = {}
    for test in walk(condition):  # type: ignore[arg-type]
        if isinstance(test, MetricTest):
            key = ("metric", test.metric)
            if key not in seen:
                value = metrics.get(test.metric)
                shown = None if value is None else f"{value:.0f}"
                seen[key] = RuleInput(
                    "metric", test.metric, rubric.metric_label(test.metric), shown
                )
            continue
        key = ("question", test.question)
        if key not in seen:
            seen[key] = RuleInput(
                "question",
                test.question,
                rubric.question_label(test.question),
                answer_label(rubric, test.question, answers.get(test.question)),
            )
    return tuple(seen.values())


def answer_label(rubric: CompiledRubric, qid: str, value: AnswerValue | None) -> str | None:
    """An answer in the rubric's words (option labels, not ids, or the text answered);
    None when there are none: not answered, n/a, or no option chosen. The templates
    word those, so the report's JSON holds no English of omnicheck's own."""
    if value is None or isinstance(value, NotApplicable):
        return None
    if isinstance(value, tuple):
        return ", ".join(rubric.option_label(qid, v) for v in value) or None
    q = rubric.by_id[qid]
    return rubric.option_label(qid, value) if kind_of(q).has_options else value


def matched_tests(
    condition: Condition, answers: Mapping[str, AnswerValue], metrics: Mapping[str, float | None]
) -> list[QuestionTest | MetricTest]:
    """The tests that made a holding condition hold: every branch of an "all", only the
    branches of an "any" that hold (not its whole or-list)."""
    if isinstance(condition, (QuestionTest, MetricTest)):
        return [condition] if evaluate(condition, answers, metrics) else []
    if isinstance(condition, AllOf):
        return [t for item in condition.items for t in matched_tests(item, answers, metrics)]
    if isinstance(condition, AnyOf):
        return [
            t
            for item in condition.items
            if evaluate(item, answers, metrics)
            for t in matched_tests(item, answers, metrics)
        ]
    return []  # a "not" holds on what is absent: nothing to quote


def first_unmet(
    condition: Condition, answers: Mapping[str, AnswerValue], metrics: Mapping[str, float | None]
) -> QuestionTest | MetricTest | NotOf | None:
    """The first test that stops a condition from holding, or None when it holds."""
    if evaluate(condition, answers, metrics):
        return None
    if isinstance(condition, (QuestionTest, MetricTest, NotOf)):
        return condition
    if isinstance(condition, AllOf):
        for item in condition.items:
            unmet = first_unmet(item, answers, metrics)
            if unmet is not None:
                return unmet
        return None
    return first_unmet(condition.items[0], answers, metrics) if condition.items else None


def held_back_by(
    rubric: CompiledRubric,
    answers: Mapping[str, AnswerValue],
    metrics: Mapping[str, float | None],
    target: str,
) -> tuple[Rule, QuestionTest | MetricTest | NotOf] | None:
    """Why the business's goal does not carry it above ``target``: the first rule for the
    nearest strategy above it whose first test holds (rules open with the goal they
    serve), with the first test it fails.

    A rule that fails on a question this business is never asked (customers using two
    channels, for a one-channel shop) cannot hold whatever it answers, so it is no
    reason worth naming: it is passed over, and when every rule is, nothing is said.
    """
    ranks = rubric.level_rank
    above = sorted(
        (r for r in rubric.rules if r.when is not None and ranks.get(r.target, -1) > ranks[target]),
        key=lambda r: ranks[r.target],
    )
    for rule in above:
        assert rule.when is not None
        first = next(iter(walk(rule.when)), None)
        if first is None or not evaluate(first, answers, metrics):
            continue
        unmet = first_unmet(rule.when, answers, metrics)
        if unmet is not None and _asked(rubric, unmet, answers):
            return rule, unmet
    return None


def _asked(
    rubric: CompiledRubric,
    test: QuestionTest | MetricTest | NotOf,
    answers: Mapping[str, AnswerValue],
) -> bool:
    """Whether every question ``test`` reads applies to this business (is asked of it)."""
    for leaf in walk(test):
        if isinstance(leaf, QuestionTest):
            q = rubric.by_id.get(leaf.question)
            if q is not None and q.when is not None and not evaluate(q.when, answers):
                return False
    return True
