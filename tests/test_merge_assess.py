"""assess never rewrites a file whose respondents its writer would drop (notes it keeps)."""

from __future__ import annotations

import shutil

import pexpect
import pytest

from tests.test_assess_terminal import Terminal
from tests.test_merge import WORKSHOP
from tests.test_merge import run as omnicheck

pytestmark = pytest.mark.pty


@pytest.mark.parametrize("kind", ["merged", "respondent"])
def test_assess_refuses_a_file_it_would_lose_part_of(tmp_path, kind):
    path = tmp_path / "answers.yaml"
    if kind == "merged":
        assert omnicheck("merge", *map(str, WORKSHOP), "-o", str(path))[0] == 0
    else:
        shutil.copy(WORKSHOP[0], path)
    before = path.read_bytes()
    term = Terminal(tmp_path, "--answers", str(path), "--resume")
    term.child.expect(pexpect.EOF)
    # the message is wrapped by word to the terminal's width: compare the words
    said = " ".join(str(term.child.before).split())
    assert "which assess cannot keep when it saves" in said, said
    term.child.close()
    assert term.child.exitstatus == 2
    assert path.read_bytes() == before
