"""Writing outputs: whole or not at all.

Writes go to a temporary file in the target directory and are renamed over
the target, so a report or answers file is either written whole or not at
all, and an earlier version survives a failure. Reading inputs is
:mod:`omnicheck.source.reading`.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import signal
import stat
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TextIO

from omnicheck.errors import OutputError, UsageError

# An output is a regular file (written to a temporary file beside it and
# renamed over it), or a FIFO or a character device such as /dev/null, which
# is written as a stream: renaming a file over it would replace the device
# itself. All the outputs of one command are written with :class:`Outputs`,
# which replaces none of them until every one is complete.

#: ``--output -`` (or ``--summary -``): standard output. Compared by identity,
#: so that ``./-``, an equal path, still names a file called ``-``.
STANDARD_OUTPUT = Path("-")
#: Errors of a full or failing disk: the user's to fix, never a bug.
DISK_FULL = frozenset(
    getattr(errno, name) for name in ("ENOSPC", "EFBIG", "EDQUOT", "EIO") if hasattr(errno, name)
)
HELD_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGINT", "SIGHUP", "SIGTERM") if hasattr(signal, name)
)


def is_stream(path: Path) -> bool:
    """A FIFO or a character device: written as it comes, never replaced."""
    try:
        mode = path.stat().st_mode
    except (OSError, ValueError):
        return False
    return stat.S_ISFIFO(mode) or stat.S_ISCHR(mode)


def check_outputs(outputs: Iterable[tuple[str, Path | None]], inputs: Iterable[Path]) -> None:
    """Refuse, before anything is read or written, outputs that cannot be written.

    ``outputs`` pairs each path with the option that named it, for the
    message. An output may not be an input (writing it would destroy it),
    another output, a folder, a socket, or lie below a file; whether its
    folder is writable shows when :class:`Outputs` opens it, still before
    anything is replaced.
    """
    inputs = list(inputs)
    named = [(label, p) for label, p in outputs if p is not None and p is not STANDARD_OUTPUT]
    for label, path in named:
        refuse_to_overwrite(path, inputs, label)
        _check_target(path)
    for i, (label, path) in enumerate(named):
        for other_label, other in named[i + 1 :]:
            # Two renames onto one file collide; two streams into /dev/null do not.
            if _same_as(path)(other) and not is_stream(path):
                raise UsageError(f"{label} and {other_label} name the same file")


def refuse_to_overwrite(output: Path | None, inputs: Iterable[Path], option: str) -> None:
    """Refuse an output that is one of the command's own inputs: writing it would destroy them.

    Checked before anything is read or written, for a file that exists (the
    same file under another name, or through a link) or is still to be made.
    """
    if output is None or output is STANDARD_OUTPUT:
        return
    same = _same_as(output)
    for path in inputs:
        if same(path):
            raise UsageError(f"{option} {output} is also an input ({path}); choose another path")


def _same_as(output: Path) -> Callable[[Path], bool]:
    """Whether a path names ``output``, the same file under another name or through a link,
    or the same file still to be made: worked out once for the output, then cheaply for
    each of a batch's thousands of inputs.

    An output that exists is the same file as an input with the same inode (one
    ``stat`` each); one that does not exist yet can only be named again by a path
    that resolves to the same place.
    """
    try:
        found = output.stat()
    except OSError:  # not made yet (or not reachable): by where it resolves to
        try:
            resolved = output.resolve()
        except (OSError, RuntimeError):  # a symlink loop: RuntimeError before Python 3.13
            return lambda path: False

        def resolves_alike(path: Path) -> bool:
            try:
                return path.resolve() == resolved
            except (OSError, RuntimeError):
                return False

        return resolves_alike
    ident = (found.st_dev, found.st_ino)

    def same_inode(path: Path) -> bool:
        try:
            other = path.stat()
        except OSError:
            return False
        return (other.st_dev, other.st_ino) == ident

    return same_inode


def _check_target(path: Path) -> None:
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        _check_folder(path)
        return
    except NotADirectoryError:
        raise _blocked(path) from None
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
    if stat.S_ISDIR(mode):
        raise OutputError(f"cannot write {path}: it is a folder, not a file")
    if not (stat.S_ISREG(mode) or stat.S_ISFIFO(mode) or stat.S_ISCHR(mode)):
        kind = "a socket" if stat.S_ISSOCK(mode) else "a block device"
        raise OutputError(f"cannot write {path}: it is {kind}; name a file, a FIFO or a device")
    # The rename that replaces a file needs only its folder to be writable; a file the
    # user made read-only (a signed-off report, say) is refused, as a shell's > would.
    if stat.S_ISREG(mode) and not os.access(path, os.W_OK):
        raise OutputError(f"cannot write {path}: Permission denied (the file is read-only)")


def _check_folder(path: Path) -> None:
    folder = path.absolute().parent
    while not os.path.lexists(folder) and folder != folder.parent:
        folder = folder.parent  # the missing folders below it are created
    if not folder.is_dir():
        raise _blocked(path)


def _blocked(path: Path) -> OutputError:
    parents = reversed(path.parents)
    blocker = next((p for p in parents if p.exists() and not p.is_dir()), path.parent)
    return OutputError(f"cannot write {path}: {blocker} is a file, not a folder")


def write_error(target: str | Path, exc: OSError) -> OutputError:
    """``cannot write TARGET: reason``, for a disk that is full or a folder that is not there."""
    return OutputError(f"cannot write {target}: {exc.strerror or exc}")


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` whole or not at all, creating missing directories."""
    with atomic_writer(path) as handle:
        handle.write(text)


#: The stop signals that have arrived (SIGTERM, SIGHUP), as the CLI's handler records them.
_stops: list[int] = []


def stop_requested(signum: int) -> None:
    """Record a stop signal, so that no output is replaced after it even if its raise is lost.

    The handler's KeyboardInterrupt can land inside one of Python's own
    callbacks (a weak reference's, while a module is imported), where Python
    prints "Exception ignored" and carries on; the command would then finish
    and replace its outputs as if nobody had asked it to stop.
    """
    _stops.append(signum)


def stops_forgotten() -> None:
    """The command is over: a later one (in the same process, as in tests) starts afresh."""
    _stops.clear()


@contextlib.contextmanager
def atomic_writer(path: Path) -> Iterator[TextIO]:
    """A text file to write bit by bit that replaces ``path`` only when the block ends well.

    For output too large to hold in memory, such as the rows of a batch: if
    the block raises (bad input, Ctrl-C, a full disk), the partial file is
    removed and any earlier ``path`` is left as it was.
    """
    with Outputs() as outputs:
        yield outputs.open(path)


class Outputs:
    """Every output of one command, none replaced until all of them are complete.

    Open each with :meth:`open` inside the ``with`` block. When the block
    ends well, every output is flushed and synced first, then the temporary
    files are renamed over their targets, with Ctrl-C and hang-ups held off
    in between. When it raises (bad input, Ctrl-C, SIGTERM, a full disk),
    the temporary files and the folders made for them are removed, and every
    earlier file is left as it was.
    """

    def __init__(self) -> None:
        self._targets: list[_Target] = []

    def open(self, path: Path) -> TextIO:
        """A text stream for ``path``; an :class:`OutputError` at once if it cannot be made."""
        target = _Target(path)
        self._targets.append(target)  # first: a signal while it opens must find it to clean up
        return target.open()

    def __enter__(self) -> Outputs:
        return self

    def __exit__(self, exc_type: object, exc: BaseException | None, tb: object) -> None:
        try:
            if exc is None:
                for target in self._targets:
                    target.finish()
                with signals_held():
                    if _stops:  # a stop whose KeyboardInterrupt was swallowed
                        raise KeyboardInterrupt
                    for target in self._targets:
                        target.replace()
                    self._targets.clear()
        finally:
            for target in reversed(self._targets):  # still here: something failed
                target.discard()
            self._targets.clear()


class _OutputFile(io.TextIOWrapper):
    """A text stream whose write errors name the output and say why."""

    def __init__(self, fd: int, path: Path) -> None:
        super().__init__(os.fdopen(fd, "wb"), encoding="utf-8", newline="\n")
        self.path = path

    def write(self, text: str) -> int:
        try:
            return super().write(text)
        except BrokenPipeError:  # a FIFO's reader went away: a quiet end, as on stdout
            raise
        except OSError as exc:
            raise write_error(self.path, exc) from None

    def flush(self) -> None:
        try:
            super().flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise write_error(self.path, exc) from None


class _Target:
    """One output being written: a temporary file beside ``path``, or a stream into it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.handle: _OutputFile | None = None
        self.tmp: Path | None = None
        #: Folders made for the temporary file, deepest first: removed again on failure.
        self.made: list[Path] = []

    def open(self) -> _OutputFile:
        _check_target(self.path)
        fd = self._open_stream() if is_stream(self.path) else self._open_temporary()
        self.handle = _OutputFile(fd, self.path)
        return self.handle

    def _open_stream(self) -> int:
        """Open without waiting: a FIFO that nobody reads would block the open for ever."""
        flags = os.O_WRONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
        try:
            fd = os.open(self.path, flags)
        except OSError as exc:
            if exc.errno == errno.ENXIO and stat.S_ISFIFO(self.path.stat().st_mode):
                raise OutputError(
                    f"cannot write {self.path}: no process is reading the FIFO"
                ) from None
            raise write_error(self.path, exc) from None
        os.set_blocking(fd, True)  # now writes wait for a slow reader instead of failing
        return fd

    def _open_temporary(self) -> int:
        import tempfile  # here: the CLI imports this module before --help

        folder = self.path.parent
        missing = [p for p in (folder, *folder.parents) if not os.path.lexists(p)]
        with signals_held():  # a signal now would leave a temporary file nobody knows of
            try:
                self.made = missing
                folder.mkdir(parents=True, exist_ok=True)
                fd, name = tempfile.mkstemp(dir=folder, prefix=f".{self.path.name}.", suffix=".tmp")
            except (FileExistsError, NotADirectoryError):
                self._remove_folders()
                raise _blocked(self.path) from None
            except OSError as exc:
                self._remove_folders()
                raise write_error(self.path, exc) from None
            self.tmp = Path(name)
        return fd

    def finish(self) -> None:
        """Everything that can still fail, before any output replaces its target."""
        if self.handle is None:  # pragma: no cover - open raised, so the block never ended well
            return
        try:
            self.handle.flush()
            if self.tmp is not None:
                os.fsync(self.handle.fileno())
            self.handle.close()
            if self.tmp is not None:
                self.tmp.chmod(_mode_for(self.path))
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise write_error(self.path, exc) from None

    def replace(self) -> None:
        if self.tmp is None:
            return
        try:
            self.tmp.replace(self.path)
        except OSError as exc:
            raise write_error(self.path, exc) from None
        self.tmp = None
        self.made = []

    def discard(self) -> None:
        if self.handle is not None:
            with contextlib.suppress(Exception):  # a full disk or a closed pipe: it goes anyway
                self.handle.close()
        if self.tmp is not None:
            with contextlib.suppress(OSError):
                self.tmp.unlink()
        self._remove_folders()

    def _remove_folders(self) -> None:
        for folder in self.made:
            with contextlib.suppress(OSError):  # not empty: something else is in it now
                folder.rmdir()
        self.made = []


@contextlib.contextmanager
def signals_held() -> Iterator[None]:
    """Hold Ctrl-C and hang-ups for a moment; they take effect right after."""
    if not hasattr(signal, "pthread_sigmask"):  # pragma: no cover - Windows
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, HELD_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _mode_for(path: Path) -> int:
    """Keep an existing file's mode; otherwise what a plain ``open`` would give."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
