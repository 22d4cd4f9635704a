"""bench/retrieval.py end to end on a tiny corpus: every figure is there and sane."""

from __future__ import annotations

import json
from pathlib import Path

from bench import retrieval

ROWS = 2_000


def test_sizes_and_labels() -> None:
    assert [retrieval.parse_size(s) for s in ("10k", "100K", "1m", "2500")] == [
        10_000,
        100_000,
        1_000_000,
        2_500,
    ]
    assert [retrieval.label(n) for n in (2_000, 10_000, 1_000_000, 2_500)] == [
        "2k",
        "10k",
        "1m",
        "2500",
    ]


def test_quick_run_on_a_tiny_corpus(tmp_path: Path) -> None:
    out = tmp_path / "out"
    printed: list[str] = []
    results = retrieval.run(
        [ROWS],
        out,
        progress=printed.append,
        n_questions=200,
        cli_questions=3,
        concurrency_rows=500,
        answerers=2,
    )
    assert len(results) == 1 and printed

    data = json.loads((out / "retrieval-2k.json").read_text())
    assert set(retrieval.RESULT_FIELDS) <= set(data)
    assert data["rows"] == ROWS
    assert data["import"]["added"] == ROWS and data["import"]["peak_rss_mb"] > 0
    assert data["import"]["db_mb"] > 0
    assert data["reimport"]["added"] == 0
    for part in ("ask", "cli", "search", "fts5", "bm25s"):
        for key in ("p50", "p95", "p99"):
            assert data[part][key] > 0, (part, key)
    assert set(data["ask"]["by_kind"]) == {"common", "specific"}
    assert data["ask"]["errors"] == 0 and data["cli"]["errors"] == 0
    assert data["ask"]["peak_rss_mb"] > 0
    assert data["fts5"]["n"] == 200 and data["search"]["n"] == 200
    assert set(data["ratios"]) >= {
        "fts5_over_ours_p50",
        "fts5_over_ours_p99",
        "bm25s_over_ours_p50",
        "bm25s_over_ours_p99",
    }
    assert data["quality"]["mean"] >= 0.9
    assert data["quality"]["docs"] == ROWS
    assert data["eval"]["recall_at_5"] >= 0.9
    assert data["incremental"]["n"] == 50 and data["incremental"]["added"] == 50
    assert data["incremental"]["index_rewritten"] is False
    conc = data["concurrency"]
    assert conc["errors"] == 0 and conc["locked_errors"] == 0
    assert conc["rows_landed"] == 500 and conc["answers_during_import"] > 0
    assert data["targets"]["overlap_0_9"] and data["targets"]["reimport_adds_nothing"]
    # The answer's own figures come with every size, from the labelled answer set.
    assert data["answer_eval"]["side_accuracy"] >= 0.9
    assert data["ratios"]["fts5_over_answer_p99"] > 0

    table = (out / "retrieval.md").read_text()
    assert "| metric | 2k |" in table and "overlap@10" in table and "SQLite" in table
