"""--debug: the traceback of a real internal error, in a real process; never otherwise.

CliRunner catches exceptions itself, so these run Python as a user's shell
would, with an internal error planted where a bug could be.
"""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import EXAMPLES

PLANTED = """
import omnicheck.scoring.assessment
def broken(*args, **kwargs):
    raise KeyError("surprise")
omnicheck.scoring.assessment.assess = broken
from omnicheck.cli.app import run
run()
"""


def omnicheck_with_a_bug(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", PLANTED, *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def test_without_debug_one_line_and_no_traceback(clean_env):
    done = omnicheck_with_a_bug("report", str(EXAMPLES[0]), env=clean_env)
    assert done.returncode == 1
    assert done.stderr == (
        "omnicheck: internal error: KeyError: 'surprise'. This is a bug in omnicheck; "
        "rerun with --debug to see the traceback.\n"
    )


def test_with_debug_the_traceback(clean_env):
    done = omnicheck_with_a_bug("--debug", "report", str(EXAMPLES[0]), env=clean_env)
    assert done.returncode == 1
    assert done.stderr.startswith("Traceback (most recent call last):")
    assert "line 4, in broken" in done.stderr  # the frame where the bug is
    assert done.stderr.rstrip().endswith("KeyError: 'surprise'")


def test_debug_does_not_turn_bad_input_into_a_traceback(tmp_path, clean_env):
    bad = tmp_path / "bad.yaml"
    bad.write_text("goal: [unclosed\n")
    done = omnicheck_with_a_bug("--debug", "validate", str(bad), env=clean_env)
    assert done.returncode == 2
    assert done.stderr.startswith(f"{bad}:1:7: not valid YAML")
    assert "Traceback" not in done.stderr
