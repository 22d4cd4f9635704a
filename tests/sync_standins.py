"""Local stand-ins for Zendesk's and Intercom's APIs (real HTTP on 127.0.0.1).

Request and response shapes follow the examples in the vendors' API documentation:
Zendesk's cursor-based incremental ticket export (`after_cursor`, `end_of_stream`,
side-loaded `organizations`), ticket comments and satisfaction ratings (cursor
pagination: `page[size]`, `page[after]`, `meta.has_more`), and Intercom's
conversation search (`pagination.starting_after`, `pages.next.starting_after`).
Faults (429 with Retry-After, 5xx) are injected per path; a page can be held back
until the test lets it go (to kill a client in the middle).
"""

from __future__ import annotations

import base64
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

EMAIL = "admin@acme.test"
ZENDESK_TOKEN = "zd-secret-token-6f1c"
INTERCOM_TOKEN = "ic-secret-token-93ab"
EPOCH = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def _pointer(offset: int) -> str:
    return base64.urlsafe_b64encode(f"offset:{offset}".encode()).decode()


def _offset(pointer: str | None) -> int:
    if not pointer:
        return 0
    return int(base64.urlsafe_b64decode(pointer.encode()).decode().split(":")[1])


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class Fault:
    """One injected answer: on the next request whose path starts with `path`."""

    path: str
    status: int
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class StandinState:
    """The vendors' data and the knobs tests turn."""

    tickets: list[dict[str, Any]] = field(default_factory=list)
    comments: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    organizations: dict[int, dict[str, Any]] = field(default_factory=dict)
    ratings: list[dict[str, Any]] = field(default_factory=list)
    conversations: list[dict[str, Any]] = field(default_factory=list)
    page_size: int = 3
    faults: list[Fault] = field(default_factory=list)
    #: Hold the ticket-export request with this 1-based number until `release` is set.
    hold_page: int | None = None
    held: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)
    export_requests: int = 0
    log: list[tuple[str, str]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    # Builders ----------------------------------------------------------------------------
    def add_organization(self, org_id: int, name: str, plan: str | None = None) -> None:
        """An organization with an optional `plan` organization field."""
        self.organizations[org_id] = {
            "id": org_id,
            "url": f"https://acme.zendesk.com/api/v2/organizations/{org_id}.json",
            "name": name,
            "organization_fields": {"plan": plan} if plan else {},
        }

    def add_ticket(
        self,
        ticket_id: int,
        subject: str,
        comment: str,
        *,
        org_id: int | None = None,
        score: str = "unoffered",
        status: str = "open",
        private_first: bool = False,
    ) -> dict[str, Any]:
        """A ticket with its comments (optionally a private note before the public one)."""
        created = EPOCH + timedelta(minutes=ticket_id)
        ticket = {
            "id": ticket_id,
            "url": f"https://acme.zendesk.com/api/v2/tickets/{ticket_id}.json",
            "external_id": None,
            "type": "question",
            "subject": subject,
            "raw_subject": subject,
            "description": comment,
            "priority": "normal",
            "status": status,
            "requester_id": 9000 + ticket_id,
            "organization_id": org_id,
            "created_at": _iso(created),
            "updated_at": _iso(created),
            "tags": [],
            "satisfaction_rating": {"score": score},
        }
        notes = []
        if private_first:
            notes.append(
                {"id": ticket_id * 10, "type": "Comment", "public": False,
                 "body": "internal: check the invoice", "plain_body": "internal: check the invoice",
                 "author_id": 1, "created_at": _iso(created)}
            )  # fmt: skip
        notes.append(
            {"id": ticket_id * 10 + 1, "type": "Comment", "public": True, "body": comment,
             "html_body": f"<p>{comment}</p>", "plain_body": comment,
             "author_id": 9000 + ticket_id, "created_at": _iso(created)}
        )  # fmt: skip
        with self.lock:
            self.tickets.append(ticket)
            self.comments[ticket_id] = notes
        return ticket

    def delete_ticket(self, ticket_id: int) -> None:
        """The ticket shows up again in the export with status `deleted`."""
        with self.lock:
            old = next(t for t in self.tickets if t["id"] == ticket_id)
            self.tickets.append({**old, "status": "deleted"})

    def add_rating(self, rating_id: int, ticket_id: int, score: str, comment: str) -> None:
        """A satisfaction rating with a comment."""
        created = EPOCH + timedelta(days=1, minutes=rating_id)
        self.ratings.append(
            {"id": rating_id, "url": f"https://acme.zendesk.com/api/v2/satisfaction_ratings/{rating_id}.json",
             "assignee_id": 135, "group_id": 44, "requester_id": 7881, "ticket_id": ticket_id,
             "score": score, "comment": comment, "created_at": _iso(created),
             "updated_at": _iso(created)}
        )  # fmt: skip

    def add_conversation(
        self,
        conversation_id: int,
        body: str,
        *,
        author_type: str = "user",
        name: str = "Joe Bloggs",
        rating: int | None = None,
        remark: str | None = None,
        updated_offset: int = 0,
    ) -> None:
        """An Intercom conversation started by a user (or an admin), optionally rated."""
        created = int((EPOCH + timedelta(minutes=conversation_id)).timestamp())
        conversation: dict[str, Any] = {
            "type": "conversation",
            "id": str(conversation_id),
            "title": None,
            "created_at": created,
            "updated_at": created + 60 + updated_offset,
            "open": True,
            "state": "open",
            "source": {
                "type": "conversation", "id": str(400000 + conversation_id),
                "delivered_as": "customer_initiated", "subject": "", "body": f"<p>{body}</p>",
                "author": {"type": author_type, "id": f"5bc7{conversation_id}", "name": name,
                           "email": "joe@bloggs.example"},
                "attachments": [], "url": None, "redacted": False,
            },
            "contacts": {"type": "contact.list",
                         "contacts": [{"type": "contact", "id": f"5bc7{conversation_id}"}]},
            "conversation_rating": None,
        }  # fmt: skip
        if rating is not None:
            conversation["conversation_rating"] = {
                "rating": rating, "remark": remark, "created_at": created + 120,
                "contact": {"type": "contact", "id": f"5bc7{conversation_id}"},
                "teammate": {"type": "admin", "id": "814860"},
            }  # fmt: skip
        self.conversations.append(conversation)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes: without this, Nagle + delayed ACK cost 40 ms.
    disable_nagle_algorithm = True
    state: StandinState

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _send(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def _fault(self, path: str) -> Fault | None:
        with self.state.lock:
            for fault in self.state.faults:
                if path.startswith(fault.path):
                    self.state.faults.remove(fault)
                    return fault
        return None

    def _route(self, method: str) -> None:
        parts = urlsplit(self.path)
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        with self.state.lock:
            self.state.log.append((method, self.path))
        fault = self._fault(parts.path)
        if fault is not None:
            self._send(fault.status, {"error": "injected"}, fault.headers)
            return
        if parts.path.startswith("/api/v2/"):
            self._zendesk(parts.path, query)
        elif parts.path == "/conversations/search" and method == "POST":
            self._intercom(json.loads(raw or b"{}"))
        else:
            self._send(404, {"error": "InvalidEndpoint"})

    def do_GET(self) -> None:
        self._route("GET")

    def do_POST(self) -> None:
        self._route("POST")

    # Zendesk -----------------------------------------------------------------------------
    def _zendesk(self, path: str, query: dict[str, str]) -> None:
        expected = "Basic " + base64.b64encode(f"{EMAIL}/token:{ZENDESK_TOKEN}".encode()).decode()
        if self.headers.get("Authorization") != expected:
            self._send(401, {"error": "Couldn't authenticate you"})
            return
        state = self.state
        if path == "/api/v2/incremental/tickets/cursor.json":
            with state.lock:
                state.export_requests += 1
                number = state.export_requests
            if state.hold_page is not None and number == state.hold_page:
                state.held.set()
                state.release.wait(30)
            if "cursor" in query:
                start = _offset(query["cursor"])
            else:
                since = int(query.get("start_time", "0"))
                start = next(
                    (i for i, t in enumerate(state.tickets)
                     if datetime.fromisoformat(t["updated_at"].replace("Z", "+00:00")).timestamp() >= since),
                    len(state.tickets),
                )  # fmt: skip
            with state.lock:
                chunk = state.tickets[start : start + state.page_size]
                total = len(state.tickets)
            end = start + len(chunk)
            orgs = {t["organization_id"] for t in chunk if t.get("organization_id")}
            self._send(
                200,
                {
                    "tickets": chunk,
                    "organizations": [
                        state.organizations[o] for o in sorted(orgs) if o in state.organizations
                    ],
                    "after_url": f"http://127.0.0.1/api/v2/incremental/tickets/cursor.json?cursor={_pointer(end)}",
                    "after_cursor": _pointer(end),
                    "before_url": None,
                    "before_cursor": None,
                    "end_of_stream": end >= total,
                },
            )
        elif path.startswith("/api/v2/tickets/") and path.endswith("/comments.json"):
            ticket_id = int(path.split("/")[4])
            notes = state.comments.get(ticket_id)
            if notes is None:
                self._send(404, {"error": "RecordNotFound"})
                return
            self._send(200, {"comments": notes, "meta": {"has_more": False, "after_cursor": None,
                                                        "before_cursor": None},
                             "links": {"next": None, "prev": None}})  # fmt: skip
        elif path == "/api/v2/satisfaction_ratings.json":
            since = int(query.get("start_time", "0"))
            size = int(query.get("page[size]", "100"))
            wanted = [
                r for r in state.ratings
                if datetime.fromisoformat(r["created_at"].replace("Z", "+00:00")).timestamp() >= since
            ]  # fmt: skip
            start = _offset(query.get("page[after]"))
            chunk = wanted[start : start + size]
            more = start + size < len(wanted)
            self._send(
                200,
                {"satisfaction_ratings": chunk,
                 "meta": {"has_more": more, "after_cursor": _pointer(start + size) if more else None,
                          "before_cursor": None},
                 "links": {"next": None, "prev": None}},
            )  # fmt: skip
        else:
            self._send(404, {"error": "InvalidEndpoint"})

    # Intercom ----------------------------------------------------------------------------
    def _intercom(self, body: dict[str, Any]) -> None:
        if self.headers.get("Authorization") != f"Bearer {INTERCOM_TOKEN}":
            self._send(
                401,
                {"type": "error.list", "request_id": "b3c1",
                 "errors": [{"code": "unauthorized", "message": "Access Token Invalid"}]},
            )  # fmt: skip
            return
        query = body.get("query") or {}
        after = int(query.get("value", 0))
        pagination = body.get("pagination") or {}
        per_page = int(pagination.get("per_page", 20))
        wanted = sorted(
            (c for c in self.state.conversations if c["updated_at"] > after),
            key=lambda c: (c["updated_at"], c["id"]),
        )
        start = _offset(pagination.get("starting_after"))
        chunk = wanted[start : start + per_page]
        pages: dict[str, Any] = {
            "type": "pages",
            "page": start // per_page + 1,
            "per_page": per_page,
            "total_pages": max(1, -(-len(wanted) // per_page)),
        }
        if start + per_page < len(wanted):
            pages["next"] = {
                "page": pages["page"] + 1,
                "starting_after": _pointer(start + per_page),
            }
        self._send(
            200,
            {"type": "conversation.list", "conversations": chunk, "total_count": len(wanted),
             "pages": pages},
        )  # fmt: skip


@contextmanager
def serve(state: StandinState) -> Iterator[str]:
    """Serve the stand-in on 127.0.0.1 (a free port) and yield its base URL."""
    handler = type("Handler", (_Handler,), {"state": state})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        state.release.set()
        server.shutdown()
        server.server_close()
