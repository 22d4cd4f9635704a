"""Settings of the Teams adapter, read once from the environment and validated.

The Teams SDK reads its own credentials (`CLIENT_ID`, `CLIENT_SECRET`, `TENANT_ID`);
these are ours. Incoming requests are authenticated unless the one dangerous switch
says otherwise; the SDK's own variable for that is deliberately not honoured, so that
authentication is never turned off by a variable someone forgot in a shell.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass

from bot.config import parse_bool
from bot.errors import ConfigError, InvalidInput
from bot.i18n import N_
from bot.reminders import parse_timezone

logger = logging.getLogger(__name__)

DANGEROUS_ENV = "EMPTYCHAIR_TEAMS_DANGEROUSLY_ALLOW_UNAUTHENTICATED"
SDK_DANGEROUS_ENV = "DANGEROUSLY_ALLOW_UNAUTHENTICATED_REQUESTS"
TIMEZONE_ENV = "EMPTYCHAIR_TEAMS_TIMEZONE"
ENDPOINT_ENV = "EMPTYCHAIR_TEAMS_ENDPOINT"
DEFAULT_ENDPOINT = "/api/messages"


@dataclass(frozen=True)
class TeamsSettings:
    """What the Teams adapter needs besides the core settings."""

    dangerously_allow_unauthenticated: bool = False
    #: Time zone of `remind` when the Teams client does not say which one the user is in.
    default_timezone: str = "UTC"
    endpoint: str = DEFAULT_ENDPOINT
    #: The bot's Entra app id (the SDK's CLIENT_ID); without it every request gets 401.
    client_id: str | None = None

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> TeamsSettings:
        """Settings from `env` (default: the process environment); malformed values raise."""
        env = os.environ if env is None else env
        allow = parse_bool(DANGEROUS_ENV, env.get(DANGEROUS_ENV), False)
        endpoint = (env.get(ENDPOINT_ENV) or DEFAULT_ENDPOINT).strip()
        if not endpoint.startswith("/") or " " in endpoint:
            raise ConfigError(
                N_("{setting} must be a path such as /api/messages"), setting=ENDPOINT_ENV
            )
        try:
            timezone = parse_timezone(env.get(TIMEZONE_ENV) or "UTC")
        except InvalidInput as exc:
            raise ConfigError(
                N_("{setting}: {reason}"), setting=TIMEZONE_ENV, reason=exc.message
            ) from None
        if env.get(SDK_DANGEROUS_ENV) and not allow:
            logger.warning(
                "%s is set but ignored: Empty Chair authenticates every Teams request unless "
                "%s=true",
                SDK_DANGEROUS_ENV,
                DANGEROUS_ENV,
            )
        return cls(
            dangerously_allow_unauthenticated=allow,
            default_timezone=timezone,
            endpoint=endpoint,
            client_id=(env.get("CLIENT_ID") or "").strip() or None,
        )

    def log_auth_mode(self) -> None:
        """Say loudly how incoming requests are checked."""
        if self.dangerously_allow_unauthenticated:
            logger.warning(
                "Teams: %s=true, so %s accepts requests WITHOUT authentication. Anyone who can "
                "reach it can act as any user of any tenant. Use this only for local testing.",
                DANGEROUS_ENV,
                self.endpoint,
            )
        elif not self.client_id:
            logger.warning(
                "Teams: CLIENT_ID is not set, so every request to %s is refused with 401. Set "
                "CLIENT_ID, CLIENT_SECRET and TENANT_ID (see the README).",
                self.endpoint,
            )
