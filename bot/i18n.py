"""Message catalogs: every sentence the bot writes, in the asker's language.

The API is two functions, `t` and `nt`, with English source strings as message ids
(gettext style) and `str.format` placeholders. Catalogs live in `bot/locale/` in the
standard gettext layout (`<lang>/LC_MESSAGES/emptychair.po`), the only source of truth:
no build step and no binary `.mo` to keep in step. When a language is first used, its
`.po` is compiled with Babel into a standard `.mo` kept in the cache directory
(`bot.disk_cache`) under the fingerprint of the `.po` bytes, so later processes read the
`.mo` without importing Babel, and an edited `.po` is compiled again. English needs no
catalog at all. A language without a catalog falls back to English.
"""

from __future__ import annotations

import atexit
import gettext
import io
import logging
import os
import shutil
import struct
import tempfile
from functools import lru_cache
from pathlib import Path

from bot import disk_cache

logger = logging.getLogger(__name__)

DOMAIN = "emptychair"
LOCALE_DIR = Path(__file__).parent / "locale"
#: The languages the bot speaks (answers, labels, warnings, buttons, help, errors).
LANGUAGES = ("en", "pl", "ja", "zh", "th")
DEFAULT_LANGUAGE = "en"
#: Extraction keywords (`pybabel extract -k`): the message id is the 2nd argument of `t`,
#: the singular and plural the 2nd and 3rd of `nt`; `N_` marks an id translated later
#: (`N_plural` a singular and plural), and
#: the core's errors carry their message id first (`InvalidInput("the title is empty")`).
KEYWORDS = {
    "t": (2,),
    "nt": (2, 3),
    "N_": (1,),
    "N_plural": (1, 2),
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
    found = _compiled(normalize(lang))
    if found is None:
        return gettext.NullTranslations()
    return gettext.GNUTranslations(io.BytesIO(found[1]))


def _compiled(code: str) -> tuple[str, bytes] | None:
    """(cache name, `.mo` bytes) of a language's catalog; None for English or no catalog."""
    path = catalog_path(code)
    if code == DEFAULT_LANGUAGE or not path.is_file():
        return None
    po = path.read_bytes()
    name = compiled_name(code, po)
    cached = disk_cache.read(name)
    if cached is not None:
        try:
            gettext.GNUTranslations(io.BytesIO(cached))
            return name, cached
        except (OSError, struct.error, UnicodeDecodeError, ValueError, IndexError):
            logger.debug("damaged compiled catalog %s; compiling again", name, exc_info=True)
    compiled = compile_catalog(code, po)
    if disk_cache.write(name, compiled):
        disk_cache.remove_others(f"{DOMAIN}-{code}-", keep=name)
    return name, compiled


def locale_tree(lang: str, domain: str) -> Path | None:
    """A gettext locale directory whose only catalog is `lang`'s, as `domain`.

    For libraries that look their messages up with the standard `gettext` module (bind
    `domain` to the directory): the compiled catalog as `<lang>/LC_MESSAGES/<domain>.mo`,
    kept in the cache directory under the catalog's fingerprint (a private temporary
    directory when there is no usable cache). None for English or without a catalog.
    """
    code = normalize(lang)
    found = _compiled(code)
    if found is None:
        return None
    name, mo = found
    base = disk_cache.cache_dir()
    if base is not None:
        root = base / f"locale-{domain}-{name.removesuffix('.mo')}"
        if _holds(root / code / "LC_MESSAGES" / f"{domain}.mo", mo):
            return root
        try:
            _write_tree(root, code, domain, mo)
            _remove_other_trees(base, f"locale-{domain}-{DOMAIN}-{code}-", keep=root.name)
            return root
        except OSError:
            logger.debug("locale directory %s not written", root, exc_info=True)
    root = Path(tempfile.mkdtemp(prefix="emptychair-locale-"))
    _write_tree(root, code, domain, mo)
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    return root


def _remove_other_trees(base: Path, prefix: str, keep: str) -> None:
    """Remove the locale directories of older builds of the same catalog."""
    for entry in base.glob(f"{prefix}*"):
        if entry.name != keep and entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)


def _holds(path: Path, data: bytes) -> bool:
    """Whether `path` is our own file with exactly `data` (never another user's file)."""
    try:
        with path.open("rb") as handle:
            if hasattr(os, "getuid") and os.fstat(handle.fileno()).st_uid != os.getuid():
                return False
            return handle.read() == data
    except OSError:
        return False


def _write_tree(root: Path, lang: str, domain: str, mo: bytes) -> None:
    """Write `<root>/<lang>/LC_MESSAGES/<domain>.mo` atomically (folders 0700, file 0600)."""
    folder = root / lang / "LC_MESSAGES"
    disk_cache.make_private_dirs(folder)  # 0700 each, parents included, whatever the umask
    partial = folder / f".{domain}.mo.{os.getpid()}.partial"
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(mo)
    os.replace(partial, folder / f"{domain}.mo")


#: Bumped when the way catalogs are compiled changes (cached `.mo` files are rebuilt).
COMPILE_VERSION = "1"


def compiled_name(lang: str, po: bytes) -> str:
    """The cache entry of a language's compiled catalog: named by the `.po` it came from."""
    return f"{DOMAIN}-{lang}-{disk_cache.fingerprint(COMPILE_VERSION, po)}.mo"


def compile_catalog(lang: str, po: bytes) -> bytes:
    """The `.po` text of a language compiled to a standard gettext `.mo` (with Babel)."""
    # Babel's catalog reader costs a command-line start more than the rest of i18n: it
    # is imported only when a catalog is compiled, not on every start.
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    catalog = read_po(io.BytesIO(po), locale=lang, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    return compiled.getvalue()


def N_(message: str, /) -> str:
    """Mark a message id for extraction where it is translated later (returns it as is)."""
    return message


def N_plural(singular: str, plural: str, /) -> tuple[str, str]:
    """Mark a singular and plural message id for extraction (returns them as they are)."""
    return singular, plural


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
