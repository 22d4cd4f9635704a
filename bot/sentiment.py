"""A small, deterministic sentiment guess for feedback imported without one.

A lexicon of clearly positive and negative words in the languages our users write
(English, Polish, Chinese, Japanese, Thai). It is only used when a snippet arrives
without a sentiment, to find evidence that points the other way; an imported or
typed-in sentiment always wins.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.models import Sentiment
from bot.search.tokenize import normalize, tokenize

_POSITIVE_WORDS = frozenset(
    tokenize(
        # English, then Polish. Matched as search terms (five-letter stems), so words whose
        # stem collides with a neutral word ("pleased"/"please", "complaint"/"complete",
        # "reklamacja"/"reklama") are left out on purpose.
        "love loved great amazing awesome happy perfect fantastic helpful easy fast quick"
        " smooth thanks thank recommend delighted reliable intuitive best good nice wonderful"
        " glad saves worth"
        " swietnie super dobrze dobry dobra polecam zadowolony zadowolona szybko szybka szybki"
        " latwo latwy dziekuje wygodny wygodna idealnie bezproblemowo"
    )
)
_NEGATIVE_WORDS = frozenset(
    tokenize(
        "hate hated terrible awful horrible bad worst broken bug bugs crash crashes crashed"
        " slow late never angry annoying annoyed frustrated frustrating disappointed"
        " disappointing confusing confused expensive overpriced useless refund cancel"
        " cancelled canceled problem problems issue issues error errors fail failed fails lost"
        " wrong unacceptable poor hidden difficult hard stuck waiting waited ignored"
        " fatalnie fatalny zle zly zla wolno wolny problemy blad bledy rozczarowany"
        " rozczarowana drogo nigdy spozniona spozniony opoznienie zepsuty zepsuta niestety"
        " skandal okropny okropna irytujace trudno trudny"
    )
)
_POSITIVE_PHRASES = tuple(
    "喜欢 满意 很好 非常好 方便 快速 推荐 感谢 谢谢 好用 完美 优秀"
    " 満足 便利 素晴らしい ありがとう 使いやすい 早い 速い 最高 助かり おすすめ 良い よかった"
    " ดีมาก ชอบ ประทับใจ สะดวก รวดเร็ว ขอบคุณ แนะนำ พอใจ ยอดเยี่ยม".split()
)
_NEGATIVE_PHRASES = tuple(
    "失望 不满 太慢 很慢 问题 错误 投诉 退款 糟糕 麻烦 贵 崩溃 没有回复 不好 差"
    " 不満 遅い 遅れ 問題 エラー 返金 最悪 高い 困って 不便 壊れ ひどい 使いにくい 解約"
    " ช้า แย่ ปัญหา ผิดหวัง ไม่พอใจ เสีย แพง คืนเงิน ยกเลิก ล่าช้า ไม่ดี".split()
)
# "don't like" becomes the terms "don", "t", "like": "t" marks the negation.
_NEGATIONS = frozenset(tokenize("not no never nie don't doesn't didn't isn't wasn't can't won't"))


def guess_sentiment(text: str, terms: Sequence[str] | None = None) -> Sentiment:
    """positive, negative, mixed or neutral, from lexicon hits (negation flips a word).

    `terms` are the text's search terms when the caller has them already.
    """
    pos = neg = 0
    previous = ""
    for term in tokenize(text) if terms is None else terms:
        if term in _POSITIVE_WORDS:
            if previous in _NEGATIONS:
                neg += 1
            else:
                pos += 1
        elif term in _NEGATIVE_WORDS:
            neg += 1
        previous = term
    if not text.isascii():
        norm = normalize(text)
        pos += sum(norm.count(p) for p in _POSITIVE_PHRASES)
        neg += sum(norm.count(p) for p in _NEGATIVE_PHRASES)
    if pos and neg:
        if pos >= 2 * neg:
            return "positive"
        if neg >= 2 * pos:
            return "negative"
        return "mixed"
    if pos:
        return "positive"
    if neg:
        return "negative"
    return "neutral"


def parse_sentiment(value: str | None) -> Sentiment | None:
    """A sentiment given by a user or a file, or None when blank; `ValueError` if unknown."""
    if value is None or not value.strip():
        return None
    key = value.strip().lower()
    aliases: dict[str, Sentiment] = {
        "positive": "positive",
        "pos": "positive",
        "+": "positive",
        "good": "positive",
        "negative": "negative",
        "neg": "negative",
        "-": "negative",
        "bad": "negative",
        "neutral": "neutral",
        "neu": "neutral",
        "0": "neutral",
        "mixed": "mixed",
    }
    if key not in aliases:
        raise ValueError(f"unknown sentiment {value!r} (use positive, negative, neutral or mixed)")
    return aliases[key]
