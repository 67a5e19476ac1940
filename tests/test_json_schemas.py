"""The JSON outputs against the schemas omnicheck ships, and the README's key tables against both.

``omnicheck/report/schemas/`` holds a JSON Schema (draft 2020-12) for each JSON
output: the report, the diff, the batch rows and the portfolio. Every output
must validate, for the examples and for generated businesses, and each key
table in README.md (marked ``<!-- keys: SCHEMA -->`` or ``SCHEMA#DEF`` for a
shared shape) must name exactly the keys its schema has, so neither the
documentation nor a schema can fall behind the code.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from typer.testing import CliRunner

from omnicheck.cli.app import app
from omnicheck.report.data import build_report
from omnicheck.report.diff import diff_assessments
from omnicheck.scoring.assessment import assess
from tests.conftest import EXAMPLES, ROOT, answers_for, examples
from tests.strategies import raw_answers, varied_answers

SCHEMAS = ROOT / "omnicheck" / "report" / "schemas"
REASSESSED = ROOT / "examples" / "reassessment" / "outdoor-retailer-a-year-later.yaml"
runner = CliRunner()


@cache
def schema(name: str) -> dict[str, Any]:
    return json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))


@cache
def validator(name: str) -> Draft202012Validator:
    resources = [(schema(n)["$id"], Resource.from_contents(schema(n))) for n in NAMES]
    Draft202012Validator.check_schema(schema(name))
    return Draft202012Validator(schema(name), registry=Registry().with_resources(resources))


NAMES = ("report-3", "diff-3", "portfolio-1", "batch-2", "history-1")


def assert_valid(name: str, data: Any) -> None:
    errors = [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in validator(name).iter_errors(data)
    ]
    assert errors == [], errors[:5]


def test_each_schema_names_the_layout_the_code_writes():
    from omnicheck.batch import portfolio, rows
    from omnicheck.report import data, diff, history

    consts = {n: schema(n)["properties"]["schema"]["const"] for n in NAMES}
    assert consts == {
        "report-3": data.SCHEMA,
        "diff-3": diff.SCHEMA,
        "portfolio-1": portfolio.SCHEMA,
        "batch-2": rows.ROWS_SCHEMA,
        "history-1": history.SCHEMA,
    }
    # one shape of a check (band, gate or alternative) in the report and the diff
    assert schema("diff-3")["$defs"]["check"] == schema("report-3")["$defs"]["check"]


def test_the_shipped_schemas_are_the_ones_the_model_generates():
    """Run ``python -m omnicheck.report.schema_gen`` after changing the model."""
    from omnicheck.report.schema_gen import SCHEMAS as SHIPPED
    from omnicheck.report.schema_gen import generated, text

    for name, made in generated().items():
        assert (SHIPPED / name).read_text(encoding="utf-8") == text(made), name


GOLDEN_SCHEMAS = {
    "omnicheck.report/3": "report-3",
    "omnicheck.diff/3": "diff-3",
    "omnicheck.history/1": "history-1",
}


@pytest.mark.parametrize(
    "golden", sorted((ROOT / "tests" / "golden").glob("*.json")), ids=lambda p: p.stem
)
def test_every_json_golden_is_valid(golden):
    data = json.loads(golden.read_text(encoding="utf-8"))
    name = GOLDEN_SCHEMAS[data["schema"]]
    assert_valid(name, data)


def test_a_diff_written_before_because_still_meets_its_version_s_schema():
    """``because`` was added within diff/3: a file written before it keeps its version."""
    golden = ROOT / "tests" / "golden" / "diff-outdoor-retailer-a-year-later.json"
    data = json.loads(golden.read_text(encoding="utf-8"))
    crossed = data["gates"]["met"] + data["gates"]["lost"]
    assert crossed, "the golden should hold a gate that changed"
    for gate in crossed:
        del gate["because"]
    assert_valid("diff-3", data)


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_every_example_report_is_valid(example):
    result = runner.invoke(app, ["report", str(example), "-f", "json"])
    assert_valid("report-3", json.loads(result.stdout))


def test_diffs_rows_and_portfolios_are_valid(tmp_path, rubric_v11):
    for old, new, extra in [
        (EXAMPLES[0], REASSESSED, []),
        (REASSESSED, EXAMPLES[2], []),
        (EXAMPLES[1], EXAMPLES[1], ["--rubric", str(rubric_v11)]),  # set aside, not answered
    ]:
        result = runner.invoke(app, ["diff", str(old), str(new), "-f", "json", *extra])
        assert result.exit_code == 0, result.stderr
        assert_valid("diff-3", json.loads(result.stdout))
    broken = tmp_path / "broken.yaml"
    broken.write_text("rubric: {id: omnichannel, version: '1.0'}\nbusiness: {}\n", encoding="utf-8")
    rows = runner.invoke(
        app, ["batch", *map(str, EXAMPLES), str(broken), "missing.yaml", "-f", "json"]
    )
    assert rows.exit_code == 3  # failed rows and listed failures are in the document too
    document = json.loads(rows.stdout)
    assert_valid("batch-2", document)
    assert_valid("portfolio-1", document["summary"])


@pytest.fixture(scope="module")
def rubric_v11(tmp_path_factory) -> Path:
    from omnicheck.source.resources import default_rubric_path

    text = default_rubric_path().read_text(encoding="utf-8")
    text = text.replace('version: "1.0"', 'version: "1.1"', 1).replace(
        "id: content.brand\n", "id: content.style\n", 1
    )
    path = tmp_path_factory.mktemp("rubrics") / "v11.yaml"
    path.write_text(text, encoding="utf-8")
    return path


BASES = tuple(yaml.safe_load(p.read_text(encoding="utf-8"))["answers"] for p in EXAMPLES)


@settings(max_examples=examples(25), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_any_business_gives_a_valid_report_and_diff(rubric, data):
    raw = data.draw(st.one_of(raw_answers(rubric), varied_answers(rubric, BASES)))
    result = assess(rubric, answers_for(rubric, raw))
    assert_valid("report-3", json.loads(json.dumps(build_report(result))))
    other = assess(rubric, answers_for(rubric, data.draw(varied_answers(rubric, BASES))))
    assert_valid("diff-3", json.loads(json.dumps(diff_assessments(other, result))))


# ── the README's key tables ─────────────────────────────────────────────────


def readme_tables() -> dict[str, list[tuple[str, str]]]:
    """Each marked table's rows as (key cell, content cell), by the schema (or SCHEMA#DEF)."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    tables = {}
    for match in re.finditer(r"<!-- keys: (\S+) -->\n+((?:\|.*\n)+)", text):
        rows = [line for line in match[2].splitlines() if line.startswith("| `")]
        tables[match[1]] = [(row.split("|")[1], row.split("|", 2)[2]) for row in rows]
    return tables


def keys_in(cell: str) -> set[str]:
    return set(re.findall(r"`([a-z_][a-z_0-9.\[\]]*)`", cell))


def documented(rows: list[tuple[str, str]]) -> tuple[set[str], set[str]]:
    """The keys a table names in its key column, and every key it documents: those, the
    paths its text spells out, and the text's keys read below the row's own
    (`from` in the row of `level` is `level.from`)."""
    named = {key for cell, _ in rows for key in keys_in(cell)}
    said = set(named)
    for cell, text in rows:
        words = keys_in(text)
        said |= words
        said |= {f"{k}{join}{w}" for k in keys_in(cell) for w in words for join in (".", "[].")}
    return named, said


def key_paths(
    node: dict[str, Any], prefix: str = "", root: dict[str, Any] | None = None
) -> set[str]:
    """Every key below ``node``, as ``a.b[].c``, through the shapes ``$ref`` names (within
    ``root``) and each branch of an ``anyOf``; a shared shape (a check, a side of the
    diff) is documented in a table of its own."""
    found: set[str] = set()
    for key, child in _shapes(node, root):
        path = prefix + key
        found.add(path)
        found |= key_paths(child, path + ".", root)
        for shape in _branches(child, root):
            items = shape.get("items")
            if isinstance(items, dict):
                found |= key_paths(items, path + "[].", root)
    return found


SHARED = {"#/$defs/check", "#/$defs/side", "#/$defs/change"}
#: Shapes with a table of their own, not read below the keys that hold them: the shared
#: ones, and a condition's (which nest, so reading below them would never end).
OWN_TABLE = SHARED | {
    f"#/$defs/condition_{kind}" for kind in ("metric", "question", "combined", "not")
}


def _branches(node: dict[str, Any], root: dict[str, Any] | None) -> list[dict[str, Any]]:
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/") and root is not None:
        return [] if ref in OWN_TABLE else _branches(root["$defs"][ref.rsplit("/", 1)[1]], root)
    return [node, *(b for branch in node.get("anyOf", []) for b in _branches(branch, root))]


def _shapes(node: dict[str, Any], root: dict[str, Any] | None) -> list[tuple[str, Any]]:
    """The keys of each branch; a shape that extends a shared one (a gate that changed is a
    check with more keys) keeps only its own, as the shared one's table has the rest."""
    found = []
    for shape in _branches(node, root):
        keys = shape.get("properties", {})
        for ref in SHARED:
            base = (root or {}).get("$defs", {}).get(ref.rsplit("/", 1)[1], {}).get("properties")
            if base and keys.keys() > base.keys():
                keys = {k: v for k, v in keys.items() if k not in base}
        found += keys.items()
    return found


@pytest.mark.parametrize(
    "marker",
    [
        *("diff-3", "diff-3#side", "diff-3#change", "portfolio-1", "batch-2"),
        *("report-3#check", "report-3#condition_*"),
    ],
)
def test_a_key_table_names_every_key_of_its_schema(marker):
    """A marker names a schema, one of its shapes, or (``SHAPE_*``) the shapes so named."""
    name, _, shape = marker.partition("#")
    root = schema(name)
    if shape.endswith("*"):
        nodes = [node for key, node in root["$defs"].items() if key.startswith(shape[:-1])]
        assert nodes, marker
    else:
        nodes = [root["$defs"][shape] if shape else root]
    named, said = documented(readme_tables()[marker])
    keys = set().union(*(key_paths(node, root=root) for node in nodes))
    assert named <= keys, sorted(named - keys)  # no key that is not there
    assert keys <= said, sorted(keys - said)  # and every key that is


def test_the_report_table_names_every_key_and_the_keys_of_each():
    """The report's table has a row per top-level key, whose text names the keys below it."""
    table = readme_tables()["report-3"]
    rows = {key: text for cell, text in table for key in keys_in(cell)}
    root = schema("report-3")
    top = root["properties"]
    assert set(rows) == set(top)
    for key, node in top.items():
        # every key below it, at any depth, by its name (a check's keys have their own table)
        below = key_paths(node, root=root) | {
            path
            for shape in _branches(node, root)
            for path in key_paths(shape.get("items") or {}, root=root)
        }
        own = {path.rsplit(".", 1)[-1] for path in below}
        assert own <= keys_in(rows[key]), (key, sorted(own - keys_in(rows[key])))


@pytest.mark.parametrize("name", ["plan-1", "history-1"])
def test_the_readme_sketch_of_a_json_output_names_only_its_schema_s_keys(name):
    """The plan and history JSON are sketched in a sentence, not a table: every key the
    sketch names is one of the schema's, and every top-level key is named."""
    schema_id = "omnicheck." + name.replace("-", "/")
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index('{"schema": "' + schema_id + '"')
    sketch = text[start : text.index("}`", start)]
    named = set(re.findall(r"[`\"]([a-z_]+)[`\"]", sketch))
    shape = schema(name)
    keys = key_paths(shape, root=shape)
    leaves = {path.rsplit(".", 1)[-1].removesuffix("[]") for path in keys}
    assert named - leaves - {"arguments"} == set()  # `arguments`: a value of ordered_by
    assert {k for k in keys if "." not in k} <= named
