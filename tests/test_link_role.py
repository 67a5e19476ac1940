"""A question's link role (record, hand-off or none) is said by its kind, and by nothing else.

The compiler generates a record link and a hand-off list per channel from
``channel_links``, each of its own kind (``link_level``, ``handoff``); every
other question (an authored one, or a yes/no check) has no link role. The role and the kind once
were two fields the compiler set side by side, which could disagree.
"""

from __future__ import annotations

import pytest

from omnicheck.errors import OmnicheckError
from omnicheck.loading import rubric_from
from omnicheck.rubric.compiled import CompiledRubric
from omnicheck.rubric.kinds import kind_of
from tests.conftest import ROOT


def _rubrics() -> list[tuple[str, CompiledRubric]]:
    """The bundled rubric and each test rubric that loads (most are broken on purpose)."""
    found = [("bundled", rubric_from(None))]
    for path in sorted((ROOT / "tests" / "rubrics").glob("*.yaml")):
        try:
            found.append((path.name, rubric_from(path)))
        except OmnicheckError:
            continue
    return found


@pytest.mark.parametrize(
    ("name", "rubric"), _rubrics(), ids=lambda x: x if isinstance(x, str) else ""
)
def test_a_questions_link_role_is_its_kinds(name: str, rubric: CompiledRubric) -> None:
    roles = {}
    for q in rubric.questions:
        kind = kind_of(q)
        assert q.link_role == kind.link_role, q.id
        generated = q.path[:1] == ("channel_links",)
        assert (q.link_role is not None) == generated, q.id
        roles[q.id] = q.link_role
    links = rubric.links
    if links is not None:
        assert {q for q, role in roles.items() if role == "record"} == set(
            links.record_question.values()
        )
        assert {q for q, role in roles.items() if role == "handoff"} == set(
            links.handoff_question.values()
        )
        # scored as its kind says: a record link is raised by a "record" step
        assert all(
            kind_of(rubric.by_id[q]).step == "record" for q in links.record_question.values()
        )
