"""The bulk entry point: short transactions, all-or-nothing visibility, clean failure."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot import staging
from bot.errors import ImportFailed
from bot.feedback import FeedbackInput, count_feedback, search_feedback
from bot.ingest import import_feedback_rows
from bot.store import Store

TENANT = "acme"


def rows(n: int, start: int = 0, word: str = "refund") -> Iterator[FeedbackInput]:
    for i in range(start, start + n):
        yield FeedbackInput(
            text=f"Ticket {i}: the {word} took {i % 17} days, please fix it",
            customer=f"Customer {i % 50}",
            source="zendesk",
            external_id=f"T{i}",
        )


def leftovers(store: Store) -> dict[str, int]:
    """Rows of runs that are not done: must be none after any failure is cleaned."""
    q = store.db.execute
    return {
        "runs": q("SELECT count(*) FROM imports WHERE state != 'done'").fetchone()[0],
        "rows": q(
            "SELECT count(*) FROM feedback WHERE import_id IS NOT NULL AND import_id NOT IN"
            " (SELECT id FROM imports WHERE state = 'done')"
        ).fetchone()[0],
        "segments": q(
            "SELECT count(*) FROM search_segments WHERE staged_by IS NOT NULL"
        ).fetchone()[0],
    }


def test_rows_become_visible_all_at_once(store: Store, db_path: Path) -> None:
    reader = Store(db_path)
    seen: list[tuple[int, int]] = []

    def progress(done: int) -> None:
        # Another connection, as another process would read: nothing before the end.
        seen.append(
            (count_feedback(reader, TENANT), len(search_feedback(reader, TENANT, "refund")))
        )

    result = import_feedback_rows(store, TENANT, rows(5_000), source="test", progress=progress)
    assert (result.rows, result.added, result.skipped, result.invalid) == (5_000, 5_000, 0, 0)
    assert len(seen) > 2  # several chunks, several transactions
    assert set(seen) == {(0, 0)}
    assert count_feedback(reader, TENANT) == 5_000
    assert len(search_feedback(reader, TENANT, "refund", 10)) == 10
    assert leftovers(store) == {"runs": 0, "rows": 0, "segments": 0}
    reader.close()


def test_a_bad_row_late_in_the_import_leaves_nothing(store: Store) -> None:
    def with_bad_row() -> Iterator[FeedbackInput]:
        yield from rows(3_000)
        yield FeedbackInput(text="bad", sentiment="furious", line=3_002)

    with pytest.raises(ImportFailed) as excinfo:
        import_feedback_rows(store, TENANT, with_bad_row(), source="test")
    assert excinfo.value.message.startswith("line 3002, column 'sentiment':")
    assert count_feedback(store, TENANT) == 0
    assert search_feedback(store, TENANT, "refund") == []
    assert store.db.execute("SELECT count(*) FROM feedback").fetchone()[0] == 0
    assert leftovers(store) == {"runs": 0, "rows": 0, "segments": 0}


def test_skip_mode_counts_bad_rows_and_keeps_the_rest(store: Store) -> None:
    items = [*rows(3), FeedbackInput(text="  "), FeedbackInput(text="ok", sentiment="??")]
    result = import_feedback_rows(store, TENANT, items, source="sync", on_invalid="skip")
    assert (result.rows, result.added, result.skipped, result.invalid) == (5, 3, 0, 2)


def test_reimport_adds_nothing_and_starts_no_run(store: Store) -> None:
    import_feedback_rows(store, TENANT, rows(1_000), source="test")
    runs = store.db.execute("SELECT count(*) FROM imports").fetchone()[0]
    again = import_feedback_rows(store, TENANT, rows(1_000), source="test")
    assert (again.added, again.skipped) == (0, 1_000)
    assert store.db.execute("SELECT count(*) FROM imports").fetchone()[0] == runs
    more = import_feedback_rows(store, TENANT, rows(1_000, start=500), source="test")
    assert (more.added, more.skipped) == (500, 500)
    assert count_feedback(store, TENANT) == 1_500


def test_tenants_are_kept_apart(store: Store) -> None:
    import_feedback_rows(store, TENANT, rows(100), source="test")
    assert count_feedback(store, "other") == 0
    assert search_feedback(store, "other", "refund") == []
    assert import_feedback_rows(store, "other", rows(100), source="test").added == 100


def test_a_dead_run_is_cleaned_up_by_the_next_import(store: Store) -> None:
    run = staging.begin_run(store, TENANT, "feedback", "test")
    # Pretend its process died on this host: an unused pid.
    with store.write() as db:
        db.execute("UPDATE imports SET owner = ? WHERE id = ?", [staging.dead_owner(), run.id])
        db.execute(
            "INSERT INTO feedback (tenant, text, added_at, dedupe_key, import_id)"
            " VALUES (?, 'half', '2026-11-22', 'ext:zendesk:T1', ?)",
            [TENANT, run.id],
        )
    assert count_feedback(store, TENANT) == 0
    result = import_feedback_rows(store, TENANT, rows(3), source="test")
    # T1 was held by the dead run; after the clean-up it is imported, not skipped.
    assert result.added == 3
    assert leftovers(store) == {"runs": 0, "rows": 0, "segments": 0}


def test_an_import_in_many_segments_ranks_like_one_in_one_segment(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Staged segments merged by concatenation score exactly as one segment would."""
    import bot.ingest
    import bot.search.staged
    from bot.search import SearchIndex

    monkeypatch.setattr(bot.ingest, "SEGMENT_DOCS", 700)
    monkeypatch.setattr(bot.search.staged, "PAGE_ROWS", 7)  # the merge reads many pages
    words = ["refund", "invoice", "shipping", "dark mode", "SSO", "outage", "返品", "ส่งฟรี"]
    items = [
        FeedbackInput(text=f"{words[i % 8]} {words[(i * 3) % 8]} note {i % 13} x{i}", line=i)
        for i in range(3_000)
    ]
    result = import_feedback_rows(store, TENANT, items, source="test")
    assert result.added == 3_000
    segments = store.db.execute(
        "SELECT count(*) FROM search_segments WHERE tenant = ? AND staged_by IS NULL", [TENANT]
    ).fetchone()[0]
    assert segments == 1
    other = Store(tmp_path / "reference.db")
    monkeypatch.setattr(bot.ingest, "SEGMENT_DOCS", 100_000)
    import_feedback_rows(other, TENANT, items, source="test")
    for query in ["refund invoice", "dark mode outage 7", "返品", "note 3 shipping"]:
        ours = SearchIndex(store, TENANT, "feedback").search(query, 10, exhaustive=True)
        ref = SearchIndex(other, TENANT, "feedback").search(query, 10, exhaustive=True)
        assert [d for d, _ in ours] == [d for d, _ in ref]
        # Same documents in the same order; scores differ only by the average length,
        # frozen from the first 700 documents in one case and from all 3,000 in the other.
        assert [d for d, _ in ours] == [d for d, _ in ref]
        assert [s for _, s in ours] == pytest.approx([s for _, s in ref], rel=1e-3)
    other.close()


def test_concurrent_imports_and_captures_keep_the_index_consistent(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Many small imports at once (each its own segment, compactions racing) and captures."""
    import threading

    import bot.ingest
    from bot.feedback import add_feedback

    monkeypatch.setattr(bot.ingest, "SMALL_RUN", 0)  # every run writes a segment
    errors: list[BaseException] = []

    def work(worker: int) -> None:
        store = Store(db_path)
        try:
            for batch in range(6):
                start = worker * 1_000 + batch * 20
                import_feedback_rows(store, TENANT, rows(20, start=start), source="t")
                add_feedback(store, TENANT, FeedbackInput(f"captured refund {worker} {batch}"))
                # The same rows again from another worker: stored once.
                import_feedback_rows(store, TENANT, rows(20, start=start), source="t")
        except BaseException as exc:
            errors.append(exc)
        finally:
            store.close()

    Store(db_path).close()
    threads = [threading.Thread(target=work, args=(w,)) for w in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    store = Store(db_path)
    expected = 4 * 6 * 20 + 4 * 6
    assert count_feedback(store, TENANT) == expected
    q = store.db.execute
    live = q(
        "SELECT coalesce(sum(n_docs), 0) FROM search_segments WHERE tenant = ?"
        " AND staged_by IS NULL",
        [TENANT],
    ).fetchone()[0]
    pending = q(
        "SELECT count(DISTINCT doc) FROM search_pending WHERE tenant = ? AND kind = 'feedback'",
        [TENANT],
    )
    stats = q("SELECT n_docs FROM search_stats WHERE tenant = ? AND kind = 'feedback'", [TENANT])
    assert live + pending.fetchone()[0] == expected
    assert stats.fetchone()[0] == expected
    assert len(search_feedback(store, TENANT, "refund", 600)) == expected
    assert leftovers(store) == {"runs": 0, "rows": 0, "segments": 0}
    store.close()


def test_the_import_checkpoints_the_wal_itself_and_other_writers_do_not(
    store: Store, db_path: Path
) -> None:
    """Other connections leave the WAL to the importer: their commits stay short."""
    from bot.store import BULK_CHECKPOINT_PAGES, CHECKPOINT_PAGES

    other = Store(db_path)
    seen: list[tuple[int, int]] = []

    def progress(done: int) -> None:
        seen.append(
            (
                store.db.execute("PRAGMA wal_autocheckpoint").fetchone()[0],
                other.db.execute("PRAGMA wal_autocheckpoint").fetchone()[0],
            )
        )

    import_feedback_rows(store, TENANT, rows(3_000), source="test", progress=progress)
    assert seen and set(seen) == {(BULK_CHECKPOINT_PAGES, CHECKPOINT_PAGES)}
    assert BULK_CHECKPOINT_PAGES * 4 <= CHECKPOINT_PAGES
    assert store.db.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == CHECKPOINT_PAGES
    other.close()
