"""Pure Block Kit renderers: the core's plain results in, `slack_sdk.models` blocks out."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ConfirmObject,
    DividerBlock,
    HeaderBlock,
    InputBlock,
    PlainTextInputElement,
    PlainTextObject,
)

from bot.answer.display import STANCE_WORDS, more_snippets, shown_quotes
from bot.decisions import DueReviewItem, ReviewQueue
from bot.i18n import N_, nt, t, translated
from bot.models import (
    Answer,
    Decision,
    Feedback,
    MeetingSession,
    Principle,
    Reminder,
    ScoredFeedback,
)
from bot.principle_translations import localized
from bot.reminders import describe
from bot.sessions import ChairCard
from bot.synthesis import Synthesis
from bot.text import MAX_QUESTION_CHARS
from handlers.slack import ids
from handlers.slack.kit import (
    BUTTON_TEXT,
    BUTTON_VALUE,
    HEADER_TEXT,
    MAX_MESSAGE_BLOCKS,
    SECTION_TEXT,
    context,
    escape,
    lines_within,
    link,
    md,
    mrkdwn,
    plain,
    plain_fallback,
    quote,
    section,
)
from handlers.slack.model_answer import synthesis_blocks

QUOTE_CHARS = 500
PRINCIPLE_BODY_CHARS = 600
MAX_PRINCIPLES = 3
MAX_EVIDENCE = 5
MAX_LISTED = 20
CHAIR_EMOJI = ":chair:"


def help_text(lang: str) -> str:
    """What the bot does and how to ask it, in `lang`."""
    return "\n".join(
        [
            t(lang, "*Empty Chair keeps the customer in the room.*"),
            "• "
            + t(
                lang,
                "`/customer QUESTION`: what's better for the customer, from your principles and "
                "customer feedback, every source cited. `@Empty Chair QUESTION` answers in a "
                "thread.",
            ),
            "• "
            + t(
                lang,
                "`/emptychair start [topic]`: pin the empty chair for this meeting; "
                "`/emptychair end` when the meeting is over.",
            ),
            "• "
            + t(
                lang,
                "`/emptychair remind monday 09:30 [Europe/Warsaw] [topic]`: start the chair here "
                "every week; `/emptychair reminders` lists them.",
            ),
            "• "
            + t(
                lang,
                "`/decision [title]`: log a decision with its customer impact and evidence; "
                "`/decisions [search]`: the decision log.",
            ),
            "• "
            + t(
                lang,
                "`/feedback TEXT`: save what a customer said (only you see the confirmation), "
                "or use the message shortcut *Save customer feedback*.",
            ),
        ]
    )


def button(
    text: str,
    action_id: str,
    value: str = "",
    *,
    style: str | None = None,
    confirm: ConfirmObject | None = None,
) -> ButtonElement:
    """A button with its label and value kept inside Slack's limits."""
    return ButtonElement(
        text=plain(text, BUTTON_TEXT),
        action_id=action_id,
        value=value[:BUTTON_VALUE] or None,
        style=style,
        confirm=confirm,
    )


def user(user_id: str | None, lang: str) -> str:
    """A user mention (or a neutral word when unknown)."""
    return f"<@{user_id}>" if user_id and user_id.isalnum() else t(lang, "someone")


def channel(channel_id: str | None, lang: str) -> str:
    """A channel mention (or a neutral phrase when unknown)."""
    return f"<#{channel_id}>" if channel_id and channel_id.isalnum() else t(lang, "a channel")


# --- Answers -----------------------------------------------------------------------------


def citation(item: Feedback, lang: str) -> str:
    """Who said it and where: customer, segment, source and a link, as far as known."""
    parts = [f"*{md(item.customer, 100)}*" if item.customer else t(lang, "unnamed customer")]
    parts += [md(p, 100) for p in (item.segment, item.source) if p]
    source_link = link(item.url, t(lang, "open source"))
    if source_link:
        parts.append(source_link)
    parts.append(f"F{item.id}")
    return " · ".join(parts)


def principle_text(principle: Principle, body_chars: int = PRINCIPLE_BODY_CHARS) -> str:
    """A principle with its id, title, body and origin."""
    origin = f"\n_{md(principle.attribution, 300)}_" if principle.attribution else ""
    return (
        f"*[P{principle.id}] {md(principle.title, 200)}*\n{md(principle.body, body_chars)}{origin}"
    )


def _evidence(title: str, items: Sequence[ScoredFeedback], lang: str) -> list[Block]:
    if not items:
        return []
    blocks: list[Block] = [section(f"*{title}*")]
    blocks += [section(said(item.feedback, lang)) for item in items[:MAX_EVIDENCE]]
    return blocks


def said(item: Feedback, lang: str) -> str:
    """A customer's words and, under them, who said it and where."""
    return f"{quote(item.text, QUOTE_CHARS)}\n— {citation(item, lang)}"


SIDE_EMOJI = {
    "for": ":large_green_circle:",
    "against": ":red_circle:",
    "mixed": ":large_yellow_circle:",
    "unknown": ":white_circle:",
}


def answer_quote(item: ScoredFeedback, lang: str, *, contradicting: bool = False) -> str:
    """A customer's words as they wrote them, who said it, how many say the same, and
    a mark when it points the other way."""
    facts = [citation(item.feedback, lang)]
    if item.similar:
        facts.append(nt(lang, "+{n} similar", "+{n} similar", item.similar))
    stance = translated(lang, STANCE_WORDS.get(item.stance, STANCE_WORDS["neutral"]))
    if contradicting:
        other_way = t(lang, "points the other way")
        facts.append(f":left_right_arrow: _{other_way}_ ({stance})")
    return f"{quote(item.feedback.text, QUOTE_CHARS)}\n— " + " · ".join(facts)


def log_decision_value(answer: Answer) -> str:
    """What the answer's Log a decision button carries: the question and the cited ids."""
    data: dict[str, object] = {
        "p": [sp.principle.id for sp in answer.principles[:1]],
        "f": [sf.feedback.id for sf in answer.feedback][:20],
    }
    room = BUTTON_VALUE - len(json.dumps(data, separators=(",", ":"))) - 20
    data["q"] = plain(answer.question, max(room // 2, 1))  # JSON may double some characters
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False)[:BUTTON_VALUE]


def answer_blocks(
    answer: Answer,
    *,
    asked_by: str | None = None,
    shared_by: str | None = None,
    shareable: bool = True,
    synthesis: Synthesis | None = None,
    lang: str,
) -> list[Block]:
    """An answer that fits a phone screen: the verdict, customers' own words (the other
    side marked), the principle as an imperative, thin evidence said plainly, and buttons
    to log a decision or share it."""
    verdict = answer.verdict
    headline = verdict.text or t(lang, "What's better for the customer?")
    blocks: list[Block] = [
        section(f"{SIDE_EMOJI.get(verdict.side, SIDE_EMOJI['unknown'])} *{md(headline, 1000)}*"),
        context(md(" ".join(answer.question.split()), 300)),
    ]
    if synthesis is not None:  # the model's words under the verdict, the sources below
        blocks += synthesis_blocks(synthesis, answer)
    contradicting = {sf.feedback.id for sf in answer.contradicting}
    shown = shown_quotes(answer)
    for item in shown:
        other_way = item.feedback.id in contradicting
        blocks.append(section(answer_quote(item, lang, contradicting=other_way)))
    more = more_snippets(answer, shown, lang)
    if more:
        blocks.append(context(more))
    if answer.principles:
        top = answer.principles[0].principle
        rule = answer.imperative or top.title
        blocks.append(section(f":compass: *{md(rule, 500)}*"))
        blocks.append(context(f"P{top.id} · {md(top.title, 200)}"))
    if answer.thin_evidence:
        label = t(lang, "Thin evidence:")
        blocks.append(context(f":warning: *{label}* {md(answer.thin_evidence, 1000)}"))
    elements = [
        button(
            t(lang, "Log a decision"),
            ids.ANSWER_LOG_DECISION,
            log_decision_value(answer),
            style="primary",
        )
    ]
    if shareable:
        elements.append(button(t(lang, "Share with channel"), ids.SHARE_ANSWER, answer.question))
    blocks.append(ActionsBlock(block_id=ids.ANSWER_ACTIONS, elements=elements))
    credit = []
    if shared_by:
        credit.append(t(lang, "Shared by {user}", user=user(shared_by, lang)))
    elif asked_by:
        credit.append(t(lang, "Asked by {user}", user=user(asked_by, lang)))
    if credit:
        blocks.append(context(*credit))
    return blocks


def notice_blocks(text: str) -> list[Block]:
    """A one-section message (confirmations and friendly errors)."""
    return [section(text)]


# --- The empty chair ---------------------------------------------------------------------


def chair_card_blocks(card: ChairCard, *, ended: bool = False, lang: str) -> list[Block]:
    """The pinned card that speaks for the customer during a meeting."""
    session = card.session
    blocks: list[Block] = [
        HeaderBlock(text=PlainTextObject(text=CHAIR_EMOJI + " " + t(lang, "The empty chair"))),
        section(f"*{escape(translated(lang, card.question))}*"),
    ]
    if session.topic:
        blocks.append(context(t(lang, "Topic: {topic}", topic=md(session.topic, 300))))
    if card.principle is not None:
        blocks.append(section(principle_text(localized(card.principle, lang), 800)))
    if card.quote is not None:
        blocks.append(section(said(card.quote, lang)))
    else:
        empty = t(
            lang,
            "No customer feedback is stored yet. Save what customers say with `/feedback` or "
            "the *Save customer feedback* message shortcut.",
        )
        blocks.append(section(f"_{empty}_"))
    if ended:
        ended_text = t(
            lang,
            "This meeting's empty chair ended. Started by {user}.",
            user=user(session.host, lang),
        )
        blocks.append(context(ended_text))
        return blocks
    value = str(session.id)
    blocks.append(
        ActionsBlock(
            block_id=ids.CHAIR_ACTIONS,
            elements=[
                button(t(lang, "Ask the chair"), ids.CHAIR_ASK, value, style="primary"),
                button(t(lang, "Another customer voice"), ids.CHAIR_ANOTHER_VOICE, value),
                button(t(lang, "Log a decision"), ids.CHAIR_LOG_DECISION, value),
            ],
        )
    )
    end_hint = t(lang, "`/emptychair end` when the meeting is over.")
    if session.host:
        started = t(lang, "Started by {user}", user=user(session.host, lang))
        end_hint = f"{started} · {end_hint}"
    blocks.append(context(end_hint))
    return blocks


def chair_fallback(card: ChairCard, lang: str) -> str:
    """The notification text of the card (stored text escaped)."""
    question = md(translated(lang, card.question), 500)
    if card.quote:
        return t(
            lang,
            "The empty chair: {question} A customer said: \u201c{quote}\u201d",
            question=question,
            quote=md(plain(card.quote.text, 200)),
        )
    return t(lang, "The empty chair: {question}", question=question)


def answer_fallback(answer: Answer) -> str:
    """The notification text of an answer (the core's plain text, escaped)."""
    return plain_fallback(answer.text)


def decision_fallback(decision: Decision, lang: str) -> str:
    """The notification text of a decision card."""
    return t(lang, "Decision D{id}: {title}", id=decision.id, title=md(plain(decision.title, 200)))


def session_end_blocks(
    session: MeetingSession,
    decisions: Sequence[tuple[int, str, str | None]] = (),
    *,
    voice: str | None = None,
    voice_by: str | None = None,
    removed: Mapping[int, Sequence[int]] | None = None,
    lang: str,
) -> list[Block]:
    """The end of a meeting: decisions logged during it and "did the customer have a voice?".

    `decisions` are (id, title, permalink) of decisions logged in the channel meanwhile;
    `removed` maps a decision id to its cited snippets deleted at the customer's request.
    Once someone answered (`voice`), the buttons give way to the answer.
    """
    ended = t(lang, "The meeting's empty chair has ended.")
    blocks: list[Block] = [section(f"{CHAIR_EMOJI} *{ended}*")]
    if decisions:
        lines = []
        for decision_id, title, permalink in decisions[:MAX_LISTED]:
            label = f"D{decision_id} {plain(title, 150)}"
            note = removed_text((removed or {}).get(decision_id, ()), lang)
            suffix = f" · {note}" if note else ""
            lines.append(f"• {link(permalink, label) or md(label, 200)}{suffix}")
        heading = t(lang, "Decisions logged during the meeting ({n})", n=len(decisions))
        blocks.append(section(f"*{heading}*"))
        more = t(lang, "…and {n} more (see `/decisions`).")
        blocks.append(section(lines_within(lines, SECTION_TEXT, more, len(decisions))))
    else:
        blocks.append(
            section(
                t(
                    lang,
                    "No decisions were logged during the meeting. Made one? Log it with "
                    "`/decision` so that the reasons are findable later.",
                )
            )
        )
    voice_question = t(lang, "Did the customer have a voice in this meeting?")
    blocks.append(section(f"*{voice_question}*"))
    if voice is not None:
        words = translated(lang, VOICE_WORDS[voice]) if voice in VOICE_WORDS else voice
        blocks.append(
            context(t(lang, "{user} answered: {answer}.", user=user(voice_by, lang), answer=words))
        )
        return blocks
    value = str(session.id)
    blocks.append(
        ActionsBlock(
            block_id=ids.VOICE_ACTIONS,
            elements=[
                button(t(lang, "Yes"), ids.VOICE_YES, value, style="primary"),
                button(t(lang, "Partly"), ids.VOICE_PARTLY, value),
                button(t(lang, "No"), ids.VOICE_NO, value, style="danger"),
            ],
        )
    )
    return blocks


VOICE_WORDS = {
    "yes": N_("the customer had a voice"),
    "partly": N_("the customer partly had a voice"),
    "no": N_("the customer had no voice"),
}


# --- Reminders -----------------------------------------------------------------------------


def reminders_blocks(reminders: Sequence[Reminder], channel_id: str, lang: str) -> list[Block]:
    """The channel's reminders, each with a Delete button."""
    where = channel(channel_id, lang)
    if not reminders:
        return [
            section(
                t(
                    lang,
                    "No reminders in {channel}. Add one: "
                    "`/emptychair remind monday 09:30 Europe/Warsaw`",
                    channel=where,
                )
            )
        ]
    heading = t(lang, "Reminders in {channel}", channel=where)
    blocks: list[Block] = [section(f"*{heading}*")]
    for reminder in reminders[: MAX_MESSAGE_BLOCKS - 1]:
        topic = (
            t(lang, " · topic: {topic}", topic=md(reminder.topic, 200)) if reminder.topic else ""
        )
        blocks.append(
            section(
                f"{md(describe(reminder, lang), 300)}{topic}",
                block_id=f"reminder-{reminder.id}",
                accessory=button(
                    t(lang, "Delete"),
                    ids.REMINDER_DELETE,
                    str(reminder.id),
                    style="danger",
                    confirm=ConfirmObject(
                        title=t(lang, "Delete this reminder?"),
                        text=mrkdwn(escape(plain(describe(reminder, lang), 300))),
                        confirm=t(lang, "Delete"),
                        deny=t(lang, "Keep"),
                    ),
                ),
            )
        )
    return blocks


def reminder_added_text(reminder: Reminder, lang: str) -> str:
    """The confirmation of `/emptychair remind`."""
    when = md(describe(reminder, lang), 300)
    where = channel(reminder.channel_id, lang)
    if reminder.topic:
        said = t(
            lang,
            "{when} I will start the empty chair in {channel}. Topic: {topic}. "
            "`/emptychair reminders` lists them.",
            when=when,
            channel=where,
            topic=md(reminder.topic, 200),
        )
    else:
        said = t(
            lang,
            "{when} I will start the empty chair in {channel}. `/emptychair reminders` lists them.",
            when=when,
            channel=where,
        )
    return f"{CHAIR_EMOJI} {said}"


def help_blocks(lang: str) -> list[Block]:
    """`/emptychair help`."""
    return [section(help_text(lang))]


# --- Feedback ----------------------------------------------------------------------------


def feedback_saved_text(item: Feedback, is_new: bool, lang: str) -> str:
    """The private confirmation of a captured snippet."""
    ref = f"F{item.id}"
    if not is_new:
        if item.customer:
            return t(
                lang,
                "This feedback from *{customer}* was already saved as {ref}; nothing was added.",
                customer=md(item.customer, 100),
                ref=ref,
            )
        return t(lang, "This feedback was already saved as {ref}; nothing was added.", ref=ref)
    if item.customer:
        saved = t(
            lang,
            "Saved customer feedback from *{customer}* as {ref}. Only you see this; it will be "
            "cited in answers to related questions.",
            customer=md(item.customer, 100),
            ref=ref,
        )
    else:
        saved = t(
            lang,
            "Saved customer feedback as {ref}. Only you see this; it will be cited in answers "
            "to related questions.",
            ref=ref,
        )
    return f":white_check_mark: {saved}"


def header_text(text: str) -> str:
    """Header text within Slack's 150 characters."""
    return plain(text, HEADER_TEXT)


# --- Decisions -----------------------------------------------------------------------------

DOOR_WORDS = {
    "one-way": N_("One-way door (hard to undo)"),
    "two-way": N_("Two-way door (easy to reverse)"),
}
STATUS_WORDS = {
    "decided": N_("decided"),
    "superseded": N_("superseded"),
    "reversed": N_("reversed"),
    "withdrawn": N_("withdrawn"),
}


def no_evidence(lang: str) -> str:
    """The warning on a decision that cites no customer evidence."""
    title = t(lang, "No customer evidence cited.")
    advice = t(
        lang,
        "Add feedback snippets that show what customers need; the managers' review queue lists "
        "decisions without it.",
    )
    return f":warning: *{title}* {advice}"


def decision_label(decision: Decision, lang: str) -> str:
    """`D12 Title` (status shown when it is no longer in force)."""
    status = (
        ""
        if decision.status == "decided"
        else f" ({translated(lang, STATUS_WORDS[decision.status])})"
    )
    return f"D{decision.id} {plain(decision.title, 150)}{status}"


def outcome_text(decision: Decision, lang: str) -> str | None:
    """`Outcome: worked for customers (keep) — the note`, or None before any outcome."""
    if decision.outcome_result is None:
        return None
    words = {
        "worked": t(lang, "worked for customers"),
        "did-not": t(lang, "did not work for customers"),
        "too-early": t(lang, "too early to tell"),
    }
    text = t(lang, "Outcome: {result}", result=words[decision.outcome_result])
    if decision.outcome_next:
        text += f" ({decision.outcome_next})"
    if decision.outcome_result != "too-early" and decision.outcome:
        text += f" — {decision.outcome}"
    return text


def removed_text(removed: Sequence[int], lang: str) -> str | None:
    """ "F3, F7: evidence removed at the customer's request", or None when nothing was."""
    if not removed:
        return None
    refs = ", ".join(f"F{i}" for i in removed[:10]) + (", …" if len(removed) > 10 else "")
    note = t(lang, "evidence removed at the customer's request")
    return f":wastebasket: {refs}: _{note}_"


def decision_line(decision: Decision, lang: str) -> str:
    """One line of a decision list: linked label, owner, review date, evidence marker."""
    label = link(decision.place.permalink, decision_label(decision, lang)) or md(
        decision_label(decision, lang), 200
    )
    parts = [f"*{label}*"]
    if decision.owner:
        parts.append(t(lang, "owner {user}", user=user(decision.owner, lang)))
    if decision.review_on:
        parts.append(t(lang, "review {date}", date=decision.review_on))
    if not decision.has_customer_evidence:
        parts.append(":warning: " + t(lang, "no customer evidence"))
    removed = removed_text(decision.feedback_removed, lang)
    if removed:
        parts.append(removed)
    outcome = outcome_text(decision, lang)
    if outcome:
        parts.append(md(outcome, 300))
    return " · ".join(parts)


def decision_card_blocks(
    decision: Decision,
    principles: Mapping[int, Principle],
    feedback: Mapping[int, Feedback],
    lang: str,
) -> list[Block]:
    """The card posted in the channel when a decision is logged."""
    blocks: list[Block] = [
        HeaderBlock(text=PlainTextObject(text=header_text(decision_label(decision, lang)))),
        section("*" + t(lang, "Decision") + f"*\n{md(decision.decision, 1500)}"),
        section("*" + t(lang, "Customer impact") + f"*\n{md(decision.customer_impact, 1500)}"),
    ]
    if decision.context:
        blocks.append(section("*" + t(lang, "Context") + f"*\n{md(decision.context, 1500)}"))
    if decision.options:
        options = [f"• {md(o, 300)}" for o in decision.options]
        heading = t(lang, "Options considered")
        more = t(lang, "…and {n} more.")
        blocks.append(section(f"*{heading}*\n" + lines_within(options, 2900, more)))
    facts = [
        translated(lang, DOOR_WORDS[decision.door])
        if decision.door in DOOR_WORDS
        else decision.door
    ]
    if decision.owner:
        facts.append(t(lang, "owner {user}", user=user(decision.owner, lang)))
    if decision.review_on:
        facts.append(t(lang, "review on {date}", date=decision.review_on))
    blocks.append(context(" · ".join(facts)))
    outcome = outcome_text(decision, lang)
    if outcome:
        blocks.append(section(md(outcome, 1500)))
    cited = [principles[i] for i in decision.principle_ids if i in principles]
    if cited:
        lines = [f"• [P{p.id}] {md(p.title, 200)}" for p in cited]
        heading = t(lang, "Principles")
        more = t(lang, "…and {n} more.")
        blocks.append(section(f"*{heading}*\n" + lines_within(lines, 2900, more)))
    quotes = [feedback[i] for i in decision.feedback_ids if i in feedback]
    removed = removed_text(decision.feedback_removed, lang)
    if quotes or removed:
        n = len(quotes) + len(decision.feedback_removed)
        heading = t(lang, "Customer evidence ({n})", n=n)
        blocks.append(section(f"*{heading}*"))
        blocks += [section(said(item, lang)) for item in quotes[:MAX_EVIDENCE]]
        if len(quotes) > MAX_EVIDENCE:
            left = len(quotes) - MAX_EVIDENCE
            blocks.append(
                context(nt(lang, "…and {n} more snippet.", "…and {n} more snippets.", left))
            )
        if removed:
            blocks.append(context(removed))
    else:
        blocks.append(section(no_evidence(lang)))
    blocks.append(
        context(
            t(
                lang,
                "Logged by {user} · `/decisions` finds it later",
                user=user(decision.created_by, lang),
            )
        )
    )
    return blocks


def decision_list_blocks(
    decisions: Sequence[Decision], *, search: str | None, limit: int = 40, lang: str
) -> list[Block]:
    """`/decisions [search]`: the log newest first, one line each."""
    if not decisions:
        if search:
            empty = t(
                lang,
                "No decisions matching “{search}” yet. Log one with `/decision`.",
                search=md(search, 100),
            )
        else:
            empty = t(lang, "No decisions yet. Log one with `/decision`.")
        return [section(empty)]
    if search:
        heading = t(lang, "Decision log matching “{search}”", search=md(search, 100))
    else:
        heading = t(lang, "Decision log")
    newest = t(lang, "(newest first)")
    blocks: list[Block] = [section(f"*{heading}* {newest}")]
    lines = [decision_line(d, lang) for d in decisions[:limit]]
    # Several sections of whole lines: one section holds at most 3,000 characters.
    chunk: list[str] = []
    for line in lines:
        if sum(len(c) + 1 for c in chunk) + len(line) > 2900:
            blocks.append(section("\n".join(chunk)))
            chunk = []
        chunk.append(line)
    if chunk:
        blocks.append(section("\n".join(chunk)))
    if len(decisions) > limit:
        more = t(
            lang,
            "…and {n} more; narrow it down with `/decisions WORDS`.",
            n=len(decisions) - limit,
        )
        blocks.append(context(more))
    return blocks[:MAX_MESSAGE_BLOCKS]


def decision_logged_text(decision: Decision, channel_id: str | None, lang: str) -> str:
    """The confirmation shown in the modal after logging."""
    logged = t(lang, "Logged *{decision}*.", decision=md(decision_label(decision, lang), 200))
    if channel_id:
        logged += " " + t(
            lang, "It will be posted in {channel}.", channel=channel(channel_id, lang)
        )
    warning = "" if decision.has_customer_evidence else f"\n\n{no_evidence(lang)}"
    return f":white_check_mark: {logged}{warning}"


# --- App Home ------------------------------------------------------------------------------

HOME_LIST = 10


@dataclass(frozen=True)
class HomeData:
    """What one user's Home tab shows."""

    mine: Sequence[Decision] = ()
    recent: Sequence[Decision] = ()
    queue: ReviewQueue | None = None  # only for managers
    #: The workspace's model-written answer switch (only for managers, when a model is set).
    llm: bool | None = None


def _decision_section(
    title: str, decisions: Sequence[Decision], empty: str, lang: str
) -> list[Block]:
    if not decisions:
        return [section(f"*{title}*\n_{empty}_")]
    lines = [decision_line(d, lang) for d in decisions[:HOME_LIST]]
    more = t(lang, "…and {n} more.")
    return [section(f"*{title}*\n" + lines_within(lines, 2900, more, len(decisions)))]


OWNER_WORDS = {
    "gone": N_("owner gone"),
    "unreachable": N_("owner not reachable"),
    "missing": N_("no owner"),
}
OWNER_EMOJI = {"gone": ":no_entry:", "unreachable": ":warning:", "missing": ":warning:"}


def review_item_line(item: DueReviewItem, lang: str) -> str:
    """One due review: the decision, how late, the owner's state and what is missing."""
    late = (
        nt(lang, "{n} day overdue", "{n} days overdue", item.days_overdue)
        if item.days_overdue > 0
        else t(lang, "due today")
    )
    parts = [decision_line(item.decision, lang), f"*{late}*"]
    if item.owner_status in OWNER_WORDS:
        owner = translated(lang, OWNER_WORDS[item.owner_status])
        parts.append(f"{OWNER_EMOJI[item.owner_status]} {owner}")
    parts.append(t(lang, "missing: {what}", what=", ".join(item.missing)))
    return " · ".join(parts)


def _review_section(items: Sequence[DueReviewItem], lang: str) -> list[Block]:
    title = t(lang, "Reviews due")
    if not items:
        return [section(f"*{title}*\n_" + t(lang, "Nothing is due.") + "_")]
    lines = [review_item_line(i, lang) for i in items[:HOME_LIST]]
    more = t(lang, "…and {n} more.")
    return [section(f"*{title}*\n" + lines_within(lines, 2900, more, len(items)))]


def llm_switch(on: bool, lang: str) -> Block:
    """The manager's switch for model-written answers in this workspace."""
    if on:
        text = t(
            lang,
            "*Model-written answers: on.* Answers are also written by the configured "
            "language model from their cited sources; only the question and those sources "
            "are sent to it.",
        )
    else:
        text = t(
            lang,
            "*Model-written answers: off.* Answers come from principles and feedback "
            "alone; nothing is sent to a model.",
        )
    return section(
        text,
        block_id=ids.HOME_LLM_BLOCK,
        accessory=button(
            t(lang, "Turn off") if on else t(lang, "Turn on"),
            ids.HOME_LLM_TOGGLE,
            "off" if on else "on",
        ),
    )


def home_blocks(data: HomeData, lang: str) -> list[Block]:
    """The Home tab: ask box, my decisions, recent decisions, and the manager's queue."""
    blocks: list[Block] = [
        HeaderBlock(text=PlainTextObject(text="Empty Chair")),
        InputBlock(
            block_id=ids.HOME_ASK_BLOCK,
            label=PlainTextObject(text=t(lang, "What's better for the customer?")),
            hint=PlainTextObject(
                text=t(
                    lang,
                    "Type a question and press Enter: the answer cites your principles and "
                    "customer feedback.",
                )
            ),
            dispatch_action=True,
            element=PlainTextInputElement(
                action_id=ids.HOME_ASK_INPUT,
                max_length=MAX_QUESTION_CHARS,
                placeholder=PlainTextObject(text=t(lang, "Should we start charging for returns?")),
                dispatch_action_config={"trigger_actions_on": ["on_enter_pressed"]},
            ),
        ),
        DividerBlock(),
    ]
    blocks += _decision_section(t(lang, "Decisions you own"), data.mine, t(lang, "None yet."), lang)
    blocks += _decision_section(
        t(lang, "Recent decisions in channels you can see"),
        data.recent,
        t(lang, "No decisions logged yet."),
        lang,
    )
    if data.queue is not None:
        queue = data.queue
        blocks += [
            DividerBlock(),
            HeaderBlock(text=PlainTextObject(text=t(lang, "Review queue"))),
            *_decision_section(
                t(lang, "Without customer evidence"),
                queue.without_evidence,
                t(lang, "Every decision cites some."),
                lang,
            ),
            *_review_section(queue.reviews_due, lang),
            *_decision_section(
                t(lang, "Superseded but still cited"),
                queue.superseded_still_cited,
                t(lang, "Nothing."),
                lang,
            ),
            ActionsBlock(
                block_id=ids.HOME_ACTIONS,
                elements=[
                    button(t(lang, "Export the log (CSV)"), ids.HOME_EXPORT),
                    button(t(lang, "Report"), ids.HOME_REPORT),
                ],
            ),
        ]
    if data.llm is not None:
        blocks.append(llm_switch(data.llm, lang))
    blocks += [DividerBlock(), section(help_text(lang))]
    return blocks
