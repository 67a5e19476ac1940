"""Consultants' commands against a plain report of the same business, side by side.

Run by hand, never as a test (timings depend on the machine):

    .venv/bin/python benchmarks/consult.py            # 15 runs each
    .venv/bin/python benchmarks/consult.py --runs 30

Issue 15 asks that ``merge`` of 10 respondents, ``plan`` and ``report --benchmark``
of a 1,000-business portfolio take at most 1.5x a plain ``report`` of the same
business, and ``history`` of 20 visits at most 3x.
The inputs are written to a temporary folder from the outdoor retailer: ten
respondents whose scale answers differ by a step here and there (a seeded
random choice, so every run merges the same files), twenty dated visits
that raise one answer a step each time, and the ``batch --summary`` portfolio
of 1,000 generated businesses (``benchmarks/synthetic.py``). Each command runs the given number of
times, interleaved so that machine noise hits all alike; the median wall time
and its ratio to the report are printed.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
EXAMPLE = ROOT / "examples" / "outdoor-retailer.yaml"
ANSWER = re.compile(r"^  ((?:content|journey|data|service|engagement)\.\w+): (\w+)$", re.M)


def scales() -> dict[str, list[str]]:
    """Each scale question's option ids, lowest first, from the bundled rubric."""
    from omnicheck.loading import rubric_from

    rubric = rubric_from(None)
    return {
        q.id: [o.id for o in sorted(q.options, key=lambda o: o.score or 0)]
        for q in rubric.questions
        if q.options and all(o.score is not None for o in q.options)
    }


def respondents(folder: Path, count: int) -> list[Path]:
    """``count`` respondents of the example, each a step off here and there."""
    rng = random.Random(15)
    text = EXAMPLE.read_text(encoding="utf-8")
    scale = scales()
    paths = []
    for i in range(count):

        def shift(m: re.Match[str]) -> str:
            ids = scale.get(m.group(1), [])
            if m.group(2) not in ids or rng.random() < 0.6:
                return m.group(0)
            step = max(0, min(len(ids) - 1, ids.index(m.group(2)) + rng.choice((-1, 1))))
            return f"  {m.group(1)}: {ids[step]}"

        body = ANSWER.sub(shift, text).replace("business:", f"respondent: Person {i}\nbusiness:", 1)
        path = folder / f"respondent-{i:02}.yaml"
        path.write_text(body, encoding="utf-8")
        paths.append(path)
    return paths


def visits(folder: Path, count: int) -> list[Path]:
    """``count`` yearly visits, each one answer a step higher than the last."""
    text = EXAMPLE.read_text(encoding="utf-8")
    scale = scales()
    paths = []
    for i in range(count):
        found = [m for m in ANSWER.finditer(text) if m.group(2) in scale[m.group(1)][:-1]]
        if found and i:
            m = found[i % len(found)]
            ids = scale[m.group(1)]
            raised = f"  {m.group(1)}: {ids[ids.index(m.group(2)) + 1]}"
            text = text[: m.start()] + raised + text[m.end() :]
        dated = re.sub(r"^assessed: .*$", f"assessed: {2000 + i}-06-01", text, flags=re.M)
        path = folder / f"visit-{i:02}.yaml"
        path.write_text(dated, encoding="utf-8")
        paths.append(path)
    return paths


def peers(folder: Path, count: int) -> Path:
    """The portfolio JSON of ``count`` generated businesses, as ``batch --summary`` writes it."""
    from omnicheck.loading import rubric_from

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from synthetic import write_yaml_files

    write_yaml_files(rubric_from(None), count, folder / "peers")
    out = folder / "portfolio.json"
    batch = [str(BIN / "omnicheck"), "batch", str(folder / "peers"), "--summary", str(out)]
    subprocess.run([*batch, "-o", os.devnull], stderr=subprocess.DEVNULL, check=True)
    return out


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    omni = str(BIN / "omnicheck")
    with tempfile.TemporaryDirectory(prefix="omnicheck-consult-") as tmp:
        folder = Path(tmp)
        team = [str(p) for p in respondents(folder, 10)]
        years = [str(p) for p in visits(folder, 20)]
        portfolio = peers(folder, 1000)
        cases = {
            "report --format md": [omni, "report", str(EXAMPLE), "--format", "md"],
            "plan (CSV)": [omni, "plan", str(EXAMPLE)],
            "plan --format md": [omni, "plan", str(EXAMPLE), "--format", "md"],
            "report --benchmark, 1,000 peers (md)": [
                *(omni, "report", str(EXAMPLE), "--benchmark", str(portfolio), "--format", "md")
            ],
            "merge of 10 respondents": [omni, "merge", *team, "-o", str(folder / "m.yaml")],
            "history of 20 visits (md)": [omni, "history", *years, "--format", "md"],
            "history of 20 visits (html)": [omni, "history", *years, "--format", "html"],
        }
        for cmd in cases.values():  # once each, to fill the cache
            timed(cmd)
        times: dict[str, list[float]] = {name: [] for name in cases}
        for _ in range(args.runs):
            for name, cmd in cases.items():
                times[name].append(timed(cmd))
    median = {name: statistics.median(values) * 1000 for name, values in times.items()}
    base = median["report --format md"]
    print(f"{args.runs} runs each, median wall time, Python {sys.version.split()[0]}")
    for name, value in median.items():
        print(f"{value:7.0f} ms  {value / base:4.2f}x report  {name}")


if __name__ == "__main__":
    main()
