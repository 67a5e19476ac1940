"""A small element tree of an HTML page, built with the standard library's parser.

Enough for the tests to ask what a browser would see: which elements exist,
their attributes, and their text. The same parser reads omnicheck's output and
the DOM that Chromium dumps after loading it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)


@dataclass
class Node:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Node | str] = field(default_factory=list)

    def iter(self, tag: str | None = None) -> Iterator[Node]:
        """This node and every element below it, in document order, optionally one tag."""
        if tag is None or self.tag == tag:
            yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.iter(tag)

    def text(self) -> str:
        """The visible text inside, white space collapsed; <title>, <desc> and <style> left out."""
        parts: list[str] = []
        self._collect(parts)
        return " ".join("".join(parts).split())

    def _collect(self, parts: list[str]) -> None:
        for child in self.children:
            if isinstance(child, Node):
                if child.tag not in ("style", "title", "desc"):
                    child._collect(parts)
            else:
                parts.append(child)

    def by_id(self, ident: str) -> Node | None:
        return next((n for n in self.iter() if n.attrs.get("id") == ident), None)

    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document")
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Node(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(html: str) -> Node:
    builder = _Builder()
    builder.feed(html)
    builder.close()
    return builder.root


def own_text(node: Node) -> str:
    """The text of ``node`` including <title> and <style> children's text."""
    parts: list[str] = []
    for child in node.children:
        parts.append(own_text(child) if isinstance(child, Node) else child)
    return " ".join("".join(parts).split())
