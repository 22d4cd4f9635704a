"""Configuration of the core, read once at the edge from options first, environment second."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

from bot.errors import ConfigError
from bot.i18n import N_
from bot.llm import LlmSettings

DEFAULT_DB = "emptychair.db"
DEFAULT_TENANT = "default"


def system_clock() -> datetime:
    """The current time in UTC (the one place the core reads the wall clock)."""
    return datetime.now(UTC)


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def parse_bool(name: str, value: str | None, default: bool) -> bool:
    """A boolean environment value; anything but a clear yes/no is an error."""
    if value is None:
        return default
    key = value.strip().lower()
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise ConfigError(N_("{name} must be true or false, not {value!r}"), name=name, value=value)


def parse_tenant_links(name: str, value: str | None) -> dict[str, str]:
    """`slack:T123=acme,teams:<tenant-id>=acme` -> {platform tenant: shared tenant}."""
    links: dict[str, str] = {}
    for item in (value or "").split(","):
        item = item.strip()
        if not item:
            continue
        source, sep, target = item.partition("=")
        if not sep or not source.strip() or not target.strip():
            raise ConfigError(
                N_("{name}: expected platform:id=tenant, got {item!r}"), name=name, item=item
            )
        links[source.strip()] = target.strip()
    return links


@dataclass(frozen=True)
class Settings:
    """Settings of the core (platform adapters read their own on top of these)."""

    db_path: str = DEFAULT_DB
    tenant: str = DEFAULT_TENANT
    mask_personal_data: bool = True
    tenant_links: Mapping[str, str] = field(default_factory=dict)
    manager_ids: frozenset[str] = frozenset()
    #: The optional language model (None: off, no request is ever made).
    llm: LlmSettings | None = None
    # "Now" for every rule that depends on it; tests pass a fixed clock.
    clock: Callable[[], datetime] = field(default=system_clock, compare=False, repr=False)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: object) -> Settings:
        """Settings from `env` (default: the process environment); overrides win."""
        env = os.environ if env is None else env
        values: dict[str, object] = {
            "db_path": env.get("EMPTYCHAIR_DB") or DEFAULT_DB,
            "tenant": env.get("EMPTYCHAIR_TENANT") or DEFAULT_TENANT,
            "mask_personal_data": parse_bool(
                "EMPTYCHAIR_MASK_PERSONAL_DATA", env.get("EMPTYCHAIR_MASK_PERSONAL_DATA"), True
            ),
            "tenant_links": parse_tenant_links(
                "EMPTYCHAIR_TENANT_LINKS", env.get("EMPTYCHAIR_TENANT_LINKS")
            ),
            "manager_ids": frozenset(
                v.strip() for v in (env.get("EMPTYCHAIR_MANAGERS") or "").split(",") if v.strip()
            ),
            "llm": LlmSettings.from_env(env),
        }
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)  # type: ignore[arg-type]

    def tenant_for(self, platform: str, platform_tenant: str) -> str:
        """The tenant a platform workspace writes to (linked workspaces share one log)."""
        key = f"{platform}:{platform_tenant}"
        return self.tenant_links.get(key, key)
