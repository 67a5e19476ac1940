"""SIGTERM and SIGHUP stop a command as Ctrl-C does, even in the middle of a prompt.

The prompts run in an asyncio event loop. A stop that raised KeyboardInterrupt
wherever the signal happened to land could drop the callback the loop had
just taken off its queue; the loop's clean-up then waited for that task for
ever, and the process, its stop signals ignored, never ended (seen in CI:
``omnicheck assess`` hung after a hang-up). These tests put the signal at
that exact instant, or hang up a real pseudo-terminal, without any timing.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import os
import select
import signal
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from omnicheck.cli.app import _stop_signals_interrupt

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="POSIX signals")


class _SignalWhenTaken(collections.deque[Any]):
    """An event loop's queue of callbacks that sends a signal as its first one is taken.

    The signal's handler runs as ``popleft`` returns: the moment a real
    signal lands when it reaches the process while the loop dequeues.
    """

    def __init__(self, items: Any, signum: int) -> None:
        super().__init__(items)
        self.signum: int | None = signum

    def popleft(self) -> Any:
        handle = super().popleft()
        if self.signum is not None:
            signum, self.signum = self.signum, None
            signal.raise_signal(signum)
        return handle


def test_a_stop_inside_an_event_loop_loses_none_of_its_callbacks():
    ran: list[str] = []
    loop = asyncio.new_event_loop()
    try:
        loop._ready = _SignalWhenTaken(loop._ready, signal.SIGTERM)  # type: ignore[attr-defined]
        loop.call_soon(ran.append, "the callback taken as the signal came")
        with _stop_signals_interrupt(), pytest.raises(KeyboardInterrupt):
            loop.run_forever()
    finally:
        loop.close()
    assert ran == ["the callback taken as the signal came"]


HANG_UP = """
import os, select, signal, sys
from omnicheck.cli.app import _stop_signals_interrupt

try:
    with _stop_signals_interrupt():
        signal.raise_signal(signal.SIGHUP)
except KeyboardInterrupt:
    readable, _, _ = select.select([0], [], [], 0)  # the pty has no key waiting
    said = "ready" if readable else "would wait"
    if readable:
        said += " at end" if os.read(0, 1) == b"" else " with a key"
    os.write(1, b"gone to /dev/null")
    with open(sys.argv[1], "w") as out:
        out.write(said)
"""


def test_after_a_hang_up_nothing_waits_for_the_terminal(tmp_path: Path):
    main, terminal = os.openpty()
    result = tmp_path / "result"
    try:
        done = subprocess.run(
            [sys.executable, "-c", textwrap.dedent(HANG_UP), str(result)],
            stdin=terminal,
            stdout=terminal,
            stderr=terminal,
            check=False,
        )
    finally:
        os.close(terminal)
    try:
        ready, _, _ = select.select([main], [], [], 0)
        written = os.read(main, 1024) if ready else b""
    except OSError:  # Linux: the pty's other end is closed and nothing is left
        written = b""
    finally:
        os.close(main)
    assert done.returncode == 0
    assert result.read_text() == "ready at end"
    assert b"/dev/null" not in written


def test_a_stop_whose_interrupt_was_swallowed_replaces_no_output(tmp_path: Path) -> None:
    """Python drops an exception raised in some of its own callbacks; the stop still holds."""
    from omnicheck.cli.app import _stop_signals_interrupt
    from omnicheck.source.files import Outputs

    target = tmp_path / "rows.csv"
    target.write_text("before\n", encoding="utf-8")
    with _stop_signals_interrupt():
        # What "Exception ignored in: <weakref callback>" amounts to: the raise is lost.
        with contextlib.suppress(KeyboardInterrupt):
            signal.raise_signal(signal.SIGTERM)
        with pytest.raises(KeyboardInterrupt), Outputs() as outputs:
            outputs.open(target).write("after\n")
    assert target.read_text(encoding="utf-8") == "before\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rows.csv"]
    # The next command in this process (tests run many) starts with no stop recorded.
    with Outputs() as outputs:
        outputs.open(target).write("after\n")
    assert target.read_text(encoding="utf-8") == "after\n"


SECOND_HANG_UP = """
import signal, sys
from omnicheck.cli import app

app._Process.ends_with_command = {ends}
try:
    with app._stop_signals_interrupt():
        signal.raise_signal(signal.SIGHUP)
except KeyboardInterrupt:
    pass
# What a closing terminal (or pexpect's close) may send while "Stopped." is printed.
signal.raise_signal(signal.SIGHUP)
sys.stdout.write("still here")
"""


@pytest.mark.parametrize(("ends", "survives"), [(True, True), (False, False)])
def test_a_second_hang_up_after_the_stop_does_not_kill_the_console_script(
    ends: bool, survives: bool
) -> None:
    """The console script keeps the stop signals ignored once one came; a process that
    runs commands in-process (tests) gets its own handlers back."""
    done = subprocess.run(
        [sys.executable, "-c", SECOND_HANG_UP.format(ends=ends)],
        capture_output=True,
        text=True,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    if survives:
        assert (done.returncode, done.stdout) == (0, "still here")
    else:
        assert done.returncode == -signal.SIGHUP


IGNORED_HANG_UP = """
import signal, sys
from omnicheck.cli import app

signal.signal(signal.SIGHUP, signal.SIG_IGN)  # as nohup starts a command
with app._stop_signals_interrupt():
    signal.raise_signal(signal.SIGHUP)
    sys.stdout.write("ran on; ")
sys.stdout.write("still ignored" if signal.getsignal(signal.SIGHUP) is signal.SIG_IGN else "?")
try:
    with app._stop_signals_interrupt():
        signal.raise_signal(signal.SIGTERM)
except KeyboardInterrupt:
    sys.stdout.write("; stopped by SIGTERM")
"""


def test_a_hang_up_ignored_from_the_start_does_not_stop_a_command() -> None:
    """``nohup omnicheck batch ...`` asks for the command to outlive the terminal: a hang-up
    it was started to ignore stays ignored, and SIGTERM still stops it."""
    done = subprocess.run(
        [sys.executable, "-c", IGNORED_HANG_UP],
        capture_output=True,
        text=True,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    assert (done.returncode, done.stdout, done.stderr) == (
        0,
        "ran on; still ignored; stopped by SIGTERM",
        "",
    )
