"""Safe YAML: positions, duplicate keys, tags, alias bombs, nesting, merges."""

from __future__ import annotations

import pytest

from omnicheck.errors import YamlInputError
from omnicheck.source.safe_yaml import Mark, parse_yaml
from omnicheck.source.yaml_limits import MAX_DEPTH


def problems(text: str) -> list[str]:
    with pytest.raises(YamlInputError) as caught:
        parse_yaml(text, "f.yaml")
    return caught.value.lines()


def test_plain_data_and_positions():
    doc = parse_yaml("a:\n  b: [1, two, 3.5, true, null]\n  when: 2024-01-02\n", "f.yaml")
    assert doc.data == {"a": {"b": [1, "two", 3.5, True, None], "when": "2024-01-02"}}
    assert doc.mark(("a", "b", 1)) == Mark(2, 10)
    assert doc.problem(("a", "b"), "bad").line == 2
    assert doc.problem(("a", "b"), "bad", at_key=True).column == 3
    assert doc.problem(("a", "missing", "deeper"), "bad").line == 2  # nearest ancestor


def test_duplicate_keys_are_refused_with_both_lines():
    assert problems("goal: reach\nbudget: low\ngoal: loyalty\n") == [
        "f.yaml:3:1: duplicate key 'goal' (first at line 1); YAML would silently keep only the last"
    ]


@pytest.mark.parametrize(
    "text",
    [
        "a: !!python/object/apply:os.system ['echo hi']\n",
        "a: !!python/name:os.system\n",
        "a: !custom 1\n",
        "a: !!binary aGVsbG8=\n",
    ],
)
def test_unsafe_and_unknown_tags_are_refused(text):
    (line,) = problems(text)
    assert line.startswith("f.yaml:1:4: unsupported YAML tag")


def test_syntax_error_has_a_position():
    (line,) = problems("a: [1, 2\nb: 3\n")
    assert (
        line == "f.yaml:1:4: not valid YAML: this [ is never closed (the parser gave up at line 2)"
    )


def test_a_bracket_closed_on_its_own_line_is_reported_where_the_parser_says():
    """Only an opening left behind on an earlier line is the place to point at."""
    (line,) = problems("a: [1, 2}\n")
    assert line.startswith("f.yaml:1:") and "never closed" not in line


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("a: 1\nb:\n\t- x\n", 3),
        ("a: 1\nb:\n  - y\n\t- x\n", 4),  # libyaml: "a tab character that violates indentation"
    ],
)
def test_a_tab_is_named_and_the_fix_said(text, line):
    assert problems(text) == [
        f"f.yaml:{line}:1: not valid YAML: a tab character; YAML is indented with spaces, not tabs"
    ]


def test_a_tab_inside_a_value_is_not_a_problem():
    assert parse_yaml("a: 'x\ty'\nb: 1\n", "f.yaml").data == {"a": "x\ty", "b": 1}


def test_billion_laughs_is_refused_quickly():
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 9):
        prev = chr(ord("a") + i - 1)
        cur = chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [{', '.join('*' + prev for _ in range(9))}]")
    (line,) = problems("\n".join(lines) + "\n")
    assert "aliases repeated too often" in line


@pytest.mark.parametrize("depth", [MAX_DEPTH + 5, 100_000])
def test_deep_nesting_is_refused_not_crashed(depth):
    (line,) = problems("a: " + "[" * depth + "]" * depth + "\n")
    assert "nests more than" in line


def test_merge_keys_are_expanded_and_own_keys_win():
    doc = parse_yaml("base: &b {x: 1, y: 2}\nc:\n  <<: *b\n  y: 3\n", "f.yaml")
    assert doc.data["c"] == {"y": 3, "x": 1}


def test_empty_document_is_none():
    assert parse_yaml("# nothing\n", "f.yaml").data is None


@pytest.mark.parametrize(
    ("text", "where"),
    [
        # A mistake inside a bracket that spans lines, and is closed: the parser's place.
        ("a: {x: 1,\n  y: 2: 3}\nb: 1\n", "f.yaml:2:"),
        ('channels: [email,\n  web, "shop" x]\n', "f.yaml:2:"),
        # A closing bracket inside quotes or a comment does not close it.
        ("a: [1, 'x]',\nb: 2\n", "f.yaml:1:4: not valid YAML: this [ is never closed"),
        ("a: [1, # ]\nb: 2\n", "f.yaml:1:4: not valid YAML: this [ is never closed"),
        # An apostrophe inside a plain word opens no quote.
        ("a: [it's,\nb: 2\n", "f.yaml:1:4: not valid YAML: this [ is never closed"),
    ],
)
def test_only_a_bracket_left_open_is_named_as_never_closed(text: str, where: str) -> None:
    (line,) = problems(text)
    assert line.startswith(where), line
    if not where.endswith("closed"):
        assert "never closed" not in line


def test_a_bracket_open_to_the_end_says_so() -> None:
    (line,) = problems("a: [1,\nb: 2\n")
    assert line == (
        "f.yaml:1:4: not valid YAML: this [ is never closed (the parser gave up at the end "
        "of the file)"
    )
