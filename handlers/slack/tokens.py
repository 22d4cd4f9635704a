"""Slack's installation store with every token sealed at rest (`bot.secrets.Sealer`).

Wraps slack_sdk's `SQLite3InstallationStore`: tokens are encrypted before a row is
written and decrypted when one is read, so the database never holds a usable token.
"""

from __future__ import annotations

import copy
from logging import Logger
from typing import Any, TypeVar

from slack_sdk.oauth.installation_store import InstallationStore
from slack_sdk.oauth.installation_store.models.bot import Bot
from slack_sdk.oauth.installation_store.models.installation import Installation

from bot.secrets import Sealer, is_sealed

TOKEN_FIELDS = ("bot_token", "bot_refresh_token", "user_token", "user_refresh_token")
T = TypeVar("T", Bot, Installation)


class SealedInstallationStore(InstallationStore):
    """An installation store that seals tokens on the way in and opens them on the way out."""

    def __init__(self, inner: InstallationStore, sealer: Sealer) -> None:
        self.inner = inner
        self.sealer = sealer

    @property
    def logger(self) -> Logger:
        """The inner store's logger."""
        return self.inner.logger

    def _seal(self, item: T) -> T:
        sealed = copy.copy(item)
        for name in TOKEN_FIELDS:
            value = getattr(sealed, name, None)
            if isinstance(value, str) and value and not is_sealed(value):
                setattr(sealed, name, self.sealer.seal(value))
        return sealed

    def _open(self, item: T | None) -> T | None:
        if item is None:
            return None
        opened = copy.copy(item)
        for name in TOKEN_FIELDS:
            value = getattr(opened, name, None)
            if isinstance(value, str) and is_sealed(value):
                setattr(opened, name, self.sealer.open(value))
        return opened

    def save(self, installation: Installation) -> None:
        """Store an installation (and its bot), tokens sealed."""
        self.inner.save(self._seal(installation))

    def save_bot(self, bot: Bot) -> None:
        """Store a bot, tokens sealed."""
        self.inner.save_bot(self._seal(bot))

    def find_bot(self, **kwargs: Any) -> Bot | None:
        """The bot of a workspace, tokens opened."""
        return self._open(self.inner.find_bot(**kwargs))

    def find_installation(self, **kwargs: Any) -> Installation | None:
        """An installation, tokens opened."""
        return self._open(self.inner.find_installation(**kwargs))

    def delete_bot(self, **kwargs: Any) -> None:
        """Forget a workspace's bot."""
        self.inner.delete_bot(**kwargs)

    def delete_installation(self, **kwargs: Any) -> None:
        """Forget an installation."""
        self.inner.delete_installation(**kwargs)

    def delete_all(self, **kwargs: Any) -> None:
        """Forget everything of a workspace."""
        self.inner.delete_all(**kwargs)
