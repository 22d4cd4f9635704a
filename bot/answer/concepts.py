"""The multilingual vocabulary of customer-experience concepts (bot/data/concepts.json).

Each concept names one thing customers talk about (free returns, renewal price, SSO...)
in English, Polish, Japanese, Chinese and Thai. A question's concepts decide what its
topic is, which snippets are evidence, and which words in the other languages are
added to its search. The expansion is bounded: however large the file grows, a query
gets at most `MAX_CONCEPTS` concepts and `MAX_EXPANSION_TERMS` extra search terms.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache

from bot.answer import cues
from bot.answer.cues import DATA_DIR, LANGUAGES
from bot.answer.phrases import PhraseIndex, cached_index, is_unspaced
from bot.search.tokenize import query_terms

#: At most this many of a question's concepts are expanded into other languages.
MAX_CONCEPTS = 3
#: At most this many forms of a concept per language are added to a search.
MAX_FORMS_PER_LANGUAGE = 2
#: At most this many extra search terms per question.
MAX_EXPANSION_TERMS = 16
#: Forms longer than this are ignored (a form is a word or a short phrase).
MAX_FORM_CHARS = 40


@dataclass(frozen=True)
class Concept:
    """One customer-experience concept and its words in every language."""

    key: str
    group: str
    forms: dict[str, tuple[str, ...]]
    #: A cost or a pain (price, fees, waiting): adding it takes from customers.
    bad: bool = False
    #: A qualifier (a segment, a plan tier) that is never the topic on its own.
    minor: bool = False
    #: A frame around another topic (notice, announcement): a question naming it is
    #: about the frame ("give more notice before price changes" is about the notice).
    frame: bool = False


def load_concepts(text: str) -> dict[str, Concept]:
    """Concepts from the JSON text of a vocabulary file (a list of objects)."""
    result: dict[str, Concept] = {}
    for item in json.loads(text):
        forms = {
            lang: tuple(f for f in item.get(lang, []) if 0 < len(f) <= MAX_FORM_CHARS)
            for lang in LANGUAGES
        }
        result[item["key"]] = Concept(
            key=item["key"],
            group=item.get("group", item["key"]),
            forms=forms,
            bad=bool(item.get("bad", False)),
            minor=bool(item.get("minor", False)),
            frame=bool(item.get("frame", False)),
        )
    return result


@cache
def _vocabulary_text() -> str:
    return (DATA_DIR / "concepts.json").read_text(encoding="utf-8")


@cache
def concepts() -> dict[str, Concept]:
    """The built-in vocabulary, by key."""
    return load_concepts(_vocabulary_text())


@cache
def concept_index() -> PhraseIndex:
    """Every form of every concept, labelled with the concept's key (built once, then
    read from the disk cache while the vocabulary and this code are unchanged)."""
    return cached_index("concepts", _vocabulary_text(), [__file__, cues.__file__], _build_index)


def _build_index() -> PhraseIndex:
    return PhraseIndex(
        (concept.key, form)
        for concept in concepts().values()
        for lang in LANGUAGES
        for form in concept.forms[lang]
    )


def expansion_terms(keys: list[str], known: set[str] | None = None) -> list[tuple[str, float]]:
    """Search terms of the first concepts in `keys` in every language, bounded, each with
    its share of its form: a form counts as one word however many terms it has.

    Concepts share `MAX_EXPANSION_TERMS` equally; within a concept the languages take
    turns, one form each, so a long Japanese name cannot use up the Thai one's place.
    A form written without spaces adds at most `TERMS_PER_FORM` of its character pairs,
    every other one, which still covers a word of up to six characters.
    """
    table = concepts()
    seen = set(known or ())
    extra: list[tuple[str, float]] = []
    chosen = [table[key] for key in dict.fromkeys(keys) if key in table][:MAX_CONCEPTS]
    share = MAX_EXPANSION_TERMS // max(1, len(chosen))
    for concept in chosen:
        added = 0
        for rank in range(MAX_FORMS_PER_LANGUAGE):
            for lang in LANGUAGES:
                forms = concept.forms[lang]
                if rank >= len(forms):
                    continue
                terms = _form_terms(forms[rank])
                new = [t for t in terms if t not in seen][: share - added]
                for term in new:
                    seen.add(term)
                    extra.append((term, 1.0 / len(terms)))
                added += len(new)
    return extra


#: At most this many search terms stand for one form.
TERMS_PER_FORM = 3


def _form_terms(form: str) -> list[str]:
    terms = query_terms(form, limit=16)
    if len(terms) > TERMS_PER_FORM and is_unspaced(form):
        terms = terms[::2]
    return terms[:TERMS_PER_FORM]
