"""The assess session's bookkeeping that needs no terminal."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from omnicheck.cli import assess_signals
from omnicheck.cli.assess_session import Session
from omnicheck.cli.environment import Environment
from omnicheck.questionnaire.flow import Flow


def test_the_program_for_resuming_is_found_once_per_run(rubric, tmp_path, monkeypatch):
    calls: list[str] = []

    def which(name: str, path: str | None = None) -> str | None:
        calls.append(f"{name} in {path}")
        return None  # not on PATH: the path it was started by is the way

    monkeypatch.setattr(shutil, "which", which)
    monkeypatch.setattr(sys, "argv", ["/opt/venv/bin/omnicheck", "assess"])
    env = Environment.current(environ={"PATH": "/opt/venv-less/bin"})
    session = Session(rubric, tmp_path / "a.yaml", None, 1 << 20, env)
    flow = session.flow = Flow(rubric, {}, {"name": "Once Co"})
    flow.answer("Once Co")
    for _ in range(3):  # every save words the resume command
        session._save(flow)
    assert session._resume_command().startswith("/opt/venv/bin/omnicheck assess")
    assert "/opt/venv/bin/omnicheck assess" in (tmp_path / "a.yaml").read_text(encoding="utf-8")
    assert calls == ["omnicheck in /opt/venv-less/bin"]  # the Environment's PATH, once


@pytest.mark.parametrize(
    ("argv0", "found", "program"),
    [
        ("/usr/local/bin/omnicheck", "/usr/local/bin/omnicheck", ("omnicheck",)),
        ("/opt/venv/bin/omnicheck", None, ("/opt/venv/bin/omnicheck",)),
    ],
)
def test_the_program_is_named_as_it_was_started(monkeypatch, argv0, found, program):
    monkeypatch.setattr(sys, "argv", [argv0])
    monkeypatch.setattr(shutil, "which", lambda _name, path: found)
    monkeypatch.setattr(Path, "samefile", lambda self, other: str(self) == str(other))
    assert assess_signals.started_as("/usr/local/bin") == program
