"""omnicheck reads the process (standard streams, terminals, environment variables) in few places.

Commands see the process through :class:`omnicheck.cli.environment.Environment`,
which a test swaps; a read of ``sys.stdout`` or ``os.environ`` anywhere else is
a command that a test cannot give a fake terminal or a fake variable. This
scans the source, so it also catches code that no test runs. Each place that
must read the process itself is listed with its reason; an entry no longer
needed fails too, so the list stays true.

Libraries read the process on their own, out of reach of this scan: rich and
prompt_toolkit are handed the Environment's streams and (rich) its variables,
but prompt_toolkit still reads ``TERM``, ``NO_COLOR`` and its own
``PROMPT_TOOLKIT_*`` variables from ``os.environ``, and curses' terminfo
answers for the first ``TERM`` a process asks about.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import omnicheck

PACKAGE = Path(omnicheck.__file__).parent

#: What counts as reading the process, by module.
WATCHED = {
    "sys": {"stdin", "stdout", "stderr", "__stdin__", "__stdout__", "__stderr__"},
    "os": {"environ", "environb", "getenv", "getenvb", "isatty", "get_terminal_size"},
    "shutil": {"get_terminal_size"},  # COLUMNS and LINES, then the process's stdout
}

#: The one module made for it.
ENVIRONMENT = "cli/environment.py"

#: "module path:function" -> what it reads, and why it may.
ALLOWED: dict[str, tuple[set[str], str]] = {
    "cli/app.py:OmnicheckGroup.invoke": (
        {"sys.stdout"},
        "the flush after every command, of the stream click and rich wrote to, so that a "
        "full disk or a closed pipe meets the error handlers around it",
    ),
    "cli/app.py:_fitted": (
        {"sys.stderr", "os.get_terminal_size"},
        "messages are wrapped to the terminal typer.echo(err=True) writes them to: sys.stderr",
    ),
    "cli/app.py:app_for": (
        {"os.environ"},
        "which commands to build, decided before click runs and before any Environment "
        "exists: a bare `omnicheck` is shell completion only when click's *_COMPLETE "
        "variable is set",
    ),
    "cli/app.py:run": (
        {"sys.stderr"},
        "the console script's messages stream, made to fall silent when its reader "
        "leaves: the process's own, before click runs and before any Environment exists",
    ),
    "cli/app.py:_quiet_standard_output": (
        {"sys.stdout"},
        "after a closed pipe, the process's own descriptor 1 goes to /dev/null, "
        "whatever stream a test passed",
    ),
    "cli/app.py:_stop_signals_interrupt": (
        {"os.isatty"},
        "which of descriptors 0-2 to point at /dev/null on a hang-up: descriptors of the "
        "process, asked before the terminal is gone",
    ),
    "questionnaire/layout.py:<module>": (
        {"shutil.get_terminal_size"},
        "the default size of the questionnaire used on its own; a session lays it out "
        "by its Environment's terminal_size (layout.sized_by)",
    ),
    "report/output.py:write": (
        {"sys.stdout", "sys.stderr"},
        "the fallback for a caller without an Environment; every command passes one",
    ),
    "source/cache.py:cache_dir": (
        {"os.environ"},
        "cache.FROM_PROCESS, the default of cache_dir= for callers without an "
        "Environment; commands pass env.cache_dir",
    ),
}


def _reads(tree: ast.Module) -> Iterator[tuple[str, str, int]]:
    """(enclosing function, "module.name", line) for every read of a watched name."""
    aliases: dict[str, str] = {}  # local name -> "sys" or "os"
    direct: dict[str, str] = {}  # local name -> "sys.stdout" (from sys import stdout)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in WATCHED:
                    aliases[alias.asname or alias.name] = alias.name
        elif isinstance(node, ast.ImportFrom) and node.module in WATCHED:
            for alias in node.names:
                names = WATCHED[node.module] if alias.name == "*" else {alias.name}
                for name in names & WATCHED[node.module]:
                    direct[alias.asname or name] = f"{node.module}.{name}"

    def visit(node: ast.AST, where: list[str]) -> Iterator[tuple[str, str, int]]:
        for child in ast.iter_child_nodes(node):
            inner = where
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                inner = [*where, child.name]
            name = ".".join(inner) or "<module>"
            if isinstance(child, ast.Attribute):
                base = child.value
                if isinstance(base, ast.Name) and base.id in aliases:
                    module = aliases[base.id]
                    if child.attr in WATCHED[module]:
                        yield name, f"{module}.{child.attr}", child.lineno
                if child.attr == "isatty" and not (
                    isinstance(base, ast.Name) and aliases.get(base.id) == "os"
                ):
                    yield name, "isatty()", child.lineno
            elif isinstance(child, ast.Name) and child.id in direct:
                yield name, direct[child.id], child.lineno
            elif (
                isinstance(child, ast.Call)
                and isinstance(child.func, ast.Name)
                and child.func.id == "getattr"
                and len(child.args) >= 2
                and isinstance(child.args[0], ast.Name)
                and child.args[0].id in aliases
                and isinstance(child.args[1], ast.Constant)
                and child.args[1].value in WATCHED[aliases[child.args[0].id]]
            ):
                yield name, f"{aliases[child.args[0].id]}.{child.args[1].value}", child.lineno
            yield from visit(child, inner)

    yield from visit(tree, [])


def _found() -> dict[str, dict[str, list[int]]]:
    found: dict[str, dict[str, list[int]]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        module = path.relative_to(PACKAGE).as_posix()
        if module == ENVIRONMENT:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for function, what, line in _reads(tree):
            found.setdefault(f"{module}:{function}", {}).setdefault(what, []).append(line)
    return found


def test_the_process_is_read_only_through_the_environment() -> None:
    unexpected = [
        f"omnicheck/{place.split(':')[0]}:{line}: {what} in {place.split(':')[1]}"
        for place, reads in _found().items()
        for what, lines in reads.items()
        if what not in ALLOWED.get(place, (set(), ""))[0]
        for line in lines
    ]
    assert not unexpected, (
        "read the process through omnicheck.cli.environment.Environment (from_context(ctx)), "
        "or list the place in ALLOWED with its reason:\n" + "\n".join(unexpected)
    )


def test_every_allowed_read_is_still_there() -> None:
    found = _found()
    stale = [
        f"{place}: {what}"
        for place, (reads, _why) in ALLOWED.items()
        for what in reads
        if what not in found.get(place, {})
    ]
    assert not stale, "no longer read; remove from ALLOWED:\n" + "\n".join(stale)


def test_the_scan_sees_every_way_of_reading() -> None:
    """The scan itself: each spelling of a read is found, in the function it is in."""
    source = """
import os
import sys as system
from os import environ as env
from sys import stdout

def a():
    return os.environ.get("TERM"), system.stdin.fileno(), env, stdout

class B:
    def c(self, stream):
        return stream.isatty(), os.isatty(0), getattr(system, "stderr"), os.getenv("X")

TOP = os.path.join("a", "b")
"""
    starred = "from shutil import *\nSIZE = get_terminal_size()\n"
    reads = {(where, what) for where, what, _line in _reads(ast.parse(source))}
    assert reads == {
        ("a", "os.environ"),
        ("a", "sys.stdin"),
        ("a", "os.environ"),
        ("a", "sys.stdout"),
        ("B.c", "isatty()"),
        ("B.c", "os.isatty"),
        ("B.c", "sys.stderr"),
        ("B.c", "os.getenv"),
    }
    assert [what for _where, what, _line in _reads(ast.parse(starred))] == [
        "shutil.get_terminal_size"
    ]
