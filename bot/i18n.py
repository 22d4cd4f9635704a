"""Message catalogs: every sentence the bot writes, in the asker's language.

The API is two functions, `t` and `nt`, with English source strings as message ids
(gettext style) and `str.format` placeholders. Catalogs live in `bot/locale/` in the
standard gettext layout (`<lang>/LC_MESSAGES/emptychair.po`); they are compiled with
Babel when a language is first used, so the `.po` files are the only source of truth
(no binary `.mo` to keep in step). A language without a catalog falls back to English.
"""

from __future__ import annotations

import gettext
import io
from functools import lru_cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

DOMAIN = "emptychair"
LOCALE_DIR = Path(__file__).parent / "locale"
#: The languages the bot speaks (answers, labels, warnings, buttons, help, errors).
LANGUAGES = ("en", "pl", "ja", "zh", "th")
DEFAULT_LANGUAGE = "en"
#: Extraction keywords (`pybabel extract -k`): the message id is the 2nd argument of `t`,
#: the singular and plural the 2nd and 3rd of `nt`; `N_` marks an id translated later, and
#: the core's errors carry their message id first (`InvalidInput("the title is empty")`).
KEYWORDS = {
    "t": (2,),
    "nt": (2, 3),
    "N_": (1,),
    "InvalidInput": (1,),
    "NotFound": (1,),
    "Conflict": (1,),
    "ImportFailed": (1,),
}


def normalize(lang: str | None) -> str:
    """A language code the bot speaks (`pl-PL` -> `pl`, `zh-Hans` -> `zh`), else English."""
    code = (lang or "").strip().lower().replace("_", "-").split("-")[0]
    return code if code in LANGUAGES else DEFAULT_LANGUAGE


def known(lang: str | None) -> str | None:
    """The code of `lang` when the bot speaks it (`ja-JP` -> `ja`), else None."""
    code = (lang or "").strip().lower().replace("_", "-").split("-")[0]
    return code if code in LANGUAGES else None


def catalog_path(lang: str) -> Path:
    """Where the `.po` catalog of a language lives."""
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@lru_cache(maxsize=16)
def translator(lang: str) -> gettext.NullTranslations:
    """The catalog of a language (English: the source strings themselves)."""
    code = normalize(lang)
    path = catalog_path(code)
    if code == DEFAULT_LANGUAGE or not path.is_file():
        return gettext.NullTranslations()
    with path.open("rb") as po:
        catalog = read_po(po, locale=code, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def N_(message: str, /) -> str:
    """Mark a message id for extraction where it is translated later (returns it as is)."""
    return message


def translated(lang: str, message: str, /, **params: object) -> str:
    """A message id marked with `N_` elsewhere (a constant or a table entry), in `lang`."""
    text = translator(lang).gettext(message)
    return text.format(**params) if params else text


def t(lang: str, message: str, /, **params: object) -> str:
    """`message` in `lang`, with `{name}` placeholders filled from `params`."""
    text = translator(lang).gettext(message)
    return text.format(**params) if params else text


def nt(lang: str, singular: str, plural: str, n: int, /, **params: object) -> str:
    """The singular or plural form of a message for the count `n` (available as `{n}`)."""
    text = translator(lang).ngettext(singular, plural, n)
    return text.format(n=n, **params)
