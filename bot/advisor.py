"""The advisor: answers "what's better for the customer?" from principles and feedback."""

from __future__ import annotations

from collections.abc import Sequence

from bot.errors import InvalidInput
from bot.feedback import search_feedback_terms
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
    terms = topical_terms(question)
    if not terms:
        raise InvalidInput("the question has no words to search for", field="question")
    ensure_seeded(store, tenant)
    principles = _principles(store, tenant, terms, limit)
    feedback = search_feedback_terms(store, tenant, terms, limit)
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


# How questions are phrased in our users' languages, as search terms. These words say
# nothing about a question's topic ("should we", "do customers", "ですか", "ไหม"), so the
# advisor searches without them; a question made only of them is searched as it is.
_QUESTION_WORDS = frozenset(
    tokenize(
        "should we start stop do does did is are was were it its this that these those the a an"
        " to of in on at for with our us you your they them their what which how why when who"
        " whom can could would will be been being have has had not no yes or and if then than"
        " more less most better worse much many any some there here about customer customers"
        " client clients people users user think feel say said ask asked really very too also"
        " czy powinniśmy powinien powinna powinno możemy mamy mają my nasz nasze nasi się jest"
        " są być to ten ta te na do w we z ze za o i a nie tak jak co dla lepiej bardziej"
        " klient klienta klientów klienci klientom klientami mówią uważają"
        " 我们 我们应该 应该 是否 可以 什么 怎么 怎么样 如何 吗 呢 客户 顾客 对于 关于 有没有 很多"
        " 觉得 认为 为什么 哪些"
        " です ます ですか ますか べき すべき でしょうか ましょう について ほうがいい どう どの"
        " どれくらい ありますか いますか されていますか 多い 顧客 お客様 私たち"
        " เรา ควร ไหม หรือ หรือไม่ ลูกค้า อะไร อย่างไร แค่ไหน มาก บ้าง เกี่ยวกับ คิด ว่า"
    )
)


def topical_terms(question: str) -> list[str]:
    """The search terms of a question without its phrasing words (all terms if none remain)."""
    terms = query_terms(question)
    return [t for t in terms if t not in _QUESTION_WORDS] or terms


def answer_principles(store: Store, tenant: str, text: str, limit: int) -> list[ScoredPrinciple]:
    """The principles that bear on a question or topic, best first (never empty)."""
    ensure_seeded(store, tenant)
    return _principles(store, tenant, topical_terms(text), limit)


def _principles(store: Store, tenant: str, terms: list[str], limit: int) -> list[ScoredPrinciple]:
    hits = SearchIndex(store, tenant, PRINCIPLE_KIND).search_terms(terms, limit * 3)
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
