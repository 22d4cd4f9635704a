"""Retrieval benchmark: import, ask latency, FTS5 and bm25s baselines, quality, concurrency.

One command runs everything (corpora in bench/out/ are reused when present):

    python bench/retrieval.py --sizes 10k,100k,1m
    python bench/retrieval.py --quick          # 10k only, a smoke run

For each size it generates (or reuses) bench/out/feedback-<size>.csv with bench/corpus.py and
the 500 meeting questions, then measures:

1. import: `emptychair feedback import` as a subprocess (wall time, rows/s, the child's own
   peak RSS from wait4, database size), then a re-import of the same file (adds nothing);
2. `ask` in-process, warm, in a fresh subprocess (p50/p95/p99, by question kind, peak RSS);
3. `emptychair --db DB ask --json Q` as a subprocess, process start included;
4. baselines on the same tokens and terms: a SQLite FTS5 table (`tokenize='ascii'`, an OR of
   the quoted terms, ORDER BY bm25) and the bm25s library (lucene, k1=1.2, b=0.75), against
   our SearchIndex.search_terms;
5. quality: overlap@10 of our top 10 with the exact BM25 top 10 from bm25s (ties at the 10th
   score count as agreeing), recall@5 of the labelled set of tests/test_eval_recall.py and
   the answer's figures on tests/test_eval_answer.py (verdict side, contradicting, top 5);
6. at the largest size: 50 single `Workspace.add_feedback` calls (the index is not rewritten);
7. at the largest size <= --concurrency-max: 4 answering processes while another process
   imports a fresh 20k-row CSV into the same database (errors, "database is locked", p99).

`python bench/retrieval.py --imports --sizes 1m [--baseline-src DIR]` runs bench/imports.py
instead: import and re-import speed and memory (against an older checkout in the same run),
and the wait of 5 processes logging decisions during a 1M-row import.

Results: bench/out/retrieval-<size>.json per size and bench/out/retrieval.md (all sizes, with
date and machine).
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import gc
import itertools
import json
import os
import platform
import random
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

if __package__ in (None, ""):  # run as a script: make the repository root importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import corpus
from bot.advisor import topical_terms
from bot.feedback import FeedbackInput, count_feedback
from bot.search import SearchIndex, ranking, tokenize
from bot.store import Store
from bot.workspace import Workspace

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"
TENANT = "default"  # the CLI's tenant
KIND = "feedback"
TOP_K = 10
TIE_REL = 1e-4
SCHEMA = 1

# What each size's JSON must hold (tests check it).
RESULT_FIELDS = (
    "size", "rows", "date", "machine", "import", "reimport", "ask", "cli", "search",
    "fts5", "bm25s", "ratios", "quality", "eval", "answer_eval", "incremental", "concurrency",
    "targets",
)  # fmt: skip


# --------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------


def parse_size(text: str) -> int:
    """'10k' -> 10000, '1m' -> 1000000, '2500' -> 2500."""
    text = text.strip().lower().replace("_", "")
    scale = {"k": 1_000, "m": 1_000_000}.get(text[-1:], 1)
    number = text[:-1] if scale > 1 else text
    value = float(number) * scale
    if value <= 0 or value != int(value):
        raise ValueError(f"bad size {text!r}")
    return int(value)


def label(rows: int) -> str:
    """10000 -> '10k', 1000000 -> '1m' (the names of the output files)."""
    if rows % 1_000_000 == 0:
        return f"{rows // 1_000_000}m"
    if rows % 1_000 == 0:
        return f"{rows // 1_000}k"
    return str(rows)


def pcts(values: Sequence[float]) -> dict[str, float]:
    """p50/p95/p99/max/mean (ms in, ms out) and the sample count."""
    if not values:
        return {"n": 0, "p50": 0.0, "p95": 0.0, "p99": 0.0, "max": 0.0, "mean": 0.0}
    arr = np.asarray(values, dtype=np.float64)
    p50, p95, p99 = np.percentile(arr, [50, 95, 99]).tolist()
    return {
        "n": len(values),
        "p50": round(p50, 3),
        "p95": round(p95, 3),
        "p99": round(p99, 3),
        "max": round(float(arr.max()), 3),
        "mean": round(float(arr.mean()), 3),
    }


def machine() -> dict[str, Any]:
    """CPU model, cores, RAM, Python and SQLite versions."""
    cpu = platform.processor() or "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    ram = 0.0
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                ram = int(line.split()[1]) / 1024 / 1024
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "ram_gib": round(ram, 1),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "numpy": np.__version__,
    }


def db_bytes(db: Path) -> int:
    """Size of the database on disk: the file plus its write-ahead log."""
    wal = Path(f"{db}-wal")
    return db.stat().st_size + (wal.stat().st_size if wal.exists() else 0)


def remove_db(db: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)


def emptychair() -> list[str]:
    """The `emptychair` console script of this interpreter's environment."""
    script = Path(sys.executable).parent / "emptychair"
    if script.exists():
        return [str(script)]
    found = shutil.which("emptychair")
    return [found] if found else [sys.executable, "-m", "bot"]


def reset_search_cache() -> None:
    """Forget decoded postings, so the next measurement starts cold."""
    ranking.clear_cache()


def count_lines(path: Path) -> int:
    with path.open("rb") as handle:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 24), b""))


def ensure_corpus(rows: int, out: Path, seed: int) -> Path:
    """bench/out/feedback-<size>.csv, generated unless a complete one is there."""
    path = out / f"feedback-{label(rows)}.csv"
    if path.exists() and count_lines(path) == rows + 1:
        return path
    started = time.perf_counter()
    corpus.generate(rows, path, seed)
    print(f"  generated {path} in {time.perf_counter() - started:.1f}s", file=sys.stderr)
    return path


def ensure_questions(out: Path, n: int, seed: int) -> Path:
    path = out / f"questions-{n}.jsonl"
    items = corpus.questions(n, seed)
    text = "".join(json.dumps(q, ensure_ascii=False) + "\n" for q in items)
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
    return path


def read_questions(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def fresh_csv(rows: int, out: Path, seed: int) -> Path:
    """A CSV of `rows` new snippets (their own external ids), for concurrent imports."""
    path = out / f"fresh-{label(rows)}-{seed}.csv"
    if path.exists() and count_lines(path) == rows + 1:
        return path
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(corpus.HEADER)
        for row in corpus.iter_rows(rows, seed):
            writer.writerow((f"fresh{seed}-{row.external_id}", *row[1:7]))
    return path


# --------------------------------------------------------------------------------------
# 1. Import as a subprocess
# --------------------------------------------------------------------------------------


def run_tracked(cmd: Sequence[str], poll_s: float = 0.05) -> dict[str, Any]:
    """Run a command; wall time, its own peak RSS (wait4) and polled RSS (psutil), output."""
    import psutil

    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err)
        polled = 0
        done = threading.Event()

        def poll() -> None:
            nonlocal polled
            with contextlib.suppress(psutil.Error):
                child = psutil.Process(proc.pid)
                while not done.is_set():
                    polled = max(polled, child.memory_info().rss)
                    done.wait(poll_s)

        thread = threading.Thread(target=poll, daemon=True)
        thread.start()
        # wait4 reports the rusage of this child alone, not of every child so far.
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - started
        done.set()
        thread.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
    return {
        "seconds": elapsed,
        "returncode": proc.returncode,
        "peak_rss_mb": usage.ru_maxrss / 1024,  # KiB on Linux
        "polled_rss_mb": polled / 1024 / 1024,
        "stdout": stdout,
        "stderr": stderr,
    }


def cli_import(db: Path, csv_path: Path) -> dict[str, Any]:
    """`emptychair --db DB feedback import --json FILE`, measured."""
    run = run_tracked(
        [*emptychair(), "--db", str(db), "feedback", "import", "--no-progress", "--json",
         str(csv_path)]
    )  # fmt: skip
    if run["returncode"] != 0:
        raise RuntimeError(f"import failed ({run['returncode']}): {run['stderr'].strip()}")
    result = json.loads(run["stdout"])
    return {
        "rows": result["rows"],
        "added": result["added"],
        "seconds": round(run["seconds"], 3),
        "rows_per_s": round(result["rows"] / run["seconds"], 1),
        "peak_rss_mb": round(run["peak_rss_mb"], 1),
        "polled_rss_mb": round(run["polled_rss_mb"], 1),
    }


# --------------------------------------------------------------------------------------
# Workers (fresh subprocesses of this script)
# --------------------------------------------------------------------------------------


def worker_command(*args: str) -> list[str]:
    return [sys.executable, str(Path(__file__).resolve()), "--worker", *args]


def worker_ask(db: Path, questions_path: Path) -> dict[str, Any]:
    """Answer every question once (warm-up), then time each; report own peak RSS."""
    questions = read_questions(questions_path)
    store = Store(db)
    try:
        ws = Workspace(store, TENANT)
        errors = []
        for q in questions:
            try:
                ws.answer_for_customer(q["question"])
            except Exception as exc:
                errors.append(f"{q['id']}: {type(exc).__name__}: {exc}")
        latency = []
        for q in questions:
            started = time.perf_counter()
            with contextlib.suppress(Exception):
                ws.answer_for_customer(q["question"])
            latency.append((time.perf_counter() - started) * 1000)
    finally:
        store.close()
    return {
        "latency_ms": latency,
        "kinds": [q["kind"] for q in questions],
        "errors": errors,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def worker_answer(
    db: Path, questions_path: Path, ready: Path, stop: Path, offset: int, warmup: int
) -> dict[str, Any]:
    """Answer questions in a loop until `stop` exists; every answer's time and error."""
    questions = [q["question"] for q in read_questions(questions_path)]
    records: list[tuple[float, float, str | None]] = []
    store = Store(db)
    try:
        ws = Workspace(store, TENANT)
        for q in questions[:warmup]:
            ws.answer_for_customer(q)
        ready.touch()
        for i in itertools.count(offset):
            if stop.exists():
                break
            question = questions[i % len(questions)]
            wall = time.time()
            started = time.perf_counter()
            error = None
            try:
                ws.answer_for_customer(question)
            except Exception as exc:
                error = f"{type(exc).__name__}: {exc}"
            records.append((wall, (time.perf_counter() - started) * 1000, error))
    finally:
        store.close()
    return {"records": records}


def run_worker(argv: Sequence[str]) -> int:
    kind, *rest = argv
    if kind == "ask":
        result = worker_ask(Path(rest[0]), Path(rest[1]))
    elif kind == "answer":
        db, qpath, ready, stop, offset, warmup = rest
        result = worker_answer(
            Path(db), Path(qpath), Path(ready), Path(stop), int(offset), int(warmup)
        )
    else:
        raise SystemExit(f"unknown worker {kind!r}")
    sys.stdout.write(json.dumps(result))
    return 0


# --------------------------------------------------------------------------------------
# 2 and 3. ask in-process (fresh subprocess) and through the CLI
# --------------------------------------------------------------------------------------


def ask_in_process(db: Path, questions_path: Path) -> dict[str, Any]:
    proc = subprocess.run(
        worker_command("ask", str(db), str(questions_path)),
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"ask worker failed: {proc.stderr.strip()[-2000:]}")
    data = json.loads(proc.stdout)
    by_kind: dict[str, list[float]] = defaultdict(list)
    for kind, ms in zip(data["kinds"], data["latency_ms"], strict=True):
        by_kind[kind].append(ms)
    return {
        **pcts(data["latency_ms"]),
        "by_kind": {kind: pcts(values) for kind, values in sorted(by_kind.items())},
        "errors": len(data["errors"]),
        "error_examples": data["errors"][:3],
        "peak_rss_mb": round(data["peak_rss_mb"], 1),
    }


def ask_cli(db: Path, questions: Sequence[dict[str, str]]) -> dict[str, Any]:
    latency = []
    errors = 0
    for q in questions:
        started = time.perf_counter()
        proc = subprocess.run(
            [*emptychair(), "--db", str(db), "ask", "--json", q["question"]],
            capture_output=True,
            text=True,
            check=False,
        )
        latency.append((time.perf_counter() - started) * 1000)
        if proc.returncode != 0 or "answer" not in json.loads(proc.stdout or "{}"):
            errors += 1
    return {**pcts(latency), "errors": errors}


# --------------------------------------------------------------------------------------
# 4 and 5. Baselines and quality
# --------------------------------------------------------------------------------------


class Corpus:
    """The stored snippets as the index sees them: ids (sorted) and token-id lists."""

    def __init__(self, db: Path, fts_path: Path) -> None:
        self.vocab: defaultdict[str, int] = defaultdict(itertools.count().__next__)
        ids: list[int] = []
        self.token_ids: list[list[int]] = []
        started = time.perf_counter()
        src = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        remove_db(fts_path)
        fts = sqlite3.connect(fts_path)
        fts.execute("PRAGMA journal_mode = OFF")
        fts.execute("PRAGMA synchronous = OFF")
        fts.execute("CREATE VIRTUAL TABLE fts USING fts5(body, content='', tokenize='ascii')")
        self.fts_rows = 0
        batch: list[tuple[int, str]] = []
        lookup = self.vocab.__getitem__
        tokenize_seconds = 0.0
        insert_seconds = 0.0
        fts.execute("BEGIN")
        cursor = src.execute("SELECT id, text FROM feedback WHERE tenant = ? ORDER BY id", [TENANT])
        for doc_id, text in cursor:
            t0 = time.perf_counter()
            tokens = tokenize(text)
            tokenize_seconds += time.perf_counter() - t0
            if not tokens:  # the index leaves out snippets without terms, so do we
                continue
            ids.append(doc_id)
            self.token_ids.append(list(map(lookup, tokens)))
            batch.append((doc_id, " ".join(tokens)))
            if len(batch) >= 20_000:
                t0 = time.perf_counter()
                fts.executemany("INSERT INTO fts (rowid, body) VALUES (?, ?)", batch)
                insert_seconds += time.perf_counter() - t0
                batch.clear()
        t0 = time.perf_counter()
        fts.executemany("INSERT INTO fts (rowid, body) VALUES (?, ?)", batch)
        fts.execute("INSERT INTO fts (fts) VALUES ('optimize')")
        fts.execute("COMMIT")
        insert_seconds += time.perf_counter() - t0
        fts.close()
        src.close()
        self.ids = np.asarray(ids, dtype=np.int64)
        self.tokenize_seconds = tokenize_seconds
        self.fts_build_seconds = insert_seconds
        self.load_seconds = time.perf_counter() - started
        self.fts_path = fts_path

    def query_ids(self, terms: Iterable[str]) -> list[int]:
        return [self.vocab[t] for t in terms if t in self.vocab]


def time_ours(store: Store, term_lists: Sequence[list[str]]) -> tuple[list[float], list[list]]:
    """SearchIndex.search_terms(terms, 10): a warm-up pass, then each query timed."""
    index = SearchIndex(store, TENANT, KIND)
    for terms in term_lists:
        index.search_terms(terms, TOP_K)
    latency, hits = [], []
    for terms in term_lists:
        started = time.perf_counter()
        found = index.search_terms(terms, TOP_K)
        latency.append((time.perf_counter() - started) * 1000)
        hits.append(found)
    return latency, hits


def fts_query(terms: Sequence[str]) -> str:
    return " OR ".join('"' + t.replace('"', '""') + '"' for t in terms)


def time_fts5(
    fts_path: Path, term_lists: Sequence[list[str]], budget_s: float, seed: int
) -> dict[str, Any]:
    """FTS5 OR query ranked by bm25(); all questions, or a fixed sample of 100 if too slow."""
    conn = sqlite3.connect(f"file:{fts_path}?mode=ro", uri=True)
    conn.execute("PRAGMA cache_size = -262144")  # 256 MiB page cache: warm, as ours is
    sql = "SELECT rowid FROM fts WHERE fts MATCH ? ORDER BY bm25(fts) LIMIT 10"
    order = random.Random(seed).sample(range(len(term_lists)), len(term_lists))
    for i in order[:5]:
        conn.execute(sql, [fts_query(term_lists[i])]).fetchall()
    latency: list[float] = []
    sampled = False
    limit = len(order)
    for n, i in enumerate(order):
        if n >= limit:
            break
        started = time.perf_counter()
        conn.execute(sql, [fts_query(term_lists[i])]).fetchall()
        latency.append((time.perf_counter() - started) * 1000)
        if n + 1 == 20 and sum(latency) / 1000 / 20 * len(order) > budget_s:
            limit = min(100, len(order))
            sampled = limit < len(order)
    conn.close()
    return {
        **pcts(latency),
        "timed": order[: len(latency)],
        "sampled": sampled,
        "note": (
            f"fixed random sample of {len(latency)} questions (all would exceed {budget_s:.0f}s)"
            if sampled
            else f"all {len(latency)} questions"
        ),
    }


def build_bm25s(data: Corpus) -> tuple[Any, float]:
    import bm25s

    started = time.perf_counter()
    retriever = bm25s.BM25(k1=1.2, b=0.75, method="lucene", backend="numpy")
    vocab = dict(data.vocab)
    retriever.index((data.token_ids, vocab), show_progress=False)
    return retriever, time.perf_counter() - started


def time_bm25s(retriever: Any, query_ids: Sequence[list[int]]) -> dict[str, Any]:
    """bm25s retrieve(k=10), numpy backend, one thread: a warm-up pass, then timed."""
    timed = [i for i, ids in enumerate(query_ids) if ids]  # no known term: nothing to rank
    usable = [query_ids[i] for i in timed]

    def once(ids: list[int]) -> None:
        retriever.retrieve(
            [ids], k=TOP_K, show_progress=False, n_threads=0, backend_selection="numpy"
        )

    for ids in usable:
        once(ids)
    latency = []
    for ids in usable:
        started = time.perf_counter()
        once(ids)
        latency.append((time.perf_counter() - started) * 1000)
    return {**pcts(latency), "timed": timed}


def overlap_at_10(
    retriever: Any, data: Corpus, query_ids: Sequence[list[int]], hits: Sequence[list]
) -> dict[str, Any]:
    """Our top 10 against the exact BM25 top 10; a doc tying the 10th score agrees."""
    values, strict = [], []
    worst: list[tuple[float, int]] = []
    for qi, (ids, found) in enumerate(zip(query_ids, hits, strict=True)):
        if not ids:
            values.append(1.0 if not found else 0.0)
            strict.append(values[-1])
            continue
        scores = np.asarray(retriever.get_scores(ids), dtype=np.float64)
        want = min(TOP_K, int(np.count_nonzero(scores > 0)))
        if want == 0:
            values.append(1.0 if not found else 0.0)
            strict.append(values[-1])
            continue
        top = np.argpartition(-scores, want - 1)[:want]
        kth = float(scores[top].min())
        positions = np.searchsorted(data.ids, [doc for doc, _ in found[:want]])
        positions = np.minimum(positions, len(data.ids) - 1)
        ok = [
            bool(data.ids[p] == doc and scores[p] >= kth * (1 - TIE_REL))
            for p, (doc, _) in zip(positions.tolist(), found[:want], strict=True)
        ]
        values.append(sum(ok) / want)
        exact = set(data.ids[top].tolist())
        strict.append(len(exact & {doc for doc, _ in found[:want]}) / want)
        if values[-1] < 1:
            worst.append((values[-1], qi))
    return {
        "mean": round(float(np.mean(values)), 4),
        "min": round(float(np.min(values)), 4),
        "below_1": int(sum(v < 1 for v in values)),
        "strict_mean": round(float(np.mean(strict)), 4),
        "worst_questions": [qi for _, qi in sorted(worst)[:5]],
    }


def eval_recall() -> dict[str, Any]:
    """recall@5 of the labelled set of tests/test_eval_recall.py, with its own helpers."""
    from tests import test_eval_recall as ev

    with tempfile.TemporaryDirectory() as tmp:
        reset_search_cache()
        store = Store(Path(tmp) / "eval.db")
        try:
            ws = Workspace(store, "eval")
            ws.import_feedback(ev.FEEDBACK)
            recall, report = ev._report(ev._evaluate(ws))
        finally:
            store.close()
            reset_search_cache()
    return {"recall_at_5": round(recall, 4), "min": ev.MIN_RECALL, "report": report.splitlines()[0]}


def eval_answer() -> dict[str, Any]:
    """The answer's figures on the labelled set of tests/test_eval_answer.py: verdict side
    accuracy, precision of `contradicting`, evidence in the top 5, distractors in the top 3."""
    from tests import test_eval_answer as ev

    with tempfile.TemporaryDirectory() as tmp:
        reset_search_cache()
        store = Store(Path(tmp) / "answer-eval.db")
        try:
            ws = Workspace(store, "eval")
            figures, _ = ev._score(ws, ev._import(ws, Path(tmp)))
        finally:
            store.close()
            reset_search_cache()
    return {name: round(value, 4) for name, value in figures.rates().items()}


# --------------------------------------------------------------------------------------
# 6. Incremental adds
# --------------------------------------------------------------------------------------


def incremental(db: Path, n: int, seed: int) -> dict[str, Any]:
    reset_search_cache()
    store = Store(db)
    try:
        ws = Workspace(store, TENANT)

        def segments() -> list[tuple[int, int]]:
            return [
                (int(r[0]), int(r[1]))
                for r in store.db.execute(
                    "SELECT id, n_docs FROM search_segments WHERE tenant = ? AND kind = ?"
                    " ORDER BY id",
                    [TENANT, KIND],
                )
            ]

        before = segments()
        latency = []
        added = 0
        for row in corpus.iter_rows(n, seed):
            item = FeedbackInput(
                text=row.text,
                customer=row.customer,
                segment=row.segment,
                source=row.source,
                sentiment=row.sentiment,
                created_at=row.created_at,
                external_id=f"incremental{seed}-{row.external_id}",
            )
            started = time.perf_counter()
            _, new = ws.add_feedback(item)
            latency.append((time.perf_counter() - started) * 1000)
            added += new
        after = segments()
        pending = store.db.execute(
            "SELECT pending_docs FROM search_stats WHERE tenant = ? AND kind = ?",
            [TENANT, KIND],
        ).fetchone()[0]
    finally:
        store.close()
        reset_search_cache()
    return {
        **pcts(latency),
        "added": added,
        "segments_before": len(before),
        "segments_after": len(after),
        # Existing segments untouched: every segment there before is still there, unchanged.
        "index_rewritten": not set(before) <= set(after),
        "pending_docs_after": int(pending),
    }


# --------------------------------------------------------------------------------------
# 7. Concurrency
# --------------------------------------------------------------------------------------


def concurrency(
    db: Path, questions_path: Path, fresh: Path, answerers: int, warmup: int = 20
) -> dict[str, Any]:
    """`answerers` processes ask in a loop while another imports `fresh` into the same db."""
    store = Store(db)
    try:
        before = count_feedback(store, TENANT)
    finally:
        store.close()
    with tempfile.TemporaryDirectory() as tmp:
        stop = Path(tmp) / "stop"
        readies = [Path(tmp) / f"ready-{i}" for i in range(answerers)]
        procs = [
            subprocess.Popen(
                worker_command(
                    "answer",
                    str(db),
                    str(questions_path),
                    str(ready),
                    str(stop),
                    str(i * 97),
                    str(warmup),
                ),
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for i, ready in enumerate(readies)
        ]
        try:
            deadline = time.monotonic() + 300
            while not all(r.exists() for r in readies):
                if any(p.poll() is not None for p in procs) or time.monotonic() > deadline:
                    raise RuntimeError("an answering process did not start")
                time.sleep(0.05)
            start = time.time()
            run = run_tracked(
                [*emptychair(), "--db", str(db), "feedback", "import", "--no-progress",
                 "--json", str(fresh)]
            )  # fmt: skip
            end = time.time()
        finally:
            stop.touch()
            outputs = [p.communicate(timeout=600) for p in procs]
    records = []
    worker_failures = []
    for proc, (out, err) in zip(procs, outputs, strict=True):
        if proc.returncode != 0:
            worker_failures.append(err.strip()[-500:])
            continue
        records += json.loads(out)["records"]
    during = [r for r in records if start <= r[0] <= end]
    errors = [r[2] for r in records if r[2]]
    locked = [e for e in errors if "locked" in e.lower() or "busy" in e.lower()]
    import_errors = run["returncode"] != 0
    imported = json.loads(run["stdout"]) if not import_errors else {}
    store = Store(db)
    try:
        after = count_feedback(store, TENANT)
    finally:
        store.close()
    return {
        "answerers": answerers,
        "import_rows": imported.get("rows", 0),
        "import_added": imported.get("added", 0),
        "import_seconds": round(run["seconds"], 3),
        "import_error": run["stderr"].strip()[-500:] if import_errors else None,
        "rows_landed": after - before,
        "answers": len(records),
        "answers_during_import": len(during),
        "errors": len(errors) + len(worker_failures) + int(import_errors),
        "locked_errors": len(locked) + int(import_errors and "lock" in run["stderr"].lower()),
        "error_examples": (errors + worker_failures)[:3],
        "ask_during_import": pcts([r[1] for r in during if not r[2]]),
    }


# --------------------------------------------------------------------------------------
# One size, all sizes, report
# --------------------------------------------------------------------------------------


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def ratio(a: float, b: float) -> float:
    return round(a / b, 2) if b else float("inf")


def run_size(
    rows: int,
    out: Path,
    *,
    seed: int = 7,
    n_questions: int = 500,
    cli_questions: int = 50,
    fts_budget_s: float = 600.0,
    incremental_adds: int | None = 50,
    concurrency_rows: int | None = 20_000,
    answerers: int = 4,
    eval_result: dict[str, Any] | None = None,
    answer_result: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Every measurement for one corpus size; writes bench/out/retrieval-<size>.json."""
    out.mkdir(parents=True, exist_ok=True)
    name = label(rows)
    log(f"[{name}] corpus")
    csv_path = ensure_corpus(rows, out, seed)
    questions_path = ensure_questions(out, n_questions, seed)
    questions = read_questions(questions_path)
    db = out / f"bench-{name}.db"
    remove_db(db)

    log(f"[{name}] import")
    first = cli_import(db, csv_path)
    first["db_mb"] = round(db_bytes(db) / 1e6, 1)
    second = cli_import(db, csv_path)
    reimport = {
        "added": second["added"],
        "seconds": second["seconds"],
        "faster": second["seconds"] < first["seconds"],
    }

    log(f"[{name}] ask in-process")
    ask = ask_in_process(db, questions_path)
    log(f"[{name}] ask via CLI")
    cli = ask_cli(db, questions[: min(cli_questions, len(questions))])

    log(f"[{name}] baselines: FTS5 and bm25s")
    term_lists = [topical_terms(q["question"]) for q in questions]
    # Ours first, before this process holds the baselines' millions of token lists.
    reset_search_cache()
    store = Store(db)
    try:
        ours_ms, hits = time_ours(store, term_lists)
    finally:
        store.close()
        reset_search_cache()
    search = pcts(ours_ms)
    data = Corpus(db, out / f"fts-{name}.db")
    gc.freeze()  # the token lists live until the end: keep the collector off them
    fts5 = time_fts5(data.fts_path, term_lists, fts_budget_s, seed)
    fts5["build_seconds"] = round(data.fts_build_seconds, 1)
    fts5["db_mb"] = round(db_bytes(data.fts_path) / 1e6, 1)
    retriever, bm_build = build_bm25s(data)
    query_ids = [data.query_ids(t) for t in term_lists]
    bm = {**time_bm25s(retriever, query_ids), "build_seconds": round(bm_build, 1)}
    # Each ratio compares the same questions: FTS5 may time a sample, bm25s leaves out
    # questions with no known term.
    ours_fts = pcts([ours_ms[i] for i in fts5.pop("timed")])
    ours_bm = pcts([ours_ms[i] for i in bm.pop("timed")])
    ratios = {
        "fts5_over_ours_p50": ratio(fts5["p50"], ours_fts["p50"]),
        "fts5_over_ours_p99": ratio(fts5["p99"], ours_fts["p99"]),
        "bm25s_over_ours_p50": ratio(bm["p50"], ours_bm["p50"]),
        "bm25s_over_ours_p99": ratio(bm["p99"], ours_bm["p99"]),
        # The whole answer (verdict, stance, vocabulary) against FTS5's retrieval alone.
        "fts5_over_answer_p99": ratio(fts5["p99"], ask["p99"]),
        "ours_on_fts5_questions": ours_fts,
        "ours_on_bm25s_questions": ours_bm,
    }
    log(f"[{name}] quality")
    quality = overlap_at_10(retriever, data, query_ids, hits)
    quality["docs"] = len(data.ids)
    del retriever, data
    gc.unfreeze()
    data_eval = eval_result if eval_result is not None else eval_recall()
    data_answer = answer_result if answer_result is not None else eval_answer()

    inc: dict[str, Any] | None = None
    if incremental_adds:
        log(f"[{name}] incremental adds")
        inc = incremental(db, incremental_adds, seed + 1000)
    conc: dict[str, Any] | None = None
    if concurrency_rows:
        log(f"[{name}] concurrency: {answerers} answering, importing {concurrency_rows}")
        fresh = fresh_csv(concurrency_rows, out, seed + 4)
        conc = concurrency(db, questions_path, fresh, answerers)

    targets: dict[str, bool] = {
        "reimport_adds_nothing": reimport["added"] == 0,
        "reimport_faster": reimport["faster"],
        "fts5_p99_20x": ratios["fts5_over_ours_p99"] >= 20,
        "not_slower_than_bm25s_p50": ours_bm["p50"] <= bm["p50"],
        "overlap_0_9": quality["mean"] >= 0.9,
        "eval_recall_0_9": data_eval["recall_at_5"] >= 0.9,
        "answer_side_accuracy_0_9": data_answer["side_accuracy"] >= 0.9,
        "answer_contradicting_precision_0_9": data_answer["contradicting_precision"] >= 0.9,
        "answer_evidence_top5_0_8": data_answer["evidence_in_top5"] >= 0.8,
        "answer_distractors_top3_0_05": data_answer["distractors_in_top3"] <= 0.05,
    }
    if rows >= 1_000_000:
        targets["ask_p99_10ms"] = ask["p99"] <= 10
        targets["ask_p50_3ms"] = ask["p50"] <= 3
        targets["fts5_p99_20x_answer"] = ratios["fts5_over_answer_p99"] >= 20
    if inc is not None:
        targets["incremental_no_rewrite"] = not inc["index_rewritten"]
    if conc is not None:
        targets["concurrency_no_errors"] = conc["errors"] == 0
        targets["concurrency_no_locked"] = conc["locked_errors"] == 0
        targets["concurrency_rows_landed"] = conc["rows_landed"] == concurrency_rows
    result = {
        "schema": SCHEMA,
        "size": name,
        "rows": rows,
        "date": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "machine": machine(),
        "import": first,
        "reimport": reimport,
        "ask": ask,
        "cli": cli,
        "search": search,
        "fts5": fts5,
        "bm25s": bm,
        "ratios": ratios,
        "quality": quality,
        "eval": data_eval,
        "answer_eval": data_answer,
        "incremental": inc,
        "concurrency": conc,
        "targets": targets,
    }
    (out / f"retrieval-{name}.json").write_text(
        json.dumps(result, indent=2, default=_jsonable) + "\n"
    )
    return result


def _jsonable(value: Any) -> Any:
    return value.item() if hasattr(value, "item") else str(value)


def _f(value: Any, digits: int = 1) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _get(result: dict[str, Any], path: str) -> Any:
    value: Any = result
    for key in path.split("."):
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    return value


TABLE: tuple[tuple[str, str, int], ...] = (
    ("import: wall s", "import.seconds", 1),
    ("import: rows/s", "import.rows_per_s", 0),
    ("import: peak RSS MB (child)", "import.peak_rss_mb", 0),
    ("import: DB size MB (db+wal)", "import.db_mb", 1),
    ("re-import: rows added", "reimport.added", 0),
    ("re-import: wall s", "reimport.seconds", 1),
    ("ask in-process p50 ms", "ask.p50", 2),
    ("ask in-process p95 ms", "ask.p95", 2),
    ("ask in-process p99 ms", "ask.p99", 2),
    ("ask common p50 / p99 ms", "ask.by_kind.common.p50|ask.by_kind.common.p99", 2),
    ("ask specific p50 / p99 ms", "ask.by_kind.specific.p50|ask.by_kind.specific.p99", 2),
    ("ask peak RSS MB", "ask.peak_rss_mb", 0),
    ("ask via CLI p50 / p95 / p99 ms", "cli.p50|cli.p95|cli.p99", 0),
    ("search_terms (ours) p50 / p95 / p99 ms", "search.p50|search.p95|search.p99", 2),
    ("FTS5 p50 / p95 / p99 ms", "fts5.p50|fts5.p95|fts5.p99", 1),
    ("FTS5 questions timed", "fts5.n", 0),
    ("bm25s p50 / p95 / p99 ms", "bm25s.p50|bm25s.p95|bm25s.p99", 2),
    ("FTS5 / ours at p50, p99 (x)", "ratios.fts5_over_ours_p50|ratios.fts5_over_ours_p99", 1),
    ("bm25s / ours at p50, p99 (x)", "ratios.bm25s_over_ours_p50|ratios.bm25s_over_ours_p99", 1),
    ("overlap@10 with exact BM25 (mean / min)", "quality.mean|quality.min", 3),
    ("FTS5 p99 / whole answer p99 (x)", "ratios.fts5_over_answer_p99", 1),
    ("eval set recall@5", "eval.recall_at_5", 3),
    (
        "answer eval: side accuracy / contradicting precision",
        "answer_eval.side_accuracy|answer_eval.contradicting_precision",
        3,
    ),
    (
        "answer eval: evidence in top 5 / distractors in top 3",
        "answer_eval.evidence_in_top5|answer_eval.distractors_in_top3",
        3,
    ),
    ("add_feedback p50 / p99 / max ms", "incremental.p50|incremental.p99|incremental.max", 1),
    ("add_feedback rewrote the index (must be no)", "incremental.index_rewritten", 0),
    ("concurrent: answers during import", "concurrency.answers_during_import", 0),
    ("concurrent: errors / locked", "concurrency.errors|concurrency.locked_errors", 0),
    ("concurrent: ask p99 during import ms", "concurrency.ask_during_import.p99", 1),
    ("concurrent: rows landed / import s", "concurrency.rows_landed|concurrency.import_seconds", 1),
)


def table(results: Sequence[dict[str, Any]], markdown: bool) -> str:
    header = ["metric", *(r["size"] for r in results)]
    body = []
    for title, paths, digits in TABLE:
        cells = []
        for r in results:
            parts = [_get(r, p) for p in paths.split("|")]
            known = any(v is not None for v in parts)
            cells.append(" / ".join(_f(v, digits) for v in parts) if known else "-")
        body.append([title, *cells])
    failed = [
        ", ".join(k for k, ok in r["targets"].items() if not ok) or "all met" for r in results
    ]
    body.append(["targets not met", *failed])
    if markdown:
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        lines += ["| " + " | ".join(row) + " |" for row in body]
        return "\n".join(lines)
    widths = [max(len(row[i]) for row in [header, *body]) for i in range(len(header))]
    lines = []
    for row in [header, *body]:
        cells = [
            row[0].ljust(widths[0]),
            *(c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)),
        ]
        lines.append("  ".join(cells))
    return "\n".join(lines)


def write_markdown(out: Path) -> Path:
    """bench/out/retrieval.md from every retrieval-<size>.json in `out`."""
    results = []
    for path in out.glob("retrieval-*.json"):
        data = json.loads(path.read_text())
        if data.get("schema") == SCHEMA:
            results.append(data)
    results.sort(key=lambda r: r["rows"])
    m = results[-1]["machine"] if results else machine()
    dates = ", ".join(f"{r['size']}: {r['date']}" for r in results)
    text = "\n".join(
        [
            "# Retrieval benchmark",
            "",
            f"Run: {dates}",
            "",
            f"Machine: {m['cpu']}, {m['cores']} cores, {m['ram_gib']} GiB RAM;"
            f" Python {m['python']}, SQLite {m['sqlite']}, numpy {m['numpy']}.",
            "",
            "Command: `python bench/retrieval.py --sizes "
            + ",".join(r["size"] for r in results)
            + "`",
            "",
            table(results, markdown=True),
            "",
            "Notes: latencies are warm (each question answered once before timing);"
            " `search_terms` is SearchIndex.search_terms(topical_terms(q), 10), the retrieval"
            " that FTS5 and bm25s are compared with; ratios > 1 mean ours is faster, each"
            " over the same questions (FTS5 times a fixed sample of 100 if all would take"
            " too long; bm25s skips questions with no known term)."
            " FTS5: contentless table over the same tokens, `tokenize='ascii'`, OR of the"
            " quoted terms, ORDER BY bm25 LIMIT 10, 256 MiB page cache."
            " bm25s: lucene, k1=1.2, b=0.75, numpy backend, one thread, retrieve(k=10).",
            "",
        ]
    )
    path = out / "retrieval.md"
    path.write_text(text)
    return path


def run(
    sizes: Sequence[int],
    out: Path = OUT,
    *,
    concurrency_max: int = 100_000,
    progress: Callable[[str], None] = print,
    **options: Any,
) -> list[dict[str, Any]]:
    """Run every size; incremental adds at the largest, concurrency at the largest <= max."""
    sizes = sorted(set(sizes))
    conc_size = max((s for s in sizes if s <= concurrency_max), default=None)
    evaluation = eval_recall()
    answer_evaluation = eval_answer()
    concurrency_rows = options.pop("concurrency_rows", 20_000)
    incremental_adds = options.pop("incremental_adds", 50)
    results = []
    for rows in sizes:
        result = run_size(
            rows,
            out,
            eval_result=evaluation,
            answer_result=answer_evaluation,
            incremental_adds=incremental_adds if rows == sizes[-1] else None,
            concurrency_rows=concurrency_rows if rows == conc_size else None,
            **options,
        )
        results.append(result)
        progress(table([result], markdown=False) + "\n")
    write_markdown(out)
    return results


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list[:1] == ["--worker"]:
        return run_worker(args_list[1:])
    if args_list[:1] == ["--imports"]:
        # Import speed, memory, and writers waiting during a big import: bench/imports.py.
        from bench import imports

        return imports.main(args_list[1:])
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10k,100k,1m", help="corpus sizes (10k,100k,1m)")
    parser.add_argument("--quick", action="store_true", help="10k only: a smoke run")
    parser.add_argument("--out", type=Path, default=OUT, help="output directory")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--questions", type=int, default=500, help="questions per size")
    parser.add_argument("--cli-questions", type=int, default=50, help="questions via the CLI")
    parser.add_argument(
        "--fts-budget", type=float, default=600.0, help="seconds for all FTS5 queries, else 100"
    )
    parser.add_argument(
        "--concurrency-max", default="100k", help="concurrency at the largest size <= this"
    )
    parser.add_argument("--concurrency-rows", type=int, default=20_000)
    parser.add_argument("--answerers", type=int, default=4)
    args = parser.parse_args(args_list)
    sizes = [10_000] if args.quick else [parse_size(s) for s in args.sizes.split(",") if s]
    started = time.perf_counter()
    results = run(
        sizes,
        args.out,
        concurrency_max=parse_size(args.concurrency_max),
        seed=args.seed,
        n_questions=args.questions,
        cli_questions=args.cli_questions,
        fts_budget_s=args.fts_budget,
        concurrency_rows=args.concurrency_rows,
        answerers=args.answerers,
    )
    print(table(results, markdown=False))
    print(f"\nwrote {args.out / 'retrieval.md'} in {time.perf_counter() - started:.0f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
