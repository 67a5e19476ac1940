"""Plan benchmark: milliseconds per business for the whole plan, with 12 channels.

Run by hand, never as a test (timings depend on the machine):

    .venv/bin/python benchmarks/plan.py              # 2,000 businesses
    .venv/bin/python benchmarks/plan.py --n 500
    .venv/bin/python benchmarks/plan.py --batch 1000  # what a batch asks of the plan

The businesses are the batch benchmark's (``benchmarks/synthetic.py``: the
bundled examples, varied with a fixed seed), each with all 12 named channels
ticked, so that every record link and hand-off is a candidate. For each it
times ``build_plan`` (the greedy search, the smallest-set search and the
improve part) towards the recommended target, and, to try the search where it
works hardest, towards the top level too. It prints the mean, the 99th
percentile and the worst, in wall time and in CPU time (steadier on a shared
machine), with how each search ended and the most states one search worked out
for one business.

With ``--batch N``, it times instead what ``omnicheck batch`` asks of the plan:
the batch benchmark's N businesses (``benchmarks/batch.py``'s, 2 to 6
channels), each assessed once, then the first three steps of each plan
(``build_plan(limit=3)``, as ``Assessment.first_steps(3)`` calls it), in CPU
time, the fastest and the median of 7 runs, for all of them and apart for
those with a reach-target part and those already at their target.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import random  # noqa: E402

import yaml  # noqa: E402
from synthetic import EXAMPLES, SEED, _vary, write_yaml_files  # noqa: E402

from omnicheck.answers.validate import validate_answers  # noqa: E402
from omnicheck.loading import read_yaml, rubric_from  # noqa: E402
from omnicheck.rubric.compiled import CompiledRubric  # noqa: E402
from omnicheck.scoring import plan_exact  # noqa: E402
from omnicheck.scoring.assessment import assess  # noqa: E402
from omnicheck.scoring.plan import build_plan  # noqa: E402
from omnicheck.source.safe_yaml import parse_yaml  # noqa: E402


def named_channels(rubric: CompiledRubric) -> list[str]:
    """Every channel the rubric names ("other" has no name of its own): 12 in the bundled one."""
    assert rubric.links is not None
    return [o.id for o in rubric.by_id[rubric.links.question].options if o.id != "other"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2_000)
    parser.add_argument("--batch", type=int, metavar="N", help="Time a batch's first steps.")
    args = parser.parse_args()
    rubric = rubric_from(None)
    if args.batch:
        first_steps(rubric, args.batch)
        return
    top = rubric.levels[-1].id
    nodes: list[int] = []
    run = plan_exact._Search.run

    def counted(self: plan_exact._Search) -> plan_exact.Found | None:
        try:
            return run(self)
        finally:
            nodes.append(self.nodes)

    plan_exact._Search.run = counted  # type: ignore[method-assign]
    times: dict[str, list[float]] = {"recommended": [], top: []}
    cpus: dict[str, list[float]] = {"recommended": [], top: []}
    ended: dict[str, Counter[str]] = {"recommended": Counter(), top: Counter()}
    rng = random.Random(SEED)
    channels = named_channels(rubric)
    bases = [dict(read_yaml(p).data["answers"], channels=channels) for p in EXAMPLES]
    done = 0
    while done < args.n:
        raw = _vary(rubric, bases[done % len(bases)], rng)
        if sorted(raw["channels"]) != sorted(channels):
            continue  # the variation dropped or added a channel: 12 exactly
        doc = {
            "rubric": {"id": rubric.id, "version": rubric.version},
            "business": {"name": f"Business {done}"},
            "answers": raw,
        }
        text = yaml.dump(doc, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper))
        result = assess(rubric, validate_answers(parse_yaml(text, "b.yaml"), rubric))
        done += 1
        scored = (result.link_figures, result.sheet, result.scores, result.coverage)
        measured = (result.index, result.metrics, result.rank)
        for label, target in (("recommended", result.strategy), (top, top)):
            start, cpu = time.perf_counter(), time.process_time()
            plan = build_plan(
                rubric,
                result.answers.answers,
                target,
                result.choice.proposed,
                scored=scored,
                measured=measured,
            )
            times[label].append(time.perf_counter() - start)
            cpus[label].append(time.process_time() - cpu)
            ended[label][plan.search] += 1
    for label, values in times.items():
        for kind, figures in (("wall", values), ("cpu", cpus[label])):
            ms = sorted(v * 1000 for v in figures)
            p99 = ms[int(len(ms) * 0.99)]
            print(
                f"target {label:<12} {kind:<4} mean {statistics.mean(ms):6.2f} ms"
                f"  p99 {p99:6.2f} ms  worst {ms[-1]:6.2f} ms  searches: {dict(ended[label])}"
            )
    most = max(nodes, default=0)
    print(f"most states worked out in one search: {most} (cap {plan_exact.NODE_CAP})")


def first_steps(rubric: CompiledRubric, n: int, runs: int = 7) -> None:
    with tempfile.TemporaryDirectory() as folder:
        paths = sorted(write_yaml_files(rubric, n, Path(folder)))
        results = [assess(rubric, validate_answers(read_yaml(p), rubric)) for p in paths]
    reach = [r for r in results if r.rank < rubric.level_rank[r.strategy]]
    at_target = [r for r in results if r.rank >= rubric.level_rank[r.strategy]]
    for label, group in (("all", results), ("reach-target", reach), ("at target", at_target)):
        cpu = []
        for _ in range(runs + 1):  # the first warms up
            start = time.process_time()
            for r in group:
                build_plan(
                    rubric,
                    r.answers.answers,
                    r.strategy,
                    r.choice.proposed,
                    limit=3,
                    scored=(r.link_figures, r.sheet, r.scores, r.coverage),
                    measured=(r.index, r.metrics, r.rank),
                )
            cpu.append(time.process_time() - start)
        ms = sorted(v * 1000 for v in cpu[1:])
        print(
            f"first 3 steps, {label:<12} {len(group):6,} businesses:"
            f"  CPU fastest {ms[0]:6.0f} ms  median {statistics.median(ms):6.0f} ms"
        )


if __name__ == "__main__":
    main()
