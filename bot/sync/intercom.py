"""Intercom: conversations (the customer's first message) and conversation ratings.

Conversations come from the search API (`updated_at` after the last pass), paged with
`starting_after`; the cursor we keep is that pointer plus where the pass started.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import httpx

from bot.feedback import FeedbackInput
from bot.sync.base import Cursor, Page, epoch, html_to_text, short, snippet_text
from bot.sync.http import RetryPolicy, request_json

SOURCE = "intercom"
AUTH_SETTING = "--token (EMPTYCHAIR_INTERCOM_TOKEN)"
API_VERSION = "2.11"
CUSTOMER_AUTHORS = {"user", "lead", "contact"}


def intercom_client(
    url: str, token: str, *, transport: httpx.BaseTransport | None = None
) -> httpx.Client:
    """An httpx client for Intercom's REST API (access token authentication)."""
    return httpx.Client(
        base_url=url.rstrip("/"),
        headers={
            "Authorization": f"Bearer {token}",
            "Accept": "application/json",
            "Intercom-Version": API_VERSION,
            "User-Agent": "emptychair-sync",
        },
        timeout=httpx.Timeout(30.0),
        transport=transport,
    )


def rating_sentiment(rating: object) -> str | None:
    """Intercom's 1-5 rating as a sentiment."""
    if not isinstance(rating, int) or isinstance(rating, bool):
        return None
    return "negative" if rating <= 2 else "neutral" if rating == 3 else "positive"


def _iso(value: object) -> str | None:
    if isinstance(value, int) and value > 0:
        return datetime.fromtimestamp(value, UTC).isoformat()
    return None


class Intercom:
    """The Intercom connector."""

    source = SOURCE

    def __init__(
        self, client: httpx.Client, *, policy: RetryPolicy | None = None, per_page: int = 150
    ) -> None:
        self.client = client
        self.policy = policy or RetryPolicy()
        self.per_page = per_page

    def pages(self, cursor: Cursor | None, since: datetime | None) -> Iterator[Page]:
        """Pages of conversations updated after the last pass, oldest pointer first."""
        state: Cursor = dict(cursor or {})
        start = int(state.get("updated_after") or epoch(since))
        newest = int(state.get("newest") or start)
        while True:
            pagination: dict[str, Any] = {"per_page": self.per_page}
            if state.get("starting_after"):
                pagination["starting_after"] = state["starting_after"]
            body = request_json(
                self.client,
                "POST",
                "/conversations/search",
                vendor="Intercom",
                auth_setting=AUTH_SETTING,
                policy=self.policy,
                json={
                    "query": {"field": "updated_at", "operator": ">", "value": start},
                    "pagination": pagination,
                },
            )
            conversations = [c for c in body.get("conversations") or [] if isinstance(c, dict)]
            items: list[FeedbackInput] = []
            for conversation in conversations:
                updated = conversation.get("updated_at")
                if isinstance(updated, int):
                    newest = max(newest, updated)
                items.extend(self._items(conversation))
            following = ((body.get("pages") or {}).get("next") or {}).get("starting_after")
            if following:
                state.update(starting_after=following, updated_after=start, newest=newest)
            else:  # the pass is over: the next one asks for what changed after it
                state.update(starting_after=None, updated_after=newest, newest=newest)
            yield Page(items, dict(state), len(conversations))
            if not following:
                return

    def _items(self, conversation: dict[str, Any]) -> list[FeedbackInput]:
        source = conversation.get("source") or {}
        author = source.get("author") or {}
        rating = conversation.get("conversation_rating") or {}
        sentiment = rating_sentiment(rating.get("rating"))
        customer = short(author.get("name"))
        cid = str(conversation.get("id"))
        url = source.get("url") if str(source.get("url") or "").startswith("http") else None
        items = []
        if author.get("type") in CUSTOMER_AUTHORS:
            text = snippet_text(source.get("subject"), html_to_text(str(source.get("body") or "")))
            if text:
                items.append(
                    FeedbackInput(
                        text=text,
                        customer=customer,
                        source=SOURCE,
                        url=url,
                        sentiment=sentiment,
                        created_at=_iso(conversation.get("created_at")),
                        external_id=cid,
                        captured_by="sync:intercom",
                    )
                )
        remark = rating.get("remark")
        if isinstance(remark, str) and remark.strip():
            contact = rating.get("contact") or {}
            items.append(
                FeedbackInput(
                    text=snippet_text(remark),
                    customer=customer or short(contact.get("name")),
                    source=SOURCE,
                    url=url,
                    sentiment=sentiment,
                    created_at=_iso(rating.get("created_at")),
                    external_id=f"rating:{cid}",
                    captured_by="sync:intercom",
                )
            )
        return items
