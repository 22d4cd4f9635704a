"""The weekly digest: its content, its schedule (Monday morning in the workspace's zone), the CLI."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from bot import digest_schedule
from bot.digest import DigestDecision, DigestOutcome, DigestReview, Topic, digest_text
from bot.feedback import FeedbackInput
from bot.store import Store
from bot.workspace import Workspace
from tests.helpers import FIXED_NOW, cli
from tests.test_report import outcome, session, write_jsonl


def arrived(ws: Workspace, text: str, at: datetime, sentiment: str | None = None) -> int:
    """A snippet that arrived at `at` (the store stamps arrival with the wall clock)."""
    item, _ = ws.add_feedback(FeedbackInput(text, customer=text[:8], sentiment=sentiment))
    ws.store.db.execute("UPDATE feedback SET added_at = ? WHERE id = ?", [at.isoformat(), item.id])
    ws.store.db.conn.commit()
    return item.id


@pytest.fixture
def week(ws: Workspace, tmp_path: Path) -> dict[str, int]:
    """The week before FIXED_NOW (Sunday 22 Nov 2026 12:00 UTC), and some older history."""
    old = FIXED_NOW - timedelta(days=30)
    happy = arrived(ws, "Free returns are great", old, "positive")
    angry = arrived(ws, "Return fees are too expensive", old, "negative")
    calm = arrived(ws, "I return things sometimes", old, "neutral")
    for i, text in enumerate(
        [
            "Delivery was slow again",
            "Slow delivery, parcel lost",
            "The delivery driver was kind",
            "Invoices lack VAT numbers",
            "Invoices arrive late",
            "Checkout crashed on my phone",
        ]
    ):
        arrived(ws, text, FIXED_NOW - timedelta(days=1, hours=i))
    arrived(ws, "Delivery is fine", FIXED_NOW - timedelta(days=8))  # before the week
    p = ws.principles()[0].id
    base = {"decision": "d", "customer_impact": "c"}
    rows = [
        {**base, "title": "Keep free returns", "created_at": "2026-11-17T10:00:00+00:00",
         "feedback_ids": [happy, angry, calm], "principle_ids": [p], "door": "one-way"},
        {**base, "title": "New checkout", "created_at": "2026-11-20T10:00:00+00:00"},
        {**base, "title": "Logged by mistake", "created_at": "2026-11-20T11:00:00+00:00",
         "status": "withdrawn"},
        {**base, "title": "Old pricing", "created_at": "2026-10-01T10:00:00+00:00",
         "owner": "ana", "review_on": "2026-11-12"},
        {**base, "title": "Older pricing", "created_at": "2026-09-01T10:00:00+00:00",
         "owner": "bo", "review_on": "2026-11-02"},
        {**base, "title": "Reviewed", "created_at": "2026-09-01T10:00:00+00:00",
         "review_on": "2026-11-10"},
        {**base, "title": "Due soon", "created_at": "2026-10-01T10:00:00+00:00",
         "review_on": "2026-11-25"},
        {**base, "title": "Later", "created_at": "2026-10-01T10:00:00+00:00",
         "review_on": "2027-01-25"},
    ]  # fmt: skip
    ws.import_decisions(write_jsonl(tmp_path / "log.jsonl", rows))
    ids = {d.title: d.id for d in ws.list_decisions()}
    outcome(ws, ids["Reviewed"], "2026-11-18T09:00:00+00:00", "worked")
    session(ws, "2026-11-18T15:00:00+00:00", "yes")
    session(ws, "2026-11-19T15:00:00+00:00", "no")
    session(ws, "2026-11-01T15:00:00+00:00", "no")  # before the week
    return ids


def test_the_week_in_one_digest(ws: Workspace, week: dict[str, int]) -> None:
    digest = ws.digest("Europe/Warsaw")
    assert (digest.start, digest.end, digest.today) == (
        FIXED_NOW - timedelta(days=7),
        FIXED_NOW,
        date(2026, 11, 22),
    )
    assert digest.decisions == (
        DigestDecision(week["Keep free returns"], "Keep free returns", "one-way", 1, 1, 1, 1),
        DigestDecision(week["New checkout"], "New checkout", "two-way", 0, 0, 0, 0),
    )
    assert (digest.decision_count, digest.with_evidence, digest.with_principle) == (2, 1, 1)
    assert digest.overdue == (
        DigestReview(week["Older pricing"], "Older pricing", "bo", "2026-11-02", 20),
        DigestReview(week["Old pricing"], "Old pricing", "ana", "2026-11-12", 10),
    )
    assert digest.due == (DigestReview(week["Due soon"], "Due soon", None, "2026-11-25", 0),)
    assert digest.outcomes == (DigestOutcome(week["Reviewed"], "Reviewed", "worked"),)
    assert digest.voices == {"yes": 1, "partly": 0, "no": 1, "unanswered": 0}
    assert digest.topics == (Topic("delivery", 3), Topic("invoices", 2), Topic("slow", 2))
    assert digest.new_feedback == 6


def test_the_digest_in_plain_text_and_in_polish(ws: Workspace, week: dict[str, int]) -> None:
    text = digest_text(ws.digest())
    assert text.startswith("Weekly customer digest: 2026-11-16 to 2026-11-22\n")
    assert "  50% with customer evidence, 50% citing a principle." in text
    assert (
        f"  D{week['Keep free returns']} Keep free returns (one-way door; 3 customer quotes: "
        "1 positive, 1 negative)" in text
    )
    assert f"  D{week['Older pricing']} Older pricing (20 days late, bo)" in text
    assert f"  D{week['Due soon']} Due soon (due 2026-11-25)" in text
    assert f"  D{week['Reviewed']} Reviewed: worked for customers" in text
    assert "  Yes: 1, partly: 0, no: 1, not answered: 0." in text
    assert "  delivery: 3 new snippets" in text
    polish = digest_text(ws.digest(), "pl")
    assert "Cotygodniowe podsumowanie" in polish and "delivery: 3 nowe wypowiedzi" in polish


def test_an_empty_week(ws: Workspace) -> None:
    text = digest_text(ws.digest())
    assert "0 decisions this week" in text and "— with customer evidence" in text
    assert "No outcome recorded this week." in text
    assert "No new customer feedback this week." in text


def test_cli_prints_the_digest(
    ws: Workspace, week: dict[str, int], db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ws.store.close()
    # The CLI reads the wall clock: only the shape is checked here, the content above.
    code, out, err = cli(capsys, "--db", str(db_path), "digest", "--print", "--json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert [s["title"] for s in data["sections"]][1:] == [
        "Reviews",
        "Outcomes recorded",
        "Did the customer have a voice?",
        "What customers wrote about most",
    ]
    code, out, err = cli(capsys, "--db", str(db_path), "digest")
    assert (code, out, err) == (0, "slack: off\nteams: off\n", "")
    code, out, err = cli(capsys, "--db", str(db_path), "digest", "--print", "--tz", "Mars/Base")
    assert (code, out) == (1, "") and "unknown time zone 'Mars/Base'" in err


@pytest.mark.parametrize(
    ("zone", "first"),
    [
        # FIXED_NOW is Sunday 12:00 UTC: Monday 09:00 comes at different UTC moments.
        ("Europe/Warsaw", "2026-11-23T08:00:00+00:00"),
        ("America/Los_Angeles", "2026-11-23T17:00:00+00:00"),
        ("Pacific/Auckland", "2026-11-22T20:00:00+00:00"),  # already Monday there tonight
        ("Asia/Tokyo", "2026-11-23T00:00:00+00:00"),
    ],
)
def test_monday_morning_in_the_workspaces_time_zone(ws: Workspace, zone: str, first: str) -> None:
    channel = ws.set_digest_channel("slack", "C1", timezone=zone, lang="pl", set_by="U1")
    assert (channel.next_run_at, channel.timezone, channel.lang) == (first, zone, "pl")
    at = datetime.fromisoformat(first)
    local = at.astimezone(__import__("zoneinfo").ZoneInfo(zone))
    assert (local.weekday(), local.hour, local.minute) == (0, 9, 0)


def test_claimed_once_then_next_monday(ws: Workspace, store: Store) -> None:
    ws.set_digest_channel("slack", "C1", timezone="Europe/Warsaw")
    ws.set_digest_channel("teams", "19:chat", timezone="UTC")
    monday = datetime(2026, 11, 23, 8, 0, 30, tzinfo=UTC)
    assert digest_schedule.claim_due(store, "w1", now=monday - timedelta(minutes=5)) == []
    first = digest_schedule.claim_due(store, "w1", now=monday, platforms={"slack"})
    second = digest_schedule.claim_due(store, "w2", now=monday, platforms={"slack"})
    assert [d.channel.channel_id for d in first] == ["C1"] and second == []
    assert first[0].at == monday.replace(microsecond=0) and not first[0].stale
    assert not digest_schedule.finish(store, first[0].channel, "w2", now=monday, sent=True)
    assert digest_schedule.finish(store, first[0].channel, "w1", now=monday, sent=True)
    assert ws.digest_channel("slack").next_run_at == "2026-11-30T08:00:00+00:00"  # type: ignore[union-attr]
    assert digest_schedule.claim_due(store, "w2", now=monday, platforms={"slack"}) == []


def test_a_claim_of_a_dead_process_expires_and_a_late_digest_is_stale(
    ws: Workspace, store: Store
) -> None:
    ws.set_digest_channel("slack", "C1", timezone="UTC")
    monday = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    assert len(digest_schedule.claim_due(store, "dead", now=monday)) == 1
    assert digest_schedule.claim_due(store, "w2", now=monday + timedelta(minutes=1)) == []
    later = digest_schedule.claim_due(store, "w2", now=monday + timedelta(minutes=6))
    assert [d.stale for d in later] == [False]
    digest_schedule.release(store, later[0].channel, "w2")
    stale = digest_schedule.claim_due(store, "w3", now=monday + timedelta(hours=13))
    assert [d.stale for d in stale] == [True]


def test_digest_off_and_bad_zones(ws: Workspace) -> None:
    from bot.errors import InvalidInput

    with pytest.raises(InvalidInput):
        ws.set_digest_channel("slack", "C1", timezone="Nowhere/Land")
    ws.set_digest_channel("slack", "C1", timezone="UTC")
    ws.set_digest_channel("slack", "C2", timezone="UTC")  # moved, not doubled
    assert ws.digest_channel("slack").channel_id == "C2"  # type: ignore[union-attr]
    assert ws.stop_digest("slack") is not None
    assert ws.digest_channel("slack") is None and ws.stop_digest("slack") is None
