"""The 20 built-in principles in every language the bot speaks; a tenant's own stay as written."""

from __future__ import annotations

import string

import pytest

from bot.i18n import LANGUAGES
from bot.models import Principle
from bot.principle_translations import FIELDS, imperative, localized, texts
from bot.principles import builtin_principles

KEYS = [str(item["key"]) for item in builtin_principles()]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_builtin_principle_has_every_text_in_every_language(lang: str) -> None:
    found = texts(lang)
    assert sorted(found) == sorted(KEYS)
    for key in KEYS:
        entry = found[key]
        assert all(entry.get(f, "").strip() for f in FIELDS), (lang, key)
        # Plain text: no placeholders that a renderer could try to fill.
        assert all(
            name is None for f in FIELDS for _, name, _, _ in string.Formatter().parse(entry[f])
        ), (lang, key)
    if lang != "en":  # really translated, not copied
        english = texts("en")
        assert all(found[k]["title"] != english[k]["title"] for k in KEYS)


def test_a_builtin_principle_is_returned_in_the_askers_language() -> None:
    builtin = Principle(
        7, "Keep customers fully informed", "Say plainly...", builtin=True, key="fully-informed"
    )
    polish = localized(builtin, "pl")
    assert (polish.id, polish.title, polish.language) == (7, "Informuj klientów w pełni", "pl")
    assert imperative(builtin, "ja") == "変更が実施される前に、顧客にはっきり伝えよう。"
    assert imperative(builtin, "de") == "Tell customers about the change before it lands, plainly."
    assert localized(builtin, "en") == builtin


def test_a_tenants_own_principle_stays_as_written() -> None:
    own = Principle(30, "Answer within a day", "Always.", language="en")
    assert localized(own, "th") == own
    assert imperative(own, "th") is None
