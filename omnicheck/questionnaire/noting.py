"""A note beside an answer, typed in the questionnaire: why, or how the person knows.

Ctrl-N on a question opens one line prefilled with the note the answer has;
Enter keeps it, to be saved with the answer when the question is answered,
and an empty line clears it. The answers file holds it in the mapping form
(see :mod:`omnicheck.answers.notes`), with any evidence written there by hand.
"""

from __future__ import annotations

from omnicheck.printable import printable
from omnicheck.questionnaire.keys import Key
from omnicheck.questionnaire.layout import wrap
from omnicheck.questionnaire.textline import ask_line

#: The key, as the footer names it; prompt_toolkit's name for it is "c-n".
NOTE_KEY = "ctrl-n"
#: Longest note typed in; a longer one written by hand is kept as it is.
NOTE_MAX = 1000
#: After an answer that has a note, on its line and on the review screen.
NOTE_MARK = " · note"


def note_hint(note: str | None) -> str:
    return f"{NOTE_KEY} {'edit the note' if note else 'add a note'}"


def ask_note(short: str, note: str | None) -> str | Key:
    """The note as typed (empty: none), or a :class:`Key` for Esc: the note stays as it was.

    The line is prefilled with the note made printable and on one line; left
    unchanged, the note is returned as the file holds it, line breaks and all.
    """
    shown = " ".join(printable(note or "").split())
    reply = ask_line(
        "\n Note\n",
        wrap(f"Note for {short}:", 1),
        ["enter save with the answer (empty: no note)", "esc back to the question"],
        default=shown,
        limit=max(NOTE_MAX, len(shown)),
    )
    if isinstance(reply, Key) or note is None or reply != shown:
        return reply
    return note
