"""A choice of one option: ``goal: loyalty``. Scored in a dimension when it has one."""

from __future__ import annotations

from omnicheck.rubric.kinds.base import Kind


class Single(Kind):
    name = "single"
    scorable = True
    in_checks = "yes_no"
