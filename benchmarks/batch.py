"""Batch benchmark: seconds, assessments per second and peak memory, beside the parse floor.

Run by hand, never as a test (timings depend on the machine):

    .venv/bin/python benchmarks/batch.py                 # N = 1,000 and 10,000; 100,000 as CSV
    .venv/bin/python benchmarks/batch.py --sizes 1000     # a quick look
    .venv/bin/python benchmarks/batch.py --sizes --csv-only 10000 --jobs 1 2   # workers
    .venv/bin/python benchmarks/batch.py --against OTHER/bin/omnicheck --runs 15

For each N it writes N synthetic businesses (``benchmarks/synthetic.py``:
the bundled examples, varied with a fixed seed) as answers files and as one
survey CSV, then runs ``omnicheck batch`` on them in a fresh process, as a
user would, rows to /dev/null, with ``--jobs 1`` (one process) unless
``--jobs`` names other counts. Beside each run it prints the floor: the
time to only parse the same inputs, in a fresh process too (YAML with
yaml.CSafeLoader, CSV with the csv module). Peak memory is the process's
maximum resident set size. The 100,000 run is CSV only: a folder of
100,000 files mostly measures the file system.

With ``--against``, it compares instead: this install's ``omnicheck batch`` and
another's (an older commit installed in its own venv) on the same 1,000-row
survey CSV, run in turn (A B A B ...) ``--runs`` times each, and prints each
side's median CPU time and the median of the pair-by-pair ratios, so that a
machine whose speed drifts during the comparison affects both sides alike. An
install older than ``--jobs`` is run without it.
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

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from synthetic import write_csv, write_yaml_files  # noqa: E402

from omnicheck.loading import rubric_from  # noqa: E402
from omnicheck.rubric.compiled import CompiledRubric  # noqa: E402

BIN = Path(sys.executable).parent
YAML_FLOOR = """
import sys, yaml
from pathlib import Path
loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
for path in sorted(Path(sys.argv[1]).glob("*.yaml")):
    yaml.load(path.read_bytes(), Loader=loader)
"""
CSV_FLOOR = """
import csv, sys
with open(sys.argv[1], encoding="utf-8", newline="") as handle:
    for row in csv.reader(handle):
        pass
"""


def measure(cmd: list[str]) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds, peak resident memory in MB) of one command, in a fresh process.

    CPU time (user + system) is what one core spent; on a busy machine it is
    the steadier figure, as wall time includes waiting for a core.
    """
    # stderr goes to a file: a pipe read only at the end would block a run
    # that writes more than the pipe holds.
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        process = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        code = os.waitstatus_to_exitcode(status)
        errors.seek(0)
        stderr = errors.read().decode(errors="replace")
    # Exit 3 means some businesses failed: a rate over all N would flatter the run.
    if code != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({code}):\n{stderr[-4000:]}")
    cpu = usage.ru_utime + usage.ru_stime  # with --jobs, the workers' too
    return elapsed, cpu, usage.ru_maxrss / 1024  # kB on Linux


def row(label: str, n: int, run: tuple[float, ...], floor: tuple[float, ...]) -> str:
    wall, cpu, memory = run
    return (
        f"{label:<7} {n:>8,}  {wall:7.2f} s {cpu:7.2f} s  {n / wall:7,.0f}/s {n / cpu:7,.0f}/s"
        f"  {memory:5.0f} MB   floor {floor[0]:6.2f} s {floor[1]:6.2f} s"
        f"  ratio {wall / floor[0]:4.2f}x {cpu / floor[1]:4.2f}x"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[1_000, 10_000])
    parser.add_argument("--csv-only", type=int, nargs="*", default=[100_000])
    parser.add_argument("--keep", type=Path, help="Write the inputs here and keep them.")
    parser.add_argument("--jobs", type=int, nargs="+", default=[1], help="Worker counts to run.")
    parser.add_argument("--against", type=Path, help="Another install's omnicheck to compare.")
    parser.add_argument("--runs", type=int, default=15, help="Runs of each, with --against.")
    args = parser.parse_args()
    rubric = rubric_from(None)
    if args.against is not None:
        compare(rubric, args.against, args.runs)
        return
    py, omni = str(BIN / "python"), str(BIN / "omnicheck")
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} cores; each run is one process")
    print("Each figure pair is wall, then CPU; rates are assessments per second.")
    print(f"{'input':<7} {'N':>8}  {'wall':>9} {'cpu':>9}  {'rate':>8} {'rate':>8}  {'peak':>8}")
    with tempfile.TemporaryDirectory(prefix="omnicheck-bench-") as scratch:
        root = args.keep or Path(scratch)
        for n in [*args.sizes, *args.csv_only]:
            survey = write_csv(rubric, n, root / f"survey-{n}.csv")
            if n in args.sizes:
                folder = root / f"yaml-{n}"
                write_yaml_files(rubric, n, folder)
                floor = measure([py, "-c", YAML_FLOOR, str(folder)])
                for jobs in args.jobs:
                    run = measure([omni, "batch", str(folder), "--jobs", str(jobs)])
                    print(row(f"yaml/{jobs}", n, run, floor), flush=True)
            floor = measure([py, "-c", CSV_FLOOR, str(survey)])
            for jobs in args.jobs:
                run = measure([omni, "batch", str(survey), "--jobs", str(jobs)])
                print(row(f"csv/{jobs}", n, run, floor), flush=True)


def compare(rubric: CompiledRubric, other: Path, runs: int) -> None:
    """This install against another, in turn, on one 1,000-row survey CSV."""
    ours = str(BIN / "omnicheck")
    with tempfile.TemporaryDirectory(prefix="omnicheck-bench-") as scratch:
        survey = str(write_csv(rubric, 1_000, Path(scratch) / "survey.csv"))
        new, old = [ours, "batch", survey, "--jobs", "1"], [str(other), "batch", survey]
        if _has_jobs(other):  # else its default, one worker per core, would count them all
            old += ["--jobs", "1"]
        measure(new), measure(old)  # warm-up: the rubric cache of each
        pairs = [(measure(new)[1], measure(old)[1]) for _ in range(runs)]
    a, b = sorted(p[0] for p in pairs), sorted(p[1] for p in pairs)
    ratios = sorted(x / y for x, y in pairs)
    print(f"1,000-row CSV, {runs} runs each, in turn; CPU seconds (user + system), median")
    print(f"this install {statistics.median(a):.3f} s, {other}: {statistics.median(b):.3f} s")
    spread = f"pair by pair {ratios[0]:.2f}x to {ratios[-1]:.2f}x"
    print(f"ratio {statistics.median(ratios):.2f}x ({spread})")


def _has_jobs(omnicheck: Path) -> bool:
    """Whether that install's ``batch`` takes ``--jobs`` (older ones ran in one process)."""
    shown = subprocess.run(
        [str(omnicheck), "batch", "--help"], capture_output=True, text=True, check=False
    )
    return "--jobs" in shown.stdout


if __name__ == "__main__":
    main()
