"""``report --benchmark PORTFOLIO``: the peers a report compares with, from a file or a folder.

Not a command of its own: :mod:`omnicheck.cli.report` calls :func:`add_benchmark`.
A folder is scored here, as ``batch`` would score it, and only its portfolio
(distributions, never the businesses' answers) reaches the report.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from omnicheck.rubric.compiled import CompiledRubric

if TYPE_CHECKING:
    from omnicheck.report.model import Report


def add_benchmark(report: Report, portfolio: Path, rubric: CompiledRubric, max_bytes: int) -> None:
    """Fill in the report's ``benchmark`` key from ``portfolio``."""
    from omnicheck.report.benchmark import benchmark_data

    doc = portfolio_of(portfolio, rubric, max_bytes)
    report["benchmark"] = benchmark_data(report, doc, str(portfolio))


def portfolio_of(source: Path, rubric: CompiledRubric, max_bytes: int) -> dict[str, Any]:
    """The checked portfolio (or peers file) in ``source``, or of the folder ``source``."""
    from omnicheck.report.benchmark import check_portfolio, read_portfolio

    if source.is_dir():
        doc = _score_folder(source, rubric, max_bytes)
        check_portfolio(doc, rubric, str(source))
        return doc
    return read_portfolio(source, rubric, max_bytes=max_bytes)


def _score_folder(folder: Path, rubric: CompiledRubric, max_bytes: int) -> dict[str, Any]:
    """The portfolio of every answers file in ``folder``; a file that fails is refused."""
    from omnicheck.batch.portfolio import Portfolio
    from omnicheck.batch.runner import score_all
    from omnicheck.errors import InputError, Problem

    portfolio = Portfolio(rubric)
    for row, result in score_all(rubric, [str(folder)], max_bytes=max_bytes):
        if result is None:
            found = row.problems[:1] or [Problem(row.source, row.error or "cannot be scored")]
            raise InputError(found)
        portfolio.add(row, result)
    return portfolio.report()
