"""Saving the file ``omnicheck assess`` answers into: after every answer, and only its own.

``assess`` saves after every answer, so the file on disk is always the latest
state and a closed terminal loses nothing. It is written atomically (a
temporary file in the same directory, renamed over the old one), held by a
lock against a second ``assess`` on it, and never written over a change made
by another program meanwhile. The text is :mod:`omnicheck.answers.writer`'s,
with the comments :mod:`omnicheck.wording.files` words for ``assess``.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shlex
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Any

from omnicheck.answers.notes import Note
from omnicheck.answers.writer import answers_yaml
from omnicheck.errors import InputError, OutputError, UsageError
from omnicheck.rubric.compiled import CompiledRubric
from omnicheck.rubric.conditions import AnswerValue
from omnicheck.source.files import write_atomic
from omnicheck.source.reading import open_input
from omnicheck.wording.files import assess_comments


def save_answers(
    path: Path,
    rubric: CompiledRubric,
    business: Mapping[str, Any],
    answers: Mapping[str, AnswerValue],
    *,
    complete: bool,
    rubric_path: Path | None = None,
    since: DiskState | None = None,
    resume: str | None = None,
    depth: str = "full",
    set_aside: Mapping[str, AnswerValue] | None = None,
    notes: Mapping[str, Note] | None = None,
) -> DiskState:
    """Write the file whole or not at all; an earlier version survives any failure.

    With ``since`` (what the file held when this run last read or wrote it),
    a file that another program has changed meanwhile is not overwritten:
    the edit it holds would be lost without a word.
    """
    resume = resume or resume_command(path, rubric_path)
    if since is not None and not since.matches(path):
        raise OutputError(
            f"{path} changed on disk since this omnicheck assess read it; not overwritten, "
            f"and the last answer is not saved. To go on from what it holds now: {resume}"
        )
    text = answers_yaml(
        rubric,
        business,
        answers,
        complete=complete,
        comments=assess_comments(rubric, complete=complete, resume=resume),
        # The day of the latest answer: a file resumed, or re-asked, a year on is a new assessment.
        assessed=date.today(),
        depth=depth,
        set_aside=set_aside,
        notes=notes,
    )
    write_atomic(path, text)
    return DiskState.of_text(path, text)


def resume_command(
    path: Path,
    rubric_path: Path | None = None,
    *,
    program: tuple[str, ...] = ("omnicheck",),
    ask: tuple[str, ...] = (),
    full: bool = False,
) -> str:
    """The command that continues an unfinished file, ready to paste into a shell.

    It lives with the saving, not the core: a command line is for a person at a
    shell, and ``assess`` prints it wherever it stops. ``program`` is how this
    one was started, when ``omnicheck`` alone would not find it; ``ask`` names
    questions a changed answer made to be asked again.
    """
    words = [*program, "assess", "--answers", str(path), "--resume", *(["--full"] if full else [])]
    if rubric_path is not None:
        words += ["--rubric", str(rubric_path)]
    if ask:
        words += ["--ask", ",".join(ask)]
    return shlex.join(words)


@dataclass(frozen=True, slots=True)
class DiskState:
    """What an answers file held when it was last read or written: enough to see a change.

    ``stamp`` (inode, size, mtime) answers at the cost of a stat; only when it
    differs is the text compared, so a file that was touched but not edited
    is still the same file.
    """

    digest: bytes | None  # of the file's bytes; None when there was no file
    stamp: tuple[int, int, int] | None = None

    @classmethod
    def read(cls, path: Path) -> DiskState:
        """The file as it is now (no file at all is a state too)."""
        if not path.exists():
            return cls(None)
        with open_input(path) as handle:  # a FIFO is refused, never waited on
            info = os.fstat(handle.fileno())
            return cls(hashlib.sha256(handle.read()).digest(), _stamp(info))

    @classmethod
    def of_text(cls, path: Path, text: str) -> DiskState:
        """The file just written with ``text``."""
        try:
            stamp: tuple[int, int, int] | None = _stamp(path.stat())
        except OSError:
            stamp = None
        return cls(hashlib.sha256(text.encode()).digest(), stamp)

    def matches(self, path: Path) -> bool:
        """Whether writing ``path`` now would lose nothing that this state does not hold.

        A file deleted meanwhile matches: writing it again loses nothing.
        """
        try:
            info = path.stat()
        except FileNotFoundError:
            return True
        except OSError:
            return False
        if self.digest is None:
            return False  # made by someone else since
        if self.stamp is not None and _stamp(info) == self.stamp:
            return True
        try:
            return DiskState.read(path).digest == self.digest
        except InputError:
            return False


def _stamp(info: os.stat_result) -> tuple[int, int, int]:
    return (info.st_ino, info.st_size, info.st_mtime_ns)


@contextlib.contextmanager
def answers_lock(path: Path) -> Iterator[None]:
    """Hold ``path`` for one ``omnicheck assess``: a second run on it stops at once.

    Two runs on one file would each save their own answers over the other's.
    The lock is an ``flock`` on ``.NAME.lock`` beside the file (the file
    itself is replaced on every save, so it cannot hold a lock). The kernel
    drops the lock when the process ends however it ends, so a lock file
    left by a killed run blocks nobody; a clean end removes it. Folders made
    for the lock go again if nothing was saved in them.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: DiskState still guards each save
        yield
        return
    target = _real(path)
    made = _make_folders(target.parent, path)
    fd = None
    try:
        fd = _lock(fcntl, target.parent / f".{target.name}.lock", path)
        yield
    finally:
        if fd is not None:
            with contextlib.suppress(OSError):
                (target.parent / f".{target.name}.lock").unlink()
            os.close(fd)  # after the unlink: see _lock
        if not target.exists():
            for folder in made:
                with contextlib.suppress(OSError):
                    folder.rmdir()


def _lock(fcntl: ModuleType, lock: Path, path: Path) -> int | None:
    """A descriptor holding the lock on ``lock``, None where locks are not supported."""
    for _ in range(10):
        try:
            fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as exc:
            raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _holder(fd)
            os.close(fd)
            raise UsageError(
                f"{path} is being answered in another omnicheck assess{holder}; "
                "finish or close that one first"
            ) from None
        except OSError:  # a file system without locks: DiskState still guards each save
            os.close(fd)
            return None
        # A run that was ending may have removed the file between our open and
        # our lock: then we hold a lock on a name nobody else can find. Again.
        try:
            here, there = os.fstat(fd), lock.stat()
            current = (here.st_dev, here.st_ino) == (there.st_dev, there.st_ino)
        except OSError:
            current = False
        if current:
            with contextlib.suppress(OSError):
                os.ftruncate(fd, 0)
                os.write(fd, f"{os.getpid()}\n".encode())
            return fd
        os.close(fd)
    return None  # pragma: no cover - ten runs ending in a row


def _holder(fd: int) -> str:
    """`` (pid N)`` from the lock file, or nothing if it holds no pid yet."""
    try:
        text = os.pread(fd, 32, 0).decode("ascii").strip()
    except (OSError, UnicodeDecodeError):
        return ""
    return f" (pid {text})" if text.isdigit() else ""


def _real(path: Path) -> Path:
    """The file that ``path`` names, through links, so that every name of it shares one lock."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a link that loops: reading it will say so
        return path.absolute()


def _make_folders(folder: Path, path: Path) -> list[Path]:
    """Make ``folder`` and its missing parents; those made, deepest first."""
    missing = []
    while not folder.exists() and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    made: list[Path] = []
    try:
        for each in reversed(missing):
            each.mkdir()
            made.insert(0, each)
    except OSError as exc:
        for each in made:
            with contextlib.suppress(OSError):
                each.rmdir()
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
    return made
