"""Shared fixtures: the bundled rubric, a tiny inline rubric, and golden-file support.

Golden files are regenerated with ``pytest --update-golden`` (see README.md);
read the diff before committing them.
"""

from __future__ import annotations

import atexit
import os
import shutil
import signal
import sys
import tempfile
import textwrap
from pathlib import Path
from typing import Any

import pytest
import typer
import typer.testing
from hypothesis import settings

from omnicheck.answers.validate import AnswersFile, validate_answers
from omnicheck.errors import InputError
from omnicheck.loading import rubric_from
from omnicheck.rubric.compile import CompiledRubric
from omnicheck.rubric.lint import load_rubric
from omnicheck.source.safe_yaml import parse_yaml

# Property tests assert results, never speed: a slow CI machine must not fail
# one on Hypothesis's 200 ms per-example deadline. CI (HYPOTHESIS_PROFILE=ci,
# set by .ci/run) tries every test's full count of examples; a developer's run
# after each change tries a quarter of them, so the fast tests stay fast, and
# Hypothesis's database (.hypothesis/) still replays any example that failed.
settings.register_profile("ci", deadline=None)
settings.register_profile("dev", deadline=None, max_examples=25)
HYPOTHESIS_PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "dev")
settings.load_profile(HYPOTHESIS_PROFILE)


def examples(count: int) -> int:
    """A property test's ``max_examples``: ``count`` in CI, else a quarter (at least 10).

    An explicit ``max_examples`` overrides the loaded profile's, so a test that
    names its count passes it through here for the dev profile to scale it.
    """
    return count if HYPOTHESIS_PROFILE == "ci" else min(count, max(count // 4, 10))


# Tests never read or write the user's real cache, and leave none behind: each process
# of a run (xdist's workers too) makes its own, removed when it exits.
_CACHE = tempfile.mkdtemp(prefix="omnicheck-test-cache-")
os.environ["OMNICHECK_CACHE_DIR"] = _CACHE
atexit.register(shutil.rmtree, _CACHE, ignore_errors=True)

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
GOLDEN = Path(__file__).resolve().parent / "golden"


def _shape(app: typer.Typer) -> tuple[object, ...]:
    """What typer builds a click command from: the app's commands, groups and callback."""
    return (
        app.registered_callback,
        *app.registered_commands,
        *(
            (info, _shape(info.typer_instance))
            for info in app.registered_groups
            if info.typer_instance
        ),
        os.environ.get("_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION"),
    )


_built: dict[int, tuple[typer.Typer, tuple[object, ...], Any]] = {}
_build_command = typer.testing._get_command


def _command_built_once(app: typer.Typer) -> Any:
    """The click command for ``app``, built by typer once rather than on every invoke.

    Turning every command's signature into click options costs more than most
    commands do; CliRunner did it afresh for each of the suite's many hundred
    invocations. Click commands hold no state between runs (every run gets a new
    context), so one is reused for as long as ``app`` has the same commands.
    """
    shape = _shape(app)
    cached = _built.get(id(app))
    if cached is not None and cached[0] is app and cached[1] == shape:
        return cached[2]
    command = _build_command(app)
    _built[id(app)] = (app, shape, command)
    return command


typer.testing._get_command = _command_built_once


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="Rewrite tests/golden/ from the current output instead of comparing.",
    )


def pytest_configure(config: pytest.Config) -> None:
    _hang_ups_as_at_a_terminal()
    _bytecode_in_the_cache(config)


def _hang_ups_as_at_a_terminal() -> None:
    """The commands the tests start get SIGHUP at its default, as at a terminal.

    A command leaves a hang-up it was started to ignore ignored (``nohup``),
    so a suite run under ``nohup`` or a CI runner that ignores SIGHUP would
    otherwise test that case instead of a user's terminal closing. An ignored
    signal stays ignored across exec, but a handler goes back to the default:
    so the run itself, given a handler that does nothing, still outlives a
    closed terminal, and what it starts does not inherit that. The one test
    of the ``nohup`` case sets it up itself.
    """
    hangup = getattr(signal, "SIGHUP", None)
    if hangup is not None and signal.getsignal(hangup) is signal.SIG_IGN:
        signal.signal(hangup, _hang_up_ignored)


def _hang_up_ignored(_signum: int, _frame: object) -> None:
    """The test run's own SIGHUP, when it was started to ignore it."""


def _bytecode_in_the_cache(config: pytest.Config) -> None:
    """Where Python may not write bytecode, the tests keep theirs in pytest's cache instead.

    Under ``PYTHONDONTWRITEBYTECODE`` every run compiled omnicheck and rewrote
    the asserts of every test module from source again, in each xdist worker
    and each session's runs of the installed script: about 4 s of CPU. The
    bytecode goes to ``.pytest_cache/d/bytecode`` (ignored by git, emptied by
    ``--cache-clear``), so the checkout's own folders still get none; with
    ``-p no:cacheprovider``, to a folder of this session, removed at its end.
    Set before xdist starts its workers, so they and the scripts the tests
    start inherit it.
    """
    if not sys.dont_write_bytecode:
        return
    cache = getattr(config, "cache", None)
    if cache is not None:
        folder = str(cache.mkdir("bytecode"))
    else:
        folder = tempfile.mkdtemp(prefix="omnicheck-test-pyc-")
        config.add_cleanup(lambda: shutil.rmtree(folder, ignore_errors=True))
    sys.pycache_prefix = folder
    sys.dont_write_bytecode = False
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    os.environ["PYTHONPYCACHEPREFIX"] = folder


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(scope="session")
def rubric() -> CompiledRubric:
    return rubric_from(None)


def compile_yaml(text: str, source: str = "rubric.yaml") -> CompiledRubric:
    return load_rubric(parse_yaml(textwrap.dedent(text), source))


def answers_for(rubric: CompiledRubric, answers: dict, *, name: str = "Test Co") -> AnswersFile:
    """Validated answers built from a plain dict, as if read from a file."""
    import yaml

    doc = {
        "rubric": {"id": rubric.id, "version": rubric.version},
        "business": {"name": name},
        "answers": answers,
    }
    # libyaml's dumper, when built in: property tests call this thousands of times.
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return validate_answers(parse_yaml(yaml.dump(doc, Dumper=dumper), "answers.yaml"), rubric)


#: A complete set of answers to TINY_RUBRIC, with a web shop and a store.
TINY_ANSWERS = {
    "goal": "reach",
    "channels": ("web", "store"),
    "a.one": "s1",
    "a.two": "s1",
    "b.one": "s1",
    "b.store": "s4",
    "record.web": "none",
    "handoff.web": (),
    "record.store": "two_way",
    "handoff.store": (),
}


TINY_RUBRIC = """
    id: tiny
    version: "1"
    title: Tiny rubric
    efforts: {low: 1, high: 4}
    sections:
      - id: basics
        title: Basics
        questions:
          - id: goal
            kind: single
            text: Goal?
            options:
              - {id: reach, label: Reach}
              - {id: loyalty, label: Loyalty}
          - id: channels
            kind: multi
            text: Channels?
            options:
              - {id: web, label: Web}
              - {id: store, label: Store}
              - {id: email, label: Email}
      - id: integration
        title: Integration
        when: {question: channels, count_at_least: 2}
        questions:
          - id: a.one
            kind: single
            dimension: a
            text: A one?
            options: &scale
              - {id: s0, label: Zero, score: 0}
              - {id: s1, label: One, score: 1}
              - {id: s2, label: Two, score: 2}
              - {id: s3, label: Three, score: 3}
              - {id: s4, label: Four, score: 4}
          - id: a.two
            kind: single
            dimension: a
            weight: 3
            text: A two?
            options: *scale
          - id: b.one
            kind: single
            dimension: b
            text: B one?
            options: *scale
          - id: b.store
            kind: single
            dimension: b
            effort: high
            text: Store only?
            when: {question: channels, has: store}
            options: *scale
      - id: links
        title: Links
        kind: channel_links
        when: {question: channels, count_at_least: 2}
    channel_links:
      question: channels
      stages: [{id: search, name: Search}, {id: purchase, name: Purchase}]
      record:
        dimension: b
        weight: 1
        text: How does {channel} connect?
        short: "{channel} record"
        options:
          - {id: none, label: Nothing, score: 0}
          - {id: manual, label: Manual, score: 1}
          - {id: one_way, label: One way, score: 2}
          - {id: two_way, label: Two way, score: 3}
          - {id: shared, label: Shared, score: 4}
      handoff:
        text: Where does {channel} hand off?
        short: "{channel} hand-offs"
    dimensions:
      - id: a
        name: Dimension A
        weight: 1
        recommendations:
          - {level: 0, effort: low, text: Start A.}
          - {level: 1, effort: low, text: Grow A.}
          - {level: 2, effort: high, text: Deepen A.}
          - {level: 3, effort: high, text: Finish A.}
      - id: b
        name: Dimension B
        weight: 3
        recommendations:
          - {level: 0, effort: low, text: Start B.}
          - {level: 1, effort: low, text: Grow B.}
          - {level: 2, effort: low, text: Deepen B.}
          - {level: 3, effort: high, text: Finish B.}
    levels:
      - {id: single, name: Single}
      - id: multi
        name: Multi
        band: {from: 0, to: 40}
        gates: [{id: two, label: Two channels, metric: channel_count, at_least: 2}]
      - id: cross
        name: Cross
        band: {from: 40, to: 75}
        alternatives: [{id: pair, label: A linked pair, metric: linked_pairs, at_least: 1}]
      - id: omni
        name: Omni
        band: {from: 75, to: 100}
        gates:
          - {id: b-high, label: B at least 75, metric: dimension.b, at_least: 75}
          - {id: hub, label: Hub, metric: hub_coverage, at_least: 100}
    strategies:
      - {id: single, name: Single}
      - {id: multi, name: Multi}
      - {id: cross, name: Cross}
      - {id: omni, name: Omni}
    rules:
      - id: one
        target: single
        when: {metric: channel_count, at_most: 1}
        reason: One channel.
      - id: loyal
        target: omni
        when: {question: goal, is: loyalty}
        reason: Loyalty.
      - id: fallback
        target: multi
        reason: Default.
    guardrails:
      - {id: step, max_steps_up: 1, reason: One step.}
      - {id: floor, never_below_current: true, reason: Keep.}
    roadmap:
      - {id: first, name: First, dimensions: [a]}
      - {id: second, name: Second, dimensions: [b]}
"""


@pytest.fixture(scope="session")
def tiny() -> CompiledRubric:
    return compile_yaml(TINY_RUBRIC, "tiny.yaml")


def installed_omnicheck() -> str:
    """The console script installed beside the running interpreter."""
    candidate = Path(sys.executable).parent / "omnicheck"
    if candidate.exists():
        return str(candidate)
    found = shutil.which("omnicheck")
    if found is None:
        pytest.fail("the omnicheck console script is not installed; run pip install -e '.[test]'")
    return found


@pytest.fixture
def clean_env() -> dict[str, str]:
    """Environment for subprocesses: no colour, a fixed width, no user site noise."""
    env = dict(os.environ)
    env.update({"NO_COLOR": "1", "COLUMNS": "80", "PYTHONWARNINGS": "ignore"})
    return env


def survey_cells(answers: dict) -> dict[str, str]:
    """Validated answers as a survey tool would export them: one text cell each."""
    from omnicheck.rubric.conditions import NotApplicable

    cells = {}
    for qid, value in answers.items():
        if isinstance(value, tuple):
            cells[qid] = ";".join(value)
        elif isinstance(value, NotApplicable):
            cells[qid] = "n/a" if value.reason is None else f"n/a: {value.reason}"
        else:
            cells[qid] = value
    return cells


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    import csv

    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def write_survey(
    path: Path, rubric: CompiledRubric, rows: list[dict[str, str]], extra: tuple[str, ...] = ()
) -> Path:
    """A survey export with a name column, ``extra`` columns, and every question's column."""
    header = ["name", *extra, *(q.id for q in rubric.questions)]
    return write_csv(path, header, [[row.get(column, "") for column in header] for row in rows])


def assert_self_contained_html(page: str) -> None:
    """Well-formed (every element closed, in order), no scripts, nothing loaded from anywhere."""
    from html.parser import HTMLParser

    from tests.html_dom import VOID

    stack: list[str] = []

    class Checker(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            assert tag not in {"script", "link", "img", "iframe", "object", "embed", "base"}, tag
            for name, value in attrs:
                assert not name.startswith("on") and name not in {"src", "srcset"}, (tag, name)
                assert not (value or "").startswith(("http:", "https:", "//")), (tag, name)
            if tag not in VOID:
                stack.append(tag)

        def handle_endtag(self, tag: str) -> None:
            assert stack and stack[-1] == tag, (tag, stack[-3:])
            stack.pop()

    Checker().feed(page)
    assert stack == [], stack
    assert page.startswith("<!DOCTYPE html>")
    # Every page declares the one policy of html_head.html.j2: nothing is loaded
    # but inline styles and data: images (a brand logo may be one).
    policy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'"
    assert f'http-equiv="Content-Security-Policy" content="{policy};' in page


def worded_text(exc: InputError) -> str:
    """Every problem of ``exc``, one a line, worded as the CLI words them: the core raises
    ids and parameters (see omnicheck.wording)."""
    from omnicheck.cli.messages import worded_all

    return "\n".join(str(p) for p in worded_all(exc.problems))
