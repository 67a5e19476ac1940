"""The bundled rubric carries everything the product promises, as data."""

from __future__ import annotations

from collections import Counter

CHANNELS = {
    "website",
    "online_store",
    "mobile_app",
    "email",
    "sms",
    "social_media",
    "paid_ads",
    "marketplace",
    "physical_store",
    "phone",
    "live_chat",
    "direct_mail",
    "other",
}
DECISIONS = {
    "goal",
    "channels",
    "budget",
    "service_capacity",
    "multichannel_share",
    "repeat_purchase",
    "growth_stage",
}


def test_identity(rubric):
    assert (rubric.id, rubric.version) == ("omnichannel", "1.0")


def test_decision_questions(rubric):
    assert set(rubric.by_id) >= DECISIONS
    assert set(rubric.by_id["goal"].option_by_id) == {"reach", "balanced", "loyalty"}
    assert set(rubric.by_id["channels"].option_by_id) == CHANNELS
    other = rubric.by_id["channels_other"]
    assert other.kind == "text" and other.when is not None


def test_each_dimension_has_three_or_four_described_questions(rubric):
    assert [d.id for d in rubric.dimensions] == [
        "coverage",
        "content",
        "journey",
        "data",
        "service",
        "engagement",
        "measurement",
        "feedback",
    ]
    checks = {q.id for s in rubric.sections if s.kind == "checks" for q in s.questions}
    per_dim = Counter(q.dimension for q in rubric.questions if q.dimension and q.id not in checks)
    assert all(3 <= n <= 4 for n in per_dim.values()), per_dim
    for q in rubric.questions:
        if q.dimension and q.id not in checks:
            assert [o.score for o in q.options] == [0, 1, 2, 3, 4], q.id
            assert all(o.description for o in q.options), q.id
        assert q.help, f"{q.id} has no help text"


def test_weights_are_data(rubric):
    weights = {d.id: d.weight for d in rubric.dimensions}
    assert weights == {
        "coverage": 0.5,
        "content": 1,
        "journey": 1.5,
        "data": 1.5,
        "service": 1.5,
        "engagement": 1,
        "measurement": 1,
        "feedback": 1,
    }


def test_recommendations_for_every_dimension_and_step(rubric):
    for d in rubric.dimensions:
        assert sorted(r.level for r in d.recommendations) == [0, 1, 2, 3], d.id
        assert all(r.effort in rubric.efforts for r in d.recommendations)


def test_continuity_checks(rubric):
    checks = {q.id for s in rubric.sections if s.kind == "checks" for q in s.questions}
    assert {
        "check.cart_devices",
        "check.chat_then_call",
        "check.same_promotion",
        "check.store_sees_cart",
        "check.return_in_store",
        "check.suppress_buyers",
    } <= checks
    assert len(checks) >= 8
    for qid in checks:
        assert set(rubric.by_id[qid].option_by_id) == {"yes", "no"}


def test_link_questions_for_every_channel(rubric):
    for channel in CHANNELS:
        record = rubric.by_id[f"record.{channel}"]
        assert [o.score for o in record.options] == [0, 1, 2, 3, 4]
        handoff = rubric.by_id[f"handoff.{channel}"]
        assert len(handoff.options) == (len(CHANNELS) - 1) * 3


def test_levels_bands_and_gates(rubric):
    levels = {level.id: level for level in rubric.levels}
    assert list(levels) == ["single-channel", "multichannel", "cross-channel", "omnichannel"]
    assert (levels["cross-channel"].band, levels["omnichannel"].band) == ((35, 70), (70, 100))
    gates = {g.metric: g.test.value for g in levels["omnichannel"].gates}
    assert gates == {
        "dimension.journey": 75,
        "dimension.data": 75,
        "dimension.service": 75,
        "hub_coverage": 80,
        "stages_linked": 3,
    }


def test_strategies_have_trade_offs_and_cited_evidence(rubric):
    for s in rubric.strategy_by_id.values():
        assert s.advantages and s.drawbacks and s.requirements, s.id
        assert s.evidence, s.id
    for e in rubric.evidence:
        assert e.source is not None and e.caveat, e.id
