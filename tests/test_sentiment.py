"""The sentiment guessed for a snippet that brings none."""

from __future__ import annotations

import pytest

from bot.sentiment import guess_sentiment


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
