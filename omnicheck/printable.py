"""Text that is safe to print: what every terminal, document and spreadsheet writer uses.

Business names, notes, "other" channel names and survey cells come from
other people, and so does the text of a ``--rubric`` file. Printed raw, an
ESC or C1 character starts a terminal control sequence (OSC 0 retitles the
window, OSC 52 writes the clipboard, CSI 2J clears the screen), and the
bidi overrides make text read in another order than it is stored. So every
writer passes what it shows through :func:`printable`, which replaces those
characters with a visible escape (``\\x1b``, ``\\u202e``) rather than
dropping them: the reader sees that something odd is in the input.

JSON keeps the text exactly (:func:`json_safe` writes the same characters as
``\\u`` escapes), and spreadsheet cells also lose the power to start a
formula (:func:`spreadsheet_cell`). Nothing here imports more than ``re``,
except :func:`guard`, which loads rich only for a console that exists.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from rich.console import Console

#: C0 controls but tab and newline, DEL, C1 controls, the line and paragraph
#: separators (U+2028, U+2029: a terminal breaks the line there, so a name could
#: add a line that reads as the verdict), and the bidi embeddings, overrides and
#: isolates (U+202A-U+202E, U+2066-U+2069).
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028-\u202e\u2066-\u2069]")
#: The same characters as JSON writes them with ensure_ascii=False: C0 is escaped already.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u2028-\u202e\u2066-\u2069]")
#: OWASP's list of the first characters that make a spreadsheet read a cell as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

T = TypeVar("T")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """``text`` with every control character shown as an escape; tab and newline stay.

    A Windows line end (CRLF, as in a survey export's multi-line cell) is a
    plain newline, not a visible ``\\r``.
    """
    if _UNSAFE.search(text) is None:
        return text
    return _UNSAFE.sub(_visible, text.replace("\r\n", "\n"))


def printable_data(value: T) -> T:
    """A copy of report data (dicts, lists and text) with every text through :func:`printable`.

    For the terminal views: rich's ``Text`` silently drops BEL, backspace, VT,
    FF and CR before any render hook (:func:`guard`) sees them, so a name with
    one would print without it, where every other format shows the escape.
    Escaped before rich takes the text, it shows the same as in the others.
    """
    if isinstance(value, str):
        return printable(value)  # type: ignore[return-value]
    if isinstance(value, dict):
        return {printable_data(k): printable_data(v) for k, v in value.items()}  # type: ignore[return-value]
    if isinstance(value, (list, tuple)):
        return type(value)(printable_data(v) for v in value)
    return value


def json_safe(document: str) -> str:
    """JSON text (from ``json.dumps``) with no raw control or bidi character in it.

    Such characters can only stand inside JSON strings, where ``\\uXXXX``
    means the same character: the data is unchanged, the bytes are safe.
    """
    if _JSON_UNSAFE.search(document) is None:
        return document
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", document)


def spreadsheet_cell(text: str) -> str:
    """A text cell that a spreadsheet shows as text, never runs as a formula.

    The OWASP advice for CSV injection: a cell that starts with ``=``, ``+``,
    ``-``, ``@``, tab or CR gets a leading single quote, which Excel,
    LibreOffice and Google Sheets read as "this is text". Only for text that
    came from outside: the scores omnicheck computes are written as numbers.
    """
    text = printable(text)
    return "'" + text if text.startswith(_FORMULA_START) else text


def guard(console: Console) -> Console:
    """``console``, with every text segment it prints passed through :func:`printable`.

    Installed as a rich render hook, so it covers whatever is printed on the
    console (tables, padding, progress lines) and leaves rich's own colour
    and cursor codes alone: those are the segments marked as control.
    """
    from rich.console import RenderHook
    from rich.segment import Segment

    class Printable:
        def __init__(self, inner: Any) -> None:
            self.inner = inner

        def __rich_console__(self, console: Console, options: Any) -> Iterable[Segment]:
            for segment in console.render(self.inner, options):
                text, style, control = segment
                if control is None and _UNSAFE.search(text) is not None:
                    yield Segment(printable(text), style)
                else:
                    yield segment

    class Hook(RenderHook):
        def process_renderables(self, renderables: list[Any]) -> list[Any]:
            return [Printable(r) for r in renderables]

    console.push_render_hook(Hook())
    return console
