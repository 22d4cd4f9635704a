"""The weekly digest in Teams: `digest here|off`, and the Monday card."""

from __future__ import annotations

from bot.digest import Digest, digest_sections, digest_title
from bot.digest_schedule import SEND_AT
from bot.i18n import t
from handlers.teams.cards import Card, adaptive_card, esc, fit, heading, section, text_block
from handlers.teams.turns import PLATFORM, Turn


def render_digest(digest: Digest, lang: str) -> Card:
    """The digest as an Adaptive Card: a heading, then one titled part per section."""

    def render(budget: object) -> Card:
        items = getattr(budget, "items", 8)
        body = [heading(digest_title(digest, lang))]
        for part in digest_sections(digest, lang):
            body.append(section(part.title))
            lines = list(part.lines[: items + 2])
            body.append(text_block("\n".join(f"- {esc(line)}" for line in lines)))
        body.append(
            text_block(
                t(lang, "Sent every Monday. **digest off** stops it."), isSubtle=True, size="small"
            )
        )
        return adaptive_card(body)

    return fit(render)


def digest_command(turn: Turn, argument: str, lang: str) -> str:
    """`digest here [time zone]`, `digest off`, or `digest` (where it goes); blocking: run
    it on `pools.request`."""
    words = argument.split()
    action = words[0].lower() if words else ""
    managers = turn.ws.settings.manager_ids
    if action in ("here", "off") and managers and turn.user_id not in managers:
        return t(lang, "Only managers can choose where the weekly digest goes.")
    if action == "here":
        channel = turn.ws.set_digest_channel(
            PLATFORM,
            turn.conversation_id,
            timezone=words[1] if len(words) > 1 else turn.timezone,
            lang=lang,
            set_by=turn.user_id,
        )
        return t(
            lang,
            "Every Monday at {time} ({zone}) I will post the weekly customer digest here, "
            "starting {first}. `digest off` stops it.",
            time=SEND_AT,
            zone=channel.timezone,
            first=channel.next_run_at[:10],
        )
    if action == "off":
        stopped = turn.ws.stop_digest(PLATFORM)
        return (
            t(lang, "The weekly digest is stopped.")
            if stopped
            else t(lang, "No channel gets the weekly digest.")
        )
    if action:
        return t(
            lang,
            "Use `digest here [time zone]` to get the weekly customer digest in this chat every "
            "Monday morning, and `digest off` to stop it.",
        )
    current = turn.ws.digest_channel(PLATFORM)
    if current is None:
        return t(lang, "No chat gets the weekly digest. `digest here` sends it to this one.")
    here = current.channel_id == turn.conversation_id
    return (
        t(lang, "This chat gets the weekly digest every Monday at {time} ({zone}).",
          time=SEND_AT, zone=current.timezone)
        if here
        else t(lang, "Another chat gets the weekly digest. `digest here` moves it to this one.")
    )  # fmt: skip
