"""Slack settings, read once at the edge from options first and the environment second."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from bot.errors import ConfigError
from bot.i18n import N_
from bot.secrets import Sealer

DEFAULT_API_URL = "https://slack.com/api/"

#: Bot scopes the app asks for on install; `manifest.yml` declares the same list.
BOT_SCOPES: tuple[str, ...] = (
    "app_mentions:read",
    "channels:read",
    "chat:write",
    "commands",
    "files:write",
    "groups:read",
    "im:read",
    "im:write",
    "mpim:read",
    "pins:write",
    "users:read",
)


@dataclass(frozen=True)
class SlackSettings:
    """How the server talks to Slack: one workspace with a bot token, or OAuth for many."""

    signing_secret: str | None = None
    bot_token: str | None = None
    client_id: str | None = None
    client_secret: str | None = None
    scopes: tuple[str, ...] = BOT_SCOPES
    redirect_uri: str | None = None
    app_token: str | None = None
    api_url: str = DEFAULT_API_URL
    #: Fernet keys that seal OAuth installs' tokens (EMPTYCHAIR_SECRET_KEY, newest first).
    secret_keys: tuple[str, ...] = ()

    @classmethod
    def from_env(
        cls, env: Mapping[str, str] | None = None, *, socket_mode: bool = False
    ) -> SlackSettings:
        """Settings from `env` (default: the process environment), validated for the mode."""
        env = os.environ if env is None else env

        def get(name: str) -> str | None:
            value = (env.get(name) or "").strip()
            return value or None

        scopes = get("SLACK_SCOPES")
        settings = cls(
            signing_secret=get("SLACK_SIGNING_SECRET"),
            bot_token=get("SLACK_BOT_TOKEN"),
            client_id=get("SLACK_CLIENT_ID"),
            client_secret=get("SLACK_CLIENT_SECRET"),
            scopes=tuple(s.strip() for s in scopes.split(",") if s.strip())
            if scopes
            else BOT_SCOPES,
            redirect_uri=get("SLACK_REDIRECT_URI"),
            app_token=get("SLACK_APP_TOKEN"),
            api_url=get("SLACK_API_URL") or DEFAULT_API_URL,
            secret_keys=tuple(
                k.strip() for k in (get("EMPTYCHAIR_SECRET_KEY") or "").split(",") if k.strip()
            ),
        )
        settings.validate(socket_mode=socket_mode)
        return settings

    @property
    def configured(self) -> bool:
        """True when any Slack credential is set (otherwise the server serves no Slack)."""
        return any(
            (
                self.signing_secret,
                self.bot_token,
                self.client_id,
                self.client_secret,
                self.app_token,
            )
        )

    @property
    def oauth(self) -> bool:
        """True for multi-workspace distribution (installs through /slack/install)."""
        return bool(self.client_id and self.client_secret)

    def validate(self, *, socket_mode: bool = False) -> None:
        """Refuse incomplete or contradictory settings with a message that says what to set."""
        if not self.configured:
            return
        if bool(self.client_id) != bool(self.client_secret):
            raise ConfigError("set both SLACK_CLIENT_ID and SLACK_CLIENT_SECRET, or neither")
        if self.oauth and self.bot_token:
            raise ConfigError(
                "set SLACK_BOT_TOKEN for one workspace, or SLACK_CLIENT_ID and "
                "SLACK_CLIENT_SECRET to install into many workspaces, not both"
            )
        if not self.oauth and not self.bot_token:
            raise ConfigError(
                "set SLACK_BOT_TOKEN (one workspace) or SLACK_CLIENT_ID and "
                "SLACK_CLIENT_SECRET (OAuth install)"
            )
        if self.oauth and not self.secret_keys:
            raise ConfigError(
                "OAuth installs keep bot tokens encrypted: set EMPTYCHAIR_SECRET_KEY "
                "(make a key with: emptychair secret-key)"
            )
        if self.oauth:
            Sealer(self.secret_keys)  # a malformed key is refused here, with its number
        if self.bot_token and not self.bot_token.startswith("xoxb-"):
            raise ConfigError("SLACK_BOT_TOKEN must be a bot token (it starts with xoxb-)")
        if self.app_token and not self.app_token.startswith("xapp-"):
            raise ConfigError("SLACK_APP_TOKEN must be an app-level token (it starts with xapp-)")
        if not self.api_url.startswith(("https://", "http://")):
            raise ConfigError(
                N_("SLACK_API_URL must be an http(s) URL, not {api_url!r}"), api_url=self.api_url
            )
        if socket_mode:
            if not self.app_token:
                raise ConfigError("--socket-mode needs SLACK_APP_TOKEN (an xapp- token)")
            if self.oauth:
                raise ConfigError("--socket-mode serves one workspace: set SLACK_BOT_TOKEN")
        elif not self.signing_secret:
            raise ConfigError("set SLACK_SIGNING_SECRET (Basic Information > Signing Secret)")
