"""The words for domain errors that only make sense in terms of the command line.

The core raises errors that carry ids (which output, which suffixes); this
module, in the CLI layer, names the options. So the core stays free of
option names, and another front end could word the same error its own way.
:meth:`omnicheck.cli.app.OmnicheckGroup.invoke` prints every error through
:func:`lines_for`.
"""

from __future__ import annotations

from omnicheck.errors import OmnicheckError, UnknownFormatError

#: The option that sets each output a command can write.
OPTION_OF_TARGET = {"output": "--output", "summary": "--summary"}


def lines_for(exc: OmnicheckError) -> list[str]:
    """The error as printed on stderr, one line per problem."""
    if isinstance(exc, UnknownFormatError):
        return [unknown_format(exc)]
    return exc.lines()


def unknown_format(exc: UnknownFormatError) -> str:
    option = OPTION_OF_TARGET.get(exc.target, exc.target)
    message = (
        f"cannot tell the format of {option} {exc.name!r}: "
        f"name a file ending in {', '.join(exc.suffixes)}"
    )
    # Only the main output's format is chosen by --format; a summary's is not.
    return message + (", or add --format" if exc.target == "output" else "")
