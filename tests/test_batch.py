"""omnicheck batch: many businesses, good and bad inputs mixed, rows, portfolio, exit codes."""

from __future__ import annotations

import csv
import gc
import io
import json
import re
import shutil
import tracemalloc
from pathlib import Path

import pexpect
import pytest
from typer.testing import CliRunner

from omnicheck.answers import survey_lines
from omnicheck.batch import parallel, roster
from omnicheck.batch.portfolio import Portfolio
from omnicheck.batch.rows import STEP_FIELDS, JsonRows
from omnicheck.batch.runner import PROBLEMS_PER_ROW, score_all
from omnicheck.cli.app import app
from omnicheck.errors import OutputError
from omnicheck.loading import answers_from
from omnicheck.report.data import build_report
from omnicheck.scoring.assessment import assess
from omnicheck.source.files import atomic_writer
from tests.conftest import (
    EXAMPLES,
    assert_self_contained_html,
    installed_omnicheck,
    survey_cells,
    write_survey,
)

runner = CliRunner()
BROKEN = (
    'rubric: {id: omnichannel, version: "1.0"}\nbusiness: {name: Broken Ltd}\n'
    "answers:\n  goal: reech\n"
)


def rows_of(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def inputs(tmp_path, rubric):
    """A folder of good files (one in a subfolder), a broken file, noise, and a survey."""
    folder = tmp_path / "clients"
    (folder / "north").mkdir(parents=True)
    for path in EXAMPLES[:-1]:
        shutil.copy(path, folder / path.name)
    shutil.copy(EXAMPLES[-1], folder / "north" / EXAMPLES[-1].name)
    (folder / "broken.yml").write_text(BROKEN, encoding="utf-8")
    (folder / "notes.txt").write_text("not an answers file", encoding="utf-8")
    (folder / ".draft.yaml").write_text("hidden: skipped", encoding="utf-8")
    good = survey_cells(answers_from(EXAMPLES[0], rubric).answers)
    survey = write_survey(
        tmp_path / "survey.csv",
        rubric,
        [{"name": "Row One", **good}, {"name": "Row Two", **good, "goal": "loyality"}],
    )
    return folder, survey


def test_mixed_good_and_bad_inputs(inputs, tmp_path, rubric):
    folder, survey = inputs
    rows_file, summary = tmp_path / "out" / "rows.csv", tmp_path / "out" / "portfolio.md"
    result = runner.invoke(
        app,
        ["batch", str(folder), str(survey), "missing.yaml", "-o", str(rows_file),
         "--summary", str(summary)],
    )  # fmt: skip
    assert result.exit_code == 3, result.output
    rows = rows_of(rows_file)
    by_source = {row["source"]: row for row in rows}
    files = [str(folder / p.name) for p in EXAMPLES[:-1]]
    files += [str(folder / "broken.yml"), str(folder / "north" / EXAMPLES[-1].name)]
    expected_sources = [*sorted(files), f"{survey}:2", f"{survey}:3", "missing.yaml"]
    assert [row["source"] for row in rows] == expected_sources
    # every good row says exactly what the report of that business says
    for path in EXAMPLES:
        source = (
            str(folder / path.name) if path in EXAMPLES[:-1] else str(folder / "north" / path.name)
        )
        report = build_report(assess(rubric, answers_from(path, rubric)))
        row = by_source[source]
        assert row["name"] == report["business"]["name"]
        assert row["assessed"] == report["assessed"] != ""  # every example is dated
        assert (row["level"], row["target"], row["error"]) == (
            report["level"],
            report["target"]["strategy"],
            "",
        )
        assert row["index"] == ("" if report["index"] is None else f"{report['index']:.1f}")
        for d in report["dimensions"]:
            shown = "" if d["score"] is None else f"{d['score']:.1f}"
            assert row[f"dimension.{d['id']}"] == shown
        steps = report["plan"]["steps"]  # the plan's first step, as the report shows it
        top = steps[0] if steps else None
        assert [row[f"first_step.{field}"] for field in STEP_FIELDS] == (
            [
                top["question"],
                (top["from"] or {}).get("id", ""),
                top["to"]["id"],
                top["effort"],
                ";".join(top["clears"]),
                top["level_after"],
            ]
            if top
            else [""] * len(STEP_FIELDS)
        )
    broken = by_source[str(folder / "broken.yml")]
    assert broken["name"] == "Broken Ltd" and broken["level"] == ""
    assert broken["error"].startswith(f"{folder / 'broken.yml'}:4:9: goal: unknown option 'reech'")
    assert by_source[f"{survey}:2"]["error"] == "" and by_source[f"{survey}:2"]["name"] == "Row One"
    assert "goal: unknown option 'loyality'" in by_source[f"{survey}:3"]["error"]
    assert by_source["missing.yaml"]["error"] == "missing.yaml: no such file or folder"
    # each failed input's problems are on stderr, one per line, located
    assert f"{folder / 'broken.yml'}:4:9: goal: unknown option 'reech'" in result.stderr
    assert "Scored 5 of 8 businesses; 3 failed (see the error column)." in result.stderr
    text = summary.read_text(encoding="utf-8")
    assert "**5** of 8 businesses scored; **3** could not be scored" in text
    assert "## Levels today" in text and "## Most common blockers" in text


def test_exit_zero_and_json_rows_when_everything_scores(tmp_path):
    out = tmp_path / "rows.json"
    result = runner.invoke(app, ["batch", *map(str, EXAMPLES), "-o", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["schema"] == "omnicheck.batch/2" and data["rubric"]["id"] == "omnichannel"
    assert [row["source"] for row in data["rows"]] == [str(p) for p in EXAMPLES]
    assert all(row["error"] is None for row in data["rows"])
    assert [row["assessed"][:2] for row in data["rows"]] == ["20"] * len(EXAMPLES)
    levels = {level["id"]: level["count"] for level in data["summary"]["levels"]}
    assert sum(levels.values()) == len(EXAMPLES) == data["summary"]["businesses"]["scored"]
    assert levels == {
        "single-channel": 1,
        "multichannel": 1,
        "cross-channel": 1,
        "omnichannel": 1,
    }


def test_globs_folders_and_formats_on_stdout(inputs):
    folder, _ = inputs
    pattern = str(folder / "**" / "*.yaml")
    result = runner.invoke(app, ["batch", pattern, "--format", "md"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# Channel integration portfolio")
    assert "**4** of 4 businesses scored." in result.stdout
    empty = runner.invoke(app, ["batch", str(folder / "*.nothing")])
    assert empty.exit_code == 3
    assert f"{folder / '*.nothing'}: matches no files" in empty.stderr


def test_html_portfolio_escapes_names_and_is_self_contained(tmp_path, rubric):
    good = survey_cells(answers_from(EXAMPLES[1], rubric).answers)
    hostile = '<script>alert("x")</script> & Sons'
    survey = write_survey(tmp_path / "s.csv", rubric, [{"name": hostile, **good, "goal": "bad"}])
    result = runner.invoke(app, ["batch", str(survey), "--format", "html"])
    assert result.exit_code == 3
    page = result.stdout
    assert "<script" not in page and "&lt;script&gt;" in page
    assert_self_contained_html(page)


def test_usage_errors_write_nothing(tmp_path):
    for args, message in [
        (["--summary", str(tmp_path / "p.csv")], "cannot write --summary 'p.csv' as CSV"),
        (["-o", str(tmp_path / "rows.xlsx")], "cannot tell the format of --output 'rows.xlsx'"),
        (
            ["-o", str(tmp_path / "p.md"), "--summary", str(tmp_path / "p.md")],
            "--output and --summary name the same file",
        ),
    ]:
        result = runner.invoke(app, ["batch", str(EXAMPLES[0]), *args])
        assert result.exit_code == 2, args
        assert message in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_atomic_writer_keeps_the_old_file_when_the_run_fails(tmp_path):
    target = tmp_path / "rows.csv"
    target.write_text("earlier rows\n", encoding="utf-8")
    with pytest.raises(KeyboardInterrupt), atomic_writer(target) as handle:
        handle.write("half a run")
        raise KeyboardInterrupt
    assert target.read_text(encoding="utf-8") == "earlier rows\n"
    assert [p.name for p in tmp_path.iterdir()] == ["rows.csv"]
    with pytest.raises(OutputError), atomic_writer(target / "inside-a-file") as handle:
        handle.write("x")


def memory_kept_by_batch(survey: Path, rubric) -> tuple[int, int]:
    """The most memory a batch holds on to between businesses, in bytes, and the count scored.

    Every 50 businesses the run is paused, garbage is collected (which also
    empties CPython's free lists of recycled tuples and dicts, a bounded
    cache that would otherwise look like growth) and the bytes still
    allocated since the run began are read: the portfolio, the open file,
    the row writer, and anything a leak would keep.
    """
    sink = io.StringIO()
    tracemalloc.start()
    try:
        portfolio = Portfolio(rubric)
        writer = JsonRows(sink, rubric)
        kept = 0
        for count, (row, result) in enumerate(score_all(rubric, [str(survey)]), start=1):
            portfolio.add(row, result)
            writer.write(row)
            sink.seek(0)
            sink.truncate()  # the rows leave the process; only the run's own memory counts
            if count % 50 == 0:
                del row, result  # so that only what the run keeps is counted
                gc.collect()
                kept = max(kept, tracemalloc.get_traced_memory()[0])
        writer.close(portfolio.report())
        return kept, portfolio.scored
    finally:
        tracemalloc.stop()


@pytest.mark.slow
def test_memory_does_not_grow_with_the_number_of_businesses(tmp_path, rubric, monkeypatch):
    # The portfolio lists the first roster.LISTED businesses and counts the rest; with
    # both runs past a small cap, what grows is only what a leak would keep.
    monkeypatch.setattr(roster, "LISTED", 20)
    # A survey is read a piece at a time; a small file fits in one piece, a larger one
    # holds a whole piece at once. Small pieces, so that both runs hold one: what grows
    # then is only what a leak would keep, not the reading's bounded buffer.
    monkeypatch.setattr(survey_lines, "PIECE_BYTES", 4096)
    rows = [
        {"name": path.stem, **survey_cells(answers_from(path, rubric).answers)} for path in EXAMPLES
    ]
    # 300 businesses more tell a leak from noise: measured here, 100 and 1,000
    # businesses keep the same memory to within about 700 bytes, and 100 and 400
    # to within about 600, while a leak of even 100 bytes per business adds 30 kB.
    small = write_survey(tmp_path / "small.csv", rubric, rows * 25)
    large = write_survey(tmp_path / "large.csv", rubric, rows * 100)
    # What the first run in a process builds and keeps for good (the rubric's lookup
    # tables, modules imported on first use) would count as the small run's and hide
    # a leak in the large one: one pass over the same rows builds it untraced.
    memory_kept_by_batch(write_survey(tmp_path / "warm.csv", rubric, rows), rubric)
    kept_small, scored_small = memory_kept_by_batch(small, rubric)
    kept_large, scored_large = memory_kept_by_batch(large, rubric)
    assert (scored_small, scored_large) == (100, 400)
    assert kept_small > 30_000  # the portfolio's histograms alone are about 70 kB
    # four times the businesses, the same memory: allow a quarter of what a leak
    # of 100 bytes per business would add, for allocator noise
    assert kept_large - kept_small < 7_500, (kept_small, kept_large)


@pytest.mark.pty
def test_progress_bar_on_a_terminal_only(tmp_path, rubric, clean_env):
    rows = [
        {"name": f"B{i}", **survey_cells(answers_from(EXAMPLES[2], rubric).answers)}
        for i in range(300)
    ]
    survey = write_survey(tmp_path / "s.csv", rubric, rows)
    out = tmp_path / "rows.csv"
    child = pexpect.spawn(
        installed_omnicheck(),
        ["batch", str(survey), "-o", str(out)],
        env=clean_env,
        encoding="utf-8",
        dimensions=(24, 100),
        timeout=60,
    )
    child.expect("Scoring")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert len(rows_of(out)) == 300
    quiet = runner.invoke(app, ["batch", str(survey), "-o", str(tmp_path / "again.csv")])
    assert "Scoring" not in quiet.stderr
    assert quiet.stderr == f"Scored 300 of 300 businesses.\nWrote {tmp_path / 'again.csv'} (CSV)\n"


def test_an_input_with_many_problems_lists_a_few_on_stderr(tmp_path, rubric):
    survey = write_survey(tmp_path / "s.csv", rubric, [{"name": "Blank Ltd"}])
    result = runner.invoke(app, ["batch", str(survey), "-o", str(tmp_path / "rows.csv")])
    assert result.exit_code == 3
    lines = result.stderr.splitlines()
    listed = [line for line in lines if "missing answer" in line]
    assert len(listed) == PROBLEMS_PER_ROW
    assert re.fullmatch(rf"{re.escape(str(survey))}:2: and \d+ more problems?", lines[len(listed)])


def _varied_survey(tmp_path: Path, rubric, count: int) -> Path:
    """``count`` rows made from the examples, with every seventh row's goal misspelt."""
    rows = []
    for i in range(count):
        cells = survey_cells(answers_from(EXAMPLES[i % len(EXAMPLES)], rubric).answers)
        rows.append({"name": f"Business {i}", **cells, **({"goal": "bad"} if i % 7 == 3 else {})})
    return write_survey(tmp_path / "survey.csv", rubric, rows)


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_jobs_give_the_same_output_in_the_same_order(tmp_path, rubric, monkeypatch, fmt):
    """Rows, the portfolio and stderr are byte for byte those of one process, with the
    inputs split into chunks of 7 for the workers: failures straddle the chunks, and
    the survey's blank rows and a row with a cell too many are read in the workers."""
    monkeypatch.setattr(parallel, "CHUNK", 7)
    survey = _varied_survey(tmp_path, rubric, 45)
    lines = survey.read_text(encoding="utf-8").splitlines(keepends=True)
    width = lines[0].count(",")
    lines.insert(6, "," * width + "\n")  # blank rows, as spreadsheets leave them
    lines.insert(13, "\n")
    lines.insert(20, lines[20].rstrip("\n") + ",extra\n")
    survey.write_text("".join(lines), encoding="utf-8")
    folder = tmp_path / "clients"
    folder.mkdir()
    for path in EXAMPLES:
        shutil.copy(path, folder / path.name)
    (folder / "broken.yaml").write_text(BROKEN, encoding="utf-8")
    outputs = []
    for jobs in ("1", "2", "3"):
        rows, summary = tmp_path / f"rows-{jobs}.{fmt}", tmp_path / f"portfolio-{jobs}.json"
        result = runner.invoke(
            app,
            ["batch", str(survey), str(folder), "--jobs", jobs, "-o", str(rows),
             "--summary", str(summary)],
        )  # fmt: skip
        assert result.exit_code == 3, result.output
        stderr = result.stderr.replace(str(rows), "ROWS").replace(str(summary), "SUMMARY")
        outputs.append((rows.read_bytes(), summary.read_bytes(), stderr))
    assert outputs[0] == outputs[1] == outputs[2]
    report = json.loads(outputs[0][1])
    assert report["businesses"] == {"total": 51, "scored": 43, "failed": 8}
    # the list of businesses comes back from the workers too, each scored business once
    listed = report["business_list"]
    assert (listed["listed"], listed["more"]) == (43, 0)
    assert len({b["source"] for b in listed["rows"]}) == 43


def test_a_run_within_one_chunk_starts_no_workers(tmp_path, rubric, monkeypatch):
    started = []
    monkeypatch.setattr(parallel, "_in_workers", lambda *args: started.append(args) or iter(()))
    result = runner.invoke(app, ["batch", *map(str, EXAMPLES), "--jobs", "2"])
    assert result.exit_code == 0, result.output
    assert started == []
    assert len(result.stdout.splitlines()) == 1 + len(EXAMPLES)


def test_first_step_cells_hold_rubric_ids_and_a_neutralised_effort(rubric):
    """Ids follow the rubric's id pattern and cannot read as formulas; an effort's name is
    free text in a custom rubric, so it goes through the spreadsheet guard."""
    from dataclasses import replace

    from omnicheck.batch.rows import _step_cells

    results = [assess(rubric, answers_from(path, rubric)) for path in EXAMPLES]
    step = next(r.plan.steps[0] for r in results if r.plan.steps)
    cells = _step_cells(replace(step, effort="=HYPERLINK(1)"))
    assert cells[0] == step.question and cells[2] == step.to_option
    assert cells[3] == "'=HYPERLINK(1)"
    assert _step_cells(None) == [""] * len(STEP_FIELDS)


def test_a_file_reached_several_ways_is_scored_once(tmp_path, rubric):
    """Named directly, through its folder, through a linked folder, or by a link beside it:
    one file, one row; a copy is another file and scores again."""
    folder = tmp_path / "clients"
    folder.mkdir()
    shutil.copy(EXAMPLES[0], folder / "a.yaml")
    shutil.copy(EXAMPLES[0], folder / "copy.yaml")
    (folder / "same.yaml").symlink_to("a.yaml")
    (folder / "sub").mkdir()
    (tmp_path / "linked").symlink_to(folder, target_is_directory=True)
    named = [
        str(folder / "a.yaml"),
        str(folder),
        str(tmp_path / "linked"),
        str(tmp_path / "linked" / "same.yaml"),
        str(folder / ".." / "clients" / "a.yaml"),
        str(folder / "sub" / ".." / "a.yaml"),
        str(tmp_path / "linked" / "sub" / ".."),
    ]
    sources = [row.source for row, _ in score_all(rubric, named)]
    assert sources == [str(folder / "a.yaml"), str(folder / "copy.yaml")]
