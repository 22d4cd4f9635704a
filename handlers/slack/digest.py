"""The weekly digest in Slack: `/emptychair digest here|off`, and posting it on Mondays."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from slack_sdk import WebClient
from slack_sdk.models.blocks import Block, DividerBlock, HeaderBlock

from bot.digest import Digest, digest_sections, digest_text, digest_title
from bot.digest_schedule import SEND_AT, DueDigest
from bot.i18n import t
from bot.workspace import Workspace
from handlers.slack import kit
from handlers.slack.home import is_manager
from handlers.slack.turn import Turn

logger = logging.getLogger(__name__)

PLATFORM = "slack"
HEADER_CHARS = 150


def digest_blocks(digest: Digest, lang: str) -> list[Block]:
    """The digest as Block Kit: a header, then one section per part (user text escaped)."""
    blocks: list[Block] = [HeaderBlock(text=kit.plain(digest_title(digest, lang), HEADER_CHARS))]
    for part in digest_sections(digest, lang):
        lines = [f"*{kit.escape(part.title)}*", *(f"• {kit.escape(x)}" for x in part.lines)]
        blocks.append(kit.section("\n".join(lines)[: kit.SECTION_TEXT]))
    blocks.append(DividerBlock())
    blocks.append(
        kit.context(kit.escape(t(lang, "Sent every Monday. `/emptychair digest off` stops it.")))
    )
    return blocks


def post_digest(ws: Workspace, client: WebClient, due: DueDigest) -> str:
    """Build the tenant's digest as of its claim and post it in its channel; returns the ts."""
    channel = due.channel
    lang = channel.lang
    week = ws.digest(channel.timezone, now=due.at)
    blocks: Sequence[Block] = digest_blocks(week, lang)
    data = client.chat_postMessage(
        channel=channel.channel_id,
        blocks=kit.message(blocks),
        text=kit.plain_fallback(digest_text(week, lang)),
        unfurl_links=False,
    ).data
    assert isinstance(data, dict)
    return str(data["ts"])


def digest_command(turn: Turn, rest: str) -> None:
    """`/emptychair digest here [time zone]`, `digest off`, or `digest` (where it goes)."""
    words = rest.split()
    action = words[0].lower() if words else ""
    turn.ack()
    if action not in ("here", "off", ""):
        turn.later(lambda t_: t_.tell(_usage(t_)))
    elif action == "here":
        zone = words[1] if len(words) > 1 else None
        turn.later(lambda t_: _here(t_, zone))
    elif action == "off":
        turn.later(_off)
    else:
        turn.later(_status)


def _usage(turn: Turn) -> str:
    return t(
        turn.lang,
        "Usage: `/emptychair digest here [time zone]` sends the weekly customer digest to this "
        "channel every Monday morning; `/emptychair digest off` stops it.",
    )


def _managers_only(turn: Turn) -> bool:
    if is_manager(turn):
        return False
    turn.tell(t(turn.lang, "Only managers can choose where the weekly digest goes."))
    return True


def _here(turn: Turn, zone: str | None) -> None:
    if _managers_only(turn):
        return
    if not turn.channel_id:
        turn.tell(t(turn.lang, "Run this command in the channel that should get the digest."))
        return
    if zone is None and turn.user_id:
        who = turn.bot.directory.user(turn.client, turn.team, turn.user_id)
        zone = who.tz if who else None
    channel = turn.ws.set_digest_channel(
        PLATFORM,
        turn.channel_id,
        timezone=zone or "UTC",
        lang=turn.lang,
        set_by=turn.user_id,
    )
    turn.tell(
        t(
            turn.lang,
            "Every Monday at {time} ({zone}) I will post the weekly customer digest here, "
            "starting {first}. `/emptychair digest off` stops it.",
            time=SEND_AT,
            zone=channel.timezone,
            first=channel.next_run_at[:10],
        )
    )


def _off(turn: Turn) -> None:
    if _managers_only(turn):
        return
    stopped = turn.ws.stop_digest(PLATFORM)
    turn.tell(
        t(turn.lang, "The weekly digest is stopped.")
        if stopped
        else t(turn.lang, "No channel gets the weekly digest.")
    )


def _status(turn: Turn) -> None:
    channel = turn.ws.digest_channel(PLATFORM)
    if channel is None:
        turn.tell(t(turn.lang, "No channel gets the weekly digest. `/emptychair digest here` "
                    "sends it to this channel every Monday morning."))  # fmt: skip
        return
    turn.tell(
        t(
            turn.lang,
            "The weekly digest goes to <#{channel}> every Monday at {time} ({zone}).",
            channel=channel.channel_id,
            time=SEND_AT,
            zone=channel.timezone,
        )
    )
