"""Feedback sync from support tools (Zendesk, Intercom) over httpx, resumable and idempotent."""

from __future__ import annotations

from bot.sync.base import Connector, Page
from bot.sync.http import RetryPolicy
from bot.sync.intercom import Intercom, intercom_client
from bot.sync.runner import SyncResult, run_sync
from bot.sync.zendesk import Zendesk, zendesk_client

__all__ = [
    "Connector",
    "Intercom",
    "Page",
    "RetryPolicy",
    "SyncResult",
    "Zendesk",
    "intercom_client",
    "run_sync",
    "zendesk_client",
]
