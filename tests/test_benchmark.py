"""``report --benchmark``: the business among its peers, from a portfolio's distributions only.

The bundled peers file (examples/peers/peers.json) is ``omnicheck peers`` of 40
generated businesses (``benchmarks/synthetic.py --peers``): their distributions only.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from omnicheck.cli.app import app
from omnicheck.scoring.benchmark import MIN_PEERS, distribution, standing
from tests.conftest import EXAMPLES, ROOT
from tests.goldens import check_golden, check_page_golden

runner = CliRunner()
PORTFOLIO = ROOT / "examples" / "peers" / "peers.json"
OUTDOOR = ROOT / "examples" / "outdoor-retailer.yaml"
LOCATED = re.compile(r"^\S+:\d+:\d+: ")


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def benchmark(*args: str) -> dict:
    status, out, err = run("report", str(OUTDOOR), "--format", "json", *args)
    assert status == 0, err
    return json.loads(out)["benchmark"]


def test_better_than_counts_the_peers_strictly_below():
    pairs = [[10.0, 2], [20.0, 3], [30.0, 5]]
    s = standing(pairs, 20.0)
    assert (s.peers, s.below, s.same, s.better_than) == (10, 2, 3, 20.0)
    assert standing(pairs, 30.04).same == 5  # on the 0.1 grid, as the reports round
    assert standing(pairs, 35.0).better_than == 100.0
    assert standing([[10.0, MIN_PEERS - 1]], 50.0).better_than is None


def test_a_distribution_is_the_histogram_made_sparse():
    counts = [0] * 1001
    counts[160], counts[1000] = 3, 1
    assert distribution(counts) == [[16.0, 3], [100.0, 1]]


def test_the_report_places_the_business_among_the_peers():
    doc = json.loads(PORTFOLIO.read_text(encoding="utf-8"))
    b = benchmark("--benchmark", str(PORTFOLIO))
    assert b["peers"] == doc["businesses"]["scored"] == 40
    assert b["source"] == "peers.json"
    index = b["index"]
    pairs = doc["index"]["distribution"]
    below = sum(n for score, n in pairs if score < index["score"])
    assert index["below"] == below
    assert index["better_than"] == round(100 * below / doc["index"]["scored"], 1)
    assert index["spread"]["median"] == doc["index"]["median"]
    assert [d["id"] for d in b["dimensions"]] == [d["id"] for d in doc["dimensions"]]
    assert [lv["current"] for lv in b["levels"]] == [False, True, False, False]
    assert [lv["count"] for lv in b["levels"]] == [lv["count"] for lv in doc["levels"]]


def test_the_bundled_peers_are_a_spread_of_every_level():
    """An example where nobody is multichannel or omnichannel looks like a broken file."""
    levels = json.loads(PORTFOLIO.read_text(encoding="utf-8"))["levels"]
    assert all(lv["count"] >= 4 for lv in levels), levels


@pytest.mark.slow
def test_the_bundled_peers_are_what_the_generator_writes(tmp_path):
    import runpy

    synthetic = runpy.run_path(str(ROOT / "benchmarks" / "synthetic.py"))
    from omnicheck.loading import rubric_from

    made = synthetic["write_peers"](rubric_from(None), tmp_path / "peers.json")
    assert made.read_text(encoding="utf-8") == PORTFOLIO.read_text(encoding="utf-8")


def test_the_terminal_says_which_peers_a_score_is_compared_with():
    text = " ".join(run("report", str(OUTDOOR), "--benchmark", str(PORTFOLIO))[1].split())
    scored = json.loads(PORTFOLIO.read_text(encoding="utf-8"))["index"]["scored"]
    assert scored < 40 and f"better than 0% of {scored}" in text
    assert f'"of {scored}" counts the peers with that score' in text


def test_every_format_shows_it():
    md = run("report", str(OUTDOOR), "--benchmark", str(PORTFOLIO), "-f", "md")[1]
    assert "## Compared with peers" in md and "| Multichannel ← **you** |" in md
    html = run("report", str(OUTDOOR), "--benchmark", str(PORTFOLIO), "-f", "html")[1]
    assert html.count('<svg class="peer-strip"') == 9
    text = run("report", str(OUTDOOR), "--benchmark", str(PORTFOLIO))[1]
    assert "Among the 40 businesses of peers.json" in text
    assert "better than" in text
    plain = run("report", str(OUTDOOR), "-f", "md")[1]
    assert "Compared with peers" not in plain


def test_a_folder_of_answers_is_its_portfolio(tmp_path):
    folder = tmp_path / "clients"
    folder.mkdir()
    for i in range(2):
        for example in EXAMPLES:
            shutil.copy(example, folder / f"{i}-{example.name}")
    from_folder = benchmark("--benchmark", str(folder))
    summary = tmp_path / "p.json"
    status, _, err = run("batch", str(folder), "--summary", str(summary), "-o", "/dev/null")
    assert status == 0, err
    assert from_folder == {**benchmark("--benchmark", str(summary)), "source": "clients"}
    assert from_folder["peers"] == 2 * len(EXAMPLES)
    # The outdoor retailer is twice among them: ties, never "better than" itself.
    assert from_folder["index"]["same"] == 2


def test_a_peers_file_holds_distributions_and_no_client(tmp_path):
    folder = tmp_path / "clients"
    folder.mkdir()
    for i in range(MIN_PEERS):
        text = OUTDOOR.read_text(encoding="utf-8").replace("Northfield Outdoor", f"Client {i}")
        (folder / f"client-{i}.yaml").write_text(text, encoding="utf-8")
    summary, shared = tmp_path / "portfolio.json", tmp_path / "peers.json"
    run("batch", str(folder), "--summary", str(summary), "-o", "/dev/null")
    assert "Client 0" in summary.read_text(encoding="utf-8")  # the portfolio lists them
    status, _, err = run("peers", str(summary), "-o", str(shared))
    assert status == 0, err
    text = shared.read_text(encoding="utf-8")
    assert "Client" not in text and "client-" not in text and "answers" not in text
    doc = json.loads(text)
    assert doc["schema"] == "omnicheck.peers/1"
    assert doc["index"]["distribution"] == [[16.0, MIN_PEERS]]
    # The same benchmark from the portfolio, the peers file and the folder.
    found = [benchmark("--benchmark", str(p)) for p in (summary, shared, folder)]
    assert [{**b, "source": ""} for b in found[1:]] == [{**found[0], "source": ""}] * 2
    assert run("peers", str(folder))[1] == text


def refused(tmp_path: Path, portfolio: Path) -> str:
    out = tmp_path / "r.md"
    status, stdout, err = run("report", str(OUTDOOR), "--benchmark", str(portfolio), "-o", str(out))
    assert status == 2, err
    assert not out.exists() and stdout == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]


def test_fewer_than_five_peers_are_refused(tmp_path):
    folder = tmp_path / "few"
    folder.mkdir()
    for example in EXAMPLES:  # four businesses
        shutil.copy(example, folder)
    line = refused(tmp_path, folder)
    assert line.startswith(f"{folder}:") and "at least 5" in line and "noise" in line


def test_a_file_that_is_not_a_portfolio_is_refused(tmp_path):
    report = tmp_path / "report.json"
    report.write_text(run("report", str(OUTDOOR), "-f", "json")[1], encoding="utf-8")
    line = refused(tmp_path, report)
    assert LOCATED.match(line) and "not a portfolio" in line and "batch --summary" in line
    broken = tmp_path / "broken.json"
    broken.write_text('{"schema":\n  oops}', encoding="utf-8")
    line = refused(tmp_path, broken)
    assert line.startswith(f"{broken}:2:3: not a portfolio: not JSON")
    line = refused(tmp_path, OUTDOOR.parent / "outdoor-retailer.yaml")
    assert "not a portfolio" in line


def test_a_portfolio_of_another_rubric_version_or_without_distributions(tmp_path):
    doc = json.loads(PORTFOLIO.read_text(encoding="utf-8"))
    other = tmp_path / "other.json"
    other.write_text(json.dumps({**doc, "rubric": {**doc["rubric"], "version": "0.9"}}))
    assert "version '0.9'" in refused(tmp_path, other)
    old = tmp_path / "old.json"
    index = {k: v for k, v in doc["index"].items() if k != "distribution"}
    old.write_text(json.dumps({**doc, "index": index}))
    assert "no score distributions" in refused(tmp_path, old)


def _edited(tmp_path: Path, edit, name: str = "edited.json") -> Path:
    """The bundled peers file with ``edit`` applied, written one key per line."""
    doc = json.loads(PORTFOLIO.read_text(encoding="utf-8"))
    edit(doc)
    path = tmp_path / name
    path.write_text(json.dumps(doc, indent=1), encoding="utf-8")
    return path


def _set(keys, value):
    def edit(doc):
        for key in keys[:-1]:
            doc = doc[key]
        doc[keys[-1]] = value

    return edit


@pytest.mark.parametrize(
    ("keys", "value", "said"),
    [
        (["rubric"], "omnichannel", "rubric should be the rubric's id and version"),
        (["businesses", "scored"], "40", "businesses.scored should be a whole number"),
        (["levels", 0], {"id": "single-channel"}, "levels[0].name is missing"),
        (["index", "median"], 120, "index.median should be a score from 0 to 100"),
        (
            ["dimensions", 2, "distribution", 1],
            [5],
            "dimensions[2].distribution[1] should be a [score, count]",
        ),
        (["dimensions", 1], ["a"], "dimensions[1] should hold the figures of a dimension"),
    ],
)
def test_a_damaged_portfolio_is_refused_where_it_is_damaged(tmp_path, keys, value, said):
    path = _edited(tmp_path, _set(keys, value))
    line = refused(tmp_path, path)
    assert LOCATED.match(line) and f"not a portfolio: {said}" in line, line
    at = int(line.split(":")[1])
    shown = path.read_text(encoding="utf-8").splitlines()[at - 1]
    if isinstance(value, (str, int)):  # a damaged value is named on its own line
        assert f'"{keys[-1]}": {json.dumps(value)}' in shown, shown
    else:  # a list, or the mapping that lacks a key: where it opens
        assert shown.strip() in ("[", "{"), shown
    status, _stdout, err = run("peers", str(path), "-o", str(tmp_path / "p.json"))
    assert status == 2 and said in err and not (tmp_path / "p.json").exists()


@pytest.mark.parametrize(
    ("replace", "said"),
    [
        (("19.3", "NaN"), "NaN is not a number in JSON"),
        (("19.3", "1e999"), "the number 1e999 is out of range"),
        (("19.3", "9" * 5000), "is too long"),
    ],
)
def test_numbers_that_json_cannot_hold_are_refused_with_their_place(tmp_path, replace, said):
    text = PORTFOLIO.read_text(encoding="utf-8")
    assert replace[0] in text
    path = tmp_path / "numbers.json"
    path.write_text(text.replace(replace[0], replace[1], 1), encoding="utf-8")
    line = refused(tmp_path, path)
    at = int(line.split(":")[1])
    assert said in line and replace[1][:10] in text.replace(*replace, 1).splitlines()[at - 1]


def test_a_portfolio_nested_past_the_parser_is_refused(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    assert "nested too deeply" in refused(tmp_path, path)


def test_the_rows_of_batch_json_are_read_for_their_portfolio(tmp_path):
    folder = tmp_path / "clients"
    folder.mkdir()
    for i in range(MIN_PEERS):
        shutil.copy(OUTDOOR, folder / f"c{i}.yaml")
    rows = tmp_path / "rows.json"
    status, _, err = run("batch", str(folder), "-f", "json", "-o", str(rows))
    assert status == 0, err
    assert benchmark("--benchmark", str(rows)) == {
        **benchmark("--benchmark", str(folder)),
        "source": "rows.json",
    }


def test_a_bad_file_in_the_folder_is_refused(tmp_path):
    folder = tmp_path / "clients"
    folder.mkdir()
    for i in range(MIN_PEERS):
        shutil.copy(OUTDOOR, folder / f"c{i}.yaml")
    (folder / "bad.yaml").write_text("rubric: [", encoding="utf-8")
    line = refused(tmp_path, folder)
    assert "bad.yaml" in line


@pytest.mark.parametrize("fmt", ["md", "json", "html"])
def test_golden_benchmark(fmt, update_golden, monkeypatch):
    monkeypatch.chdir(ROOT)
    status, out, err = run(
        "report",
        "examples/outdoor-retailer.yaml",
        "--benchmark",
        "examples/peers/peers.json",
        "-f",
        fmt,
    )
    assert status == 0, err
    name = f"benchmark-outdoor-retailer.{fmt}"
    if fmt == "html":
        check_page_golden(name, out, update_golden)
    else:
        check_golden(name, out, update_golden)
