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
from pathlib import Path
from typing import Any

from omnicheck import __version__

#: Modules whose code shapes a compiled rubric; editing one invalidates the cache.
_COMPILER_MODULES = (
    "conditions",
    "rubric_compile",
    "rubric_lint",
    "rubric_logic",
    "rubric_model",
    "rubric_questions",
    "rubric_reachability",
    "rubric_types",
)

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
    for module in _COMPILER_MODULES:
        with contextlib.suppress(OSError):
            stat = (here / f"{module}.py").stat()
            stamp.append(f"{module}:{stat.st_mtime_ns}:{stat.st_size}")
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
        return pickle.loads(path.read_bytes())
    except Exception:  # a stale or broken entry is just a miss
        return None


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
    """Keep the MAX_ENTRIES most recently written entries; runs only after a miss."""
    entries = sorted(folder.glob("*.pickle"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
    for stale in entries[MAX_ENTRIES:]:
        with contextlib.suppress(OSError):
            stale.unlink()


def template_bytecode_cache() -> Any | None:
    """A Jinja bytecode cache in the cache directory, or None when caching is off."""
    folder = _subdir("templates")
    if folder is None:
        return None
    import jinja2

    return jinja2.FileSystemBytecodeCache(str(folder))
