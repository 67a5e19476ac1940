"""Every kind of plan step the core can make is one the JSON schemas allow.

The report's model lists the kinds once (``omnicheck.report.model.STEP_KINDS``), and
the report's, plan's, diff's and history's schemas enumerate that list; the kinds
themselves are made by the core: each question kind's ``step``
(:mod:`omnicheck.rubric.kinds`), and the hand-off steps the plan adds
(:mod:`omnicheck.scoring.plan_steps`). A kind the core gained without the list would
make a report its own schema refuses.
"""

from __future__ import annotations

from omnicheck.loading import answers_from, rubric_from
from omnicheck.report.data import build_report
from omnicheck.report.model import STEP_KINDS
from omnicheck.rubric.kinds import authored_kinds, kind_named, kind_of
from omnicheck.scoring.assessment import assess
from tests.conftest import EXAMPLES


def test_every_question_kinds_step_is_a_listed_step_kind() -> None:
    rubric = rubric_from(None)
    kinds = [kind_named(name) for name in authored_kinds()] + [kind_of(q) for q in rubric.questions]
    assert {k.step for k in kinds if k is not None} <= set(STEP_KINDS)


def test_the_examples_plans_make_every_listed_kind_and_no_other() -> None:
    # Both ways: a kind the plan makes must be listed, and a listed kind no plan makes
    # would be a name the schemas allow for nothing.
    rubric = rubric_from(None)
    made = {
        step["kind"]
        for path in EXAMPLES
        for step in build_report(assess(rubric, answers_from(path, rubric)))["plan"]["steps"]
    }
    assert made == set(STEP_KINDS)
