"""A question has a link role (record, hand-off) exactly when the compiler generated it
from ``channel_links``, and the role is the one it was generated for.

The compiler generates a record link and a hand-off list per channel from
``channel_links`` (``channel_links.record`` and ``channel_links.handoff``); every other
question (an authored one, or a yes/no check) has no link role. The role is read from the
question's kind, so this checks the kinds the compiler gives those questions against what
it generated them for, named by where they come from and by their ids, not by the kind.
"""

from __future__ import annotations

import functools

from omnicheck.errors import OmnicheckError
from omnicheck.loading import rubric_from
from omnicheck.rubric.compiled import CompiledRubric
from omnicheck.rubric.kinds import kind_of
from tests.conftest import ROOT

#: What the compiler generated each question from, to the role it should have.
GENERATED_FOR = {("channel_links", "record"): "record", ("channel_links", "handoff"): "handoff"}


@functools.cache
def _rubrics() -> tuple[tuple[str, CompiledRubric], ...]:
    """The bundled rubric and each test rubric that loads (most are broken on purpose);
    compiled when a test first asks, not when pytest collects this file."""
    found = [("bundled", rubric_from(None))]
    for path in sorted((ROOT / "tests" / "rubrics").glob("*.yaml")):
        try:
            found.append((path.name, rubric_from(path)))
        except OmnicheckError:
            continue
    return tuple(found)


def test_the_rubrics_looked_at_include_some_with_channel_links() -> None:
    # Otherwise the test below would look at no generated question and pass on nothing.
    with_links = [name for name, rubric in _rubrics() if rubric.links is not None]
    assert "bundled" in with_links and len(with_links) >= 2


def test_exactly_the_generated_link_questions_have_the_role_they_were_generated_for() -> None:
    for name, rubric in _rubrics():
        for q in rubric.questions:
            assert q.link_role == GENERATED_FOR.get(q.path[:2]), (name, q.id)
        links = rubric.links
        if links is None:
            continue
        by_role: dict[str | None, set[str]] = {}
        for q in rubric.questions:
            by_role.setdefault(q.link_role, set()).add(q.id)
        assert by_role.get("record", set()) == set(links.record_question.values()), name
        assert by_role.get("handoff", set()) == set(links.handoff_question.values()), name
        for channel, qid in links.record_question.items():
            assert rubric.by_id[qid].channel == channel, (name, qid)
            # scored as generated: a record link is raised by a "record" step
            assert kind_of(rubric.by_id[qid]).step == "record", (name, qid)
        for channel, qid in links.handoff_question.items():
            assert rubric.by_id[qid].channel == channel, (name, qid)
