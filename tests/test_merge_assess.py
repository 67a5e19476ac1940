"""assess never rewrites a file that holds who answered: its writer would drop them."""

from __future__ import annotations

import shutil

import pexpect
import pytest

from tests.test_assess_terminal import Terminal
from tests.test_merge import WORKSHOP
from tests.test_merge import run as omnicheck

pytestmark = pytest.mark.pty


@pytest.mark.parametrize("merged", [True, False], ids=["merged", "respondent"])
def test_assess_refuses_a_file_with_respondents(tmp_path, merged):
    path = tmp_path / "answers.yaml"
    if merged:
        assert omnicheck("merge", *map(str, WORKSHOP), "-o", str(path))[0] == 0
    else:
        shutil.copy(WORKSHOP[0], path)
    before = path.read_bytes()
    term = Terminal(tmp_path, "--answers", str(path), "--resume")
    term.at("which assess cannot keep when it saves")
    term.child.expect(pexpect.EOF)
    term.child.close()
    assert term.child.exitstatus == 2
    assert path.read_bytes() == before
