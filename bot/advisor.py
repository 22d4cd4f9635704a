"""The advisor: answers "what's better for the customer?" from principles and feedback."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from bot import i18n
from bot.answer.evidence import collapse, is_evidence, names_the_topic
from bot.answer.language import answer_language
from bot.answer.question import Proposal, understand
from bot.answer.stance import opposite, stance_of
from bot.answer.verdict import build_verdict, customer_key
from bot.errors import InvalidInput
from bot.feedback import search_feedback_terms
from bot.i18n import N_, nt, t
from bot.models import Answer, ScoredFeedback, ScoredPrinciple
from bot.principle_translations import imperative as principle_imperative
from bot.principle_translations import localized
from bot.principles import KIND as PRINCIPLE_KIND
from bot.principles import (
    builtin_principle,
    ensure_seeded,
    get_principles,
    list_principles,
)
from bot.search import SearchIndex, query_terms, ranking, tokenize
from bot.store import Store
from bot.text import MAX_QUESTION_CHARS, require_text, truncate

DEFAULT_LIMIT = 5
MAX_LIMIT = 50
#: Principles scoring below this share of the best one are not relevant enough to cite.
RELATIVE_CUTOFF = 0.2
FALLBACK_PRINCIPLE = "better-for-customer"
QUOTE_CHARS = 280
#: The verdict is judged over this many best-matching snippets, whatever the limit.
POOL = 24
#: Words added from the vocabulary (other languages, synonyms) weigh this much of the
#: asker's own words, so ranking within one language stays as it was.
EXPANSION_BOOST = 0.35
#: A snippet naming the question's own concept ranks as if it matched this much better.
TOPIC_BOOST = 2.0
#: Fewer distinct customers than this is thin evidence.
THIN_CUSTOMERS = 3


def answer_for_customer(
    store: Store,
    tenant: str,
    question: str,
    limit: int = DEFAULT_LIMIT,
    now: datetime | None = None,
    locale: str | None = None,
) -> Answer:
    """A verdict from the customers' side, the principle that applies, and the quotes.

    Deterministic and local: no network and no model. The question's proposed change
    and its direction for customers are read first; every relevant snippet gets its
    stance on that change; the verdict counts distinct customers over the same
    `POOL` best snippets whatever `limit` is, so it and the thin-evidence warning do
    not change with the number of quotes shown. `now` dates the newest evidence.
    The answer is in the question's language; a question too short to tell ("SSO?") is
    answered in the asker's `locale` (`pl-PL`), else English.
    """
    question = require_text(question, "question", max_chars=MAX_QUESTION_CHARS)
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidInput(
            N_("limit must be between 1 and {limit}"), limit=MAX_LIMIT, field="limit"
        )
    proposal = understand(question, _QUESTION_WORDS)
    language = answer_language(question, locale)
    lang = i18n.normalize(language)
    terms = topical_terms(question)
    if not terms:
        raise InvalidInput("the question has no words to search for", field="question")
    ensure_seeded(store, tenant)
    principles = [
        ScoredPrinciple(localized(sp.principle, lang), sp.score)
        for sp in _principles(store, tenant, terms, limit)
    ]
    relevant = relevant_feedback(store, tenant, proposal, terms, max(POOL, limit))
    judged = judge(relevant, proposal)
    verdict = build_verdict(judged, proposal, lang, now, relevant)
    cited = cite_for_verdict(judged, verdict.side, limit)
    against = opposite(verdict.side)
    contradicting = [item for item in cited if against is not None and item.stance == against]
    supporting = [item for item in cited if item not in contradicting]
    thin = thin_evidence(judged, lang)
    imperative = principle_imperative(principles[0].principle, lang) if principles else None
    text = compose(lang, verdict.text, principles, imperative, supporting, contradicting, thin)
    return Answer(
        question=question,
        text=text,
        principles=tuple(principles),
        feedback=tuple(cited),
        supporting=tuple(supporting),
        contradicting=tuple(contradicting),
        thin_evidence=thin,
        language=language,
        verdict=verdict,
        imperative=imperative,
        direction=proposal.direction,
        topic=proposal.topic,
    )


def relevant_feedback(
    store: Store, tenant: str, proposal: Proposal, terms: list[str], k: int
) -> list[ScoredFeedback]:
    """The best `k` snippets for the question's words and its concepts in every language,
    without those below the relevance floor, best first."""
    known = set(terms)
    boosts = {term: EXPANSION_BOOST * w for term, w in proposal.expansion if term not in known}
    pool = search_feedback_terms(
        store, tenant, terms + list(boosts), k, boosts, budget=ranking.ANSWER_BUDGET
    )
    relevant = [item for item in pool if is_evidence(item.feedback.text, proposal)]
    # Snippets that name the topic itself (not only a neighbour of it) weigh more.
    return sorted(
        relevant,
        key=lambda item: (
            -item.score * (TOPIC_BOOST if names_the_topic(item.feedback.text, proposal) else 1.0)
        ),
    )


def judge(relevant: Sequence[ScoredFeedback], proposal: Proposal) -> list[ScoredFeedback]:
    """Relevant snippets with near-duplicates collapsed, each with its stance."""
    return [
        replace(g.lead, stance=stance_of(g.lead.feedback.text, proposal), similar=len(g.similar))
        for g in collapse(relevant)
    ]


def cite_for_verdict(
    judged: Sequence[ScoredFeedback], side: str, limit: int
) -> list[ScoredFeedback]:
    """The `limit` best quotes; the best one from the other side is kept among them."""
    cited = list(judged[:limit])
    against = opposite(side)
    if against is None or limit < 2 or any(item.stance == against for item in cited):
        return cited
    other = next((item for item in judged[limit:] if item.stance == against), None)
    if other is not None:
        cited[-1] = other
    return cited


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


def thin_evidence(judged: Sequence[ScoredFeedback], lang: str = "en") -> str | None:
    """A plain warning when the relevant evidence (after the floor and the collapse of
    near-duplicates) is too thin to lean on, counted by distinct customer; else None."""
    if not judged:
        return t(
            lang,
            "No stored customer feedback matches this question, so this answer rests on "
            "principles alone. Capture what customers say before deciding.",
        )
    if not any(item.feedback.customer for item in judged):
        return t(lang, "None of the relevant snippets says which customer it came from.")
    customers = {customer_key(item) for item in judged}
    snippets = sum(1 + item.similar for item in judged)
    if len(customers) == 1:
        if snippets == 1:
            return t(lang, "Only one customer snippet matches; treat it as a lead, not as proof.")
        return t(
            lang,
            "All {n} matching snippets come from one customer ({name}); that is one voice, "
            "not a pattern.",
            n=snippets,
            name=judged[0].feedback.customer or "",
        )
    if len(customers) < THIN_CUSTOMERS:
        return nt(
            lang,
            "Only {n} customer speaks to this; treat it as a lead, not as a pattern.",
            "Only {n} customers speak to this; treat it as a lead, not as a pattern.",
            len(customers),
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


def stance_label(lang: str, stance: str) -> str:
    """A snippet's stance as a short label in `lang`."""
    if stance == "for":
        return t(lang, "for it")
    if stance == "against":
        return t(lang, "against it")
    return t(lang, "no side")


def _quote_line(lang: str, item: ScoredFeedback) -> str:
    line = f"[F{item.feedback.id}] ({stance_label(lang, item.stance)}) {quote(item)} ({cite(item)})"
    if item.similar:
        line += " " + nt(lang, "+{n} similar", "+{n} similar", item.similar)
    return line


def compose(
    lang: str,
    verdict: str,
    principles: Sequence[ScoredPrinciple],
    imperative: str | None,
    supporting: Sequence[ScoredFeedback],
    contradicting: Sequence[ScoredFeedback],
    thin: str | None,
) -> str:
    """The answer as plain text: the verdict, the principle, the quotes, every source cited."""
    lines = [verdict]
    if principles:
        top = principles[0].principle
        origin = f" ({top.attribution})" if top.attribution else ""
        lines.append(
            t(lang, "Principle") + f" [P{top.id}] {top.title}: {imperative or top.body}{origin}"
        )
        if len(principles) > 1:
            others = "; ".join(f"[P{p.principle.id}] {p.principle.title}" for p in principles[1:3])
            lines.append(t(lang, "Also relevant: {others}.", others=others))
    if supporting:
        lines.append(t(lang, "What customers say:"))
        lines += [f"- {_quote_line(lang, item)}" for item in supporting]
    if contradicting:
        lines.append(t(lang, "Evidence pointing the other way:"))
        lines += [f"- {_quote_line(lang, item)}" for item in contradicting]
    if thin:
        lines.append(t(lang, "Thin evidence: {warning}", warning=thin))
    return "\n".join(lines)
