"""Import benchmark: speed, memory, re-import, and other writers during a big import.

    python bench/retrieval.py --imports --sizes 1m [--baseline-src DIR]
    python bench/imports.py --sizes 100k           # the same, directly

For each size (corpus from bench/corpus.py, shared with the retrieval benchmark):

1. `emptychair feedback import` as a subprocess: wall time, CPU time, rows/s, peak RSS
   (wait4), then a re-import of the same file (adds nothing);
2. the same two runs with the code in `--baseline-src` (a checkout of an older commit),
   in the same run, so a busy machine slows both alike;
3. writers during an import: a fresh database, one process imports the file into tenant
   A while 4 processes log decisions for tenant B and one for tenant A (one decision
   every 50 ms each); per decision: p50, p99 and max wall time, errors, "locked"/"busy"
   errors; the import's time against the import alone of step 1.

Results: bench/out/imports-<size>.json and a table on stdout.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"
WRITER_PAUSE_S = 0.05


if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import retrieval  # noqa: E402


def cli_command(src: Path | None) -> tuple[list[str], dict[str, str]]:
    """The CLI of this checkout, or of `src` (an older checkout) through PYTHONPATH."""
    env = dict(os.environ)
    if src is None:
        return retrieval.emptychair(), env
    env["PYTHONPATH"] = str(src)
    return [sys.executable, "-m", "handlers.cli"], env


def timed_import(
    db: Path, csv_path: Path, src: Path | None = None, tenant: str = "default"
) -> dict[str, Any]:
    """One import as a subprocess: wall and CPU seconds, rows/s, peak RSS."""
    cmd, env = cli_command(src)
    argv = [*cmd, "--db", str(db), "--tenant", tenant, "feedback", "import", "--no-progress",
            "--json", str(csv_path)]  # fmt: skip
    started = time.perf_counter()
    # An older checkout runs from its own directory: `-m` puts the working directory
    # first on the path, which would import this checkout's code instead.
    proc = subprocess.Popen(
        argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=src or ROOT
    )
    sampler = TreeRss(proc.pid)
    sampler.start()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    sampler.stop.set()
    sampler.join()
    out = proc.stdout.read() if proc.stdout else b""
    err = proc.stderr.read() if proc.stderr else b""
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"import failed: {err.decode()[-500:]}")
    result = json.loads(out)
    return {
        "rows": result["rows"],
        "added": result["added"],
        "seconds": round(seconds, 2),
        "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 2),
        "rows_per_s": round(result["rows"] / seconds),
        # The importer's own peak, and the peak of its memory plus its workers' together.
        "peak_rss_mb": round(usage.ru_maxrss / 1024),
        "peak_tree_rss_mb": max(round(usage.ru_maxrss / 1024), round(sampler.peak / 2**20)),
    }


class TreeRss(threading.Thread):
    """Samples the summed RSS of a process and its children (the import's workers)."""

    def __init__(self, pid: int, every_s: float = 0.1) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.every_s = every_s
        self.peak = 0
        self.stop = threading.Event()

    def run(self) -> None:
        import psutil

        try:
            root = psutil.Process(self.pid)
        except psutil.Error:
            return
        while not self.stop.wait(self.every_s):
            try:
                procs = [root, *root.children(recursive=True)]
                total = 0
                for p in procs:
                    with contextlib.suppress(psutil.Error):
                        total += p.memory_info().rss
            except psutil.Error:
                return
            self.peak = max(self.peak, total)


def worker_decisions(db: Path, tenant: str, ready: Path, stop: Path) -> dict[str, Any]:
    """Log decisions until `stop` exists; each one's start, wall time (ms) and error."""
    from bot.models import DecisionDraft
    from bot.store import Store
    from bot.workspace import Workspace

    store = Store(db)
    ws = Workspace(store, tenant)
    records: list[tuple[float, float, str | None]] = []
    ready.touch()
    i = 0
    while not stop.exists():
        i += 1
        draft = DecisionDraft(
            title=f"Bench decision {os.getpid()}-{i}",
            decision="Keep free returns for consumers",
            customer_impact="Consumers keep free returns",
            idempotency_key=f"bench-{os.getpid()}-{i}",
        )
        wall = time.time()
        started = time.perf_counter()
        error = None
        try:
            ws.record_decision(draft)
        except Exception as exc:
            error = f"{type(exc).__name__}: {exc}"
        records.append((wall, (time.perf_counter() - started) * 1000, error))
        time.sleep(WRITER_PAUSE_S)
    store.close()
    return {"records": records}


def writers_during_import(csv_path: Path, out: Path, alone_seconds: float) -> dict[str, Any]:
    """Import into tenant A while 4 processes log decisions for B and one for A."""
    from bot.principles import ensure_seeded
    from bot.store import Store

    db = out / "writers.db"
    retrieval.remove_db(db)
    store = Store(db)
    for tenant in ("A", "B"):
        ensure_seeded(store, tenant)
    store.close()
    tenants = ["B", "B", "B", "B", "A"]
    with tempfile.TemporaryDirectory() as tmp:
        stop = Path(tmp) / "stop"
        readies = [Path(tmp) / f"ready-{i}" for i in range(len(tenants))]
        procs = [
            subprocess.Popen(
                [
                    sys.executable,
                    str(Path(__file__).resolve()),
                    "--worker",
                    str(db),
                    t,
                    str(r),
                    str(stop),
                ],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for t, r in zip(tenants, readies, strict=True)
        ]
        try:
            while not all(r.exists() for r in readies):
                if any(p.poll() is not None for p in procs):
                    raise RuntimeError("a writer did not start")
                time.sleep(0.05)
            start = time.time()
            imported = timed_import(db, csv_path, tenant="A")
            end = time.time()
        finally:
            stop.touch()
            outputs = [p.communicate(timeout=600) for p in procs]
    records: list[Any] = []
    failures = []
    for proc, (stdout, stderr) in zip(procs, outputs, strict=True):
        if proc.returncode != 0:
            failures.append(stderr.strip()[-300:])
            continue
        records += json.loads(stdout)["records"]
    during = [r for r in records if start <= r[0] <= end]
    errors = [r[2] for r in records if r[2]] + failures
    locked = [e for e in errors if "locked" in e.lower() or "busy" in e.lower()]
    waits = [r[1] for r in during if not r[2]]
    return {
        "writers": {"B": 4, "A": 1},
        "decisions_during_import": len(during),
        "wait_ms": {**retrieval.pcts(waits), "max": round(max(waits, default=0.0), 1)},
        "errors": len(errors),
        "locked_errors": len(locked),
        "error_examples": errors[:3],
        # The five longest waits: seconds into the import when each began, and ms waited.
        "slowest": [
            (round(r[0] - start, 1), round(r[1], 1))
            for r in sorted(during, key=lambda r: -r[1])[:5]
            if not r[2]
        ],
        "import": imported,
        "import_over_alone": round(imported["seconds"] / alone_seconds, 3),
    }


def run_size(rows: int, out: Path, seed: int, baseline: Path | None) -> dict[str, Any]:
    """Every import measurement for one corpus size."""
    out.mkdir(parents=True, exist_ok=True)
    name = retrieval.label(rows)
    csv_path = retrieval.ensure_corpus(rows, out, seed)
    result: dict[str, Any] = {
        "size": name,
        "rows": rows,
        "date": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "machine": retrieval.machine(),
        "load_before": os.getloadavg(),
    }
    for label, src in [("ours", None), ("baseline", baseline)]:
        if label == "baseline" and src is None:
            continue
        db = out / f"imports-{name}-{label}.db"
        retrieval.remove_db(db)
        retrieval.log(f"[{name}] {label}: import")
        first = timed_import(db, csv_path, src)
        retrieval.log(f"[{name}] {label}: re-import")
        again = timed_import(db, csv_path, src)
        result[label] = {"import": first, "reimport": again}
        retrieval.remove_db(db)
    retrieval.log(f"[{name}] writers during an import")
    result["writers"] = writers_during_import(csv_path, out, result["ours"]["import"]["seconds"])
    result["load_after"] = os.getloadavg()
    wait = result["writers"]["wait_ms"]
    result["targets"] = {
        "import_60s_1m": rows < 1_000_000 or result["ours"]["import"]["seconds"] <= 60,
        "import_600mb": result["ours"]["import"]["peak_tree_rss_mb"] <= 600,
        "reimport_15s_1m": rows < 1_000_000 or result["ours"]["reimport"]["seconds"] <= 15,
        "writers_p99_100ms": wait["p99"] <= 100,
        "writers_max_250ms": wait["max"] <= 250,
        "writers_no_errors": result["writers"]["errors"] == 0,
        "import_10pct_over_alone": result["writers"]["import_over_alone"] <= 1.10,
    }
    (out / f"imports-{name}.json").write_text(json.dumps(result, indent=2) + "\n")
    return result


def table(result: dict[str, Any]) -> str:
    """The figures of one size as text lines."""
    lines = [f"imports, {result['size']} rows, load {result['load_before'][0]:.1f}"]
    for label in ("ours", "baseline"):
        if label in result:
            imp, re = result[label]["import"], result[label]["reimport"]
            lines.append(
                f"  {label:8} import {imp['seconds']} s (cpu {imp['cpu_seconds']} s,"
                f" {imp['rows_per_s']:,} rows/s, peak {imp['peak_rss_mb']} MB,"
                f" with workers {imp.get('peak_tree_rss_mb', '-')} MB);"
                f" re-import {re['seconds']} s (cpu {re['cpu_seconds']} s, added {re['added']})"
            )
    w = result["writers"]
    lines.append(
        f"  writers during the import: {w['decisions_during_import']} decisions,"
        f" p50 {w['wait_ms']['p50']} / p99 {w['wait_ms']['p99']} / max {w['wait_ms']['max']} ms,"
        f" {w['errors']} errors, {w['locked_errors']} locked/busy;"
        f" import {w['import']['seconds']} s = {w['import_over_alone']}x the import alone;"
        f" slowest (s into the import, ms): {w['slowest']}"
    )
    lines.append("  targets: " + ", ".join(f"{k}={v}" for k, v in result["targets"].items()))
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: sizes, output directory, baseline checkout."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list[:1] == ["--worker"]:
        db, tenant, ready, stop = args_list[1:5]
        sys.stdout.write(json.dumps(worker_decisions(Path(db), tenant, Path(ready), Path(stop))))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100k")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--baseline-src", type=Path, help="a checkout of an older commit to compare with"
    )
    args = parser.parse_args(args_list)
    for size in args.sizes.split(","):
        result = run_size(retrieval.parse_size(size), args.out, args.seed, args.baseline_src)
        print(table(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
