"""The Teams bot: one SDK `App`, its listeners registered explicitly, and proactive sends."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import httpx
from microsoft_teams.api.activities.conversation import ConversationUpdateActivity
from microsoft_teams.api.activities.event import MeetingEndEventActivity, MeetingStartEventActivity
from microsoft_teams.api.activities.install_update import InstalledActivity
from microsoft_teams.api.activities.invoke.adaptive_card import AdaptiveCardInvokeActivity
from microsoft_teams.api.activities.invoke.file_consent import FileConsentInvokeActivity
from microsoft_teams.api.activities.invoke.message_extension import (
    MessageExtensionFetchTaskInvokeActivity,
    MessageExtensionSubmitActionInvokeActivity,
)
from microsoft_teams.api.activities.message import MessageActivity
from microsoft_teams.api.clients import ApiClient
from microsoft_teams.api.clients.conversation import CreateConversationParams
from microsoft_teams.api.models import (
    Account,
    ConversationAccount,
    MessagingExtensionActionResponse,
)
from microsoft_teams.apps import ActivityContext, App
from microsoft_teams.apps.http.adapter import (
    HttpMethod,
    HttpRequest,
    HttpResponse,
    HttpRouteHandler,
)
from microsoft_teams.common import Client, ClientOptions

from bot.config import Settings
from bot.conversations import ConversationRef, Person
from bot.digest_schedule import DueDigest
from bot.errors import InvalidInput
from bot.i18n import normalize, translated
from bot.models import MeetingSession
from bot.reminders import DueReminder
from bot.reviews import DueReview
from bot.store import Store
from bot.workspace import Workspace
from handlers import pools
from handlers.platform import Delivery
from handlers.teams import actions, capture, digest, meetings, messages, report
from handlers.teams.cards import Card, esc_message
from handlers.teams.config import TeamsSettings
from handlers.teams.outbound import RetryMiddleware, RetryPolicy
from handlers.teams.replies import card_message, guarded, logged_only
from handlers.teams.review_cards import render_review
from handlers.teams.server import mount
from handlers.teams.turns import PLATFORM, Turn, conversation_ref, language_of, person_of, resolve

if TYPE_CHECKING:
    from fastapi import FastAPI

logger = logging.getLogger(__name__)


@dataclass
class Wiring:
    """How the bot reaches the outside world; tests replace the network here."""

    #: Extra middlewares on the SDK's HTTP client, inside the retrying one (so they see
    #: every attempt). Tests capture outbound calls with one.
    middlewares: Sequence[object] = ()
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    #: Passed to `microsoft_teams.apps.App` (e.g. `cloud`, `token`, `client_id`).
    sdk_options: Mapping[str, Any] = field(default_factory=dict)


def _news(known: Person | None, seen: Person) -> bool:
    """Whether an activity tells more about its sender than is stored (saves a write)."""
    if known is None or (known.name, known.aad_object_id) != (seen.name, seen.aad_object_id):
        return True
    chat = seen.personal_conversation_id
    return chat is not None and chat != known.personal_conversation_id


def _owner_chat(ws: Workspace, owner: str) -> tuple[Person | None, ConversationRef | None]:
    """The owner of a decision among the people seen, and their stored 1:1 chat."""
    person = ws.find_person(PLATFORM, owner)
    if person is None or not person.personal_conversation_id:
        return person, None
    return person, ws.conversation(PLATFORM, person.personal_conversation_id)


def _save_personal_chat(ws: Workspace, person: Person, ref: ConversationRef) -> None:
    """Remember a new 1:1 chat with a person (for the next review)."""
    ws.save_conversation(ref)
    ws.save_person(replace(person, personal_conversation_id=ref.conversation_id))


class RouteCollector:
    """An `HttpServerAdapter` that keeps the SDK's route handlers for our own FastAPI route.

    The SDK's `FastAPIAdapter` would replace the host app's lifespan; the host server owns
    its app, so we only collect the handler and serve it from `handlers.teams.server`.
    """

    def __init__(self) -> None:
        self.handlers: dict[str, HttpRouteHandler] = {}

    def register_route(self, method: HttpMethod, path: str, handler: HttpRouteHandler) -> None:
        """Remember the handler of `path`."""
        self.handlers[path] = handler

    def serve_static(self, path: str, directory: str) -> None:
        """Not used: Empty Chair serves no static pages."""
        raise NotImplementedError("Empty Chair serves no static pages from the Teams SDK")

    async def start(self, port: int) -> None:
        """Not used: the host server runs uvicorn."""
        raise NotImplementedError("the Teams route is served by the host FastAPI app")

    async def stop(self) -> None:
        """Nothing to stop."""


class TeamsBot:
    """The Teams side of Empty Chair over one store (a `handlers.platform.Platform`)."""

    name = PLATFORM

    def __init__(
        self,
        store: Store,
        settings: Settings,
        teams: TeamsSettings,
        wiring: Wiring | None = None,
    ) -> None:
        self.store = store
        self.settings = settings
        self.teams = teams
        wiring = wiring or Wiring()
        client = Client(ClientOptions())
        client.use(RetryMiddleware(wiring.retry))
        for middleware in wiring.middlewares:
            client.use(middleware)  # type: ignore[arg-type]  # any object with send()
        self.routes = RouteCollector()
        options: dict[str, Any] = {
            "client": client,
            "http_server_adapter": self.routes,
            "messaging_endpoint": teams.endpoint,
            "dangerously_allow_unauthenticated_requests": teams.dangerously_allow_unauthenticated,
            "state": False,
        }
        options.update(wiring.sdk_options)
        self.app = App(**options)
        self._ready = asyncio.Lock()
        self._register()

    # Serving ------------------------------------------------------------------------

    def attach(self, app: FastAPI) -> None:
        """Serve the messaging endpoint (POST /api/messages) on the server's app."""
        mount(app, self)

    async def handle(self, request: HttpRequest) -> HttpResponse:
        """Authenticate and process one request to the messaging endpoint (the SDK's path)."""
        async with self._ready:
            if self.teams.endpoint not in self.routes.handlers:
                await self.app.initialize()
        return await self.routes.handlers[self.teams.endpoint](request)

    # Listeners ----------------------------------------------------------------------

    def _register(self) -> None:
        app = self.app
        app.on_activity(self._remember_conversation)
        app.on_message(self._on_message)
        app.on_card_action_execute(self._on_card_action)
        app.on_message_ext_open(self._on_capture_open)
        app.on_message_ext_submit(self._on_capture_submit)
        app.on_meeting_start(self._on_meeting_start)
        app.on_meeting_end(self._on_meeting_end)
        app.on_conversation_update(self._on_conversation_update)
        app.on_install_add(self._on_install)
        app.on_file_consent(self._on_file_consent)

    def turn(self, ctx: ActivityContext[Any]) -> Turn:
        """The resolved turn of an activity (its tenant's workspace)."""
        return resolve(ctx.activity, self.store, self.settings, self.teams.default_timezone)

    async def _remember_conversation(self, ctx: ActivityContext[Any]) -> None:
        """Every activity refreshes the conversation reference that proactive sends use."""

        def save(turn: Turn) -> None:
            ref = conversation_ref(ctx.activity)
            if turn.ws.conversation(PLATFORM, ref.conversation_id) != ref:
                turn.ws.save_conversation(ref)
            person = person_of(ctx.activity, turn)
            if person is not None and _news(turn.ws.find_person(PLATFORM, person.user_id), person):
                turn.ws.save_person(person)

        async def remember() -> None:
            turn = self.turn(ctx)
            await pools.request(save, turn)

        # Without a tenant nothing is saved; the listener of the activity says why.
        await guarded(
            "saving the conversation reference", remember, logged_only, language_of(ctx.activity)
        )
        await ctx.next()

    async def _on_message(self, ctx: ActivityContext[MessageActivity]) -> None:
        async def reply(text: str) -> None:  # an error may repeat what the user typed
            await ctx.send(esc_message(text))

        await guarded(
            "message",
            lambda: messages.on_message(ctx, self.turn(ctx)),
            reply,
            language_of(ctx.activity),
        )

    async def _on_card_action(
        self, ctx: ActivityContext[AdaptiveCardInvokeActivity]
    ) -> actions.Response:
        async def error(text: str) -> actions.Response:
            return actions.error_response(text)

        return await guarded(
            "card action",
            lambda: actions.on_card_action(ctx, self.turn(ctx)),
            error,
            language_of(ctx.activity),
        )

    async def _on_capture_open(
        self, ctx: ActivityContext[MessageExtensionFetchTaskInvokeActivity]
    ) -> MessagingExtensionActionResponse:
        async def work() -> MessagingExtensionActionResponse:
            return capture.open_form(ctx, self.turn(ctx))

        return await guarded(
            "opening the feedback form", work, capture.error_response, language_of(ctx.activity)
        )

    async def _on_capture_submit(
        self, ctx: ActivityContext[MessageExtensionSubmitActionInvokeActivity]
    ) -> MessagingExtensionActionResponse:
        async def work() -> MessagingExtensionActionResponse:
            return await capture.submit_form(ctx, self.turn(ctx))

        return await guarded(
            "saving feedback", work, capture.error_response, language_of(ctx.activity)
        )

    async def _on_meeting_start(self, ctx: ActivityContext[MeetingStartEventActivity]) -> None:
        async def work() -> None:
            turn = self.turn(ctx)
            if await pools.request(turn.ws.first_time, turn.key("meeting-start", turn.activity_id)):
                await meetings.start(ctx, turn, ctx.activity.value.title, automatic=True)

        await guarded("meeting start", work, logged_only, language_of(ctx.activity))

    async def _on_meeting_end(self, ctx: ActivityContext[MeetingEndEventActivity]) -> None:
        async def work() -> None:
            turn = self.turn(ctx)
            if await pools.request(turn.ws.first_time, turn.key("meeting-end", turn.activity_id)):
                await meetings.end(ctx, turn, automatic=True)

        await guarded("meeting end", work, logged_only, language_of(ctx.activity))

    async def _on_file_consent(self, ctx: ActivityContext[FileConsentInvokeActivity]) -> None:
        async def reply(text: str) -> None:  # an error may repeat what the user typed
            await ctx.send(esc_message(text))

        await guarded(
            "report file",
            lambda: report.on_file_consent(self, ctx, self.turn(ctx)),
            reply,
            language_of(ctx.activity),
        )

    async def upload(self, url: str, data: bytes) -> None:
        """PUT a file to the pre-authorised OneDrive upload URL Teams gave (no bot token)."""
        http = self.app.http_client.clone()
        size = len(data)
        try:
            await http.put(
                url,
                content=data,
                headers={
                    "Content-Length": str(size),
                    "Content-Range": f"bytes 0-{size - 1}/{size}",
                },
            )
        finally:
            await http.http.aclose()

    async def _on_conversation_update(
        self, ctx: ActivityContext[ConversationUpdateActivity]
    ) -> None:
        added = ctx.activity.members_added or []
        if any(member.id == ctx.activity.recipient.id for member in added):
            await self._welcome(ctx)

    async def _on_install(self, ctx: ActivityContext[InstalledActivity]) -> None:
        await self._welcome(ctx)

    async def _welcome(self, ctx: ActivityContext[Any]) -> None:
        async def work() -> None:
            turn = self.turn(ctx)
            # Installing sends both conversationUpdate and installationUpdate: greet once.
            if await pools.request(turn.ws.first_time, turn.key("welcome")):
                await ctx.send(translated(turn.lang, messages.WELCOME))

        await guarded("welcome", work, logged_only, language_of(ctx.activity))

    # Proactive messages -------------------------------------------------------------

    def _api(self, service_url: str) -> tuple[ApiClient, Client]:
        http = self.app.http_client.clone()
        api = ApiClient(
            service_url, http, cloud=self.app.cloud, token_provider=self.app.token_provider
        )
        return api, http

    async def open_personal_chat(self, base: ConversationRef, user_id: str) -> ConversationRef:
        """Create (or find) the bot's 1:1 chat with a user, reached through `base`'s service."""
        tenant_id = base.data.get("tenant_id")
        if not base.service_url or not tenant_id:
            raise InvalidInput("the stored conversation reference is incomplete")
        api, http = self._api(base.service_url)
        params = CreateConversationParams(
            members=[Account(id=user_id)],
            tenant_id=str(tenant_id),
            channel_data={"tenant": {"id": str(tenant_id)}},
        )
        try:
            created = await api.conversations.create(params)
        finally:
            await http.http.aclose()
        data = {**base.data, "conversation_type": "personal"}
        return ConversationRef(PLATFORM, created.id, base.service_url, data)

    async def post(self, ref: ConversationRef, card: Card) -> str:
        """Post a card to a stored conversation; returns the new message's id.

        Each call uses its own HTTP connection (closed afterwards), so it works from any
        event loop, including a fresh one in the scheduler's thread.
        """
        bot = ref.data.get("bot") or {}
        if not bot.get("id") or not ref.service_url:
            raise InvalidInput("the stored conversation reference is incomplete")
        message = card_message(card)
        message.from_ = Account(id=str(bot["id"]), name=bot.get("name"))
        message.conversation = ConversationAccount(id=ref.conversation_id)
        http = self.app.http_client.clone()
        api = ApiClient(
            ref.service_url, http, cloud=self.app.cloud, token_provider=self.app.token_provider
        )
        try:
            sent = await api.conversations.create_activity(ref.conversation_id, message)
        finally:
            await http.http.aclose()
        return sent.id

    def send_digest(self, due: DueDigest) -> Delivery:
        """Post the weekly digest card (blocking: the scheduler's thread)."""
        return asyncio.run(self.post_digest(due))

    async def post_digest(self, due: DueDigest) -> Delivery:
        """Post the weekly digest card to the chat that chose it."""
        channel = due.channel
        ws = Workspace(self.store, channel.tenant, self.settings)
        ref = await pools.request(ws.conversation, PLATFORM, channel.channel_id)
        if ref is None:
            logger.warning("Teams: no conversation reference for the digest of %s", channel.tenant)
            return Delivery.GIVE_UP
        week = await pools.request(ws.digest, channel.timezone, now=due.at)
        await self.post(ref, digest.render_digest(week, channel.lang))
        return Delivery.SENT

    def send_review(self, due: DueReview) -> Delivery:
        """Send a review to its owner's 1:1 chat (blocking: the scheduler's thread)."""
        return asyncio.run(self.deliver_review(due))

    async def deliver_review(self, due: DueReview) -> Delivery:
        """The review card in the owner's 1:1 chat: a stored one, else a new one.

        The owner is found among the people the bot has seen (by directory id, Teams id
        or name). 403 or 404 from Teams on their chat means they left: `RECIPIENT_GONE`.
        """
        ws = Workspace(self.store, due.tenant, self.settings)
        owner = (due.decision.owner or "").strip()
        person, ref = await pools.request(_owner_chat, ws, owner)
        try:
            if ref is None:
                user_id = person.user_id if person is not None else None
                base = await pools.request(
                    ws.conversation, PLATFORM, due.decision.place.channel_id or ""
                )
                if user_id is None or base is None:
                    logger.warning(
                        "Teams: review of D%d: cannot reach its owner %r", due.decision.id, owner
                    )
                    return Delivery.GIVE_UP
                ref = await self.open_personal_chat(base, user_id)
                assert person is not None
                await pools.request(_save_personal_chat, ws, person, ref)
            # The owner's language: the locale of the last activity from their chat.
            lang = normalize(str(ref.data.get("locale") or ""))
            await self.post(ref, render_review(due, lang))
        except httpx.HTTPStatusError as exc:
            if exc.response.status_code in (403, 404):
                return Delivery.RECIPIENT_GONE
            raise
        return Delivery.SENT

    def end_meeting(self, tenant: str, session: MeetingSession) -> Delivery:
        """Post the summary of a session the scheduler ended (blocking)."""
        return asyncio.run(self.post_summary(tenant, session))

    async def post_summary(self, tenant: str, session: MeetingSession) -> Delivery:
        """The meeting summary in the session's chat, if the chat can still be reached."""
        ws = Workspace(self.store, tenant, self.settings)
        ref = await pools.request(ws.conversation, PLATFORM, session.channel_id)
        if ref is None:
            return Delivery.GIVE_UP
        await meetings.post_summary(self, ws, ref, session)
        return Delivery.SENT

    def send_reminder(self, due: DueReminder) -> Delivery:
        """Start the empty chair for a due reminder (blocking: the scheduler's thread)."""
        return asyncio.run(self.start_reminder(due))

    async def start_reminder(self, due: DueReminder) -> Delivery:
        """Start the empty chair for a due reminder and post its card."""
        reminder = due.reminder
        if reminder.platform != PLATFORM or due.stale:
            return Delivery.NOTHING
        ws = Workspace(self.store, due.tenant, self.settings)
        ref = await pools.request(ws.conversation, PLATFORM, reminder.channel_id)
        if ref is None:
            logger.warning(
                "Teams: reminder %d cannot be sent: no message has come from %s since the "
                "app was installed there; skipped this week",
                reminder.id,
                reminder.channel_id,
            )
            return Delivery.GIVE_UP
        await meetings.start_proactively(self, ws, ref, reminder)
        return Delivery.SENT
