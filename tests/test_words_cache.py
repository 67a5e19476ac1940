"""The terminal views' words compile into the command's cache directory, as its reports do.

A command reads its cache directory from its Environment; the words the terminal
views say (``words.txt.j2``, through :func:`omnicheck.report.words.bundled`) used
to be compiled once per process into the process's own cache, whatever the
Environment said. Each test passes its own Environment, as tests/test_environment.py
does; the process's own cache is pointed at an empty folder, so that any word
compiled there instead is seen.
"""

from __future__ import annotations

import jinja2
import pytest
from typer.testing import CliRunner

from omnicheck.cli.app import app
from omnicheck.report.words import TEMPLATE, bundled, cached_in
from omnicheck.source.resources import templates_dir
from tests.conftest import ROOT
from tests.test_environment import fake

#: Jinja's name for the bytecode of the bundled words.txt.j2.
_KEY = jinja2.BytecodeCache().get_cache_key(TEMPLATE, str(templates_dir() / TEMPLATE))
WORDS_ENTRY = f"__jinja2_{_KEY}.cache"

EARLIER = str(ROOT / "examples" / "outdoor-retailer.yaml")
LATER = str(ROOT / "examples" / "reassessment" / "outdoor-retailer-a-year-later.yaml")
COMMANDS = [
    ["report", EARLIER],
    ["diff", EARLIER, LATER],
    ["history", EARLIER, LATER],
    ["plan", EARLIER, "--format", "csv"],  # a task's "Clears:" is worded
]


@pytest.fixture
def process_cache(tmp_path, monkeypatch):
    """The process's cache directory, empty: what a command wrote there instead."""
    folder = tmp_path / "process"
    monkeypatch.setenv("OMNICHECK_CACHE_DIR", str(folder))
    return lambda: set(folder.rglob("*"))


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: a[0])
def test_a_terminal_view_compiles_its_words_into_the_environments_cache(
    args, tmp_path, process_cache
):
    env = fake(OMNICHECK_CACHE_DIR=str(tmp_path / "command"))
    result = CliRunner().invoke(app, args, obj=env)
    assert result.exit_code == 0, result.output
    assert env.stdout.getvalue()
    assert (tmp_path / "command" / "templates" / WORDS_ENTRY).is_file()
    assert process_cache() == set()


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: a[0])
def test_a_terminal_view_with_no_cache_writes_no_words(args, tmp_path, process_cache):
    home = tmp_path / "home"
    env = fake(OMNICHECK_NO_CACHE="1", XDG_CACHE_HOME=str(home))
    result = CliRunner().invoke(app, args, obj=env)
    assert result.exit_code == 0, result.output
    assert not home.exists()
    assert process_cache() == set()


def test_the_words_follow_the_directory_they_are_asked_in(tmp_path):
    """One set of words per directory, and the process's own outside a command."""
    with cached_in(tmp_path / "a"):
        a = bundled()
        assert a is bundled()
    with cached_in(None):
        none = bundled()
    assert len({id(a), id(none), id(bundled())}) == 3
    assert a.check({"label": None, "kind": "band", "required": 70}) == none.check(
        {"label": None, "kind": "band", "required": 70}
    )
    assert (tmp_path / "a" / "templates" / WORDS_ENTRY).is_file()
