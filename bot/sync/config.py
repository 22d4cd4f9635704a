"""Which syncs are configured, from options first and the environment second."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

import httpx

from bot.errors import ConfigError, InvalidInput
from bot.i18n import N_
from bot.sync.base import Connector
from bot.sync.http import RetryPolicy
from bot.sync.intercom import Intercom, intercom_client
from bot.sync.zendesk import Zendesk, zendesk_client

DEFAULT_INTERCOM_URL = "https://api.intercom.io"
DEFAULT_SYNC_MINUTES = 30


def _require(value: str | None, setting: str) -> str:
    if not value or not value.strip():
        raise ConfigError(N_("missing {setting}"), setting=setting)
    return value.strip()


def _base_url(value: str | None, setting: str) -> str:
    url = _require(value, setting)
    if not url.lower().startswith(("https://", "http://")):
        raise ConfigError(
            N_("{setting} must start with https:// (got {url!r})"), setting=setting, url=url
        )
    return url.rstrip("/")


@dataclass(frozen=True)
class ZendeskConfig:
    """A Zendesk account to sync (the token never appears in repr or logs)."""

    url: str
    email: str
    token: str = field(repr=False)
    segment_field: str | None = None

    @classmethod
    def build(
        cls, url: str | None, email: str | None, token: str | None, segment_field: str | None
    ) -> ZendeskConfig:
        """Validated settings; a missing one is a `ConfigError` naming it."""
        return cls(
            _base_url(url, "--url (EMPTYCHAIR_ZENDESK_URL)"),
            _require(email, "--email (EMPTYCHAIR_ZENDESK_EMAIL)"),
            _require(token, "--token (EMPTYCHAIR_ZENDESK_TOKEN)"),
            (segment_field or "").strip() or None,
        )

    def connector(
        self, *, transport: httpx.BaseTransport | None = None, policy: RetryPolicy | None = None
    ) -> tuple[Connector, httpx.Client]:
        """The connector and the client it uses (close the client when done)."""
        client = zendesk_client(self.url, self.email, self.token, transport=transport)
        return Zendesk(client, segment_field=self.segment_field, policy=policy), client


@dataclass(frozen=True)
class IntercomConfig:
    """An Intercom workspace to sync (the token never appears in repr or logs)."""

    url: str
    token: str = field(repr=False)

    @classmethod
    def build(cls, url: str | None, token: str | None) -> IntercomConfig:
        """Validated settings; a missing one is a `ConfigError` naming it."""
        return cls(
            _base_url(url or DEFAULT_INTERCOM_URL, "--url (EMPTYCHAIR_INTERCOM_URL)"),
            _require(token, "--token (EMPTYCHAIR_INTERCOM_TOKEN)"),
        )

    def connector(
        self, *, transport: httpx.BaseTransport | None = None, policy: RetryPolicy | None = None
    ) -> tuple[Connector, httpx.Client]:
        """The connector and the client it uses (close the client when done)."""
        client = intercom_client(self.url, self.token, transport=transport)
        return Intercom(client, policy=policy), client


SyncConfig = ZendeskConfig | IntercomConfig


def configured_syncs(env: Mapping[str, str] | None = None) -> list[SyncConfig]:
    """The syncs the environment configures (a source counts once its token is set)."""
    env = os.environ if env is None else env
    found: list[SyncConfig] = []
    if env.get("EMPTYCHAIR_ZENDESK_TOKEN"):
        found.append(
            ZendeskConfig.build(
                env.get("EMPTYCHAIR_ZENDESK_URL"),
                env.get("EMPTYCHAIR_ZENDESK_EMAIL"),
                env.get("EMPTYCHAIR_ZENDESK_TOKEN"),
                env.get("EMPTYCHAIR_ZENDESK_SEGMENT_FIELD"),
            )
        )
    if env.get("EMPTYCHAIR_INTERCOM_TOKEN"):
        found.append(
            IntercomConfig.build(
                env.get("EMPTYCHAIR_INTERCOM_URL"), env.get("EMPTYCHAIR_INTERCOM_TOKEN")
            )
        )
    return found


def sync_minutes(env: Mapping[str, str] | None = None) -> int:
    """Minutes between scheduled syncs (EMPTYCHAIR_SYNC_MINUTES, default 30)."""
    env = os.environ if env is None else env
    raw = (env.get("EMPTYCHAIR_SYNC_MINUTES") or "").strip()
    if not raw:
        return DEFAULT_SYNC_MINUTES
    if not raw.isdigit() or int(raw) < 1:
        raise ConfigError(
            N_("EMPTYCHAIR_SYNC_MINUTES must be a whole number of minutes, not {raw!r}"), raw=raw
        )
    return int(raw)


def parse_since(value: str | None) -> datetime | None:
    """`--since` as a UTC moment: YYYY-MM-DD or ISO 8601."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    try:
        if len(text) == 10:
            return datetime.combine(date.fromisoformat(text), datetime.min.time(), UTC)
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise InvalidInput(
            N_("--since {value!r} is not a date (use YYYY-MM-DD)"), value=text
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
