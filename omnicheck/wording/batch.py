"""The words of batch's rows that are not a problem of one input."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def _more(args: Mapping[str, Any]) -> str:
    count = args["count"]
    return f"and {count} more problem{'s' if count > 1 else ''}"


WORDS = {"more-problems": _more}
