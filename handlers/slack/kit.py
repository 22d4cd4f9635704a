"""Block Kit building helpers: escaped, clipped text and the limits `slack_sdk` leaves to us."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

from slack_sdk.models.blocks import (
    Block,
    ContextBlock,
    MarkdownTextObject,
    Option,
    PlainTextObject,
    SectionBlock,
)
from slack_sdk.models.views import View

from bot.text import one_line, truncate, without_bidi_controls

# Documented Block Kit limits (https://docs.slack.dev/reference/block-kit).
MAX_MESSAGE_BLOCKS = 50
MAX_VIEW_BLOCKS = 100
SECTION_TEXT = 3000
HEADER_TEXT = 150
BUTTON_TEXT = 75
BUTTON_VALUE = 2000
OPTION_TEXT = 75
OPTION_VALUE = 150
MAX_OPTIONS = 100
CONTEXT_ELEMENTS = 10
MODAL_TITLE = 24
PRIVATE_METADATA = 3000
INPUT_MAX_LENGTH = 3000
#: Top-level `text` of a message: Slack truncates at 40,000; notifications show far less.
FALLBACK_TEXT = 3000


class BlockLimitError(ValueError):
    """A rendered message or view breaks a Block Kit limit (a bug in a renderer)."""


def escape(text: str) -> str:
    """Escape the three characters Slack treats as markup (so `<!channel>` stays text).

    The one escaping function of every Slack message: mrkdwn sections, context lines and
    the top-level `text` of messages (which notifications show) all run user and stored
    text through it, so `<!channel>`, `<!here>`, `<!everyone>`, `<@U…>`, `<#C…>` and
    `<url|label>` are shown as typed and never ping, mention or link.
    """
    shown = without_bidi_controls(text)
    return shown.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


_ENTITY = re.compile(r"&(amp|lt|gt);")
_ENTITIES = {"amp": "&", "lt": "<", "gt": ">"}


def unescape(text: str) -> str:
    """Text as the user typed it, from text Slack sent us (`&amp;`, `&lt;`, `&gt;` decoded once).

    Slack escapes those three characters in the text of commands, events and messages; the
    text is stored decoded, so `escape` on the way out shows `<` once, never `&lt;`.
    """
    return _ENTITY.sub(lambda m: _ENTITIES[m.group(1)], text)


def md(text: str, limit: int = SECTION_TEXT) -> str:
    """User or stored text made safe for mrkdwn and cut cleanly to `limit` characters."""
    cut = truncate(text, limit)
    escaped = escape(cut)
    while len(escaped) > limit:  # escaping lengthened it: cut the raw text shorter
        shorter = min(len(cut) - 1, len(cut) * limit // len(escaped))
        cut = truncate(cut, max(shorter, 0))
        escaped = escape(cut)
    return escaped


def lines_within(
    lines: Sequence[str], limit: int, more: str = "…and {n} more.", total: int | None = None
) -> str:
    """As many whole lines as fit in `limit` characters, then how many of `total` were left out."""
    total = len(lines) if total is None else total
    kept: list[str] = []
    size = 0
    for line in lines:
        left_after = total - len(kept) - 1
        tail = len(more.format(n=left_after)) + 1 if left_after else 0
        if size + len(line) + 1 + tail > limit:
            break
        kept.append(line)
        size += len(line) + 1
    if total > len(kept):
        kept.append(more.format(n=total - len(kept)))
    return "\n".join(kept)


def plain(text: str, limit: int) -> str:
    """Plain text on one line, cut cleanly to `limit` characters."""
    return truncate(one_line(without_bidi_controls(text)), limit) or "…"


def quote(text: str, limit: int) -> str:
    """A block quote of stored text on one line."""
    body = md(one_line(text), limit - 4)
    return f"> \u201c{body}\u201d"


def link(url: str | None, label: str) -> str | None:
    """A mrkdwn link, or None when the URL could break out of the link syntax."""
    if not url or not url.startswith(("https://", "http://")) or any(c in url for c in "<>| "):
        return None
    return f"<{url}|{escape(label)}>"


def mrkdwn(text: str) -> MarkdownTextObject:
    """A mrkdwn text object that Slack takes as written (`verbatim`).

    Without it Slack's automatic parsing turns bare URLs, `#channel` names and certain
    `@` mentions in the text into links and mentions, user text included; our own
    links and mentions use the explicit `<…>` syntax, which is still processed.
    """
    return MarkdownTextObject(text=text, verbatim=True)


def section(text: str, *, block_id: str | None = None, accessory: Any = None) -> SectionBlock:
    """A mrkdwn section (the caller escapes user text with `md`)."""
    return SectionBlock(text=mrkdwn(text[:SECTION_TEXT]), block_id=block_id, accessory=accessory)


def context(*parts: str) -> ContextBlock:
    """A context line of up to ten mrkdwn parts."""
    elements = [mrkdwn(p[:SECTION_TEXT]) for p in parts if p]
    return ContextBlock(elements=elements[:CONTEXT_ELEMENTS] or [mrkdwn(" ")])


def option(label: str, value: str) -> Option:
    """A select option with its label cut to 75 characters."""
    return Option(text=PlainTextObject(text=plain(label, OPTION_TEXT)), value=value[:OPTION_VALUE])


def message(blocks: Sequence[Block]) -> list[dict[str, Any]]:
    """The blocks of one message as JSON, validated, and never more than Slack accepts."""
    if not blocks:
        raise BlockLimitError("a message needs at least one block")
    if len(blocks) > MAX_MESSAGE_BLOCKS:
        raise BlockLimitError(f"{len(blocks)} blocks in a message; Slack accepts 50")
    return [b.to_dict() for b in blocks]


def view(v: View) -> dict[str, Any]:
    """A modal or Home tab as JSON, validated (slack_sdk checks its 100-block limit too)."""
    if v.blocks is not None and len(v.blocks) > MAX_VIEW_BLOCKS:
        raise BlockLimitError(f"{len(v.blocks)} blocks in a view; Slack accepts 100")
    data: dict[str, Any] = v.to_dict()
    return data


def fallback_text(text: str) -> str:
    """The top-level `text` of a message with blocks (shown in notifications).

    `text` is mrkdwn the caller built (user text in it already `escape`d); for plain
    user or stored text use `plain_fallback`.
    """
    return truncate(text, FALLBACK_TEXT)


def plain_fallback(text: str) -> str:
    """Plain user or stored text as the top-level `text` of a message, escaped and cut."""
    return md(text, FALLBACK_TEXT)


def encode_metadata(data: Mapping[str, Any]) -> str:
    """A view's private_metadata (at most 3,000 characters)."""
    text = json.dumps({k: v for k, v in data.items() if v is not None}, separators=(",", ":"))
    if len(text) > PRIVATE_METADATA:
        raise BlockLimitError("private_metadata is longer than 3,000 characters")
    return text


def decode_metadata(text: str | None) -> dict[str, Any]:
    """A view's private_metadata as a dict ({} when missing or not ours)."""
    try:
        data = json.loads(text or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}
