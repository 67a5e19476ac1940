"""A hand-off list: where one channel hands customers on, as ``CHANNEL@STAGE`` ids.

Generated for every channel from ``channel_links.handoff``; read like any list
of options. A plan adds hand-offs one at a time (scoring.plan_steps), so there
is no ladder to raise.
"""

from __future__ import annotations

from omnicheck.rubric.kinds.multi import Multi


class Handoff(Multi):
    name = "handoff"
    authored = False
    link_role = "handoff"
    placeholder = "handoff"

    def needed(self, n: int, rule: str) -> int:
        """More than half of the respondents (``median``), or every one (``lowest``)."""
        return n if rule == "lowest" else n // 2 + 1
