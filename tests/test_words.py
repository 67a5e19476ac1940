"""The words more than one view says come from one template, for every format.

``report_templates/words.txt.j2`` words an answer, a value the target read, a
level's check and a rubric condition; the Markdown and HTML templates and the
terminal views all call it, so a change there (a translation) changes them all.
"""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from omnicheck.report.render import environment
from omnicheck.report.words import bundled
from tests.conftest import ROOT

runner = CliRunner()
OUTDOOR = ROOT / "examples" / "outdoor-retailer.yaml"

ROWS = [
    ({"label": "Weekly", "answer": "weekly", "reason": None}, "Weekly"),
    ({"label": None, "answer": None, "reason": None}, "not answered"),
    ({"label": None, "answer": "n/a", "reason": "no shop"}, "n/a (no shop)"),
    ({"label": None, "answer": "n/a", "reason": None}, "n/a"),
    ({"label": None, "answer": [], "reason": None}, "none"),
]


@pytest.mark.parametrize(("row", "words"), ROWS)
def test_an_answer_reads_the_same_in_the_templates_and_the_terminal(row, words):
    assert bundled().answer(row) == words
    for html in (False, True):
        page = environment(html=html).from_string(
            '{% import "answer_words.' + ("html" if html else "md") + '.j2" as w %}'
            "{{ w.answer(row) }}|{{ answer_words(row) }}"
        )
        assert page.render(row=row) == f"{words}|{words}"


def test_a_value_the_target_read_falls_back_to_the_answer_row():
    answers = [{"question": "goal", **ROWS[2][0]}]
    value = bundled().value
    assert value({"value": "42", "kind": "metric", "id": "index"}, answers) == "42"
    assert value({"value": None, "kind": "metric", "id": "index"}, answers) == "not scored"
    assert value({"value": None, "kind": "question", "id": "goal"}, answers) == "n/a (no shop)"
    assert value({"value": None, "kind": "question", "id": "other"}, answers) == "not answered"


def test_html_escapes_the_words_once(tmp_path):
    row = {"label": "<b>&", "answer": "x", "reason": None}
    page = environment(html=True).from_string("{{ answer_words(row) }}")
    assert page.render(row=row) == "&lt;b&gt;&amp;"
