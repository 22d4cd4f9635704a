"""Cold start of the command line: `emptychair ask` as a new process at 10k snippets.

Every run is a fresh interpreter (nothing cached in the process), so the figure is what a
person waits for at the terminal. The baseline, measured in the same run, is a bare
interpreter that imports nothing of ours: the difference is Empty Chair's own cost.

    python -m bench.cold_cli [--rows 10000] [--runs 15]

Target (the house issue): p50 <= 250 ms on the 2-core machine.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repository root importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import corpus

TARGET_P50_MS = 250.0
QUESTIONS = (
    "Should we start charging for returns?",
    "Czy klienci chcą ciemnego motywu?",
    "送料を上げるべきですか？",
)


def emptychair() -> list[str]:
    """The installed console script, or the module when it is not on PATH."""
    found = shutil.which("emptychair") or str(Path(sys.executable).parent / "emptychair")
    return [found] if Path(found).exists() else [sys.executable, "-m", "handlers.cli"]


def timed(cmd: list[str], runs: int) -> list[float]:
    """Wall milliseconds of `runs` fresh processes (one warm-up run first)."""
    subprocess.run(cmd, check=True, capture_output=True)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        times.append((time.perf_counter() - start) * 1000)
    return times


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))]


def main(argv: list[str] | None = None) -> int:
    """Build the database, time both commands, print the figures; 1 when the target fails."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        csv_path = Path(tmp) / "feedback.csv"
        db = str(Path(tmp) / "cold.db")
        corpus.generate(args.rows, csv_path, 7)
        subprocess.run(
            [*emptychair(), "--db", db, "feedback", "import", str(csv_path)],
            check=True,
            capture_output=True,
        )
        base = timed([sys.executable, "-c", "pass"], args.runs)
        asks: list[float] = []
        for question in QUESTIONS:
            asks += timed([*emptychair(), "--db", db, "ask", question], args.runs)
    p50, p90 = statistics.median(asks), percentile(asks, 90)
    print(f"cold `emptychair ask` at {args.rows:,} snippets, {len(asks)} runs")
    print(f"  bare interpreter  p50 {statistics.median(base):7.1f} ms")
    print(f"  emptychair ask    p50 {p50:7.1f} ms   p90 {p90:7.1f} ms")
    print(f"  our own cost      p50 {p50 - statistics.median(base):7.1f} ms")
    verdict = "met" if p50 <= TARGET_P50_MS else "MISSED"
    print(f"  target p50 <= {TARGET_P50_MS:.0f} ms: {verdict}")
    return 0 if p50 <= TARGET_P50_MS else 1


if __name__ == "__main__":
    raise SystemExit(main())
