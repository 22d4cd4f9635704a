"""Conversation references kept for proactive messages (Teams reminders, summaries)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from bot.store import Store, utcnow


@dataclass(frozen=True)
class ConversationRef:
    """Where and how to reach a conversation later."""

    platform: str
    conversation_id: str
    service_url: str | None
    data: dict[str, Any]


def save_ref(store: Store, tenant: str, ref: ConversationRef) -> None:
    """Insert or refresh the reference of a conversation."""
    with store.write(tenant):
        store.db.execute(
            "INSERT INTO conversation_refs (tenant, platform, conversation_id, service_url, data,"
            " updated_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (tenant, platform,"
            " conversation_id) DO UPDATE SET service_url = excluded.service_url,"
            " data = excluded.data, updated_at = excluded.updated_at",
            [
                tenant,
                ref.platform,
                ref.conversation_id,
                ref.service_url,
                json.dumps(ref.data, ensure_ascii=False),
                utcnow(),
            ],
        )


def get_ref(
    store: Store, tenant: str, platform: str, conversation_id: str
) -> ConversationRef | None:
    """The stored reference of a conversation of this tenant, if any."""
    rows = store.query(
        "SELECT * FROM conversation_refs WHERE tenant = ? AND platform = ? AND conversation_id = ?",
        [tenant, platform, conversation_id],
    )
    if not rows:
        return None
    row = rows[0]
    return ConversationRef(
        row["platform"], row["conversation_id"], row["service_url"], json.loads(row["data"] or "{}")
    )


@dataclass(frozen=True)
class Person:
    """Someone the bot has seen in a chat platform, and their one-to-one chat if known."""

    platform: str
    user_id: str
    aad_object_id: str | None
    name: str
    personal_conversation_id: str | None


def save_person(store: Store, tenant: str, person: Person) -> None:
    """Insert or refresh a person (a known one-to-one chat is kept when none is given)."""
    with store.write(tenant):
        store.db.execute(
            "INSERT INTO chat_people (tenant, platform, user_id, aad_object_id, name,"
            " personal_conversation_id, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (tenant, platform, user_id) DO UPDATE SET"
            " aad_object_id = coalesce(excluded.aad_object_id, aad_object_id),"
            " name = excluded.name, personal_conversation_id ="
            " coalesce(excluded.personal_conversation_id, personal_conversation_id),"
            " updated_at = excluded.updated_at",
            [
                tenant,
                person.platform,
                person.user_id,
                person.aad_object_id,
                person.name,
                person.personal_conversation_id,
                utcnow(),
            ],
        )


def find_person(store: Store, tenant: str, platform: str, who: str) -> Person | None:
    """The one person whose id, directory id or name (any case) is `who`; None if not one."""
    key = who.strip()
    if not key:
        return None
    rows = store.query(
        "SELECT * FROM chat_people WHERE tenant = ? AND platform = ? AND (user_id = ?"
        " OR lower(aad_object_id) = lower(?) OR lower(name) = lower(?))",
        [tenant, platform, key, key, key],
    )
    if len(rows) != 1:
        return None
    row = rows[0]
    return Person(
        row["platform"],
        row["user_id"],
        row["aad_object_id"],
        row["name"],
        row["personal_conversation_id"],
    )
