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
    with store.write():
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
