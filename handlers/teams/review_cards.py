"""Adaptive Cards for reviews: the owner's 1:1 message, the outcome form, the answer."""

from __future__ import annotations

from bot.decisions import ReviewQueue
from bot.i18n import nt, t
from bot.models import Decision
from bot.reviews import DueReview, ReviewEvidence
from bot.text import one_line, truncate
from handlers.teams.cards import (
    Budget,
    Card,
    Element,
    adaptive_card,
    esc,
    execute,
    fit,
    heading,
    outcome_line,
    removed_text,
    section,
    text_block,
    warning,
)

VERB_REVIEW_ANSWER = "review.answer"
VERB_OUTCOME_SUBMIT = "review.outcome"
NOTE_CHARS = 500


def side_words(evidence: ReviewEvidence, lang: str) -> str:
    """Which side the new feedback is on, in words."""
    words = {
        "for": t(lang, "mostly for the decision"),
        "against": t(lang, "mostly against the decision"),
        "mixed": t(lang, "mixed"),
        "unknown": t(lang, "no clear side"),
    }
    return words[evidence.side]


def owner_words(status: str, owner: str | None, lang: str) -> str:
    """The owner of a due review, or why they cannot be asked."""
    words = {
        "gone": t(lang, "owner gone"),
        "unreachable": t(lang, "owner not reachable"),
        "missing": t(lang, "no owner"),
    }
    return words.get(status) or esc(truncate(owner or "", 60))


def _answer_buttons(decision_id: int, lang: str) -> list[Element]:
    return [
        execute(
            t(lang, "Worked for customers"),
            VERB_REVIEW_ANSWER,
            {"decision": decision_id, "result": "worked"},
        ),
        execute(
            t(lang, "Did not"), VERB_REVIEW_ANSWER, {"decision": decision_id, "result": "did-not"}
        ),
        execute(
            t(lang, "Too early"),
            VERB_REVIEW_ANSWER,
            {"decision": decision_id, "result": "too-early"},
        ),
    ]


def _evidence(evidence: ReviewEvidence, budget: Budget, lang: str) -> list[Element]:
    if not evidence.count:
        return [
            text_block(t(lang, "No customer feedback on its topic has arrived since the decision."))
        ]
    summary = nt(
        lang,
        "Since the decision, {n} piece of customer feedback on its topic arrived ({side}).",
        "Since the decision, {n} pieces of customer feedback on its topic arrived ({side}).",
        evidence.count,
        side=side_words(evidence, lang),
    )
    body = [section(summary)]
    for item in evidence.quotes:
        who = esc(item.customer) if item.customer else t(lang, "a customer")
        said = esc(truncate(one_line(item.text), budget.quote))
        body.append(text_block(f"\u201c{said}\u201d \u2014 {who} (F{item.id})"))
    return body


def _removed(decision: Decision, lang: str) -> list[Element]:
    note = removed_text(decision.feedback_removed, lang)
    return [text_block(note, isSubtle=True, spacing="none")] if note else []


def render_review(due: DueReview, lang: str) -> Card:
    """The owner's 1:1 message: the decision, its customer impact, what customers said since."""
    decision = due.decision

    def render(budget: Budget) -> Card:
        body: list[Element] = [
            text_block(t(lang, "Time to review a decision"), isSubtle=True),
            heading(f"D{decision.id} {esc(truncate(decision.title, 200))}"),
            text_block(esc(truncate(decision.decision, budget.body * 2))),
            section(t(lang, "Customer impact")),
            text_block(esc(truncate(decision.customer_impact, budget.body * 2)), spacing="small"),
            *_removed(decision, lang),
            *_evidence(due.evidence, budget, lang),
            section(t(lang, "Did it work for customers?")),
            text_block(
                t(lang, "Review date {day}. *Too early* asks again in 14 days.", day=due.review_on),
                isSubtle=True,
            ),
        ]
        return adaptive_card(body, _answer_buttons(decision.id, lang))

    return fit(render)


def render_outcome_form(
    decision: Decision, result: str, *, error: str | None = None, lang: str
) -> Card:
    """The short form behind *Worked* / *Did not*: the result in a sentence, and what next."""
    title = t(lang, "It worked") if result == "worked" else t(lang, "It did not work")
    body: list[Element] = [
        text_block(f"D{decision.id} {esc(truncate(decision.title, 200))}", isSubtle=True),
        heading(title),
    ]
    if error:
        body.append(warning(esc(error)))
    body += [
        {
            "type": "Input.Text",
            "id": "note",
            "label": t(lang, "What happened for customers? (one sentence)"),
            "maxLength": NOTE_CHARS,
            "isRequired": True,
            "errorMessage": t(lang, "Say in a sentence what the result was for customers."),
            "placeholder": t(lang, "Returns rose 4%, complaints about fees stopped"),
        },
        {
            "type": "Input.ChoiceSet",
            "id": "next",
            "label": t(lang, "What now?"),
            "style": "expanded",
            "value": "keep" if result == "worked" else "revise",
            "choices": [
                {"title": t(lang, "Keep the decision"), "value": "keep"},
                {"title": t(lang, "Revise it"), "value": "revise"},
                {"title": t(lang, "Reverse it"), "value": "reverse"},
            ],
        },
    ]
    submit = execute(
        t(lang, "Record"), VERB_OUTCOME_SUBMIT, {"decision": decision.id, "result": result}
    )
    return adaptive_card(body, [submit])


def render_review_answered(decision: Decision, lang: str) -> Card:
    """The review message after an answer: the outcome; buttons stay while it is too early."""
    body: list[Element] = [
        text_block(t(lang, "Review"), isSubtle=True),
        heading(f"D{decision.id} {esc(truncate(decision.title, 200))}"),
        text_block(truncate(outcome_line(decision, lang) or "", 1500)),
    ]
    if decision.outcome_result == "too-early":
        again = t(
            lang, "I'll ask again on {day}; you can still answer now.", day=decision.review_on
        )
        body.append(text_block(again, isSubtle=True))
        return adaptive_card(body, _answer_buttons(decision.id, lang))
    return adaptive_card(body)


def render_review_queue(queue: ReviewQueue, lang: str) -> Card:
    """The managers' queue: reviews due (how late, whose, what is missing) and the rest."""

    def render(budget: Budget) -> Card:
        body: list[Element] = [heading(t(lang, "Review queue"))]
        body.append(section(t(lang, "Reviews due ({n})", n=len(queue.reviews_due))))
        for item in queue.reviews_due[: budget.items * 2]:
            d = item.decision
            late = (
                nt(lang, "{n} day overdue", "{n} days overdue", item.days_overdue)
                if item.days_overdue > 0
                else t(lang, "due today")
            )
            owner = owner_words(item.owner_status, d.owner, lang)
            missing = t(lang, "missing: {what}", what=", ".join(item.missing))
            facts = [item.review_on, late, owner, missing]
            body.append(text_block(f"**D{d.id} {esc(truncate(d.title, 150))}**", spacing="small"))
            body.append(text_block(" \u00b7 ".join(facts), isSubtle=True, spacing="none"))
            body += _removed(d, lang)
        lists = (
            (
                t(lang, "Without customer evidence ({n})", n=len(queue.without_evidence)),
                queue.without_evidence,
            ),
            (
                t(lang, "Superseded but still cited ({n})", n=len(queue.superseded_still_cited)),
                queue.superseded_still_cited,
            ),
        )
        for title, decisions in lists:
            body.append(section(title))
            for d in decisions[: budget.items]:
                body.append(text_block(f"D{d.id} {esc(truncate(d.title, 150))}", spacing="none"))
                body += _removed(d, lang)
        return adaptive_card(body)

    return fit(render)
