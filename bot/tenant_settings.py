"""Per-tenant switches and counters: the model-written answer switch and its daily calls."""

from __future__ import annotations

from datetime import date, datetime

from bot.store import Store


def llm_enabled(store: Store, tenant: str) -> bool:
    """Whether the tenant allows model-written answers (on unless a manager switched it off)."""
    rows = store.query("SELECT llm_enabled FROM tenant_settings WHERE tenant = ?", [tenant])
    return bool(rows[0]["llm_enabled"]) if rows else True


def set_llm_enabled(store: Store, tenant: str, enabled: bool, *, now: datetime) -> None:
    """Switch model-written answers on or off for one tenant."""
    with store.write(tenant):
        store.db.execute(
            "INSERT INTO tenant_settings (tenant, llm_enabled, updated_at) VALUES (?, ?, ?)"
            " ON CONFLICT(tenant) DO UPDATE SET llm_enabled = excluded.llm_enabled,"
            " updated_at = excluded.updated_at",
            [tenant, int(enabled), now.replace(microsecond=0).isoformat()],
        )


def take_llm_call(store: Store, tenant: str, day: date, limit: int) -> bool:
    """Count one model call for the tenant's UTC day; False (nothing counted) at the cap.

    One statement in one write transaction, so concurrent answers never exceed the cap.
    """
    if limit < 1:
        return False
    with store.write(tenant):
        cursor = store.db.execute(
            "INSERT INTO llm_usage (tenant, day, calls) VALUES (?, ?, 1)"
            " ON CONFLICT(tenant, day) DO UPDATE SET calls = calls + 1 WHERE calls < ?",
            [tenant, day.isoformat(), limit],
        )
    return bool(cursor.rowcount)


def llm_calls(store: Store, tenant: str, day: date) -> int:
    """How many model calls the tenant made on a UTC day."""
    rows = store.query(
        "SELECT calls FROM llm_usage WHERE tenant = ? AND day = ?", [tenant, day.isoformat()]
    )
    return int(rows[0]["calls"]) if rows else 0
