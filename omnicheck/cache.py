"""A private on-disk cache of derived files: compiled rubrics and compiled templates.

Checking a rubric needs pydantic and compiling the report templates needs the
Jinja compiler; together they cost several times what the rest of a report
does. Both results depend only on files that rarely change, so they are
cached under ``$XDG_CACHE_HOME/omnicheck`` (``~/.cache/omnicheck``). Nothing
derived from a business's answers is ever written here.

``OMNICHECK_CACHE_DIR`` moves the cache; ``OMNICHECK_NO_CACHE=1`` turns it
off. The cache is an optimisation only: any failure to read or write it is
ignored and the work is simply done again.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from omnicheck import __version__

#: Modules whose code shapes a compiled rubric, beside every ``rubric_*.py``; editing
#: one invalidates the cache. (The lint that guards the cache reads scoring's step.)
_COMPILER_MODULES = ("conditions.py", "scoring.py")

#: Entries kept per kind. Every edit of a custom rubric, and every upgrade,
#: makes a new key, so the oldest are removed rather than kept for ever.
MAX_ENTRIES = 32


def cache_dir() -> Path | None:
    if os.environ.get("OMNICHECK_NO_CACHE"):
        return None
    explicit = os.environ.get("OMNICHECK_CACHE_DIR")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg else Path.home() / ".cache"
    return base / "omnicheck"


def _subdir(name: str) -> Path | None:
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
    """Changes whenever the rubric text, omnicheck, Python or the compiler code change."""
    digest = hashlib.sha256(text.encode())
    here = Path(__file__).resolve().parent
    stamp = [__version__, sys.version]
    modules = [here / name for name in _COMPILER_MODULES] + sorted(here.glob("rubric_*.py"))
    for module in modules:
        with contextlib.suppress(OSError):
            stat = module.stat()
            stamp.append(f"{module.name}:{stat.st_mtime_ns}:{stat.st_size}")
    digest.update("\0".join(stamp).encode())
    return digest.hexdigest()


def _trusted(path: Path) -> bool:
    """Only unpickle files this user wrote and nobody else can change."""
    try:
        stat = path.stat()
    except OSError:
        return False
    owner_ok = not hasattr(os, "getuid") or stat.st_uid == os.getuid()
    return owner_ok and not stat.st_mode & 0o022


def load(kind: str, key: str) -> Any | None:
    folder = _subdir(kind)
    if folder is None:
        return None
    path = folder / f"{key}.pickle"
    if not _trusted(path):
        return None
    try:
        value = pickle.loads(path.read_bytes())
    except Exception:  # a stale or broken entry is just a miss
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # a used entry counts as new, so pruning drops the unused ones
    return value


def store(kind: str, key: str, value: Any) -> None:
    folder = _subdir(kind)
    if folder is None:
        return
    tmp: Path | None = None
    try:
        data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        fd, name = tempfile.mkstemp(dir=folder, suffix=".tmp")
        tmp = Path(name)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        tmp.replace(folder / f"{key}.pickle")
        tmp = None
        _prune(folder)
    except Exception:  # an unwritable cache must never fail a report
        if tmp is not None:
            with contextlib.suppress(OSError):
                tmp.unlink()


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


def template_bytecode_cache() -> Any | None:
    """A Jinja bytecode cache in the cache directory, or None when caching is off."""
    folder = _subdir("templates")
    if folder is None:
        return None
    import jinja2

    return jinja2.FileSystemBytecodeCache(str(folder))
