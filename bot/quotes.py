"""Which customer's words the empty-chair card quotes, by the answer's relevance rules.

With a topic: the most relevant substantive snippet that takes a clear side on it (any
relevant one if none does). Without a topic, or when every relevant quote was shown: a
recent substantive snippet with a clear stance from a named customer. Never a quote
already shown in the session, and never a near-duplicate of the one shown last.
"""

from __future__ import annotations

from collections.abc import Iterable

from bot.advisor import _QUESTION_WORDS, judge, relevant_feedback, topical_terms
from bot.answer.evidence import same_text
from bot.answer.phrases import is_unspaced
from bot.answer.question import Proposal, understand
from bot.answer.stance import attitudes, stance_of
from bot.errors import InvalidInput
from bot.feedback import get_feedback
from bot.models import Feedback
from bot.staging import VISIBLE_SQL
from bot.store import Store

#: How many snippets are considered for a topic, and how many recent ones without.
TOPIC_POOL = 40
RECENT_POOL = 60
#: A quote shorter than this says too little (characters; CJK and Thai say more per
#: character).
MIN_CHARS = 24
MIN_CHARS_UNSPACED = 10
MAX_CHARS = 600


def substantive(text: str) -> bool:
    """True for a snippet long enough to stand as a customer's voice, short enough to fit."""
    size = len(text.strip())
    least = MIN_CHARS_UNSPACED if is_unspaced(text) else MIN_CHARS
    return least <= size <= MAX_CHARS


def choose_quote(
    store: Store,
    tenant: str,
    topic: str | None,
    shown: Iterable[int] = (),
    last: Feedback | None = None,
) -> Feedback | None:
    """The customer quote for an empty-chair card (see the module's rules)."""
    seen = set(shown)
    proposal = _read(topic)
    if proposal is not None and topic:
        relevant = relevant_feedback(store, tenant, proposal, topical_terms(topic), TOPIC_POOL)
        found = _best([j.feedback for j in judge(relevant, proposal)], seen, last, proposal)
        if found is not None:
            return found
    return _best(_recent(store, tenant, seen), seen, last, None)


def _read(topic: str | None) -> Proposal | None:
    if not topic:
        return None
    try:
        return understand(topic, _QUESTION_WORDS)
    except InvalidInput:
        return None


def _best(
    items: list[Feedback], seen: set[int], last: Feedback | None, proposal: Proposal | None
) -> Feedback | None:
    """The first of `items` in the best tier: substantive, clear stance, named customer."""
    fresh = [
        f
        for f in items
        if f.id not in seen
        and (last is None or (f.id != last.id and not same_text(f.text, last.text)))
    ]
    if not fresh:
        return None

    def rank(f: Feedback) -> tuple[bool, bool, bool]:
        if proposal is None:  # no topic: any clear view of the customer's own
            clear = bool(attitudes(f.text))
        else:
            clear = stance_of(f.text, proposal) != "neutral"
        return (not substantive(f.text), not clear, not f.customer)

    # min() keeps the earliest of equals, so relevance (or recency) order breaks ties.
    return min(fresh, key=rank)


def _recent(store: Store, tenant: str, seen: set[int]) -> list[Feedback]:
    rows = store.db.execute(
        f"SELECT id FROM feedback WHERE tenant = ? AND {VISIBLE_SQL} ORDER BY id DESC LIMIT ?",
        [tenant, RECENT_POOL + len(seen)],
    ).fetchall()
    ids = [int(r[0]) for r in rows if int(r[0]) not in seen]
    found = get_feedback(store, tenant, ids)
    return [found[i] for i in ids if i in found]
