"""Sync settings saved per tenant, so that the server syncs every tenant on its schedule.

A tenant's Zendesk or Intercom settings are saved by `feedback sync ... --save` after a
sync with them worked. The token is always sealed with `bot.secrets.Sealer` (the keys of
EMPTYCHAIR_SECRET_KEY): without a key nothing is saved, so no credential is ever stored
in clear text.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from bot.errors import ConfigError, EmptyChairError
from bot.i18n import N_
from bot.secrets import SECRET_KEY_ENV, Sealer
from bot.store import Store
from bot.sync.config import IntercomConfig, SyncConfig, ZendeskConfig

logger = logging.getLogger(__name__)

SOURCES = ("zendesk", "intercom")


@dataclass(frozen=True)
class SavedSync:
    """What `feedback sync list` shows of a saved sync (never the token)."""

    tenant: str
    source: str
    url: str
    email: str | None
    segment_field: str | None
    saved_at: str

    def to_json(self) -> dict[str, str | None]:
        """A JSON-ready dict."""
        return {
            "tenant": self.tenant,
            "source": self.source,
            "url": self.url,
            "email": self.email,
            "segment_field": self.segment_field,
            "saved_at": self.saved_at,
        }


def source_of(config: SyncConfig) -> str:
    """`zendesk` or `intercom`."""
    return "zendesk" if isinstance(config, ZendeskConfig) else "intercom"


def sealer_for_saving(sealer: Sealer | None) -> Sealer:
    """The sealer, or a `ConfigError` saying how to get one (nothing is saved in clear)."""
    if sealer is None:
        raise ConfigError(
            N_(
                "set {setting} to save sync credentials (they are stored encrypted); make a key"
                " with: emptychair secret-key"
            ),
            setting=SECRET_KEY_ENV,
        )
    return sealer


def save_sync(
    store: Store, tenant: str, config: SyncConfig, sealer: Sealer | None, *, now: datetime
) -> None:
    """Save (or replace) the tenant's settings of one source, the token sealed."""
    sealed = sealer_for_saving(sealer).seal(config.token)
    email = config.email if isinstance(config, ZendeskConfig) else None
    segment = config.segment_field if isinstance(config, ZendeskConfig) else None
    with store.write(tenant) as db:
        db.execute(
            "INSERT INTO sync_configs (tenant, source, url, email, segment_field, token, saved_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (tenant, source) DO UPDATE SET"
            " url = excluded.url, email = excluded.email,"
            " segment_field = excluded.segment_field, token = excluded.token,"
            " saved_at = excluded.saved_at",
            [
                tenant,
                source_of(config),
                config.url,
                email,
                segment,
                sealed,
                now.isoformat(),
            ],
        )


def remove_sync(store: Store, tenant: str, source: str) -> bool:
    """Forget the tenant's saved settings of a source; False when there were none."""
    with store.write(tenant) as db:
        cursor = db.execute(
            "DELETE FROM sync_configs WHERE tenant = ? AND source = ?", [tenant, source]
        )
    return cursor.rowcount > 0


def saved_syncs(store: Store, tenant: str | None = None) -> list[SavedSync]:
    """The saved syncs of one tenant (or of all), by tenant and source; no tokens."""
    where, params = ("WHERE tenant = ?", [tenant]) if tenant is not None else ("", [])
    return [
        SavedSync(
            str(r["tenant"]),
            str(r["source"]),
            str(r["url"]),
            r["email"],
            r["segment_field"],
            str(r["saved_at"]),
        )
        for r in store.query(
            "SELECT tenant, source, url, email, segment_field, saved_at FROM sync_configs"
            f" {where} ORDER BY tenant, source",
            params,
        )
    ]


def has_saved_syncs(store: Store) -> bool:
    """True when any tenant saved a sync (the server then has work to do)."""
    return store.db.execute("SELECT 1 FROM sync_configs LIMIT 1").fetchone() is not None


def _config(row: dict[str, object], sealer: Sealer) -> SyncConfig:
    token = sealer.open(str(row["token"]))
    if row["source"] == "zendesk":
        return ZendeskConfig.build(
            str(row["url"]), str(row["email"] or ""), token, str(row["segment_field"] or "")
        )
    return IntercomConfig.build(str(row["url"]), token)


def configs_by_tenant(store: Store, sealer: Sealer | None) -> dict[str, list[SyncConfig]]:
    """Every tenant's saved syncs, ready to run, tenants in order.

    Without a key there is nothing to open (the server says so once, at start). A row
    that cannot be opened (a removed key, a malformed setting) is logged and left out:
    one tenant's broken settings never stop the others' syncs.
    """
    found: dict[str, list[SyncConfig]] = {}
    if sealer is None:
        return found
    rows = store.query("SELECT * FROM sync_configs ORDER BY tenant, source")
    for row in rows:
        tenant = str(row["tenant"])
        try:
            found.setdefault(tenant, []).append(_config(row, sealer))
        except EmptyChairError as exc:
            logger.error(
                "saved %s sync of tenant %s skipped: %s", row["source"], tenant, exc.message
            )
    return found
