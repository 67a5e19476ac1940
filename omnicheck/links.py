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

from collections.abc import Iterable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from omnicheck.conditions import AnswerValue, NotApplicable
from omnicheck.rubric_types import ChannelLinks, CompiledRubric

LINKED = 2
#: Both channels at this record level or above link the pair through the record.
SHARED = 3
HUB = 4
_NO_STAGES: frozenset[str] = frozenset()


# Not frozen: a frozen dataclass sets every field through object.__setattr__,
# which makes it several times slower to build, and a batch builds this one
# many times per business. Treat instances as read-only all the same.
@dataclass(slots=True)
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
    directed = directed_handoffs(handoffs)
    pairs = []
    for i, a in enumerate(channels):
        for b in channels[i + 1 :]:
            pairs.append(_pair(a, b, record, directed, all_stages))
    linked = [p for p in pairs if p.level >= LINKED]
    covered = {s for p in linked for s in p.stages}
    return LinkResult(
        channels=channels,
        labels=channel_labels(rubric, answers),
        record=record,
        pairs=tuple(pairs),
        handoffs=tuple(sorted(handoffs)),
        linked_pairs=len(linked),
        density=100.0 * len(linked) / len(pairs) if pairs else None,
        hub_coverage=_hub_coverage(record),
        stages_linked=tuple(s for s in all_stages if s in covered),
    )


class Relinker:
    """One business's link metrics with one channel's record level changed, for the what-if.

    Only the pairs that include the channel can change, and most changes
    change none of them (see :meth:`_pairs`), so it keeps the business's
    counts and adjusts them; the figures are exactly those
    :func:`compute_links` would give (``tests/test_fast_paths.py``).
    """

    def __init__(self, links: ChannelLinks, base: LinkResult) -> None:
        self.links, self.base = links, base
        answered = [level for level in base.record.values() if level is not None]
        self.answered = len(answered)
        self.hubs = sum(level >= HUB for level in answered)
        self.directed: dict[tuple[str, str], set[str]] | None = None
        #: (from, to) and (to, from) of every hand-off, built on first use
        self.handed_on: set[tuple[str, str]] | None = None

    def metrics(self, channel: str, level: int) -> dict[str, float | None]:
        base = self.base
        before = base.record.get(channel)
        linked, stages = self._pairs(channel, before or 0, level)  # None reads as 0 in a pair
        answered = self.answered + (before is None)
        hubs = self.hubs - (before is not None and before >= HUB) + (level >= HUB)
        return {
            "linked_pairs": float(linked),
            "link_density": 100.0 * linked / len(base.pairs) if base.pairs else None,
            "hub_coverage": 100.0 * hubs / answered,
            "stages_linked": float(stages),
        }

    def _pairs(self, channel: str, before: int, level: int) -> tuple[int, int]:
        """(linked pairs, stages linked) once ``channel``'s record level is ``level``.

        A pair's record link counts only when both channels are at SHARED or
        above, and then links the pair at every stage (see :func:`_pair_level`).
        So a level that stays on one side of SHARED changes no pair, and a
        raise across it links at every stage each pair whose other channel
        is at SHARED: neither needs the hand-offs. A fall across it does.
        """
        base = self.base
        if (before >= SHARED) == (level >= SHARED):
            return base.linked_pairs, len(base.stages_linked)
        all_stages = tuple(s for s, _ in self.links.stages)
        record = base.record
        if before < level:
            # Before, the pair's record link was below SHARED, so it was linked
            # only by a hand-off, in either direction.
            if self.handed_on is None:
                self.handed_on = {(src, dst) for src, dst, _ in base.handoffs}
                self.handed_on.update([(dst, src) for src, dst in self.handed_on])
            newly, shared = 0, False
            for other, other_level in record.items():
                if other != channel and (other_level or 0) >= SHARED:
                    shared = True
                    newly += (channel, other) not in self.handed_on
            stages = len(all_stages) if shared else len(base.stages_linked)
            return base.linked_pairs + newly, stages
        if self.directed is None:
            self.directed = directed_handoffs(base.handoffs)
        record = {**base.record, channel: level}
        linked = 0
        covered: set[str] = set()
        for pair in base.pairs:
            if channel not in (pair.a, pair.b):
                if pair.level >= LINKED:
                    linked += 1
                    covered.update(pair.stages)
                continue
            new_level, _, shared_level, stages = _pair_level(pair.a, pair.b, record, self.directed)
            if new_level >= LINKED:
                linked += 1
                covered.update(all_stages if shared_level >= SHARED else stages)
        return linked, sum(s in covered for s in all_stages)


def _hub_coverage(record: Mapping[str, int | None]) -> float | None:
    answered = [level for level in record.values() if level is not None]
    return 100.0 * sum(lv >= HUB for lv in answered) / len(answered) if answered else None


def directed_handoffs(
    handoffs: Iterable[tuple[str, str, str]],
) -> dict[tuple[str, str], set[str]]:
    """Hand-off stages by (from, to): each pair then looks its stages up once."""
    directed: dict[tuple[str, str], set[str]] = {}
    for src, dst, stage in handoffs:
        directed.setdefault((src, dst), set()).add(stage)
    return directed


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
    record: Mapping[str, int | None],
    directed: Mapping[tuple[str, str], AbstractSet[str]],
    all_stages: tuple[str, ...],
) -> PairLink:
    level, direct, shared, stages = _pair_level(a, b, record, directed)
    if level == 0:
        via = "none"
    elif shared >= direct and shared >= SHARED:
        via = "shared record"
    elif direct == 3:
        via = "hand-off both ways"
    elif direct == 2:
        via = "hand-off"
    else:
        via = "manual look-up"
    if shared >= SHARED:
        return PairLink(a, b, level, all_stages, via)
    return PairLink(a, b, level, tuple(s for s in all_stages if s in stages), via)


def _pair_level(
    a: str,
    b: str,
    record: Mapping[str, int | None],
    directed: Mapping[tuple[str, str], AbstractSet[str]],
) -> tuple[int, int, int, AbstractSet[str]]:
    """(level, hand-off level, shared-record level, hand-off stages) of one pair.

    At a shared level of SHARED or more the pair is linked at every stage,
    whatever ``stages`` holds; below it the record adds at most a manual
    look-up (1), which is never LINKED.
    """
    ab = directed.get((a, b), _NO_STAGES)
    ba = directed.get((b, a), _NO_STAGES)
    direct = 3 if ab and ba else 2 if ab or ba else 0
    low = min(record.get(a) or 0, record.get(b) or 0)
    shared = low if low >= SHARED else 1 if low >= 1 else 0
    return max(direct, shared), direct, shared, ab | ba
