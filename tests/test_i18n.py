"""Message catalogs: complete, current, placeholder-safe, and used with literal message ids."""

from __future__ import annotations

import ast
import string
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from bot import i18n
from bot.i18n import KEYWORDS, LANGUAGES, known, normalize, nt, t

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ("bot", "handlers")
TRANSLATED = [lang for lang in LANGUAGES if lang != "en"]
WORKFLOW = "run the extract/update commands in README 'Translations' and translate"


def msgid_key(message_id: str | tuple[str, ...]) -> str:
    """The catalog key of a message id (the singular of a plural message)."""
    return message_id[0] if isinstance(message_id, tuple) else message_id


def extracted() -> dict[str, tuple[str, ...]]:
    """Every message id used in the sources: key -> (singular[, plural])."""
    found: dict[str, tuple[str, ...]] = {}
    for source in SOURCES:
        for _file, _line, message, _comments, _context in extract_from_dir(
            ROOT / source, [("**.py", "python")], keywords=KEYWORDS, comment_tags=()
        ):
            forms = message if isinstance(message, tuple) else (message,)
            found[forms[0]] = tuple(forms)
    return found


def catalog(lang: str) -> Catalog:
    """The `.po` catalog of a language, parsed by Babel."""
    with i18n.catalog_path(lang).open("rb") as po:
        return read_po(po, locale=lang, domain=i18n.DOMAIN)


def messages(cat: Catalog) -> Iterator[Message]:
    """The catalog's messages without its header entry."""
    return (m for m in cat if m.id)


def fields(text: str) -> set[str]:
    """The `{name}` placeholders of a format string."""
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name is not None}


def test_the_sources_use_the_catalog() -> None:
    assert len(extracted()) >= 1, "no message found: the extraction keywords are wrong"


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_message_in_the_sources_is_translated(lang: str) -> None:
    cat = catalog(lang)
    problems = []
    for key, forms in sorted(extracted().items()):
        message = cat.get(key)
        if message is None:
            problems.append(f"missing: {key!r}")
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            problems.append(f"untranslated or fuzzy: {key!r}")
        if len(forms) != (2 if message.pluralizable else 1):
            problems.append(f"plural form changed: {key!r}")
    assert problems == [], f"{lang}: {WORKFLOW}\n" + "\n".join(problems)


@pytest.mark.parametrize("lang", TRANSLATED)
def test_no_catalog_is_stale(lang: str) -> None:
    used = extracted()
    stale = sorted(
        str(msgid_key(m.id)) for m in messages(catalog(lang)) if msgid_key(m.id) not in used
    )
    assert stale == [], f"{lang}: messages no longer used ({WORKFLOW}): {stale}"


@pytest.mark.parametrize("lang", TRANSLATED)
def test_placeholders_survive_translation(lang: str) -> None:
    problems = []
    for message in messages(catalog(lang)):
        sources = message.id if isinstance(message.id, tuple) else (message.id,)
        wanted = set().union(*(fields(s) for s in sources))
        # A plural form may spell the count out ("one customer"), never drop another field
        # that both English forms have (click's "Did you mean {possibility}?" and "(Did you
        # mean one of: {possibilities}?)" each have their own).
        needed = set.intersection(*(fields(s) for s in sources)) - {"n"}
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for text in strings:
            got = fields(text)
            if got - wanted or needed - got:
                problems.append(
                    f"{sources[0]!r}: {sorted(wanted)} became {sorted(got)} in {text!r}"
                )
            try:
                text.format(**dict.fromkeys(wanted | got, "x"))
            except (ValueError, IndexError, KeyError) as exc:
                problems.append(f"{text!r} does not format: {exc}")
    assert problems == [], "\n".join(problems)


def literal_misuse(path: Path, root: Path = ROOT) -> list[str]:
    """Calls of t/nt whose message ids are not string literals (extraction cannot see them)."""
    bad = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
            continue
        positions = KEYWORDS.get(node.func.id)
        if positions is None or node.func.id not in ("t", "nt"):
            continue
        for position in positions:
            arg = node.args[position - 1] if len(node.args) >= position else None
            if not (isinstance(arg, ast.Constant) and isinstance(arg.value, str)):
                bad.append(f"{path.relative_to(root)}:{node.lineno}")
    return bad


def hidden_in_fstrings(path: Path, root: Path = ROOT) -> list[str]:
    """t/nt/N_ calls inside f-strings: Babel's extractor cannot see them (Python < 3.12)."""
    bad = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.JoinedStr):
            for sub in ast.walk(node):
                if isinstance(sub, ast.Call) and getattr(sub.func, "id", None) in KEYWORDS:
                    bad.append(f"{path.relative_to(root)}:{sub.lineno}")
    return bad


def test_no_message_hides_inside_an_fstring() -> None:
    bad = [
        b for s in SOURCES for p in sorted((ROOT / s).rglob("*.py")) for b in hidden_in_fstrings(p)
    ]
    assert bad == [], "bind the translated text to a name first, then format it"


def test_message_ids_are_literals() -> None:
    bad = [b for s in SOURCES for p in sorted((ROOT / s).rglob("*.py")) for b in literal_misuse(p)]
    assert bad == []


def test_the_misuse_scanner_sees_a_variable_message_id(tmp_path: Path) -> None:
    probe = tmp_path / "probe.py"
    probe.write_text("t(lang, text)\nt(lang, 'fine {x}', x=1)\nnt(lang, 'a', plural, n)\n")
    assert literal_misuse(probe, tmp_path) == ["probe.py:1", "probe.py:3"]
    probe.write_text("x = f\"*{t(lang, 'hidden')}*\"\n")
    assert hidden_in_fstrings(probe, tmp_path) == ["probe.py:1"]


def test_language_codes_are_normalized() -> None:
    assert [normalize(c) for c in ("pl-PL", "ja_JP", "zh-Hans", "TH", "", None, "de-DE")] == [
        "pl",
        "ja",
        "zh",
        "th",
        "en",
        "en",
        "en",
    ]
    assert [known(c) for c in ("pt-BR", "zh-TW", None)] == [None, "zh", None]


def test_english_is_the_message_id_and_unknown_languages_fall_back_to_it() -> None:
    assert t("en", "{n} customers", n=3) == "3 customers"
    assert t("xx", "Not a message id {x}", x=1) == "Not a message id 1"
    assert nt("de", "{n} customer", "{n} customers", 1) == "1 customer"


@pytest.mark.parametrize("lang", TRANSLATED)
def test_each_catalog_loads_and_translates(lang: str) -> None:
    translated = [m for m in messages(catalog(lang)) if not m.pluralizable]
    assert translated, f"{lang}: empty catalog"
    message = translated[0]
    params = dict.fromkeys(fields(str(message.id)), "7")
    assert t(lang, str(message.id), **params) == str(message.string).format(**params)
