"""Channel-pair integration: what tells cross-channel from omnichannel.

Each active channel has a link level to the shared customer record (0 none,
1 manual, 2 one-way automated, 3 two-way sync, 4 reads and writes the same
record) and a list of channels it hands customers on to, by journey stage.
A pair of channels is linked at:

- 4 or 3 when both channels sync two-way with (3) or live in (4) the same
  customer record: the lower of the two, since context flows through it;
- 3 when each hands customers to the other automatically, 2 when one does;
- 1 when both reach the record only manually or one way, so staff can look
  a customer up but nothing flows by itself;

whichever is highest. Density is the share of pairs linked at 2 or more; hub
coverage is the share of channels at level 4.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from omnicheck.conditions import AnswerValue, NotApplicable
from omnicheck.rubric_types import ChannelLinks, CompiledRubric

LINKED = 2
HUB = 4


@dataclass(frozen=True, slots=True)
class PairLink:
    a: str
    b: str
    level: int
    stages: tuple[str, ...]
    via: str  # "shared record", "hand-off both ways", "hand-off", "manual look-up", "none"


@dataclass(frozen=True, slots=True)
class LinkResult:
    channels: tuple[str, ...]
    labels: dict[str, str]
    record: dict[str, int | None]
    pairs: tuple[PairLink, ...]
    handoffs: tuple[tuple[str, str, str], ...]
    linked_pairs: int
    density: float | None
    hub_coverage: float | None
    stages_linked: tuple[str, ...]

    def pair(self, a: str, b: str) -> PairLink | None:
        for p in self.pairs:
            if {p.a, p.b} == {a, b}:
                return p
        return None


def active_channels(links: ChannelLinks, answers: Mapping[str, AnswerValue]) -> tuple[str, ...]:
    chosen = answers.get(links.question)
    if not isinstance(chosen, tuple):
        return ()
    return tuple(c for c in links.channels if c in chosen)


def channel_labels(rubric: CompiledRubric, answers: Mapping[str, AnswerValue]) -> dict[str, str]:
    """Channel names as the business knows them: "other" becomes the name it gave."""
    links = rubric.links
    assert links is not None
    labels = {c: rubric.option_label(links.question, c) for c in links.channels}
    if links.other_option and links.other_name_question:
        name = answers.get(links.other_name_question)
        if isinstance(name, str):
            labels[links.other_option] = name
    return labels


def record_levels(
    rubric: CompiledRubric, answers: Mapping[str, AnswerValue], channels: tuple[str, ...]
) -> dict[str, int | None]:
    links = rubric.links
    assert links is not None
    levels: dict[str, int | None] = {}
    for c in channels:
        qid = links.record_question[c]
        value = answers.get(qid)
        if isinstance(value, str):
            levels[c] = rubric.by_id[qid].option_by_id[value].score
        else:
            levels[c] = None
    return levels


def compute_links(
    rubric: CompiledRubric,
    answers: Mapping[str, AnswerValue],
    record: dict[str, int | None] | None = None,
) -> LinkResult | None:
    """The link matrix and its measures; ``record`` overrides record levels for what-ifs."""
    links = rubric.links
    if links is None:
        return None
    channels = active_channels(links, answers)
    if record is None:
        record = record_levels(rubric, answers, channels)
    handoffs = _handoffs(links, answers, channels)
    all_stages = tuple(s for s, _ in links.stages)
    pairs = []
    for i, a in enumerate(channels):
        for b in channels[i + 1 :]:
            pairs.append(_pair(a, b, record, handoffs, all_stages))
    linked = [p for p in pairs if p.level >= LINKED]
    covered = {s for p in linked for s in p.stages}
    answered = [level for level in record.values() if level is not None]
    return LinkResult(
        channels=channels,
        labels=channel_labels(rubric, answers),
        record=record,
        pairs=tuple(pairs),
        handoffs=tuple(sorted(handoffs)),
        linked_pairs=len(linked),
        density=100.0 * len(linked) / len(pairs) if pairs else None,
        hub_coverage=100.0 * sum(lv >= HUB for lv in answered) / len(answered)
        if answered
        else None,
        stages_linked=tuple(s for s in all_stages if s in covered),
    )


def _handoffs(
    links: ChannelLinks, answers: Mapping[str, AnswerValue], channels: tuple[str, ...]
) -> set[tuple[str, str, str]]:
    found = set()
    for c in channels:
        value = answers.get(links.handoff_question[c])
        if isinstance(value, NotApplicable) or not isinstance(value, tuple):
            continue
        for option in value:
            other, _, stage = option.partition("@")
            found.add((c, other, stage))
    return found


def _pair(
    a: str,
    b: str,
    record: dict[str, int | None],
    handoffs: set[tuple[str, str, str]],
    all_stages: tuple[str, ...],
) -> PairLink:
    ab = {s for (src, dst, s) in handoffs if src == a and dst == b}
    ba = {s for (src, dst, s) in handoffs if src == b and dst == a}
    direct = 3 if ab and ba else 2 if ab or ba else 0
    low = min(record.get(a) or 0, record.get(b) or 0)
    shared = low if low >= 3 else 1 if low >= 1 else 0
    stages = ab | ba
    if shared >= 3:
        stages = set(all_stages)
    level = max(direct, shared)
    if level == 0:
        via = "none"
    elif shared >= direct and shared >= 3:
        via = "shared record"
    elif direct == 3:
        via = "hand-off both ways"
    elif direct == 2:
        via = "hand-off"
    else:
        via = "manual look-up"
    return PairLink(a, b, level, tuple(s for s in all_stages if s in stages), via)
