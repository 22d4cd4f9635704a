"""Time only the `ask` path on an existing database: the bench's questions, warm, in-process.

    python bench/ask_timing.py --db /tmp/speed-bench/bench-1m.db [--json OUT] [--profile]
    python bench/ask_timing.py --db DB --src /tmp/base   # another checkout's code, same script

Answers every question once (warm-up), then `--rounds` more times, and prints, per
question, the median wall time and CPU time (`time.process_time`) of the whole answer
and of its feedback search alone (`relevant_feedback`), as p50 / p95 / p99. Run two
checkouts one after the other in the same window and compare their ratios: on a shared
machine wall times vary by 2x between runs, CPU time much less.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make the repository root importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

TENANT = "default"


def pcts(values: Sequence[float]) -> dict[str, float]:
    """p50 / p95 / p99 / mean of a list of milliseconds."""
    ordered = sorted(values)

    def at(q: float) -> float:
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]

    return {
        "p50": round(at(0.50), 3),
        "p95": round(at(0.95), 3),
        "p99": round(at(0.99), 3),
        "mean": round(statistics.fmean(ordered), 3),
    }


def timed(call: Callable[[], object], rounds: int) -> tuple[float, float]:
    """Median wall and CPU milliseconds of `rounds` calls."""
    walls, cpus = [], []
    for _ in range(rounds):
        wall, cpu = time.perf_counter(), time.process_time()
        call()
        cpus.append((time.process_time() - cpu) * 1000)
        walls.append((time.perf_counter() - wall) * 1000)
    return statistics.median(walls), statistics.median(cpus)


def run(db: Path, n: int, seed: int, rounds: int, profile: bool) -> dict[str, Any]:
    """Every figure of one checkout on one database."""
    from bench import corpus
    from bot import advisor
    from bot.answer.question import understand
    from bot.store import Store
    from bot.workspace import Workspace

    questions = [q["question"] for q in corpus.questions(n, seed)]
    store = Store(db)
    ws = Workspace(store, TENANT)

    def search(question: str) -> Callable[[], object]:
        proposal = understand(question, advisor._QUESTION_WORDS)
        terms = advisor.topical_terms(question)
        return lambda: advisor.relevant_feedback(store, TENANT, proposal, terms, advisor.POOL)

    for q in questions:  # warm-up: caches of postings, concepts and stances
        ws.answer_for_customer(q)
    result: dict[str, Any] = {}
    for name, make in (
        ("ask", lambda q: lambda: ws.answer_for_customer(q)),
        ("search", search),
    ):
        walls, cpus = [], []
        for q in questions:
            wall, cpu = timed(make(q), rounds)
            walls.append(wall)
            cpus.append(cpu)
        result[name] = {"wall": pcts(walls), "cpu": pcts(cpus)}
    if profile:
        profiler = cProfile.Profile()
        profiler.enable()
        for q in questions:
            ws.answer_for_customer(q)
        profiler.disable()
        pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(40)
    store.close()
    return result


def main(argv: Sequence[str] | None = None) -> int:
    """Print the figures (and write them as JSON with --json)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--questions", type=int, default=500)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--src", type=Path, help="time this checkout's bot/ instead (A/B)")
    args = parser.parse_args(argv)
    if args.src:
        sys.path.insert(0, str(args.src.resolve()))
    result = run(args.db, args.questions, args.seed, args.rounds, args.profile)
    for name, figures in result.items():
        for clock, p in figures.items():
            print(f"{name:7} {clock:5} p50 {p['p50']:8.3f}  p95 {p['p95']:8.3f}"
                  f"  p99 {p['p99']:8.3f}  mean {p['mean']:8.3f} ms")  # fmt: skip
    if args.json:
        args.json.write_text(json.dumps(result, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
