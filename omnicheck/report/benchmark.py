"""``report --benchmark``: the business among its peers, read from a portfolio.

The portfolio is what ``batch --summary`` writes as JSON (or the ``summary`` of
``batch --format json``). It must be a portfolio of the same rubric and
version, since a score means something only under the rules that gave it,
and it must hold at least :data:`~omnicheck.scoring.benchmark.MIN_PEERS`
scored businesses. Every refusal is one located line.

The report's ``benchmark`` key then holds, for the index and each dimension,
the business's score, the share of peers it is better than, the ties, and
the peers' spread (from the portfolio's own quartiles), plus the peers'
level distribution with the business's level marked.
"""

from __future__ import annotations

import json
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any, NoReturn

from omnicheck.errors import InputError, Problem
from omnicheck.report.portfolio_shape import (
    BadNumber,
    Key,
    finite,
    no_constant,
    position,
    shape_problem,
    spoken,
    whole,
)
from omnicheck.rubric.compiled import CompiledRubric
from omnicheck.scoring.benchmark import MIN_PEERS, standing
from omnicheck.source.reading import read_text

if TYPE_CHECKING:
    from omnicheck.report.model import Report
    from omnicheck.report.model_peers import Benchmark, Measure, Spread, Strip

PORTFOLIO_SCHEMA = "omnicheck.portfolio/1"
#: The rows of ``batch --format json``, whose ``summary`` is the portfolio (1 before plans).
ROWS_SCHEMAS = ("omnicheck.batch/1", "omnicheck.batch/2")
PEERS_SCHEMA = "omnicheck.peers/1"
#: What a peers file keeps of a portfolio's figures: no business is named in it.
FIGURES = ("scored", "not_scored", "min", "p25", "median", "p75", "max", "distribution")
STRIP_WIDTH = 300


def _refuse(
    source: str,
    message: str,
    line: int | None = None,
    column: int | None = None,
    hint: str | None = None,
) -> NoReturn:
    raise InputError([Problem(source, message, line, column, code="not-a-portfolio", hint=hint)])


def read_portfolio(path: Path, rubric: CompiledRubric, *, max_bytes: int) -> dict[str, Any]:
    """The portfolio summary in ``path``, checked to be one that can benchmark ``rubric``."""
    source = str(path)
    text = read_text(path, max_bytes=max_bytes, source=source)
    try:
        doc = json.loads(text, parse_float=finite, parse_int=whole, parse_constant=no_constant)
    except json.JSONDecodeError as exc:
        _refuse(source, f"not a portfolio: not JSON ({exc.msg})", exc.lineno, exc.colno)
    except BadNumber as exc:
        at = text.find(exc.token)
        line = text.count("\n", 0, at) + 1
        _refuse(source, f"not a portfolio: {exc}", line, at - text.rfind("\n", 0, at))
    except RecursionError:
        _refuse(source, "not a portfolio: nested too deeply to be one", 1, 1)
    if isinstance(doc, dict) and doc.get("schema") in ROWS_SCHEMAS:
        prefix: tuple[Key, ...] = ("summary",)
        doc = doc.get("summary")  # the rows of batch --format json end with the portfolio
    else:
        prefix = ()
    if not isinstance(doc, dict) or doc.get("schema") not in (PORTFOLIO_SCHEMA, PEERS_SCHEMA):
        _refuse(source, "not a portfolio", 1, 1, hint="portfolio-wanted")
    found = shape_problem(doc)
    if found is not None:
        keys, wanted = found
        full = (*prefix, *keys)
        # A missing key has no place of its own: name the mapping that lacks it.
        spot = next(filter(None, (position(text, full[:n]) for n in range(len(full), 0, -1))), None)
        message = f"not a portfolio: {spoken(keys)} {wanted}"
        _refuse(source, message, *(spot or (None, None)))
    check_portfolio(doc, rubric, source)
    return doc


def check_portfolio(doc: dict[str, Any], rubric: CompiledRubric, source: str) -> None:
    """Refuse a portfolio of another rubric, without distributions, or with too few peers."""
    ref = doc.get("rubric") or {}
    if (ref.get("id"), ref.get("version")) != (rubric.id, rubric.version):
        _refuse(
            source,
            f"the portfolio was scored with rubric {ref.get('id')!r} version "
            f"{ref.get('version')!r}, but this report with {rubric.id!r} version "
            f"{rubric.version!r}: peers compare only under the same rules",
        )
    index = doc.get("index")
    if not isinstance(index, dict) or not isinstance(index.get("distribution"), list):
        _refuse(source, "the portfolio has no score distributions", hint="summary-again")
    businesses = doc.get("businesses")
    peers = int(businesses.get("scored") or 0) if isinstance(businesses, dict) else 0
    if peers < MIN_PEERS:
        _refuse(
            source,
            f"the portfolio has {peers} scored business{'es' if peers != 1 else ''}; a "
            f"benchmark needs at least {MIN_PEERS}, since a percentile among fewer is noise",
        )


def benchmark_data(report: Report, portfolio: dict[str, Any], source: str) -> Benchmark:
    """The report's ``benchmark`` key: this business among the portfolio's peers."""
    dims = {d["id"]: d for d in portfolio.get("dimensions", [])}
    levels = portfolio.get("levels", [])
    return {
        "source": PurePath(source).name,
        "peers": portfolio["businesses"]["scored"],
        "index": _measure("index", "Integration index", report["index"], portfolio["index"]),
        "dimensions": [
            _measure(d["id"], d["name"], d["score"], dims.get(d["id"], {}))
            for d in report["dimensions"]
        ],
        "levels": [
            {
                "id": lv["id"],
                "name": lv["name"],
                "count": lv["count"],
                "percent": lv["percent"],
                "current": lv["id"] == report["level"],
            }
            for lv in levels
        ],
        "min_peers": MIN_PEERS,
    }


def _measure(ident: str, name: str, score: float | None, peers: dict[str, Any]) -> Measure:
    pairs = peers.get("distribution") or []
    where = standing(pairs, score) if score is not None else None
    count = int(peers.get("scored") or 0)
    spread: Spread = {
        "min": peers.get("min"),
        "p25": peers.get("p25"),
        "median": peers.get("median"),
        "p75": peers.get("p75"),
        "max": peers.get("max"),
    }
    return {
        "id": ident,
        "name": name,
        "score": score,
        "peers": count,
        "better_than": where.better_than if where else None,
        "below": where.below if where else None,
        "same": where.same if where else None,
        "enough": count >= MIN_PEERS,
        "spread": spread,
        "strip": _strip(score, spread) if count >= MIN_PEERS else None,
    }


def _strip(score: float | None, spread: Spread) -> Strip:
    """Where the HTML strip draws the peers' range, their middle half, and the business."""

    def x(value: Any) -> float | None:
        return None if value is None else round(float(value) / 100 * STRIP_WIDTH, 1)

    return {
        "width": STRIP_WIDTH,
        "min": x(spread["min"]),
        "p25": x(spread["p25"]),
        "median": x(spread["median"]),
        "p75": x(spread["p75"]),
        "max": x(spread["max"]),
        "you": x(score),
    }


def peers_document(portfolio: dict[str, Any]) -> dict[str, Any]:
    """What ``omnicheck peers`` writes: the portfolio's counts and distributions only.

    A portfolio also lists its businesses by name, file and first step; a peers
    file keeps only what ``report --benchmark`` reads, so that it can be shared
    as a benchmark without sharing a single client.
    """
    from omnicheck import __version__

    return {
        "schema": PEERS_SCHEMA,
        "omnicheck_version": __version__,
        "rubric": portfolio["rubric"],
        "businesses": {"scored": portfolio["businesses"]["scored"]},
        "levels": [
            {k: lv[k] for k in ("id", "name", "count", "percent")} for lv in portfolio["levels"]
        ],
        "index": {k: portfolio["index"].get(k) for k in FIGURES},
        "dimensions": [
            {"id": d["id"], "name": d["name"], **{k: d.get(k) for k in FIGURES}}
            for d in portfolio["dimensions"]
        ],
    }
