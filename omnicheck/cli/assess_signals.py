"""Signals and echo around ``omnicheck assess``: stop cleanly, save whole, print nothing stray.

A closed terminal or a kill stops the questionnaire as Ctrl-C does; Ctrl-C
during a save waits until the file is written; keys typed between two
prompts do not echo.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections.abc import Iterator

_STOP_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGINT", "SIGHUP", "SIGTERM") if hasattr(signal, name)
)


@contextlib.contextmanager
def stop_signals_raise() -> Iterator[None]:
    """A closed terminal (SIGHUP) or a kill (SIGTERM) stops the run like Ctrl-C.

    After a hang-up, the terminal is gone: output goes to /dev/null so that
    printing the resume hint cannot fail and mask the exit status.
    """

    def stop(signum: int, _frame: object) -> None:
        if signum == getattr(signal, "SIGHUP", None):
            devnull = os.open(os.devnull, os.O_WRONLY)
            for fd in (1, 2):
                with contextlib.suppress(OSError):
                    os.dup2(devnull, fd)
        raise KeyboardInterrupt

    names = [s for s in _STOP_SIGNALS if s != signal.SIGINT]
    previous = {s: signal.signal(s, stop) for s in names}
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)


@contextlib.contextmanager
def no_echo() -> Iterator[None]:
    """Keys pressed between two prompts wait for the next one instead of echoing.

    prompt_toolkit puts the terminal in raw mode only while a prompt is up; in
    the moment between two, a fast typist's Enter would print a stray line.
    """
    try:
        import termios
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    fd = sys.stdin.fileno()
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
