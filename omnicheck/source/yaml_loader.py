"""The YAML loader that composes answers files and rubrics: libyaml's, where it is built in.

libyaml scans and parses in C, but PyYAML resolves the tag of every plain
scalar in Python, with a few regular expressions per value, and that was about
a third of the time to compose an answers file. The tag of a plain scalar
depends on its text alone (PyYAML's implicit resolvers, which omnicheck never
changes, and no path resolvers), and a batch's files repeat the same few
hundred texts (option ids, question ids, levels): each text's tag is resolved
once and looked up after that. Only short texts are remembered, and only so many, so a hostile
file of a million distinct values costs no more memory than it did.

Pure: the table is a cache of a pure function of the text, the same in every process.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from yaml.nodes import MappingNode, ScalarNode, SequenceNode

try:  # libyaml is several times faster; fall back where it was not compiled in
    from yaml import CSafeLoader as _Base

    C_LOADER = True
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Base  # type: ignore[assignment]

    C_LOADER = False

#: Texts longer than this are free text, seldom repeated: not remembered.
MAX_REMEMBERED_CHARS = 64
#: At most this many texts are remembered (a few megabytes at most).
MAX_REMEMBERED = 50_000

#: PyYAML's own resolution (the stubs leave it untyped).
_resolve = cast(Callable[[Any, Any, Any, Any], Any], _Base.resolve)
_SCALAR: str = _Base.DEFAULT_SCALAR_TAG
_MAPPING: str = _Base.DEFAULT_MAPPING_TAG
_SEQUENCE: str = _Base.DEFAULT_SEQUENCE_TAG
#: The implicit tag of a plain scalar, by its text.
_PLAIN_TAGS: dict[str, str] = {}


class Loader(_Base):
    """:data:`_Base` with the tags of plain scalars remembered (see the module's docstring).

    libyaml's composer also calls ``descend_resolver(parent, index)`` and
    ``ascend_resolver()`` around every node, for path resolvers; with none
    registered PyYAML's return at once, and a call to a type that builds a
    throwaway value (``slice``, ``tuple``) does the same without running Python.
    """

    if not _Base.yaml_path_resolvers:
        descend_resolver = slice  # type: ignore[assignment]  # called, never read
        ascend_resolver = tuple  # type: ignore[assignment]

        # Decided once, here: a path resolver registered later would go unread, as it
        # already would by the two hooks above.
        def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
            """PyYAML's tag for a node, without its Python call where, with no path
            resolvers, it depends on the kind alone (a quoted scalar, a sequence, a
            mapping) or on the text alone (a plain scalar, remembered)."""
            if kind is ScalarNode:
                if not implicit[0]:
                    return _SCALAR
                tag = _PLAIN_TAGS.get(value)
                if tag is None:
                    tag = _resolve(self, kind, value, implicit)
                    if len(value) <= MAX_REMEMBERED_CHARS and len(_PLAIN_TAGS) < MAX_REMEMBERED:
                        _PLAIN_TAGS[value] = tag
                return tag
            if kind is MappingNode:
                return _MAPPING
            return _SEQUENCE if kind is SequenceNode else _resolve(self, kind, value, implicit)

    else:  # pragma: no cover - PyYAML registers none; a path resolver reads the path
        resolve = _Base.resolve
