"""What a command may know about the process it runs in, in one object.

Modelled on httpie's ``Environment``: the standard streams, whether each is a
terminal, the environment variables, and what follows from them (the cache
directory, ``TERM``, the terminal's size). Colour stays rich's decision, from
the same variables: rich's own rules change between its releases, and a copy
of them here would drift.
:class:`omnicheck.cli.app.OmnicheckGroup` builds it once per run and puts it
in ``ctx.obj``; commands read it from there instead of from
``sys`` and ``os.environ``, so a test swaps the whole process for a fake one
with ``CliRunner().invoke(app, args, obj=Environment(...))`` and nothing
global is patched. A command takes ``ctx: typer.Context`` and calls
:func:`from_context`. ``assess`` hands it on to its session, which builds
the questionnaire's console and prompts on these streams.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from rich.console import Console

from omnicheck.lazy_dataclass import dataclass


def _isatty(stream: Any) -> bool:
    """A closed or fake stream is no terminal, rather than an error."""
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):
        return False


@dataclass(frozen=True)
class Environment:
    """The process as commands see it; every field can be given by a test.

    The ``*_isatty`` flags are fields of their own, not read from the streams,
    so that a test can pair a captured stream with a terminal's behaviour.
    """

    stdin: TextIO
    stdout: TextIO
    stderr: TextIO
    stdin_isatty: bool
    stdout_isatty: bool
    stderr_isatty: bool
    environ: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def current(cls, **overrides: Any) -> Environment:
        """The real process: the ``sys`` streams as they are now, and ``os.environ``.

        Read at call time, not import time: click's test runner swaps the
        streams for each invocation.
        """
        values: dict[str, Any] = {
            "stdin": sys.stdin,
            "stdout": sys.stdout,
            "stderr": sys.stderr,
            "environ": dict(os.environ),
        }
        values.update({k: v for k, v in overrides.items() if k in ("stdin", "stdout", "stderr")})
        for name in ("stdin", "stdout", "stderr"):
            values[f"{name}_isatty"] = _isatty(values[name])
        values.update(overrides)
        return cls(**values)

    @property
    def cache_dir(self) -> Path | None:
        """Where derived files are cached, or None when caching is off.

        Decided by :func:`omnicheck.source.cache.cache_dir_for`, imported here
        because the cache module is not needed by ``--help``.
        """
        from omnicheck.source.cache import cache_dir_for

        return cache_dir_for(self.environ)

    @property
    def term(self) -> str | None:
        """The terminal's type (``TERM``), for terminfo: None when it is not set."""
        return self.environ.get("TERM") or None

    def terminal_size(self) -> os.terminal_size:
        """How big the terminal is now: asked at every call, since it may be resized.

        :func:`shutil.get_terminal_size`'s rules, stable since Python 3.3, on
        this environment: ``COLUMNS`` and ``LINES`` first, then the size of
        this ``stdout``'s terminal, then 80x24.
        """

        def number(name: str) -> int:
            try:
                return int(self.environ.get(name, ""))
            except ValueError:
                return 0

        columns, lines = number("COLUMNS"), number("LINES")
        if columns <= 0 or lines <= 0:
            try:
                size = os.get_terminal_size(self.stdout.fileno())
            except (AttributeError, ValueError, OSError):  # not a terminal, closed, a fake
                size = os.terminal_size((80, 24))
            columns = columns if columns > 0 else size.columns or 80
            lines = lines if lines > 0 else size.lines or 24
        return os.terminal_size((columns, lines))

    def console(self, console_class: type[Console] | None = None, **options: Any) -> Console:
        """A rich console on this ``stdout`` that reads this environment's variables
        (a ``console_class``, a subclass of rich's, when the caller needs one).

        A terminal when ``stdout_isatty`` says so. rich is left to decide
        whenever the flag and the stream agree (the real process), so that its
        own rules (``TTY_COMPATIBLE``, ``FORCE_COLOR``) decide as they would
        without this object; only a test's captured stream that stands for a
        terminal, or a terminal that stands for a file, is forced.
        """
        from rich.console import Console

        flag = self.stdout_isatty
        forced = None if flag == _isatty(self.stdout) else flag
        make = Console if console_class is None else console_class
        return make(file=self.stdout, force_terminal=forced, _environ=dict(self.environ), **options)


def from_context(ctx: Any) -> Environment:
    """The run's environment: the one in ``ctx.obj``, or the real process when there is none.

    The fallback serves a command function called outside the group (a test
    that builds its own click context).
    """
    obj = getattr(ctx.find_root(), "obj", None) if ctx is not None else None
    return obj if isinstance(obj, Environment) else Environment.current()
