"""The loader that composes answers files remembers plain scalars' tags: it must give the
tags PyYAML gives, text by text, and its memory must stay bounded on a hostile file."""

from __future__ import annotations

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from omnicheck.source import yaml_loader
from omnicheck.source.safe_yaml import parse_yaml

#: Texts YAML 1.1 reads as something other than text, and near misses.
TRICKY = [
    "NO", "no", "Yes", "on", "OFF", "~", "null", "Null", "", "01234", "0x1F", "0o17", "9:30",
    "1:00:00", "1_000", "+12", "-0", ".5", "1e3", "1.0e+3", ".nan", ".Inf", "-.inf", "2026-03-14",
    "2026-03-14 10:00:00", "=", "<<", "physical_store", "n/a", "yes please", "0.1.2", "12abc",
]  # fmt: skip


#: Texts that stay one plain scalar in a list item.
PLAIN = st.from_regex(r"[0-9a-zA-Z][0-9a-zA-Z:._+-]{0,11}", fullmatch=True).filter(
    lambda v: not v.endswith(":")
)


def _nodes(text: str, loader: type) -> list[yaml.Node]:
    """Every node of the composed document, parents before their children."""
    found = []
    stack = [yaml.compose(text, Loader=loader)]
    while stack:
        node = stack.pop()
        found.append(node)
        if isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.extend((key, value))
    return found


def _tags(text: str, loader: type) -> list[tuple[str, str]]:
    return [(n.value, n.tag) for n in _nodes(text, loader) if isinstance(n, yaml.ScalarNode)]


def _document(values: list[str]) -> str:
    items = "\n".join(f"  - {v}" if v else "  -" for v in values)
    quoted = "\n".join(f"  - '{v}'" for v in values)
    return f"plain:\n{items}\nquoted:\n{quoted}\n"


def test_remembered_tags_are_pyyaml_s_own_the_first_time_and_after():
    text = _document(TRICKY)
    expected = _tags(text, yaml.SafeLoader)
    assert _tags(text, yaml_loader.Loader) == expected  # resolved
    assert _tags(text, yaml_loader.Loader) == expected  # remembered
    assert {"tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:null"} <= {
        tag for _, tag in expected
    }


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(TRICKY) | PLAIN))
def test_any_plain_text_gets_the_tag_pyyaml_gives_it(values):
    text = _document(values)
    assert _tags(text, yaml_loader.Loader) == _tags(text, yaml.SafeLoader)


def test_the_table_stops_growing_at_its_limit(monkeypatch):
    monkeypatch.setattr(yaml_loader, "_PLAIN_TAGS", {})
    monkeypatch.setattr(yaml_loader, "MAX_REMEMBERED", 10)
    many = [f"value{i}" for i in range(50)] + ["x" * (yaml_loader.MAX_REMEMBERED_CHARS + 1)]
    document = parse_yaml(_document(many), "many.yaml")
    assert document.data["plain"] == many  # every value read all the same
    assert len(yaml_loader._PLAIN_TAGS) == 10


#: Every kind of node, quoted and block scalars, tags given in the text, flow and block
#: collections, and empty values.
KINDS = """\
plain: text
single: 'quoted'
double: "quoted"
literal: |
  a block
folded: >
  a block
tagged: !!str 12
local: ! 12
empty:
list: [a, 'b', 1, {c: d}]
block:
  - one
  - - nested
  - key: value
map: {x: 1, y: [2, 3]}
? complex
: value
"""


def _all_tags(text: str, loader: type) -> list[tuple[str, str]]:
    return [(type(n).__name__, n.tag) for n in _nodes(text, loader)]


def test_every_kind_of_node_gets_the_tag_pyyaml_gives_it():
    """The loader answers for quoted scalars, sequences and mappings by their kind alone."""
    found = _all_tags(KINDS, yaml_loader.Loader)
    assert found == _all_tags(KINDS, yaml.SafeLoader)
    kinds = {kind for kind, _ in found}
    assert kinds == {"ScalarNode", "SequenceNode", "MappingNode"}
