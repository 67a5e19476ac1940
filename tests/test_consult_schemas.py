"""The JSON of plan, history and peers against the schemas omnicheck ships for them."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from typer.testing import CliRunner

from omnicheck.cli.app import app
from tests.conftest import EXAMPLES, ROOT
from tests.test_history import VISITS
from tests.test_merge import WORKSHOP

SCHEMAS = ROOT / "omnicheck" / "report" / "schemas"
runner = CliRunner()


@cache
def validator(name: str) -> Draft202012Validator:
    every = [json.loads(p.read_text(encoding="utf-8")) for p in SCHEMAS.glob("*.schema.json")]
    registry = Registry().with_resources((s["$id"], Resource.from_contents(s)) for s in every)
    schema = json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, registry=registry)


def assert_valid(name: str, data: Any) -> None:
    errors = [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in validator(name).iter_errors(data)
    ]
    assert errors == [], errors[:5]


def output(*args: str) -> Any:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_plans_are_valid(example):
    doc = output("plan", str(example), "--format", "json")
    assert doc["schema"] == "omnicheck.plan/1"
    assert_valid("plan-1", doc)


def test_history_is_valid(tmp_path):
    assert_valid("history-1", output("history", *map(str, VISITS), "-f", "json"))
    merged = tmp_path / "merged.yaml"
    runner.invoke(app, ["merge", *map(str, WORKSHOP), "-o", str(merged)])
    assert_valid("history-1", output("history", str(VISITS[1]), str(merged), "-f", "json"))


def test_peers_are_valid(tmp_path: Path):
    bundled = json.loads((ROOT / "examples" / "peers" / "peers.json").read_text("utf-8"))
    assert_valid("peers-1", bundled)
    folder = tmp_path / "clients"
    folder.mkdir()
    for i, example in enumerate(EXAMPLES * 2):
        (folder / f"{i}.yaml").write_bytes(example.read_bytes())
    assert_valid("peers-1", output("peers", str(folder)))


def test_a_report_with_everything_is_valid(tmp_path):
    merged = tmp_path / "merged.yaml"
    runner.invoke(app, ["merge", *map(str, WORKSHOP), "-o", str(merged)])
    peers = ROOT / "examples" / "peers" / "peers.json"
    assert_valid("report-3", output("report", str(merged), "--benchmark", str(peers), "-f", "json"))
    assert_valid("report-3", output("report", str(WORKSHOP[1]), "-f", "json"))  # notes
