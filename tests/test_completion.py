"""Shell completion: the script omnicheck prints, and the answers it gives a shell.

A shell asks for completions by running ``omnicheck`` with
``_OMNICHECK_COMPLETE`` set; the bash tests source the script that
``--show-completion`` prints in a real bash and run its function, as a TAB
would.
"""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest
from typer.testing import CliRunner

from omnicheck.cli.app import app
from tests.conftest import ROOT, installed_omnicheck

runner = CliRunner()
BASH = shutil.which("bash")
needs_bash = pytest.mark.skipif(BASH is None, reason="bash is not installed")


def complete_bash(line: str) -> list[str]:
    """What omnicheck offers for the last word of ``line`` (empty after a space)."""
    words = line.split()
    cword = len(words) if line.endswith(" ") else len(words) - 1
    result = runner.invoke(
        app,
        [],
        env={"_OMNICHECK_COMPLETE": "complete_bash", "COMP_WORDS": line, "COMP_CWORD": str(cword)},
    )
    assert result.exit_code == 0, result.output
    return result.stdout.split()


def test_commands_complete():
    assert complete_bash("omnicheck ") == [
        "report",
        "validate",
        "template",
        "assess",
        "batch",
        "diff",
        "plan",
        "merge",
        "history",
        "peers",
        "schema",
        "rubric",
    ]
    assert complete_bash("omnicheck va") == ["validate"]
    assert complete_bash("omnicheck rubric ") == ["lint"]


def test_format_choices_complete():
    formats = ["text", "md", "json", "html"]
    assert complete_bash("omnicheck report answers.yaml --format ") == formats
    assert complete_bash("omnicheck report answers.yaml -f h") == ["html"]
    assert complete_bash("omnicheck validate answers.yaml --format ") == ["text", "json"]
    assert complete_bash("omnicheck rubric lint r.yaml --format j") == ["json"]


def test_options_complete():
    assert "--output" in complete_bash("omnicheck report answers.yaml --")
    assert "--install-completion" in complete_bash("omnicheck --")


def test_a_file_argument_leaves_completion_to_the_shell():
    """No words at all, so bash's ``-o default`` falls back to completing file names."""
    assert complete_bash("omnicheck report exam") == []
    assert complete_bash("omnicheck report answers.yaml --output rep") == []


def test_help_lists_the_completion_options():
    result = runner.invoke(app, ["--help"])
    assert "--install-completion" in result.stdout
    assert "--show-completion" in result.stdout


def bash(script: str, home: str) -> subprocess.CompletedProcess[str]:
    """``script`` in a fresh bash that reads no rc file; ``:`` keeps bash as the parent."""
    assert BASH is not None
    env = {**os.environ, "HOME": home, "OMNICHECK": installed_omnicheck()}
    return subprocess.run(
        [BASH, "--norc", "--noprofile", "-c", script + "\n:"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=60,
        check=False,
    )


@needs_bash
def test_show_completion_prints_a_bash_script_that_completes(tmp_path):
    done = bash('"$OMNICHECK" --show-completion', str(tmp_path))
    assert done.returncode == 0, done.stderr
    script = done.stdout
    assert "complete -o default -F _omnicheck_completion omnicheck" in script
    assert "_OMNICHECK_COMPLETE=complete_bash" in script
    (tmp_path / "omnicheck.sh").write_text(script)
    done = bash(
        f"source {tmp_path / 'omnicheck.sh'}\n"
        'COMP_WORDS=(omnicheck report x.yaml --format ""); COMP_CWORD=4\n'
        '_omnicheck_completion "$OMNICHECK"\n'
        'printf "%s\\n" "${COMPREPLY[@]}"',
        str(tmp_path),
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["text", "md", "json", "html"]
    assert list(tmp_path.iterdir()) == [tmp_path / "omnicheck.sh"]  # showing writes nothing


@needs_bash
def test_install_completion_writes_the_script_under_home(tmp_path):
    done = bash('"$OMNICHECK" --install-completion', str(tmp_path))
    assert done.returncode == 0, done.stderr
    installed = tmp_path / ".bash_completions" / "omnicheck.sh"
    assert "_omnicheck_completion" in installed.read_text()
    assert f"source '{installed}'" in (tmp_path / ".bashrc").read_text()
