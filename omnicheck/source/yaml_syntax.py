"""A YAML syntax error as one line a person can act on, at FILE:LINE:COLUMN.

PyYAML and libyaml word the same mistake differently and point where they gave
up, not where the mistake is; this module says the common ones plainly.
It is pure: it takes an exception and the text, and returns a problem.
"""

from __future__ import annotations

import yaml

from omnicheck.errors import Problem


def yaml_problem(exc: yaml.YAMLError, text: str, source: str, *, libyaml: bool) -> Problem:
    """One line, at the place PyYAML points to, whichever of its errors it raised."""
    if isinstance(exc, yaml.reader.ReaderError):
        # A character YAML does not allow; PyYAML gives its offset, not a line.
        char = exc.character
        code = char if isinstance(char, int) else ord(char)  # libyaml gives the code
        what = f"character U+{code:04X} is not allowed in YAML"
        offset = exc.position
        if libyaml:  # libyaml counts bytes of UTF-8, not characters
            offset = len(text.encode("utf-8")[:offset].decode("utf-8", "ignore"))
        line = text.count("\n", 0, offset) + 1
        column = offset - (text.rfind("\n", 0, offset) + 1) + 1
        return Problem(source, f"not valid YAML: {what}", line, column, "yaml-syntax")
    if isinstance(exc, yaml.MarkedYAMLError):
        plain = _plain_yaml_problem(exc, text)
        if plain is not None:
            said, at = plain
            return Problem(
                source, f"not valid YAML: {said}", at.line + 1, at.column + 1, "yaml-syntax"
            )
        mark = exc.problem_mark or exc.context_mark
        what = " ".join(part for part in (exc.context, exc.problem) if part)
        message = f"not valid YAML: {what or 'syntax error'}"
        if mark is not None:
            return Problem(source, message, mark.line + 1, mark.column + 1, "yaml-syntax")
        return Problem(source, message, code="yaml-syntax")
    return Problem(source, "not valid YAML: " + " ".join(str(exc).split()), code="yaml-syntax")


def _char_at(text: str, mark: yaml.Mark | None) -> str:
    """The character a mark points to (PyYAML and libyaml both count characters)."""
    if mark is None or not 0 <= mark.index < len(text):
        return ""
    return text[mark.index]


def _plain_yaml_problem(exc: yaml.MarkedYAMLError, text: str) -> tuple[str, yaml.Mark] | None:
    """The two mistakes people make most, said in their words rather than the parser's.

    A tab is invisible: "cannot start any token" does not say what to change. A bracket
    left open is found only where the parser gives up, often many lines later, so the
    line that needs the fix is where the bracket opened, and that is the place named.
    """
    problem, context = exc.problem_mark, exc.context_mark
    if _char_at(text, problem) == "\t" and (
        "cannot start any token" in (exc.problem or "") or "tab" in (exc.problem or "")
    ):
        assert problem is not None
        return "a tab character; YAML is indented with spaces, not tabs", problem
    opener = _char_at(text, context)
    if (
        opener in ("[", "{")
        and (exc.context or "").startswith("while parsing a flow")
        and context is not None
        and problem is not None
        and problem.line > context.line
        and not _closed(text, context.index)
    ):
        at_end = not text[problem.index :].strip()
        gave_up = "at the end of the file" if at_end else f"at line {problem.line + 1}"
        return f"this {opener} is never closed (the parser gave up {gave_up})", context
    return None


#: Characters after which a quote opens a quoted scalar in a flow collection.
_BEFORE_QUOTE = frozenset(" \t\n[{,:")


def _closed(text: str, start: int) -> bool:
    """Whether the bracket at ``start`` has its closing bracket later in ``text``.

    A mistake inside a bracket that spans lines also makes the parser give up
    on a later line; there the parser's own place is the one to fix. Brackets
    are counted outside quoted scalars and comments, as YAML reads them.
    """
    depth, i, end = 0, start, len(text)
    while i < end:
        char = text[i]
        before = text[i - 1] if i > 0 else "\n"
        if char in "[{":
            depth += 1
        elif char in "]}":
            depth -= 1
            if depth == 0:
                return True
        elif char == "#" and before in " \t\n":
            i = text.find("\n", i)
            if i < 0:
                return False
        elif char in "'\"" and before in _BEFORE_QUOTE:
            i = _quote_end(text, i)
            if i < 0:
                return False
        i += 1
    return False


def _quote_end(text: str, start: int) -> int:
    """The index of the quote that ends the quoted scalar opened at ``start``; -1 if none."""
    quote, i = text[start], start + 1
    while i < len(text):
        if quote == '"' and text[i] == "\\":
            i += 2
            continue
        if text[i] == quote:
            if quote == "'" and text[i + 1 : i + 2] == "'":  # '' is a quote inside ''
                i += 2
                continue
            return i
        i += 1
    return -1
