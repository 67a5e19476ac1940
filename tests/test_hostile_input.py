"""Hostile and broken files, end to end through the command line.

Each file in tests/hostile/ is given to omnicheck both as an answers file and
as a rubric. Every run must end in one clear line per problem that names the
file (with LINE:COLUMN where there is one), exit status 2, no traceback, and
nothing written: an earlier output file is left exactly as it was.
Files too large to keep in the repository are made by the tests.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from typer.testing import CliRunner

from omnicheck.cli.app import app
from omnicheck.source.yaml_limits import MAX_NODES
from tests.conftest import EXAMPLES

HOSTILE = Path(__file__).resolve().parent / "hostile"
EXAMPLE = EXAMPLES[0]
NOT_ANSWERS = "not an answers file: expected a mapping with rubric, business and answers"
NOT_RUBRIC = "not a rubric: expected a mapping with id, version, sections, levels, ..."

#: file: (first line as an answers file, first line as a rubric), after "FILE".
EXPECTED = {
    "billion-laughs.yaml": (":2:64: YAML expands to more than 200,000 values",) * 2,
    "merge-bomb.yaml": (f":3:1: {NOT_ANSWERS}", f":3:1: {NOT_RUBRIC}"),
    "deep-flow.yaml": (":2:73: YAML nests more than 64 levels deep",) * 2,
    "deep-block.yaml": (":67:131: YAML nests more than 64 levels deep",) * 2,
    "python-tags.yaml": (
        ":3:11: unsupported YAML tag 'tag:yaml.org,2002:python/object/apply:os.system'",
    )
    * 2,
    "duplicate-keys.yaml": (":7:3: duplicate key 'goal' (first at line 5)",) * 2,
    "binary.yaml": (":3:1: is a binary file, not UTF-8 text (a NUL byte)",) * 2,
    "latin1.yaml": (":3:21: is not UTF-8 text (byte 0xe9); save it as UTF-8",) * 2,
    "utf16.yaml": (": is UTF-16 text; save it as UTF-8",) * 2,
    "syntax-error.yaml": (":4:13: not valid YAML: this [ is never closed",) * 2,
    "empty.yaml": (f": {NOT_ANSWERS}", f": {NOT_RUBRIC}"),
    "scalar.yaml": (f":1:1: {NOT_ANSWERS}", f":1:1: {NOT_RUBRIC}"),
    "list.yaml": (f":1:1: {NOT_ANSWERS}", f":1:1: {NOT_RUBRIC}"),
    "unrelated.yaml": (f":2:1: {NOT_ANSWERS}", f":2:1: {NOT_RUBRIC}"),
}


def test_the_corpus_is_complete():
    assert sorted(p.name for p in HOSTILE.iterdir()) == sorted(EXPECTED)


def refused(tmp_path: Path, args: list[str], source: Path) -> list[str]:
    """Run a command that must refuse its input; return its stderr lines."""
    out = tmp_path / "report.md"
    out.write_text("an earlier report\n")
    result = CliRunner().invoke(app, [a.replace("{out}", str(out)) for a in args])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert out.read_text() == "an earlier report\n"
    assert [p.name for p in tmp_path.iterdir() if p != source] == ["report.md"]
    lines = result.stderr.splitlines()
    assert lines and all(line.startswith(str(source)) for line in lines)
    return lines


@pytest.mark.parametrize("name", sorted(EXPECTED))
@pytest.mark.parametrize("command", ["report", "validate"])
def test_as_an_answers_file(tmp_path, name, command):
    source = HOSTILE / name
    args = [command, str(source)] + (["-o", "{out}"] if command == "report" else [])
    lines = refused(tmp_path, args, source)
    assert lines[0].startswith(f"{source}{EXPECTED[name][0]}")


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_as_a_rubric(tmp_path, name):
    source = HOSTILE / name
    lines = refused(
        tmp_path, ["report", str(EXAMPLE), "--rubric", str(source), "-o", "{out}"], source
    )
    assert lines[0].startswith(f"{source}{EXPECTED[name][1]}")
    linted = CliRunner().invoke(app, ["rubric", "lint", str(source)])
    assert linted.exit_code == 2
    expected = EXPECTED[name][1].replace(": ", ": error: ", 1)
    assert linted.stdout.startswith(f"{source}{expected}")


def test_a_file_over_the_size_cap_and_the_option_that_raises_it(tmp_path):
    source = tmp_path / "big.yaml"
    source.write_text(EXAMPLE.read_text() + "# " + "x" * (5 * 1024 * 1024) + "\n")
    lines = refused(tmp_path, ["report", str(source), "-o", "{out}"], source)
    assert lines == [f"{source}: file is 5.0 MB, over the 5.0 MB limit (raise it with --max-size)"]
    raised = CliRunner().invoke(app, ["validate", str(source), "--max-size", "6"])
    assert raised.exit_code == 0, raised.stderr


def test_too_many_values_are_refused_before_they_are_built(tmp_path):
    source = tmp_path / "many.yaml"
    source.write_text("answers: [" + "1," * (MAX_NODES + 10) + "1]\n")
    lines = refused(tmp_path, ["validate", str(source)], source)
    # Value 200,001 is the list's item 199,998 (after the mapping, its key and the
    # list itself), which starts at column 11 + 2 × 199,997.
    column = 11 + 2 * (MAX_NODES + 1 - 3 - 1)
    assert lines == [f"{source}:1:{column}: YAML has more than 200,000 values; refusing to read it"]


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs a POSIX /dev/zero")
def test_an_endless_device_is_not_read_at_all(tmp_path):
    result = CliRunner().invoke(app, ["validate", "/dev/zero", "--max-size", "1"])
    assert result.exit_code == 2
    assert result.stderr == "/dev/zero: is not a regular file (a character device)\n"


def test_a_directory_is_not_a_file(tmp_path):
    result = CliRunner().invoke(app, ["validate", str(tmp_path)])
    assert (result.exit_code, result.stderr) == (2, f"{tmp_path}: is a directory, not a file\n")


def test_a_rubric_given_as_answers_says_so(tmp_path):
    from omnicheck.source.resources import default_rubric_path

    rubric = default_rubric_path()
    result = CliRunner().invoke(app, ["validate", str(rubric)])
    assert result.exit_code == 2
    assert result.stderr.rstrip().endswith(
        "not an answers file: expected a mapping with rubric, business and answers "
        "(this looks like a rubric: pass it with --rubric)"
    )


#: A NUL byte after text with characters of two and three bytes in UTF-8 on its line: the
#: column counts characters, as the YAML messages do.
NUL_TEXT = EXAMPLE.read_bytes().replace(b"business:", "business: # Café ☕ \0".encode(), 1)
NUL_AT = (NUL_TEXT.split(b"\0")[0].count(b"\n") + 1, len("business: # Café ☕ ") + 1)


@pytest.mark.parametrize("command", ["report", "validate"])
def test_a_nul_byte_is_named_at_its_line_and_column(tmp_path, command):
    source = tmp_path / "nul.yaml"
    source.write_bytes(NUL_TEXT)
    args = [command, str(source)] + (["-o", "{out}"] if command == "report" else [])
    line, column = NUL_AT
    assert refused(tmp_path, args, source) == [
        f"{source}:{line}:{column}: is a binary file, not UTF-8 text (a NUL byte)"
    ]


def test_a_nul_byte_in_a_rubric_is_named_at_its_line_and_column(tmp_path):
    source = tmp_path / "rubric.yaml"
    source.write_bytes(b'id: x\nversion: "1"\ntitle: T\xc3\xa9st \x00\n')
    expected = f"{source}:3:13: is a binary file, not UTF-8 text (a NUL byte)"
    args = ["report", str(EXAMPLE), "--rubric", str(source), "-o", "{out}"]
    assert refused(tmp_path, args, source) == [expected]
    linted = CliRunner().invoke(app, ["rubric", "lint", str(source)])
    assert linted.exit_code == 2
    assert linted.stdout.splitlines()[0] == expected.replace(": is", ": error: is", 1)


def test_batch_names_a_nul_byte_in_the_error_cell_and_on_stderr(tmp_path):
    source = tmp_path / "nul.yaml"
    source.write_bytes(NUL_TEXT)
    good = tmp_path / "good.yaml"
    good.write_bytes(EXAMPLE.read_bytes())
    out = tmp_path / "rows.csv"
    result = CliRunner().invoke(app, ["batch", str(good), str(source), "-o", str(out)])
    assert result.exit_code == 3  # some inputs failed, the rest were scored
    line, column = NUL_AT
    expected = f"{source}:{line}:{column}: is a binary file, not UTF-8 text (a NUL byte)"
    assert expected in result.stderr.splitlines()
    with out.open(encoding="utf-8", newline="") as handle:
        rows = {row["source"]: row for row in csv.DictReader(handle)}
    assert rows[str(source)]["error"] == expected
    assert rows[str(good)]["level"] and not rows[str(good)]["error"]
