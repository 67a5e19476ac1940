"""Start-up benchmark: omnicheck commands against the imports they cannot avoid.

Run by hand, never as a test (timings depend on the machine):

    .venv/bin/python benchmarks/startup.py            # 15 runs each
    .venv/bin/python benchmarks/startup.py --runs 30
    .venv/bin/python benchmarks/startup.py --against /tmp/old/bin   # and another install

It runs each command the given number of times, interleaved so that machine
noise hits all of them alike, and prints the median and the ratio to its
baseline. The report is timed both with a warm cache (the usual case) and with
the cache turned off (the first run after a rubric or omnicheck changes).
With ``--against``, the same commands of another virtual environment (another
commit installed with ``pip install .``) run in the same rounds, so that two
versions are compared under the same load.
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


def cases(bin_dir: Path, suffix: str) -> dict[str, tuple[list[str], dict[str, str]]]:
    py, omni = str(bin_dir / "python"), str(bin_dir / "omnicheck")
    warm = dict(os.environ)
    cold = {**warm, "OMNICHECK_NO_CACHE": "1"}
    report = [omni, "report", str(EXAMPLE), "--format", "md"]
    html = [omni, "report", str(EXAMPLE), "--format", "html"]
    timed(report, warm)  # fill the cache once
    timed(html, warm)
    named = {
        "import typer": ([py, "-c", "import typer"], warm),
        "omnicheck --help": ([omni, "--help"], warm),
        "import typer, yaml, jinja2": ([py, "-c", "import typer, yaml, jinja2"], warm),
        "report --format md": (report, warm),
        "report --format md (cold cache)": (report, cold),
        "report --format html": (html, warm),
        "report --format html (cold cache)": (html, cold),
    }
    return {name + suffix: case for name, case in named.items()}


BASELINES = {
    "omnicheck --help": "import typer",
    "report --format md": "import typer, yaml, jinja2",
    "report --format md (cold cache)": "import typer, yaml, jinja2",
    "report --format html": "import typer, yaml, jinja2",
    "report --format html (cold cache)": "import typer, yaml, jinja2",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument(
        "--against", type=Path, help="the bin folder of another venv, timed in the same rounds"
    )
    args = parser.parse_args()
    load_before = os.getloadavg()[0]
    installs = {"": BIN, **({" [against]": args.against} if args.against else {})}
    commands: dict[str, tuple[list[str], dict[str, str]]] = {}
    for suffix, bin_dir in installs.items():
        commands.update(cases(bin_dir, suffix))
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(args.runs):
        for name, (cmd, env) in commands.items():
            times[name].append(timed(cmd, env))
    median = {name: statistics.median(values) * 1000 for name, values in times.items()}
    print(f"{args.runs} runs each, median wall time, Python {sys.version.split()[0]}")
    print(f"load average (1 min) before: {load_before:.2f}, after: {os.getloadavg()[0]:.2f}")
    for suffix, bin_dir in installs.items():
        if suffix:
            print(f"against {bin_dir}:")
        for name in (n.removesuffix(suffix) for n in commands if n.endswith(suffix)):
            if not suffix and name.endswith(" [against]"):
                continue
            base = BASELINES.get(name)
            value = median[name + suffix]
            ratio = f"  {value / median[base + suffix]:.2f}x {base}" if base else ""
            print(f"{value:7.0f} ms  {name}{ratio}")


if __name__ == "__main__":
    main()
