"""Slack API errors and core errors turned into text a user can act on."""

from __future__ import annotations

from slack_sdk.errors import SlackApiError

from bot.errors import EmptyChairError, user_message
from bot.i18n import N_, t, translated
from handlers.slack.kit import escape

#: What to tell a user for each Slack error code we can meet (say what to do next).
SLACK_ERRORS: dict[str, str] = {
    "not_in_channel": N_(
        "I'm not in this channel yet. Add me with `/invite @Empty Chair`, then try again."
    ),
    "channel_not_found": N_(
        "I can't see this conversation. In a private channel, add me first with "
        "`/invite @Empty Chair`; in a direct message, use the Empty Chair app's Messages tab "
        "instead."
    ),
    "is_archived": N_("This channel is archived, so I can't post in it. Use an active channel."),
    "not_pinnable": N_("Slack doesn't allow pinning here, so the card is posted but not pinned."),
    "too_many_pins": N_("This channel has too many pins. Unpin something, then try again."),
    "already_pinned": N_("The card is already pinned."),
    "no_pin": N_("The card was no longer pinned."),
    "user_not_found": N_("I couldn't find that Slack user. Pick someone from this workspace."),
    "users_not_found": N_("I couldn't find that Slack user. Pick someone from this workspace."),
    "user_is_bot": N_("That's a bot. Pick a person."),
    "message_not_found": N_("That message no longer exists."),
    "cant_update_message": N_("I can't change that message any more."),
    "restricted_action": N_(
        "A workspace setting stops me from posting here. Ask a Slack admin to allow it."
    ),
    "restricted_action_read_only_channel": N_("This channel is read-only for apps."),
    "ekm_access_denied": N_("Your workspace's encryption keys deny access to this message."),
    "missing_scope": N_(
        "Empty Chair lacks a permission it needs. Ask a Slack admin to reinstall the app "
        "from its manifest."
    ),
    "not_authed": N_("Empty Chair is not installed correctly. Ask a Slack admin to reinstall it."),
    "invalid_auth": N_(
        "Empty Chair is not installed correctly. Ask a Slack admin to reinstall it."
    ),
    "account_inactive": N_(
        "Empty Chair was removed from this workspace. Ask an admin to reinstall."
    ),
    "token_revoked": N_("Empty Chair was removed from this workspace. Ask an admin to reinstall."),
    "ratelimited": N_("Slack asked us to slow down. Try again in a minute."),
    "expired_trigger_id": N_("That took too long to open. Run the command again."),
    "exchanged_trigger_id": N_("That form was already opened. Run the command again."),
    "view_too_large": N_("That is too much to show at once. Narrow it down and try again."),
    "msg_too_long": N_("That answer is too long for one Slack message. Ask a narrower question."),
    "fatal_error": N_("Slack had a problem on its side. Try again in a minute."),
    "internal_error": N_("Slack had a problem on its side. Try again in a minute."),
    "service_unavailable": N_("Slack is unavailable right now. Try again in a minute."),
    "request_timeout": N_("Slack took too long to answer. Try again in a minute."),
}

UNEXPECTED = N_(
    "Sorry, something went wrong on our side and it was logged. Try again in a moment; "
    "if it keeps happening, tell whoever runs Empty Chair."
)


def slack_error_code(exc: SlackApiError) -> str:
    """The `error` code of a failed Web API call (or the HTTP status when there is none)."""
    response = exc.response
    data = getattr(response, "data", None)
    if isinstance(data, dict) and data.get("error"):
        return str(data["error"])
    return f"http_{getattr(response, 'status_code', 'error')}"


def slack_error_text(exc: SlackApiError, lang: str) -> str:
    """What to tell the user about a failed Web API call, in `lang`."""
    code = slack_error_code(exc)
    if code in SLACK_ERRORS:
        return translated(lang, SLACK_ERRORS[code])
    if code.startswith("http_5") or code == "http_429":
        return translated(lang, SLACK_ERRORS["service_unavailable"])
    return t(
        lang,
        "Slack refused that ({code}). Try again; if it keeps happening, tell an admin.",
        code=code,
    )


def field_error(exc: EmptyChairError, lang: str) -> str:
    """A core error as one plain sentence in `lang` (a modal's inline error, shown as typed)."""
    return user_message(exc, lang)


def user_text(exc: EmptyChairError, lang: str) -> str:
    """A core error as one mrkdwn sentence for a chat user in `lang` (repeated text escaped)."""
    return escape(field_error(exc, lang))
