"""Find listed phrases in a text fast: Latin phrases by search term, CJK/Thai by substring.

Both the question reader and the stance rules look for hundreds of phrases in short
texts. A phrase written with spaces is matched as a run of search terms (the index's
five-letter stems, accents folded), so `returns` and `returned` both match `return`;
a phrase in Chinese, Japanese or Thai is matched as a substring. Every phrase is
indexed by its first term or first character, so finding all of them costs one
dictionary lookup per word or character of the text, however long the lists are.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property, lru_cache

from bot import disk_cache
from bot.search.tokenize import normalize, tokenize

_UNSPACED_CHARS = (
    "\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f"
    "\u0e00-\u0e7f\u0e80-\u0eff\u1000-\u109f\u1780-\u17ff"
)
_UNSPACED = re.compile(f"[{_UNSPACED_CHARS}]")
_WORD = re.compile(f"[^\\W_{_UNSPACED_CHARS}]+")


@dataclass(frozen=True)
class Hit:
    """One phrase found in a text: what it stands for and where (character offsets)."""

    label: str
    start: int
    end: int
    phrase: str


@dataclass(frozen=True)
class Prepared:
    """A text ready for matching: normalised, with its words' stems and offsets."""

    norm: str
    words: tuple[tuple[str, int, int], ...]

    @cached_property
    def terms(self) -> frozenset[str]:
        """The text's search terms (as the index stores them)."""
        return frozenset(tokenize(self.norm))


@lru_cache(maxsize=65_536)
def prepare(text: str) -> Prepared:
    """Normalise a text once; the result is cached (texts repeat across questions)."""
    norm = normalize(text)
    words = []
    for m in _WORD.finditer(norm):
        stems = tokenize(m.group(0))
        if stems:
            words.append((stems[0], m.start(), m.end()))
    return Prepared(norm, tuple(words))


def _close(a: str, b: str) -> bool:
    """True when two words with the same five-letter stem are forms of one word.

    The index's stems join `refund` and `refunded` but also `charging` and `chargeback`.
    Long words must also share all but one letter of the shorter word and differ in
    length by at most three (`zwroty`, `zwrotów`); a short word may only gain an ending
    (`fee`, `fees`), not become another word (`start`, `startups`).
    """
    shortest = min(len(a), len(b))
    if shortest <= 5:
        return abs(len(a) - len(b)) <= 2
    need = shortest - 1
    return abs(len(a) - len(b)) <= 3 and a[:need] == b[:need]


def is_unspaced(phrase: str) -> bool:
    """True for phrases in scripts written without spaces (matched as substrings)."""
    return bool(_UNSPACED.search(phrase))


#: A built index as plain data: phrases by first search term, and by first character.
ByTerm = dict[str, list[tuple[tuple[str, ...], tuple[str, ...], str, str]]]
ByChar = dict[str, list[tuple[str, str, str]]]
IndexState = tuple[ByTerm, ByChar]


class PhraseIndex:
    """Phrases with labels; `find` returns the longest non-overlapping hits in a text."""

    def __init__(self, phrases: Iterable[tuple[str, str]]) -> None:
        self._by_term: ByTerm = {}
        self._by_char: ByChar = {}
        for label, phrase in phrases:
            norm = normalize(phrase).strip()
            if not norm:
                continue
            if is_unspaced(norm):
                self._by_char.setdefault(norm[0], []).append((norm, label, phrase))
            else:
                words = tuple(w.group(0) for w in _WORD.finditer(norm))
                terms = tuple(tokenize(norm))
                if terms and len(words) == len(terms):
                    self._by_term.setdefault(terms[0], []).append((terms, words, label, phrase))
        for term_list in self._by_term.values():
            term_list.sort(key=lambda item: -len(item[0]))
        for char_list in self._by_char.values():
            char_list.sort(key=lambda item: -len(item[0]))

    def state(self) -> IndexState:
        """The index as plain data (kept in the disk cache, see `from_state`)."""
        return (self._by_term, self._by_char)

    @classmethod
    def from_state(cls, state: IndexState) -> PhraseIndex:
        """The index whose `state()` this is, without normalising a phrase again."""
        index = cls(())
        index._by_term, index._by_char = state
        return index

    def find(self, text: str | Prepared) -> list[Hit]:
        """Every phrase in `text`, longest first where they overlap, in text order."""
        prepared = prepare(text) if isinstance(text, str) else text
        found: list[Hit] = []
        words = prepared.words
        if self._by_term:
            i = 0
            while i < len(words):
                best: tuple[int, str, str] | None = None
                for terms, full, label, phrase in self._by_term.get(words[i][0], ()):
                    n = len(terms)
                    if i + n <= len(words) and all(
                        words[i + j][0] == terms[j]
                        and _close(full[j], prepared.norm[words[i + j][1] : words[i + j][2]])
                        for j in range(n)
                    ):
                        best = (n, label, phrase)
                        break
                if best is None:
                    i += 1
                    continue
                n, label, phrase = best
                found.append(Hit(label, words[i][1], words[i + n - 1][2], phrase))
                i += n
        norm = prepared.norm
        if self._by_char and not norm.isascii():
            i = 0
            while i < len(norm):
                hit = None
                for sub, label, phrase in self._by_char.get(norm[i], ()):
                    if norm.startswith(sub, i):
                        hit = Hit(label, i, i + len(sub), phrase)
                        break
                if hit is None:
                    i += 1
                    continue
                found.append(hit)
                i = hit.end
        found.sort(key=lambda h: h.start)
        return found


def cached_index(
    name: str, data: str, code: Iterable[str | None], build: Callable[[], PhraseIndex]
) -> PhraseIndex:
    """The index `build()` makes from the vocabulary text `data`, kept in the disk cache.

    The entry is used again only while `data`, the files in `code` (the caller's module)
    and the matching code (this module, the tokenizer) are unchanged; see `bot.disk_cache`.
    """
    tokenizer = sys.modules[normalize.__module__].__file__
    key = disk_cache.source_fingerprint([__file__, tokenizer, *code], data)
    state = disk_cache.cached_value(f"phrases-{name}.marshal", key, lambda: build().state())
    return PhraseIndex.from_state(state)
