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
from dataclasses import dataclass
from typing import NamedTuple

from omnicheck.conditions import AnswerValue
from omnicheck.rubric_types import ChannelLinks, CompiledRubric

LINKED = 2
#: Both channels at this record level or above link the pair through the record.
SHARED = 3
HUB = 4


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


class _LinkTables(NamedTuple):
    """What computing a business's links needs from the rubric, built once per rubric."""

    stages: tuple[str, ...]
    labels: dict[str, str]
    #: Per channel: (channel, record question, record level by option id,
    #: hand-off question, (channel, other, stage) by hand-off option id).
    channels: tuple[
        tuple[str, str, dict[str, int | None], str, dict[str, tuple[str, str, str]]], ...
    ]


def _link_tables(rubric: CompiledRubric) -> _LinkTables:
    links = rubric.links
    assert links is not None
    channels = []
    for c in links.channels:
        record_q = rubric.by_id[links.record_question[c]]
        handoff_q = rubric.by_id[links.handoff_question[c]]
        handoffs = {o.id: _handoff(c, o.id) for o in handoff_q.options}
        scores = {o.id: o.score for o in record_q.options}
        channels.append((c, record_q.id, scores, handoff_q.id, handoffs))
    labels = {c: rubric.option_label(links.question, c) for c in links.channels}
    return _LinkTables(tuple(s for s, _ in links.stages), labels, tuple(channels))


def _handoff(channel: str, option: str) -> tuple[str, str, str]:
    """(from, to, stage) of a hand-off option id ``to@stage``."""
    other, _, stage = option.partition("@")
    return channel, other, stage


def channel_labels(rubric: CompiledRubric, answers: Mapping[str, AnswerValue]) -> dict[str, str]:
    """Channel names as the business knows them: "other" becomes the name it gave."""
    links = rubric.links
    assert links is not None
    labels = dict(rubric.derived(_link_tables).labels)
    if links.other_option and links.other_name_question:
        name = answers.get(links.other_name_question)
        if isinstance(name, str):
            labels[links.other_option] = name
    return labels


def compute_links(
    rubric: CompiledRubric,
    answers: Mapping[str, AnswerValue],
    record: dict[str, int | None] | None = None,
) -> LinkResult | None:
    """The link matrix and its measures; ``record`` overrides record levels for what-ifs.

    Every pair of active channels is worked out here (see the module's
    docstring for the rules) in one loop, with the rubric's questions and
    options looked up in tables built once per rubric: a batch links every
    business, up to 78 pairs each.
    """
    links = rubric.links
    if links is None:
        return None
    tables = rubric.derived(_link_tables)
    chosen = answers.get(links.question)
    active = [t for t in tables.channels if t[0] in chosen] if isinstance(chosen, tuple) else []
    channels = tuple(t[0] for t in active)
    handoffs: set[tuple[str, str, str]] = set()
    levels: dict[str, int | None] = {}
    for c, record_q, scores, handoff_q, parts in active:
        value = answers.get(record_q)
        levels[c] = scores[value] if isinstance(value, str) else None
        chosen_handoffs = answers.get(handoff_q)
        if isinstance(chosen_handoffs, tuple):
            for option in chosen_handoffs:
                handoffs.add(parts.get(option) or _handoff(c, option))
    if record is None:
        record = levels
    directed = directed_handoffs(handoffs)
    all_stages = tables.stages
    pairs = []
    linked = 0
    covered: set[str] = set()
    for i, a in enumerate(channels):
        level_a = record.get(a) or 0
        for b in channels[i + 1 :]:
            level_b = record.get(b) or 0
            low = level_a if level_a < level_b else level_b
            shared = low if low >= SHARED else 1 if low >= 1 else 0
            ab, ba = directed.get((a, b)), directed.get((b, a))
            direct = 3 if ab and ba else 2 if ab or ba else 0
            level = direct if direct > shared else shared
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
                stages = all_stages
            elif ab or ba:
                handed = ab | ba if ab and ba else ab or ba
                stages = tuple(s for s in all_stages if s in handed)  # type: ignore[operator]
            else:
                stages = ()
            pairs.append(PairLink(a, b, level, stages, via))
            if level >= LINKED:
                linked += 1
                covered.update(stages)
    return LinkResult(
        channels=channels,
        labels=channel_labels(rubric, answers),
        record=record,
        pairs=tuple(pairs),
        handoffs=tuple(sorted(handoffs)),
        linked_pairs=linked,
        density=100.0 * linked / len(pairs) if pairs else None,
        hub_coverage=_hub_coverage(record),
        stages_linked=tuple(s for s in all_stages if s in covered),
    )


class Relinker:
    """One business's link metrics with one channel's record level raised, for the what-if.

    Only the pairs that include the channel can change, and most raises
    change none of them (see :meth:`_pairs`), so it keeps the business's
    counts and adjusts them; the figures are exactly those
    :func:`compute_links` would give (``tests/test_fast_paths.py``).
    """

    def __init__(self, links: ChannelLinks, base: LinkResult) -> None:
        self.links, self.base = links, base
        answered = [level for level in base.record.values() if level is not None]
        self.answered = len(answered)
        self.hubs = sum(level >= HUB for level in answered)
        #: (from, to) and (to, from) of every hand-off, built on first use
        self.handed_on: set[tuple[str, str]] | None = None

    def metrics(self, channel: str, level: int) -> dict[str, float | None]:
        """The link metrics with ``channel`` at ``level``, at least its level now."""
        base = self.base
        before = base.record.get(channel)
        assert before is None or level >= before, "a what-if only raises"
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
        """(linked pairs, stages linked) once ``channel``'s record level is raised to ``level``.

        A pair's record link counts only when both channels are at SHARED or
        above, and then links the pair at every stage (see :func:`compute_links`).
        So a raise that stays on one side of SHARED changes no pair, and a
        raise across it links at every stage each pair whose other channel
        is at SHARED. Such a pair was linked before only if a hand-off linked it.
        """
        base = self.base
        if (before >= SHARED) == (level >= SHARED):
            return base.linked_pairs, len(base.stages_linked)
        if self.handed_on is None:
            self.handed_on = {(src, dst) for src, dst, _ in base.handoffs}
            self.handed_on.update([(dst, src) for src, dst in self.handed_on])
        newly, shared = 0, False
        for other, other_level in base.record.items():
            if other != channel and (other_level or 0) >= SHARED:
                shared = True
                newly += (channel, other) not in self.handed_on
        stages = len(self.links.stages) if shared else len(base.stages_linked)
        return base.linked_pairs + newly, stages


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
