"""Empty-chair sessions: the card that speaks for the customer during a meeting."""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

from bot.advisor import answer_principles
from bot.errors import InvalidInput, NotFound
from bot.feedback import get_feedback
from bot.i18n import N_
from bot.models import Feedback, MeetingSession, Principle
from bot.principles import builtin_principle, ensure_seeded, get_principles, list_principles
from bot.quotes import choose_quote
from bot.search import query_terms
from bot.store import Store, utcnow
from bot.text import clean, one_line

#: The card's question (in the reader's language: `bot.i18n.translated(lang, QUESTION)`).
QUESTION = N_("What's better for the customer?")
MAX_TOPIC = 200
#: An empty chair still running after this long was forgotten: the scheduler ends it.
FORGOTTEN_AFTER = timedelta(hours=12)
Voice = Literal["yes", "partly", "no"]
VOICES: tuple[Voice, ...] = ("yes", "partly", "no")


@dataclass(frozen=True)
class ChairCard:
    """What the empty-chair card shows: the question, a principle and a customer's words."""

    session: MeetingSession
    question: str
    principle: Principle | None
    quote: Feedback | None


@dataclass(frozen=True)
class SessionStart:
    """The card of a session, and whether the session was started just now."""

    card: ChairCard
    created: bool


def _row_to_session(row: dict[str, Any]) -> MeetingSession:
    return MeetingSession(
        id=int(row["id"]),
        platform=row["platform"],
        channel_id=row["channel_id"],
        host=row["host"],
        topic=row["topic"],
        started_at=row["started_at"],
        ended_at=row["ended_at"],
        card_ref=row["card_ref"],
        principle_id=row["principle_id"],
        feedback_id=row["feedback_id"],
    )


def open_session(
    store: Store, tenant: str, platform: str, channel_id: str
) -> MeetingSession | None:
    """The session running in a channel, if any."""
    rows = store.query(
        "SELECT * FROM sessions WHERE tenant = ? AND platform = ? AND channel_id = ?"
        " AND ended_at IS NULL ORDER BY id DESC LIMIT 1",
        [tenant, platform, channel_id],
    )
    return _row_to_session(rows[0]) if rows else None


def get_session(store: Store, tenant: str, session_id: int) -> MeetingSession:
    """A session by id; `NotFound` for unknown ids and ids of other tenants."""
    rows = store.query("SELECT * FROM sessions WHERE tenant = ? AND id = ?", [tenant, session_id])
    if not rows:
        raise NotFound(N_("no empty-chair session {session_id}"), session_id=session_id)
    return _row_to_session(rows[0])


def _clean_topic(topic: str | None) -> str | None:
    text = one_line(clean(topic or ""))
    if len(text) > MAX_TOPIC:
        raise InvalidInput(
            N_("the topic is longer than {limit} characters"),
            limit=MAX_TOPIC,
            field="topic",
        )
    return text or None


def _pick_principle(store: Store, tenant: str, topic: str | None) -> Principle | None:
    if topic and query_terms(topic):
        found = answer_principles(store, tenant, topic, 1)
        if found and found[0].score > 0:
            return found[0].principle
    chair = builtin_principle(store, tenant, "empty-chair")
    if chair is not None and chair.active:
        return chair
    active = list_principles(store, tenant)
    return active[0] if active else None


def _pick_quote(
    store: Store, tenant: str, topic: str | None, shown: set[int], last: int | None = None
) -> Feedback | None:
    """A real customer's words by the answer's relevance rules (bot.quotes)."""
    previous = get_feedback(store, tenant, [last]).get(last) if last is not None else None
    return choose_quote(store, tenant, topic, shown, previous)


def _card(store: Store, tenant: str, session: MeetingSession) -> ChairCard:
    principle = None
    if session.principle_id is not None:
        principle = get_principles(store, tenant, [session.principle_id]).get(session.principle_id)
    quote = None
    if session.feedback_id is not None:
        quote = get_feedback(store, tenant, [session.feedback_id]).get(session.feedback_id)
    return ChairCard(session=session, question=QUESTION, principle=principle, quote=quote)


def start_session(
    store: Store,
    tenant: str,
    platform: str,
    channel_id: str,
    *,
    host: str | None = None,
    topic: str | None = None,
    now: datetime | None = None,
) -> SessionStart:
    """Start the empty chair in a channel; if one is running, return it unchanged."""
    topic = _clean_topic(topic)
    ensure_seeded(store, tenant)
    running = open_session(store, tenant, platform, channel_id)
    if running is not None:
        return SessionStart(_card(store, tenant, running), created=False)
    principle = _pick_principle(store, tenant, topic)
    quote = _pick_quote(store, tenant, topic, set())
    with store.write(tenant):
        running = open_session(store, tenant, platform, channel_id)
        if running is not None:  # another request started it meanwhile
            return SessionStart(_card(store, tenant, running), created=False)
        cursor = store.db.execute(
            "INSERT INTO sessions (tenant, platform, channel_id, host, topic, started_at,"
            " principle_id, feedback_id, shown_feedback) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                tenant,
                platform,
                channel_id,
                host,
                topic,
                _stamp(now),
                principle.id if principle else None,
                quote.id if quote else None,
                json.dumps([quote.id] if quote else []),
            ],
        )
        session_id = int(cursor.lastrowid or 0)
    return SessionStart(_card(store, tenant, get_session(store, tenant, session_id)), created=True)


def another_voice(store: Store, tenant: str, session_id: int) -> ChairCard:
    """The card with another customer's quote (never one this session showed already).

    When every quote has been shown, the list starts over.
    """
    session = get_session(store, tenant, session_id)
    with store.write(tenant):
        row = store.db.execute(
            "SELECT shown_feedback FROM sessions WHERE id = ?", [session_id]
        ).fetchone()
        shown = set(json.loads(row[0] or "[]"))
        last = session.feedback_id
        quote = _pick_quote(store, tenant, session.topic, shown, last)
        if quote is None and shown:
            shown = {last} if last else set()
            quote = _pick_quote(store, tenant, session.topic, shown, last)
        if quote is not None:
            shown.add(quote.id)
            store.db.execute(
                "UPDATE sessions SET feedback_id = ?, shown_feedback = ? WHERE id = ?",
                [quote.id, json.dumps(sorted(shown)), session_id],
            )
    return _card(store, tenant, get_session(store, tenant, session_id))


def set_card_ref(store: Store, tenant: str, session_id: int, card_ref: str) -> None:
    """Remember where the card was posted (Slack message ts, Teams activity id)."""
    with store.write(tenant):
        cursor = store.db.execute(
            "UPDATE sessions SET card_ref = ? WHERE tenant = ? AND id = ?",
            [card_ref, tenant, session_id],
        )
        if not cursor.rowcount:
            raise NotFound(N_("no empty-chair session {session_id}"), session_id=session_id)


def end_session(store: Store, tenant: str, platform: str, channel_id: str) -> MeetingSession:
    """End the channel's running session; `NotFound` if none is running."""
    with store.write(tenant):
        running = open_session(store, tenant, platform, channel_id)
        if running is None:
            raise NotFound("the empty chair is not running in this channel")
        store.db.execute("UPDATE sessions SET ended_at = ? WHERE id = ?", [utcnow(), running.id])
    return get_session(store, tenant, running.id)


def _stamp(now: datetime | None) -> str:
    return now.astimezone(UTC).replace(microsecond=0).isoformat() if now else utcnow()


def end_forgotten(
    store: Store,
    platforms: Collection[str],
    *,
    now: datetime,
    max_age: timedelta = FORGOTTEN_AFTER,
) -> list[tuple[str, MeetingSession]]:
    """End every session (all tenants) running longer than `max_age`; returns them.

    Each is ended by one conditional update, so of several servers only one ends (and
    then summarises) a session.
    """
    if not platforms:
        return []
    marks = ",".join("?" * len(platforms))
    cutoff = _stamp(now - max_age)
    rows = store.query(
        f"SELECT id, tenant FROM sessions WHERE ended_at IS NULL AND platform IN ({marks})"
        " AND started_at <= ? ORDER BY id LIMIT 100",
        [*sorted(platforms), cutoff],
    )
    ended = []
    for row in rows:
        with store.write():
            cursor = store.db.execute(
                "UPDATE sessions SET ended_at = ? WHERE id = ? AND ended_at IS NULL",
                [_stamp(now), row["id"]],
            )
        if cursor.rowcount:
            ended.append((row["tenant"], get_session(store, row["tenant"], int(row["id"]))))
    return ended


def record_voice(store: Store, tenant: str, session_id: int, voice: str) -> MeetingSession:
    """Record the answer to "did the customer have a voice?" (yes, partly, no)."""
    if voice not in VOICES:
        raise InvalidInput("answer yes, partly or no", field="voice")
    with store.write(tenant):
        cursor = store.db.execute(
            "UPDATE sessions SET customer_had_voice = ? WHERE tenant = ? AND id = ?",
            [voice, tenant, session_id],
        )
        if not cursor.rowcount:
            raise NotFound(N_("no empty-chair session {session_id}"), session_id=session_id)
    return get_session(store, tenant, session_id)


def card_for(store: Store, tenant: str, session_id: int) -> ChairCard:
    """The current card of a session."""
    return _card(store, tenant, get_session(store, tenant, session_id))
