"""Adaptive Cards (schema 1.5) for Teams: pure functions from core results to card JSON.

Every card stays under `CARD_BUDGET` bytes serialized: long texts are cut cleanly with
`bot.text.truncate`, and when a card is still too big it is rendered again with
shorter quotes and fewer items (`fit`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from bot.answer.display import ANSWER_QUOTES, STANCE_WORDS, more_snippets, shown_quotes
from bot.i18n import N_, nt, t, translated
from bot.models import Answer, Decision, Feedback, MeetingSession, Principle, ScoredFeedback
from bot.principle_translations import localized
from bot.sessions import ChairCard
from bot.synthesis import Synthesis
from bot.text import one_line, truncate, without_bidi_controls

Card = dict[str, Any]
Element = dict[str, Any]

CARD_VERSION = "1.5"
CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive"
#: Teams accepts bigger cards from bots, but webhooks and some clients stop at 28 KB;
#: the card leaves room for the activity around it.
CARD_BUDGET = 26 * 1024

# Action.Execute verbs: the one vocabulary shared by the cards and the invoke handlers.
VERB_ASK = "chair.ask"
VERB_ANOTHER_VOICE = "chair.voice"
VERB_DECISION_FORM = "decision.form"
VERB_DECISION_SUBMIT = "decision.submit"
VERB_CUSTOMER_VOICE = "session.voice"
VERB_SHOW_DECISION = "decision.show"
#: The feedback form lives in a dialog (task module), which submits with Action.Submit.
SUBMIT_FEEDBACK = "feedback.save"
#: The message action's command id (in the app manifest and in its invokes).
SAVE_FEEDBACK_COMMAND = "saveFeedback"

VOICE_LABELS = {"yes": N_("Yes"), "partly": N_("Partly"), "no": N_("No")}


@dataclass(frozen=True)
class Budget:
    """How much text a card may carry: quote length, item count, body length."""

    quote: int = 400
    items: int = 8
    body: int = 600


#: Tried in order until a card fits `CARD_BUDGET`.
BUDGETS = (
    Budget(),
    Budget(quote=280, items=6, body=400),
    Budget(quote=160, items=4, body=240),
    Budget(quote=80, items=2, body=120),
    Budget(quote=40, items=1, body=60),
)


def size_of(card: Mapping[str, Any]) -> int:
    """Bytes of the card as it is sent (compact UTF-8 JSON)."""
    return len(json.dumps(card, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


def fit(render: Callable[[Budget], Card]) -> Card:
    """The first rendering under `CARD_BUDGET`, trying ever smaller budgets."""
    card: Card = {}
    for budget in BUDGETS:
        card = render(budget)
        if size_of(card) <= CARD_BUDGET:
            return card
    raise ValueError(f"card is {size_of(card)} bytes even at the smallest budget")


def attachment(card: Card) -> dict[str, Any]:
    """The card as a message attachment."""
    return {"contentType": CARD_CONTENT_TYPE, "content": card}


# Building blocks -------------------------------------------------------------------


def adaptive_card(body: Sequence[Element], actions: Sequence[Element] = ()) -> Card:
    """An Adaptive Card 1.5 with a body and optional actions."""
    card: Card = {"type": "AdaptiveCard", "version": CARD_VERSION, "body": list(body)}
    if actions:
        card["actions"] = list(actions)
    return card


#: Markdown that Adaptive Card TextBlocks act on (CommonMark punctuation escapes).
_MARKDOWN = re.compile(r"([\\*_\[\]~])")
_LINE_START = re.compile(r"^(\s*)([-+#>]|\d+(?=\.))", re.MULTILINE)


def _escape_line_start(match: re.Match[str]) -> str:
    indent, mark = match.group(1), match.group(2)
    return f"{indent}{mark}\\" if mark[0].isdigit() else f"{indent}\\{mark}"


def esc(text: str) -> str:
    """User or stored text shown as typed in a TextBlock: no link, emphasis or list.

    Markdown punctuation is backslash-escaped (CommonMark), and a zero-width space
    separates `]` from `(` so that `[label](https://…)` is never a link even in a
    renderer that ignores backslashes. Backticks need nothing: TextBlocks have no code
    spans, so they are shown as typed.
    """
    text = without_bidi_controls(text)
    escaped = _LINE_START.sub(_escape_line_start, _MARKDOWN.sub(r"\\\1", text))
    return escaped.replace("\\](", "\\]\u200b(")


#: What Teams reads as markup in the text of a message (markdown, and the HTML it accepts).
_MESSAGE_MARKUP = re.compile(r"[&<>*_\[\]~\\|!#]")
_MESSAGE_LINE_START = re.compile(r"^(\s*)(?:([-+])|(\d+)([.)]))", re.MULTILINE)


def _reference(char: str) -> str:
    return f"&#{ord(char)};"


def esc_message(text: str) -> str:
    """User text inside the text of a Teams message (not a card), shown as typed.

    Message text is markdown that may carry HTML, so every character Teams could read as
    markup becomes a numeric character reference, which both decode to the character
    itself: `[label](url)`, `**bold**`, `# heading`, lists, `<at>` and `<a href>` stay
    text, and no backslash is shown. Backticks are left alone (our sentences use code
    spans for commands).
    """
    marked = _MESSAGE_MARKUP.sub(lambda m: _reference(m.group()), without_bidi_controls(text))

    def line_start(match: re.Match[str]) -> str:
        indent, bullet, number, dot = match.groups()
        return indent + (_reference(bullet) if bullet else number + _reference(dot))

    return _MESSAGE_LINE_START.sub(line_start, marked)


def text_block(text: str, **style: Any) -> Element:
    """A wrapping TextBlock (an empty text becomes a single space, which the schema allows)."""
    return {"type": "TextBlock", "text": text or " ", "wrap": True, **style}


def heading(text: str) -> Element:
    """A large, bold line."""
    return text_block(text, size="large", weight="bolder")


def section(title: str) -> Element:
    """A bold section title with a little space above it."""
    return text_block(title, weight="bolder", spacing="medium", separator=True)


def warning(text: str) -> Element:
    """A line in the attention colour."""
    return text_block(text, color="attention", weight="bolder")


def execute(title: str, verb: str, data: Mapping[str, Any] | None = None) -> Element:
    """An Action.Execute button (its invoke reaches the bot with `verb` and `data`)."""
    return {"type": "Action.Execute", "title": title, "verb": verb, "data": dict(data or {})}


def _link(url: str | None, label: str) -> str:
    """A link of ours: `label` is escaped, the URL may not break out of the parentheses."""
    if not url or not url.lower().startswith(("https://", "http://")):
        return esc(label)
    safe = url.replace(" ", "%20").replace("(", "%28").replace(")", "%29")
    safe = safe.replace("[", "%5B").replace("]", "%5D").replace("<", "%3C").replace(">", "%3E")
    return f"[{esc(label)}]({safe})"


def cite(item: Feedback, lang: str) -> str:
    """Who said it: customer, segment and source (a link when the snippet has one)."""
    parts = [esc(item.customer) if item.customer else t(lang, "unnamed customer")]
    parts += [esc(p) for p in (item.segment,) if p]
    source = item.source or t(lang, "source")
    parts.append(_link(item.url, source) if item.url else esc(item.source or ""))
    return ", ".join(p for p in parts if p)


def quote(item: Feedback, limit: int) -> str:
    """The snippet as a quotation of at most `limit` characters."""
    return f"\u201c{esc(truncate(one_line(item.text), limit))}\u201d"


def _feedback_items(items: Sequence[Feedback], budget: Budget, lang: str) -> list[Element]:
    out: list[Element] = []
    for item in items[: budget.items]:
        out.append(text_block(f"**[F{item.id}]** {quote(item, budget.quote)}", spacing="small"))
        out.append(text_block(f"\u2014 {cite(item, lang)}", isSubtle=True, spacing="none"))
    if len(items) > budget.items:
        more = ", ".join(f"F{f.id}" for f in items[budget.items : budget.items + 20])
        out.append(text_block(t(lang, "More: {ids}", ids=more), isSubtle=True))
    return out


def removed_text(removed: Sequence[int], lang: str) -> str | None:
    """ "F3, F7: evidence removed at the customer's request", or None when nothing was."""
    if not removed:
        return None
    refs = ", ".join(f"F{i}" for i in removed[:10]) + (", \u2026" if len(removed) > 10 else "")
    note = t(lang, "evidence removed at the customer's request")
    return f"{refs}: *{note}*"


def _principle_item(principle: Principle, budget: Budget) -> list[Element]:
    origin = f" ({esc(truncate(principle.attribution, 120))})" if principle.attribution else ""
    return [
        text_block(f"**[P{principle.id}] {esc(truncate(principle.title, 150))}**", spacing="small"),
        text_block(esc(truncate(principle.body, budget.body)) + origin, spacing="none"),
    ]


# Answers ---------------------------------------------------------------------------


def render_answer(answer: Answer, lang: str, synthesis: Synthesis | None = None) -> Card:
    """The answer to "what's better for the customer?", every source cited."""
    return fit(lambda budget: _answer(answer, budget, lang, synthesis))


def synthesis_items(synthesis: Synthesis, answer: Answer) -> list[Element]:
    """The model's sentences, marked as its words, each citing ids linked to their sources."""
    lang = synthesis.language
    urls = {f"F{sf.feedback.id}": sf.feedback.url for sf in answer.feedback}
    items = [section(t(lang, "In the model's words"))]
    for sentence in synthesis.sentences:
        cites = " ".join(_link(urls.get(c), f"[{c}]") for c in sentence.cites)
        items.append(text_block(f"{esc(sentence.text)} **{cites}**", spacing="small"))
    note = t(
        lang,
        "Written by a language model ({model}) from the sources below only; "
        "every sentence cites them. The quotes are the customers' own words.",
        model=synthesis.model,
    )
    if synthesis.side_replaced and answer.verdict.text:
        stands = t(
            lang,
            "The model read the evidence differently; the verdict stays the one counted from "
            "the customers' stances: {verdict}",
            verdict=answer.verdict.text,
        )
        items.append(text_block(esc(stands), weight="bolder", spacing="small"))
    items.append(text_block(note, isSubtle=True, size="small", spacing="small"))
    return items


SIDE_COLORS = {"for": "good", "against": "attention", "mixed": "warning", "unknown": "default"}


def _answer_quote(
    item: ScoredFeedback, budget: Budget, lang: str, other_way: bool
) -> list[Element]:
    """A customer's words as written, who said it, how many say the same, the other side marked."""
    facts = [cite(item.feedback, lang), f"F{item.feedback.id}"]
    if item.similar:
        facts.append(nt(lang, "+{n} similar", "+{n} similar", item.similar))
    if other_way:
        stance = translated(lang, STANCE_WORDS.get(item.stance, STANCE_WORDS["neutral"]))
        facts.append("**" + t(lang, "points the other way") + f"** ({stance})")
    return [
        text_block(quote(item.feedback, budget.quote), spacing="small"),
        text_block("\u2014 " + " \u00b7 ".join(facts), isSubtle=True, spacing="none"),
    ]


def _answer(answer: Answer, budget: Budget, lang: str, synthesis: Synthesis | None = None) -> Card:
    verdict = answer.verdict
    headline = verdict.text or t(lang, "What's better for the customer?")
    body: list[Element] = [
        text_block(
            esc(headline),
            size="medium",
            weight="bolder",
            color=SIDE_COLORS.get(verdict.side, "default"),
        ),
        text_block(esc(truncate(one_line(answer.question), 300)), isSubtle=True, spacing="none"),
    ]
    if synthesis is not None:
        body += synthesis_items(synthesis, answer)
    contradicting = {sf.feedback.id for sf in answer.contradicting}
    shown = shown_quotes(answer, min(ANSWER_QUOTES, budget.items))
    for item in shown:
        body += _answer_quote(item, budget, lang, item.feedback.id in contradicting)
    more = more_snippets(answer, shown, lang)
    if more:
        body.append(text_block(more, isSubtle=True))
    if answer.principles:
        top = answer.principles[0].principle
        rule = answer.imperative or top.title
        body.append(
            text_block(esc(truncate(rule, 300)), weight="bolder", spacing="medium", separator=True)
        )
        title = esc(truncate(top.title, 150))
        body.append(text_block(f"P{top.id} \u00b7 {title}", isSubtle=True, spacing="none"))
    if answer.thin_evidence:
        body.append(warning(t(lang, "Thin evidence: {warning}", warning=esc(answer.thin_evidence))))
    data = {
        "principles": [sp.principle.id for sp in answer.principles],
        "feedback": [sf.feedback.id for sf in answer.feedback],
        "question": truncate(one_line(answer.question), 200),
    }
    return adaptive_card(body, [execute(t(lang, "Log a decision"), VERB_DECISION_FORM, data)])


# The empty chair -------------------------------------------------------------------


def render_chair(
    card: ChairCard, *, ended: bool = False, note: str | None = None, lang: str
) -> Card:
    """The empty-chair card: the question, a principle and a real customer's words."""
    return fit(lambda budget: _chair(card, budget, ended=ended, note=note, lang=lang))


def _chair(card: ChairCard, budget: Budget, *, ended: bool, note: str | None, lang: str) -> Card:
    session = card.session
    body: list[Element] = [
        text_block(t(lang, "The empty chair: this seat is the customer's"), isSubtle=True),
        heading(esc(translated(lang, card.question))),
    ]
    if session.topic:
        topic = t(lang, "Topic: {topic}", topic=esc(truncate(session.topic, 200)))
        body.append(text_block(topic, spacing="none"))
    if card.principle is not None:
        body.append(section(t(lang, "Principle")))
        body += _principle_item(localized(card.principle, lang), budget)
    body.append(section(t(lang, "A customer said")))
    if card.quote is not None:
        body.append(text_block(quote(card.quote, budget.quote), size="medium", spacing="small"))
        body.append(
            text_block(
                f"\u2014 {cite(card.quote, lang)} [F{card.quote.id}]",
                isSubtle=True,
                spacing="none",
            )
        )
    else:
        body.append(
            text_block(
                t(
                    lang,
                    "No customer feedback is stored yet. Save what customers say with the "
                    "message action *Save as customer feedback*, or import it with the command "
                    "line: emptychair feedback import.",
                ),
                isSubtle=True,
            )
        )
    if note:
        body.append(text_block(note, color="accent"))
    if ended:
        body.append(warning(t(lang, "This meeting has ended; the chair waits for the next one.")))
        return adaptive_card(body)
    body.append(
        {
            "type": "Input.Text",
            "id": "question",
            "placeholder": t(lang, "Ask the chair: what's better for the customer?"),
            "maxLength": 2000,
            "spacing": "medium",
        }
    )
    ids = {"session": session.id}
    evidence = {
        "session": session.id,
        "principles": [card.principle.id] if card.principle else [],
        "feedback": [card.quote.id] if card.quote else [],
        "question": session.topic or "",
    }
    return adaptive_card(
        body,
        [
            execute(t(lang, "Ask the chair"), VERB_ASK, ids),
            execute(t(lang, "Another customer voice"), VERB_ANOTHER_VOICE, ids),
            execute(t(lang, "Log a decision"), VERB_DECISION_FORM, evidence),
        ],
    )


@dataclass(frozen=True)
class SummaryDecision:
    """One decision of a meeting summary, as the card shows it."""

    id: int
    title: str
    customer_impact: str
    has_customer_evidence: bool
    #: Cited snippets since deleted at the customer's request.
    feedback_removed: tuple[int, ...] = ()


def render_meeting_summary(
    session: MeetingSession,
    decisions: Sequence[SummaryDecision],
    *,
    voice: str | None = None,
    lang: str,
) -> Card:
    """After a meeting: the decisions it logged, and did the customer have a voice?"""
    return fit(lambda budget: _summary(session, decisions, budget, voice, lang))


def _summary(
    session: MeetingSession,
    decisions: Sequence[SummaryDecision],
    budget: Budget,
    voice: str | None,
    lang: str,
) -> Card:
    if session.topic:
        title = t(lang, "The meeting has ended: {topic}", topic=esc(truncate(session.topic, 120)))
    else:
        title = t(lang, "The meeting has ended")
    body: list[Element] = [heading(title)]
    if decisions:
        body.append(section(t(lang, "Decisions logged during the meeting ({n})", n=len(decisions))))
        no_evidence = t(lang, "no customer evidence cited")
        for d in decisions[: budget.items]:
            flag = "" if d.has_customer_evidence else f" \u2014 *{no_evidence}*"
            body.append(
                text_block(f"**[D{d.id}] {esc(truncate(d.title, 150))}**{flag}", spacing="small")
            )
            removed = removed_text(d.feedback_removed, lang)
            if removed:
                body.append(text_block(removed, isSubtle=True, spacing="none"))
            impact = esc(truncate(one_line(d.customer_impact), budget.body))
            body.append(
                text_block(t(lang, "Customer impact: {impact}", impact=impact), spacing="none")
            )
        if len(decisions) > budget.items:
            more = len(decisions) - budget.items
            body.append(
                text_block(t(lang, "and {n} more: type **decisions** to see the log.", n=more))
            )
    else:
        body.append(
            text_block(
                t(
                    lang,
                    "No decision was logged during this meeting. If you decided something, log "
                    "it now so the team can find out why later.",
                )
            )
        )
    actions: list[Element] = []
    if voice is None:
        body.append(section(t(lang, "Did the customer have a voice in this meeting?")))
        actions = [
            execute(
                translated(lang, label),
                VERB_CUSTOMER_VOICE,
                {"session": session.id, "voice": value},
            )
            for value, label in VOICE_LABELS.items()
        ]
    else:
        answer = translated(lang, VOICE_LABELS[voice]) if voice in VOICE_LABELS else voice
        body.append(
            text_block(
                t(lang, "Did the customer have a voice? **{answer}** (recorded)", answer=answer),
                spacing="medium",
            )
        )
    actions.append(execute(t(lang, "Log a decision"), VERB_DECISION_FORM, {"session": session.id}))
    return adaptive_card(body, actions)


# Decisions -------------------------------------------------------------------------

DOOR_LABELS = {
    "one-way": N_("One-way door (hard to reverse)"),
    "two-way": N_("Two-way door (reversible)"),
}
STATUS_LABELS = {
    "decided": N_("decided"),
    "superseded": N_("superseded"),
    "reversed": N_("reversed"),
}


def _status(status: str, lang: str) -> str:
    return translated(lang, STATUS_LABELS[status]) if status in STATUS_LABELS else status


def result_words(result: str, lang: str) -> str:
    """An outcome result in words."""
    words = {
        "worked": t(lang, "worked for customers"),
        "did-not": t(lang, "did not work for customers"),
        "too-early": t(lang, "too early to tell"),
    }
    return words.get(result, result)


def outcome_line(decision: Decision, lang: str) -> str | None:
    """`Outcome: worked for customers (keep) — the note`, or None before any outcome."""
    if decision.outcome_result is None:
        return None
    text = t(lang, "Outcome: {result}", result=result_words(decision.outcome_result, lang))
    if decision.outcome_next:
        text += f" ({decision.outcome_next})"
    if decision.outcome_result != "too-early" and decision.outcome:
        text += f" \u2014 {esc(decision.outcome)}"
    return text


def fact(title: str, value: str) -> dict[str, str]:
    """One row of a FactSet."""
    return {"title": title, "value": value}


def render_decision(
    decision: Decision,
    principles: Mapping[int, Principle],
    feedback: Mapping[int, Feedback],
    lang: str,
) -> Card:
    """A logged decision with its customer impact and the evidence it rests on."""
    return fit(lambda budget: _decision(decision, principles, feedback, budget, lang))


def _decision(
    decision: Decision,
    principles: Mapping[int, Principle],
    feedback: Mapping[int, Feedback],
    budget: Budget,
    lang: str,
) -> Card:
    status = _status(decision.status, lang)
    body: list[Element] = [
        text_block(
            t(lang, "Decision D{id} \u00b7 {status}", id=decision.id, status=status),
            isSubtle=True,
        ),
        heading(esc(truncate(decision.title, 200))),
        text_block(esc(truncate(decision.decision, budget.body * 2))),
        section(t(lang, "Customer impact")),
        text_block(esc(truncate(decision.customer_impact, budget.body * 2)), spacing="small"),
    ]
    door = translated(lang, DOOR_LABELS[decision.door]) if decision.door in DOOR_LABELS else ""
    facts = [fact(t(lang, "Kind"), door or decision.door)]
    if decision.owner:
        facts.append(fact(t(lang, "Owner"), esc(truncate(decision.owner, 200))))
    if decision.review_on:
        facts.append(fact(t(lang, "Review on"), decision.review_on))
    facts.append(fact(t(lang, "Logged"), decision.created_at[:10]))
    body.append({"type": "FactSet", "facts": facts, "spacing": "medium"})
    outcome = outcome_line(decision, lang)
    if outcome:
        body.append(text_block(truncate(outcome, budget.body * 2), weight="bolder"))
    if decision.context:
        context = esc(truncate(decision.context, budget.body))
        body += [section(t(lang, "Context")), text_block(context)]
    if decision.options:
        options = "\n".join(f"- {esc(truncate(o, 200))}" for o in decision.options[: budget.items])
        body += [section(t(lang, "Options considered")), text_block(options)]
    cited = [principles[i] for i in decision.principle_ids if i in principles]
    if cited:
        body.append(section(t(lang, "Principles")))
        for principle in cited[: budget.items]:
            body.append(text_block(f"**[P{principle.id}]** {esc(truncate(principle.title, 150))}"))
    quotes = [feedback[i] for i in decision.feedback_ids if i in feedback]
    removed = removed_text(decision.feedback_removed, lang)
    if quotes or removed:
        body.append(section(t(lang, "Customer evidence")))
        body += _feedback_items(quotes, budget, lang)
    if removed:
        body.append(text_block(removed, isSubtle=True))
    if not decision.has_customer_evidence:
        body.append(
            warning(
                t(
                    lang,
                    "No customer evidence is cited. Add feedback ids, or say why the customer's "
                    "voice is not needed here.",
                )
            )
        )
    return adaptive_card(body)


def render_decision_list(decisions: Sequence[Decision], *, search: str | None, lang: str) -> Card:
    """The decision log (newest first), or a plain note when it is empty."""
    return fit(lambda budget: _decision_list(decisions, search, budget, lang))


def _decision_list(
    decisions: Sequence[Decision], search: str | None, budget: Budget, lang: str
) -> Card:
    if search:
        title = t(lang, "Decisions matching \u201c{search}\u201d", search=esc(truncate(search, 80)))
    else:
        title = t(lang, "Decision log")
    body: list[Element] = [heading(title)]
    if not decisions:
        if search:
            empty = t(lang, "No decision matches.")
        else:
            empty = t(
                lang,
                "No decision has been logged yet. Log one with the *Log a decision* button on "
                "an answer or on the empty-chair card.",
            )
        body.append(text_block(empty))
        return adaptive_card(body)
    shown = decisions[: budget.items * 2]
    no_evidence = t(lang, "no customer evidence")
    for d in shown:
        evidence = "" if d.has_customer_evidence else f" \u00b7 *{no_evidence}*"
        owner = f" \u00b7 {esc(truncate(d.owner, 60))}" if d.owner else ""
        body.append(
            text_block(
                f"**D{d.id} {esc(truncate(d.title, 150))}**", spacing="medium", separator=True
            )
        )
        body.append(
            text_block(
                f"{_status(d.status, lang)} \u00b7 {d.created_at[:10]}{owner}{evidence}",
                isSubtle=True,
                spacing="none",
            )
        )
        impact = esc(truncate(one_line(d.customer_impact), budget.quote))
        body.append(text_block(t(lang, "Customer impact: {impact}", impact=impact), spacing="none"))
        removed = removed_text(d.feedback_removed, lang)
        if removed:
            body.append(text_block(removed, isSubtle=True, spacing="none"))
        outcome = outcome_line(d, lang)
        if outcome:
            body.append(text_block(truncate(outcome, budget.quote), spacing="none"))
        show = execute(t(lang, "Show D{id}", id=d.id), VERB_SHOW_DECISION, {"decision": d.id})
        body.append({"type": "ActionSet", "actions": [show], "spacing": "small"})
    if len(decisions) > len(shown):
        left = len(decisions) - len(shown)
        body.append(
            text_block(t(lang, "and {n} more; narrow it with **decisions WORDS**.", n=left))
        )
    return adaptive_card(body)


# Notices ---------------------------------------------------------------------------


def render_notice(title: str, text: str, *, attention: bool = False) -> Card:
    """A short card: a title and one paragraph."""
    body = [heading(truncate(title, 150)), text_block(truncate(text, 4000))]
    if attention:
        body[0]["color"] = "attention"
    return adaptive_card(body)
