"""The two Teams forms, as pure functions: render a form card, read back what was submitted.

The decision form is a card in the conversation (Action.Execute, so an invalid submit
is answered with the same card and its error); the feedback form opens in a dialog
from the message action *Save as customer feedback* (Action.Submit, as dialogs need).
Reading a submit checks shapes and types only; the core validates the values.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from functools import partial
from typing import Any

from bot.errors import InvalidInput
from bot.feedback import FeedbackInput
from bot.i18n import N_, t, translated
from bot.ids import parse_ids
from bot.models import DecisionDraft, Door, Place
from bot.text import truncate
from handlers.teams.cards import (
    SUBMIT_FEEDBACK,
    VERB_DECISION_SUBMIT,
    Budget,
    Card,
    Element,
    adaptive_card,
    esc,
    execute,
    fit,
    heading,
    text_block,
    warning,
)

#: Longest value a form field is pre-filled with at the largest budget (the core has
#: its own limits); smaller budgets cut sooner so the card fits.
PREFILL_CHARS = 4_000
DOORS: tuple[tuple[Door, str], ...] = (
    ("two-way", N_("Two-way door: easy to reverse")),
    ("one-way", N_("One-way door: hard or impossible to reverse")),
)
SENTIMENT_LABELS = {
    "positive": N_("Positive"),
    "negative": N_("Negative"),
    "neutral": N_("Neutral"),
    "mixed": N_("Mixed"),
}
SENTIMENTS = ("positive", "negative", "neutral", "mixed")


def _text_input(
    field: str,
    label: str,
    value: str,
    *,
    multiline: bool = False,
    required: bool = False,
    placeholder: str = "",
    max_length: int | None = None,
    limit: int = PREFILL_CHARS,
    lang: str,
) -> Element:
    element: Element = {"type": "Input.Text", "id": field, "label": label}
    if value:
        element["value"] = truncate(value, limit)
    if multiline:
        element["isMultiline"] = True
    if placeholder:
        element["placeholder"] = placeholder
    if max_length:
        element["maxLength"] = max_length
    if required:
        element["isRequired"] = True
        element["errorMessage"] = t(lang, "{field} is required", field=label)
    return element


def _choices(field: str, label: str, value: str, choices: Sequence[tuple[str, str]]) -> Element:
    element: Element = {
        "type": "Input.ChoiceSet",
        "id": field,
        "label": label,
        "style": "compact",
        "choices": [{"title": title, "value": key} for key, title in choices],
    }
    if value:
        element["value"] = value
    return element


def text_field(data: Mapping[str, Any], name: str) -> str:
    """A submitted text field: missing or null is empty; anything but text is refused."""
    value = data.get(name)
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise InvalidInput(N_("{name} must be text"), field=name, name=name.replace("_", " "))
    return str(value)


def int_field(data: Mapping[str, Any], name: str) -> int | None:
    """A submitted whole number (ids in card data), or None when absent."""
    value = data.get(name)
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise InvalidInput(N_("{name} must be a number"), field=name, name=name)
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    raise InvalidInput(N_("{name} must be a number"), field=name, name=name)


def id_list(data: Mapping[str, Any], name: str) -> list[int]:
    """A list of ids in card data (`[3, 7]`), refusing anything else."""
    value = data.get(name)
    if value is None:
        return []
    if not isinstance(value, list) or not all(
        isinstance(v, int) and not isinstance(v, bool) for v in value
    ):
        raise InvalidInput(N_("{name} must be a list of ids"), field=name, name=name)
    return list(value)


def format_ids(ids: Sequence[int], prefix: str) -> str:
    """`P3, P7` for a form field."""
    return ", ".join(f"{prefix}{i}" for i in ids)


# The decision form -----------------------------------------------------------------


@dataclass(frozen=True)
class DecisionForm:
    """What the decision form holds: every field as typed, and the hidden ids."""

    form: str
    title: str = ""
    context: str = ""
    options: str = ""
    decision: str = ""
    customer_impact: str = ""
    door: str = "two-way"
    owner: str = ""
    review_on: str = ""
    principle_ids: str = ""
    feedback_ids: str = ""
    session: int | None = None

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> DecisionForm:
        """The form as submitted (Action.Execute data); `InvalidInput` on wrong types."""
        form = text_field(data, "form").strip()
        if not form:
            raise InvalidInput("this form has no id; open a new one with 'Log a decision'")
        values: dict[str, Any] = {"form": form[:100], "session": int_field(data, "session")}
        for f in fields(cls):
            if f.name not in values:
                values[f.name] = text_field(data, f.name)
        values["door"] = values["door"] or "two-way"
        return cls(**values)

    def draft(self, *, place: Place, created_by: str | None, idempotency_key: str) -> DecisionDraft:
        """The decision draft the core validates and records."""
        options = [line.strip(" -*\t") for line in self.options.splitlines()]
        return DecisionDraft(
            title=self.title,
            decision=self.decision,
            customer_impact=self.customer_impact,
            context=self.context,
            options=[o for o in options if o],
            door=self.door,
            owner=self.owner.strip() or None,
            review_on=self.review_on.strip() or None,
            principle_ids=parse_ids(self.principle_ids, "principle_ids"),
            feedback_ids=parse_ids(self.feedback_ids, "feedback_ids"),
            place=place,
            created_by=created_by,
            session_id=self.session,
            idempotency_key=idempotency_key,
        )


def prefilled_decision_form(
    data: Mapping[str, Any], *, form: str, owner: str = "", lang: str
) -> DecisionForm:
    """A new form pre-filled from a 'Log a decision' button (its session and evidence)."""
    question = text_field(data, "question").strip()
    return DecisionForm(
        form=form,
        context=t(lang, "Question: {question}", question=question) if question else "",
        owner=owner,
        principle_ids=format_ids(id_list(data, "principles"), "P"),
        feedback_ids=format_ids(id_list(data, "feedback"), "F"),
        session=int_field(data, "session"),
    )


def render_decision_form(
    form: DecisionForm, *, error: str | None = None, error_field: str | None = None, lang: str
) -> Card:
    """The decision form (same fields as Slack's modal), an error under its field if given."""
    doors = [(key, translated(lang, label)) for key, label in DOORS]

    def render(budget: Budget) -> Card:
        field = partial(_text_input, limit=budget.quote * 10, lang=lang)
        body: list[Element] = [heading(t(lang, "Log a decision"))]
        inputs: list[Element] = [
            field("title", t(lang, "Title"), form.title, required=True, max_length=200),
            field(
                "context",
                t(lang, "Context"),
                form.context,
                multiline=True,
                placeholder=t(lang, "What led to it"),
            ),
            field(
                "options",
                t(lang, "Options considered (one per line)"),
                form.options,
                multiline=True,
            ),
            field("decision", t(lang, "Decision"), form.decision, multiline=True, required=True),
            field(
                "customer_impact",
                t(lang, "Customer impact"),
                form.customer_impact,
                multiline=True,
                required=True,
                placeholder=t(lang, "Which customers are affected, and how"),
            ),
            _choices("door", t(lang, "Kind of decision"), form.door, doors),
            field("owner", t(lang, "Owner"), form.owner, max_length=200),
            {
                "type": "Input.Date",
                "id": "review_on",
                "label": t(lang, "Review on"),
                **({"value": form.review_on} if form.review_on else {}),
            },
            field(
                "principle_ids",
                t(lang, "Principles (ids)"),
                form.principle_ids,
                placeholder="P3, P7",
            ),
            field(
                "feedback_ids",
                t(lang, "Customer feedback (ids)"),
                form.feedback_ids,
                placeholder="F12",
            ),
        ]
        ids = [element.get("id") for element in inputs]
        at = ids.index(error_field) + 1 if error_field in ids else 0
        if error:
            inputs.insert(at, warning(esc(truncate(error, 500))))
        body += inputs
        hidden: dict[str, Any] = {"form": form.form}
        if form.session is not None:
            hidden["session"] = form.session
        submit = execute(t(lang, "Log decision"), VERB_DECISION_SUBMIT, hidden)
        return adaptive_card(body, [submit])

    return fit(render)


# The feedback form -----------------------------------------------------------------


@dataclass(frozen=True)
class FeedbackForm:
    """What the feedback form holds."""

    text: str = ""
    customer: str = ""
    segment: str = ""
    source: str = "teams"
    url: str = ""
    sentiment: str = ""

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> FeedbackForm:
        """The form as submitted; `InvalidInput` on wrong types."""
        return cls(**{f.name: text_field(data, f.name) for f in fields(cls)})

    def feedback_input(self, *, captured_by: str | None) -> FeedbackInput:
        """The snippet the core validates and stores."""
        return FeedbackInput(
            text=self.text,
            customer=self.customer or None,
            segment=self.segment or None,
            source=self.source or None,
            url=self.url or None,
            sentiment=self.sentiment or None,
            captured_by=captured_by,
        )


def render_feedback_form(form: FeedbackForm, *, error: str | None = None, lang: str) -> Card:
    """The form of 'Save as customer feedback', pre-filled from the message."""
    sentiments = [(s, translated(lang, SENTIMENT_LABELS[s])) for s in SENTIMENTS]

    def render(budget: Budget) -> Card:
        field = partial(_text_input, limit=budget.quote * 10, lang=lang)
        body: list[Element] = [
            heading(t(lang, "Save as customer feedback")),
            text_block(
                t(
                    lang,
                    "Only you see this. The snippet is stored for your organisation and cited "
                    "when someone asks what's better for the customer.",
                ),
                isSubtle=True,
            ),
        ]
        if error:
            body.append(warning(esc(truncate(error, 500))))
        body += [
            field(
                "text",
                t(lang, "What the customer said"),
                form.text,
                multiline=True,
                required=True,
            ),
            field("customer", t(lang, "Customer"), form.customer, max_length=200),
            field("segment", t(lang, "Segment"), form.segment, max_length=200),
            field("source", t(lang, "Source"), form.source, max_length=200),
            field("url", t(lang, "Link"), form.url, max_length=2000),
            _choices(
                "sentiment",
                t(lang, "Sentiment"),
                form.sentiment,
                [("", t(lang, "Guess from the text")), *sentiments],
            ),
        ]
        submit = {
            "type": "Action.Submit",
            "title": t(lang, "Save"),
            "data": {"action": SUBMIT_FEEDBACK},
        }
        return adaptive_card(body, [submit])

    return fit(render)
