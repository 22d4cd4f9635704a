"""Personal data in customer text: e-mail addresses and phone numbers are masked."""

from __future__ import annotations

import pytest

from bot.masking import find_emails, mask_personal_data


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("write to jan.kowalski@firma.pl now", "write to [email] now"),
        ("call +48 601 234 567", "call [phone]"),
        ("call 555-123-4567 today", "call [phone] today"),
        ("order 12345 on 2026-05-01", "order 12345 on 2026-05-01"),
        ("電話 0120-123-456 まで", "電話 [phone] まで"),
    ],
)
def test_masking(text: str, expected: str) -> None:
    assert mask_personal_data(text) == expected


def test_find_emails_sees_the_addresses_masking_removes() -> None:
    text = "from Jan.Kowalski@firma.pl, cc ops@example.co.uk"
    assert find_emails(text) == ["Jan.Kowalski@firma.pl", "ops@example.co.uk"]
    assert find_emails(mask_personal_data(text)) == []
