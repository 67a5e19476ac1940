"""`omnicheck rubric lint` on thousands of strategy rules that shadow each other.

Each rule used to be compared with all the rules before it at once, which cost
time in the square of their number (3,000 rules took from 3 to over 20 seconds,
by the size of their conditions), and the solver's budget ran out long before
the last of them, which then went unreported. The findings here are checked
whole; how long they take is not (a timed test fails on a busy machine), but
each rubric here is linted in about a second.
"""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from omnicheck.cli.app import app
from omnicheck.cli.messages import worded
from omnicheck.rubric.lint import Finding, lint_document
from omnicheck.rubric.reachability import MAX_NAMED_RULES
from omnicheck.source.safe_yaml import parse_yaml
from tests.test_rubric_lint import RUBRICS

RULES = 3_000
SOURCE = "many-rules.yaml"
#: The condition of rule ``i`` of each rubric: every one matches only businesses that
#: rule 0 matches, so each rule after it can never fire.
CONDITIONS = {
    "the same condition": lambda i: "{question: goal, is: reach}",
    "the first's condition and more": lambda i: (
        f"{{all: [{{question: goal, is: reach}}, {{metric: index, at_least: {i / 100}}}]}}"
        if i
        else "{question: goal, is: reach}"
    ),
    "a narrower condition on the same answers": lambda i: (
        f"{{all: [{{question: goal, is: reach}}, {{metric: index, at_least: {i / 100}}}, "
        "{metric: dimension.data, at_least: 0}]}"
    ),
}


def rubric_with_rules(rules: list[str]) -> str:
    """tests/rubrics/minimal.yaml with these rules (one YAML flow mapping each), then its
    catch-all."""
    text = (RUBRICS / "minimal.yaml").read_text()
    start, end = text.index("rules:\n"), text.index("guardrails:")
    written = "".join(f"  - {rule}\n" for rule in rules)
    return (
        f"{text[:start]}rules:\n{written}  - {{id: default, target: multi, reason: D.}}\n"
        + (text[end:])
    )


def rule(i: int, when: str, prefix: str = "r") -> str:
    return f"{{id: {prefix}{i}, target: multi, when: {when}, reason: R.}}"


def findings(text: str) -> list[str]:
    result = lint_document(parse_yaml(text, SOURCE))
    return [str(Finding(f.severity, worded(f.problem))) for f in result.findings]


def line_of(text: str, rule_id: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if f"{{id: {rule_id}," in line)


@pytest.mark.parametrize("shape", list(CONDITIONS))
def test_each_of_thousands_of_shadowed_rules_is_reported(shape):
    when = CONDITIONS[shape]
    text = rubric_with_rules([rule(i, when(i)) for i in range(RULES)])
    first = line_of(text, "r1")
    assert findings(text) == [
        f"{SOURCE}:{first + i - 1}:10: warning: rule 'r{i}' can never fire: every business it "
        "matches is matched first by 'r0'"
        for i in range(1, RULES)
    ]


def test_a_rule_that_many_rules_together_shadow_names_the_first_of_them():
    """No rule alone matches every business 'either' matches, so it is compared with all of
    them; it names the first few, then says there are more."""
    goals = [
        rule(i, f"{{question: goal, is: {('loyalty', 'reach')[i % 2]}}}", "g") for i in range(30)
    ]
    either = "{id: either, target: omni, when: {question: goal, in: [reach, loyalty]}, reason: A.}"
    text = rubric_with_rules([*goals, either])
    named = ", ".join(f"'g{i}'" for i in range(MAX_NAMED_RULES))
    assert findings(text)[-1] == (
        f"{SOURCE}:{line_of(text, 'either')}:10: warning: rule 'either' can never fire: every "
        f"business it matches is matched first by {named} and other rules before it"
    )
    # Each goal rule after the first two is named with the first rule of its condition.
    assert findings(text)[:2] == [
        f"{SOURCE}:{line_of(text, 'g2')}:10: warning: rule 'g2' can never fire: every business "
        "it matches is matched first by 'g0'",
        f"{SOURCE}:{line_of(text, 'g3')}:10: warning: rule 'g3' can never fire: every business "
        "it matches is matched first by 'g1'",
    ]


def test_the_cli_lists_the_first_findings_and_counts_the_rest(tmp_path):
    path = tmp_path / SOURCE
    path.write_text(
        rubric_with_rules([rule(i, CONDITIONS["the same condition"](i)) for i in range(RULES)])
    )
    result = CliRunner().invoke(app, ["rubric", "lint", str(path)])
    assert result.exit_code == 0  # warnings only
    lines = result.stdout.splitlines()
    assert len(lines) == 22
    assert lines[0].endswith(
        ": warning: rule 'r1' can never fire: every business it matches is matched first by 'r0'"
    )
    assert lines[-2:] == [
        f"{path}: and {RULES - 1 - 20} more problems",
        f"{path}: {RULES - 1} warnings: the rubric can be used, but check them",
    ]
