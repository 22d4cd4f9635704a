"""Pure Block Kit renderers: the core's plain results in, `slack_sdk.models` blocks out."""

from __future__ import annotations

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

from bot.decisions import DueReviewItem, ReviewQueue
from bot.i18n import nt, t
from bot.models import (
    Answer,
    Decision,
    Feedback,
    MeetingSession,
    Principle,
    Reminder,
    ScoredFeedback,
)
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


def user(user_id: str | None) -> str:
    """A user mention (or a neutral word when unknown)."""
    return f"<@{user_id}>" if user_id and user_id.isalnum() else "someone"


def channel(channel_id: str | None) -> str:
    """A channel mention (or a neutral phrase when unknown)."""
    return f"<#{channel_id}>" if channel_id and channel_id.isalnum() else "a channel"


# --- Answers -----------------------------------------------------------------------------


def citation(item: Feedback) -> str:
    """Who said it and where: customer, segment, source and a link, as far as known."""
    parts = [f"*{md(item.customer, 100)}*" if item.customer else "unnamed customer"]
    parts += [md(p, 100) for p in (item.segment, item.source) if p]
    source_link = link(item.url, "open source")
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


def _evidence(title: str, items: Sequence[ScoredFeedback]) -> list[Block]:
    if not items:
        return []
    blocks: list[Block] = [section(f"*{title}*")]
    blocks += [section(said(item.feedback)) for item in items[:MAX_EVIDENCE]]
    return blocks


def said(item: Feedback) -> str:
    """A customer's words and, under them, who said it and where."""
    return f"{quote(item.text, QUOTE_CHARS)}\n— {citation(item)}"


def answer_blocks(
    answer: Answer,
    *,
    asked_by: str | None = None,
    shared_by: str | None = None,
    shareable: bool = True,
    synthesis: Synthesis | None = None,
) -> list[Block]:
    """An answer with every source cited, the other side shown, thin evidence said plainly."""
    blocks: list[Block] = [
        HeaderBlock(text=PlainTextObject(text="What's better for the customer?")),
        section(f"*Q:* {md(' '.join(answer.question.split()), 1000)}"),
    ]
    if synthesis is not None:  # the model's words under the question, the sources below
        blocks += synthesis_blocks(synthesis, answer)
    for scored in answer.principles[:MAX_PRINCIPLES]:
        blocks.append(section(principle_text(scored.principle)))
    blocks.append(DividerBlock())
    if answer.supporting:
        blocks += _evidence(f"What customers say ({len(answer.supporting)})", answer.supporting)
    if answer.contradicting:
        blocks += _evidence(
            f"Evidence pointing the other way ({len(answer.contradicting)})", answer.contradicting
        )
    if answer.thin_evidence:
        blocks.append(section(f":warning: *Thin evidence:* {md(answer.thin_evidence, 1000)}"))
    if shareable:
        blocks.append(
            ActionsBlock(
                block_id=ids.ANSWER_ACTIONS,
                elements=[button("Share with channel", ids.SHARE_ANSWER, answer.question)],
            )
        )
    credit = []
    if shared_by:
        credit.append(f"Shared by {user(shared_by)}")
    elif asked_by:
        credit.append(f"Asked by {user(asked_by)}")
    if credit:
        blocks.append(context(*credit))
    return blocks


def notice_blocks(text: str) -> list[Block]:
    """A one-section message (confirmations and friendly errors)."""
    return [section(text)]


# --- The empty chair ---------------------------------------------------------------------


def chair_card_blocks(card: ChairCard, *, ended: bool = False) -> list[Block]:
    """The pinned card that speaks for the customer during a meeting."""
    session = card.session
    blocks: list[Block] = [
        HeaderBlock(text=PlainTextObject(text=f"{CHAIR_EMOJI} The empty chair")),
        section(f"*{escape(card.question)}*"),
    ]
    if session.topic:
        blocks.append(context(f"Topic: {md(session.topic, 300)}"))
    if card.principle is not None:
        blocks.append(section(principle_text(card.principle, 800)))
    if card.quote is not None:
        blocks.append(section(said(card.quote)))
    else:
        blocks.append(
            section(
                "_No customer feedback is stored yet. Save what customers say with "
                "`/feedback` or the *Save customer feedback* message shortcut._"
            )
        )
    if ended:
        blocks.append(
            context(f"This meeting's empty chair ended. Started by {user(session.host)}.")
        )
        return blocks
    value = str(session.id)
    blocks.append(
        ActionsBlock(
            block_id=ids.CHAIR_ACTIONS,
            elements=[
                button("Ask the chair", ids.CHAIR_ASK, value, style="primary"),
                button("Another customer voice", ids.CHAIR_ANOTHER_VOICE, value),
                button("Log a decision", ids.CHAIR_LOG_DECISION, value),
            ],
        )
    )
    host = f"Started by {user(session.host)} · " if session.host else ""
    blocks.append(context(f"{host}`/emptychair end` when the meeting is over."))
    return blocks


def chair_fallback(card: ChairCard) -> str:
    """The notification text of the card (stored text escaped)."""
    said = f" A customer said: \u201c{md(plain(card.quote.text, 200))}\u201d" if card.quote else ""
    return f"The empty chair: {md(card.question, 500)}{said}"


def answer_fallback(answer: Answer) -> str:
    """The notification text of an answer (the core's plain text, escaped)."""
    return plain_fallback(answer.text)


def decision_fallback(decision: Decision) -> str:
    """The notification text of a decision card."""
    return f"Decision D{decision.id}: {md(plain(decision.title, 200))}"


def session_end_blocks(
    session: MeetingSession,
    decisions: Sequence[tuple[int, str, str | None]] = (),
    *,
    voice: str | None = None,
    voice_by: str | None = None,
) -> list[Block]:
    """The end of a meeting: decisions logged during it and "did the customer have a voice?".

    `decisions` are (id, title, permalink) of decisions logged in the channel meanwhile.
    Once someone answered (`voice`), the buttons give way to the answer.
    """
    blocks: list[Block] = [section(f"{CHAIR_EMOJI} *The meeting's empty chair has ended.*")]
    if decisions:
        lines = []
        for decision_id, title, permalink in decisions[:MAX_LISTED]:
            label = f"D{decision_id} {plain(title, 150)}"
            lines.append(f"• {link(permalink, label) or md(label, 200)}")
        blocks.append(section(f"*Decisions logged during the meeting ({len(decisions)})*"))
        blocks.append(
            section(
                lines_within(
                    lines, SECTION_TEXT, "…and {n} more (see `/decisions`).", len(decisions)
                )
            )
        )
    else:
        blocks.append(
            section(
                "No decisions were logged during the meeting. Made one? "
                "Log it with `/decision` so that the reasons are findable later."
            )
        )
    blocks.append(section("*Did the customer have a voice in this meeting?*"))
    if voice is not None:
        blocks.append(context(f"{user(voice_by)} answered: {VOICE_WORDS.get(voice, voice)}."))
        return blocks
    value = str(session.id)
    blocks.append(
        ActionsBlock(
            block_id=ids.VOICE_ACTIONS,
            elements=[
                button("Yes", ids.VOICE_YES, value, style="primary"),
                button("Partly", ids.VOICE_PARTLY, value),
                button("No", ids.VOICE_NO, value, style="danger"),
            ],
        )
    )
    return blocks


VOICE_WORDS = {
    "yes": "the customer had a voice",
    "partly": "the customer partly had a voice",
    "no": "the customer had no voice",
}


# --- Reminders -----------------------------------------------------------------------------


def reminders_blocks(reminders: Sequence[Reminder], channel_id: str) -> list[Block]:
    """The channel's reminders, each with a Delete button."""
    if not reminders:
        return [
            section(
                f"No reminders in {channel(channel_id)}. Add one: "
                "`/emptychair remind monday 09:30 Europe/Warsaw`"
            )
        ]
    blocks: list[Block] = [section(f"*Reminders in {channel(channel_id)}*")]
    for reminder in reminders[: MAX_MESSAGE_BLOCKS - 1]:
        topic = f" · topic: {md(reminder.topic, 200)}" if reminder.topic else ""
        blocks.append(
            section(
                f"{md(describe(reminder), 300)}{topic}",
                block_id=f"reminder-{reminder.id}",
                accessory=button(
                    "Delete",
                    ids.REMINDER_DELETE,
                    str(reminder.id),
                    style="danger",
                    confirm=ConfirmObject(
                        title="Delete this reminder?",
                        text=plain(describe(reminder), 300),
                        confirm="Delete",
                        deny="Keep",
                    ),
                ),
            )
        )
    return blocks


def reminder_added_text(reminder: Reminder) -> str:
    """The confirmation of `/emptychair remind`."""
    topic = f" Topic: {md(reminder.topic, 200)}." if reminder.topic else ""
    return (
        f"{CHAIR_EMOJI} {md(describe(reminder), 300)} I will start the empty chair in "
        f"{channel(reminder.channel_id)}.{topic} `/emptychair reminders` lists them."
    )


def help_blocks(lang: str) -> list[Block]:
    """`/emptychair help`."""
    return [section(help_text(lang))]


# --- Feedback ----------------------------------------------------------------------------


def feedback_saved_text(item: Feedback, is_new: bool) -> str:
    """The private confirmation of a captured snippet."""
    who = f" from *{md(item.customer, 100)}*" if item.customer else ""
    if not is_new:
        return f"This feedback{who} was already saved as F{item.id}; nothing was added."
    return (
        f":white_check_mark: Saved customer feedback{who} as F{item.id}. Only you see this; "
        "it will be cited in answers to related questions."
    )


def header_text(text: str) -> str:
    """Header text within Slack's 150 characters."""
    return plain(text, HEADER_TEXT)


# --- Decisions -----------------------------------------------------------------------------

DOOR_WORDS = {"one-way": "One-way door (hard to undo)", "two-way": "Two-way door (easy to reverse)"}
STATUS_WORDS = {
    "decided": "decided",
    "superseded": "superseded",
    "reversed": "reversed",
    "withdrawn": "withdrawn",
}
NO_EVIDENCE = (
    ":warning: *No customer evidence cited.* Add feedback snippets that show what customers "
    "need; the managers' review queue lists decisions without it."
)


def decision_label(decision: Decision) -> str:
    """`D12 Title` (status shown when it is no longer in force)."""
    status = "" if decision.status == "decided" else f" ({STATUS_WORDS[decision.status]})"
    return f"D{decision.id} {plain(decision.title, 150)}{status}"


def outcome_text(decision: Decision, lang: str = "en") -> str | None:
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


def decision_line(decision: Decision) -> str:
    """One line of a decision list: linked label, owner, review date, evidence marker."""
    label = link(decision.place.permalink, decision_label(decision)) or md(
        decision_label(decision), 200
    )
    parts = [f"*{label}*"]
    if decision.owner:
        parts.append(f"owner {user(decision.owner)}")
    if decision.review_on:
        parts.append(f"review {decision.review_on}")
    if not decision.has_customer_evidence:
        parts.append(":warning: no customer evidence")
    outcome = outcome_text(decision)
    if outcome:
        parts.append(md(outcome, 300))
    return " · ".join(parts)


def decision_card_blocks(
    decision: Decision,
    principles: Mapping[int, Principle],
    feedback: Mapping[int, Feedback],
) -> list[Block]:
    """The card posted in the channel when a decision is logged."""
    blocks: list[Block] = [
        HeaderBlock(text=PlainTextObject(text=header_text(decision_label(decision)))),
        section(f"*Decision*\n{md(decision.decision, 1500)}"),
        section(f"*Customer impact*\n{md(decision.customer_impact, 1500)}"),
    ]
    if decision.context:
        blocks.append(section(f"*Context*\n{md(decision.context, 1500)}"))
    if decision.options:
        options = [f"• {md(o, 300)}" for o in decision.options]
        blocks.append(section("*Options considered*\n" + lines_within(options, 2900)))
    facts = [DOOR_WORDS.get(decision.door, decision.door)]
    if decision.owner:
        facts.append(f"owner {user(decision.owner)}")
    if decision.review_on:
        facts.append(f"review on {decision.review_on}")
    blocks.append(context(" · ".join(facts)))
    outcome = outcome_text(decision)
    if outcome:
        blocks.append(section(md(outcome, 1500)))
    cited = [principles[i] for i in decision.principle_ids if i in principles]
    if cited:
        lines = [f"• [P{p.id}] {md(p.title, 200)}" for p in cited]
        blocks.append(section("*Principles*\n" + lines_within(lines, 2900, "…and {n} more.")))
    quotes = [feedback[i] for i in decision.feedback_ids if i in feedback]
    if quotes:
        blocks.append(section(f"*Customer evidence ({len(quotes)})*"))
        blocks += [section(said(item)) for item in quotes[:MAX_EVIDENCE]]
        if len(quotes) > MAX_EVIDENCE:
            blocks.append(context(f"…and {len(quotes) - MAX_EVIDENCE} more snippets."))
    else:
        blocks.append(section(NO_EVIDENCE))
    blocks.append(context(f"Logged by {user(decision.created_by)} · `/decisions` finds it later"))
    return blocks


def decision_list_blocks(
    decisions: Sequence[Decision], *, search: str | None, limit: int = 40
) -> list[Block]:
    """`/decisions [search]`: the log newest first, one line each."""
    about = f" matching “{md(search, 100)}”" if search else ""
    if not decisions:
        return [section(f"No decisions{about} yet. Log one with `/decision`.")]
    blocks: list[Block] = [section(f"*Decision log{about}* (newest first)")]
    lines = [decision_line(d) for d in decisions[:limit]]
    more = "…and {n} more; narrow it down with `/decisions WORDS`."
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
        blocks.append(context(more.format(n=len(decisions) - limit)))
    return blocks[:MAX_MESSAGE_BLOCKS]


def decision_logged_text(decision: Decision, channel_id: str | None) -> str:
    """The confirmation shown in the modal after logging."""
    where = f" It will be posted in {channel(channel_id)}." if channel_id else ""
    warning = "" if decision.has_customer_evidence else f"\n\n{NO_EVIDENCE}"
    return f":white_check_mark: Logged *{md(decision_label(decision), 200)}*.{where}{warning}"


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


def _decision_section(title: str, decisions: Sequence[Decision], empty: str) -> list[Block]:
    if not decisions:
        return [section(f"*{title}*\n_{empty}_")]
    lines = [decision_line(d) for d in decisions[:HOME_LIST]]
    return [section(f"*{title}*\n" + lines_within(lines, 2900, "…and {n} more.", len(decisions)))]


def review_item_line(item: DueReviewItem, lang: str = "en") -> str:
    """One due review: the decision, how late, the owner's state and what is missing."""
    late = (
        nt(lang, "{n} day overdue", "{n} days overdue", item.days_overdue)
        if item.days_overdue > 0
        else t(lang, "due today")
    )
    parts = [decision_line(item.decision), f"*{late}*"]
    owner = {
        "gone": ":no_entry: " + t(lang, "owner gone"),
        "unreachable": ":warning: " + t(lang, "owner not reachable"),
        "missing": ":warning: " + t(lang, "no owner"),
    }.get(item.owner_status)
    if owner:
        parts.append(owner)
    parts.append(t(lang, "missing: {what}", what=", ".join(item.missing)))
    return " · ".join(parts)


def _review_section(items: Sequence[DueReviewItem]) -> list[Block]:
    if not items:
        return [section("*Reviews due*\n_Nothing is due._")]
    lines = [review_item_line(i) for i in items[:HOME_LIST]]
    return [section("*Reviews due*\n" + lines_within(lines, 2900, "…and {n} more.", len(items)))]


def llm_switch(on: bool, lang: str = "en") -> Block:
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


def home_blocks(data: HomeData) -> list[Block]:
    """The Home tab: ask box, my decisions, recent decisions, and the manager's queue."""
    blocks: list[Block] = [
        HeaderBlock(text=PlainTextObject(text="Empty Chair")),
        InputBlock(
            block_id=ids.HOME_ASK_BLOCK,
            label=PlainTextObject(text="What's better for the customer?"),
            hint=PlainTextObject(
                text="Type a question and press Enter: the answer cites your principles "
                "and customer feedback."
            ),
            dispatch_action=True,
            element=PlainTextInputElement(
                action_id=ids.HOME_ASK_INPUT,
                max_length=MAX_QUESTION_CHARS,
                placeholder=PlainTextObject(text="Should we start charging for returns?"),
                dispatch_action_config={"trigger_actions_on": ["on_enter_pressed"]},
            ),
        ),
        DividerBlock(),
    ]
    blocks += _decision_section("Decisions you own", data.mine, "None yet.")
    blocks += _decision_section(
        "Recent decisions in channels you can see", data.recent, "No decisions logged yet."
    )
    if data.queue is not None:
        queue = data.queue
        blocks += [
            DividerBlock(),
            HeaderBlock(text=PlainTextObject(text="Review queue")),
            *_decision_section(
                "Without customer evidence", queue.without_evidence, "Every decision cites some."
            ),
            *_review_section(queue.reviews_due),
            *_decision_section(
                "Superseded but still cited", queue.superseded_still_cited, "Nothing."
            ),
            ActionsBlock(
                block_id=ids.HOME_ACTIONS,
                elements=[
                    button("Export the log (CSV)", ids.HOME_EXPORT),
                    button("Report", ids.HOME_REPORT),
                ],
            ),
        ]
    if data.llm is not None:
        blocks.append(llm_switch(data.llm))
    blocks += [DividerBlock(), section(help_text("en"))]
    return blocks
