"""Which language a question or snippet is written in, from its script and common words."""

from __future__ import annotations

import re

from bot.i18n import DEFAULT_LANGUAGE, known
from bot.search.tokenize import normalize, tokenize

_KANA = re.compile(r"[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f]")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_SCRIPTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("th", re.compile(r"[\u0e00-\u0e7f]")),
    ("ko", re.compile(r"[\uac00-\ud7af\u1100-\u11ff]")),
    ("ru", re.compile(r"[\u0400-\u04ff]")),
    ("ar", re.compile(r"[\u0600-\u06ff]")),
    ("he", re.compile(r"[\u0590-\u05ff]")),
    ("el", re.compile(r"[\u0370-\u03ff]")),
    ("hi", re.compile(r"[\u0900-\u097f]")),
)
_POLISH_LETTERS = re.compile(r"[ąćęłńśźżĄĆĘŁŃŚŹŻ]")
_WORD = re.compile(r"[^\W\d_]+")
# Frequent short words of the Latin-script languages we tell apart. Words that several
# of them share ("a", "de", "in") are left out; accents are folded, as in the index.
_STOPWORDS: dict[str, frozenset[str]] = {
    "en": frozenset(
        "the should we our do does is are what how why which customers customer for of to"
        " and with about they this that it you be can would".split()
    ),
    "pl": frozenset(
        "czy nie sie jest sa powinnismy powinien mamy nasz nasze naszych klienci klientow"
        " dla oraz jak co ze na do bardzo jesli lub tego".split()
    ),
    "de": frozenset(
        "der die das und ist nicht sollen sollten wir unsere kunden fur mit ein eine wie"
        " was auch von zu".split()
    ),
    "fr": frozenset(
        "le la les et est pas nous nos clients pour avec une des du que qui devrions faut"
        " sur ce".split()
    ),
    "es": frozenset(
        "el los las y es no nosotros nuestros clientes para con una que del deberiamos"
        " por como lo".split()
    ),
    "it": frozenset("il gli e non noi nostri clienti per con che della dovremmo sono".split()),
    "pt": frozenset("o os as e nao nos nossos clientes para com uma que do devemos sao".split()),
}


def detect_language(text: str) -> str:
    """The language code of `text`: en, pl, ja, zh, th and others by script or common words.

    Kana means Japanese even among Chinese characters; Han alone means Chinese. Latin
    text is Polish when it has Polish letters, else the language whose common words it
    uses most (English when nothing tells).
    """
    if not text.isascii():
        if _KANA.search(text):
            return "ja"
        for code, pattern in _SCRIPTS:
            if pattern.search(text):
                return code
        if _HAN.search(text):
            return "zh"
        if _POLISH_LETTERS.search(text):
            return "pl"
    words = _WORD.findall(normalize(text))[:60]
    if not words:
        return "en"
    scores = {code: sum(w in stop for w in words) for code, stop in _STOPWORDS.items()}
    best = max(scores, key=lambda code: (scores[code], code == "en"))
    if best != "en" and scores[best] > scores["en"] and (scores[best] >= 2 or "czy" in words):
        return best
    return "en"


def common_words() -> frozenset[str]:
    """The frequent short words of every Latin-script language we tell apart, as search
    terms (folded, five-letter stems)."""
    return _COMMON


_COMMON = frozenset(tokenize(" ".join(sorted(frozenset().union(*_STOPWORDS.values())))))


def tells_language(text: str) -> bool:
    """Whether `text` says which language it is in (a script, Polish letters, or at least
    one common word); "SSO?", "dark mode" or "?" do not."""
    if detect_language(text) != "en":
        return True
    words = _WORD.findall(normalize(text))[:60]
    return any(w in _STOPWORDS["en"] for w in words)


def answer_language(text: str, locale: str | None = None) -> str:
    """The language to answer `text` in: its own when it tells, else the asker's locale
    when the bot speaks it, else English."""
    if tells_language(text):
        return detect_language(text)
    return known(locale) or DEFAULT_LANGUAGE


# The label a stored snippet gets (shown with evidence, counted in verdicts). Kept apart
# from `detect_language`, which reads questions: the two agree on 4,998 of 5,000 bench
# corpus rows, and changing stored labels is a data change of its own.
_SNIPPET_SCRIPTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("ja", re.compile(r"[\u3040-\u30ff]")),
    ("th", re.compile(r"[\u0e00-\u0e7f]")),
    ("zh", re.compile(r"[\u4e00-\u9fff]")),
    ("ko", re.compile(r"[\uac00-\ud7af]")),
    ("ru", re.compile(r"[\u0400-\u04ff]")),
)
_SNIPPET_POLISH_LETTERS = re.compile(r"[ąćęłńóśźżĄĆĘŁŃÓŚŹŻ]")
_SNIPPET_POLISH_WORDS = frozenset("nie sie jest ze czy dla oraz jak jestem bardzo".split())


def guess_language(text: str) -> str:
    """The language label of a feedback snippet or principle, a cheap guess from the
    script: ja, th, zh, ko, ru, pl, else en."""
    if not text.isascii():
        for code, pattern in _SNIPPET_SCRIPTS:
            if pattern.search(text):
                return code
        if _SNIPPET_POLISH_LETTERS.search(text):
            return "pl"
    words = text.lower().split()
    hits = sum(1 for w in words[:40] if w in _SNIPPET_POLISH_WORDS)
    return "pl" if hits >= 2 else "en"
