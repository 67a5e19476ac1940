"""A private on-disk cache of derived files: compiled rubrics and compiled templates.

Checking a rubric needs pydantic and compiling the report templates needs the
Jinja compiler; together they cost several times what the rest of a report
does. Both results depend only on files that rarely change, so they are
cached under ``$XDG_CACHE_HOME/omnicheck`` (``~/.cache/omnicheck``). Nothing
derived from a business's answers is ever written here.

``OMNICHECK_CACHE_DIR`` moves the cache; ``OMNICHECK_NO_CACHE=1`` turns it
off. The cache is an optimisation only: any failure to read or write it (a
folder that cannot be made or written, a full disk, ``ulimit -f``, an entry
that is truncated, corrupt, or not a regular file) is ignored and the work
is simply done again. Every entry starts with the SHA-256 of the rest, so a
damaged one is a miss, never a wrong rubric or a crash in unmarshalled code.
(``ulimit -f`` would also send SIGXFSZ, which Python ignores from the start,
so a write that passes the limit fails with EFBIG instead of killing us.)
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import os
import pickle
import stat
import sys
import tempfile
import time
from collections.abc import Mapping
from enum import Enum
from pathlib import Path
from typing import Any, Literal

from omnicheck import __version__

#: Entries kept per kind. Every edit of a custom rubric, and every upgrade,
#: makes a new key, so the oldest are removed rather than kept for ever.
MAX_ENTRIES = 32


class _FromProcess(Enum):
    FROM_PROCESS = 0


#: The default of every ``cache_dir=``: decide from ``os.environ`` now. Every
#: command holds an :class:`omnicheck.cli.environment.Environment` and passes
#: its ``cache_dir`` instead (None: no cache); this is for callers without one
#: (the library used on its own, tests).
FROM_PROCESS = _FromProcess.FROM_PROCESS
CacheDir = Path | None | Literal[_FromProcess.FROM_PROCESS]


def cache_dir_for(environ: Mapping[str, str]) -> Path | None:
    """The cache directory that these environment variables ask for; None: no cache.

    A pure function of ``environ`` (only the home-directory fallback looks
    further), so a test gives its own mapping instead of changing the process.
    """
    if environ.get("OMNICHECK_NO_CACHE"):
        return None
    explicit = environ.get("OMNICHECK_CACHE_DIR")
    if explicit:
        return Path(explicit)
    xdg = environ.get("XDG_CACHE_HOME")
    try:
        base = Path(xdg) if xdg else Path.home() / ".cache"
    except (RuntimeError, KeyError, OSError):  # no home directory at all: no cache
        return None
    return base / "omnicheck"


def cache_dir() -> Path | None:
    return cache_dir_for(os.environ)


def _subdir(name: str, root: CacheDir) -> Path | None:
    if root is FROM_PROCESS:
        root = cache_dir()
    if root is None:
        return None
    path = root / name
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError:
        return None
    return path


def rubric_key(text: str) -> str:
    """Changes whenever the rubric text, omnicheck's version or Python change.

    Changes to omnicheck's own code are caught by each entry's dependency
    stamps instead (see :func:`store`), which need no list of file names.
    """
    digest = hashlib.sha256(text.encode())
    # Where omnicheck is too: another checkout of the same version (a second
    # worktree) has other code, and its entries' stamps would still hold.
    where = os.path.dirname(os.path.dirname(__file__))  # noqa: PTH120 - one call, no Path
    digest.update("\0".join([__version__, sys.version, where]).encode())
    return digest.hexdigest()


Stamp = tuple[str, int, int]


def _module_stamps() -> tuple[Stamp, ...]:
    """Path, mtime and size of every omnicheck module loaded in this process.

    A value is stored right after it was computed, so the modules loaded by
    then include all that computed it: the compiler and everything it
    imported, found by import rather than by file name. Moving, adding or
    editing any of them makes the entry stale. The list is over-inclusive on
    purpose (a command module loaded too costs one extra compile after an
    edit, never a stale answer).
    """
    stamps: list[Stamp] = []
    for name in sorted(sys.modules):
        if name != "omnicheck" and not name.startswith("omnicheck."):
            continue
        file = getattr(sys.modules[name], "__file__", None)
        if not file:
            continue
        try:
            info = os.stat(file)  # noqa: PTH116 - a plain stat per module, on every run
        except OSError:
            continue
        stamps.append((file, info.st_mtime_ns, info.st_size))
    return tuple(stamps)


def _current(stamps: Any) -> bool:
    """True when every module an entry depends on is still where and as it was."""
    if not isinstance(stamps, tuple):
        return False
    for file, mtime, size in stamps:
        try:
            info = os.stat(file)  # noqa: PTH116 - a plain stat per module, on every run
        except OSError:
            return False
        if (info.st_mtime_ns, info.st_size) != (mtime, size):
            return False
    return True


def _read_entry(path: Path) -> bytes | None:
    """The entry's data, if it is a whole regular file that this user wrote and nobody else can.

    Opened without blocking and checked on the open descriptor: a FIFO put
    where an entry should be must not hang the command.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    try:
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            owner_ok = not hasattr(os, "getuid") or info.st_uid == os.getuid()
            if not (stat.S_ISREG(info.st_mode) and owner_ok and not info.st_mode & 0o022):
                return None
            data = handle.read(info.st_size + 1)
    except OSError:
        return None
    digest, body = data[:_DIGEST_SIZE], data[_DIGEST_SIZE:]
    if len(data) != info.st_size or hashlib.sha256(body).digest() != digest:
        return None  # truncated, or changed since it was written
    return body


def _write_entry(folder: Path, name: str, data: bytes) -> bool:
    """Store ``data`` under ``name`` whole or not at all; False if that failed for any reason."""
    tmp: Path | None = None
    try:
        fd, tmp_name = tempfile.mkstemp(dir=folder, suffix=".tmp")
        tmp = Path(tmp_name)
        with os.fdopen(fd, "wb") as handle:
            handle.write(hashlib.sha256(data).digest() + data)
        tmp.replace(folder / name)
        tmp = None
    except Exception:  # an unwritable cache must never fail a report
        return False
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                tmp.unlink()
    return True


#: Bytes of the SHA-256 that heads every entry.
_DIGEST_SIZE = 32


def load(kind: str, key: str, *, cache_dir: CacheDir = FROM_PROCESS) -> Any | None:
    folder = _subdir(kind, cache_dir)
    if folder is None:
        return None
    path = folder / f"{key}.pickle"
    data = _read_entry(path)
    if data is None:
        return None
    try:
        stream = io.BytesIO(data)
        if not _current(pickle.load(stream)):  # omnicheck's code changed since: a miss
            return None
        value = pickle.load(stream)
    except Exception:  # a stale entry (a class that changed) is just a miss
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # a used entry counts as new, so pruning drops the unused ones
    return value


def store(kind: str, key: str, value: Any, *, cache_dir: CacheDir = FROM_PROCESS) -> None:
    folder = _subdir(kind, cache_dir)
    if folder is None:
        return
    try:
        # The dependency stamps first, so a stale entry is known before its value is unpickled.
        data = pickle.dumps(_module_stamps(), protocol=pickle.HIGHEST_PROTOCOL)
        data += pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:
        return
    if _write_entry(folder, f"{key}.pickle", data):
        with contextlib.suppress(Exception):
            _prune(folder)


def _prune(folder: Path) -> None:
    """Keep the MAX_ENTRIES most recently used entries; runs only after a miss.

    A temp file more than an hour old was left by a process that was killed
    while storing, and goes too.
    """
    entries = sorted(folder.glob("*.pickle"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
    stale = entries[MAX_ENTRIES:]
    stale += [t for t in folder.glob("*.tmp") if time.time() - t.stat().st_mtime > 3600]
    for path in stale:
        with contextlib.suppress(OSError):
            path.unlink()


def template_bytecode_cache(
    *, sandboxed: bool = False, cache_dir: CacheDir = FROM_PROCESS
) -> Any | None:
    """A Jinja bytecode cache in the cache directory, or None when caching is off.

    Sandboxed templates (``--templates``) are compiled differently, every call
    checked; Jinja's cache key ignores that, so they keep entries of their
    own and never load bytecode compiled outside the sandbox.

    Not jinja's own FileSystemBytecodeCache: that one lets a failed write
    (a read-only folder, a full disk) and a truncated entry fail the render,
    and unmarshals whatever file it finds. This one keeps to the rules of
    every entry here: checked on read, and any failure a miss.
    """
    folder = _subdir("templates", cache_dir)
    if folder is None:
        return None
    return _bytecode_cache_class()(folder, "sandboxed_" if sandboxed else "")


@functools.cache
def _bytecode_cache_class() -> type:
    import jinja2

    class BytecodeCache(jinja2.BytecodeCache):
        def __init__(self, folder: Path, prefix: str) -> None:
            self.folder = folder
            self.prefix = prefix

        def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
            data = _read_entry(self.folder / _bytecode_name(self.prefix + bucket.key))
            if data is None:
                return
            try:
                bucket.bytecode_from_string(data)
            except Exception:  # written by another Python or jinja: a miss
                bucket.reset()

        def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
            with contextlib.suppress(Exception):
                name = _bytecode_name(self.prefix + bucket.key)
                _write_entry(self.folder, name, bucket.bytecode_to_string())

    return BytecodeCache


def _bytecode_name(key: str) -> str:
    return f"__jinja2_{key}.cache"  # jinja's own name, so entries it wrote are replaced
