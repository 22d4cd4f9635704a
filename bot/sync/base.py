"""What every feedback connector yields: pages of snippets, each with the cursor after it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from html.parser import HTMLParser
from typing import Any, Protocol

from bot.feedback import FeedbackInput
from bot.text import MAX_FEEDBACK_CHARS

Cursor = dict[str, Any]


@dataclass(frozen=True)
class Page:
    """One page from a source: snippets to store, ids deleted at the source, the new cursor."""

    items: list[FeedbackInput]
    cursor: Cursor
    fetched: int
    removed: list[str] = field(default_factory=list)


class Connector(Protocol):
    """A source of feedback that pages through what changed since a cursor."""

    source: str

    def pages(self, cursor: Cursor | None, since: datetime | None) -> Iterator[Page]:
        """Pages after `cursor` (or, on the first run, changed since `since`), oldest first."""
        ...


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        """Keep the text."""
        self.parts.append(data)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Block elements start a new line."""
        if tag in {"p", "br", "div", "li"}:
            self.parts.append("\n")


def html_to_text(html: str) -> str:
    """The readable text of an HTML fragment (Intercom message bodies are HTML)."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    return "\n".join(line.strip() for line in "".join(parser.parts).splitlines()).strip()


def snippet_text(*parts: str | None) -> str:
    """Parts joined by blank lines, cut to the longest snippet we store."""
    text = "\n\n".join(p.strip() for p in parts if p and p.strip())
    return text[:MAX_FEEDBACK_CHARS]


def epoch(value: datetime | None) -> int:
    """Unix seconds of a moment (0 for none)."""
    return int(value.timestamp()) if value is not None else 0


def short(value: object, limit: int = 200) -> str | None:
    """A vendor's name or label as text, cut to what a snippet's field holds."""
    if value is None or value == "":
        return None
    return str(value).strip()[:limit] or None
