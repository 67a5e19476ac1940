"""A record link: how far one channel records what customers do, on the rubric's scale.

Generated for every channel from ``channel_links.record``; read like a choice of
one option, and raised by a plan's "record" step rather than a plain raise.
"""

from __future__ import annotations

from omnicheck.rubric.kinds.single import Single


class LinkLevel(Single):
    name = "link_level"
    authored = False
    link_role = "record"
    step = "record"
