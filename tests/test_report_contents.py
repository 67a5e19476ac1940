"""The HTML report's contents list names the sections the page has, and only those.

A merged file adds "Where your team disagrees", ``--benchmark`` adds "Compared
with peers", and notes on answers add an entry to the answers they sit beside.
Each entry must point at an element of the page, in the page's order.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from omnicheck.cli.app import app
from omnicheck.report.words import bundled
from tests.html_dom import parse
from tests.test_benchmark import OUTDOOR, PORTFOLIO
from tests.test_merge import WORKSHOP
from tests.test_notes import NOTED, with_answers

runner = CliRunner()
ALWAYS = ["why", "plan", "appendix"]


def contents(*args: str) -> tuple[list[tuple[str, str]], str]:
    result = runner.invoke(app, ["report", *args, "-f", "html"])
    assert result.exit_code == 0, result.stderr
    page = parse(result.stdout)
    toc = next(n for n in page.iter("nav") if "toc" in n.classes())
    entries = [(a.attrs["href"], a.text()) for a in toc.iter("a")]
    return entries, result.stdout


def check_targets(entries: list[tuple[str, str]], html: str) -> None:
    page = parse(html)
    assert all(page.by_id(href[1:]) is not None for href, _ in entries), entries
    where = [html.index(f'id="{href[1:]}"') for href, _ in entries]
    assert where == sorted(where), entries  # in the page's order


def test_a_plain_report_lists_the_three_parts():
    entries, html = contents(str(OUTDOOR))
    assert [h[1:] for h, _ in entries] == ALWAYS
    check_targets(entries, html)


def test_a_benchmark_adds_compared_with_peers():
    entries, html = contents(str(OUTDOOR), "--benchmark", str(PORTFOLIO))
    assert [h[1:] for h, _ in entries] == ["why", "benchmark", "plan", "appendix"]
    assert ("#benchmark", "Compared with peers") in entries
    check_targets(entries, html)


def test_a_merged_file_adds_where_your_team_disagrees(tmp_path: Path):
    merged = tmp_path / "merged.yaml"
    result = runner.invoke(app, ["merge", *map(str, WORKSHOP), "-o", str(merged)])
    assert result.exit_code == 0, result.stderr
    entries, html = contents(str(merged), "--benchmark", str(PORTFOLIO))
    assert [h[1:] for h, _ in entries] == ["why", "benchmark", "disagreements", *ALWAYS[1:]]
    assert ("#disagreements", "Where your team disagrees") in entries
    check_targets(entries, html)


@pytest.mark.parametrize("noted", [True, False])
def test_notes_add_an_entry_to_the_answers_they_sit_beside(tmp_path: Path, noted: bool):
    path = with_answers(tmp_path, NOTED) if noted else OUTDOOR
    entries, html = contents(str(path))
    assert (("#answers", "Notes and evidence, beside your answers") in entries) is noted
    check_targets(entries, html)


def test_the_band_advice_does_not_say_the_plan_is_ranked_by_gain():
    """The plan is in roadmap order (the steps to the target first), not ranked by gain."""
    band = {"kind": "band", "remedy": ""}
    advice = bundled().remedy(band)
    assert "ranks the steps by how much" not in advice and "plan" in advice
    # a gate's advice is the rubric's, and a gate the rubric gives none has none
    assert bundled().remedy({"kind": "gate", "remedy": "Link them."}) == "Link them."
    assert bundled().remedy({"kind": "gate", "remedy": ""}) == ""
