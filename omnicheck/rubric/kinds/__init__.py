"""Question kinds: each in its own module, registered here (see :mod:`.base`).

A new kind is a module with a :class:`Kind` subclass and one line below.
"""

from omnicheck.rubric.kinds.base import (
    Issue,
    Kind,
    Reader,
    authored_kinds,
    kind_named,
    kind_of,
    option_id_of,
    register,
    unregister,
)
from omnicheck.rubric.kinds.handoff import Handoff
from omnicheck.rubric.kinds.link_level import LinkLevel
from omnicheck.rubric.kinds.multi import Multi
from omnicheck.rubric.kinds.single import Single
from omnicheck.rubric.kinds.text import Text
from omnicheck.rubric.kinds.yes_no import YesNo

for _kind in (Single(), Multi(), Text(), YesNo(), LinkLevel(), Handoff()):
    register(_kind)

__all__ = [
    "Issue",
    "Kind",
    "Reader",
    "authored_kinds",
    "kind_named",
    "kind_of",
    "option_id_of",
    "register",
    "unregister",
]
