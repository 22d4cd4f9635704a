"""What a Teams message asks for: a pure parser from message text to a `Command`.

In a personal chat a message starts with a verb (`ask QUESTION`, `help`...). In a channel
or group chat the bot only sees messages that mention it; after the mention is removed,
a known verb is a command and anything else is a question. `emptychair` before a verb
is allowed everywhere (`emptychair start retro`), as in Slack.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Literal

from bot.i18n import t

Verb = Literal[
    "ask", "start", "end", "remind", "decisions", "review", "digest", "report", "help", "unknown"
]
VERBS: tuple[Verb, ...] = (
    "ask", "start", "end", "remind", "decisions", "review", "digest", "report", "help",
)  # fmt: skip
PREFIX = "emptychair"

_TAG_RE = re.compile(r"<[^>]{0,500}>")
_SPACE_RE = re.compile(r"[ \t\u00a0]+")


@dataclass(frozen=True)
class Command:
    """A parsed message: the verb, the rest of the text, and the word that was not a verb."""

    verb: Verb
    argument: str = ""
    word: str = ""


def plain_text(text: str) -> str:
    """Message text without HTML markup and entities (Teams sends some messages as HTML)."""
    text = re.sub(r"<br\s*/?>|</p>|</div>", "\n", text, flags=re.IGNORECASE)
    text = html.unescape(_TAG_RE.sub("", text))
    lines = (_SPACE_RE.sub(" ", line).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def parse(text: str, *, mentioned: bool) -> Command:
    """The command in a message's plain text (`plain_text` ran once, before: a literal `<`
    the user typed must survive); `mentioned` is True for @-mentions in channels and chats.
    """
    words = text.split(maxsplit=1)
    if not words:
        return Command("help")
    first = words[0].lower().strip(":,/")
    rest = words[1].strip() if len(words) > 1 else ""
    if first == PREFIX:
        # After the prefix only verbs count: `emptychair frobnicate` is an unknown verb.
        return parse(rest, mentioned=False) if rest else Command("help")
    if first in VERBS:
        return Command(first, rest)
    if mentioned:
        return Command("ask", " ".join(words))
    return Command("unknown", " ".join(words), word=words[0])


def help_text(lang: str) -> str:
    """What the bot does and how to ask it, in `lang` (Markdown)."""
    items = [
        t(
            lang,
            "`ask QUESTION`: what's better for the customer? Answered from your principles and "
            "customer feedback, every source cited. In a channel, just mention me with the "
            "question.",
        ),
        t(
            lang,
            "`start [topic]`: put the empty chair into this chat (a principle and a real "
            "customer's words). It starts by itself when a meeting starts here.",
        ),
        t(
            lang,
            "`end`: end the meeting: see its decisions and say whether the customer had a voice.",
        ),
        t(
            lang,
            "`remind <weekday> <HH:MM> [time zone] [topic]`: start the empty chair here every "
            "week (`remind list`, `remind delete ID`).",
        ),
        t(
            lang,
            "`decisions [search]`: the decision log; `review`: the review queue (reviews due, "
            "decisions without customer evidence).",
        ),
        t(
            lang,
            "`digest here [time zone]`: the weekly customer digest in this chat every Monday "
            "morning (`digest off` stops it).",
        ),
        t(
            lang,
            "`report [since] [until]`: the customer-centricity report, with the HTML file in a "
            "personal chat.",
        ),
        t(lang, "`help`: this message."),
    ]
    return "\n\n".join(
        [
            t(lang, "**Empty Chair** keeps the customer in the room when your team decides."),
            "\n".join(f"- {item}" for item in items),
            t(
                lang,
                "Save any message as customer feedback with its **...** menu: *Save as customer "
                "feedback*.",
            ),
        ]
    )


def unknown_reply(command: Command, lang: str) -> str:
    """The answer to a word that is not a command."""
    word = command.word[:40].replace("`", "'")
    return t(
        lang,
        "I don't know the command `{word}`. To ask me something, start with `ask`, e.g. "
        "`ask Should we start charging for returns?`. Type `help` for everything I can do.",
        word=word,
    )
