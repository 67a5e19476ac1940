"""The format table and the one output verb: every command's document, in every format it allows."""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from omnicheck.errors import FormatNotAllowedError, UnknownFormatError
from omnicheck.report.formats import DOCUMENTS, FORMATS, SUFFIXES, format_for, formats_of
from omnicheck.report.output import Document, as_text, write

VIEWS = ("text", "md", "json", "html")


def test_every_suffix_names_one_format_and_every_document_has_one() -> None:
    listed = [s for f in FORMATS.values() for s in f.suffixes]
    assert len(listed) == len(set(listed)) == len(SUFFIXES)
    assert all(s.startswith(".") and s == s.lower() for s in listed)
    for document in DOCUMENTS:
        assert formats_of(document), document
    assert {d for f in FORMATS.values() for d in f.documents} == set(DOCUMENTS)


@pytest.mark.parametrize(
    ("name", "expected"),
    [("r.md", "md"), ("R.MARKDOWN", "md"), ("r.htm", "html"), ("r.txt", "text"), (None, "text")],
)
def test_the_suffix_decides_when_no_format_is_given(name: str | None, expected: str) -> None:
    path = None if name is None else Path(name)
    assert format_for(None, path, allowed=VIEWS, default="text") == expected
    assert format_for("json", path, allowed=VIEWS, default="text") == "json"


def test_an_unknown_suffix_and_a_known_one_not_allowed_are_told_apart() -> None:
    with pytest.raises(UnknownFormatError) as unknown:
        format_for(None, Path("r.pdf"), allowed=("md", "json"), default="md", target="summary")
    assert unknown.value.suffixes == (".json", ".markdown", ".md")
    assert unknown.value.target == "summary"
    with pytest.raises(FormatNotAllowedError) as refused:
        format_for(None, Path("rows.csv"), allowed=("md", "json"), default="md")
    exc = refused.value
    assert (exc.name, exc.format, exc.target) == ("rows.csv", "csv", "output")
    assert exc.suffixes == (".json", ".markdown", ".md")
    assert "--" not in str(exc)  # the CLI names the option


def test_a_stream_without_a_suffix_takes_the_default(tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    assert format_for(None, fifo, allowed=("yaml",), default="yaml") == "yaml"


@dataclass
class Streams:
    """A command's streams, captured; no cache."""

    stdout: io.StringIO = field(default_factory=io.StringIO)
    stderr: io.StringIO = field(default_factory=io.StringIO)
    cache_dir: Path | None = None


def _document() -> Document:
    return Document("peers", {"name": "Hearth & Crumb", "score": 61.5})


def test_the_verb_writes_a_file_whole_and_names_it(tmp_path: Path) -> None:
    env = Streams()
    target = tmp_path / "deep" / "peers.json"
    write(_document(), "json", target, env)
    text = target.read_text(encoding="utf-8")
    assert json.loads(text) == {"name": "Hearth & Crumb", "score": 61.5}
    assert text.endswith("}\n") and env.stdout.getvalue() == ""
    size = len(text.encode()) / 1024
    assert env.stderr.getvalue() == f"Wrote {target} (JSON, {size:.1f} kB)\n"


def test_the_verb_prints_the_same_bytes_and_an_open_stream_gets_no_word(tmp_path: Path) -> None:
    env = Streams()
    write(_document(), "json", None, env)
    stream = io.StringIO()
    write(_document(), "json", stream, env)
    assert env.stdout.getvalue() == stream.getvalue() == as_text(_document(), "json")
    assert env.stderr.getvalue() == ""


def test_a_document_is_never_written_in_a_format_it_does_not_hold() -> None:
    with pytest.raises(ValueError, match="never written as html"):
        as_text(_document(), "html")
    with pytest.raises(ValueError, match="does not write its own yaml"):
        as_text(Document("answers"), "yaml")
    with pytest.raises(ValueError, match="not a document"):
        Document("invoice")


def test_a_document_writes_its_own_formats_itself() -> None:
    answers = Document("answers", own={"yaml": lambda: "business: {name: x}\n"})
    stream = io.StringIO()
    write(answers, "yaml", stream)
    assert stream.getvalue() == "business: {name: x}\n"


def test_the_figure_filters_shared_by_the_diff_and_portfolio_templates() -> None:
    from omnicheck.report.render import measure, stat

    assert [measure(None, "%"), measure(34.1, "%"), measure(80.0), measure(3)] == [
        "–",
        "34.1%",
        "80",
        "3",
    ]
    assert [stat(None), stat(60.0), stat(61.1), stat(47.05)] == ["–", "60.0", "61.1", "47.05"]


def test_a_template_override_draws_the_charts_from_the_data_alone(tmp_path: Path) -> None:
    """The chart geometry is a render global: an override needs nothing its command passes."""
    from typer.testing import CliRunner

    from omnicheck.cli.app import app
    from tests.conftest import ROOT

    before = ROOT / "examples" / "outdoor-retailer.yaml"
    later = ROOT / "examples" / "reassessment" / "outdoor-retailer-a-year-later.yaml"
    folder = tmp_path / "brand"
    folder.mkdir()
    (folder / "diff.html.j2").write_text("radar {{ compare_radar(d).viewbox }}\n")
    (folder / "history.html.j2").write_text("{{ history_charts(h)|length }} charts\n")
    runner = CliRunner()
    for command, page in (
        ("diff", r"radar -?[\d.]+ -?[\d.]+ [\d.]+ [\d.]+\n"),
        ("history", r"\d+ charts\n"),
    ):
        result = runner.invoke(
            app, [command, str(before), str(later), "-f", "html", "--templates", str(folder)]
        )
        assert result.exit_code == 0, result.output
        assert re.fullmatch(page, result.stdout), result.stdout
