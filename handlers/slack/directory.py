"""Who is who and who sees what in Slack, cached briefly so a busy channel costs few calls."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Generic, TypeVar

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

logger = logging.getLogger(__name__)

T = TypeVar("T")

USER_TTL = 300.0
CHANNELS_TTL = 60.0
MAX_ENTRIES = 10_000
#: users.conversations pages fetched at most (1,000 conversations each).
MAX_PAGES = 20
CONVERSATION_TYPES = "public_channel,private_channel,mpim,im"


class TTLCache(Generic[T]):
    """A small thread-safe cache whose entries expire after `ttl` seconds."""

    def __init__(self, ttl: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.ttl = ttl
        self._clock = clock
        self._data: dict[Hashable, tuple[float, T]] = {}
        self._lock = threading.Lock()

    def get(self, key: Hashable, load: Callable[[], T]) -> T:
        """The cached value of `key`, loading it when missing or expired."""
        now = self._clock()
        with self._lock:
            hit = self._data.get(key)
        if hit is not None and hit[0] > now:
            return hit[1]
        value = load()
        with self._lock:
            if len(self._data) >= MAX_ENTRIES:
                self._data.clear()
            self._data[key] = (now + self.ttl, value)
        return value

    def clear(self) -> None:
        """Forget everything."""
        with self._lock:
            self._data.clear()


@dataclass(frozen=True)
class SlackUser:
    """What we need to know about a user: time zone, locale, and whether they administer Slack."""

    id: str
    tz: str | None
    is_admin: bool
    locale: str | None = None


@dataclass(frozen=True)
class Conversation:
    """A channel, group or direct message: its name (when it has one) and privacy."""

    id: str
    name: str | None
    private: bool


class Directory:
    """Cached lookups of users and of the conversations a user can see."""

    def __init__(self, *, user_ttl: float = USER_TTL, channels_ttl: float = CHANNELS_TTL) -> None:
        self._users: TTLCache[SlackUser | None] = TTLCache(user_ttl)
        self._visible: TTLCache[frozenset[str]] = TTLCache(channels_ttl)
        self._conversations: TTLCache[Conversation] = TTLCache(channels_ttl)

    def user(self, client: WebClient, team: str, user_id: str) -> SlackUser | None:
        """users.info of one user (None when Slack does not know them)."""

        def load() -> SlackUser | None:
            try:
                data = client.users_info(user=user_id, include_locale=True).data
            except SlackApiError as exc:
                logger.warning("users.info %s failed: %s", user_id, exc.response.get("error"))
                return None
            info = data.get("user") if isinstance(data, dict) else None
            if not isinstance(info, dict):
                return None
            return SlackUser(
                id=user_id,
                tz=info.get("tz") or None,
                is_admin=bool(info.get("is_admin") or info.get("is_owner")),
                locale=info.get("locale") or None,
            )

        return self._users.get((team, user_id), load)

    def visible_channels(self, client: WebClient, team: str, user_id: str) -> frozenset[str]:
        """Ids of the conversations `user_id` belongs to (users.conversations, paginated)."""

        def load() -> frozenset[str]:
            found: set[str] = set()
            cursor: str | None = None
            for _ in range(MAX_PAGES):
                data = client.users_conversations(
                    user=user_id,
                    types=CONVERSATION_TYPES,
                    exclude_archived=False,
                    limit=1000,
                    cursor=cursor,
                ).data
                assert isinstance(data, dict)
                found.update(str(c["id"]) for c in data.get("channels", []) if "id" in c)
                cursor = (data.get("response_metadata") or {}).get("next_cursor") or None
                if not cursor:
                    break
            return frozenset(found)

        return self._visible.get((team, user_id), load)

    def conversation(self, client: WebClient, team: str, channel_id: str) -> Conversation:
        """A conversation's name and privacy; one we cannot look up counts as private."""

        def load() -> Conversation:
            if channel_id.startswith("D"):
                return Conversation(channel_id, None, private=True)
            try:
                data = client.conversations_info(channel=channel_id).data
            except SlackApiError as exc:
                logger.info("conversations.info %s: %s", channel_id, exc.response.get("error"))
                return Conversation(channel_id, None, private=True)
            info = data.get("channel") if isinstance(data, dict) else None
            if not isinstance(info, dict):
                return Conversation(channel_id, None, private=True)
            private = bool(info.get("is_private") or info.get("is_im") or info.get("is_mpim"))
            return Conversation(channel_id, info.get("name") or None, private=private)

        return self._conversations.get((team, channel_id), load)
