"""Golden files, and HTML goldens without their style sheets.

Every page carries its style sheet inline (a report is one self-contained file),
so a golden of each page would change on every change of colour, and four or
more goldens rewritten at once stamp anything. A page's golden therefore holds
a stub where its first <style> was, and the sheet itself is one golden of its
own: ``report.css`` for the report pages, ``page.css`` for the diff and history
pages. Each page is still checked against that one sheet, so a page that
ships a different style sheet fails.
"""

from __future__ import annotations

import re

from tests.conftest import GOLDEN

#: The page's first <style> element: the shared style sheet (theme and layout).
STYLE = re.compile(r"<style>\n(.*?)</style>\n", flags=re.DOTALL)


def split_style(html: str, sheet: str = "report.css") -> tuple[str, str]:
    """The page with its shared style sheet replaced by a stub, and the style sheet."""
    found = STYLE.search(html)
    assert found, "no style sheet"
    stub = f"<style>\n/* the style sheet: tests/golden/{sheet} */\n</style>\n"
    return html[: found.start()] + stub + html[found.end() :], found.group(1)


def check_golden(name: str, text: str, update: bool) -> None:
    golden = GOLDEN / name
    if update:
        golden.write_text(text, encoding="utf-8")
    assert golden.exists(), f"no golden file {golden.name}; run pytest --update-golden"
    assert text == golden.read_text(encoding="utf-8")


def check_page_golden(name: str, html: str, update: bool, sheet: str = "report.css") -> None:
    """The page against its golden, and its style sheet against the one golden sheet."""
    page, style = split_style(html, sheet)
    check_golden(name, page, update)
    check_golden(sheet, style, update)
