"""The built-in principles in the asker's language (`bot/data/principles.<lang>.json`).

Each file maps a built-in principle's key to its `title`, `body` and `imperative`
(the short instruction an answer leads with). A tenant's own principles stay as written.
"""

from __future__ import annotations

import json
from dataclasses import replace
from functools import cache

from bot.i18n import DEFAULT_LANGUAGE, normalize
from bot.models import Principle
from bot.principles import DATA_DIR, builtin_principles

FIELDS = ("title", "body", "imperative")


@cache
def texts(lang: str) -> dict[str, dict[str, str]]:
    """key -> {title, body, imperative} of the built-in library in `lang`."""
    code = normalize(lang)
    if code == DEFAULT_LANGUAGE:
        return {
            str(item["key"]): {f: str(item.get(f) or "") for f in FIELDS}
            for item in builtin_principles()
        }
    path = DATA_DIR / f"principles.{code}.json"
    data: dict[str, dict[str, str]] = json.loads(path.read_text(encoding="utf-8"))
    return data


def localized(principle: Principle, lang: str) -> Principle:
    """A built-in principle with its title and body in `lang`; others unchanged."""
    found = texts(lang).get(principle.key or "") if principle.key else None
    if not found or normalize(lang) == principle.language:
        return principle
    return replace(principle, title=found["title"], body=found["body"], language=normalize(lang))


def imperative(principle: Principle, lang: str) -> str | None:
    """A built-in principle's short imperative in `lang`; None for a tenant's own."""
    if not principle.builtin or not principle.key:
        return None
    found = texts(lang).get(principle.key) or texts(DEFAULT_LANGUAGE).get(principle.key)
    return (found or {}).get("imperative") or None
