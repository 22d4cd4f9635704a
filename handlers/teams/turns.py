"""One incoming Teams activity, resolved: whose tenant, which conversation, which user.

The tenant comes from the activity (Bot Framework sets it; the request's token proves
the activity came from Bot Framework for our bot), so an activity only ever reaches
its own tenant's data.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.config import Settings
from bot.conversations import ConversationRef, Person
from bot.errors import InvalidInput
from bot.i18n import normalize
from bot.models import Answer, Place
from bot.reminders import parse_timezone
from bot.store import Store
from bot.workspace import Workspace

PLATFORM = "teams"


def base_conversation_id(conversation_id: str) -> str:
    """A channel thread's id without its `;messageid=...` part: the channel itself."""
    return conversation_id.split(";", 1)[0]


def tenant_of(activity: Any) -> str | None:
    """The Entra tenant id of an activity (conversation first, then channel data)."""
    conversation = getattr(activity, "conversation", None)
    tenant = getattr(conversation, "tenant_id", None)
    if not tenant:
        channel_data = getattr(activity, "channel_data", None)
        tenant = getattr(getattr(channel_data, "tenant", None), "id", None)
    if not tenant:
        return None
    return str(tenant).strip() or None


def client_timezone(activity: Any, default: str) -> str:
    """The user's time zone as the Teams client reports it, if valid, else `default`."""
    for entity in getattr(activity, "entities", None) or []:
        zone = getattr(entity, "timezone", None)
        if getattr(entity, "type", None) == "clientInfo" and isinstance(zone, str) and zone:
            try:
                return parse_timezone(zone)
            except InvalidInput:
                break
    return default


@dataclass(frozen=True)
class Turn:
    """What every handler needs to know about the activity it answers."""

    ws: Workspace
    tenant_id: str
    conversation_id: str
    conversation_type: str
    user_id: str | None
    user_name: str
    activity_id: str
    timezone: str
    #: The language of the Teams client (the activity's `locale`), English when unknown.
    lang: str = "en"

    @property
    def personal(self) -> bool:
        """True in a one-to-one chat with the bot."""
        return self.conversation_type == "personal"

    def place(self) -> Place:
        """Where a decision is logged from."""
        return Place(platform=PLATFORM, channel_id=self.conversation_id, private=self.personal)

    def ask(self, question: str) -> Answer:
        """The answer in the question's language, or this chat's locale when the question
        is too short to tell ("SSO?")."""
        return self.ws.answer_for_customer(question, locale=self.lang)

    def key(self, *parts: object) -> str:
        """A request key for `Workspace.first_time`, scoped to this conversation."""
        return ":".join([PLATFORM, self.conversation_id, *(str(p) for p in parts)])


def resolve(activity: Any, store: Store, settings: Settings, default_timezone: str = "UTC") -> Turn:
    """The turn of an activity; `InvalidInput` when it does not say which tenant it is from."""
    tenant_id = tenant_of(activity)
    if not tenant_id:
        raise InvalidInput(
            "this message does not say which organisation it comes from, so I cannot answer it"
        )
    user = activity.from_
    conversation = activity.conversation
    return Turn(
        ws=Workspace(store, settings.tenant_for(PLATFORM, tenant_id), settings),
        tenant_id=tenant_id,
        conversation_id=base_conversation_id(conversation.id),
        conversation_type=conversation.conversation_type or "personal",
        user_id=user.aad_object_id or user.id,
        user_name=(user.name or "").strip(),
        activity_id=str(activity.id or ""),
        timezone=client_timezone(activity, default_timezone),
        lang=language_of(activity),
    )


def language_of(activity: Any) -> str:
    """The language the bot speaks to this activity's user (from its `locale`)."""
    return normalize(getattr(activity, "locale", None))


def conversation_ref(activity: Any) -> ConversationRef:
    """What a proactive message to this conversation needs later."""
    bot = activity.recipient
    conversation = activity.conversation
    return ConversationRef(
        platform=PLATFORM,
        conversation_id=base_conversation_id(conversation.id),
        service_url=activity.service_url,
        data={
            "bot": {"id": bot.id, "name": bot.name},
            "conversation_type": conversation.conversation_type,
            "tenant_id": tenant_of(activity),
            "locale": activity.locale,
        },
    )


def person_of(activity: Any, turn: Turn) -> Person | None:
    """Who sent an activity (and, in a personal chat, the 1:1 chat with them)."""
    user = getattr(activity, "from_", None)
    user_id = getattr(user, "id", None)
    if not user_id or getattr(user, "role", None) == "bot":
        return None
    return Person(
        platform=PLATFORM,
        user_id=str(user_id),
        aad_object_id=getattr(user, "aad_object_id", None),
        name=(getattr(user, "name", None) or "").strip(),
        personal_conversation_id=turn.conversation_id if turn.personal else None,
    )
