"""The Slack app: a Bolt `App` with every Empty Chair listener, and proactive sends."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from concurrent.futures import Executor, ThreadPoolExecutor
from typing import TYPE_CHECKING, Any
from urllib.error import URLError

from slack_bolt import App
from slack_bolt.error import BoltError
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.oauth.installation_store import InstallationStore
from slack_sdk.oauth.installation_store.cacheable_installation_store import (
    CacheableInstallationStore,
)
from slack_sdk.oauth.installation_store.sqlite3 import SQLite3InstallationStore
from slack_sdk.oauth.state_store.sqlite3 import SQLite3OAuthStateStore

from bot.config import Settings
from bot.digest_schedule import DueDigest
from bot.errors import ConfigError
from bot.i18n import N_, normalize
from bot.models import MeetingSession
from bot.reminders import DueReminder
from bot.reviews import DueReview
from bot.secrets import Sealer, reseal_tokens
from bot.store import Store
from bot.workspace import Workspace
from handlers import pools
from handlers.platform import Delivery
from handlers.slack import ask, capture, chair, decisions, digest, events, home, report, reviews
from handlers.slack.config import SlackSettings
from handlers.slack.directory import Directory
from handlers.slack.errors import slack_error_code
from handlers.slack.routes import add_slack_routes
from handlers.slack.tokens import SealedInstallationStore

if TYPE_CHECKING:
    from fastapi import FastAPI

logger = logging.getLogger(__name__)

#: Threads for the slow part of listeners (Web API calls, waiting out rate limits).
WORKER_THREADS = 32
#: Threads for the quick part of listeners that may write (and wait for the write lock).
REQUEST_THREADS = 4
#: Requests answered from the database alone: CPU-bound reads, see `SlackBot.lane`.
ANSWER_COMMANDS = frozenset({"/customer"})
API_TIMEOUT_SECONDS = 10
STATE_EXPIRATION_SECONDS = 600
#: Errors that will not go away by retrying a reminder in a minute.
PERMANENT = frozenset(
    {
        "not_in_channel",
        "channel_not_found",
        "is_archived",
        "not_pinnable",
        "too_many_pins",
        "missing_scope",
        "not_authed",
        "invalid_auth",
        "account_inactive",
        "token_revoked",
        "restricted_action",
        "restricted_action_read_only_channel",
        "ekm_access_denied",
    }
)
NOT_INSTALLED = (
    "Empty Chair is not installed in this workspace yet. Ask a Slack admin to install it."
)


def web_client(slack: SlackSettings, token: str | None = None) -> WebClient:
    """A Web API client that waits out rate limits and retries Slack's server errors."""
    base_url = slack.api_url if slack.api_url.endswith("/") else slack.api_url + "/"
    return WebClient(
        token=token,
        base_url=base_url,
        timeout=API_TIMEOUT_SECONDS,
        retry_handlers=[
            ConnectionErrorRetryHandler(max_retry_count=1),
            RateLimitErrorRetryHandler(max_retry_count=2),
            ServerErrorRetryHandler(max_retry_count=2),
        ],
    )


class SlackBot:
    """Empty Chair in Slack: the Bolt app, its listeners and what they share.

    It implements `handlers.platform.Platform` for the server and the scheduler.
    """

    name = "slack"

    def __init__(
        self,
        store: Store,
        settings: Settings,
        slack: SlackSettings,
        *,
        socket_mode: bool = False,
    ) -> None:
        slack.validate(socket_mode=socket_mode)
        if not slack.configured:
            raise ConfigError("Slack is not configured: set SLACK_SIGNING_SECRET and a token")
        self.store = store
        self.settings = settings
        self.slack = slack
        self.directory = Directory()
        self.workers = ThreadPoolExecutor(WORKER_THREADS, thread_name_prefix="slack-worker")
        # The pools Teams uses too (handlers.pools): one concurrency model for both.
        self.answers = pools.ANSWERS
        self.requests = pools.REQUESTS
        self.client = web_client(slack, slack.bot_token)
        self.installation_store: InstallationStore | None = None
        oauth_settings = None
        if slack.oauth:
            sealer = Sealer(slack.secret_keys)
            resealed = reseal_tokens(store, sealer)
            if resealed:
                logger.warning("sealed %d stored Slack tokens with the newest key", resealed)
            self.installation_store = CacheableInstallationStore(
                SealedInstallationStore(
                    SQLite3InstallationStore(
                        database=str(store.path), client_id=slack.client_id or ""
                    ),
                    sealer,
                )
            )
            oauth_settings = OAuthSettings(
                client_id=slack.client_id,
                client_secret=slack.client_secret,
                scopes=list(slack.scopes),
                redirect_uri=slack.redirect_uri,
                install_path="/slack/install",
                redirect_uri_path="/slack/oauth_redirect",
                installation_store=self.installation_store,
                installation_store_bot_only=True,
                state_store=SQLite3OAuthStateStore(
                    database=str(store.path), expiration_seconds=STATE_EXPIRATION_SECONDS
                ),
            )
        self.bolt = _checked_app(
            slack,
            name="emptychair",
            signing_secret=slack.signing_secret,
            client=self.client,
            oauth_settings=oauth_settings,
            installation_store_bot_only=True if slack.oauth else None,
            request_verification_enabled=not socket_mode,
            # Listeners are quick and answer when they return; their slow part runs on
            # `workers` (turn.later), so Bolt need not poll for the ack on a thread of its own.
            process_before_response=True,
            user_facing_authorize_error_message=NOT_INSTALLED,
        )
        for module in (ask, chair, capture, decisions, home, report, reviews):
            module.register(self.bolt, self)
        events.register_fallbacks(self.bolt, self)

    def lane(self, body: Mapping[str, Any]) -> Executor:
        """The executor for a request's quick part.

        Answers (`/customer`, evidence searches) are CPU-bound reads: one thread takes them
        in arrival order, because more threads would only fight over the GIL (and starve
        the event loop), which makes latency unfair under load. Everything else may write
        and so wait for the database's write lock: it has threads of its own, so a busy
        database never holds up answers.
        """
        if body.get("command") in ANSWER_COMMANDS or body.get("type") == "block_suggestion":
            return self.answers
        return self.requests

    def workspace(self, tenant: str) -> Workspace:
        """The core workspace of a tenant."""
        return Workspace(self.store, tenant, self.settings)

    def client_for(self, tenant: str) -> WebClient:
        """A client with the bot token of the Slack workspace behind `tenant`."""
        if self.installation_store is None:
            return self.client
        team = self._platform_team(tenant)
        enterprise = team.startswith("E")  # an org-wide install is kept under its enterprise
        bot = self.installation_store.find_bot(
            enterprise_id=team if enterprise else None,
            team_id=None if enterprise else team,
            is_enterprise_install=enterprise,
        )
        if bot is None or not bot.bot_token:
            raise LookupError(f"no Slack installation for {tenant}")
        return web_client(self.slack, bot.bot_token)

    def _platform_team(self, tenant: str) -> str:
        if tenant.startswith("slack:"):
            return tenant.removeprefix("slack:")
        for source, target in self.settings.tenant_links.items():
            if target == tenant and source.startswith("slack:"):
                return source.removeprefix("slack:")
        raise LookupError(f"tenant {tenant} is not a Slack workspace")

    def attach(self, app: FastAPI) -> None:
        """Serve /slack/events and the OAuth pages on the server's app."""
        add_slack_routes(app, self)

    def user_language(self, tenant: str, user_id: str | None) -> str:
        """The language of a user of a tenant (their Slack locale), else English."""
        if not user_id:
            return normalize(None)
        team = self._platform_team(tenant)
        who = self.directory.user(self.client_for(tenant), team, user_id)
        return normalize(who.locale if who else None)

    def send_digest(self, due: DueDigest) -> Delivery:
        """Post the weekly digest in the channel the workspace chose (the scheduler calls this)."""
        channel = due.channel
        try:
            digest.post_digest(self.workspace(channel.tenant), self.client_for(channel.tenant), due)
        except LookupError:
            logger.warning("digest: %s is not installed", channel.tenant)
            return Delivery.GIVE_UP
        except SlackApiError as exc:
            code = slack_error_code(exc)
            if code in PERMANENT:
                logger.warning("digest of %s: Slack said %s", channel.tenant, code)
                return Delivery.GIVE_UP
            raise
        return Delivery.SENT

    def send_reminder(self, due: DueReminder) -> Delivery:
        """Start the empty chair in a reminder's channel (the scheduler calls this)."""
        reminder = due.reminder
        try:
            chair.start_in_channel(
                self.workspace(due.tenant),
                self.client_for(due.tenant),
                reminder.channel_id,
                host=None,
                topic=reminder.topic,
                lang=self.user_language(due.tenant, reminder.created_by),
            )
        except LookupError:
            logger.warning("reminder %s: %s is not installed", reminder.id, due.tenant)
            return Delivery.GIVE_UP
        except SlackApiError as exc:
            code = slack_error_code(exc)
            if code in PERMANENT:
                logger.warning("reminder %s: Slack said %s", reminder.id, code)
                return Delivery.GIVE_UP
            raise
        return Delivery.SENT

    def send_review(self, due: DueReview) -> Delivery:
        """DM a decision's owner that its review date has come (the scheduler calls this)."""
        try:
            return reviews.send_review(self.client_for(due.tenant), due)
        except LookupError:
            logger.warning("review of D%s: %s is not installed", due.decision.id, due.tenant)
            return Delivery.GIVE_UP
        except SlackApiError as exc:
            code = slack_error_code(exc)
            if code in PERMANENT:
                logger.warning("review of D%s: Slack said %s", due.decision.id, code)
                return Delivery.GIVE_UP
            raise

    def end_meeting(self, tenant: str, session: MeetingSession) -> Delivery:
        """Post the summary of a session the scheduler ended after 12 hours."""
        try:
            lang = self.user_language(tenant, session.host)
            chair.sum_up(self.workspace(tenant), self.client_for(tenant), session, lang)
        except LookupError:
            return Delivery.GIVE_UP
        except SlackApiError as exc:
            if slack_error_code(exc) in PERMANENT:
                return Delivery.GIVE_UP
            raise
        return Delivery.SENT


def _checked_app(slack: SlackSettings, **options: Any) -> App:
    """Bolt's app; Bolt checks the bot token with `auth.test` as it starts, and its
    refusal or an unreachable Slack becomes one line (it was "unexpected failure")."""
    try:
        return App(**options)
    except BoltError as exc:  # a revoked or mistyped SLACK_BOT_TOKEN, most often
        raise ConfigError(N_("the Slack app cannot start: {reason}"), reason=str(exc)) from None
    except (URLError, OSError) as exc:
        raise ConfigError(
            N_("cannot reach Slack at {url}: {reason}"),
            url=slack.api_url,
            reason=str(getattr(exc, "reason", exc)),
        ) from None
