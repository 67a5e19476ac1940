"""Survey exports in CSV: every kind of column and cell, and every way a file goes wrong."""

from __future__ import annotations

import csv

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from omnicheck.answers.survey_csv import read_survey
from omnicheck.answers.survey_lines import MAX_CELL_CHARS, MAX_ROW_BYTES
from omnicheck.answers.validate import validate_answers
from omnicheck.cli.app import app
from omnicheck.cli.messages import worded
from omnicheck.errors import AnswersError
from omnicheck.loading import answers_from
from omnicheck.scoring.assessment import assess
from tests.conftest import ROOT, examples, survey_cells, worded_text, write_csv, write_survey

SKINCARE = ROOT / "examples" / "skincare-brand.yaml"


def test_a_row_scores_exactly_like_the_answers_file_it_came_from(rubric, tmp_path):
    expected = answers_from(SKINCARE, rubric)
    row = {"name": "Lumen Skincare", **survey_cells(expected.answers)}
    path = write_survey(tmp_path / "survey.csv", rubric, [row])
    [read] = list(read_survey(path, rubric))
    assert read.source == f"{path}:2" and read.name == "Lumen Skincare"
    got = validate_answers(read.document, rubric)
    # An empty multiple choice ([] in YAML) is a blank cell, which reads as unanswered:
    # the same for every score.
    assert got.answers == {k: v for k, v in expected.answers.items() if v != ()}
    mine, theirs = assess(rubric, got), assess(rubric, expected)
    assert (mine.index, mine.level.level, mine.target.strategy, mine.actions) == (
        theirs.index,
        theirs.level.level,
        theirs.target.strategy,
        theirs.actions,
    )


def test_every_kind_of_cell(rubric, tmp_path):
    row = {
        "name": "  Pop-up Co  ",
        "business.sector": "Street food",
        "goal": "reach",
        "channels": "physical_store; other ;social_media;",  # spaces and a trailing ; are fine
        "channels_other": "Market stall",
        "dominant_share": "N/A",
        "budget": "n/a: not decided yet",
        "service_capacity": "none",
        "multichannel_share": "unknown",
        "repeat_purchase": "weekly",
        "growth_stage": "early",
        "handoff.social_media": "physical_store@search;other@purchase",
    }
    path = write_survey(tmp_path / "survey.csv", rubric, [row], extra=("business.sector",))
    [read] = list(read_survey(path, rubric))
    with pytest.raises(AnswersError) as failure:
        validate_answers(read.document, rubric)  # integration questions are still missing
    answers = read.document.data["answers"]
    assert answers["channels"] == ["physical_store", "other", "social_media"]
    assert answers["handoff.social_media"] == ["physical_store@search", "other@purchase"]
    assert answers["dominant_share"] == "n/a"
    assert answers["budget"] == {"n/a": "not decided yet"}
    assert answers["channels_other"] == "Market stall"
    assert answers["content.prices"] is None  # blank: not answered
    assert read.document.data["business"] == {"name": "Pop-up Co", "sector": "Street food"}
    # every missing answer points at its own blank cell: row 2, the question's column
    column = 2 + 1 + [q.id for q in rubric.questions].index("content.prices")
    assert f"{path}:2:{column}: content.prices: missing answer" in worded_text(failure.value)


def test_problems_point_at_row_and_column(rubric, tmp_path):
    good = survey_cells(answers_from(SKINCARE, rubric).answers)
    rows = [
        {"name": "Good", **good},
        {},  # a blank row is skipped, but still counts as a spreadsheet row
        {"name": "Typo", **good, "goal": "loyality"},
        {"name": "", **good},
    ]
    path = write_survey(tmp_path / "survey.csv", rubric, rows)
    read = list(read_survey(path, rubric))
    assert [r.source for r in read] == [f"{path}:2", f"{path}:4", f"{path}:5"]
    goal_column = 2 + [q.id for q in rubric.questions].index("goal")
    with pytest.raises(AnswersError) as typo:
        validate_answers(read[1].document, rubric)
    assert worded_text(typo.value).startswith(
        f"{path}:4:{goal_column}: goal: unknown option 'loyality' (did you mean 'loyalty'?)"
    )
    with pytest.raises(AnswersError) as nameless:
        validate_answers(read[2].document, rubric)
    assert (
        worded_text(nameless.value)
        == f"{path}:5:1: business.name must be the business's name, as text"
    )


def test_unknown_and_repeated_columns_fail_the_whole_file(rubric, tmp_path):
    path = write_csv(tmp_path / "s.csv", ["Name", "goal", "gaol", "Timestamp", "goal"], [["A"] * 5])
    [read] = list(read_survey(path, rubric))
    assert read.document is None and read.source == str(path)
    assert [str(worded(p)) for p in read.problems] == [
        f"{path}:1:3: unknown column 'gaol'; did you mean 'goal'? "
        "(columns are name, assessed, question ids and business.DETAIL)",
        f"{path}:1:4: unknown column 'Timestamp' "
        "(columns are name, assessed, question ids and business.DETAIL)",
        f"{path}:1:5: column 'goal' repeats column 2",
    ]


def test_a_header_without_a_name_column(rubric, tmp_path):
    path = write_csv(tmp_path / "s.csv", ["goal"], [["reach"]])
    [read] = list(read_survey(path, rubric))
    assert [str(worded(p)) for p in read.problems] == [
        f"{path}:1:1: the header has no 'name' column for the business's name"
    ]


def test_semicolon_separated_export_gets_a_clear_message(rubric, tmp_path):
    path = tmp_path / "excel.csv"
    path.write_text("name;goal;budget\nA;reach;low\n", encoding="utf-8")
    [read] = list(read_survey(path, rubric))
    assert "separated by ';', not commas" in str(worded(read.problems[0]))
    assert str(worded(read.problems[0])).startswith(f"{path}:1:1: ")


def test_not_utf8_stops_the_file_where_it_breaks(rubric, tmp_path):
    good = survey_cells(answers_from(SKINCARE, rubric).answers)
    path = write_survey(tmp_path / "survey.csv", rubric, [{"name": "Good", **good}])
    with path.open("ab") as handle:
        handle.write(b"Caf\xe9 Ltd,reach\n")
    read = list(read_survey(path, rubric))
    assert read[0].document is not None
    assert read[-1].document is None
    assert "is not UTF-8 text; export it as 'CSV UTF-8'" in str(worded(read[-1].problems[0]))


def test_a_row_with_more_cells_than_columns(rubric, tmp_path):
    path = write_csv(tmp_path / "s.csv", ["name", "goal"], [["A", "reach", "stray"]])
    [read] = list(read_survey(path, rubric))
    assert read.name == "A"
    assert [str(worded(p)) for p in read.problems] == [
        f"{path}:2:3: this row has 3 cells but the header names 2 columns (1 cell without a column)"
    ]


def test_empty_and_missing_files(rubric, tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    [read] = list(read_survey(empty, rubric))
    assert str(worded(read.problems[0])) == f"{empty}: is empty: no header row"
    [missing] = list(read_survey(tmp_path / "nope.csv", rubric))
    assert missing.document is None
    assert str(worded(missing.problems[0])) == f"{tmp_path / 'nope.csv'}: no such file"


def test_an_assessed_column_dates_each_row_and_a_bad_date_is_located(rubric, tmp_path):
    expected = answers_from(SKINCARE, rubric)
    cells = survey_cells(expected.answers)
    rows = [
        {"name": "Dated", "Assessed": "2026-03-14", **cells},
        {"name": "Undated", "Assessed": "", **cells},
        {"name": "Typo", "Assessed": "2026-14-03", **cells},
    ]
    path = write_survey(tmp_path / "survey.csv", rubric, rows, extra=("Assessed",))
    dated, undated, typo = read_survey(path, rubric)
    assert str(validate_answers(dated.document, rubric).assessed) == "2026-03-14"
    assert validate_answers(undated.document, rubric).assessed is None
    with pytest.raises(AnswersError) as bad:
        validate_answers(typo.document, rubric)
    assert (
        worded_text(bad.value)
        == f"{path}:4:2: assessed: '2026-14-03' is not a date in the calendar"
    )


RUNAWAY = (
    "the quote that opens this cell runs on past its row (a stray quote?), so the rows after "
    "it would read as one cell; close it or remove it (rows from here on were not read)"
)


def _survey_with_quotes(tmp_path, *cells):
    """Two good rows and more, one per ``(row, text)`` in ``cells``: the raw text of the row's
    second cell, written as is (a csv writer would quote a quote)."""
    rubric_row = "Good,reach\n"
    lines = ["name,goal\n", rubric_row, rubric_row, rubric_row, rubric_row]
    for row, text in cells:
        lines[row - 1] = f"Good,{text}\n"
    path = tmp_path / "survey.csv"
    path.write_text("".join(lines), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("cells", "read"),
    [
        ([(3, '"reach')], 1),  # a quote never closed: every row after it
        ([(3, '"reach'), (4, '"reach')], 1),  # a second stray quote closes the first
    ],
    ids=["never closed", "closed rows later"],
)
def test_a_runaway_quote_stops_the_file_at_its_cell_instead_of_swallowing_rows(
    rubric, tmp_path, cells, read
):
    """The csv module reads on past the row: the rows after it would vanish into one cell."""
    path = _survey_with_quotes(tmp_path, *cells)
    rows = list(read_survey(path, rubric))
    assert [r.document is not None for r in rows] == [True] * read + [False]
    assert [str(worded(p)) for p in rows[-1].problems] == [f"{path}:3:2: {RUNAWAY}"]


def test_a_runaway_quote_in_a_large_file_is_named_as_one(rubric, tmp_path):
    """Past the csv module's cell limit, its own error comes first: it is still the quote."""
    path = tmp_path / "big.csv"
    path.write_text('name,goal\nAcme,"reach\n' + "Beta,reach\n" * 20_000, encoding="utf-8")
    [row] = list(read_survey(path, rubric))
    assert [str(worded(p)) for p in row.problems] == [f"{path}:2:2: {RUNAWAY}"]


def test_quoted_cells_that_close_are_read_whole(rubric, tmp_path):
    """Line breaks and doubled quotes inside a closed quote are part of the cell, and a
    quote inside a cell that does not start with one is a quote."""
    path = tmp_path / "s.csv"
    path.write_text(
        'name,goal\n"Two\nlines ""Ltd""",reach\nsay "hi",reach\n"ab"c,reach\n', encoding="utf-8"
    )
    read = list(read_survey(path, rubric))
    assert [r.name for r in read] == ['Two\nlines "Ltd"', 'say "hi"', "abc"]
    assert all(not any(p.code == "csv-unclosed-quote" for p in r.problems) for r in read)


@pytest.mark.parametrize(
    ("record", "cell"),
    [
        ('a,"b\n', 2),
        ('"a\nb,c\n', 1),
        ('a,"b""c\n', 2),
        ('a,"b\nc"d,e\n', 2),
        ('"a","b"\n', None),
        ('a"b,c\n', None),
        ('"a"b,"c\nd"\n', None),
        ('"a""",b\n', None),
        ('a,"b\r\nc"\r\n', None),
        ("", None),
    ],
)
def test_runaway_quote_agrees_with_the_csv_module(record, cell):
    """A record the check passes ends where the csv module ends it: the next row is a row
    of its own. One it flags either runs into the next row, or holds a line break in the
    flagged cell that a second quote closed."""
    import csv

    from omnicheck.answers.survey_csv import runaway_quote

    assert runaway_quote(record) == cell
    rows = list(csv.reader((record + "next,row\n").splitlines(keepends=True)))
    if cell is None:
        assert rows[-1] == ["next", "row"]
    else:
        swallowed = rows[-1] != ["next", "row"]
        assert swallowed or "\n" in rows[-2][cell - 1]


@settings(max_examples=examples(300))
@given(
    st.lists(
        st.text(alphabet=st.sampled_from(["a", " ", '"', ",", "\n", "\r", ";", "é"]), max_size=8),
        min_size=1,
        max_size=5,
    ),
    st.sampled_from(["\n", "\r\n"]),
)
def test_no_row_a_csv_writer_writes_has_a_runaway_quote(cells, end):
    """Whatever a spreadsheet's cells hold, a row it exports properly is never flagged."""
    import csv
    import io

    from omnicheck.answers.survey_csv import runaway_quote

    out = io.StringIO()
    csv.writer(out, lineterminator=end).writerow(cells)
    assert runaway_quote(out.getvalue()) is None


@pytest.mark.parametrize("rows", [2, 20_000], ids=["small", "past the cell limit"])
def test_a_runaway_quote_in_the_header_is_named_as_one_in_row_1(rubric, tmp_path, rows):
    path = tmp_path / "s.csv"
    path.write_text('name,"goal\n' + "Acme,reach\n" * rows, encoding="utf-8")
    [row] = list(read_survey(path, rubric))
    assert [str(worded(p)) for p in row.problems] == [f"{path}:1:2: {RUNAWAY}"]


def _runaway_quote_by_character(text):
    """:func:`runaway_quote` as it first was, one character at a time (but with a lone CR
    in a quoted cell a line break, as lines now end there): the reference its faster
    search must agree with."""
    cell, start, i, end = 1, True, 0, len(text)
    while i < end:
        char = text[i]
        if start and char == '"':
            opened = i
            i += 1
            while True:
                close = text.find('"', i)
                if close < 0:
                    return cell
                if text.startswith('"', close + 1):
                    i = close + 2
                    continue
                i = close + 1
                break
            after = text[i : i + 1]
            breaks = "\n" in text[opened:close] or "\r" in text[opened:close]
            if after not in ("", ",", "\r", "\n") and breaks:
                return cell
            start = False
            continue
        if char == ",":
            cell += 1
            start = True
        elif char in "\r\n":
            cell, start = 1, True
        else:
            start = False
        i += 1
    return None


@settings(max_examples=examples(500))
@given(st.text(alphabet=st.sampled_from(["a", '"', ",", "\n", "\r"]), max_size=40))
def test_runaway_quote_searches_as_a_character_by_character_reading_would(text):
    """It jumps from quote to quote instead of walking the text, with the same answer."""
    from omnicheck.answers.survey_csv import runaway_quote

    assert runaway_quote(text) == _runaway_quote_by_character(text)


TOO_LONG = (
    "this row is longer than 1 MiB, far longer than a survey's row; check that this is the "
    "survey export, saved as CSV UTF-8 (rows from here on were not read)"
)


@pytest.mark.parametrize(
    ("commas", "problem"),
    [(MAX_ROW_BYTES - 1, "csv-extra-cells"), (MAX_ROW_BYTES, "csv-row-too-long")],
    ids=["at the limit", "a byte over"],
)
def test_a_row_is_read_up_to_the_size_limit_with_its_line_end(rubric, tmp_path, commas, problem):
    path = tmp_path / "s.csv"
    path.write_bytes(b"name,goal\n" + b"," * commas + b"\n")
    [row] = list(read_survey(path, rubric))
    assert [p.code for p in row.problems] == [problem]


def test_a_row_over_the_size_limit_stops_the_file_at_its_row(rubric, tmp_path):
    """It is refused without being read whole: the rows before it are read, those after not."""
    path = tmp_path / "s.csv"
    path.write_bytes(b"name,goal\nGood,reach\n" + b"a" * 3 * MAX_ROW_BYTES + b"\nAfter,reach\n")
    good, stopped = read_survey(path, rubric)
    assert good.name == "Good" and good.document is not None
    assert (stopped.source, stopped.document) == (f"{path}:3", None)
    assert [str(worded(p)) for p in stopped.problems] == [f"{path}:3:1: {TOO_LONG}"]


def test_a_record_of_many_lines_over_the_size_limit_is_refused_too(rubric, tmp_path):
    """Quoted cells that hold line breaks make one row of many lines: its lines add up. The
    quote still open where the row is cut is not named: it would have closed on the next line."""
    path = tmp_path / "s.csv"
    cells = ',"a\nb"' * (MAX_ROW_BYTES // 6)
    path.write_text(f"name,goal\nGood,reach\nLong{cells}\nAfter,reach\n", encoding="utf-8")
    good, stopped = read_survey(path, rubric)
    assert good.name == "Good"
    assert [str(worded(p)) for p in stopped.problems] == [f"{path}:3:1: {TOO_LONG}"]


def test_batch_scores_the_rows_before_a_huge_row_and_fails_the_file_there(rubric, tmp_path):
    good = survey_cells(answers_from(SKINCARE, rubric).answers)
    path = write_survey(tmp_path / "s.csv", rubric, [{"name": "Good", **good}])
    with path.open("ab") as handle:
        handle.write(b"a" * 2 * MAX_ROW_BYTES + b"\r\n")
    write_survey(tmp_path / "after.csv", rubric, [{"name": "After", **good}])
    with path.open("ab") as handle:  # a good row after it, which is not read
        handle.write((tmp_path / "after.csv").read_bytes().split(b"\n", 1)[1])
    out = tmp_path / "rows.csv"
    result = CliRunner().invoke(app, ["batch", str(path), "-o", str(out)])
    assert result.exit_code == 3  # some inputs failed, as for any broken row
    assert f"{path}:3:1: {TOO_LONG}" in result.stderr.splitlines()
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["name"], r["source"], r["level"]) for r in rows] == [
        ("Good", f"{path}:2", rows[0]["level"]),
        ("", f"{path}:3", ""),
    ]
    assert rows[0]["level"] and not rows[0]["error"]
    assert rows[1]["error"] == f"{path}:3:1: {TOO_LONG}"


@pytest.mark.parametrize("end", ["\r", "\n", "\r\n"], ids=["CR (old Mac Excel)", "LF", "CRLF"])
@pytest.mark.parametrize("bom", ["", "\ufeff"], ids=["", "with a BOM"])
def test_rows_end_at_a_lone_cr_as_at_lf_or_crlf(rubric, tmp_path, end, bom):
    """Old Mac Excel ends rows with CR alone: it ends a row outside quotes, as Excel reads
    it, and stays in its cell inside them, as a line break typed in a cell does."""
    lines = ["name,goal", '"Acme, Inc",balanced', f'"Two{end}lines",reach', "", "Last,reach"]
    path = tmp_path / "s.csv"
    path.write_bytes((bom + end.join(lines)).encode())  # the last row without a line end
    read = list(read_survey(path, rubric))
    assert [(r.source, r.name, r.document.data["answers"]["goal"]) for r in read] == [
        (f"{path}:2", "Acme, Inc", "balanced"),
        (f"{path}:3", f"Two{end}lines", "reach"),
        (f"{path}:5", "Last", "reach"),
    ]


def test_batch_scores_a_survey_with_cr_line_ends_as_with_crlf(rubric, tmp_path):
    rows = [
        {"name": f"B{i}", **survey_cells(answers_from(path, rubric).answers)}
        for i, path in enumerate([SKINCARE, *sorted((ROOT / "examples").glob("*.yaml"))])
    ]
    crlf = write_survey(tmp_path / "crlf.csv", rubric, rows)
    cr = tmp_path / "cr.csv"
    cr.write_bytes(crlf.read_bytes().replace(b"\r\n", b"\r"))
    assert b"\n" not in cr.read_bytes()
    outputs = []
    for survey in (crlf, cr):
        out = tmp_path / f"{survey.stem}.rows.csv"
        result = CliRunner().invoke(app, ["batch", str(survey), "-o", str(out)])
        assert result.exit_code == 0, result.stderr
        outputs.append(out.read_text(encoding="utf-8").replace(survey.name, "SURVEY"))
    assert outputs[0] == outputs[1]
    assert outputs[1].count("SURVEY:") == len(rows)


@pytest.mark.parametrize(
    "cells",
    [[(3, '"reach')], [(3, '"reach'), (4, '"reach')]],
    ids=["never closed", "closed rows later"],
)
def test_a_runaway_quote_in_a_file_with_cr_line_ends_is_named_as_one(rubric, tmp_path, cells):
    path = _survey_with_quotes(tmp_path, *cells)
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r"))
    rows = list(read_survey(path, rubric))
    assert [r.document is not None for r in rows] == [True, False]
    assert [str(worded(p)) for p in rows[-1].problems] == [f"{path}:3:2: {RUNAWAY}"]


class _Trickle:
    """A file that hands out a few bytes at a time, whatever is asked for: the line ends
    fall at every place a piece can end, a CRLF cut in two among them."""

    def __init__(self, data, sizes):
        self.data, self.sizes, self.at, self.reads = data, sizes, 0, 0

    def read(self, count):
        size = min(count, self.sizes[self.reads % len(self.sizes)])
        self.reads += 1
        piece = self.data[self.at : self.at + size]
        self.at += len(piece)
        return piece


@settings(max_examples=examples(300))
@given(
    st.lists(st.sampled_from([b"a", b"\r", b"\n", b"\r\n", b'"', b",", "é".encode()]), max_size=30),
    st.lists(st.integers(min_value=1, max_value=7), min_size=1, max_size=5),
)
def test_lines_read_in_pieces_are_the_lines_of_the_whole(parts, sizes):
    from omnicheck.answers.survey_lines import Lines

    data = b"".join(parts)
    expected = [line.decode() for line in data.splitlines(keepends=True)]
    assert list(Lines(_Trickle(data, sizes))) == expected


CELL_TOO_LONG = (
    "this cell is longer than 128 KiB (131,072 characters), far longer than a survey's answer; "
    "shorten it (the other rows are read)"
)


@pytest.mark.parametrize(
    "cell",
    ["é" * (MAX_CELL_CHARS + 1), '"' + "a line\n" * (MAX_CELL_CHARS // 7 + 1) + '"'],
    ids=["on one line", "quoted, over many lines"],
)
def test_a_cell_over_the_limit_fails_its_own_row_and_the_rest_are_read(rubric, tmp_path, cell):
    """Said in our words at the cell, where the csv module's own error stopped the file (and
    the lines of a quoted cell after it would have been read as rows)."""
    path = tmp_path / "s.csv"
    path.write_text(f"name,goal\nGood,reach\nBig,{cell}\nAfter,reach\n", encoding="utf-8")
    good, big, after = read_survey(path, rubric)
    assert (good.name, after.name, after.source) == ("Good", "After", f"{path}:4")
    assert good.document is not None and after.document is not None
    assert (big.source, big.name, big.document) == (f"{path}:3", "Big", None)
    assert [str(worded(p)) for p in big.problems] == [f"{path}:3:2: {CELL_TOO_LONG}"]
    assert [p.code for p in big.problems] == ["csv-cell-too-long"]
    assert csv.field_size_limit() == 128 * 1024  # the csv module's limit, as it was


@pytest.mark.parametrize(("extra", "read"), [(0, True), (1, False)], ids=["at", "over"])
def test_a_cell_is_read_up_to_the_limit(rubric, tmp_path, extra, read):
    path = tmp_path / "s.csv"
    path.write_text("name,goal\n" + "N" * (MAX_CELL_CHARS + extra) + ",reach\n", encoding="utf-8")
    [row] = read_survey(path, rubric)
    assert (row.document is not None) == read
    assert [p.code for p in row.problems] == ([] if read else ["csv-cell-too-long"])
    assert row.name == ("N" * MAX_CELL_CHARS if read else "")  # a name over it is not shown


def test_a_header_cell_over_the_limit_stops_the_file(rubric, tmp_path):
    path = tmp_path / "s.csv"
    path.write_text("name,goal," + "x" * (MAX_CELL_CHARS + 1) + "\nAcme,reach\n", encoding="utf-8")
    [row] = read_survey(path, rubric)
    assert (row.source, row.document) == (str(path), None)
    assert [str(worded(p)) for p in row.problems] == [f"{path}:1:3: {CELL_TOO_LONG}"]


def test_a_runaway_quote_in_a_file_past_the_row_limit_is_named_as_one(rubric, tmp_path):
    """A quote left open for more than a cell's limit, in a row cut at the row limit."""
    path = tmp_path / "big.csv"
    rows = "Beta,reach\n" * (2 * MAX_ROW_BYTES // 11)
    path.write_text('name,goal\nGood,reach\nAcme,"reach\n' + rows, encoding="utf-8")
    good, stopped = read_survey(path, rubric)
    assert good.document is not None
    assert [str(worded(p)) for p in stopped.problems] == [f"{path}:3:2: {RUNAWAY}"]


def test_batch_scores_every_row_but_the_one_with_a_cell_over_the_limit(rubric, tmp_path):
    good = survey_cells(answers_from(SKINCARE, rubric).answers)
    rows = [
        {"name": "Before", **good},
        {"name": "Big", **good, "business.note": "x" * (MAX_CELL_CHARS + 1)},
        {"name": "After", **good},
    ]
    path = write_survey(tmp_path / "s.csv", rubric, rows, extra=("business.note",))
    out = tmp_path / "rows.csv"
    result = CliRunner().invoke(app, ["batch", str(path), "-o", str(out)])
    assert result.exit_code == 3  # some inputs failed, the rest were scored
    expected = f"{path}:3:2: {CELL_TOO_LONG}"
    assert expected in result.stderr.splitlines()
    assert "field limit" not in result.stderr
    with out.open(encoding="utf-8", newline="") as handle:
        read = list(csv.DictReader(handle))
    assert [(r["name"], r["source"], bool(r["level"]), r["error"]) for r in read] == [
        ("Before", f"{path}:2", True, ""),
        ("Big", f"{path}:3", False, expected),
        ("After", f"{path}:4", True, ""),
    ]
