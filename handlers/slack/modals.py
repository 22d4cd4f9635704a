"""Pure modal builders and the parsing of their submissions (no Slack calls here)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from slack_sdk.models.blocks import (
    Block,
    DatePickerElement,
    ExternalDataMultiSelectElement,
    InputBlock,
    Option,
    PlainTextInputElement,
    PlainTextObject,
    RadioButtonsElement,
    UserSelectElement,
)
from slack_sdk.models.views import View

from bot.feedback import FeedbackInput
from bot.i18n import t
from bot.ids import parse_ids
from bot.models import Answer, DecisionDraft, Feedback, Place, Principle
from bot.synthesis import Synthesis
from bot.text import MAX_QUESTION_CHARS, truncate
from handlers.slack import ids
from handlers.slack.kit import INPUT_MAX_LENGTH, MODAL_TITLE, encode_metadata, option, section
from handlers.slack.render import answer_blocks

TITLE_CHARS = 150
SHORT_FIELD_CHARS = 200


def _text(label: str) -> PlainTextObject:
    return PlainTextObject(text=label)


def text_input(
    block_id: str,
    label: str,
    *,
    initial: str | None = None,
    multiline: bool = False,
    optional: bool = False,
    max_length: int = INPUT_MAX_LENGTH,
    placeholder: str | None = None,
    hint: str | None = None,
) -> InputBlock:
    """A plain-text input whose prefilled value always fits its `max_length`."""
    return InputBlock(
        block_id=block_id,
        label=_text(label),
        optional=optional,
        hint=_text(hint) if hint else None,
        element=PlainTextInputElement(
            action_id=f"{block_id}_input",
            multiline=multiline,
            max_length=max_length,
            initial_value=truncate(initial, max_length) if initial else None,
            placeholder=_text(placeholder) if placeholder else None,
        ),
    )


def _modal(
    callback_id: str,
    title: str,
    blocks: Sequence[Block],
    *,
    submit: str | None = None,
    close: str,
    metadata: Mapping[str, Any] | None = None,
) -> View:
    return View(
        type="modal",
        callback_id=callback_id,
        title=_text(title),
        submit=_text(submit) if submit else None,
        close=_text(close),
        blocks=list(blocks),
        private_metadata=encode_metadata(metadata or {}),
    )


# --- Asking ------------------------------------------------------------------------------


def ask_modal(channel_id: str | None, lang: str) -> View:
    """Asks for a question, then answers it in place."""
    return _modal(
        ids.ASK_MODAL,
        truncate(t(lang, "Ask the empty chair"), MODAL_TITLE),
        [
            text_input(
                ids.ASK_QUESTION_BLOCK,
                t(lang, "What are you deciding?"),
                multiline=True,
                max_length=MAX_QUESTION_CHARS,
                placeholder=t(lang, "Should we start charging for returns?"),
            )
        ],
        submit=t(lang, "Ask"),
        close=t(lang, "Cancel"),
        metadata={"c": channel_id},
    )


def answer_modal(
    answer: Answer,
    channel_id: str | None,
    asked_by: str | None,
    lang: str,
    synthesis: Synthesis | None = None,
) -> View:
    """The answer inside the modal (shareable when the modal came from a channel)."""
    return _modal(
        ids.ASK_MODAL + "_answer",
        truncate(t(lang, "The empty chair says"), MODAL_TITLE),
        answer_blocks(
            answer,
            asked_by=asked_by,
            shareable=channel_id is not None,
            synthesis=synthesis,
            lang=lang,
        ),
        close=t(lang, "Done"),
        metadata={"c": channel_id},
    )


def notice_modal(title: str, text: str, lang: str) -> View:
    """A modal that only says something (confirmations, friendly errors)."""
    return _modal("notice", truncate(title, MODAL_TITLE), [section(text)], close=t(lang, "Close"))


def ask_question(values: Mapping[str, Any]) -> str:
    """The question typed in the ask modal."""
    return _value(values, ids.ASK_QUESTION_BLOCK) or ""


# --- Feedback capture --------------------------------------------------------------------


@dataclass(frozen=True)
class FeedbackPrefill:
    """What the feedback modal starts with (from a message, or from scratch)."""

    text: str = ""
    customer: str | None = None
    channel_id: str | None = None
    permalink: str | None = None


def feedback_modal(prefill: FeedbackPrefill, lang: str) -> View:
    """Capture a customer's words privately: text, customer, segment, source."""
    blocks = [
        text_input(
            "text",
            t(lang, "What did the customer say?"),
            initial=prefill.text,
            multiline=True,
            hint=t(lang, "E-mail addresses and phone numbers are masked before saving."),
        ),
        text_input(
            "customer",
            t(lang, "Customer"),
            initial=prefill.customer,
            optional=True,
            max_length=SHORT_FIELD_CHARS,
            placeholder="Acme Corp",
        ),
        text_input(
            "segment",
            t(lang, "Segment"),
            optional=True,
            max_length=SHORT_FIELD_CHARS,
            placeholder=t(lang, "enterprise, smb, consumer…"),
        ),
        text_input(
            "source",
            t(lang, "Source"),
            initial="slack",
            optional=True,
            max_length=SHORT_FIELD_CHARS,
            placeholder=t(lang, "zendesk, sales call, survey…"),
        ),
    ]
    return _modal(
        ids.FEEDBACK_MODAL,
        truncate(t(lang, "Save customer feedback"), MODAL_TITLE),
        blocks,
        submit=t(lang, "Save"),
        close=t(lang, "Cancel"),
        metadata={"c": prefill.channel_id, "u": prefill.permalink},
    )


def feedback_input(
    values: Mapping[str, Any], *, captured_by: str | None, url: str | None
) -> FeedbackInput:
    """The feedback modal's fields as the core's input."""
    return FeedbackInput(
        text=_value(values, "text") or "",
        customer=_value(values, "customer"),
        segment=_value(values, "segment"),
        source=_value(values, "source"),
        url=url,
        captured_by=captured_by,
    )


# --- Decisions ---------------------------------------------------------------------------

DECISION_FIELDS = (
    "title",
    "context",
    "options",
    "decision",
    "customer_impact",
    "door",
    "owner",
    "review_on",
    "principle_ids",
    "feedback_ids",
)


@dataclass(frozen=True)
class DecisionPrefill:
    """What the decision modal starts with."""

    title: str = ""
    context: str = ""
    owner: str | None = None
    channel_id: str | None = None
    channel_name: str | None = None
    private: bool = True
    session_id: int | None = None
    principles: Sequence[Principle] = field(default_factory=tuple)
    feedback: Sequence[Feedback] = field(default_factory=tuple)


def principle_option(principle: Principle) -> Option:
    """A principle as a select option: `[P7] Title`."""
    return option(f"[P{principle.id}] {principle.title}", f"P{principle.id}")


def feedback_option(item: Feedback) -> Option:
    """A snippet as a select option: `[F12] “text” (customer)`."""
    who = f" ({item.customer})" if item.customer else ""
    text = truncate(" ".join(item.text.split()), 75 - len(who) - 8)
    return option(f"[F{item.id}] \u201c{text}\u201d{who}", f"F{item.id}")


def decision_modal(prefill: DecisionPrefill, lang: str) -> View:
    """Log a decision: what, why, for whom, and on which customer evidence."""
    door = [
        option(t(lang, "Two-way door: easy to reverse"), "two-way"),
        option(t(lang, "One-way door: hard to undo"), "one-way"),
    ]
    blocks: list[Block] = [
        text_input(
            "title",
            t(lang, "Title"),
            initial=prefill.title,
            max_length=TITLE_CHARS,
            placeholder=t(lang, "Keep free returns for orders under $20"),
        ),
        text_input(
            "decision",
            t(lang, "The decision"),
            multiline=True,
            placeholder=t(lang, "What did we decide?"),
        ),
        text_input(
            "customer_impact",
            t(lang, "Customer impact"),
            multiline=True,
            hint=t(lang, "Who is affected, and how? Say it from the customer's side."),
        ),
        text_input(
            "context",
            t(lang, "Context"),
            initial=prefill.context,
            multiline=True,
            optional=True,
            placeholder=t(lang, "Why are we deciding this now?"),
        ),
        text_input(
            "options",
            t(lang, "Options considered"),
            multiline=True,
            optional=True,
            hint=t(lang, "One option per line."),
        ),
        InputBlock(
            block_id="door",
            label=_text(t(lang, "Can we undo it?")),
            element=RadioButtonsElement(
                action_id="door_input", options=door, initial_option=door[0]
            ),
        ),
        InputBlock(
            block_id="owner",
            label=_text(t(lang, "Owner")),
            optional=True,
            element=UserSelectElement(action_id="owner_input", initial_user=prefill.owner),
        ),
        InputBlock(
            block_id="review_on",
            label=_text(t(lang, "Review on")),
            optional=True,
            hint=_text(t(lang, "When should we check whether it worked for customers?")),
            element=DatePickerElement(action_id="review_on_input"),
        ),
        InputBlock(
            block_id="principle_ids",
            label=_text(t(lang, "Principles it rests on")),
            optional=True,
            element=ExternalDataMultiSelectElement(
                action_id=ids.PRINCIPLES_SELECT,
                placeholder=_text(t(lang, "Search principles")),
                min_query_length=0,
                initial_options=[principle_option(p) for p in prefill.principles] or None,
            ),
        ),
        InputBlock(
            block_id="feedback_ids",
            label=_text(t(lang, "Customer evidence")),
            optional=True,
            hint=_text(t(lang, "Feedback snippets that show what customers need.")),
            element=ExternalDataMultiSelectElement(
                action_id=ids.FEEDBACK_SELECT,
                placeholder=_text(t(lang, "Search customer feedback")),
                min_query_length=1,
                initial_options=[feedback_option(f) for f in prefill.feedback] or None,
            ),
        ),
    ]
    return _modal(
        ids.DECISION_MODAL,
        truncate(t(lang, "Log a decision"), MODAL_TITLE),
        blocks,
        submit=t(lang, "Log decision"),
        close=t(lang, "Cancel"),
        metadata={
            "c": prefill.channel_id,
            "n": prefill.channel_name,
            "p": int(prefill.private),
            "s": prefill.session_id,
        },
    )


def decision_draft(
    values: Mapping[str, Any],
    *,
    place: Place,
    created_by: str | None,
    session_id: int | None,
    idempotency_key: str | None,
) -> DecisionDraft:
    """The decision modal's fields as the core's draft (the core validates the values)."""
    options = [line.strip() for line in (_value(values, "options") or "").splitlines()]
    return DecisionDraft(
        title=_value(values, "title") or "",
        decision=_value(values, "decision") or "",
        customer_impact=_value(values, "customer_impact") or "",
        context=_value(values, "context") or "",
        options=[o for o in options if o],
        door=(_state(values, "door").get("selected_option") or {}).get("value") or "two-way",
        owner=_state(values, "owner").get("selected_user") or None,
        review_on=_state(values, "review_on").get("selected_date") or None,
        principle_ids=parse_ids(_selected(values, "principle_ids"), "principle_ids"),
        feedback_ids=parse_ids(_selected(values, "feedback_ids"), "feedback_ids"),
        place=place,
        created_by=created_by,
        session_id=session_id,
        idempotency_key=idempotency_key,
    )


def _state(values: Mapping[str, Any], block_id: str) -> dict[str, Any]:
    """The one element state of an input block ({} when absent)."""
    block = values.get(block_id)
    if not isinstance(block, Mapping) or not block:
        return {}
    state = next(iter(block.values()))
    return dict(state) if isinstance(state, Mapping) else {}


def _value(values: Mapping[str, Any], block_id: str) -> str | None:
    value = _state(values, block_id).get("value")
    return value if isinstance(value, str) and value.strip() else None


def _selected(values: Mapping[str, Any], block_id: str) -> list[str]:
    options = _state(values, block_id).get("selected_options") or []
    return [str(o.get("value", "")) if isinstance(o, Mapping) else str(o) for o in options]
