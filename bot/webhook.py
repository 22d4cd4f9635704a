"""The signed feedback webhook: per-tenant secrets, signature checks, idempotent storing.

A sender signs the raw body with HMAC-SHA256 under the tenant's secret and sends
`X-EmptyChair-Signature: sha256=<hex>`. The secret must be readable to verify it, so it
is stored sealed with `bot.secrets.Sealer` (Fernet, the keys of EMPTYCHAIR_SECRET_KEY)
when that is set, else as it is.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.errors import ConfigError, InvalidInput, WebhookRejected
from bot.feedback import FeedbackInput
from bot.i18n import N_
from bot.secrets import Sealer
from bot.store import Store

#: Largest request body accepted (bytes).
MAX_BODY_BYTES = 1_000_000
#: Most snippets in one request.
MAX_ITEMS = 1_000
SIGNATURE_HEADER = "X-EmptyChair-Signature"
TENANT_HEADER = "X-EmptyChair-Tenant"
FIELDS = ("text", "customer", "segment", "source", "url", "sentiment", "created_at", "external_id")
DEFAULT_SOURCE = "webhook"


@dataclass(frozen=True)
class WebhookResult:
    """Ids of the snippets a request stored, and of those it repeated."""

    stored: list[int]
    duplicates: list[int]


def _sealer(secret_key: str) -> Sealer:
    # The keys that seal Slack tokens (bot.secrets): comma-separated, newest first.
    return Sealer(secret_key.split(","))


def check_secret_key(secret_key: str | None) -> None:
    """Refuse a malformed EMPTYCHAIR_SECRET_KEY at start-up (`ConfigError`)."""
    if secret_key:
        _sealer(secret_key)


def rotate_secret(store: Store, tenant: str, now: datetime, secret_key: str | None) -> str:
    """Create or replace the tenant's webhook secret; returns it (shown once)."""
    secret = secrets.token_urlsafe(32)
    stored = _sealer(secret_key).seal(secret) if secret_key else secret
    with store.write(tenant):
        store.db.execute(
            "INSERT INTO webhook_secrets (tenant, secret, encrypted, created_at)"
            " VALUES (?, ?, ?, ?) ON CONFLICT (tenant) DO UPDATE SET secret = excluded.secret,"
            " encrypted = excluded.encrypted, created_at = excluded.created_at",
            [tenant, stored, int(bool(secret_key)), now.isoformat()],
        )
    return secret


def _secret(store: Store, tenant: str, secret_key: str | None) -> bytes | None:
    row = store.db.execute(
        "SELECT secret, encrypted FROM webhook_secrets WHERE tenant = ?", [tenant]
    ).fetchone()
    if row is None:
        return None
    value, encrypted = str(row[0]), bool(row[1])
    if not encrypted:
        return value.encode()
    if not secret_key:
        raise ConfigError(N_("the webhook secret is encrypted; set EMPTYCHAIR_SECRET_KEY"))
    return _sealer(secret_key).open(value).encode()


def has_webhook_secrets(store: Store) -> bool:
    """True when any tenant has a webhook secret (the server then has work to do)."""
    return store.db.execute("SELECT 1 FROM webhook_secrets LIMIT 1").fetchone() is not None


def sign(secret: str | bytes, body: bytes) -> str:
    """The signature header value of a body: `sha256=<hex>`."""
    key = secret.encode() if isinstance(secret, str) else secret
    return "sha256=" + hmac.new(key, body, hashlib.sha256).hexdigest()


def verify(
    store: Store, tenant: str | None, signature: str | None, body: bytes, secret_key: str | None
) -> str:
    """The tenant of a correctly signed body; else `WebhookRejected` (401)."""
    refused = WebhookRejected("missing or invalid signature", status=401)
    if not tenant or not signature:
        raise refused
    secret = _secret(store, tenant.strip(), secret_key)
    # Compare even when the tenant has no secret, so timing does not tell tenants apart.
    expected = sign(secret or secrets.token_bytes(32), body)
    if not hmac.compare_digest(expected.encode(), signature.strip().encode()) or secret is None:
        raise refused
    return tenant.strip()


def _not_json(constant: str) -> Any:
    """`json.loads` accepts NaN and Infinity, which JSON does not have: refuse them."""
    raise ValueError(f"{constant} is not JSON")


def parse_items(body: bytes) -> list[FeedbackInput]:
    """The snippets of a JSON body (one object or a list); `WebhookRejected` (400) if bad."""
    try:
        data: Any = json.loads(body, parse_constant=_not_json)
    except (ValueError, UnicodeDecodeError):
        raise WebhookRejected("the body is not valid JSON", status=400) from None
    except RecursionError:
        raise WebhookRejected("the JSON body is nested too deeply", status=400) from None
    items = data if isinstance(data, list) else [data]
    if not items:
        raise WebhookRejected("the list of snippets is empty", status=400)
    if len(items) > MAX_ITEMS:
        raise WebhookRejected(f"at most {MAX_ITEMS} snippets per request", status=413)
    parsed = []
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise WebhookRejected(f"snippet {number}: expected a JSON object", status=400)
        values: dict[str, str | None] = {}
        for name in FIELDS:
            value = item.get(name)
            if isinstance(value, bool) or not isinstance(value, (str, int, float, type(None))):
                raise WebhookRejected(f"snippet {number}: {name} must be text", status=400)
            values[name] = None if value is None else str(value)
        if not (values["text"] or "").strip():
            raise WebhookRejected(f"snippet {number}: text is required", status=400)
        parsed.append(
            FeedbackInput(
                text=values["text"] or "",
                customer=values["customer"],
                segment=values["segment"],
                source=values["source"] or DEFAULT_SOURCE,
                url=values["url"],
                sentiment=values["sentiment"],
                created_at=values["created_at"],
                external_id=values["external_id"],
                captured_by="webhook",
            )
        )
    return parsed


def receive(store: Store, tenant: str, items: list[FeedbackInput], *, mask: bool) -> WebhookResult:
    """Store a verified request's snippets, all or nothing; repeats store nothing new."""
    try:
        from bot.sync import landing  # here: the connectors (and httpx) load only when used

        landed = landing.land(store, tenant, items, source="webhook", mask=mask, strict=True)
    except InvalidInput as exc:
        raise WebhookRejected(exc.message, status=422) from None
    return WebhookResult(landed.new_ids, landed.existing_ids)
