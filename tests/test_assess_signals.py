"""``omnicheck assess`` stopped from outside: a kill, or the terminal closing under it.

assess has no signal handler of its own: the one :mod:`omnicheck.cli.app`
puts around every command turns SIGTERM and SIGHUP into Ctrl-C, and the
session saves and says how to go on. These run it in a real pty.
"""

from __future__ import annotations

import os
import signal
import time

import pytest

from tests.test_assess_terminal import TINY_RUN, Terminal, play, read, tiny_rubric

pytestmark = pytest.mark.pty
__all__ = ["tiny_rubric"]  # a fixture, used by name


def test_a_kill_keeps_the_answers_and_says_how_to_go_on(tmp_path, tiny_rubric):
    term = Terminal(tmp_path, "--answers", "a.yaml", "--rubric", str(tiny_rubric))
    play(term.details("Term Co"), TINY_RUN[:2])
    term.at("A one?")
    term.child.kill(signal.SIGTERM)
    status, said = term.finish()
    assert status == 130
    assert "Your answers so far are saved in a.yaml" in said
    assert "--resume" in said and "Traceback" not in said
    saved = read(tmp_path / "a.yaml")
    assert saved["status"] == "incomplete"
    assert saved["answers"] == {"goal": "reach", "channels": ["web", "store"]}


def test_a_terminal_closed_under_it_keeps_the_answers(tmp_path, tiny_rubric):
    """The pty itself goes away (a closed window), not just a signal sent to the program."""
    term = Terminal(tmp_path, "--answers", "a.yaml", "--rubric", str(tiny_rubric))
    play(term.details("Gone Co"), TINY_RUN[:2])
    term.at("A one?")
    child = term.child
    os.close(child.child_fd)  # the kernel hangs the terminal up and sends SIGHUP
    deadline = time.monotonic() + 15
    while (done := os.waitpid(child.pid, os.WNOHANG))[0] == 0:
        if time.monotonic() > deadline:
            os.kill(child.pid, signal.SIGKILL)
            pytest.fail("assess kept running after its terminal closed")
        time.sleep(0.05)
    child.closed = True
    child.ptyproc.closed = True
    assert os.waitstatus_to_exitcode(done[1]) == 130
    saved = read(tmp_path / "a.yaml")
    assert saved["status"] == "incomplete"
    assert saved["answers"] == {"goal": "reach", "channels": ["web", "store"]}
