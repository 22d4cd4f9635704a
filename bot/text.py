"""Text helpers shared by the core: cleaning, masking, language guess, truncation."""

from __future__ import annotations

import hashlib
import re
import unicodedata

from bot.errors import InvalidInput

#: Longest question we answer (characters). Longer input is refused, not cut.
MAX_QUESTION_CHARS = 2_000
#: Longest feedback snippet we store (characters).
MAX_FEEDBACK_CHARS = 20_000

_EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# A phone number: optional +country, then 7+ digits with common separators.
_PHONE_RE = re.compile(r"(?<![\w+])(?:\+|00)?\d(?:[\s().-]{0,2}\d){6,14}(?!\w)")
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACE_RE = re.compile(r"\s+")

EMAIL_MASK = "[email]"
PHONE_MASK = "[phone]"


def clean(text: str) -> str:
    """Strip control characters and surrounding whitespace; keep inner newlines."""
    return _CONTROL_RE.sub("", text).strip()


_MANY_DIGITS_RE = re.compile(r"\d[\d\s().-]{5,}\d")


def mask_personal_data(text: str) -> str:
    """Replace e-mail addresses and phone numbers, because feedback is shown to channels."""
    if "@" in text:
        text = _EMAIL_RE.sub(EMAIL_MASK, text)
    if _MANY_DIGITS_RE.search(text):  # cheap test first: most snippets have no long numbers
        text = _PHONE_RE.sub(_phone_or_keep, text)
    return text


def find_emails(text: str) -> list[str]:
    """The e-mail addresses in a text (before masking)."""
    return _EMAIL_RE.findall(text) if "@" in text else []


def _phone_or_keep(match: re.Match[str]) -> str:
    digits = sum(c.isdigit() for c in match.group(0))
    # Dates (2024-05-01) and order numbers are shorter or shaped differently; 9+ digits
    # with a separator or a leading + look like phone numbers.
    raw = match.group(0)
    if digits >= 9 or raw.startswith(("+", "00")):
        return PHONE_MASK
    return raw


def require_text(value: str | None, what: str, *, max_chars: int) -> str:
    """A cleaned, non-empty text of at most `max_chars`, or `InvalidInput`."""
    text = clean(value or "")
    if not text:
        raise InvalidInput(f"{what} is empty", field=what)
    if len(text) > max_chars:
        raise InvalidInput(
            f"{what} is too long ({len(text):,} characters; the limit is {max_chars:,})",
            field=what,
        )
    return text


def dedupe_hash(text: str) -> str:
    """A stable hash of the normalised text, for de-duplicating imports."""
    norm = _SPACE_RE.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()[:32]


_SCRIPTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("ja", re.compile(r"[\u3040-\u30ff]")),
    ("th", re.compile(r"[\u0e00-\u0e7f]")),
    ("zh", re.compile(r"[\u4e00-\u9fff]")),
    ("ko", re.compile(r"[\uac00-\ud7af]")),
    ("ru", re.compile(r"[\u0400-\u04ff]")),
)
_POLISH_LETTERS_RE = re.compile(r"[ąćęłńóśźżĄĆĘŁŃÓŚŹŻ]")
_POLISH_WORDS = frozenset("nie sie jest ze czy dla oraz jak jestem bardzo".split())


def guess_language(text: str) -> str:
    """A cheap guess from the script: ja, th, zh, ko, ru, pl, else en."""
    if not text.isascii():
        for code, pattern in _SCRIPTS:
            if pattern.search(text):
                return code
        if _POLISH_LETTERS_RE.search(text):
            return "pl"
    words = text.lower().split()
    hits = sum(1 for w in words[:40] if w in _POLISH_WORDS)
    return "pl" if hits >= 2 else "en"


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


def one_line(text: str) -> str:
    """Collapse whitespace, for list views."""
    return _SPACE_RE.sub(" ", text).strip()
