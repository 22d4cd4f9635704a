"""Cold start of the command line: `emptychair ask` as a new process at 10k snippets.

Every run is a fresh interpreter (nothing cached in the process), so the figure is what a
person waits for at the terminal. Baselines measured in the same run, interleaved with
the runs of this checkout so a busy machine slows all of them alike:

* a bare interpreter that imports nothing of ours (the difference is our own cost);
* with `--baseline-src DIR`, the same commands with the code of an older checkout (e.g.
  `git archive main | tar -x -C /tmp/main`), so a change is compared A/B.

Wall time is what the target is about; CPU time (user + system of the child) is printed
next to it because it moves far less when other processes share the cores.

Byte-code is written on the warm-up run (`PYTHONDONTWRITEBYTECODE` is removed for the
children: an installed package has its `.pyc` files), and the derived-file cache
(`EMPTYCHAIR_CACHE_DIR`, see `bot/disk_cache.py`) is filled by it, as after a person's
first question; the first run with an empty cache is reported on its own.

    python -m bench.cold_cli [--rows 10000] [--runs 15] [--baseline-src DIR]

Target (the house issue): p50 <= 250 ms on the 2-core machine.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
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


@dataclass
class Variant:
    """One way of running the command: its argv prefix, environment and timings."""

    name: str
    argv: list[str]
    env: dict[str, str]
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)

    def run(self, args: list[str]) -> tuple[float, float]:
        """Wall and CPU milliseconds of one fresh process."""
        before = os.times()
        start = time.perf_counter()
        subprocess.run([*self.argv, *args], check=True, capture_output=True, env=self.env)
        wall = (time.perf_counter() - start) * 1000
        after = os.times()
        cpu = (after.children_user - before.children_user) * 1000
        cpu += (after.children_system - before.children_system) * 1000
        return wall, cpu

    def sample(self, args: list[str]) -> None:
        """Time one run and keep it."""
        wall, cpu = self.run(args)
        self.wall.append(wall)
        self.cpu.append(cpu)


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))]


def _env(cache: Path, src: Path | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["EMPTYCHAIR_CACHE_DIR"] = str(cache)
    env.pop("PYTHONPATH", None)
    if src is not None:
        env["PYTHONPATH"] = str(src)
    return env


def _line(variant: Variant) -> str:
    wall, cpu = variant.wall, variant.cpu
    return (
        f"  {variant.name:<22} wall p50 {statistics.median(wall):7.1f} ms"
        f"  p99 {percentile(wall, 99):7.1f} ms   cpu p50 {statistics.median(cpu):7.1f} ms"
    )


def main(argv: list[str] | None = None) -> int:
    """Build the database, time every variant, print the figures; 1 when the target fails."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=15, help="runs per question and variant")
    parser.add_argument("--baseline-src", type=Path, help="an older checkout to compare with")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        csv_path = work / "feedback.csv"
        db = str(work / "cold.db")
        corpus.generate(args.rows, csv_path, 7)
        subprocess.run(
            [*emptychair(), "--db", db, "feedback", "import", "--no-progress", str(csv_path)],
            check=True,
            capture_output=True,
            env=_env(work / "cache"),
        )
        bare = Variant("bare interpreter", [sys.executable, "-c", "pass"], _env(work / "cache"))
        ours = Variant("emptychair ask", emptychair(), _env(work / "cache"))
        first = Variant("  first, empty cache", emptychair(), _env(work / "first"))
        variants = [ours]
        if args.baseline_src is not None:
            # The same launcher: the console script imports `handlers` from PYTHONPATH first.
            env = _env(work / "base-cache", args.baseline_src.resolve())
            variants.append(Variant("baseline (--baseline-src)", emptychair(), env))
        first.sample(["--db", db, "ask", QUESTIONS[0]])
        for variant in variants:  # warm-up: byte-code and caches written, pages cached
            for question in QUESTIONS:
                variant.run(["--db", db, "ask", question])
        bare.run([])
        for _ in range(args.runs):
            for question in QUESTIONS:
                bare.sample([])
                for variant in variants:
                    variant.sample(["--db", db, "ask", question])
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"cold `emptychair ask` at {args.rows:,} snippets, {len(ours.wall)} runs per variant "
        f"({len(QUESTIONS)} questions), {os.cpu_count()} cores, load {load:.1f}"
    )
    for variant in (bare, *variants):
        print(_line(variant))
    print(f"{_line(first)}  (1 run)")
    p50 = statistics.median(ours.wall)
    print(f"  our own cost           wall p50 {p50 - statistics.median(bare.wall):7.1f} ms")
    if len(variants) > 1:
        ratio = p50 / statistics.median(variants[1].wall)
        print(f"  this checkout / baseline: {ratio:.2f} (same run, interleaved)")
    verdict = "met" if p50 <= TARGET_P50_MS else "MISSED"
    print(f"  target wall p50 <= {TARGET_P50_MS:.0f} ms: {verdict}")
    return 0 if p50 <= TARGET_P50_MS else 1


if __name__ == "__main__":
    raise SystemExit(main())
