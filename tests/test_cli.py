"""The command line, through CliRunner and through the installed console script."""

from __future__ import annotations

import json
import subprocess

import pytest
import typer
import typer.testing
import yaml
from typer.testing import CliRunner

from omnicheck import __version__
from omnicheck.cli.app import app
from tests.conftest import EXAMPLES, ROOT, installed_omnicheck

runner = CliRunner()
EXAMPLE = ROOT / "examples" / "outdoor-retailer.yaml"


def command_names() -> list[str]:
    return sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


def registered_names() -> set[str]:
    """The commands that the modules of omnicheck/cli/ register, each on an app of its own."""
    import importlib
    import pkgutil

    import omnicheck.cli

    names: set[str] = set()
    for info in pkgutil.iter_modules(omnicheck.cli.__path__):
        register = getattr(importlib.import_module(f"omnicheck.cli.{info.name}"), "register", None)
        if register is not None:
            probe = typer.Typer()
            probe.callback()(lambda: None)  # a group, even for a module of one command
            register(probe)
            names |= set(typer.main.get_command(probe).commands)  # type: ignore[attr-defined]
    return names


def test_there_are_commands():
    """Every command a module registers is on the app, and CliRunner runs that same app."""
    assert {"report", "validate", "template"} <= registered_names() == set(command_names())
    # tests/conftest.py builds the click command once for every CliRunner.invoke
    built = typer.testing._get_command(app)
    assert sorted(built.commands) == command_names()  # type: ignore[attr-defined]
    assert typer.testing._get_command(app) is built


@pytest.mark.parametrize("name", command_names())
def test_every_command_has_help_with_an_example(name):
    result = runner.invoke(app, [name, "--help"])
    assert result.exit_code == 0
    assert "Usage: omnicheck " + name in result.stdout
    assert "Example" in result.stdout
    assert "omnicheck " + name in result.stdout.split("Example", 1)[1]


def test_top_level_help_and_version():
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0 and "Example" in result.stdout
    for name in command_names():
        assert name in result.stdout
    version = runner.invoke(app, ["--version"])
    assert (version.exit_code, version.stdout) == (0, f"omnicheck {__version__}\n")


def test_no_arguments_shows_help():
    result = runner.invoke(app, [])
    assert "Usage: omnicheck" in result.stdout + result.stderr


def test_report_text_summary_by_default():
    result = runner.invoke(app, ["report", str(EXAMPLE)])
    assert result.exit_code == 0
    out = result.stdout
    assert "Northfield Outdoor" in out
    assert "Multichannel" in out and "16 / 100" in out
    assert "Blocks Cross-channel" in out
    assert "The plan" in out


def test_report_json_to_stdout():
    result = runner.invoke(app, ["report", str(EXAMPLE), "--format", "json"])
    data = json.loads(result.stdout)
    assert data["level"] == "multichannel"
    assert data["rubric"] == {
        "id": "omnichannel",
        "version": "1.0",
        "title": "Channel integration check",
    }


@pytest.mark.parametrize(
    ("name", "marker"),
    [
        ("report.md", "# Channel integration report"),
        ("report.json", '"schema"'),
        ("report.txt", "The plan"),
    ],
)
def test_output_format_follows_the_extension(tmp_path, name, marker):
    out = tmp_path / "nested" / "dir" / name
    result = runner.invoke(app, ["report", str(EXAMPLE), "--output", str(out)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr.startswith(f"Wrote {out} (")
    assert marker in out.read_text(encoding="utf-8")
    assert [p.name for p in out.parent.iterdir()] == [name]  # no temp file left behind


def test_unknown_output_extension_needs_a_format(tmp_path):
    out = tmp_path / "report.pdf"
    result = runner.invoke(app, ["report", str(EXAMPLE), "-o", str(out)])
    assert result.exit_code == 2
    assert "cannot tell the format of --output 'report.pdf'" in result.stderr
    assert ".md" in result.stderr and ".csv" not in result.stderr  # only what report writes
    assert not out.exists()


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("Rosie's Bikes", '"Rosie\'s Bikes"'),
        ('The "Best" Bikes', '"The \\"Best\\" Bikes"'),
        ("Bikes\x1b]0;owned\x07", '"Bikes\\u001b]0;owned\\u0007"'),
        ("Bikes \u202eokay", '"Bikes \\u202eokay"'),
    ],
)
def test_validate_quotes_every_business_name_alike_and_safely(tmp_path, name, shown):
    import yaml

    doc = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    doc["business"]["name"] = name
    path = tmp_path / "answers.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.rstrip("\n").endswith(f", business {shown})")


def test_validate_good_and_bad(tmp_path):
    good = runner.invoke(app, ["validate", str(EXAMPLE)])
    assert good.exit_code == 0
    assert "valid (" in good.stdout and 'business "Northfield Outdoor")' in good.stdout
    skeleton = tmp_path / "answers.yaml"
    runner.invoke(app, ["template", "-o", str(skeleton)])
    bad = runner.invoke(app, ["validate", str(skeleton)])
    assert bad.exit_code == 2
    lines = bad.stderr.splitlines()
    assert lines[0].endswith("business.name must be the business's name, as text")
    assert any("goal: missing answer" in line for line in lines)


def test_template_lists_every_question_with_its_help(rubric):
    result = runner.invoke(app, ["template"])
    assert result.exit_code == 0
    text = result.stdout
    data = yaml.safe_load(text)
    assert data["rubric"] == {"id": "omnichannel", "version": "1.0"}
    assert list(data["answers"]) == [q.id for q in rubric.questions]
    assert all(value is None for value in data["answers"].values())
    goal = rubric.by_id["goal"]
    assert f"# {goal.text}" in text
    assert "#   loyalty   Deepen relationships and loyalty:" in text
    assert "# Why it matters: Reaching new people" in text
    assert "# Applies only when: Active channels includes Physical store" in text


def test_a_filled_template_is_a_valid_answers_file(tmp_path):
    skeleton = runner.invoke(app, ["template"]).stdout
    filled = yaml.safe_load(EXAMPLE.read_text())
    lines = []
    for line in skeleton.splitlines():
        key = line.strip().rstrip(":")
        if line.startswith("  ") and line.endswith(":") and key in filled["answers"]:
            lines.append(f"  {key}: {json.dumps(filled['answers'][key])}")
        elif line == "  name:  # your business's name, as it should appear in the report":
            lines.append("  name: Filled In Ltd")
        else:
            lines.append(line)
    path = tmp_path / "filled.yaml"
    path.write_text("\n".join(lines) + "\n")
    result = runner.invoke(app, ["report", str(path), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["index"] == pytest.approx(16.0, abs=0.05)


def test_the_template_of_a_rubric_with_awkward_text_still_reads_back(tmp_path):
    rubric = tmp_path / "awkward.yaml"
    text = (ROOT / "tests" / "rubrics" / "minimal.yaml").read_text()
    text = text.replace('version: "1"', 'version: "2024\\\\1 \\"beta\\""')
    text = text.replace("title: Minimal rubric", "title: |\n  Two\n  lines")
    text = text.replace("title: About you", "title: 'About: you # and me'")
    rubric.write_text(text)
    skeleton = runner.invoke(app, ["template", "--rubric", str(rubric)])
    assert skeleton.exit_code == 0, skeleton.stderr
    read = yaml.safe_load(skeleton.stdout)
    assert read["rubric"] == {"id": "minimal", "version": '2024\\1 "beta"'}
    assert set(read) == {"rubric", "assessed", "business", "answers"}


def test_template_never_overwrites_without_force(tmp_path):
    path = tmp_path / "answers.yaml"
    path.write_text("precious: work\n")
    refused = runner.invoke(app, ["template", "-o", str(path)])
    assert refused.exit_code == 2
    assert "already exists; pass --force" in refused.stderr
    assert path.read_text() == "precious: work\n"
    forced = runner.invoke(app, ["template", "-o", str(path), "--force"])
    assert forced.exit_code == 0 and "rubric:" in path.read_text()


def test_console_script_from_another_directory(tmp_path, clean_env):
    """The installed script finds its bundled rubric and templates from any directory."""
    exe = installed_omnicheck()
    # One example is enough: where the script looks does not depend on the answers
    # (every example's report is checked against its golden in this process).
    done = subprocess.run(
        [exe, "report", str(EXAMPLES[0]), "--format", "md"],
        cwd=tmp_path,
        env=clean_env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("# Channel integration report: ")
    helped = subprocess.run(
        [exe, "--help"], cwd=tmp_path, env=clean_env, capture_output=True, text=True, check=False
    )
    assert helped.returncode == 0 and "omnicheck report" in helped.stdout


def test_console_script_bad_input_exit_code(tmp_path, clean_env):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "rubric: {id: omnichannel, version: '1.0'}\nbusiness: {name: X}\nanswers: {x: 1}\n"
    )
    done = subprocess.run(
        [installed_omnicheck(), "report", str(bad)],
        cwd=tmp_path,
        env=clean_env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.splitlines()[0] == f"{bad}:3:11: unknown question 'x'"
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(
    "command",
    [
        ["report", "{a}", "--format", "md", "-o", "{a}"],
        ["diff", "{a}", "{b}", "--format", "md", "-o", "{b}"],
        ["batch", "{a}", "{b}", "--format", "json", "-o", "{a}"],
        # An answers file can be written in JSON, which is YAML too.
        ["batch", "{b}", "{j}", "--summary", "{j}"],
        ["batch", "{dir}", "--format", "json", "-o", "{b}"],
    ],
    ids=["report", "diff", "batch", "batch summary", "batch folder"],
)
def test_an_output_that_is_an_input_is_refused(tmp_path, command):
    folder = tmp_path / "clients"
    folder.mkdir()
    a, b, j = folder / "a.yaml", folder / "b.yaml", tmp_path / "a.json"
    for path in (a, b):
        path.write_text(EXAMPLE.read_text())
    j.write_text(json.dumps(yaml.safe_load(EXAMPLE.read_text()), default=str))  # the date
    before = {path: path.read_text() for path in (a, b, j)}
    args = [part.format(a=a, b=b, j=j, dir=folder) for part in command]
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert "is also an input" in result.stderr and "choose another path" in result.stderr
    assert {path: path.read_text() for path in (a, b, j)} == before


def test_option_ids_in_the_template_are_typed_so_they_read_back(tmp_path):
    """Fill every question with its first option id, exactly as the template shows it."""
    rubric = tmp_path / "ids.yaml"
    text = (ROOT / "tests" / "rubrics" / "minimal.yaml").read_text()
    odd = ["on", "null", "1.0", "0x1f", "yes"]
    rubric.write_text(
        text.replace(
            "          - {id: reach, label: Reach more people}\n",
            "".join(f"          - {{id: '{i}', label: Odd {i}}}\n" for i in odd),
        )
    )
    skeleton = runner.invoke(app, ["template", "--rubric", str(rubric), "--no-schema"]).stdout
    shown = [line.split()[1] for line in skeleton.splitlines() if " Odd " in line]
    assert shown == ['"on"', '"null"', '"1.0"', '"0x1f"', "yes"]
    for typed, option in zip(shown, odd, strict=True):
        answers = tmp_path / "a.yaml"
        answers.write_text(
            f'rubric: {{id: minimal, version: "1"}}\nbusiness: {{name: X}}\n'
            f"answers:\n  goal: {typed}\n  channels: [web]\n"
        )
        result = runner.invoke(app, ["validate", str(answers), "--rubric", str(rubric)])
        assert result.exit_code == 0, (option, result.stderr)
