"""Generic text shaping: cleaning, required-text checks with size limits, truncation,
one-line list views. (Personal-data masking: `bot.masking`; language: `bot.answer.language`.)"""

from __future__ import annotations

import re
import unicodedata

from bot.errors import InvalidInput
from bot.i18n import N_

#: Longest question we answer (characters). Longer input is refused, not cut.
MAX_QUESTION_CHARS = 2_000
#: Longest feedback snippet we store (characters).
MAX_FEEDBACK_CHARS = 20_000

_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACE_RE = re.compile(r"\s+")


def clean(text: str) -> str:
    """Strip control characters and surrounding whitespace; keep inner newlines."""
    return _CONTROL_RE.sub("", text).strip()


def require_text(value: str | None, what: str, *, max_chars: int) -> str:
    """A cleaned, non-empty text of at most `max_chars`, or `InvalidInput`."""
    text = clean(value or "")
    if not text:
        raise InvalidInput(N_("{what} is empty"), field=what, what=what)
    if len(text) > max_chars:
        raise InvalidInput(
            N_("{what} is too long ({length} characters; the limit is {limit})"),
            field=what,
            what=what,
            length=f"{len(text):,}",
            limit=f"{max_chars:,}",
        )
    return text


def truncate(text: str, limit: int, ellipsis: str = "…") -> str:
    """Shorten `text` to at most `limit` characters, ending with an ellipsis.

    Cuts between grapheme-like units: never inside a combining sequence, a surrogate
    pair or a ZWJ emoji sequence, and prefers a word boundary near the end.
    """
    if limit <= 0:
        return ""
    if len(text) <= limit:
        return text
    cut = limit - len(ellipsis)
    if cut <= 0:
        return ellipsis[:limit]
    while cut > 0 and (_joins_previous(text[cut]) or text[cut - 1] == "\u200d"):
        cut -= 1
    space = text.rfind(" ", max(0, cut - 20), cut)
    if space > 0:
        cut = space
    return text[:cut].rstrip() + ellipsis


def _joins_previous(char: str) -> bool:
    return (
        unicodedata.combining(char) != 0
        or unicodedata.category(char) in {"Mn", "Me", "Mc", "Cs"}
        or char in {"\u200d", "\ufe0f", "\ufe0e"}
        or "\U0001f3fb" <= char <= "\U0001f3ff"  # skin-tone modifiers
    )


#: Bidirectional embedding, override and isolate controls (LRE … RLO, LRI … PDI).
_BIDI_CONTROLS = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))


def without_bidi_controls(text: str) -> str:
    """Text for display next to other text: without the invisible controls that would
    reorder what follows them on the line (an override in a customer's name turning
    "Acme · F12" into "Acme 21F ·"). Marks such as U+200F and joiners stay."""
    return text.translate(_BIDI_CONTROLS)


def one_line(text: str) -> str:
    """Collapse whitespace, for list views."""
    return _SPACE_RE.sub(" ", text).strip()
