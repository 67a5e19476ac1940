"""Domain errors carry ids; only the CLI names options in their messages."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

import pytest
from typer.testing import CliRunner

from omnicheck.cli.app import app
from omnicheck.cli.messages import lines_for
from omnicheck.errors import Problem, UnknownFormatError
from omnicheck.report.formats import format_for
from omnicheck.rubric.compiled import CompiledRubric
from tests.conftest import EXAMPLES, ROOT

runner = CliRunner()
PEERS = ROOT / "examples" / "peers" / "peers.json"


def test_the_core_error_names_no_option() -> None:
    with pytest.raises(UnknownFormatError) as caught:
        format_for(None, Path("report.pdf"), allowed=("text", "md", "json", "html"), default="text")
    exc = caught.value
    assert (exc.name, exc.target) == ("report.pdf", "output")
    assert ".md" in exc.suffixes and ".csv" not in exc.suffixes  # only the allowed formats
    assert "--" not in str(exc)


def test_every_command_format_is_in_the_table() -> None:
    """Each --format Enum declares ids of the format table, holding that command's documents."""
    from omnicheck.cli.batch import BatchFormat
    from omnicheck.cli.options import ReportFormat
    from omnicheck.cli.plan import PlanFormat
    from omnicheck.report.formats import FORMATS, formats_of

    assert [f.value for f in ReportFormat] == list(formats_of("report"))
    assert {f.value for f in PlanFormat} == set(formats_of("plan"))
    assert {f.value for f in BatchFormat} == set(formats_of("rows", "portfolio"))
    # The first declared is the default: a summary, and the rows (or tasks) as CSV.
    assert (ReportFormat.text, PlanFormat.csv, BatchFormat.csv) == tuple(
        next(iter(f)) for f in (ReportFormat, PlanFormat, BatchFormat)
    )
    assert all(f.value in FORMATS for f in [*ReportFormat, *PlanFormat, *BatchFormat])


def test_the_cli_words_it_by_target() -> None:
    output = UnknownFormatError("rows.xlsx", [".csv", ".md"], "output")
    assert lines_for(output) == [
        "cannot tell the format of --output 'rows.xlsx': name a file ending in .csv, .md, "
        "or add --format"
    ]
    summary = UnknownFormatError("p.txt", [".html", ".json"], "summary", chosen_by_option=False)
    assert lines_for(summary) == [
        "cannot tell the format of --summary 'p.txt': name a file ending in .html, .json"
    ]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("portfolio.pdf", "cannot tell the format of --summary 'portfolio.pdf'"),
        # A format omnicheck knows, but not one the portfolio report is written in.
        ("portfolio.txt", "cannot write --summary 'portfolio.txt' as plain text"),
        ("portfolio.csv", "cannot write --summary 'portfolio.csv' as CSV"),
    ],
)
def test_batch_summary_with_a_suffix_it_cannot_write(
    tmp_path: Path, name: str, message: str
) -> None:
    target = tmp_path / name
    result = runner.invoke(
        app, ["batch", str(EXAMPLES[0]), "-o", str(tmp_path / "rows.csv"), "--summary", str(target)]
    )
    assert result.exit_code == 2, result.output
    assert result.stderr == f"{message}: name a file ending in .htm, .html, .json, .markdown, .md\n"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["report", str(EXAMPLES[0]), "-o", "r.csv"], "cannot write --output 'r.csv' as CSV"),
        (["plan", str(EXAMPLES[0]), "-o", "p.html"], "cannot write --output 'p.html' as HTML"),
        (["batch", str(EXAMPLES[0]), "-o", "b.yaml"], "cannot write --output 'b.yaml' as YAML"),
        (
            ["merge", str(EXAMPLES[0]), str(EXAMPLES[0]), "-o", "m.json"],
            "cannot write --output 'm.json' as JSON: name a file ending in .yaml, .yml",
        ),
        # merge has no --format to offer instead
        (["merge", str(EXAMPLES[0]), "-o", "merged"], "name a file ending in .yaml, .yml\n"),
        # a skeleton is YAML whatever the name says: neither it nor its schema is written
        (
            ["template", "-o", "answers.json"],
            "cannot write --output 'answers.json' as JSON: name a file ending in .yaml, .yml",
        ),
        # JSON only: a schema or a peers file must not land on an answers file or a report
        (
            ["schema", "-o", "client.yaml"],
            "cannot write --output 'client.yaml' as YAML: name a file ending in .json",
        ),
        (
            ["peers", str(PEERS), "-o", "summary.md"],
            "cannot write --output 'summary.md' as Markdown: name a file ending in .json",
        ),
    ],
)
def test_a_known_format_that_the_command_does_not_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert message in result.stderr and len(result.stderr.splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


def _wrong_rubric_text() -> str:
    return EXAMPLES[0].read_text().replace("id: omnichannel", "id: retail", 1)


def _core_problems(tmp_path: Path, rubric: CompiledRubric) -> list[Problem]:
    """One problem of each kind whose advice names an option or a command."""
    from omnicheck.answers.validate import validate_answers
    from omnicheck.errors import InputError
    from omnicheck.report.benchmark import check_portfolio, read_portfolio
    from omnicheck.source.reading import read_text
    from omnicheck.source.resources import default_rubric_path
    from omnicheck.source.safe_yaml import parse_yaml

    found: list[Problem] = []

    def refused(call: Callable[[], object]) -> None:
        with pytest.raises(InputError) as caught:
            call()
        found.extend(caught.value.problems)

    big = tmp_path / "big.yaml"
    big.write_text("x" * 2048)
    refused(lambda: read_text(big, max_bytes=1024))
    for text in (_wrong_rubric_text(), default_rubric_path().read_text(), "[1]\n"):
        refused(partial(validate_answers, parse_yaml(text, "a.yaml"), rubric))
    unfinished = EXAMPLES[0].read_text() + "status: incomplete\nbogus: 1\n"
    refused(lambda: validate_answers(parse_yaml(unfinished, "u.yaml"), rubric))
    not_json = tmp_path / "p.json"
    not_json.write_text("{}")
    refused(lambda: read_portfolio(not_json, rubric, max_bytes=1024))
    ref = {"id": rubric.id, "version": rubric.version}
    refused(lambda: check_portfolio({"rubric": ref, "index": {}}, rubric, "p.json"))
    return found


def test_core_problems_carry_a_hint_id_and_no_option_name(
    tmp_path: Path, rubric: CompiledRubric
) -> None:
    from omnicheck.cli.messages import HINTS, worded

    problems = _core_problems(tmp_path, rubric)
    hinted = [p for p in problems if p.hint is not None]
    assert {p.hint for p in hinted} == set(HINTS)  # every kind raised, every one worded
    for problem in hinted:
        assert "--" not in problem.message and "omnicheck " not in problem.message
        assert "--" not in str(problem)
        shown = worded(problem)
        assert shown.hint is None and shown.message.startswith(problem.message)
        assert shown.message != problem.message and shown.code == problem.code


def test_batch_words_hints_in_its_rows_and_summary_from_workers_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The error cell and the summary's failures are worded in the worker processes."""
    import json
    import shutil

    from omnicheck.batch import parallel

    monkeypatch.setattr(parallel, "CHUNK", 2)
    folder = tmp_path / "clients"
    folder.mkdir()
    for path in EXAMPLES:
        shutil.copy(path, folder / path.name)
    (folder / "zz-retail.yaml").write_text(_wrong_rubric_text())
    outputs = []
    for jobs in ("1", "2"):
        rows, summary = tmp_path / f"rows-{jobs}.csv", tmp_path / f"p-{jobs}.json"
        result = runner.invoke(
            app,
            ["batch", str(folder), "--jobs", jobs, "-o", str(rows), "--summary", str(summary)],
        )
        assert result.exit_code == 3, result.output
        assert "(choose it with --rubric)\n" in result.stderr
        outputs.append((rows.read_text(), summary.read_text()))
    assert outputs[0] == outputs[1]
    assert "(choose it with --rubric)" in outputs[0][0]
    failures = json.loads(outputs[0][1])["failures"]["listed"]
    assert failures[0]["error"].endswith("(choose it with --rubric)")


def test_validate_json_words_the_hint(tmp_path: Path) -> None:
    import json

    answers = tmp_path / "a.yaml"
    answers.write_text(_wrong_rubric_text())
    result = runner.invoke(app, ["validate", str(answers), "--format", "json"])
    assert result.exit_code == 2
    (problem,) = json.loads(result.stdout)["problems"]
    assert problem["code"] == "wrong-rubric"
    assert problem["message"].endswith("'omnichannel' (choose it with --rubric)")


def test_a_refused_format_is_named_as_the_format_table_names_it() -> None:
    """Every format the table holds, so a new row needs no second list of words."""
    from omnicheck.errors import FormatNotAllowedError
    from omnicheck.report.formats import FORMATS

    for fid, form in FORMATS.items():
        error = FormatNotAllowedError(f"x{form.suffixes[0]}", [".md"], "output", fid)
        expected = f"cannot write --output 'x{form.suffixes[0]}' as {form.spoken}: "
        assert lines_for(error) == [expected + "name a file ending in .md"]
    assert FORMATS["text"].spoken == "plain text" and FORMATS["md"].spoken == "Markdown"


def test_a_skeleton_named_without_a_format_is_still_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only a name another format claims is refused: validate and report read any name."""
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["template", "-o", "client-acme"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "client-acme").read_text(encoding="utf-8").startswith("# yaml-language")
