"""How long ``omnicheck assess`` takes to show its first question, and to move on.

Run by hand, never as a test (timings depend on the machine):

    .venv/bin/python benchmarks/assess_first_screen.py            # 15 runs
    .venv/bin/python benchmarks/assess_first_screen.py --runs 30

Each run starts the installed command in an 80x24 pseudo-terminal (pexpect,
from the test extras), times the first question's appearance, types a name and
times the next question (one answer saved to disk, one screen drawn), then
stops it with Ctrl-C. The baseline is importing what the command cannot avoid:
typer, questionary (prompt_toolkit) and rich.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pexpect

BIN = Path(sys.executable).parent


def one_run(workdir: Path, env: dict[str, str]) -> tuple[float, float]:
    answers = workdir / "answers.yaml"
    answers.unlink(missing_ok=True)
    start = time.perf_counter()
    child = pexpect.spawn(
        str(BIN / "omnicheck"),
        ["assess", "--answers", str(answers)],
        env=env,
        dimensions=(24, 80),
        encoding="utf-8",
        timeout=30,
    )
    child.delaybeforesend = None
    child.expect_exact("What is your business called?")
    first = time.perf_counter()
    child.send("Bench Co\r")
    child.expect_exact("What does it sell")
    second = time.perf_counter()
    child.send("\x03")
    child.expect(pexpect.EOF)
    child.close()
    return first - start, second - first


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    env = {**os.environ, "NO_COLOR": "1", "PROMPT_TOOLKIT_NO_CPR": "1"}
    baseline_cmd = [str(BIN / "python"), "-c", "import typer, questionary, rich.console"]
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        one_run(workdir, env)  # fill the rubric cache once
        firsts, nexts, baseline = [], [], []
        for _ in range(args.runs):
            start = time.perf_counter()
            subprocess.run(baseline_cmd, env=env, check=True)
            baseline.append(time.perf_counter() - start)
            first, after = one_run(workdir, env)
            firsts.append(first)
            nexts.append(after)
    ms = {
        "import typer, questionary, rich": statistics.median(baseline) * 1000,
        "assess: first question on screen": statistics.median(firsts) * 1000,
        "assess: answer saved, next question": statistics.median(nexts) * 1000,
    }
    print(f"{args.runs} runs each, median wall time, Python {sys.version.split()[0]}")
    base = ms["import typer, questionary, rich"]
    for name, value in ms.items():
        ratio = f"  {value / base:.2f}x the imports" if name.endswith("screen") else ""
        print(f"{value:7.0f} ms  {name}{ratio}")


if __name__ == "__main__":
    main()
