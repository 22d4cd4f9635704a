"""The verdict: which side customers are on, counted by distinct customer, in one line."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date, datetime

from bot.answer.question import Proposal
from bot.i18n import nt, t
from bot.models import ScoredFeedback, Verdict, VerdictSide


def customer_key(item: ScoredFeedback) -> str:
    """Who said it: the customer's name, or the snippet itself when unnamed."""
    name = (item.feedback.customer or "").strip().casefold()
    return f"customer:{name}" if name else f"snippet:{item.feedback.id}"


def customer_stances(items: Sequence[ScoredFeedback]) -> dict[str, str]:
    """Each distinct customer's stance: the side most of their snippets take."""
    tally: dict[str, Counter[str]] = {}
    for item in items:
        tally.setdefault(customer_key(item), Counter())[item.stance] += 1
    result = {}
    for key, votes in tally.items():
        if votes["for"] > votes["against"]:
            result[key] = "for"
        elif votes["against"] > votes["for"]:
            result[key] = "against"
        else:
            result[key] = "neutral"
    return result


def decide(n_for: int, n_against: int) -> VerdictSide:
    """for / against when one side has at least twice the other's customers."""
    if n_for == 0 and n_against == 0:
        return "unknown"
    if n_against >= 2 * n_for:
        return "against"
    if n_for >= 2 * n_against:
        return "for"
    return "mixed"


def build_verdict(
    items: Sequence[ScoredFeedback],
    proposal: Proposal,
    lang: str,
    now: datetime | None,
    dated: Sequence[ScoredFeedback] = (),
) -> Verdict:
    """The verdict over the relevant, de-duplicated snippets `items`; `dated` (all
    relevant snippets, near-duplicates included) dates the newest evidence."""
    stances = customer_stances(items)
    n_for = sum(1 for s in stances.values() if s == "for")
    n_against = sum(1 for s in stances.values() if s == "against")
    side = decide(n_for, n_against)
    text = _text(side, items, stances, proposal, lang, now, dated or items)
    return Verdict(side, text, n_for, n_against)


def _text(
    side: VerdictSide,
    items: Sequence[ScoredFeedback],
    stances: dict[str, str],
    proposal: Proposal,
    lang: str,
    now: datetime | None,
    dated: Sequence[ScoredFeedback],
) -> str:
    n_for = sum(1 for s in stances.values() if s == "for")
    n_against = sum(1 for s in stances.values() if s == "against")
    if side == "unknown":
        if not items:
            return t(lang, "Customers have not spoken to this yet: no relevant feedback found.")
        return t(
            lang,
            "No clear side: {evidence} mention this without taking a side.",
            evidence=_evidence(items, lang),
        )
    if side == "mixed":
        head = t(
            lang,
            "Customers are divided: {n_for} for, {n_against} against ({evidence})",
            n_for=n_for,
            n_against=n_against,
            evidence=_evidence(items, lang),
        )
    else:
        lead = [i for i in items if stances[customer_key(i)] == side]
        other = n_for if side == "against" else n_against
        evidence = _evidence(lead, lang)
        if proposal.kind == "none":
            if side == "for":
                head = t(lang, "Customers like this: {evidence}", evidence=evidence)
            else:
                head = t(lang, "Customers dislike this: {evidence}", evidence=evidence)
        elif side == "for":
            head = t(lang, "Customers are for this: {evidence}", evidence=evidence)
        else:
            head = t(lang, "Customers are against this: {evidence}", evidence=evidence)
        if other:
            if side == "for":
                others = nt(lang, "{n} against", "{n} against", other)
            else:
                others = nt(lang, "{n} for", "{n} for", other)
            head = t(lang, "{verdict}, {others}", verdict=head, others=others)
    age = _newest(dated, lang, now)
    if age:
        return t(lang, "{verdict}; {newest}.", verdict=head, newest=age)
    return t(lang, "{verdict}.", verdict=head)


def _evidence(items: Sequence[ScoredFeedback], lang: str) -> str:
    customers = {customer_key(i) for i in items}
    languages = {i.language for i in items if i.language}
    text = nt(lang, "{n} customer", "{n} customers", len(customers))
    if languages:
        text += " " + nt(lang, "in {n} language", "in {n} languages", len(languages))
    segments = Counter(
        (i.feedback.segment or "").strip()
        for i in {customer_key(i): i for i in items}.values()
        if (i.feedback.segment or "").strip()
    )
    if segments:
        segment, count = sorted(segments.items(), key=lambda kv: (-kv[1], kv[0]))[0]
        text += " (" + t(lang, "{n} {segment}", n=count, segment=segment) + ")"
    return text


def _newest(items: Sequence[ScoredFeedback], lang: str, now: datetime | None) -> str | None:
    if now is None:
        return None
    dates = [d for i in items if (d := _date(i.feedback.created_at)) is not None]
    if not dates:
        return None
    days = max(0, (now.date() - max(dates)).days)
    if days == 0:
        return t(lang, "newest today")
    return nt(lang, "newest {n} day ago", "newest {n} days ago", days)


def _date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
