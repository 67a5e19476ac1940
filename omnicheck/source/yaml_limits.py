"""How deep and how large a YAML document may be, checked before it is composed.

Apart from :mod:`omnicheck.source.safe_yaml` because it guards against a
hostile file rather than reading a good one; ordinary files pass it after two
counts. Pure: it takes text and returns or raises.
"""

from __future__ import annotations

from typing import Any, NoReturn

import yaml

from omnicheck.errors import Problem, YamlInputError

#: A document may nest this deep. Rubrics need about eight levels.
MAX_DEPTH = 64
#: A document may expand to this many values once aliases are followed.
#: A billion-laughs file reaches it in microseconds and is refused.
MAX_NODES = 200_000

_OPENS = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_CLOSES = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
_LEAVES = (yaml.ScalarEvent, yaml.AliasEvent)


def check_size_cheaply(text: str, source: str, loader: Any) -> None:
    """Refuse very deep or very large documents before libyaml's composer sees them.

    Composing ``[[[[...`` a hundred thousand deep crashes the interpreter, and
    composing a few megabytes of tiny values takes seconds and hundreds of
    megabytes of nodes. The parser's event stream costs neither, so it is
    counted first; it runs only when cheap bounds say the text could be too
    deep (brackets plus the longest line) or too large (a value takes at
    least two characters, give or take one), so ordinary files skip it.
    ``loader`` is the one that will compose the text (libyaml's when built in).
    """
    longest = max(map(len, text.splitlines()), default=0)
    if text.count("[") + text.count("{") + longest <= 1000 and len(text) <= MAX_NODES:
        return
    try:
        _count_events(text, source, loader)
    except yaml.scanner.ScannerError as exc:
        if "nesting depth" not in str(exc):
            raise
        # PyYAML 6.0.4 bundles a libyaml that stops at its own depth (about
        # 1,000) while it scans ahead, before any event reaches the count
        # below. The pure-Python parser has no such limit and scans ahead at
        # most 1,024 characters, so it reaches omnicheck's limit first and
        # the message is the same whichever PyYAML is installed. Only such a
        # hostile file pays for the slower parser.
        _count_events(text, source, yaml.SafeLoader)
        raise  # pragma: no cover - the slow parser refuses first


def _count_events(text: str, source: str, loader: Any) -> None:
    """Refuse the document at the first event past the depth or size limit."""
    depth = values = 0
    for event in yaml.parse(text, Loader=loader):
        kind = type(event)
        if kind in _OPENS:
            depth += 1
            values += 1
        elif kind in _CLOSES:
            depth -= 1
        elif kind in _LEAVES:
            values += 1
        else:
            continue
        if depth > MAX_DEPTH:
            _refuse(source, event, f"YAML nests more than {MAX_DEPTH} levels deep", "yaml-too-deep")
        if values > MAX_NODES:
            message = f"YAML has more than {MAX_NODES:,} values; refusing to read it"
            _refuse(source, event, message, "yaml-too-large")


def _refuse(source: str, event: yaml.Event, message: str, code: str) -> NoReturn:
    mark = event.start_mark
    assert mark is not None  # the parser marks every event it emits
    raise YamlInputError([Problem(source, message, mark.line + 1, mark.column + 1, code)])
