"""A language-independent tokenizer for search: words, CJK and South-East Asian scripts.

Scripts written with spaces (Latin, Cyrillic, Greek, Hangul...) are split into words,
case-folded, stripped of Latin diacritics (so `zwrotow` finds `zwrotów`) and cut to a
five-letter prefix, a crude but language-free stemmer that joins inflected forms
(`zwrot`, `zwroty`, `zwrotów`; `return`, `returns`, `returning`).

Chinese, Japanese (Han, Hiragana, Katakana) and Thai, Lao, Khmer and Myanmar have no
spaces between words; they become overlapping character bigrams, the approach of
Lucene's CJK analyzer: a two-character query word matches wherever it occurs.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

PREFIX = 5
MAX_TERM_CHARS = 40

_CJK = (
    "\u3040-\u30ff"  # Hiragana, Katakana
    "\u31f0-\u31ff"  # Katakana phonetic extensions
    "\u3400-\u4dbf"  # CJK extension A
    "\u4e00-\u9fff"  # CJK unified ideographs
    "\uf900-\ufaff"  # CJK compatibility ideographs
    "\uff66-\uff9f"  # half-width Katakana
)
_SEA = (
    "\u0e00-\u0e7f"  # Thai
    "\u0e80-\u0eff"  # Lao
    "\u1000-\u109f"  # Myanmar
    "\u1780-\u17ff"  # Khmer
)
_TOKEN_RE = re.compile(
    rf"([{_CJK}]+)|([{_SEA}]+)|([^\W_{_CJK}{_SEA}]+)",
)
_ASCII_WORD_RE = re.compile(r"[a-z0-9]+")
_DIGIT_RE = re.compile(r"\d")


class _StemCache(dict[str, str]):
    """word -> search term, computed on first sight; lookups of known words stay in C."""

    def __missing__(self, word: str) -> str:
        if len(self) >= _STEMS_MAX:
            self.clear()
        stem = self[word] = _stem(word)
        return stem


_STEMS_MAX = 400_000


def _latin_fold_table() -> dict[int, str]:
    """Map accented Latin letters to their base letters (ó→o, ł→l, ß→ss)."""
    table: dict[int, str] = {}
    for code in range(0x00C0, 0x0250):
        char = chr(code)
        base = "".join(
            c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c)
        )
        if base and base != char and base.isascii():
            table[code] = base.lower()
    table.update(
        {
            ord("ł"): "l",
            ord("Ł"): "l",
            ord("đ"): "d",
            ord("ø"): "o",
            ord("æ"): "ae",
            ord("œ"): "oe",
            ord("þ"): "th",
            ord("ß"): "ss",
            ord("ı"): "i",
        }
    )
    return table


_FOLD = _latin_fold_table()
_LATIN_ACCENT_RE = re.compile("[" + "".join(chr(c) for c in sorted(_FOLD)) + "]")


def normalize(text: str) -> str:
    """NFKC, case-folded, Latin diacritics removed."""
    text = unicodedata.normalize("NFKC", text).casefold()
    if not text.isascii() and _LATIN_ACCENT_RE.search(text):
        text = text.translate(_FOLD)
    return text


def _stem(word: str) -> str:
    if len(word) > MAX_TERM_CHARS:
        word = word[:MAX_TERM_CHARS]
    if _DIGIT_RE.search(word):
        return word
    if len(word) > PREFIX:
        return word[:PREFIX]
    if len(word) > 3 and word[-1] == "s" and word[-2] != "s" and word.isascii():
        return word[:-1]  # English plural of a short word: fees -> fee, apps -> app
    return word


def _bigrams(run: str) -> Iterable[str]:
    if len(run) == 1:
        return (run,)
    return map(str.__add__, run, run[1:])  # pairs of neighbours, joined in C


def tokenize(text: str) -> list[str]:
    """The search terms of `text`, in order, with repeats."""
    text = normalize(text)
    if text.isascii():
        return list(map(_STEMS.__getitem__, _ASCII_WORD_RE.findall(text)))
    terms: list[str] = []
    append = terms.append
    extend = terms.extend
    for cjk, sea, word in _TOKEN_RE.findall(text):
        if word:
            append(_STEMS[word])
        else:
            extend(_bigrams(cjk or sea))
    return terms


def query_terms(text: str, limit: int = 64) -> list[str]:
    """The distinct terms of a question, in first-seen order, at most `limit`."""
    seen: dict[str, None] = {}
    for term in tokenize(text):
        seen.setdefault(term, None)
        if len(seen) >= limit:
            break
    return list(seen)


_STEMS = _StemCache()
