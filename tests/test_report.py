"""The report: weekly figures, reviews, outcomes, voices, stages, and its three formats."""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from pathlib import Path

import pytest

from bot.config import Settings
from bot.feedback import FeedbackInput
from bot.report import Figures, build_report, place_on_stages
from bot.report_render import render_report, stage_paragraph
from bot.workspace import Workspace
from tests.helpers import cli

TODAY = date(2026, 11, 22)  # FIXED_NOW's date, a Sunday


def write_jsonl(path: Path, rows: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def session(ws: Workspace, started_at: str, voice: str | None, tenant: str = "default") -> None:
    ws.store.db.execute(
        "INSERT INTO sessions (tenant, platform, channel_id, started_at, ended_at,"
        " customer_had_voice) VALUES (?, 'slack', 'C1', ?, ?, ?)",
        [tenant, started_at, started_at, voice],
    )
    ws.store.db.conn.commit()


def outcome(ws: Workspace, decision_id: int, at: str, result: str) -> None:
    """An outcome recorded through the review flow's own core call, at the moment `at`."""
    moment = datetime.fromisoformat(at)
    with pytest.MonkeyPatch.context() as mp:
        # The core stamps history with the wall clock; here it reads `at` instead.
        mp.setattr("bot.decisions.utcnow", lambda: moment.isoformat())
        then = Workspace(ws.store, ws.tenant, Settings(clock=lambda: moment))
        note = None if result == "too-early" else f"customers: {result}"
        then.record_outcome(decision_id, "U1", result, note=note)


@pytest.fixture
def history(ws: Workspace, tmp_path: Path) -> dict[str, int]:
    """Two weeks of decisions (Mon 2 Nov and Mon 9 Nov 2026), reviews, outcomes, meetings."""
    snippet, _ = ws.add_feedback(
        FeedbackInput("Free returns keep me here", customer="A", segment="Consumers")
    )
    business, _ = ws.add_feedback(
        FeedbackInput("Invoices must show VAT", customer="B", segment="Small business")
    )
    p1, p2 = ws.principles()[0], ws.principles()[1]
    base = {"decision": "d", "customer_impact": "c"}
    rows: list[dict[str, object]] = [
        # week of 2 Nov: 3 decisions, 2 with evidence, 1 with a principle, 1 one-way
        {**base, "id": 1, "title": "A", "created_at": "2026-11-02T09:00:00+00:00",
         "feedback_ids": [snippet.id], "principle_ids": [p1.id], "door": "one-way",
         "review_on": "2026-11-05"},
        {**base, "id": 2, "title": "B", "created_at": "2026-11-03T09:00:00+00:00",
         "feedback_ids": [snippet.id, business.id], "review_on": "2026-11-06"},
        {**base, "id": 3, "title": "C", "created_at": "2026-11-08T23:59:00+00:00",
         "review_on": "2026-11-10"},
        # week of 9 Nov: 2 decisions, both citing principles, one withdrawn (left out)
        {**base, "id": 4, "title": "D", "created_at": "2026-11-09T00:00:00+00:00",
         "principle_ids": [p1.id, p2.id], "review_on": "2026-12-01"},
        {**base, "id": 5, "title": "E", "created_at": "2026-11-10T10:00:00+00:00",
         "principle_ids": [p1.id], "status": "reversed", "outcome": "Customers hated it",
         "updated_at": "2026-11-11T10:00:00+00:00"},
        {**base, "id": 6, "title": "Gone", "created_at": "2026-11-10T10:00:00+00:00",
         "principle_ids": [p2.id], "status": "withdrawn", "review_on": "2026-11-12"},
        # before the period (its review on 13 Nov was never answered: missing)
        {**base, "id": 7, "title": "Old", "created_at": "2026-10-01T10:00:00+00:00",
         "feedback_ids": [snippet.id], "review_on": "2026-11-13"},
    ]  # fmt: skip
    assert ws.import_decisions(write_jsonl(tmp_path / "log.jsonl", rows)).imported == 7
    ids = {d.title: d.id for d in ws.list_decisions()}
    outcome(ws, ids["A"], "2026-11-04T10:00:00+00:00", "worked")  # before its review: on time
    outcome(ws, ids["B"], "2026-11-20T10:00:00+00:00", "did-not")  # 14 days after: late
    # Too early answers the review (2 days after its date) and asks again on 26 Nov.
    outcome(ws, ids["C"], "2026-11-12T10:00:00+00:00", "too-early")
    session(ws, "2026-11-02T15:00:00+00:00", "yes")
    session(ws, "2026-11-04T15:00:00+00:00", "no")
    session(ws, "2026-11-10T15:00:00+00:00", "partly")
    session(ws, "2026-11-11T15:00:00+00:00", None)
    return {**ids, "p1": p1.id, "p2": p2.id}


def test_weekly_and_total_figures(ws: Workspace, history: dict[str, int]) -> None:
    report = build_report(ws.store, ws.tenant, since="2026-11-02", until="2026-11-15", today=TODAY)
    assert [w.start for w in report.weeks] == [date(2026, 11, 2), date(2026, 11, 9)]
    first, second = (w.figures for w in report.weeks)
    assert first == Figures(
        decisions=3, with_customer_evidence=2, with_principle=1, one_way=1, two_way=2,
        reviews_on_time=1, reviews_late=1, outcomes_worked=1, voice_yes=1, voice_no=1,
    )  # fmt: skip
    assert second == Figures(
        decisions=2, with_principle=2, two_way=2, reviews_on_time=1, reviews_missing=1,
        outcomes_did_not=1, voice_partly=1, voice_unanswered=1,
    )  # fmt: skip
    # B's "did not" was recorded on 20 Nov, after the period: the total leaves it out too.
    assert report.total.outcomes_did_not == 1 and report.total.outcomes_worked == 1
    assert report.total.decisions == 5
    assert report.total.evidence_share == pytest.approx(2 / 5)
    assert report.total.review_share == pytest.approx(3 / 4)
    assert [(c.id, c.decisions) for c in report.principles] == [
        (history["p1"], 3),
        (history["p2"], 1),
    ]
    assert report.segments == (("Consumers", 2), ("Small business", 1))


def test_review_not_yet_due_and_default_period(ws: Workspace, history: dict[str, int]) -> None:
    report = build_report(ws.store, ws.tenant, until="2026-12-06", today=TODAY)
    assert report.since == date(2026, 9, 7)  # 13 weeks back, from a Monday
    # D is reviewed on 1 Dec and C again on 26 Nov, both after today.
    assert report.total.reviews_not_due == 2
    assert report.total.outcomes_did_not == 2  # E reversed on 11 Nov, B judged on 20 Nov


def test_tenants_do_not_mix(ws: Workspace, history: dict[str, int]) -> None:
    other = build_report(
        ws.store, "slack:T999", since="2026-11-01", until="2026-11-30", today=TODAY
    )
    assert other.total == Figures() and other.principles == () and other.segments == ()


@pytest.mark.parametrize(
    ("since", "until", "message"),
    [
        ("2026-12-01", "2026-11-01", "--since must not be after --until"),
        ("yesterday", None, "since 'yesterday' is not a date"),
        ("2000-01-01", "2026-01-01", "at most ten years"),
    ],
)
def test_bad_periods(
    ws: Workspace, capsys: pytest.CaptureFixture[str], since: str, until: str | None, message: str
) -> None:
    args = ["report", "--format", "json", "--since", since]
    args += ["--until", until] if until else []
    code, out, err = cli(capsys, *args)
    assert (code, out) == (1, "")
    assert message in err and err.count("\n") == 1


def test_stages_and_their_thresholds() -> None:
    assert place_on_stages(Figures()).key == "customer-focused"
    driven = Figures(decisions=10, with_customer_evidence=5, with_principle=6)
    assert place_on_stages(driven).key == "customer-driven"
    assert place_on_stages(driven).missing == ("reviews", "voice")
    engaged = Figures(
        decisions=10, with_customer_evidence=6, with_principle=6, reviews_on_time=1,
        reviews_missing=1, voice_yes=1, voice_no=1,
    )  # fmt: skip
    assert place_on_stages(engaged).key == "customer-engaged"
    inspired = Figures(
        decisions=10, with_customer_evidence=9, with_principle=9, reviews_on_time=8,
        reviews_late=1, reviews_missing=1, voice_yes=4, voice_partly=1,
        outcomes_worked=3, outcomes_did_not=2,
    )  # fmt: skip
    assert place_on_stages(inspired).key == "customer-inspired"
    # Unmeasured (no reviews due, no meeting answered) is never taken as met.
    assert place_on_stages(
        Figures(decisions=2, with_customer_evidence=2, with_principle=2)
    ).key == ("customer-driven")


def test_stage_paragraph_states_thresholds(ws: Workspace, history: dict[str, int]) -> None:
    report = build_report(ws.store, ws.tenant, since="2026-11-02", until="2026-11-15", today=TODAY)
    text = stage_paragraph(report)
    assert "stage 1: customer-focused" in text
    assert "at least 50% of decisions cite customer evidence" in text
    assert "This period: 40% with customer evidence, 60% with a principle" in text
    assert "To reach the next stage: more decisions citing customer evidence." in text
    empty = build_report(ws.store, "nobody", since="2026-11-02", until="2026-11-15", today=TODAY)
    assert "No decisions were logged in this period" in stage_paragraph(empty)


def test_json_and_markdown(
    ws: Workspace, history: dict[str, int], capsys: pytest.CaptureFixture[str], db_path: Path
) -> None:
    ws.store.close()
    code, out, err = cli(
        capsys, "--db", str(db_path), "report", "--since", "2026-11-02", "--until",
        "2026-11-15", "--format", "json",
    )  # fmt: skip
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert data["total"]["decisions"] == 5 and data["total"]["evidence_share"] == 0.4
    assert [w["week"] for w in data["weeks"]] == ["2026-11-02", "2026-11-09"]
    assert data["stage"]["key"] == "customer-focused"
    target = db_path.parent / "r.md"
    code, _, err = cli(
        capsys, "--db", str(db_path), "report", "--since", "2026-11-02", "--until",
        "2026-11-15", "--format", "md", "-o", str(target),
    )  # fmt: skip
    assert (code, err) == (0, f"Wrote the report to {target}\n")
    md = target.read_text(encoding="utf-8")
    assert "| With customer evidence | 40% (2) |" in md
    assert "| 2026-11-02 | 3 | 67% (2) | 33% (1) | 1 | 2 | 1 | 1 | 0 | 1 | 0 | 1 | 0 | 1 |" in md


def test_html_is_self_contained_and_escapes(ws: Workspace, tmp_path: Path) -> None:
    hostile = ws.add_principle("<script>alert(1)</script>", "body")
    rows = [{"title": "t", "decision": "d", "customer_impact": "c",
             "created_at": "2026-11-16", "principle_ids": [hostile.id]}]  # fmt: skip
    ws.import_decisions(write_jsonl(tmp_path / "x.jsonl", rows))
    html = render_report(
        build_report(ws.store, ws.tenant, since="2026-11-16", until="2026-11-22", today=TODAY),
        "html",
    )
    assert html.startswith("<!doctype html>") and html.count("<svg") == 4
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script" not in html
    # Nothing to fetch: the only URLs are XML namespace names, which are never loaded.
    urls = set(re.findall(r"https?://[^\s\"'<>]+", html))
    assert urls <= {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}
    assert "@media print" in html


def test_ask_does_not_load_matplotlib() -> None:
    import subprocess
    import sys

    code = (
        "import sys, handlers.cli, bot.report_render, bot.charts; "
        "print('matplotlib' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "False"
