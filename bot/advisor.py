"""The advisor: answers "what's better for the customer?" from principles and feedback."""

from __future__ import annotations

from collections.abc import Sequence

from bot.errors import InvalidInput
from bot.feedback import search_feedback
from bot.models import Answer, ScoredFeedback, ScoredPrinciple
from bot.principles import KIND as PRINCIPLE_KIND
from bot.principles import builtin_principle, ensure_seeded, get_principles, list_principles
from bot.search import SearchIndex, query_terms, tokenize
from bot.store import Store
from bot.text import MAX_QUESTION_CHARS, require_text, truncate

DEFAULT_LIMIT = 5
MAX_LIMIT = 50
#: Principles scoring below this share of the best one are not relevant enough to cite.
RELATIVE_CUTOFF = 0.2
FALLBACK_PRINCIPLE = "better-for-customer"
QUOTE_CHARS = 280


def answer_for_customer(
    store: Store, tenant: str, question: str, limit: int = DEFAULT_LIMIT
) -> Answer:
    """The principles and feedback that bear on `question`, and a short composed answer.

    Deterministic and local: no network and no model. Sources come best first with
    their ids and scores; evidence that points the other way and thin evidence are
    stated plainly.
    """
    question = require_text(question, "question", max_chars=MAX_QUESTION_CHARS)
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidInput(f"limit must be between 1 and {MAX_LIMIT}", field="limit")
    terms = query_terms(question)
    if not terms:
        raise InvalidInput("the question has no words to search for", field="question")
    ensure_seeded(store, tenant)
    principles = _principles(store, tenant, terms, limit)
    feedback = _on_topic(search_feedback(store, tenant, question, limit), terms)
    supporting, contradicting = split_by_sentiment(feedback)
    thin = thin_evidence(feedback)
    text = compose(question, principles, supporting, contradicting, thin)
    return Answer(
        question=question,
        text=text,
        principles=tuple(principles),
        feedback=tuple(feedback),
        supporting=tuple(supporting),
        contradicting=tuple(contradicting),
        thin_evidence=thin,
    )


# How questions are phrased, in our users' languages (as search terms). Among a few dozen
# principles these words say nothing about the topic, so principles are matched without them.
_QUESTION_WORDS = frozenset(
    tokenize(
        "should we start stop do does did is are was it this that these the a an to of in on at"
        " for with our us you your they them their what which how why when who can could would"
        " will be been have has had not no yes or and if then more less better worse customer"
        " customers czy powinniśmy powinien powinna my nasz nasze się jest są to na do w z za o i"
        " a nie tak jak co dla lepiej klient klienta klientów klienci"
        " 我们 应该 是否 可以 什么 怎么 吗 呢 客户 对于"
        " です ます べき すべき でしょうか ですか ましょう 顧客 について"
        " เรา ควร ไหม หรือ ลูกค้า อะไร อย่างไร"
    )
)


def answer_principles(store: Store, tenant: str, text: str, limit: int) -> list[ScoredPrinciple]:
    """The principles that bear on a question or topic, best first (never empty)."""
    ensure_seeded(store, tenant)
    return _principles(store, tenant, query_terms(text), limit)


def _principles(store: Store, tenant: str, terms: list[str], limit: int) -> list[ScoredPrinciple]:
    topical = [t for t in terms if t not in _QUESTION_WORDS] or terms
    hits = SearchIndex(store, tenant, PRINCIPLE_KIND).search_terms(topical, limit * 3)
    found = get_principles(store, tenant, [doc for doc, _ in hits])
    result = [
        ScoredPrinciple(found[doc], score)
        for doc, score in hits
        if doc in found and found[doc].active
    ]
    result = _relevant(result)[:limit]
    if result:
        return result
    # Nothing matched by words: the question that ends every deadlock still applies.
    fallback = builtin_principle(store, tenant, FALLBACK_PRINCIPLE)
    if fallback is not None and fallback.active:
        return [ScoredPrinciple(fallback, 0.0)]
    active = list_principles(store, tenant)
    return [ScoredPrinciple(active[0], 0.0)] if active else []


def _relevant(items: Sequence[ScoredPrinciple]) -> list[ScoredPrinciple]:
    if not items:
        return []
    best = items[0].score
    return [item for item in items if item.score >= best * RELATIVE_CUTOFF]


def _on_topic(feedback: list[ScoredFeedback], terms: list[str]) -> list[ScoredFeedback]:
    """Drop snippets that share only how the question is asked ("should we"), not its topic."""
    topical = {t for t in terms if t not in _QUESTION_WORDS}
    if not topical:
        return feedback
    return [f for f in feedback if topical.intersection(tokenize(f.feedback.text))]


def split_by_sentiment(
    feedback: Sequence[ScoredFeedback],
) -> tuple[list[ScoredFeedback], list[ScoredFeedback]]:
    """(supporting, contradicting): the side with more weight leads, the other contradicts.

    Weight is the retrieval score, so a strongly matching complaint outweighs several
    loosely matching compliments. Neutral and mixed snippets support, never contradict.
    """
    positive = sum(f.score for f in feedback if f.sentiment == "positive")
    negative = sum(f.score for f in feedback if f.sentiment == "negative")
    if positive == 0 or negative == 0:
        return list(feedback), []
    against = "positive" if negative >= positive else "negative"
    return (
        [f for f in feedback if f.sentiment != against],
        [f for f in feedback if f.sentiment == against],
    )


def thin_evidence(feedback: Sequence[ScoredFeedback]) -> str | None:
    """A plain warning when the customer evidence is too thin to lean on, else None."""
    if not feedback:
        return (
            "No stored customer feedback matches this question, so this answer rests on "
            "principles alone. Capture what customers say before deciding."
        )
    customers = {f.feedback.customer for f in feedback if f.feedback.customer}
    if len(feedback) == 1:
        return "Only one customer snippet matches; treat it as a lead, not as proof."
    if not customers:
        return "None of the matching snippets says which customer it came from."
    if len(customers) == 1 and all(f.feedback.customer for f in feedback):
        name = next(iter(customers))
        return (
            f"All {len(feedback)} matching snippets come from one customer ({name}); "
            "that is one voice, not a pattern."
        )
    return None


def cite(item: ScoredFeedback) -> str:
    """Who said it: customer, segment and source, as far as known."""
    parts = [item.feedback.customer or "unnamed customer"]
    parts += [p for p in (item.feedback.segment, item.feedback.source) if p]
    return ", ".join(parts)


def quote(item: ScoredFeedback, limit: int = QUOTE_CHARS) -> str:
    """The snippet as a short quotation."""
    return f"\u201c{truncate(' '.join(item.feedback.text.split()), limit)}\u201d"


def compose(
    question: str,
    principles: Sequence[ScoredPrinciple],
    supporting: Sequence[ScoredFeedback],
    contradicting: Sequence[ScoredFeedback],
    thin: str | None,
) -> str:
    """The answer as plain text, every source cited by its id."""
    lines = [f"What's better for the customer? {truncate(' '.join(question.split()), 300)}"]
    if principles:
        top = principles[0].principle
        origin = f" ({top.attribution})" if top.attribution else ""
        lines.append(f"Principle [P{top.id}] {top.title}: {top.body}{origin}")
        if len(principles) > 1:
            others = "; ".join(f"[P{p.principle.id}] {p.principle.title}" for p in principles[1:3])
            lines.append(f"Also relevant: {others}.")
    if supporting:
        lead = supporting[0]
        lines.append(
            f"Strongest customer evidence [F{lead.feedback.id}]: {quote(lead)} ({cite(lead)})."
        )
        if len(supporting) > 1:
            ids = ", ".join(f"F{f.feedback.id}" for f in supporting[1:])
            lines.append(f"More customers say the same: {ids}.")
    if contradicting:
        first = contradicting[0]
        lines.append(
            f"Evidence pointing the other way [F{first.feedback.id}]: {quote(first)} "
            f"({cite(first)})."
        )
        if len(contradicting) > 1:
            ids = ", ".join(f"F{f.feedback.id}" for f in contradicting[1:])
            lines.append(f"Also on the other side: {ids}.")
    if thin:
        lines.append(f"Thin evidence: {thin}")
    return "\n".join(lines)
