"""The weekly digest in Teams, end to end: `digest here|off` and the Monday card."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.feedback import FeedbackInput
from handlers.scheduler import DigestJob, Scheduler
from tests.helpers import FIXED_NOW, fixed_clock
from tests.teams_support import MEETING_CHAT, SERVICE_URL, TeamsHarness, mention, validate_card

CHAT = MEETING_CHAT["id"]
CHAT_URL = f"{SERVICE_URL}v3/conversations/{CHAT}/activities"


def scheduler(teams: TeamsHarness) -> Scheduler:
    return Scheduler(teams.store, {"teams": teams.bot}, [DigestJob(teams.store)], clock=fixed_clock)


def card_texts(card: dict[str, object]) -> list[str]:
    return [str(b.get("text")) for b in card["body"]]  # type: ignore[attr-defined]


def test_digest_here_then_the_monday_card(teams: TeamsHarness) -> None:
    teams.workspace().add_feedback(FeedbackInput("Delivery is slow", customer="A"))
    teams.post(mention("digest here", conversation=MEETING_CHAT))
    assert teams.service.texts() == [
        "Every Monday at 09:00 (Europe/Warsaw) I will post the weekly customer digest here, "
        "starting 2026-11-23. `digest off` stops it."
    ]
    chosen = teams.workspace().digest_channel("teams")
    assert chosen is not None and chosen.next_run_at == "2026-11-23T08:00:00+00:00"
    monday = datetime.fromisoformat(chosen.next_run_at)
    jobs = scheduler(teams)
    assert jobs.run("digests", now=monday - timedelta(seconds=1)) == 0
    assert jobs.run("digests", now=monday + timedelta(seconds=5)) == 1
    posted = teams.service.sent[-1]
    assert (posted.method, posted.url) == ("POST", CHAT_URL)
    card = posted.card or {}
    validate_card(card)
    texts = card_texts(card)
    assert texts[0] == "Weekly customer digest: 2026-11-17 to 2026-11-23"
    assert "Did the customer have a voice?" in texts
    assert jobs.run("digests", now=monday + timedelta(minutes=1)) == 0  # once
    moved = teams.workspace().digest_channel("teams")
    assert moved is not None and moved.next_run_at == "2026-11-30T08:00:00+00:00"


def test_the_digest_speaks_the_askers_language(teams: TeamsHarness) -> None:
    teams.post(mention("digest here Asia/Tokyo", conversation=MEETING_CHAT, locale="ja-JP"))
    [reply] = teams.service.texts()
    assert "（Asia/Tokyo）" in reply and "毎週月曜日" in reply
    chosen = teams.workspace().digest_channel("teams")
    assert chosen is not None and chosen.lang == "ja"
    assert scheduler(teams).run("digests", now=datetime.fromisoformat(chosen.next_run_at)) == 1
    texts = card_texts(teams.service.sent[-1].card or {})
    assert texts[0].startswith("週次") and "顧客に声はありましたか？" in texts


def test_digest_status_and_off(teams: TeamsHarness) -> None:
    for text in ("digest", "digest here", "digest", "digest off", "digest off", "digest soon"):
        teams.post(mention(text, conversation=MEETING_CHAT))
    replies = teams.service.texts()
    assert replies[0] == "No chat gets the weekly digest. `digest here` sends it to this one."
    assert replies[2] == "This chat gets the weekly digest every Monday at 09:00 (Europe/Warsaw)."
    assert replies[3:5] == ["The weekly digest is stopped.", "No channel gets the weekly digest."]
    assert replies[5].startswith("Use `digest here [time zone]`")
    assert teams.workspace().digest_channel("teams") is None
    assert scheduler(teams).run("digests", now=FIXED_NOW + timedelta(days=8)) == 0
