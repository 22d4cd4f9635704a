"""The cue lists of bot/data/cues.json, as phrase indexes across all languages."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from bot.answer.phrases import PhraseIndex, cached_index
from bot.search.tokenize import normalize

LANGUAGES = ("en", "pl", "ja", "zh", "th")
#: The package's data files (read by path: `importlib.resources` would load its zip
#: readers on every start).
DATA_DIR = Path(__file__).resolve().parents[1] / "data"
#: Verbs and what they do; explicit effects come first so they win over inc/dec ties.
#: `impose` makes a thing mandatory (require 2FA): customers who value it are for it.
ACTIONS = ("take", "impose", "give", "inc", "dec")
#: `not_negations` hold a negation that does not negate ("要不要": whether or not).
NEGATIONS = ("negate_before", "negate_after", "conditional", "not_negations")
#: What a snippet says about the topic.
ATTITUDES = ("indifferent", "accept", "pain", "dislike", "value")


@cache
def _cues_text() -> str:
    return (DATA_DIR / "cues.json").read_text(encoding="utf-8")


@cache
def cue_data() -> dict[str, dict[str, Any]]:
    """The cue lists by language (bot/data/cues.json)."""
    data: dict[str, dict[str, Any]] = json.loads(_cues_text())
    return {lang: data[lang] for lang in LANGUAGES}


def _index(categories: tuple[str, ...]) -> PhraseIndex:
    """The phrases of `categories` in every language (built once, then read from the
    disk cache while cues.json and this code are unchanged)."""

    def build() -> PhraseIndex:
        data = cue_data()
        return PhraseIndex(
            (category, phrase)
            for category in categories
            for lang in LANGUAGES
            for phrase in data[lang].get(category, [])
        )

    name = "cues-" + "-".join(categories)
    return cached_index(name, _cues_text(), [__file__], build)


@cache
def action_index() -> PhraseIndex:
    """Verbs that propose a change (labels: take, impose, give, inc, dec)."""
    return _index(ACTIONS)


@cache
def negation_index() -> PhraseIndex:
    """Words that turn a proposal or an attitude around (negate_before, negate_after)."""
    return _index(NEGATIONS)


@cache
def proviso_index() -> PhraseIndex:
    """Words that make an acceptance conditional ("as long as", "pod warunkiem", "只要")."""
    return _index(("proviso",))


@cache
def attitude_index() -> PhraseIndex:
    """What a snippet says: indifferent, accept, pain, dislike, value."""
    return _index(ATTITUDES)


@cache
def preference_patterns() -> tuple[tuple[str, str, str], ...]:
    """'Rather A than B' patterns as (lead, separator, preferred side), longest first."""
    patterns = {
        (normalize(p["lead"]), normalize(p["sep"]), p["preferred"])
        for lang in LANGUAGES
        for p in cue_data()[lang].get("prefer", [])
    }
    # Patterns with both parts first ("rather A than B" before "rather A"), longest first.
    return tuple(sorted(patterns, key=lambda p: (not p[1], -len(p[1]) - len(p[0]), p)))
