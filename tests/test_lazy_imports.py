"""Commands load only the heavy modules they use: start-up time is a feature.

Each case runs the command in a fresh interpreter, through the console
script's own entry point, and lists the modules loaded when it ends. A
timing would depend on the machine; which modules load does not.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import ROOT, installed_omnicheck

EXAMPLE = str(ROOT / "examples" / "outdoor-retailer.yaml")

# Runs omnicheck.cli.app.run() with the given argv, then prints the loaded modules
# as JSON on stderr's last line, whether the command exited normally or not.
WRAPPER = """
import json, sys
sys.argv = ["omnicheck", *json.loads(sys.argv[1])]
try:
    from omnicheck.cli.app import run
    run()
except SystemExit as exc:
    code = exc.code
else:
    code = 0
finally:
    sys.stderr.write("\\n" + json.dumps(sorted(sys.modules)) + "\\n")
sys.exit(code)
"""


def loaded_modules(args: list[str]) -> set[str]:
    """The modules loaded by ``omnicheck ARGS`` in a fresh interpreter."""
    done = subprocess.run(
        [sys.executable, "-c", WRAPPER, json.dumps(args)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    return set(json.loads(done.stderr.strip().splitlines()[-1]))


@pytest.mark.parametrize("fmt", ["md", "html", "json"])
def test_a_report_that_is_not_the_terminal_summary_does_not_load_rich(fmt, tmp_path):
    modules = loaded_modules(["report", EXAMPLE, "--format", fmt, "-o", str(tmp_path / "r")])
    assert (tmp_path / "r").stat().st_size > 0
    assert "rich.console" not in modules
    assert "omnicheck.report.terminal" not in modules
    # the typed model is for mypy and the schema: a report never builds its classes
    assert not {m for m in modules if m.startswith("omnicheck.report.model")}


@pytest.mark.parametrize("fmt", ["md", "html", "json"])
def test_a_diff_that_is_not_the_terminal_view_does_not_load_rich(fmt, tmp_path):
    other = str(ROOT / "examples" / "skincare-brand.yaml")
    modules = loaded_modules(["diff", EXAMPLE, other, "--format", fmt, "-o", str(tmp_path / "d")])
    assert (tmp_path / "d").stat().st_size > 0
    assert "rich.console" not in modules


def test_validate_does_not_load_rich_or_jinja():
    modules = loaded_modules(["validate", EXAMPLE])
    assert "rich.console" not in modules
    assert "jinja2" not in modules


def test_help_loads_neither_rich_nor_the_core():
    modules = loaded_modules(["--help"])
    assert "rich.console" not in modules
    assert "pydantic" not in modules
    assert "yaml" not in modules


def built_commands(args: list[str]) -> list[str]:
    """The commands that ``omnicheck ARGS`` turns into click commands."""
    from typer.main import get_command

    from omnicheck.cli.app import app_for

    return sorted(get_command(app_for(args)).commands)  # type: ignore[attr-defined]


def test_a_run_builds_only_the_command_it_names():
    assert built_commands(["report", EXAMPLE, "--format", "md"]) == ["report"]
    assert built_commands(["--debug", "validate", EXAMPLE]) == ["validate"]
    assert built_commands(["rubric", "lint", "x.yaml"]) == ["rubric"]


def test_help_version_completion_and_typos_build_every_command():
    every = built_commands([])
    assert {"report", "validate", "rubric", "batch", "diff"} <= set(every)
    for args in (["--help"], ["--version"], ["reprot", "x"], ["-h"], []):
        assert built_commands(args) == every, args


@pytest.mark.parametrize(
    "args",
    [[], ["--help"], ["-h"], ["--debug", "--help"], ["--help", "report"], ["rubric", "--help"]],
)
def test_help_lists_every_command_as_typer_would_without_building_options(args):
    from typer.main import get_command
    from typer.testing import CliRunner

    from omnicheck.cli.app import app, app_for

    listed = get_command(app_for(args))
    groups = [listed, *(c for c in listed.commands.values() if hasattr(c, "commands"))]  # type: ignore[attr-defined]
    commands = [c for g in groups for c in g.commands.values() if not hasattr(c, "commands")]  # type: ignore[attr-defined]
    if args[:1] != ["rubric"]:
        assert len(commands) >= 12
        assert not any(c.params for c in commands), [c.name for c in commands if c.params]
    runner = CliRunner()
    full, page = runner.invoke(app, args), runner.invoke(app_for(args), args)
    assert (page.exit_code, page.output) == (full.exit_code, full.output)
    assert "Usage:" in page.output


def test_the_installed_script_runs_the_command_it_names(tmp_path):
    out = tmp_path / "report.md"
    done = subprocess.run(
        [installed_omnicheck(), "--debug", "report", EXAMPLE, "-o", str(out)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert out.read_text().startswith("# Channel integration report")
    typo = subprocess.run(
        [installed_omnicheck(), "reprot", EXAMPLE],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert typo.returncode == 2
    assert "No such command 'reprot'. Did you mean 'report'?" in typo.stderr


# Runs a warm-cache report, then checks the compiled rubric's classes: not yet
# built by the report, and ordinary frozen dataclasses once something uses them.
RUBRIC_CLASSES = """
import dataclasses, sys
from omnicheck.rubric import compiled as rubric_types
from omnicheck.cli.app import run

def built(cls):
    return cls.__init__.__code__.co_filename == "<string>"  # dataclasses compiles from text

sys.argv = ["omnicheck", "report", sys.argv[1], "--format", "md", "-o", sys.argv[2]]
try:
    run()
except SystemExit as exc:
    assert not exc.code, exc.code
from omnicheck.loading import rubric_from
rubric = rubric_from(None)
classes = [c for c in vars(rubric_types).values()
           if isinstance(c, type) and c.__module__ == "omnicheck.rubric.compiled"]
assert len(classes) == 15, classes
assert not any(built(c) for c in classes), [c for c in classes if built(c)]

# Before a class is built: it is a dataclass, with its fields.
option = rubric.questions[0].options[0]
assert dataclasses.is_dataclass(option)
names = [f.name for f in dataclasses.fields(option)]
fields = ["id", "label", "description", "score", "when", "effort", "advice", "requires"]
assert names == fields, names
source = next(e.source for e in rubric.evidence if e.source)
assert dataclasses.asdict(source)["title"] == source.title
assert not built(rubric_types.Option) and not built(rubric_types.Source)
# Nor its docstring, which the decorator would work out from object's signature.
assert rubric_types.Option.__doc__ is None

# Its first use builds it, whichever method that is.
same = dataclasses.replace(option)
assert built(rubric_types.Option)
assert same == option and hash(same) == hash(option) and same is not option
assert repr(option).startswith(f"Option(id={option.id!r}, label=")
assert hash(rubric.roadmap[1]) == hash(rubric_from(None).roadmap[1])
assert built(rubric_types.Phase)
level = rubric.levels[0]
for attempt in (lambda: setattr(level, "id", "x"), lambda: delattr(level, "id")):
    try:
        attempt()
    except dataclasses.FrozenInstanceError:
        pass
    else:
        raise AssertionError("a frozen field changed")
assert dataclasses.replace(option, label="Other").label == "Other"
assert rubric == rubric_from(None)
assert rubric_types.CompiledRubric.__dataclass_params__.frozen
assert rubric_types.Option.__doc__.startswith("Option(id: 'str', label: 'str',")
print("ok")
"""


def _probe_after_a_warm_report(probe: str, tmp_path) -> subprocess.CompletedProcess[str]:
    """``probe`` run on a report of EXAMPLE, once a first report has filled the caches."""
    warm = [sys.executable, "-m", "omnicheck", "report", EXAMPLE, "-o", str(tmp_path / "warm.md")]
    subprocess.run(warm, check=True, timeout=60, capture_output=True)
    return subprocess.run(
        [sys.executable, "-c", probe, EXAMPLE, str(tmp_path / "r.md")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_the_rubric_s_classes_are_built_on_first_use_not_by_a_report(tmp_path):
    done = _probe_after_a_warm_report(RUBRIC_CLASSES, tmp_path)
    assert (done.returncode, done.stdout) == (0, "ok\n"), done.stderr


# Their helpers name types imported only for type checking, so they keep
# ``from __future__ import annotations`` and typer compiles their signatures.
STRING_SIGNATURES = {"assess", "batch", "history"}


def test_command_signatures_are_objects_not_text_to_compile():
    """typer compiles a string annotation twice per parameter; an object it just reads.

    Under ``from __future__ import annotations`` every annotation is text, and
    ``--help`` spent a tenth of its run compiling them.
    """
    import inspect

    from omnicheck.cli.app import app

    signatures = {
        info.callback.__name__: inspect.get_annotations(info.callback)  # type: ignore[union-attr]
        for info in app.registered_commands
    }
    for group in app.registered_groups:
        for info in group.typer_instance.registered_commands:  # type: ignore[union-attr]
            signatures[info.callback.__name__] = inspect.get_annotations(info.callback)  # type: ignore[union-attr]
    assert {"report", "validate", "diff", "plan"} <= set(signatures)
    text = {
        name
        for name, hints in signatures.items()
        if any(isinstance(h, str) for h in hints.values())
    }
    assert text <= STRING_SIGNATURES, text


# Runs a Markdown report, then lists the dataclasses loaded whose methods were
# compiled as the class was defined, not when first called.
EAGER_DATACLASSES = """
import dataclasses, sys
from omnicheck.cli.app import run

sys.argv = ["omnicheck", "report", sys.argv[1], "--format", "md", "-o", sys.argv[2]]
try:
    run()
except SystemExit as exc:
    assert not exc.code, exc.code
classes = [
    c for name, module in list(sys.modules.items()) if name.startswith("omnicheck")
    for c in vars(module).values()
    if isinstance(c, type) and c.__module__ == name and dataclasses.is_dataclass(c)
]
assert len(classes) > 30, classes
def deferred(c):  # repr is the method a report never calls
    code = getattr(c.__dict__["__repr__"], "__code__", None)
    return code is not None and code.co_filename.endswith(("lazy_dataclass.py", "frozen.py"))
print(sorted(c.__qualname__ for c in classes if not deferred(c)))
"""


def test_a_report_compiles_only_the_dataclass_methods_it_calls(tmp_path):
    """Each method the standard decorator adds is compiled at once, 0.6 M instructions each."""
    done = _probe_after_a_warm_report(EAGER_DATACLASSES, tmp_path)
    assert (done.returncode, done.stdout) == (0, "[]\n"), done.stderr


def test_what_a_run_loaded_before_its_command_is_out_of_the_collector_s_way():
    script = (
        "import gc, sys\n"
        "sys.argv = ['omnicheck', '--version']\n"
        "from omnicheck.cli.app import run\n"
        "assert gc.get_freeze_count() == 0\n"
        "try:\n    run()\nexcept SystemExit:\n    pass\n"
        "assert gc.get_freeze_count() > 10_000, gc.get_freeze_count()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
