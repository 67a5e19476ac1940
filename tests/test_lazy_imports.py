"""Commands load only the heavy modules they use: start-up time is a feature.

Each case runs the command in a fresh interpreter, through the console
script's own entry point, and lists the modules loaded when it ends. A
timing would depend on the machine; which modules load does not.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import ROOT, installed_omnicheck

EXAMPLE = str(ROOT / "examples" / "outdoor-retailer.yaml")

# Runs omnicheck.cli.run() with the given argv, then prints the loaded modules
# as JSON on stderr's last line, whether the command exited normally or not.
WRAPPER = """
import json, sys
sys.argv = ["omnicheck", *json.loads(sys.argv[1])]
try:
    from omnicheck.cli import run
    run()
except SystemExit as exc:
    code = exc.code
else:
    code = 0
finally:
    sys.stderr.write("\\n" + json.dumps(sorted(sys.modules)) + "\\n")
sys.exit(code)
"""


def loaded_modules(args: list[str]) -> set[str]:
    """The modules loaded by ``omnicheck ARGS`` in a fresh interpreter."""
    done = subprocess.run(
        [sys.executable, "-c", WRAPPER, json.dumps(args)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    return set(json.loads(done.stderr.strip().splitlines()[-1]))


@pytest.mark.parametrize("fmt", ["md", "html", "json"])
def test_a_report_that_is_not_the_terminal_summary_does_not_load_rich(fmt, tmp_path):
    modules = loaded_modules(["report", EXAMPLE, "--format", fmt, "-o", str(tmp_path / "r")])
    assert (tmp_path / "r").stat().st_size > 0
    assert "rich.console" not in modules
    assert "omnicheck.terminal_summary" not in modules


@pytest.mark.parametrize("fmt", ["md", "html", "json"])
def test_a_diff_that_is_not_the_terminal_view_does_not_load_rich(fmt, tmp_path):
    other = str(ROOT / "examples" / "skincare-brand.yaml")
    modules = loaded_modules(["diff", EXAMPLE, other, "--format", fmt, "-o", str(tmp_path / "d")])
    assert (tmp_path / "d").stat().st_size > 0
    assert "rich.console" not in modules


def test_validate_does_not_load_rich_or_jinja():
    modules = loaded_modules(["validate", EXAMPLE])
    assert "rich.console" not in modules
    assert "jinja2" not in modules


def test_help_loads_neither_rich_nor_the_core():
    modules = loaded_modules(["--help"])
    assert "rich.console" not in modules
    assert "pydantic" not in modules
    assert "yaml" not in modules


def built_commands(args: list[str]) -> list[str]:
    """The commands that ``omnicheck ARGS`` turns into click commands."""
    from typer.main import get_command

    from omnicheck.cli import app_for

    return sorted(get_command(app_for(args)).commands)  # type: ignore[attr-defined]


def test_a_run_builds_only_the_command_it_names():
    assert built_commands(["report", EXAMPLE, "--format", "md"]) == ["report"]
    assert built_commands(["--debug", "validate", EXAMPLE]) == ["validate"]
    assert built_commands(["rubric", "lint", "x.yaml"]) == ["rubric"]


def test_help_version_completion_and_typos_build_every_command():
    every = built_commands([])
    assert {"report", "validate", "rubric", "batch", "diff"} <= set(every)
    for args in (["--help"], ["--version"], ["reprot", "x"], ["-h"]):
        assert built_commands(args) == every, args


def test_the_installed_script_runs_the_command_it_names(tmp_path):
    out = tmp_path / "report.md"
    done = subprocess.run(
        [installed_omnicheck(), "--debug", "report", EXAMPLE, "-o", str(out)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert out.read_text().startswith("# Channel integration report")
    typo = subprocess.run(
        [installed_omnicheck(), "reprot", EXAMPLE],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert typo.returncode == 2
    assert "No such command 'reprot'. Did you mean 'report'?" in typo.stderr
