"""`omnicheck rubric lint`: every kind of finding, each from its own broken rubric.

Each file in tests/rubrics/ is tests/rubrics/minimal.yaml broken in one way
(its first lines say how). The expected lines are the whole output, so a
finding that moves, changes severity or appears where it should not fails.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from omnicheck.cli.app import app
from omnicheck.cli.messages import lines_for, worded
from omnicheck.errors import RubricError
from omnicheck.loading import rubric_from
from omnicheck.rubric.lint import Finding, lint_document, load_rubric
from omnicheck.source import cache
from omnicheck.source.reading import read_text
from omnicheck.source.resources import default_rubric_path
from omnicheck.source.safe_yaml import parse_yaml
from tests.conftest import EXAMPLES

RUBRICS = Path(__file__).resolve().parent / "rubrics"
runner = CliRunner()

FINDINGS = {
    "minimal.yaml": [],
    "quick-set-gaps.yaml": [
        "31:16: error: question 'data.record' is in the quick check, but asked only after "
        "'channels', which the quick check does not ask: mark that quick: true too",
        "76:60: error: gate 'two' of level 'multi' reads Active channels, but no quick question "
        "feeds it: mark one of its questions quick: true, or a quick check judges it on nothing",
    ],
    "channels-allow-na.yaml": [
        "20:19: error: question 'channels' decides which link questions are asked, so it can "
        "never be n/a; remove allow_na: true",
    ],
    "duplicate-ids.yaml": [
        "35:18: error: duplicate option id 'partly'",
        "36:9: error: duplicate section id 'about'",
        "87:10: error: duplicate rule id 'loyal'",
    ],
    "unknown-references.yaml": [
        "27:9: error: condition names unknown question 'chanels'",
        "85:11: error: condition names unknown option 'loyal' of 'goal'",
    ],
    "is-on-multi.yaml": [
        "27:9: error: 'is' tests a single choice, but 'channels' is a multiple choice, so it is "
        "never true; use has",
    ],
    "question-never-asked.yaml": [
        "30:15: error: question 'data.record' is never asked: its condition can never be true "
        "(Which channels do your customers use?: 2 or more and (What is your goal? is Reach more "
        "people and What is your goal? is Keep customers))",
        "40:11: error: section 'links' is never asked: its condition can never be true "
        "(Which channels do your customers use?: 2 or more and Which channels do your customers "
        "use?: 1 or fewer)",
    ],
    "option-never-chosen.yaml": [
        "35:53: error: option 'all' of 'data.record' can never be chosen: its condition can "
        "never be true where the question is asked (Which channels do your customers use?: 1 "
        "or fewer)",
    ],
    "guardrail-never-applies.yaml": [
        "91:11: error: guardrail 'many-channels' never applies: its condition can never be true "
        "(Active channels > 3)",
    ],
    "unreachable-gate.yaml": [
        "77:13: error: level 'omni' can never be reached: gate 'data-3' needs Customer data "
        "score ≥ 110, but it ranges from 0 to 100",
    ],
    "unreachable-band.yaml": [
        "74:18: error: level 'omni' can never be reached: its band starts at 60, but with these "
        "options and weights the index is at most 50",
    ],
    "unreachable-weights.yaml": [
        "38:9: warning: question 'service.history' can be raised but has no advice, so a plan step "
        "raising it shows its dimension's general advice; add advice: (one or two sentences)",
        "91:9: error: level 'omni' can never be reached: with these options and weights, the "
        "index cannot reach its band while its gates hold",
    ],
    "unreachable-below.yaml": [
        "74:9: error: level 'omni' can never be reached: its band and gates cannot hold "
        "together with those of the levels below it",
    ],
    "unscored-option.yaml": [
        "34:13: error: option 'partly' has no score, but question 'data.record' is scored in "
        "dimension 'data'; give it a score from 0 to 4",
    ],
    "zero-weight.yaml": [
        "5:16: error: effort 'low' is worth 0 points; effort points must be greater than 0, "
        "because they divide an action's gain",
        "30:17: error: question 'data.record' has weight 0; a weight must be greater than 0",
        "63:13: error: dimension 'data' has weight -1; a weight must be greater than 0",
    ],
    "not-a-number.yaml": [
        "62:13: error: dimensions.0.weight: Input should be a finite number",
    ],
    "base-level-gated.yaml": [
        "71:12: error: 'single' is the first level, where every business starts, so it cannot "
        "have gates; put them on the level above",
        "72:19: error: 'single' is the first level, where every business starts, so it cannot "
        "have alternatives; put them on the level above",
    ],
    "links-section-questions.yaml": [
        "41:7: error: a channel_links section is filled with link questions by omnicheck; "
        "move these questions to another section",
    ],
    "links-section-missing.yaml": [
        "37:3: error: no section has kind: channel_links, so its link questions are never "
        "asked; add one, or remove channel_links",
    ],
    "record-scale-empty.yaml": [
        "49:14: error: the record link needs at least two options, scored 0 and 1",
    ],
    "band-gap.yaml": [
        "72:11: error: gap between bands: no band covers an index from 0 to 10; start the band "
        "of 'multi' at 0",
        "76:11: error: gap between bands: 'multi' ends at 40 and 'omni' starts at 50, so an "
        "index between them is in no band",
        "76:26: error: gap between bands: no band covers an index above 90; end the band of "
        "'omni' at 100",
    ],
    "band-overlap.yaml": [
        "76:11: error: bands overlap: 'multi' runs to 60 but 'omni' starts at 50, so an index "
        "from 50 to 60 is in both",
    ],
    "band-empty.yaml": [
        "76:11: error: the band of 'omni' is empty: 'from' must be below 'to'",
    ],
    "missing-recommendation.yaml": [
        "64:7: error: dimension 'data' has no recommendation for step 2 (scores 50-74): a "
        "business scoring there would get no advice, and its actions no effort",
        "66:17: error: dimension 'data' has a second recommendation for step 1; only the first "
        "would ever be shown",
    ],
    "rule-never-true.yaml": [
        "85:11: error: rule 'loyal' can never fire: its condition can never be true (What is "
        "your goal? is Keep customers and not What is your goal? is answered)",
    ],
    "rule-shadowed.yaml": [
        "89:10: warning: rule 'either' can never fire: every business it matches is matched "
        "first by 'loyal', 'reach'",
        "91:10: warning: rule 'too-late' can never fire: rule 'default' before it has no "
        "condition, so it matches every business first; move it to the end",
    ],
    "evidence-without-source.yaml": [
        "93:5: error: evidence 'test-evidence' has no source: a report would cite its figure "
        "without one; add source: {title: ..., publisher: ...}",
    ],
    "evidence-uncited.yaml": [
        "93:9: warning: evidence 'test-evidence' is cited by no rule or strategy, so no report "
        "shows it",
    ],
    "score-without-dimension.yaml": [
        "14:58: warning: option 'reach' has a score, but question 'goal' names no dimension, "
        "so the score counts for nothing",
    ],
    "roadmap-missing.yaml": [
        "36:9: warning: question 'service.history' can be raised but has no advice, so a plan step "
        "raising it shows its dimension's general advice; add advice: (one or two sentences)",
        "75:9: warning: dimension 'service' is in no roadmap phase, so its actions come last, "
        "under 'Later'",
    ],
}


def lint_lines(path: Path) -> list[str]:
    result = lint_document(parse_yaml(read_text(path), path.name))
    findings = (Finding(f.severity, worded(f.problem)) for f in result.findings)
    return [str(f).removeprefix(f"{path.name}:") for f in findings]


def test_every_broken_rubric_has_its_expected_findings():
    assert sorted(p.name for p in RUBRICS.glob("*.yaml")) == sorted(FINDINGS)


@pytest.mark.parametrize("name", sorted(FINDINGS))
def test_findings(name):
    assert lint_lines(RUBRICS / name) == FINDINGS[name]


def test_bundled_rubric_has_no_findings():
    assert lint_lines(default_rubric_path()) == []


@pytest.mark.parametrize("name", sorted(FINDINGS))
def test_loading_refuses_exactly_the_errors(name):
    """Every command loads rubrics through load_rubric: errors refuse, warnings pass."""
    path = RUBRICS / name
    doc = parse_yaml(read_text(path), path.name)
    errors = [line for line in FINDINGS[name] if ": error: " in line]
    if not errors:
        assert load_rubric(doc).id == name.removesuffix(".yaml")
        return
    with pytest.raises(RubricError) as caught:
        load_rubric(doc)
    assert [line.removeprefix(f"{name}:") for line in lines_for(caught.value)] == [
        line.replace(": error: ", ": ", 1) for line in errors
    ]


def test_cli_clean_rubric_exits_0():
    result = runner.invoke(app, ["rubric", "lint", str(RUBRICS / "minimal.yaml")])
    assert result.exit_code == 0
    assert result.stdout == f"{RUBRICS / 'minimal.yaml'}: no problems found\n"


def test_cli_errors_exit_2_with_a_summary():
    path = RUBRICS / "zero-weight.yaml"
    result = runner.invoke(app, ["rubric", "lint", str(path)])
    assert result.exit_code == 2
    lines = result.stdout.splitlines()
    assert lines[:-1] == [f"{path}:{line}" for line in FINDINGS["zero-weight.yaml"]]
    assert lines[-1] == (
        f"{path}: 3 errors: omnicheck refuses this rubric until the errors are fixed"
    )


def test_cli_warnings_pass_unless_strict():
    path = str(RUBRICS / "rule-shadowed.yaml")
    relaxed = runner.invoke(app, ["rubric", "lint", path])
    assert relaxed.exit_code == 0
    assert relaxed.stdout.splitlines()[-1] == (
        f"{path}: 2 warnings: the rubric can be used, but check them"
    )
    strict = runner.invoke(app, ["rubric", "lint", "--strict", path])
    assert strict.exit_code == 2
    # The same findings, and a closing line that agrees with the exit status.
    assert strict.stdout.splitlines()[:-1] == relaxed.stdout.splitlines()[:-1]
    assert strict.stdout.splitlines()[-1] == (
        f"{path}: 2 warnings: --strict refuses warnings; fix them for this rubric to pass"
    )


def test_cli_lints_several_rubrics_and_fails_if_any_has_errors():
    good, bad = str(RUBRICS / "minimal.yaml"), str(RUBRICS / "band-gap.yaml")
    result = runner.invoke(app, ["rubric", "lint", good, bad])
    assert result.exit_code == 2
    summaries = [line for line in result.stdout.splitlines() if ": error: " not in line]
    assert summaries == [
        f"{good}: no problems found",
        f"{bad}: 3 errors: omnicheck refuses this rubric until the errors are fixed",
    ]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "{f}: error: no such file"),
        ("id: [unclosed\n", "{f}:1:5: error: not valid YAML: this [ is never closed"),
        (
            "- a list\n",
            "{f}:1:1: error: not a rubric: expected a mapping with id, version, sections, "
            "levels, ...",
        ),
    ],
)
def test_cli_unreadable_rubrics_are_errors_too(tmp_path, content, expected):
    path = tmp_path / "rubric.yaml"
    if content is not None:
        path.write_text(content)
    result = runner.invoke(app, ["rubric", "lint", str(path)])
    assert result.exit_code == 2
    assert result.stdout.splitlines()[0].startswith(expected.format(f=path))


def test_an_answers_file_is_not_a_rubric():
    result = runner.invoke(app, ["rubric", "lint", str(EXAMPLES[0])])
    assert result.exit_code == 2
    first = result.stdout.splitlines()[0]
    assert first.startswith(f"{EXAMPLES[0]}:")
    assert first.endswith(": error: not a rubric: this looks like an answers file")


BROKEN = RUBRICS / "band-overlap.yaml"
OVERLAP = f"{BROKEN}:76:11: bands overlap: 'multi' runs to 60 but 'omni' starts at 50"


@pytest.mark.parametrize(
    "args",
    [
        ["report", str(EXAMPLES[0]), "-o", "{out}"],
        ["validate", str(EXAMPLES[0])],
        ["template", "-o", "{yaml}"],  # a skeleton is only written as .yaml
        ["schema", "-o", "{json}"],  # and a schema only as .json
    ],
    ids=lambda args: args[0],
)
def test_every_command_refuses_a_rubric_with_errors(tmp_path, args):
    out, yaml, json = tmp_path / "out.txt", tmp_path / "out.yaml", tmp_path / "out.json"
    result = runner.invoke(
        app, [a.format(out=out, yaml=yaml, json=json) for a in args] + ["--rubric", str(BROKEN)]
    )
    assert result.exit_code == 2
    assert result.stderr.startswith(OVERLAP)
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


def test_a_rubric_with_warnings_only_is_used(tmp_path):
    out = tmp_path / "answers.yaml"
    path = RUBRICS / "rule-shadowed.yaml"
    result = runner.invoke(app, ["template", "-o", str(out), "--rubric", str(path)])
    assert result.exit_code == 0, result.stderr
    assert "rubric: {id: rule-shadowed" in out.read_text()


def test_the_cache_only_keeps_rubrics_that_passed(monkeypatch, tmp_path):
    monkeypatch.setenv("OMNICHECK_CACHE_DIR", str(tmp_path))
    stored = []
    monkeypatch.setattr(cache, "store", lambda kind, key, value, **_: stored.append(value.id))
    for _ in range(2):  # the second attempt must not find it cached either
        with pytest.raises(RubricError):
            rubric_from(BROKEN)
    assert stored == []
    rubric_from(RUBRICS / "minimal.yaml")
    assert stored == ["minimal"]


def test_report_refuses_links_without_their_section(tmp_path):
    """Found by Hypothesis: a rubric with channel_links but no section to ask them in passed
    lint, and report then failed looking up the record question it expected."""
    answers = tmp_path / "answers.yaml"
    answers.write_text(
        'rubric: {id: links-section-missing, version: "1"}\n'
        "business: {name: Test}\nanswers: {channels: [web, store]}\n"
    )
    rubric = RUBRICS / "links-section-missing.yaml"
    result = runner.invoke(app, ["report", str(answers), "--rubric", str(rubric)])
    assert result.exit_code == 2, result.output
    assert f"{rubric.name}:37:3: no section has kind: channel_links" in result.stderr
    assert "Traceback" not in result.output


def test_template_refuses_a_record_scale_without_options(tmp_path):
    """Found by Hypothesis: an empty record scale passed lint (its scores were 0, 1, ... of
    nothing), and writing an answers template then failed on the empty list."""
    rubric = RUBRICS / "record-scale-empty.yaml"
    out = tmp_path / "answers.yaml"
    result = runner.invoke(app, ["template", "--rubric", str(rubric), "--output", str(out)])
    assert result.exit_code == 2, result.output
    assert f"{rubric.name}:49:14: the record link needs at least two options" in result.stderr
    assert not out.exists()
