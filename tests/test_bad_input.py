"""Bad input: one located line per problem, exit status 2, no traceback, nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from omnicheck.cli.app import app

HEADER = 'rubric: {id: omnichannel, version: "1.0"}\nbusiness: {name: Test Co}\n'
GOOD = (
    HEADER + "answers:\n  goal: reach\n  channels: [physical_store]\n  budget: low\n"
    "  service_capacity: none\n  repeat_purchase: weekly\n  growth_stage: early\n"
)


def run_report(tmp_path: Path, text: str | bytes, *extra: str) -> tuple[int, str, Path]:
    source = tmp_path / "answers.yaml"
    if isinstance(text, bytes):
        source.write_bytes(text)
    else:
        source.write_text(text, encoding="utf-8")
    out = tmp_path / "report.md"
    result = CliRunner().invoke(app, ["report", str(source), "-o", str(out), *extra])
    assert "Traceback" not in result.output + result.stderr
    assert not out.exists(), "bad input must not write a report"
    return result.exit_code, result.stderr, source


def test_good_file_passes(tmp_path):
    code, _, _ = run_report_ok(tmp_path, GOOD)
    assert code == 0


def run_report_ok(tmp_path: Path, text: str) -> tuple[int, str, Path]:
    source = tmp_path / "answers.yaml"
    source.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(app, ["report", str(source), "--format", "json"])
    return result.exit_code, result.stderr, source


CASES = {
    "assessment date not in the calendar": (
        GOOD.replace("business:", "assessed: 2026-02-30\nbusiness:"),
        ["{f}:2:11: assessed: '2026-02-30' is not a date in the calendar"],
    ),
    "assessment date in another format": (
        GOOD.replace("business:", "assessed: 14/03/2026\nbusiness:"),
        ["{f}:2:11: assessed must be a date as YYYY-MM-DD, e.g. 2026-03-14, not '14/03/2026'"],
    ),
    "unknown question": (
        GOOD.replace("  goal: reach\n", "  goal: reach\n  gaol: reach\n"),
        ["{f}:5:3: unknown question 'gaol'; did you mean 'goal'?"],
    ),
    "unknown option": (
        GOOD.replace("goal: reach", "goal: reech"),
        [
            "{f}:4:9: goal: unknown option 'reech' (did you mean 'reach'?); "
            "expected one of reach, balanced, loyalty or n/a"
        ],
    ),
    "list for a single choice": (
        GOOD.replace("goal: reach", "goal: [reach]"),
        ["{f}:4:9: goal: expected one option (one of reach, balanced, loyalty or n/a), not a list"],
    ),
    "mapping that is not n/a": (
        GOOD.replace("budget: low", "budget: {amount: 5}"),
        [
            "{f}:6:11: budget: expected one of low, medium, high or n/a, not a mapping "
            "(the mappings allowed are {{n/a: reason}} and {{answer: ..., note: ...}})"
        ],
    ),
    "missing required answer": (
        GOOD.replace("  budget: low\n", ""),
        [
            "{f}:3:1: budget: missing answer to 'What can you spend on channels, data and tools "
            "over the next year?'"
        ],
    ),
    "answer whose condition is false": (
        GOOD + "  dominant_share: over_80\n",
        [
            "{f}:10:3: dominant_share: answered, but this question applies only when "
            "Active channels: 2 or more; remove the answer"
        ],
    ),
    "rubric id mismatch": (
        GOOD.replace("id: omnichannel", "id: retail"),
        [
            "{f}:1:14: answers are for rubric 'retail', but the rubric in use is 'omnichannel' "
            "(choose it with --rubric)"
        ],
    ),
    "rubric version mismatch": (
        GOOD.replace('version: "1.0"', 'version: "0.9"'),
        [
            "{f}:1:36: answers are for version '0.9' of rubric 'omnichannel', but the rubric "
            "in use is version '1.0'"
        ],
    ),
    "unquoted version": (
        GOOD.replace('version: "1.0"', "version: 1.0"),
        ['{f}:1:36: rubric version must be quoted text, e.g. {{id: omnichannel, version: "1.0"}}'],
    ),
    "malformed YAML": (
        GOOD.replace("goal: reach", "goal: [reach"),
        # Where the list opened, the line to fix, not where the parser gave up.
        ["{f}:4:9: not valid YAML: this [ is never closed (the parser gave up at line 5)"],
    ),
    "a tab for indentation": (
        GOOD.replace("  budget: low", "\tbudget: low"),
        ["{f}:6:1: not valid YAML: a tab character; YAML is indented with spaces, not tabs"],
    ),
    "a list opened many lines up": (
        GOOD.replace("goal: reach", "goal: [loyalty") + "  # one\n" * 20,
        ["{f}:4:9: not valid YAML: this [ is never closed (the parser gave up at line 5)"],
    ),
    "unsafe tag": (
        GOOD.replace("goal: reach", "goal: !!python/object/apply:os.system [ls]"),
        [
            "{f}:4:9: unsupported YAML tag 'tag:yaml.org,2002:python/object/apply:os.system'; "
            "only plain data is read"
        ],
    ),
    "tag that cannot build its value": (
        GOOD.replace("goal: reach", 'goal: !!int ""'),
        ["{f}:4:9: cannot read '' as int"],
    ),
    "key tagged as something else than text": (
        GOOD.replace("goal: reach", "!!bool maybe: reach"),
        ["{f}:4:3: a key must be text; remove its !!bool tag"],
    ),
    "detail that is a list": (
        GOOD.replace("business: {name: Test Co}", "business: {name: Test Co, city: [a, b]}"),
        ["{f}:2:33: business.city must be text, not a list"],
    ),
    "duplicate key": (
        GOOD + "  goal: loyalty\n",
        [
            "{f}:10:3: duplicate key 'goal' (first at line 4); "
            "YAML would silently keep only the last"
        ],
    ),
    "not a mapping": (
        "- just\n- a list\n",
        [
            "{f}:1:1: not an answers file: expected a mapping with rubric, business and answers "
            "(run 'omnicheck template' for a skeleton)"
        ],
    ),
    "business without a name": (
        GOOD.replace("business: {name: Test Co}", "business: {city: Leeds}"),
        ["{f}:2:11: business.name must be the business's name, as text"],
    ),
    "not UTF-8": (
        GOOD.replace("Test Co", "Caf\xe9").encode("latin-1"),
        ["{f}:2:21: is not UTF-8 text (byte 0xe9); save it as UTF-8"],
    ),
    "binary": (b"\x00\x01\x02binary", ["{f}:1:1: is a binary file, not UTF-8 text (a NUL byte)"]),
    "NUL byte inside a line": (
        GOOD.replace("Test Co", "T\u00e9st \x00Co").encode(),
        ["{f}:2:23: is a binary file, not UTF-8 text (a NUL byte)"],
    ),
    "control character": (
        GOOD.replace("Test Co", "T\u00e9st Co").replace("goal: reach", "goal: r\u00e9\x07ach"),
        ["{f}:4:11: not valid YAML: character U+0007 is not allowed in YAML"],
    ),
    # A long line makes the depth and size check read the file first: the same message.
    "control character after a long line": (
        "# " + "x" * 1200 + "\n" + GOOD.replace("goal: reach", "goal: re\x07ach"),
        ["{f}:5:11: not valid YAML: character U+0007 is not allowed in YAML"],
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_bad_input_is_one_located_line_per_problem(tmp_path, case):
    text, expected = CASES[case]
    code, stderr, source = run_report(tmp_path, text)
    assert code == 2
    assert stderr.splitlines() == [line.format(f=source) for line in expected]


def test_every_problem_is_reported_at_once(tmp_path):
    text = GOOD.replace("goal: reach", "goal: reech").replace("budget: low", "budget: lots")
    text += "  mystery: 1\n"
    code, stderr, _ = run_report(tmp_path, text)
    assert code == 2
    lines = stderr.splitlines()
    assert len(lines) == 3
    assert [line.split(": ", 2)[1] for line in lines] == [
        "unknown question 'mystery'",
        "goal",
        "budget",
    ]


def test_missing_file(tmp_path):
    result = CliRunner().invoke(app, ["report", str(tmp_path / "nope.yaml")])
    assert result.exit_code == 2
    assert result.stderr == f"{tmp_path / 'nope.yaml'}: no such file\n"


def test_file_over_the_size_cap(tmp_path):
    big = GOOD + "# " + "x" * (1024 * 1024 + 10) + "\n"
    code, stderr, source = run_report(tmp_path, big, "--max-size", "1")
    assert code == 2
    assert stderr == f"{source}: file is 1.0 MB, over the 1.0 MB limit (raise it with --max-size)\n"


def test_usage_errors_exit_2(tmp_path):
    result = CliRunner().invoke(app, ["report", "x.yaml", "--format", "pdf"])
    assert result.exit_code == 2
    assert "Invalid value for '--format'" in result.stderr


def test_internal_error_is_one_line_with_a_debug_hint(tmp_path, monkeypatch):
    import omnicheck.scoring.assessment

    def boom(*args, **kwargs):
        raise KeyError("surprise")

    monkeypatch.setattr(omnicheck.scoring.assessment, "assess", boom)
    source = tmp_path / "answers.yaml"
    source.write_text(GOOD)
    result = CliRunner().invoke(app, ["report", str(source)])
    assert result.exit_code == 1
    assert result.stderr == (
        "omnicheck: internal error: KeyError: 'surprise'. This is a bug in omnicheck; "
        "rerun with --debug to see the traceback.\n"
    )
    debug = CliRunner().invoke(app, ["--debug", "report", str(source)])
    assert debug.exit_code == 1
    assert isinstance(debug.exception, KeyError)  # propagated: Python prints the traceback
