"""Message catalogs: every sentence the bot writes, in the asker's language.

The API is two functions, `t` and `nt`, with English source strings as message ids
(gettext style) and `str.format` placeholders. Catalogs live in `bot/locale/` in the
standard gettext layout; a language without a catalog falls back to English.
"""

from __future__ import annotations

import gettext
from functools import lru_cache
from pathlib import Path

DOMAIN = "emptychair"
LOCALE_DIR = Path(__file__).parent / "locale"
#: The languages the bot speaks (answers, labels, warnings, buttons, help, errors).
LANGUAGES = ("en", "pl", "ja", "zh", "th")
DEFAULT_LANGUAGE = "en"


def normalize(lang: str | None) -> str:
    """A language code the bot speaks (`pl-PL` -> `pl`, `zh-Hans` -> `zh`), else English."""
    code = (lang or "").strip().lower().replace("_", "-").split("-")[0]
    return code if code in LANGUAGES else DEFAULT_LANGUAGE


@lru_cache(maxsize=16)
def translator(lang: str) -> gettext.NullTranslations:
    """The catalog of a language (English: the source strings themselves)."""
    code = normalize(lang)
    if code == DEFAULT_LANGUAGE:
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[code], fallback=True)


def t(lang: str, message: str, /, **params: object) -> str:
    """`message` in `lang`, with `{name}` placeholders filled from `params`."""
    text = translator(lang).gettext(message)
    return text.format(**params) if params else text


def nt(lang: str, singular: str, plural: str, n: int, /, **params: object) -> str:
    """The singular or plural form of a message for the count `n` (available as `{n}`)."""
    text = translator(lang).ngettext(singular, plural, n)
    return text.format(n=n, **params)
