"""Reading inputs: capped, strictly decoded reads of regular files only.

A stray binary, a huge file, a FIFO or a device gets a clear message instead
of a crash or a hang. Writing outputs is :mod:`omnicheck.source.files`.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from codecs import BOM_UTF8
from pathlib import Path
from typing import BinaryIO

from omnicheck.errors import InputError, Problem

#: Answers files and rubrics are a few kilobytes; anything this large is a mistake.
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
#: Editors on Windows often save "Unicode" as UTF-16, whose NUL bytes look binary.
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def read_text(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES, source: str | None = None) -> str:
    """The file's text, or an :class:`InputError` that says what is wrong with it.

    Only a regular file is read (see :func:`open_input`), and the read itself
    is capped, not just the size that ``fstat`` reports: a file that grows
    while it is read stops at the cap too. It reads the descriptor itself, with
    no file object around it: a batch reads thousands of small files, and
    building a buffered reader for each cost more than reading it.
    """
    name = source or str(path)
    fd, size = _open_regular(path, name)
    try:
        if size > max_bytes:
            raise InputError(
                [
                    Problem(
                        name,
                        f"file is {_megabytes(size)}, over the {_megabytes(max_bytes)} limit",
                        code="file-too-large",
                        hint="max-size",
                    )
                ]
            )
        try:
            # Ask for the size fstat gave, not the cap: a read allocates what it asks for.
            data = _read_up_to(fd, size + 1)
            if len(data) > size:  # it grew after fstat: read on, still capped
                data += _read_up_to(fd, max_bytes + 1 - len(data))
        except OSError as exc:
            message = f"cannot read: {exc.strerror or exc}"
            raise InputError([Problem(name, message, code="file-unreadable")]) from None
    finally:
        os.close(fd)
    if len(data) > max_bytes:
        message = f"is larger than the {_megabytes(max_bytes)} limit"
        raise InputError([Problem(name, message, code="file-too-large", hint="max-size")])
    return decode_text(data, name)


def _read_up_to(fd: int, count: int) -> bytes:
    """``count`` bytes, or fewer at the end of the file (one read may return fewer)."""
    data = os.read(fd, count)
    if len(data) == count or not data:
        return data
    parts = [data]
    got = len(data)
    while got < count:
        piece = os.read(fd, count - got)
        if not piece:
            break
        parts.append(piece)
        got += len(piece)
    return b"".join(parts)


#: What a path is when it is not a regular file, as the refusal names it.
_KINDS = (
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def open_input(path: Path, source: str | None = None) -> BinaryIO:
    """``path`` open for reading in binary, if it is a regular file; else an :class:`InputError`.

    A FIFO would block the read until something writes to it, and a device
    such as ``/dev/zero`` never ends, so neither is read at all. The file is
    opened without blocking and its kind is taken from the open descriptor,
    so nothing can swap the file between the check and the read.
    """
    fd, _ = _open_regular(path, source or str(path))
    try:
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def _open_regular(path: Path, name: str) -> tuple[int, int]:
    """A descriptor open for reading on ``path`` and its size, if it is a regular file;
    else an :class:`InputError`. It is opened without blocking (a FIFO would block the
    open itself), then made blocking again for the reads."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise InputError([Problem(name, _open_failure(path, exc), code=_open_code(exc))]) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise InputError([Problem(name, _not_regular(info.st_mode), code="not-a-file")])
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return fd, info.st_size


def _not_regular(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "is a directory, not a file"
    kind = next((what for test, what in _KINDS if test(mode)), "a special file")
    return f"is not a regular file ({kind})"


def _open_code(exc: OSError) -> str:
    """The ``--format json`` code of a failed open, matching :func:`_open_failure`'s words."""
    if isinstance(exc, FileNotFoundError):
        return "file-not-found"
    if isinstance(exc, PermissionError):
        return "permission-denied"
    return "file-unreadable"


def _open_failure(path: Path, exc: OSError) -> str:
    """Why ``path`` could not be opened, in the words a user needs."""
    if isinstance(exc, FileNotFoundError):
        return "no such file"
    if isinstance(exc, PermissionError):
        return "permission denied"
    if isinstance(exc, IsADirectoryError):  # pragma: no cover - Linux opens a directory
        return "is a directory, not a file"
    if exc.errno == errno.ELOOP:
        return LOOP_MESSAGE
    if exc.errno == errno.ENXIO:  # a socket, which open() cannot open at all
        with contextlib.suppress(OSError):
            return _not_regular(path.stat().st_mode)
    return f"cannot read: {exc.strerror or exc}"


#: A link that leads back to itself, directly or through others.
LOOP_MESSAGE = "is a symbolic link that loops back on itself"


def decode_text(data: bytes, source: str) -> str:
    """Strict UTF-8 (a BOM is allowed), with the position of the first bad byte."""
    if data[:2] in _UTF16_BOMS:
        return _refuse(source, "is UTF-16 text; save it as UTF-8")
    nul = data.find(b"\0", 0, 8192)  # no copy of the first 8 KB
    if nul >= 0:
        line, column = _position(data, nul)
        message = "is a binary file, not UTF-8 text (a NUL byte)"
        raise InputError([Problem(source, message, line, column, code="not-utf8")])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        # utf-8-sig counts from after the BOM it took off
        bad = exc.start + (len(BOM_UTF8) if data.startswith(BOM_UTF8) else 0)
        line, column = _position(data, bad)
        byte = data[bad]
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


def _position(data: bytes, offset: int) -> tuple[int, int]:
    """The line and column (1-based) of ``data[offset]``, the column in characters, as
    the YAML messages count them, for a NUL byte and a bad byte alike: the text before
    it is decoded, a bad byte there counting as one character, and a BOM at the start
    as none."""
    before = data[:offset].decode("utf-8-sig", "replace")
    return before.count("\n") + 1, len(before) - before.rfind("\n")


def _refuse(source: str, message: str) -> str:
    raise InputError([Problem(source, message, code="not-utf8")])


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"
