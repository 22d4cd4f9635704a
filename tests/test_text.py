"""Text shaping: truncation that never splits a character."""

from __future__ import annotations

import pytest

from bot.text import truncate


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
