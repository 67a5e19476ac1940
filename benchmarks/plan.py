"""Plan benchmark: milliseconds per business for the whole plan, with 12 channels.

Run by hand, never as a test (timings depend on the machine):

    .venv/bin/python benchmarks/plan.py              # 2,000 businesses
    .venv/bin/python benchmarks/plan.py --n 500

The businesses are the batch benchmark's (``benchmarks/synthetic.py``: the
bundled examples, varied with a fixed seed), each with all 12 named channels
ticked, so that every record link and hand-off is a candidate. For each it
times ``build_plan`` (the greedy search, the smallest-set search and the
improve part) towards the recommended target, and, to try the search where it
works hardest, towards the top level too. It prints the mean, the 99th
percentile and the worst, with how each search ended and the most re-scored
states one business needed.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import random  # noqa: E402

import yaml  # noqa: E402
from synthetic import EXAMPLES, SEED, _vary  # noqa: E402

from omnicheck.answers.validate import validate_answers  # noqa: E402
from omnicheck.loading import read_yaml, rubric_from  # noqa: E402
from omnicheck.scoring import plan_exact  # noqa: E402
from omnicheck.scoring.assessment import assess  # noqa: E402
from omnicheck.scoring.plan import build_plan  # noqa: E402
from omnicheck.source.safe_yaml import parse_yaml  # noqa: E402

CHANNELS = [
    "website",
    "online_store",
    "mobile_app",
    "email",
    "sms",
    "social_media",
    "paid_ads",
    "marketplace",
    "physical_store",
    "phone",
    "live_chat",
    "direct_mail",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2_000)
    args = parser.parse_args()
    rubric = rubric_from(None)
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
    ended: dict[str, Counter[str]] = {"recommended": Counter(), top: Counter()}
    rng = random.Random(SEED)
    bases = [dict(read_yaml(p).data["answers"], channels=CHANNELS) for p in EXAMPLES]
    done = 0
    while done < args.n:
        raw = _vary(rubric, bases[done % len(bases)], rng)
        if sorted(raw["channels"]) != sorted(CHANNELS):
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
            start = time.perf_counter()
            plan = build_plan(
                rubric,
                result.answers.answers,
                target,
                result.choice.proposed,
                scored=scored,
                measured=measured,
            )
            times[label].append(time.perf_counter() - start)
            ended[label][plan.search] += 1
    for label, values in times.items():
        ms = sorted(v * 1000 for v in values)
        p99 = ms[int(len(ms) * 0.99)]
        print(
            f"target {label:<12} mean {statistics.mean(ms):6.2f} ms  p99 {p99:6.2f} ms"
            f"  worst {ms[-1]:6.2f} ms  searches: {dict(ended[label])}"
        )
    most = max(nodes, default=0)
    print(f"most re-scored states in one search: {most} (cap {plan_exact.NODE_CAP})")


if __name__ == "__main__":
    main()
