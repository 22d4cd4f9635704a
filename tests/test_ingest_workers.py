"""Big imports prepare rows in worker processes: same rows, same index, same errors."""

from __future__ import annotations

import csv
import pickle
import threading
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import bot.ingest
from bot import ingest_pool
from bot.errors import ImportFailed
from bot.feedback import count_feedback, import_feedback
from bot.search import SearchIndex
from bot.search.staged import Accumulator, TermCodes, TermTable, token_list
from bot.store import Store

TENANT = "acme"
WORDS = ["refund", "invoice", "shipping fee", "dark mode", "SSO", "outage", "返品", "ส่งฟรี"]


@pytest.fixture(autouse=True)
def _workers_allowed(monkeypatch: pytest.MonkeyPatch) -> None:
    # pytest-xdist runs an I/O thread next to the tests; the worker only forks for
    # preparing rows, which takes no lock another thread could hold.
    monkeypatch.setattr(bot.ingest, "can_fork", lambda: True)


def write_csv(path: Path, n: int, *, bad_line: int | None = None, start: int = 0) -> Path:
    with path.open("w", newline="", encoding="utf-8") as out:
        w = csv.writer(out)
        w.writerow(["external_id", "source", "customer", "created_at", "url", "text"])
        for i in range(start, start + n):
            url = "ftp://nope" if bad_line is not None and i - start + 2 == bad_line else ""
            w.writerow(
                [
                    f"T{i}",
                    "zendesk",
                    f"Customer {i % 40} <c{i % 40}@example.com>",
                    f"2026-0{1 + i % 9}-1{i % 10}",
                    url,
                    f"{WORDS[i % 8]} {WORDS[(i * 3) % 8]} note {i % 13} x{i} call +48 601 234 {i % 900:03d}",
                ]
            )
    return path


def stored(store: Store) -> list[tuple[object, ...]]:
    return store.db.execute(
        "SELECT text, customer, segment, source, url, sentiment, language, created_at,"
        " external_id, dedupe_key FROM feedback WHERE tenant = ? ORDER BY id",
        [TENANT],
    ).fetchall()


def test_workers_store_and_index_exactly_what_the_serial_path_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_csv(tmp_path / "in.csv", 3_000)
    serial, parallel = Store(tmp_path / "serial.db"), Store(tmp_path / "parallel.db")
    used: list[int] = []
    real = bot.ingest.prepared_in_workers

    def spy(*args: Any, **kwargs: Any) -> Any:
        used.append(kwargs["workers"])
        return real(*args, **kwargs)

    monkeypatch.setattr(bot.ingest, "prepared_in_workers", spy)
    # Several staged segments, with workers' batches straddling their boundaries.
    monkeypatch.setattr(bot.ingest, "SEGMENT_DOCS", 700)
    a = import_feedback(serial, TENANT, path, workers=0)
    assert used == []
    b = import_feedback(parallel, TENANT, path, workers=2)
    assert used == [2]
    assert (a.rows, a.added, a.skipped) == (b.rows, b.added, b.skipped) == (3_000, 3_000, 0)
    assert stored(serial) == stored(parallel)
    assert "[email]" in str(stored(parallel)[0]) and "[phone]" in str(stored(parallel)[0])
    for query in ["refund invoice", "dark mode outage 7", "返品", "ส่งฟรี note 3"]:
        ours = SearchIndex(parallel, TENANT, "feedback").search(query, 10, exhaustive=True)
        ref = SearchIndex(serial, TENANT, "feedback").search(query, 10, exhaustive=True)
        assert ours == ref
    # Hashed e-mails were kept for forgetting, in both.
    count = "SELECT count(*) FROM feedback_emails WHERE tenant = ?"
    assert parallel.db.execute(count, [TENANT]).fetchone()[0] == 3_000
    assert serial.db.execute(count, [TENANT]).fetchone()[0] == 3_000


def test_reimport_with_workers_adds_nothing_and_new_rows_are_added(tmp_path: Path) -> None:
    store = Store(tmp_path / "db.sqlite")
    path = write_csv(tmp_path / "in.csv", 2_000)
    import_feedback(store, TENANT, path, workers=1)
    again = import_feedback(store, TENANT, path, workers=1)
    assert (again.rows, again.added, again.skipped) == (2_000, 0, 2_000)
    more = write_csv(tmp_path / "more.csv", 1_500, start=1_000)  # half of it is stored
    result = import_feedback(store, TENANT, more, workers=1)
    assert (result.rows, result.added, result.skipped) == (1_500, 500, 1_000)
    assert count_feedback(store, TENANT) == 2_500


def test_a_bad_row_names_its_line_and_leaves_nothing(tmp_path: Path) -> None:
    store = Store(tmp_path / "db.sqlite")
    path = write_csv(tmp_path / "in.csv", 2_500, bad_line=2_345)
    with pytest.raises(ImportFailed) as failure:
        import_feedback(store, TENANT, path, workers=2)
    assert failure.value.line == 2_345
    assert failure.value.column == "url"
    assert str(failure.value).startswith("line 2345, column 'url': url 'ftp://nope'")
    assert count_feedback(store, TENANT) == 0
    leftovers = store.db.execute("SELECT count(*) FROM feedback").fetchone()[0]
    assert leftovers == 0


def test_a_row_the_file_reader_refuses_names_its_line(tmp_path: Path) -> None:
    store = Store(tmp_path / "db.sqlite")
    path = tmp_path / "in.jsonl"
    lines = [f'{{"text": "refund {i}", "external_id": "J{i}"}}' for i in range(1_200)]
    lines[1_100] = '{"text": {"nested": "object"}, "external_id": "J1100"}'
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ImportFailed) as failure:
        import_feedback(store, TENANT, path, workers=1)
    assert failure.value.line == 1_101
    assert failure.value.column == "text"
    assert "line 1101, column 'text': expected text" in str(failure.value)
    assert count_feedback(store, TENANT) == 0


def test_term_codes_survive_pickling_and_fill_an_accumulator_like_strings() -> None:
    docs = [["refund", "late", "refund"], [], ["返品", "late"], ["ส่ง", "ฟรี", "refund"]]
    _, codes = TermTable.of(docs)
    codes = pickle.loads(pickle.dumps(codes))
    assert [token_list(c) for c in codes] == docs
    assert len({id(c.table) for c in codes}) == 1  # the table travels once per batch
    plain, coded = Accumulator(), Accumulator()
    plain.add(0, ["late"])  # an accumulator that already knows some terms
    coded.add(0, ["late"])
    for i, (doc, code) in enumerate(zip(docs, codes, strict=True), start=1):
        plain.add(i, doc)
        coded.add(i, code)
    assert list(plain.doc_ids) == list(coded.doc_ids) == [0, 1, 3, 4]
    a, b = plain.invert(), coded.invert()
    assert np.array_equal(a[0], b[0]) and np.array_equal(a[1], b[1])
    assert a[2].names == b[2].names
    assert np.array_equal(a[2].positions, b[2].positions)
    assert np.array_equal(a[2].tfs, b[2].tfs) and np.array_equal(a[2].starts, b[2].starts)
    assert isinstance(codes[0], TermCodes)


def test_workers_are_used_for_big_files_on_machines_with_cores_to_spare() -> None:
    assert ingest_pool.default_workers(100 * 1024 * 1024, cpus=2) == 1
    assert ingest_pool.default_workers(100 * 1024 * 1024, cpus=16) == ingest_pool.MAX_WORKERS
    assert ingest_pool.default_workers(1024 * 1024, cpus=16) == 0  # small: not worth it
    assert ingest_pool.default_workers(100 * 1024 * 1024, cpus=1) == 0


def test_no_fork_from_a_process_running_other_threads(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.undo()  # the real check
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert ingest_pool.can_fork() is False
    finally:
        stop.set()
        thread.join()


CHILD = """
import sys
from pathlib import Path
from bot.feedback import import_feedback
from bot.store import Store
store = Store(sys.argv[1])
print("started", flush=True)
import_feedback(store, "acme", Path(sys.argv[2]), workers=1, progress=lambda n: print(n, flush=True))
print("done", flush=True)
"""


def test_killing_the_importer_stops_its_workers_and_shows_nothing(tmp_path: Path) -> None:
    import signal
    import subprocess
    import sys
    import time

    import psutil

    path = write_csv(tmp_path / "in.csv", 30_000)
    db = tmp_path / "db.sqlite"
    Store(db).close()
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(db), str(path)],
        cwd=Path(__file__).resolve().parents[1],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "started"
    workers: list[psutil.Process] = []
    read = 0
    for line in child.stdout:  # progress: bytes read per line
        read += int(line)
        if read > 1_000_000:  # a third of the file: the workers are running
            workers = psutil.Process(child.pid).children()
            break
    assert len(workers) == 1
    child.send_signal(signal.SIGKILL)
    child.wait()
    _, alive = psutil.wait_procs(workers, timeout=10)
    assert alive == []
    time.sleep(0.1)
    store = Store(db)
    assert count_feedback(store, TENANT) == 0


def test_batches_sent_to_workers_are_bounded_by_text_as_well_as_rows() -> None:
    from bot.feedback import FeedbackInput
    from bot.importing import Record

    long_rows = iter([Record(i + 2, {"text": "x" * 300_000}) for i in range(40)])
    batch = ingest_pool._batch(long_rows)
    assert len(batch) == -(-ingest_pool.BATCH_CHARS // 300_000)  # 7 rows, not 40
    short = iter([FeedbackInput(text=f"refund {i}") for i in range(5_000)])
    assert len(ingest_pool._batch(short)) == ingest_pool.BATCH


def test_scores_do_not_depend_on_how_the_import_was_chunked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Chunk sizes follow the machine's speed; the index's frozen average length must not.

    It was taken from whatever the first segment held, so the same file imported on a
    busy machine scored its snippets slightly differently.
    """
    from bot import staging

    class Fixed(staging.ChunkSizer):
        def observe(self, items: int, seconds: float) -> None:
            pass

    path = write_csv(tmp_path / "in.csv", 2_000)
    monkeypatch.setattr(bot.ingest, "SEGMENT_DOCS", 700)
    results = []
    for size in (64, 333):
        monkeypatch.setattr(bot.ingest.staging, "ChunkSizer", lambda s=size: Fixed(first=s))
        store = Store(tmp_path / f"chunks-{size}.db")
        import_feedback(store, TENANT, path, workers=0)
        index = SearchIndex(store, TENANT, "feedback")
        results.append([index.search(q, 10, exhaustive=True) for q in ("refund invoice", "返品")])
    assert results[0] == results[1]
    assert results[0][0]  # the queries do find snippets
