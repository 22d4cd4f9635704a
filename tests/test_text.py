"""Text helpers: masking personal data, truncation that never splits a character."""

from __future__ import annotations

import pytest

from bot.sentiment import guess_sentiment
from bot.text import guess_language, mask_personal_data, truncate


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


@pytest.mark.parametrize(
    "text",
    ["👩\u200d👩\u200d👧" * 10, "e\u0301" * 50, "ก้าวไกล" * 20, "退货" * 100, "word " * 100],
)
def test_truncate_never_splits_a_character(text: str) -> None:
    for limit in range(2, 40):
        cut = truncate(text, limit)
        assert len(cut) <= limit
        assert cut.endswith("…")
        body = cut[:-1]
        assert text.startswith(body)
        nxt = text[len(body) : len(body) + 1]
        assert nxt not in {"\u200d", "\u0301", "\u0e49"}  # never leave a joiner or mark behind
        assert not body.endswith("\u200d")


def test_truncate_short_text_unchanged() -> None:
    assert truncate("short", 10) == "short"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Czy klienci chcą zwrotów?", "pl"),
        ("退货太慢", "zh"),
        ("返品が遅い", "ja"),
        ("ส่งช้ามาก", "th"),
        ("Refunds are slow", "en"),
    ],
)
def test_guess_language(text: str, language: str) -> None:
    assert guess_language(text) == language


@pytest.mark.parametrize(
    ("text", "sentiment"),
    [
        ("I love it, great app", "positive"),
        ("Terrible, slow and broken", "negative"),
        ("not good at all", "negative"),
        ("退款太慢，很失望", "negative"),
        ("とても便利で満足です", "positive"),
        ("Dostawa była szybka, polecam", "positive"),
        ("It is a table", "neutral"),
        ("Great design but slow and buggy and broken", "negative"),
    ],
)
def test_guess_sentiment(text: str, sentiment: str) -> None:
    assert guess_sentiment(text) == sentiment
