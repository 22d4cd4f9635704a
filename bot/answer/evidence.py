"""Which retrieved snippets are evidence, and near-duplicates collapsed into one quote.

A snippet is evidence when it touches the question's topic: a concept of the topic's
group (in any language), two of the question's concept groups, or — when the
vocabulary does not know the topic — a specific word of the question or two of its
CJK/Thai character pairs. Sharing one common word or one character pair is not enough.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from bot.answer.concepts import concept_index, concepts
from bot.answer.phrases import prepare
from bot.answer.question import Proposal
from bot.models import ScoredFeedback

#: Two snippets whose search terms overlap this much (Jaccard) say the same thing.
NEAR_DUPLICATE = 0.6
# Latin words shorter than this are too common to make a snippet evidence on their own.
_MIN_WORD = 3


@lru_cache(maxsize=65_536)
def concepts_of(text: str) -> frozenset[str]:
    """The concepts a text mentions, in any language."""
    return frozenset(h.label for h in concept_index().find(prepare(text)))


@lru_cache(maxsize=65_536)
def groups_of(text: str) -> frozenset[str]:
    """The concept groups a text mentions, in any language."""
    table = concepts()
    return frozenset(table[key].group for key in concepts_of(text))


def names_the_topic(text: str, proposal: Proposal) -> bool:
    """True when the snippet names one of the question's own concepts (not only a
    neighbour in its group): such snippets come first among the relevant ones."""
    return bool(concepts_of(text) & set(proposal.concepts))


def is_evidence(text: str, proposal: Proposal) -> bool:
    """True when the snippet bears on the question's topic (the relevance floor)."""
    if proposal.primary_groups or proposal.groups:
        mentioned = groups_of(text)
        if mentioned & proposal.primary_groups:
            return True
        if len(mentioned & proposal.groups) >= 2:
            return True
        if proposal.primary_groups:
            return False
    shared = proposal.leftover & prepare(text).terms
    words = [t for t in shared if t.isascii() and len(t) >= _MIN_WORD]
    pairs = [t for t in shared if not t.isascii() and len(t) >= 2]
    # One word is enough only when the question has no more than three to share.
    latin = sum(1 for t in proposal.leftover if t.isascii())
    return len(words) >= (1 if latin <= 3 else 2) or len(pairs) >= 2


@dataclass(frozen=True)
class Group:
    """A quote and the near-duplicates it stands for."""

    lead: ScoredFeedback
    similar: tuple[ScoredFeedback, ...]


def collapse(items: Sequence[ScoredFeedback]) -> list[Group]:
    """Near-duplicates folded into the best-ranked one of them, order kept."""
    leads = _leads(tuple(item.feedback.text for item in items))
    groups: dict[int, list[ScoredFeedback]] = {}
    for item, lead in zip(items, leads, strict=True):
        groups.setdefault(lead, []).append(item)
    return [Group(members[0], tuple(members[1:])) for members in groups.values()]


@lru_cache(maxsize=8_192)
def _leads(texts: tuple[str, ...]) -> tuple[int, ...]:
    """For each text, the position of the first text it is a near-duplicate of."""
    leads: list[int] = []
    kept: list[tuple[int, frozenset[str]]] = []
    for i, text in enumerate(texts):
        terms = prepare(text).terms
        lead = next((j for j, other in kept if near_duplicate(terms, other)), None)
        if lead is None:
            kept.append((i, terms))
            lead = i
        leads.append(lead)
    return tuple(leads)


def near_duplicate(a: frozenset[str], b: frozenset[str]) -> bool:
    """True when two term sets overlap at least `NEAR_DUPLICATE` (Jaccard)."""
    if not a or not b:
        return a == b
    small, large = sorted((len(a), len(b)))
    if small < NEAR_DUPLICATE * large:
        return False  # Jaccard is at most small / large
    common = len(a & b)
    return common / (len(a) + len(b) - common) >= NEAR_DUPLICATE


def same_text(a: str, b: str) -> bool:
    """True when two snippets are near-duplicates."""
    return near_duplicate(prepare(a).terms, prepare(b).terms)
