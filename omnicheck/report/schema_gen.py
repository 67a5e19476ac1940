"""The JSON Schemas that omnicheck ships, generated from the typed model.

Run after changing a model (``omnicheck/report/model*.py``)::

    .venv/bin/python -m omnicheck.report.schema_gen          # rewrite the shipped files
    .venv/bin/python -m omnicheck.report.schema_gen --check  # exit 1 if one is stale

``tests/test_json_schemas.py`` fails while a shipped file differs from what the
model generates, so the schema can never fall behind the code. pydantic is
needed here only, never on the report path.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

SCHEMAS = Path(__file__).with_name("schemas")


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _tidy(node: Any, names: bool = False) -> Any:
    """pydantic's output as the shipped files spell it: no titles, no key left unsaid,
    and shapes named as the JSON names keys (``plan_step``, not ``PlanStep``)."""
    if isinstance(node, list):
        return [_tidy(n) for n in node]
    if not isinstance(node, dict):
        return node
    if names:  # a "properties" or "$defs" object: its keys are names, "title" among them
        return {k: _tidy(v) for k, v in node.items()}
    out = {k: _tidy(v, k in ("properties", "$defs")) for k, v in node.items() if k != "title"}
    if isinstance(out.get("description"), str):  # a docstring: Markdown's quotes, not reST's
        out["description"] = out["description"].replace("``", "`")
    if "properties" in out:
        out.setdefault("additionalProperties", False)
    if isinstance(out.get("const"), str):  # pydantic 2.6 (the oldest allowed) leaves it unsaid
        out.setdefault("type", "string")
    if isinstance(out.get("$ref"), str):
        head, _, name = out["$ref"].rpartition("/")
        out["$ref"] = f"{head}/{_snake(name)}"
    if "$defs" in node:
        out["$defs"] = {_snake(k): v for k, v in sorted(out["$defs"].items())}
    return out


def _document(tp: Any, const: str, title: str) -> dict[str, Any]:
    from pydantic import TypeAdapter

    body = _tidy(TypeAdapter(tp).json_schema(ref_template="#/$defs/{model}"))
    name = const.replace("/", "-")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://omnicheck.invalid/schemas/{name}.schema.json",
        "title": title,
        **body,
    }


def generated() -> dict[str, dict[str, Any]]:
    """Each shipped schema's file name and the schema the model gives it."""
    from omnicheck.report.model import Report
    from omnicheck.report.model_diff import Diff
    from omnicheck.report.model_history import History
    from omnicheck.report.model_plan import PlanDocument

    return {
        "report-3.schema.json": _document(Report, "omnicheck.report-3", "omnicheck report"),
        "diff-3.schema.json": _document(Diff, "omnicheck.diff-3", "omnicheck diff"),
        "history-1.schema.json": _document(History, "omnicheck.history-1", "omnicheck history"),
        "plan-1.schema.json": _document(PlanDocument, "omnicheck.plan-1", "omnicheck plan"),
    }


def text(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str]) -> int:
    stale = []
    for name, schema in generated().items():
        path = SCHEMAS / name
        if path.exists() and path.read_text(encoding="utf-8") == text(schema):
            continue
        stale.append(name)
        if "--check" not in argv:
            path.write_text(text(schema), encoding="utf-8")
    for name in stale:
        print(("stale: " if "--check" in argv else "wrote: ") + name)
    return 1 if stale and "--check" in argv else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
