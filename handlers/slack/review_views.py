"""Pure Block Kit for reviews: the owner's direct message, the outcome form, outcome lines."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    HeaderBlock,
    InputBlock,
    Option,
    PlainTextObject,
    RadioButtonsElement,
)
from slack_sdk.models.views import View

from bot.decisions import LIMITS
from bot.i18n import nt, t
from bot.models import Decision
from bot.reviews import DueReview, ReviewEvidence
from handlers.slack import ids
from handlers.slack.kit import context, encode_metadata, md, plain, section
from handlers.slack.modals import text_input
from handlers.slack.render import (
    button,
    decision_label,
    header_text,
    outcome_text,
    removed_text,
    said,
)

NOTE_CHARS = 500


def side_text(evidence: ReviewEvidence, lang: str) -> str:
    """Which side the new feedback is on, in words."""
    words = {
        "for": t(lang, "mostly for the decision"),
        "against": t(lang, "mostly against the decision"),
        "mixed": t(lang, "mixed"),
        "unknown": t(lang, "no clear side"),
    }
    return words[evidence.side]


def review_buttons(decision_id: int, lang: str) -> ActionsBlock:
    """Worked for customers / Did not / Too early."""
    value = str(decision_id)
    return ActionsBlock(
        block_id=ids.REVIEW_ACTIONS,
        elements=[
            button(t(lang, "Worked for customers"), ids.REVIEW_WORKED, value, style="primary"),
            button(t(lang, "Did not"), ids.REVIEW_DID_NOT, value, style="danger"),
            button(t(lang, "Too early"), ids.REVIEW_TOO_EARLY, value),
        ],
    )


def review_message_blocks(due: DueReview, lang: str) -> list[Block]:
    """The owner's direct message: the decision, its customer impact, what customers said since."""
    decision = due.decision
    evidence = due.evidence
    blocks: list[Block] = [
        HeaderBlock(text=PlainTextObject(text=header_text(t(lang, "Time to review a decision")))),
        section(f"*{md(decision_label(decision, lang), 300)}*\n{md(decision.decision, 1200)}"),
        section("*" + t(lang, "Customer impact") + f"*\n{md(decision.customer_impact, 1200)}"),
    ]
    removed = removed_text(decision.feedback_removed, lang)
    if removed:
        blocks.append(context(removed))
    if evidence.count:
        summary = nt(
            lang,
            "Since the decision, {n} piece of customer feedback on its topic arrived ({side}).",
            "Since the decision, {n} pieces of customer feedback on its topic arrived ({side}).",
            evidence.count,
            side=side_text(evidence, lang),
        )
        blocks.append(section(f"*{md(summary, 500)}*"))
        blocks += [section(said(item, lang)) for item in evidence.quotes]
    else:
        blocks.append(
            section(t(lang, "No customer feedback on its topic has arrived since the decision."))
        )
    did_it_work = t(lang, "Did it work for customers?")
    blocks.append(section(f"*{did_it_work}*"))
    blocks.append(review_buttons(decision.id, lang))
    blocks.append(
        context(
            t(
                lang,
                "Review date {day}. *Too early* asks again in 14 days.",
                day=due.review_on,
            )
        )
    )
    return blocks


def review_answered_blocks(decision: Decision, lang: str) -> list[Block]:
    """The direct message after an answer: the outcome, and buttons while it is too early."""
    blocks: list[Block] = [
        section(f"*{md(decision_label(decision, lang), 300)}*\n{md(decision.decision, 1200)}"),
        section(md(outcome_text(decision, lang) or "", 1500)),
    ]
    if decision.outcome_result == "too-early":
        blocks.append(
            context(
                t(
                    lang,
                    "I'll ask again on {day}; you can still answer now.",
                    day=decision.review_on,
                )
            )
        )
        blocks.append(review_buttons(decision.id, lang))
    return blocks


def outcome_modal(decision: Decision, result: str, meta: Mapping[str, Any], lang: str) -> View:
    """The short form behind *Worked* / *Did not*: the result in a sentence, and what next."""
    steps = [
        ("keep", t(lang, "Keep the decision")),
        ("revise", t(lang, "Revise it")),
        ("reverse", t(lang, "Reverse it")),
    ]
    options = [Option(text=PlainTextObject(text=label), value=value) for value, label in steps]
    initial = options[0] if result == "worked" else options[1]
    title = t(lang, "It worked") if result == "worked" else t(lang, "It did not work")
    return View(
        type="modal",
        callback_id=ids.OUTCOME_MODAL,
        title=PlainTextObject(text=plain(title, 24)),
        submit=PlainTextObject(text=t(lang, "Record")),
        close=PlainTextObject(text=t(lang, "Cancel")),
        private_metadata=encode_metadata({**meta, "d": decision.id, "r": result}),
        blocks=[
            section(f"*{md(decision_label(decision, lang), 300)}*"),
            text_input(
                ids.OUTCOME_NOTE_BLOCK,
                t(lang, "What happened for customers? (one sentence)"),
                max_length=min(NOTE_CHARS, LIMITS["outcome"]),
                placeholder=t(lang, "Returns rose 4%, complaints about fees stopped"),
            ),
            InputBlock(
                block_id=ids.OUTCOME_NEXT_BLOCK,
                label=PlainTextObject(text=t(lang, "What now?")),
                element=RadioButtonsElement(
                    action_id=ids.OUTCOME_NEXT_BLOCK + "_input",
                    options=options,
                    initial_option=initial,
                ),
            ),
        ],
    )


def outcome_values(values: Mapping[str, Any]) -> tuple[str, str | None]:
    """(note, next step) from a submitted outcome form."""

    def state(block_id: str) -> dict[str, Any]:
        block = values.get(block_id)
        if not isinstance(block, Mapping) or not block:
            return {}
        first = next(iter(block.values()))
        return dict(first) if isinstance(first, Mapping) else {}

    note = state(ids.OUTCOME_NOTE_BLOCK).get("value")
    selected = state(ids.OUTCOME_NEXT_BLOCK).get("selected_option")
    step = selected.get("value") if isinstance(selected, Mapping) else None
    return (note if isinstance(note, str) else ""), (step if isinstance(step, str) else None)
