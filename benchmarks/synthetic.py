"""Synthetic businesses for the batch benchmark, made from the bundled examples.

Business ``i`` starts from example ``i mod 4``, may gain or lose a channel,
and has every scored answer moved a step up or down at random, so the
benchmark exercises every code path (links, n/a, gates, guardrails) rather
than scoring four businesses over and over. Answers are filled in asking
order with the rubric's own ``when`` conditions, so every business is valid.
The seed is fixed: the same N always gives the same files.

    .venv/bin/python benchmarks/synthetic.py 1000 /tmp/synthetic   # YAML files and a CSV

The bundled benchmark, examples/peers/peers.json, is made here too, from its own
seed, so the batch benchmark's files never change with it:

    .venv/bin/python benchmarks/synthetic.py --peers examples/peers/peers.json

Small steps from four examples leave nearly every business at its example's
level or one up (the multichannel example gains a linked pair, the omnichannel
one drops below a gate), so peers are drawn the same way but kept only while
their level's share of ``PEER_MIX`` is not full: a plausible spread of levels,
chosen for the example, with every business's answers random and every level
the rubric's own verdict. No figure in it is a measurement of real businesses.
"""

from __future__ import annotations

import argparse
import csv
import random
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import yaml

from omnicheck.answers.validate import validate_answers
from omnicheck.loading import read_yaml, rubric_from
from omnicheck.rubric.compiled import CompiledRubric, Question
from omnicheck.rubric.conditions import AnswerValue, NotApplicable, evaluate
from omnicheck.scoring.assessment import Assessment
from omnicheck.source.safe_yaml import parse_yaml

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
SEED = 20240501
PEER_SEED = 20261201
#: The bundled peers' levels, 40 businesses in all: chosen to look like a consultant's
#: clients (most multichannel or cross-channel), not measured.
PEER_MIX = {"single-channel": 6, "multichannel": 12, "cross-channel": 14, "omnichannel": 8}

Business = tuple[str, dict[str, Any]]


def businesses(rubric: CompiledRubric, n: int, seed: int = SEED) -> Iterator[Business]:
    """``n`` (name, raw answers) pairs, as they would be written in an answers file."""
    rng = random.Random(seed)
    bases = [read_yaml(p).data["answers"] for p in EXAMPLES]
    for i in range(n):
        yield f"Business {i:06d}", _vary(rubric, bases[i % len(bases)], rng)


def _vary(rubric: CompiledRubric, base: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    raw: dict[str, Any] = {}
    parsed: dict[str, AnswerValue] = {}
    for q in rubric.questions:
        if q.when is not None and not evaluate(q.when, parsed):
            continue
        value = _answer(q, base.get(q.id), parsed, rng)
        if value is None:
            continue
        raw[q.id] = value
        if value == "n/a":
            parsed[q.id] = NotApplicable()
        else:
            parsed[q.id] = tuple(value) if isinstance(value, list) else value
    return raw


def _answer(
    q: Question, base: Any, parsed: dict[str, AnswerValue], rng: random.Random
) -> Any | None:
    options = [o for o in q.options if o.when is None or evaluate(o.when, parsed)]
    if q.kind == "text":
        return base or "Pop-up market stall"
    if q.kind == "multi":
        if q.id == "channels" and isinstance(base, list):
            chosen = list(base)
            if rng.random() < 0.3 and len(chosen) > 2:
                chosen.remove(rng.choice(chosen))
            if rng.random() < 0.3:
                extra = rng.choice([o.id for o in options if o.id != "other"])
                if extra not in chosen:
                    chosen.append(extra)
            return chosen
        return [o.id for o in options if rng.random() < 0.15]
    if q.allow_na and q.dimension and rng.random() < 0.04:
        return "n/a"
    scored = [o for o in options if o.score is not None]
    if scored:
        ids = [o.id for o in sorted(scored, key=lambda o: o.score or 0)]
        start = ids.index(base) if base in ids else rng.randrange(len(ids))
        step = rng.choice((-1, 0, 0, 1))
        return ids[max(0, min(len(ids) - 1, start + step))]
    if base in {o.id for o in options} and rng.random() < 0.7:
        return base
    return rng.choice(options).id


def peer_businesses(
    rubric: CompiledRubric, mix: Mapping[str, int] = PEER_MIX, seed: int = PEER_SEED
) -> Iterator[Business]:
    """Businesses drawn as :func:`businesses` draws them, each kept only while the level
    the rubric gives it still has room in ``mix``."""
    rng = random.Random(seed)
    bases = [read_yaml(p).data["answers"] for p in EXAMPLES]
    wanted = dict(mix)
    kept = 0
    for _ in range(100_000):
        if not any(wanted.values()):
            return
        answers = _vary(rubric, bases[rng.randrange(len(bases))], rng)
        level = _level(rubric, answers)
        if wanted.get(level, 0) > 0:
            wanted[level] -= 1
            kept += 1
            yield f"Peer {kept:03d}", answers
    raise RuntimeError(f"no mix of {dict(mix)} in 100,000 draws: still wanted {wanted}")


def _level(rubric: CompiledRubric, answers: dict[str, Any]) -> str:
    text = yaml.safe_dump(_document(rubric, "Peer", answers), sort_keys=False)
    assessment = Assessment(rubric, validate_answers(parse_yaml(text, "peer.yaml"), rubric))
    return rubric.levels[assessment.rank].id


def write_peers(rubric: CompiledRubric, path: Path) -> Path:
    """The bundled benchmark: the peers file ``omnicheck peers`` writes of those businesses."""
    from omnicheck.cli.benchmark import portfolio_of
    from omnicheck.report.benchmark import peers_document
    from omnicheck.report.output import Document, write

    with tempfile.TemporaryDirectory() as folder:
        _write_documents(rubric, peer_businesses(rubric), Path(folder))
        doc = peers_document(portfolio_of(Path(folder), rubric, 5 * 1024 * 1024))
    write(Document("peers", doc), "json", path)
    return path


def _document(rubric: CompiledRubric, name: str, answers: dict[str, Any]) -> dict[str, Any]:
    return {
        "rubric": {"id": rubric.id, "version": rubric.version},
        "business": {"name": name},
        "answers": answers,
    }


def write_yaml_files(rubric: CompiledRubric, n: int, folder: Path) -> list[Path]:
    return _write_documents(rubric, businesses(rubric, n), folder)


def _write_documents(rubric: CompiledRubric, drawn: Iterator[Business], folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    for name, answers in drawn:
        doc = _document(rubric, name, answers)
        path = folder / f"{name.replace(' ', '-').lower()}.yaml"
        path.write_text(yaml.dump(doc, Dumper=dumper, sort_keys=False), encoding="utf-8")
        paths.append(path)
    return paths


def write_csv(rubric: CompiledRubric, n: int, path: Path) -> Path:
    """A survey export: a ``name`` column, then one column per question id."""
    path.parent.mkdir(parents=True, exist_ok=True)
    ids = [q.id for q in rubric.questions]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["name", *ids])
        for name, answers in businesses(rubric, n):
            writer.writerow([name, *(_cell(answers.get(qid)) for qid in ids)])
    return path


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ";".join(value)
    return str(value)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, nargs="?")
    parser.add_argument("folder", type=Path, nargs="?")
    parser.add_argument("--peers", type=Path, help="write the bundled peers file here instead")
    args = parser.parse_args()
    rubric = rubric_from(None)
    if args.peers is not None:
        write_peers(rubric, args.peers)
        return
    if args.n is None or args.folder is None:
        parser.error("give N and FOLDER, or --peers PATH")
    write_yaml_files(rubric, args.n, args.folder / "yaml")
    write_csv(rubric, args.n, args.folder / "survey.csv")
    print(f"Wrote {args.n} answers files under {args.folder / 'yaml'} and {args.folder}/survey.csv")


if __name__ == "__main__":
    main()
