"""The process around ``omnicheck assess``: the prompts on the run's streams, no echo,
and how to start the program again.

The prompts read and draw on the :class:`omnicheck.cli.environment.Environment`'s
streams, and keys typed between two prompts print nothing stray.

Signals need nothing here: the handler :mod:`omnicheck.cli.app` installs
around every command makes a closed terminal or a kill stop the
questionnaire as Ctrl-C does, and a save holds them off
(:func:`omnicheck.source.files.signals_held`) until the file is written.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from omnicheck.cli.environment import Environment


@contextlib.contextmanager
def prompts_on(env: Environment) -> Iterator[None]:
    """The prompts read and draw on ``env``'s streams, and are laid out by its terminal's size.

    prompt_toolkit's own choice of input and output, given the same streams:
    in the real process these are the very objects it would pick by itself.
    """
    from prompt_toolkit.application import create_app_session
    from prompt_toolkit.input import create_input
    from prompt_toolkit.output import create_output

    from omnicheck.questionnaire.layout import sized_by

    streams = create_app_session(create_input(env.stdin), create_output(env.stdout))
    with streams, sized_by(env.terminal_size):
        yield


@contextlib.contextmanager
def no_echo(stdin: TextIO) -> Iterator[None]:
    """Keys pressed between two prompts wait for the next one instead of echoing.

    prompt_toolkit puts the terminal in raw mode only while a prompt is up; in
    the moment between two, a fast typist's Enter would print a stray line.
    ``stdin`` is the environment's: a test's stand-in has no terminal to quiet.
    """
    try:
        import termios
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    try:
        fd = stdin.fileno()
    except (OSError, ValueError):  # not a real file (io.UnsupportedOperation is both)
        yield
        return
    try:
        before = termios.tcgetattr(fd)
    except termios.error:
        yield
        return
    quiet = list(before)
    quiet[3] &= ~termios.ECHO
    termios.tcsetattr(fd, termios.TCSADRAIN, quiet)
    try:
        yield
    finally:
        with contextlib.suppress(termios.error):
            termios.tcsetattr(fd, termios.TCSADRAIN, before)


def started_as(path: str | None) -> tuple[str, ...]:
    """How to start this program again from a shell, as it was started this time.

    Installed in a virtual environment that is not activated, ``omnicheck``
    alone is "command not found": then the path it was run by is the way.
    ``path`` is the environment's ``PATH`` (None: unset, and shutil's default).
    """
    import shutil

    started = sys.argv[0]
    if started.endswith("__main__.py") or not started:
        return (sys.executable, "-m", "omnicheck")
    name = Path(started).name
    found = shutil.which(name, path=path)
    with contextlib.suppress(OSError):
        if found is not None and Path(found).samefile(started):
            return (name,)
    return (started,)
