"""Domain errors carry ids; only the CLI names options in their messages."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from omnicheck.cli.app import app
from omnicheck.cli.messages import lines_for
from omnicheck.errors import UnknownFormatError
from omnicheck.report.output import format_for
from tests.conftest import EXAMPLES

runner = CliRunner()


def test_the_core_error_names_no_option() -> None:
    with pytest.raises(UnknownFormatError) as caught:
        format_for(None, Path("report.pdf"))
    exc = caught.value
    assert (exc.name, exc.target) == ("report.pdf", "output")
    assert ".md" in exc.suffixes and ".csv" not in exc.suffixes  # only the allowed formats
    assert "--" not in str(exc)


def test_the_cli_words_it_by_target() -> None:
    output = UnknownFormatError("rows.xlsx", [".csv", ".md"], "output")
    assert lines_for(output) == [
        "cannot tell the format of --output 'rows.xlsx': name a file ending in .csv, .md, "
        "or add --format"
    ]
    summary = UnknownFormatError("p.txt", [".html", ".json"], "summary")
    assert lines_for(summary) == [
        "cannot tell the format of --summary 'p.txt': name a file ending in .html, .json"
    ]


def test_batch_summary_with_an_unknown_suffix(tmp_path: Path) -> None:
    target = tmp_path / "portfolio.txt"
    result = runner.invoke(
        app, ["batch", str(EXAMPLES[0]), "-o", str(tmp_path / "rows.csv"), "--summary", str(target)]
    )
    assert result.exit_code == 2, result.output
    assert result.stderr == (
        "cannot tell the format of --summary 'portfolio.txt': "
        "name a file ending in .htm, .html, .json, .markdown, .md\n"
    )
    assert not target.exists() and not (tmp_path / "rows.csv").exists()
