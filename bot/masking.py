"""Personal data in customer text: e-mail addresses and phone numbers, found and masked."""

from __future__ import annotations

import re

_EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# A phone number: optional +country, then 7+ digits with common separators.
_PHONE_RE = re.compile(r"(?<![\w+])(?:\+|00)?\d(?:[\s().-]{0,2}\d){6,14}(?!\w)")
_MANY_DIGITS_RE = re.compile(r"\d[\d\s().-]{5,}\d")

EMAIL_MASK = "[email]"
PHONE_MASK = "[phone]"


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
