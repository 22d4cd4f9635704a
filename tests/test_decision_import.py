"""`decisions import`: history comes in with its dates, all or nothing, once."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.errors import ImportFailed, InvalidInput
from bot.feedback import FeedbackInput
from bot.models import DecisionDraft
from bot.store import Store
from bot.workspace import Workspace
from tests.helpers import cli, db_digest

HEADER = "id,title,status,decision,customer_impact,owner,review_on,feedback_ids,created_at\n"


def test_csv_keeps_dates_owners_status_and_past_reviews(ws: Workspace, tmp_path: Path) -> None:
    snippet, _ = ws.add_feedback(FeedbackInput("Returns are too slow", customer="A"))
    path = tmp_path / "old.csv"
    path.write_text(
        HEADER
        + f"7,Keep free returns,decided,Returns stay free,Consumers,ana,2025-03-01,{snippet.id},"
        "2025-01-15\n"
        "9,Charge for returns,reversed,$3 fee,Consumers pay,bo,,,2024-06-01T10:30:00+02:00\n",
        encoding="utf-8",
    )
    result = ws.import_decisions(path, actor="cli:me")
    assert (result.imported, result.skipped) == (2, 0)
    assert result.ids == (1, 2)  # oldest first: the reversed one (2024) gets the lower id
    kept = ws.get_decision(2)
    assert (kept.created_at, kept.owner, kept.status, kept.review_on) == (
        "2025-01-15T00:00:00+00:00",
        "ana",
        "decided",
        "2025-03-01",  # before today: fine for history, refused for a new decision
    )
    assert kept.feedback_ids == (snippet.id,)
    assert kept.history[0].action == "imported" and kept.history[0].actor == "cli:me"
    reversed_ = ws.get_decision(1)
    assert (reversed_.status, reversed_.created_at) == ("reversed", "2024-06-01T08:30:00+00:00")
    # Imported decisions are listed by their original dates.
    assert [d.id for d in ws.list_decisions(since="2025-01-01")] == [kept.id]


def test_export_then_import_round_trips_and_is_idempotent(
    ws: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str], db_path: Path
) -> None:
    first = ws.record_decision(DecisionDraft(title="=cmd", decision="d1", customer_impact="c1"))
    ws.supersede_decision(
        first.id, DecisionDraft(title="Second", decision="d2", customer_impact="c2"), "U1"
    )
    ws.store.close()
    for fmt in ("csv", "jsonl"):
        target = tmp_path / f"log.{fmt}"
        code, _, err = cli(
            capsys, "--db", str(db_path), "decisions", "export", "--format", fmt, "-o", str(target)
        )
        assert (code, err) == (0, f"Wrote 2 decisions to {target}\n")
        other = tmp_path / f"other-{fmt}.db"
        code, out, err = cli(
            capsys, "--db", str(other), "decisions", "import", str(target), "--json"
        )
        assert (code, err) == (0, "")
        assert json.loads(out) == {"imported": 2, "skipped": 0, "ids": [1, 2]}
        code, out, _ = cli(capsys, "--db", str(other), "decisions", "list", "--json")
        listed = json.loads(out)
        assert [(d["title"], d["status"], d["superseded_by"]) for d in listed] == [
            ("Second", "decided", None),
            ("=cmd", "superseded", 2),  # the successor's id in the new log
        ]
        before = db_digest(other)
        code, out, err = cli(capsys, "--db", str(other), "decisions", "import", str(target))
        assert (code, out.strip()) == (0, "Imported 0 decisions (2 already in the log)")
        assert db_digest(other) == before
        # Importing the log's own export into the same log adds nothing either.
        code, out, _ = cli(capsys, "--db", str(db_path), "decisions", "import", str(target))
        assert out.strip() == "Imported 0 decisions (2 already in the log)"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("title,decision\nA,B\n", "line 1, column 'customer_impact': no 'customer_impact' column"),
        (HEADER + "1,A,decided,B,C,,,,2025-01-01\n2,A2,maybe,B,C,,,,2025-01-01\n",
         "line 3, column 'status': status must be one of"),
        (HEADER + "1,A,decided,B,C,,,,2025-01-01\n2,A2,decided,B,C,,,,yesterday\n",
         "line 3, column 'created_at': 'yesterday' is not a date"),
        (HEADER + "1,A,decided,B,C,,,,2030-01-01\n", "line 2, column 'created_at': 2030-01-01"),
        (HEADER + "1,A,decided,B,C,,,99,2025-01-01\n", "line 2, column 'feedback_ids': no feedback"),
        (HEADER + "1,A,decided,B,C,,soon,,2025-01-01\n", "line 2, column 'review_on'"),
        ("title,decision,customer_impact,decision_ids\nA,B,C,42\n",
         "line 2, column 'decision_ids': decision 42 is neither in the file nor in the log"),
        ('{"title": "A", "decision": "B", "customer_impact": "C"}\n[1]\n',
         "line 2: each line must be a JSON object"),
    ],
)  # fmt: skip
def test_a_bad_row_writes_nothing(ws: Workspace, tmp_path: Path, body: str, message: str) -> None:
    path = tmp_path / ("bad.jsonl" if body.startswith("{") else "bad.csv")
    path.write_text(body, encoding="utf-8")
    ws.record_decision(DecisionDraft(title="Existing", decision="d", customer_impact="c"))
    before = db_digest(ws.store.path)
    with pytest.raises(ImportFailed) as caught:
        ws.import_decisions(path)
    assert message in caught.value.message
    assert db_digest(ws.store.path) == before


def test_cli_reports_a_bad_file_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes(b"title,decision,customer_impact\nA,B,\xff\n")
    code, out, err = cli(capsys, "decisions", "import", str(path))
    assert (code, out) == (1, "")
    assert err == "error: line 2: not valid UTF-8 (byte 5 of the line); save the file as UTF-8\n"


def test_new_decisions_may_not_be_reviewed_in_the_past(ws: Workspace) -> None:
    draft = DecisionDraft(title="T", decision="D", customer_impact="C", review_on="2026-11-21")
    with pytest.raises(InvalidInput) as caught:
        ws.record_decision(draft)
    assert caught.value.message == (
        "the review date 2026-11-21 is in the past; pick 2026-11-22 or later"
    )
    draft.review_on = "2026-11-22"  # today (FIXED_NOW) is fine
    assert ws.record_decision(draft).review_on == "2026-11-22"


def test_outcomes_come_in_with_their_dates_and_count_in_the_report(
    ws: Workspace, tmp_path: Path, store: Store
) -> None:
    from tests.test_report import outcome

    rows = [{"title": "Free returns", "decision": "d", "customer_impact": "c",
             "created_at": "2026-10-01", "review_on": "2026-10-20"}]  # fmt: skip
    path = tmp_path / "a.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    [first] = ws.import_decisions(path).ids
    outcome(ws, first, "2026-10-22T10:00:00+00:00", "worked")
    exported = tmp_path / "log.jsonl"
    exported.write_text("".join(ws.stream_export("jsonl")), encoding="utf-8")
    other = Workspace(Store(tmp_path / "other.db"), "default", ws.settings)
    [copy] = other.import_decisions(exported).ids
    moved = other.get_decision(copy)
    assert (moved.outcome_result, moved.outcome_at, moved.review_on) == (
        "worked",
        "2026-10-22T10:00:00+00:00",
        None,  # the review flow cleared it
    )
    report = other.report("2026-10-19", "2026-10-25")
    assert report.total.outcomes_worked == 1
    bad = tmp_path / "bad.csv"
    bad.write_text("title,decision,customer_impact,outcome_result\nA,B,C,great\n", "utf-8")
    with pytest.raises(ImportFailed) as caught:
        other.import_decisions(bad)
    assert caught.value.message.startswith("line 2, column 'outcome_result': outcome_result must")
    other.store.close()
