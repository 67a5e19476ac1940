"""Safe YAML that remembers where every value came from.

PyYAML's ``safe_load`` loses positions, silently keeps the last of two
duplicate keys, and lets aliases multiply a small file into a huge one. Every
error omnicheck reports must point at FILE:LINE:COLUMN, so documents are
composed into nodes (which carry marks), checked, and only then turned into
plain Python data. The node tree is kept, so a position is looked up only
when a problem is reported, which keeps the fast path fast; each mapping's
keys are indexed the first time one of them is looked up, so a file with
thousands of problems is not rescanned for each.

YAML 1.1 reads ``NO`` as false, ``01234`` as 668 and ``9:30`` as 570. Keys
are names, so a key is always the text typed (``no:`` is the key "no"), and
a key tagged as anything but text is refused. Where a value is free text,
:meth:`YamlDocument.text` gives back what was typed.

This module is pure: it takes text and returns data or raises.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import field
from operator import attrgetter, itemgetter
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from omnicheck.errors import Problem, YamlInputError
from omnicheck.lazy_dataclass import dataclass
from omnicheck.source.yaml_limits import MAX_DEPTH, MAX_NODES, check_size_cheaply
from omnicheck.source.yaml_loader import C_LOADER as _C_LOADER
from omnicheck.source.yaml_loader import Loader as _Loader
from omnicheck.source.yaml_syntax import yaml_problem

PathItem = str | int
Path = tuple[PathItem, ...]

_TAG = "tag:yaml.org,2002:"
_STR, _MAP, _SEQ, _MERGE = _TAG + "str", _TAG + "map", _TAG + "seq", _TAG + "merge"
#: Plain data only. Timestamps stay strings, so they round-trip into JSON.
_SCALAR_TAGS = frozenset(_TAG + t for t in ("str", "int", "float", "bool", "null"))
_KEEP_AS_TEXT = frozenset(_TAG + t for t in ("timestamp", "value"))
_CONSTRUCTOR = SafeConstructor()
#: What PyYAML's constructors raise on text they cannot build (``!!int ""``
#: indexes an empty string, ``!!bool maybe`` misses a table).
_BUILD_ERRORS = (ValueError, IndexError, KeyError, TypeError, OverflowError, yaml.YAMLError)
#: No number anyone means is longer. Longer text tagged as a number is not
#: built: a sexagesimal such as ``1:00:00:...`` costs time quadratic in its length.
MAX_NUMBER_CHARS = 100
_NUMBER_TAGS = frozenset((_TAG + "int", _TAG + "float"))


@dataclass(frozen=True, slots=True)
class Mark:
    """A 1-based position in a source file."""

    line: int
    column: int


@dataclass(frozen=True, slots=True)
class YamlDocument:
    """Plain data parsed from YAML, plus the node tree to locate any part of it."""

    source: str
    data: Any
    root: Node | None
    #: Per mapping node (by id), its (key node, value node) by key: built on first use.
    _keys: dict[int, dict[str, tuple[Node, Node]]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def mark(self, path: Path, *, at_key: bool = False) -> Mark | None:
        """Where the value at ``path`` starts, or its nearest ancestor that exists.

        With ``at_key``, point at the mapping key instead: that is where an
        unknown or misspelt key is.
        """
        node = self.root
        if node is None:
            return None
        found = node
        key_node: Node | None = None
        for item in path:
            child = self._child(node, item)
            if child is None:
                key_node = None
                break
            key_node, node = child
            found = node
        target = key_node if at_key and key_node is not None else found
        return Mark(target.start_mark.line + 1, target.start_mark.column + 1)

    def text(self, path: Path) -> str | None:
        """The text typed for the single value at ``path``, or None if there is none.

        For free text: the data holds False for ``NO`` and 570 for ``9:30``,
        but a business in Norway typed NO.
        """
        node = self.root
        for item in path:
            if node is None:
                return None
            child = self._child(node, item)
            node = child[1] if child is not None else None
        return node.value if isinstance(node, ScalarNode) else None

    def _child(self, node: Node, item: PathItem) -> tuple[Node, Node] | None:
        """The (key node, value node) under ``node`` for one path item."""
        if isinstance(node, MappingNode):
            keys = self._keys.get(id(node))
            if keys is None:
                keys = self._keys[id(node)] = {}
                for key, value in _mapping_pairs(node, 0):
                    if isinstance(key, ScalarNode):
                        keys.setdefault(key.value, (key, value))
            return keys.get(item) if isinstance(item, str) else None
        if isinstance(node, SequenceNode) and isinstance(item, int) and 0 <= item < len(node.value):
            element = node.value[item]
            return element, element
        return None

    def problem(
        self, path: Path, message: str, *, at_key: bool = False, code: str = "invalid-input"
    ) -> Problem:
        """A problem located at ``path``; ``code`` is its kind (see :class:`Problem`)."""
        mark = self.mark(path, at_key=at_key)
        if mark is None:
            return Problem(self.source, message, code=code)
        return Problem(self.source, message, mark.line, mark.column, code)


def parse_yaml(text: str, source: str) -> YamlDocument:
    """Parse one YAML document safely, or raise :class:`YamlInputError`.

    ``source`` is the name shown in messages, usually the path as the user typed it.
    """
    try:
        check_size_cheaply(text, source, _Loader)
        root = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        raise YamlInputError([yaml_problem(exc, text, source, libyaml=_C_LOADER)]) from None
    except RecursionError:
        problem = Problem(source, "YAML nests too deeply to read", code="yaml-too-deep")
        raise YamlInputError([problem]) from None
    if root is None:
        return YamlDocument(source, None, None)
    builder = _Builder(source, text)
    data = builder.build(root, 0)
    if builder.problems:
        raise YamlInputError(builder.problems)
    return YamlDocument(source, data, root)


def _unsupported(node: Node) -> str:
    return f"unsupported YAML tag {node.tag!r}; only plain data is read"


def _scalar(node: ScalarNode) -> Any:
    """The value SafeConstructor builds; it raises one of ``_BUILD_ERRORS`` when it cannot."""
    if node.tag in _SCALAR_TAGS:
        return _CONSTRUCTOR.yaml_constructors[node.tag](_CONSTRUCTOR, node)
    return node.value


def _tagged(node: Node, text: str) -> bool:
    """Whether the node's tag is written in ``text`` (``!!int 5``), not read from ``5``.

    Both compose to the same node, so the text is read where the node starts:
    at its properties, an anchor (``&name``) and then a tag. Only a key of
    another type than text, or an overlong number, needs to know.
    """
    i = node.start_mark.index  # characters, with libyaml too
    if text.startswith("&", i):
        while i < len(text) and not text[i].isspace():
            i += 1
        while i < len(text) and text[i].isspace():
            i += 1
    return text.startswith("!", i)


def _short(tag: str) -> str:
    return "!!" + tag.removeprefix(_TAG) if tag.startswith(_TAG) else tag


def _shown(text: str) -> str:
    """Text quoted for a message, cut short: a value may be megabytes long."""
    return repr(text if len(text) <= 40 else text[:37] + "...")


_KEY = itemgetter(0)
_TAG_OF = attrgetter("tag")


def _has_merge(pairs: list[tuple[Node, Node]]) -> bool:
    """Whether a ``<<`` key is among a mapping's pairs: asked of every mapping, so its
    loop runs in C (the keys' tags compared as ``any`` would, without a frame per key)."""
    return _MERGE in map(_TAG_OF, map(_KEY, pairs))


def _mapping_pairs(node: MappingNode, depth: int) -> Iterator[tuple[Node, Node]]:
    """Key/value node pairs with ``<<`` merges expanded, own keys first."""
    if not _has_merge(node.value):
        yield from node.value
        return
    merged: list[tuple[Node, Node]] = []
    _collect_merges(node, depth, merged, set())
    own: set[str] = set()
    for key, value in node.value:
        if key.tag != _MERGE:
            if isinstance(key, ScalarNode):
                own.add(key.value)
            yield key, value
    for key, value in merged:
        if not isinstance(key, ScalarNode):
            yield key, value  # refused by the builder, at its own place
        elif key.value not in own:
            own.add(key.value)
            yield key, value


def _collect_merges(
    node: MappingNode, depth: int, out: list[tuple[Node, Node]], seen: set[int]
) -> None:
    """The pairs merged into ``node``, in precedence order, each source visited once.

    Merging a mapping that was already merged adds nothing (its keys are
    taken), and skipping it keeps a "merge bomb" (each level merging the
    one before twice) linear instead of exponential.
    """
    for key, value in node.value:
        if key.tag != _MERGE:
            continue
        for src in value.value if isinstance(value, SequenceNode) else [value]:
            if not isinstance(src, MappingNode) or id(src) in seen or depth >= MAX_DEPTH:
                continue
            seen.add(id(src))
            out.extend((k, v) for k, v in src.value if k.tag != _MERGE)
            _collect_merges(src, depth + 1, out, seen)


class _Builder:
    """Turns nodes into plain data, collecting every problem on the way."""

    def __init__(self, source: str, text: str) -> None:
        self.source = source
        self.text = text
        self.problems: list[Problem] = []
        self.count = 0

    def _problem(self, node: Node, message: str, code: str = "yaml-syntax") -> None:
        mark = node.start_mark
        self.problems.append(Problem(self.source, message, mark.line + 1, mark.column + 1, code))

    def build(self, node: Node, depth: int) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            if self.count == MAX_NODES + 1:
                self._problem(
                    node,
                    f"YAML expands to more than {MAX_NODES:,} values "
                    "(aliases repeated too often); refusing to read it",
                    "yaml-too-large",
                )
            return None
        if depth > MAX_DEPTH:
            self._problem(node, f"YAML nests more than {MAX_DEPTH} levels deep", "yaml-too-deep")
            self.count = MAX_NODES + 2  # stop descending; one message is enough
            return None
        if isinstance(node, ScalarNode):
            if node.tag == _STR:  # most values: what SafeConstructor would return
                return node.value
            return self._build_scalar(node)
        if isinstance(node, SequenceNode):
            if node.tag != _SEQ:
                self._problem(node, _unsupported(node), "yaml-unsupported-tag")
                return None
            items = []
            within = depth < MAX_DEPTH
            for item in node.value:
                # A text item, as build() would return it (see _build_mapping)
                if (
                    within
                    and item.tag == _STR
                    and type(item) is ScalarNode
                    and self.count < MAX_NODES
                ):
                    self.count += 1
                    items.append(item.value)
                else:
                    items.append(self.build(item, depth + 1))
            return items
        if isinstance(node, MappingNode):
            return self._build_mapping(node, depth)
        self._problem(node, "unsupported YAML node")  # pragma: no cover - composer emits 3 kinds
        return None

    def _build_scalar(self, node: ScalarNode) -> Any:
        tag = node.tag
        if tag in _SCALAR_TAGS:
            if tag in _NUMBER_TAGS and len(node.value) > MAX_NUMBER_CHARS:
                if not _tagged(node, self.text):  # digits and colons, read as a number by YAML 1.1
                    return node.value
                message = f"cannot read {_shown(node.value)} as {_short(tag)[2:]}"
                self._problem(node, message, "yaml-bad-value")
                return None
            try:
                return _scalar(node)
            except _BUILD_ERRORS:
                message = f"cannot read {_shown(node.value)} as {_short(tag)[2:]}"
                self._problem(node, message, "yaml-bad-value")
                return None
        if tag in _KEEP_AS_TEXT:
            return node.value
        self._problem(node, _unsupported(node), "yaml-unsupported-tag")
        return None

    def _build_key(self, node: Node) -> str | None:
        """A key is a name: the text typed, whatever YAML 1.1 would make of it."""
        if not isinstance(node, ScalarNode):
            self._problem(
                node, "a key must be a plain value, not a list or mapping", "yaml-complex-key"
            )
            return None
        # A scalar node's value is always its text; the stubs type it Any.
        text: str = node.value
        if node.tag == _STR:
            return text
        if _tagged(node, self.text):
            if node.tag in _SCALAR_TAGS or node.tag in _KEEP_AS_TEXT:
                message = f"a key must be text; remove its {_short(node.tag)} tag"
                self._problem(node, message, "yaml-tagged-key")
            else:
                self._problem(node, _unsupported(node), "yaml-unsupported-tag")
            return None
        return text

    def _build_mapping(self, node: MappingNode, depth: int) -> dict[Any, Any]:
        if node.tag != _MAP:
            self._problem(node, _unsupported(node), "yaml-unsupported-tag")
            return {}
        result: dict[str, Any] = {}
        first: dict[str, Node] = {}  # the key node of each key, for a duplicate's message
        pairs = node.value
        if _has_merge(pairs):
            self._check_merges(node)
            pairs = _mapping_pairs(node, depth)
        for key_node, value_node in pairs:
            key = (
                key_node.value
                if key_node.tag == _STR and isinstance(key_node, ScalarNode)
                else self._build_key(key_node)
            )
            if key is None:
                continue
            if key in first:
                self._problem(
                    key_node,
                    f"duplicate key {key!r} (first at line {first[key].start_mark.line + 1}); "
                    "YAML would silently keep only the last",
                    "yaml-duplicate-key",
                )
                continue
            first[key] = key_node
            # Most values are text: what build() returns for them, without the call,
            # while the count and the depth are within bounds (else build() says so).
            if (
                value_node.tag == _STR
                and type(value_node) is ScalarNode
                and self.count < MAX_NODES
                and depth < MAX_DEPTH
            ):
                self.count += 1
                result[key] = value_node.value
            else:
                result[key] = self.build(value_node, depth + 1)
        return result

    def _check_merges(self, node: MappingNode) -> None:
        """``<<`` takes a mapping or a list of them; PyYAML would refuse anything else."""
        for key, value in node.value:
            if key.tag != _MERGE:
                continue
            sources = value.value if isinstance(value, SequenceNode) else [value]
            for src in sources:
                if not isinstance(src, MappingNode):
                    what = "a list" if isinstance(src, SequenceNode) else "a single value"
                    message = f"'<<' merges a mapping or a list of mappings, not {what}"
                    self._problem(src, message, "yaml-bad-merge")
