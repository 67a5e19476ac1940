"""Reading inputs and writing outputs: the only module that touches the disk.

Reads are capped and strictly decoded, so a stray binary or a huge file gets a
clear message instead of a crash. Writes go to a temporary file in the target
directory and are renamed over the target, so a report or answers file is
either written whole or not at all, and an earlier version survives a failure.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TextIO

from omnicheck.errors import InputError, OutputError, Problem, UsageError

#: Answers files and rubrics are a few kilobytes; anything this large is a mistake.
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
#: Editors on Windows often save "Unicode" as UTF-16, whose NUL bytes look binary.
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def read_text(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES, source: str | None = None) -> str:
    """The file's text, or an :class:`InputError` that says what is wrong with it.

    The read itself is capped, not just the size that ``stat`` reports: a
    device such as ``/dev/zero`` or a pipe reports no size and would
    otherwise be read until memory runs out.
    """
    name = source or str(path)
    limit = f"the {_megabytes(max_bytes)} limit (raise it with --max-size)"
    try:
        if path.is_dir():
            raise InputError([Problem(name, "is a directory, not a file", code="not-a-file")])
        size = path.stat().st_size
        if size > max_bytes:
            message = f"file is {_megabytes(size)}, over {limit}"
            raise InputError([Problem(name, message, code="file-too-large")])
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise InputError([Problem(name, "no such file", code="file-not-found")]) from None
    except PermissionError:
        raise InputError([Problem(name, "permission denied", code="permission-denied")]) from None
    except IsADirectoryError:  # pragma: no cover - caught by is_dir above on POSIX
        raise InputError([Problem(name, "is a directory, not a file", code="not-a-file")]) from None
    except OSError as exc:
        message = f"cannot read: {exc.strerror or exc}"
        raise InputError([Problem(name, message, code="file-unreadable")]) from None
    if len(data) > max_bytes:
        raise InputError([Problem(name, f"is larger than {limit}", code="file-too-large")])
    return decode_text(data, name)


def decode_text(data: bytes, source: str) -> str:
    """Strict UTF-8 (a BOM is allowed), with the position of the first bad byte."""
    if data[:2] in _UTF16_BOMS:
        return _refuse(source, "is UTF-16 text; save it as UTF-8")
    if b"\0" in data[:8192]:
        return _refuse(source, "is a binary file, not UTF-8 text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        byte = data[exc.start]
        raise InputError(
            [
                Problem(
                    source,
                    f"is not UTF-8 text (byte 0x{byte:02x}); save it as UTF-8",
                    line,
                    column,
                    code="not-utf8",
                )
            ]
        ) from None


def _refuse(source: str, message: str) -> str:
    raise InputError([Problem(source, message, code="not-utf8")])


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def refuse_to_overwrite(output: Path | None, inputs: Iterable[Path], option: str) -> None:
    """Refuse an output that is one of the command's own inputs: writing it would destroy them.

    Checked before anything is read or written, for a file that exists (the
    same file under another name, or through a link) or is still to be made.
    """
    if output is None:
        return
    target = output.resolve()
    for path in inputs:
        same = target == path.resolve()
        if not same and output.exists() and path.exists():
            with contextlib.suppress(OSError):
                same = output.samefile(path)
        if same:
            raise UsageError(f"{option} {output} is also an input ({path}); choose another path")


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` whole or not at all, creating missing directories."""
    with atomic_writer(path) as handle:
        handle.write(text)


@contextlib.contextmanager
def atomic_writer(path: Path) -> Iterator[TextIO]:
    """A text file to write bit by bit that replaces ``path`` only when the block ends well.

    For output too large to hold in memory, such as the rows of a batch: if
    the block raises (bad input, Ctrl-C, a full disk), the partial file is
    removed and any earlier ``path`` is left as it was.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except (FileExistsError, NotADirectoryError):
        parents = reversed(path.parents)
        blocker = next((p for p in parents if p.exists() and not p.is_dir()), path.parent)
        raise OutputError(f"cannot write {path}: {blocker} is a file, not a folder") from None
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        tmp.chmod(_mode_for(path))
        tmp.replace(path)
    except BaseException as exc:
        # Ctrl-C or a full disk mid-write must not leave a half-written temp file behind.
        with contextlib.suppress(OSError):
            tmp.unlink()
        if isinstance(exc, OSError):
            raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
        raise


def _mode_for(path: Path) -> int:
    """Keep an existing file's mode; otherwise what a plain ``open`` would give."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
