"""The ``omnicheck`` command: a thin typer layer over the core.

Commands parse options, call the core through :mod:`omnicheck.loading`, and
hand the result to a renderer. Errors become messages and exit codes in one
place, :meth:`OmnicheckGroup.invoke`. Heavy modules (pydantic, jinja2, rich)
are imported inside the commands, so ``omnicheck --help`` starts fast.
"""

import contextlib
import os
import signal
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING, Annotated, Any, TextIO, cast

import typer
from typer.core import TyperGroup

from omnicheck import __version__
from omnicheck.errors import ExitStatus, OmnicheckError
from omnicheck.source.files import DISK_FULL, stop_requested, stops_forgotten

if TYPE_CHECKING:
    import asyncio


class OmnicheckGroup(TyperGroup):
    """Turns every error into a message on stderr and an exit status.

    Also where the run's :class:`omnicheck.cli.environment.Environment` is
    made, once, into ``ctx.obj``, unless a test passed one with ``obj=``.
    """

    def invoke(self, ctx: Any) -> Any:
        if ctx.obj is None:
            from omnicheck.cli.environment import Environment

            ctx.obj = Environment.current()
        try:
            with _stop_signals_interrupt():
                try:
                    return super().invoke(ctx)
                finally:
                    # Here, not at exit: a full disk or a closed pipe must meet the handlers below.
                    sys.stdout.flush()
        except BrokenPipeError:
            # The reader left (``omnicheck batch ... | head``): a normal end, as for other tools.
            _quiet_standard_output()
            raise typer.Exit(int(ExitStatus.OK)) from None
        except (typer.Exit, typer.Abort, typer.TyperException):
            raise
        except KeyboardInterrupt:
            with contextlib.suppress(OSError):
                typer.echo("Stopped.", err=True)
            raise typer.Exit(int(ExitStatus.INTERRUPTED)) from None
        except OmnicheckError as exc:
            from omnicheck.cli.messages import lines_for
            from omnicheck.printable import printable

            # Messages quote file names and values from the input: never raw to the terminal.
            for line in lines_for(exc):
                typer.echo(_fitted(printable(line)), err=True)
            raise typer.Exit(int(exc.exit_status)) from None
        except OSError as exc:
            if exc.errno not in DISK_FULL:  # omnicheck's own files say so themselves
                raise self._internal_error(ctx, exc) from None
            typer.echo(f"cannot write standard output: {exc.strerror}", err=True)
            raise typer.Exit(int(ExitStatus.BAD_INPUT)) from None
        except Exception as exc:
            raise self._internal_error(ctx, exc) from None

    @staticmethod
    def _internal_error(ctx: Any, exc: Exception) -> Exception:
        if ctx.params.get("debug"):
            return exc
        from omnicheck.printable import printable

        typer.echo(
            printable(
                f"omnicheck: internal error: {type(exc).__name__}: {exc}. "
                "This is a bug in omnicheck; rerun with --debug to see the traceback."
            ),
            err=True,
        )
        return typer.Exit(int(ExitStatus.ERROR))


def _fitted(line: str) -> str:
    """A message wrapped by word to the terminal it goes to, so no word is split ("fi/ll").

    Only on a terminal: a pipe or a log gets one line per message, for tools
    to read. A line that starts with spaces is a command to copy, and stays whole.
    """
    try:
        columns = os.get_terminal_size(sys.stderr.fileno()).columns
    except (OSError, ValueError):
        return line
    if len(line) < columns or line.startswith(" ") or columns < 20:
        return line
    import textwrap

    return "\n".join(
        textwrap.wrap(line, columns - 1, break_long_words=False, break_on_hyphens=False)
    )


def _to_devnull(fds: tuple[int, ...]) -> None:
    """Point these descriptors at /dev/null, so nothing written later can fail.

    After a closed pipe, Python's last flush at exit would find it broken;
    after a hang-up, the terminal is gone. Opened for reading too: a prompt
    that reads a standard input pointed here meets its end at once.
    """
    with contextlib.suppress(OSError):
        devnull = os.open(os.devnull, os.O_RDWR)
        for fd in fds:
            os.dup2(devnull, fd)
        os.close(devnull)


class _ForgivingStderr:
    """``sys.stderr``, whose reader leaving (``omnicheck batch ... 2>&1 | head -1``) or
    disk filling up silences it rather than ending the command.

    Messages are a side channel: when nobody reads them any more, the command
    still finishes, writes its files and exits with its own status (3 when
    inputs failed, 2 on a full disk). Otherwise the closed pipe, met while
    saying so, ended the run with exit 0 or click's 1. Everything but the
    writes is the stream's own.
    """

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        try:
            return self._stream.write(text)
        except OSError as exc:
            self._gone(exc)
            return len(text)

    def flush(self) -> None:
        try:
            self._stream.flush()
        except OSError as exc:
            self._gone(exc)

    def _gone(self, exc: OSError) -> None:
        """Silence the stream after a closed pipe or a full disk (``2>/dev/full``)."""
        if not isinstance(exc, BrokenPipeError) and exc.errno not in DISK_FULL:
            raise exc
        with contextlib.suppress(ValueError, OSError):  # not a real file
            _to_devnull((self._stream.fileno(),))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def _quiet_standard_output() -> None:
    with contextlib.suppress(ValueError):  # not a real file (tests)
        _to_devnull((sys.stdout.fileno(),))


@contextlib.contextmanager
def _stop_signals_interrupt() -> Iterator[None]:
    """SIGTERM and SIGHUP stop a command as Ctrl-C does, with exit status 130.

    The KeyboardInterrupt unwinds through :class:`omnicheck.source.files.Outputs`,
    which removes the temporary files that hold half-written client data.
    Only the first signal counts, so that the clean-up runs to its end. In
    the console script, whose process ends with the command, they stay
    ignored after one has arrived: a closing terminal may hang up again while
    "Stopped." is printed and the process exits (tests that run commands in
    their own process get the previous handlers back).
    After a hang-up the terminal is gone: what went to it goes to /dev/null,
    and what would read from it reads the end of /dev/null, so no prompt
    can wait for a key that will never come. A signal ignored when the command
    began (``nohup omnicheck batch ...``) is left ignored.
    """
    hangup = getattr(signal, "SIGHUP", None)
    stops = [s for s in (signal.SIGTERM, hangup) if s is not None]
    # Which descriptors are terminals is asked now: once hung up, a terminal
    # answers isatty() with an error, and so would look like a file.
    terminals = tuple(fd for fd in (0, 1, 2) if os.isatty(fd))

    stopped: list[int] = []

    def stop(signum: int, _frame: object) -> None:
        for s in stops:
            signal.signal(s, signal.SIG_IGN)
        stopped.append(signum)
        stop_requested(signum)
        if signum == hangup:
            _to_devnull(terminals)
        loop = _running_loop()
        if loop is None:
            raise KeyboardInterrupt
        # A prompt is up: raised here, between two steps of the event loop, the
        # interrupt could drop the callback the loop had just taken off its
        # queue; the loop's clean-up would then wait for that task forever,
        # with the stop signals ignored. Raised by a callback of its own, it
        # leaves the loop whole, and asyncio.run cancels the prompt cleanly.
        loop.call_soon_threadsafe(_interrupt)

    previous: dict[int, Any] = {}
    with contextlib.suppress(ValueError):  # not the main thread: signals are not ours to catch
        for s in stops:
            # Ignored when the command began (``nohup``, a shell's background job): the user
            # asked for the command to run on, so the signal stays ignored.
            if signal.getsignal(s) is not signal.SIG_IGN:
                previous[s] = signal.signal(s, stop)
    try:
        yield
    finally:
        if not (stopped and _Process.ends_with_command):
            for s, handler in previous.items():
                signal.signal(s, handler)
        stops_forgotten()


def _running_loop() -> "asyncio.AbstractEventLoop | None":
    """The event loop this thread is inside, if any (prompt_toolkit runs one per prompt)."""
    running = sys.modules.get("asyncio")  # not imported: no loop, and none imported for it
    if running is None:
        return None
    try:
        loop: asyncio.AbstractEventLoop = running.get_running_loop()
    except RuntimeError:
        return None
    return loop


def _interrupt() -> None:
    raise KeyboardInterrupt


app = typer.Typer(
    name="omnicheck",
    cls=OmnicheckGroup,
    rich_markup_mode=None,  # plain click help: importing rich would double start-up time
    pretty_exceptions_enable=False,
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 88},
    help="""How well do your sales, marketing and service channels work together, and
what should you do next: stay multichannel, link the key journeys
(cross-channel), or go omnichannel?

\b
Example:
  omnicheck assess                           # answer the questions in the terminal
  omnicheck template --output answers.yaml   # or write a skeleton to fill in
  omnicheck validate answers.yaml            # list every problem at once
  omnicheck report answers.yaml              # the summary in the terminal
  omnicheck report answers.yaml -o report.md # the full Markdown report
  omnicheck diff last-year.yaml answers.yaml # what changed since last time
  omnicheck plan answers.yaml -o plan.csv    # the plan as tasks for a tracker
  omnicheck merge team/*.yaml -o merged.yaml # several respondents, one business
  omnicheck history visits/*.yaml            # one business over many visits
  omnicheck batch clients/ --summary portfolio.md  # many businesses at once

Everything runs offline; nothing is sent anywhere.""",
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"omnicheck {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show the full traceback if omnicheck fails.")
    ] = False,
) -> None:
    """Entry point for options that apply to every command."""


class _Process:
    #: Whether this process ends with its command: the console script's does.
    ends_with_command = False


def run() -> None:
    """Console-script entry point.

    What is loaded by now (typer, click, the commands) lives until exit, yet
    each full collection of the garbage collector walked all of it again,
    and so did the last one, at exit. Frozen, the collector leaves it alone:
    a Markdown report runs 4% fewer instructions. Only here, once per
    process; the objects made later are collected as ever.
    """
    import gc

    gc.freeze()
    _Process.ends_with_command = True
    sys.stderr = cast(TextIO, _ForgivingStderr(sys.stderr))
    app_for(sys.argv[1:])()


def app_for(args: list[str]) -> typer.Typer:
    """``app`` with only the command that ``args`` name, when they name one.

    On every start typer turns the signature of each command into click
    options, which costs a Markdown report a fifth of its own run time. A run
    uses one command, so only that one is built. Help without a command (and
    no arguments at all, which shows it) lists every command by its name and
    help text alone, so it gets every command without their options (see
    :func:`_listed`). ``--version`` and shell completion (which reads its
    words from the environment) name none, and get every command, as does a
    misspelt name, so that click can suggest the right one.
    """
    import copy

    from typer.main import get_command_name, solve_typer_info_defaults

    name = next((arg for arg in args if not arg.startswith("-")), None)
    before_name = args[: args.index(name)] if name else args
    if any(arg in HELP_OPTIONS for arg in before_name):
        return _listed(app)  # click shows the group's help before it reads a command name
    if not args and not any(key.endswith("_COMPLETE") for key in os.environ):
        return _listed(app)  # no_args_is_help: the same page
    commands = [
        info
        for info in app.registered_commands
        if name == (info.name or get_command_name(info.callback.__name__))  # type: ignore[union-attr]
    ]
    groups = [
        info for info in app.registered_groups if name == solve_typer_info_defaults(info).name
    ]
    if not commands and not groups:
        return app
    chosen = copy.copy(app)
    chosen.registered_commands = commands
    chosen.registered_groups = groups
    return chosen


HELP_OPTIONS = ("-h", "--help")


def _listed(typer_app: typer.Typer) -> typer.Typer:
    """``typer_app`` for its help page: each command with its name and help, and no options.

    Typer evaluates every parameter of a command and makes its click option
    even for a list that shows none of them, which cost ``--help`` a third
    of what it adds to importing typer. Here each command runs a function
    without parameters, named and documented as the command's own, so that
    typer derives the same name and help text from it; groups alike.
    """
    import copy

    listed = copy.copy(typer_app)
    listed.registered_commands = []
    for info in typer_app.registered_commands:
        command = copy.copy(info)
        command.callback = _named_like(info.callback)
        listed.registered_commands.append(command)
    listed.registered_groups = []
    for group_info in typer_app.registered_groups:
        group = copy.copy(group_info)
        if group_info.typer_instance is not None:
            group.typer_instance = _listed(group_info.typer_instance)
        listed.registered_groups.append(group)
    return listed


def _named_like(callback: Any) -> Any:
    def listed() -> None:
        """Never run: a help page lists the command, and exits."""

    listed.__name__ = callback.__name__
    listed.__doc__ = callback.__doc__
    return listed


# Every command lives in a module of its own under omnicheck/cli/ and is added
# here, by name: reading this list tells which commands exist, and moving or
# adding a module never changes it by accident. The modules keep their heavy
# imports inside the command functions, so importing them costs next to nothing.
def _register_commands() -> None:
    from omnicheck.cli import (
        assess,
        batch,
        diff,
        history,
        merge,
        peers,
        plan,
        report,
        rubric,
        schema,
        template,
        validate,
    )

    for module in (
        report,
        validate,
        template,
        assess,
        batch,
        diff,
        plan,
        merge,
        history,
        peers,
        rubric,
        schema,
    ):
        module.register(app)


_register_commands()
