"""Which tenants a database holds, with how much each has stored."""

from __future__ import annotations

from dataclasses import dataclass

from bot.store import Store


@dataclass(frozen=True)
class TenantSummary:
    """One tenant of a database and the counts of what it has stored."""

    tenant: str
    feedback: int
    decisions: int
    own_principles: int
    sessions: int

    @property
    def empty(self) -> bool:
        """True when the tenant has stored nothing of its own."""
        return not (self.feedback or self.decisions or self.own_principles or self.sessions)


_COUNTS = """
SELECT tenant, SUM(feedback) AS feedback, SUM(decisions) AS decisions,
       SUM(own_principles) AS own_principles, SUM(sessions) AS sessions
FROM (
    SELECT tenant, COUNT(*) AS feedback, 0 AS decisions, 0 AS own_principles, 0 AS sessions
      FROM feedback
     WHERE import_id IS NULL OR import_id IN (SELECT id FROM imports WHERE state = 'done')
     GROUP BY tenant
    UNION ALL
    SELECT tenant, 0, COUNT(*), 0, 0 FROM decisions
     WHERE import_id IS NULL OR import_id IN (SELECT id FROM imports WHERE state = 'done')
     GROUP BY tenant
    UNION ALL
    SELECT tenant, 0, 0, COUNT(*), 0 FROM principles WHERE builtin_key IS NULL GROUP BY tenant
    UNION ALL
    SELECT tenant, 0, 0, 0, COUNT(*) FROM sessions GROUP BY tenant
    UNION ALL
    SELECT tenant, 0, 0, 0, 0 FROM tenant_state
)
GROUP BY tenant ORDER BY tenant
"""


def list_tenants(store: Store) -> list[TenantSummary]:
    """Every tenant with data in the database (and those that only loaded the principles)."""
    return [
        TenantSummary(
            tenant=row["tenant"],
            feedback=int(row["feedback"]),
            decisions=int(row["decisions"]),
            own_principles=int(row["own_principles"]),
            sessions=int(row["sessions"]),
        )
        for row in store.query(_COUNTS)
    ]


# Distinct tenants of a table by skipping along its (tenant, ...) index: one probe per
# tenant, however many rows each has.
_DISTINCT = """
WITH RECURSIVE t(x) AS (
    SELECT MIN(tenant) FROM {table}
    UNION ALL
    SELECT (SELECT MIN(tenant) FROM {table} WHERE tenant > x) FROM t WHERE x IS NOT NULL
)
SELECT x FROM t WHERE x IS NOT NULL
"""


def tenants_with_data(store: Store) -> set[str]:
    """Tenants that stored feedback or decisions (cheap at any size)."""
    found: set[str] = set()
    for table in ("feedback", "decisions"):
        found.update(row["x"] for row in store.query(_DISTINCT.format(table=table)))
    return found


def suggest_tenant(store: Store, tenant: str) -> str | None:
    """The one other tenant to use when `tenant` has nothing and exactly one other has data."""
    found = tenants_with_data(store)
    if tenant in found:
        return None
    return found.pop() if len(found) == 1 else None
