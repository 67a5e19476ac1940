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

from collections.abc import Collection, Iterable, Mapping
from collections.abc import Set as AbstractSet
from typing import NamedTuple, Protocol

from omnicheck.lazy_dataclass import dataclass
from omnicheck.rubric.compiled import ChannelLinks, CompiledRubric
from omnicheck.rubric.conditions import AnswerValue

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
    #: How the pair is linked, an id the templates word: "shared-record",
    #: "handoff-both-ways", "handoff", "manual-lookup" or "none".
    via: str


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

    @property
    def pair_count(self) -> int:
        return len(self.pairs)


@dataclass(slots=True)
class LinkFigures:
    """The measures of :class:`LinkResult` without its pairs: all that a batch reads."""

    channels: tuple[str, ...]
    record: dict[str, int | None]
    #: Every hand-off as (from, to, stage), in no particular order.
    handoffs: AbstractSet[tuple[str, str, str]]
    pair_count: int
    linked_pairs: int
    density: float | None
    hub_coverage: float | None
    stages_linked: tuple[str, ...]


class LinkMeasures(Protocol):
    """What scoring and the what-if read of a business's links: either form above."""

    @property
    def channels(self) -> tuple[str, ...]: ...
    @property
    def record(self) -> dict[str, int | None]: ...
    @property
    def handoffs(self) -> Collection[tuple[str, str, str]]: ...
    @property
    def pair_count(self) -> int: ...
    @property
    def linked_pairs(self) -> int: ...
    @property
    def density(self) -> float | None: ...
    @property
    def hub_coverage(self) -> float | None: ...
    @property
    def stages_linked(self) -> tuple[str, ...]: ...


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
    figures: LinkFigures | None = None,
) -> LinkResult | None:
    """The link matrix: every pair of active channels, with the measures of :func:`link_figures`
    (``figures``, when the caller has them).

    The measures are counted there, the one place that counts them; this adds
    what only a report shows, each pair's level, stages and what links it (see
    the module's docstring for the rules).
    """
    if figures is None:
        figures = link_figures(rubric, answers)
    if figures is None:
        return None
    all_stages = rubric.derived(_link_tables).stages
    channels, record = figures.channels, figures.record
    directed = directed_handoffs(figures.handoffs)
    pairs = []
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
                via = "shared-record"
            elif direct == 3:
                via = "handoff-both-ways"
            elif direct == 2:
                via = "handoff"
            else:
                via = "manual-lookup"
            if shared >= SHARED:
                stages = all_stages
            elif ab or ba:
                handed = ab | ba if ab and ba else ab or ba
                stages = tuple(s for s in all_stages if s in handed)  # type: ignore[operator]
            else:
                stages = ()
            pairs.append(PairLink(a, b, level, stages, via))
    return LinkResult(
        channels=channels,
        labels=channel_labels(rubric, answers),
        record=record,
        pairs=tuple(pairs),
        handoffs=tuple(sorted(figures.handoffs)),
        linked_pairs=figures.linked_pairs,
        density=figures.density,
        hub_coverage=figures.hub_coverage,
        stages_linked=figures.stages_linked,
    )


def link_figures(rubric: CompiledRubric, answers: Mapping[str, AnswerValue]) -> LinkFigures | None:
    """The link measures, counted without building the pairs: all that scoring reads.

    A pair is linked (at LINKED or above in :func:`compute_links`) exactly when
    both its channels are at SHARED or above, or either hands customers to the
    other (see the module's docstring); ``tests/test_scoring.py`` holds the
    pairs of the matrix to these counts.
    """
    if rubric.links is None:
        return None
    tables = rubric.derived(_link_tables)
    channels, record, handoffs = _gathered(tables, rubric.links, answers)
    # Pairs linked through the record: both channels at SHARED or above, at every stage.
    shared = {c for c in channels if (record[c] or 0) >= SHARED}
    linked = len(shared) * (len(shared) - 1) // 2
    every_stage = linked > 0
    # Pairs linked by a hand-off alone, each counted once whichever way it goes; a
    # hand-off to a channel the business does not use links no pair.
    handed: set[tuple[str, str]] = set()
    covered: set[str] = set()
    if handoffs:
        active = set(channels)
        for src, dst, stage in handoffs:
            if dst in active and dst != src and not (src in shared and dst in shared):
                handed.add((src, dst) if src < dst else (dst, src))
                covered.add(stage)
    linked += len(handed)
    all_stages = tables.stages
    count = len(channels) * (len(channels) - 1) // 2
    return LinkFigures(
        channels=channels,
        record=record,
        handoffs=handoffs,
        pair_count=count,
        linked_pairs=linked,
        density=100.0 * linked / count if count else None,
        hub_coverage=_hub_coverage(record),
        stages_linked=all_stages if every_stage else tuple(s for s in all_stages if s in covered),
    )


def _gathered(
    tables: _LinkTables, links: ChannelLinks, answers: Mapping[str, AnswerValue]
) -> tuple[tuple[str, ...], dict[str, int | None], set[tuple[str, str, str]]]:
    """(active channels, record level of each, hand-offs) as the answers give them."""
    chosen = answers.get(links.question)
    active = [t for t in tables.channels if t[0] in chosen] if isinstance(chosen, tuple) else []
    handoffs: set[tuple[str, str, str]] = set()
    levels: dict[str, int | None] = {}
    for c, record_q, scores, handoff_q, parts in active:
        value = answers.get(record_q)
        levels[c] = scores[value] if isinstance(value, str) else None
        chosen_handoffs = answers.get(handoff_q)
        if isinstance(chosen_handoffs, tuple):
            try:  # option ids of the rubric, as validated answers hold
                handoffs.update(map(parts.__getitem__, chosen_handoffs))
            except KeyError:  # answers built by hand, in a test or a what-if
                handoffs.update(parts.get(o) or _handoff(c, o) for o in chosen_handoffs)
    return tuple(t[0] for t in active), levels, handoffs


#: The metrics a record link's raise can move: the keys of :meth:`Relinker.metrics`.
RELINKED_METRICS = ("linked_pairs", "link_density", "hub_coverage", "stages_linked")


class Relinker:
    """One business's link metrics with one channel's record level raised, for the what-if.

    Only the pairs that include the channel can change, and most raises
    change none of them (see :meth:`_pairs`), so it keeps the business's
    counts and adjusts them; the figures are exactly those
    :func:`link_figures` would give (``tests/test_plan.py``).
    """

    def __init__(self, links: ChannelLinks, base: LinkMeasures) -> None:
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
            "link_density": 100.0 * linked / base.pair_count if base.pair_count else None,
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
    answered = hubs = 0
    for level in record.values():
        if level is not None:
            answered += 1
            hubs += level >= HUB
    return 100.0 * hubs / answered if answered else None


def directed_handoffs(
    handoffs: Iterable[tuple[str, str, str]],
) -> dict[tuple[str, str], set[str]]:
    """Hand-off stages by (from, to): each pair then looks its stages up once."""
    directed: dict[tuple[str, str], set[str]] = {}
    for src, dst, stage in handoffs:
        directed.setdefault((src, dst), set()).add(stage)
    return directed
