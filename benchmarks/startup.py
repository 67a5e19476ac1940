"""Start-up benchmark: omnicheck commands against the imports they cannot avoid.

Run by hand, never as a test (timings depend on the machine):

    .venv/bin/python benchmarks/startup.py            # 15 runs each
    .venv/bin/python benchmarks/startup.py --runs 30

It runs each command the given number of times, interleaved so that machine
noise hits all of them alike, and prints the median and the ratio to its
baseline. The report is timed both with a warm cache (the usual case) and with
the cache turned off (the first run after a rubric or omnicheck changes).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
EXAMPLE = ROOT / "examples" / "skincare-brand.yaml"


def timed(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    py, omni = str(BIN / "python"), str(BIN / "omnicheck")
    warm = dict(os.environ)
    cold = {**warm, "OMNICHECK_NO_CACHE": "1"}
    report = [omni, "report", str(EXAMPLE), "--format", "md"]
    html = [omni, "report", str(EXAMPLE), "--format", "html"]
    cases = {
        "import typer": ([py, "-c", "import typer"], warm),
        "omnicheck --help": ([omni, "--help"], warm),
        "import typer, yaml, jinja2": ([py, "-c", "import typer, yaml, jinja2"], warm),
        "report --format md": (report, warm),
        "report --format md (cold cache)": (report, cold),
        "report --format html": (html, warm),
        "report --format html (cold cache)": (html, cold),
    }
    timed(report, warm)  # fill the cache once
    timed(html, warm)
    times: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(args.runs):
        for name, (cmd, env) in cases.items():
            times[name].append(timed(cmd, env))
    median = {name: statistics.median(values) * 1000 for name, values in times.items()}
    baselines = {
        "omnicheck --help": "import typer",
        "report --format md": "import typer, yaml, jinja2",
        "report --format md (cold cache)": "import typer, yaml, jinja2",
        "report --format html": "import typer, yaml, jinja2",
        "report --format html (cold cache)": "import typer, yaml, jinja2",
    }
    print(f"{args.runs} runs each, median wall time, Python {sys.version.split()[0]}")
    for name, value in median.items():
        base = baselines.get(name)
        ratio = f"  {value / median[base]:.2f}x {base}" if base else ""
        print(f"{value:7.0f} ms  {name}{ratio}")


if __name__ == "__main__":
    main()
