"""The language label a stored snippet gets."""

from __future__ import annotations

import pytest

from bot.answer.language import guess_language


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
