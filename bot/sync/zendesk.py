"""Zendesk: tickets (subject + first public comment) and satisfaction-rating comments.

Tickets come from the cursor-based incremental export, ratings from the satisfaction
ratings list (cursor pagination, filtered by start time). The cursor we keep is the
export's `after_cursor` plus where the ratings pass stands.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from typing import Any

import httpx

from bot.feedback import FeedbackInput
from bot.sync.base import Cursor, Page, epoch, short, snippet_text
from bot.sync.http import RetryPolicy, request_json

SOURCE = "zendesk"
AUTH_SETTING = "--email/--token (EMPTYCHAIR_ZENDESK_EMAIL, EMPTYCHAIR_ZENDESK_TOKEN)"
RATING_SENTIMENT = {"good": "positive", "bad": "negative"}
#: Tickets whose comments are fetched at once (one request each).
COMMENT_WORKERS = 4


def zendesk_client(
    url: str, email: str, token: str, *, transport: httpx.BaseTransport | None = None
) -> httpx.Client:
    """An httpx client for a Zendesk account (API token authentication)."""
    return httpx.Client(
        base_url=url.rstrip("/"),
        auth=httpx.BasicAuth(f"{email}/token", token),
        headers={"Accept": "application/json", "User-Agent": "emptychair-sync"},
        timeout=httpx.Timeout(30.0),
        transport=transport,
    )


def _parse_time(value: object) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(UTC)
    except ValueError:
        return None


class Zendesk:
    """The Zendesk connector; `segment_field` names the organization field of the segment."""

    source = SOURCE

    def __init__(
        self,
        client: httpx.Client,
        *,
        segment_field: str | None = None,
        policy: RetryPolicy | None = None,
        ratings_page_size: int = 100,
    ) -> None:
        self.client = client
        self.segment_field = segment_field
        self.policy = policy or RetryPolicy()
        self.ratings_page_size = ratings_page_size
        self.web = str(client.base_url).rstrip("/")
        # Ticket id -> (customer, segment), so a rating names its ticket's organization.
        self._orgs_of_tickets: dict[int, tuple[str | None, str | None]] = {}

    def _get(self, path: str, params: dict[str, Any]) -> Any:
        return request_json(
            self.client,
            "GET",
            path,
            params=params,
            vendor="Zendesk",
            auth_setting=AUTH_SETTING,
            policy=self.policy,
        )

    def pages(self, cursor: Cursor | None, since: datetime | None) -> Iterator[Page]:
        """Ticket pages until the end of the export stream, then rating pages."""
        state: Cursor = dict(cursor or {})
        with ThreadPoolExecutor(COMMENT_WORKERS, thread_name_prefix="zendesk") as pool:
            yield from self._ticket_pages(state, since, pool)
        yield from self._rating_pages(state, since)

    # Tickets ----------------------------------------------------------------------------
    def _ticket_pages(
        self, state: Cursor, since: datetime | None, pool: ThreadPoolExecutor
    ) -> Iterator[Page]:
        while True:
            params: dict[str, Any] = {"include": "organizations"}
            if state.get("tickets"):
                params["cursor"] = state["tickets"]
            else:
                params["start_time"] = epoch(since)
            body = self._get("/api/v2/incremental/tickets/cursor.json", params)
            tickets = [t for t in body.get("tickets") or [] if isinstance(t, dict)]
            orgs = {o.get("id"): o for o in body.get("organizations") or [] if isinstance(o, dict)}
            live = [t for t in tickets if t.get("status") != "deleted"]
            removed = [str(t["id"]) for t in tickets if t.get("status") == "deleted"]
            comments = pool.map(self._first_public_comment, [t["id"] for t in live])
            items = [
                item
                for ticket, comment in zip(live, comments, strict=True)
                if (item := self._ticket_item(ticket, comment, orgs)) is not None
            ]
            if body.get("after_cursor"):
                state["tickets"] = body["after_cursor"]
            yield Page(items, dict(state), len(tickets), removed)
            if body.get("end_of_stream", True) or not body.get("after_cursor"):
                return

    def _first_public_comment(self, ticket_id: int) -> str | None:
        params: dict[str, Any] = {"page[size]": 100}
        path = f"/api/v2/tickets/{int(ticket_id)}/comments.json"
        while True:
            body = self._get(path, params)
            for comment in body.get("comments") or []:
                if isinstance(comment, dict) and comment.get("public"):
                    text = comment.get("plain_body") or comment.get("body")
                    return str(text) if text else None
            meta = body.get("meta") or {}
            if not meta.get("has_more") or not meta.get("after_cursor"):
                return None
            params = {"page[size]": 100, "page[after]": meta["after_cursor"]}

    def _customer(
        self, org_id: object, orgs: dict[Any, dict[str, Any]]
    ) -> tuple[str | None, str | None]:
        org = orgs.get(org_id) or {}
        segment = None
        if self.segment_field:
            value = (org.get("organization_fields") or {}).get(self.segment_field)
            segment = short(value)
        return short(org.get("name")), segment

    def _ticket_item(
        self, ticket: dict[str, Any], comment: str | None, orgs: dict[Any, dict[str, Any]]
    ) -> FeedbackInput | None:
        ticket_id = int(ticket["id"])
        customer, segment = self._customer(ticket.get("organization_id"), orgs)
        self._orgs_of_tickets[ticket_id] = (customer, segment)
        if comment is None:  # no public comment: an internal ticket, not customer words
            return None
        rating = ticket.get("satisfaction_rating") or {}
        score = rating.get("score") if isinstance(rating, dict) else None
        return FeedbackInput(
            text=snippet_text(ticket.get("subject"), comment),
            customer=customer,
            segment=segment,
            source=SOURCE,
            url=f"{self.web}/agent/tickets/{ticket_id}",
            sentiment=RATING_SENTIMENT.get(str(score)),
            created_at=ticket.get("created_at"),
            external_id=str(ticket_id),
            captured_by="sync:zendesk",
        )

    # Satisfaction ratings ---------------------------------------------------------------
    def _rating_pages(self, state: Cursor, since: datetime | None) -> Iterator[Page]:
        start = int(state.get("ratings_since") or epoch(since))
        newest = int(state.get("ratings_newest") or start)
        while True:
            params: dict[str, Any] = {
                "score": "received_with_comment",
                "start_time": start,
                "page[size]": self.ratings_page_size,
            }
            if state.get("ratings_after"):
                params["page[after]"] = state["ratings_after"]
            body = self._get("/api/v2/satisfaction_ratings.json", params)
            ratings = [r for r in body.get("satisfaction_ratings") or [] if isinstance(r, dict)]
            items = []
            for rating in ratings:
                created = _parse_time(rating.get("created_at"))
                if created is not None:
                    newest = max(newest, int(created.timestamp()))
                item = self._rating_item(rating)
                if item is not None:
                    items.append(item)
            meta = body.get("meta") or {}
            more = bool(meta.get("has_more") and meta.get("after_cursor"))
            if more:
                state.update(ratings_after=meta["after_cursor"], ratings_newest=newest)
            else:  # a pass is over: the next one starts at the newest rating seen
                state.update(ratings_after=None, ratings_since=newest, ratings_newest=newest)
            yield Page(items, dict(state), len(ratings))
            if not more:
                return

    def _rating_item(self, rating: dict[str, Any]) -> FeedbackInput | None:
        comment = rating.get("comment")
        if not isinstance(comment, str) or not comment.strip():
            return None
        ticket_id = rating.get("ticket_id")
        customer, segment = self._orgs_of_tickets.get(int(ticket_id or 0), (None, None))
        return FeedbackInput(
            text=snippet_text(comment),
            customer=customer,
            segment=segment,
            source=SOURCE,
            url=f"{self.web}/agent/tickets/{ticket_id}" if ticket_id else None,
            sentiment=RATING_SENTIMENT.get(str(rating.get("score"))),
            created_at=rating.get("created_at"),
            external_id=f"rating:{rating.get('id')}",
            captured_by="sync:zendesk",
        )
