"""Block Kit rendering is pure and always within Slack's limits, whatever the stored text."""

from __future__ import annotations

import json

import pytest
from slack_sdk.models.blocks import SectionBlock
from slack_sdk.models.views import View

from bot.errors import InvalidInput
from bot.models import (
    Answer,
    Feedback,
    MeetingSession,
    Place,
    Principle,
    Reminder,
    ScoredFeedback,
    ScoredPrinciple,
)
from bot.sessions import ChairCard
from handlers.slack import kit, modals, render
from tests.slack_limits import message_problems, view_problems

HUGE = "Customers <!channel> & <@U1> say: " + "very long feedback " * 1000
EMOJI = "👩‍👩‍👧‍👦" * 40


def principle(i: int = 1, body: str = "Start from the customer.") -> Principle:
    return Principle(id=i, title=f"Principle {i} " + "t" * 300, body=body, attribution="Jeff")


def snippet(i: int, text: str = HUGE, sentiment: str = "negative") -> ScoredFeedback:
    item = Feedback(
        id=i,
        text=text,
        customer="C" * 300,
        segment="enterprise",
        source="zendesk",
        url="https://example.com/ticket/" + str(i),
    )
    return ScoredFeedback(item, 1.0 / i, sentiment)  # type: ignore[arg-type]


def big_answer(n: int = 50) -> Answer:
    feedback = tuple(snippet(i) for i in range(1, n + 1))
    return Answer(
        question="q" * 2000,
        text=HUGE,
        principles=tuple(ScoredPrinciple(principle(i, HUGE), 1.0) for i in range(1, 10)),
        feedback=feedback,
        supporting=feedback[: n // 2],
        contradicting=feedback[n // 2 :],
        thin_evidence="thin " * 500,
    )


def session(**kw: object) -> MeetingSession:
    values = (
        dict(
            id=7,
            platform="slack",
            channel_id="C1",
            host="U1",
            topic="t" * 200,
            started_at="2026-01-01T00:00:00+00:00",
            ended_at=None,
            card_ref="1.2",
            principle_id=1,
            feedback_id=1,
        )
        | kw
    )
    return MeetingSession(**values)  # type: ignore[arg-type]


def check(blocks: list[object]) -> list[dict[str, object]]:
    rendered = kit.message(blocks)  # type: ignore[arg-type]
    assert message_problems(rendered) == []  # type: ignore[arg-type]
    return rendered


def test_the_biggest_answer_fits_one_message() -> None:
    rendered = check(render.answer_blocks(big_answer(), asked_by="U1", lang="en"))  # type: ignore[arg-type]
    text = json.dumps(rendered)
    assert "<!channel>" not in text and "&lt;!channel&gt;" in text
    assert "F1" in text and "open source" in text
    assert "points the other way" in text and "more snippets" in text
    assert "Thin evidence" in text


def test_answer_without_evidence_and_shared() -> None:
    answer = Answer("Why?", "x", (ScoredPrinciple(principle(), 0.0),), (), (), (), "No feedback")
    rendered = check(render.answer_blocks(answer, shared_by="U2", lang="en"))  # type: ignore[arg-type]
    assert rendered[-1] == {
        "type": "context",
        "elements": [{"type": "mrkdwn", "text": "Shared by <@U2>", "verbatim": True}],
    }
    assert rendered[-2]["type"] == "actions"


@pytest.mark.parametrize("ended", [False, True])
def test_chair_card(ended: bool) -> None:
    card = ChairCard(
        session(), "What's better for the customer?", principle(1, HUGE), snippet(1, EMOJI).feedback
    )
    rendered = check(render.chair_card_blocks(card, ended=ended, lang="en"))  # type: ignore[arg-type]
    kinds = [b["type"] for b in rendered]
    assert ("actions" in kinds) is not ended
    assert "\u200d…" not in json.dumps(rendered, ensure_ascii=False)  # never cut inside an emoji


def test_chair_card_without_feedback_says_how_to_capture_some() -> None:
    card = ChairCard(session(feedback_id=None), "What's better for the customer?", None, None)
    text = json.dumps(check(render.chair_card_blocks(card, lang="en")))  # type: ignore[arg-type]
    assert "/feedback" in text


def test_session_end_lists_at_most_twenty_decisions() -> None:
    decisions = [(i, "d" * 500, f"https://x.slack.com/p{i}") for i in range(1, 101)]
    rendered = check(render.session_end_blocks(session(), decisions, lang="en"))  # type: ignore[arg-type]
    listing = rendered[2]["text"]["text"]  # type: ignore[index]
    shown = listing.count("\n• ") + 1
    assert 10 <= shown <= 20 and f"…and {100 - shown} more (see `/decisions`)." in listing
    assert listing.startswith("• <https://x.slack.com/p1|D1 ")
    answered = render.session_end_blocks(session(), (), voice="no", voice_by="U3", lang="en")
    assert "<@U3> answered: the customer had no voice." in json.dumps(check(answered))  # type: ignore[arg-type]


def test_reminders_with_delete_buttons() -> None:
    reminders = [
        Reminder(i, "slack", "C1", i % 7, "09:30", "Europe/Warsaw", "t" * 200, "U1", "x", True)
        for i in range(1, 11)
    ]
    rendered = check(render.reminders_blocks(reminders, "C1", "en"))  # type: ignore[arg-type]
    assert [b["accessory"]["value"] for b in rendered[1:]] == [str(i) for i in range(1, 11)]  # type: ignore[index]
    assert "No reminders" in json.dumps(check(render.reminders_blocks([], "C1", "en")))  # type: ignore[arg-type]


def test_md_escapes_and_stays_within_the_limit() -> None:
    text = kit.md("<&>" * 2000, 3000)
    assert len(text) <= 3000 and text.startswith("&lt;&amp;&gt;") and text.endswith("…")
    assert kit.md("a < b", 100) == "a &lt; b"


def test_links_that_could_break_out_are_dropped() -> None:
    assert kit.link("https://ok.example/x", "open") == "<https://ok.example/x|open>"
    assert kit.link("https://evil.example/x|<!channel>", "open") is None
    assert kit.link("javascript:alert(1)", "open") is None


def test_limits_are_enforced_for_messages_and_views() -> None:
    with pytest.raises(kit.BlockLimitError):
        kit.message([SectionBlock(text="x")] * 51)
    view = View(type="modal", title="t", blocks=[SectionBlock(text="x")] * 101)
    with pytest.raises(kit.BlockLimitError):
        kit.view(view)
    with pytest.raises(kit.BlockLimitError):
        kit.encode_metadata({"c": "x" * 3000})
    assert kit.decode_metadata("not json") == {} and kit.decode_metadata('"s"') == {}


def test_documented_limits_checked_explicitly() -> None:
    answer = check(render.answer_blocks(big_answer(), lang="en"))  # type: ignore[arg-type]
    verdict = answer[0]
    assert verdict["type"] == "section" and len(verdict["text"]["text"]) <= 3000  # type: ignore[index]
    assert all(len(b["text"]["text"]) <= 3000 for b in answer if b["type"] == "section")  # type: ignore[index]
    button = next(b for b in answer if b["type"] == "actions")["elements"][0]  # type: ignore[index]
    assert len(button["text"]["text"]) <= 75 and len(button["value"]) <= 2000
    modal = kit.view(modals.decision_modal(modals.DecisionPrefill(title=HUGE, context=HUGE), "en"))
    assert len(modal["title"]["text"]) <= 24 and len(modal["submit"]["text"]) <= 24
    assert len(modal["private_metadata"]) <= 3000 and len(modal["blocks"]) <= 100
    title = modal["blocks"][0]["element"]
    assert len(title["initial_value"]) <= title["max_length"] == 150


def test_every_modal_is_valid() -> None:
    many = [snippet(i).feedback for i in range(1, 101)]
    views = [
        modals.ask_modal("C1", "en"),
        modals.answer_modal(big_answer(), "C1", "U1", "en"),
        modals.notice_modal("A title longer than twenty-four", HUGE[:2000], "en"),
        modals.feedback_modal(
            modals.FeedbackPrefill(text=HUGE, channel_id="C1", permalink="https://x.slack.com/p1"),
            "en",
        ),
        modals.decision_modal(
            modals.DecisionPrefill(
                title=HUGE,
                context=HUGE,
                owner="U1",
                channel_id="C1",
                session_id=3,
                principles=[principle(i) for i in range(1, 101)],
                feedback=many,
            ),
            "en",
        ),
    ]
    for view in views:
        assert view_problems(kit.view(view)) == []


def test_select_options_are_cut_to_75_characters() -> None:
    option = modals.feedback_option(snippet(12345, EMOJI + HUGE).feedback).to_dict()
    assert len(option["text"]["text"]) <= 75 and option["value"] == "F12345"
    assert option["text"]["text"].startswith("[F12345] \u201c")
    assert modals.principle_option(principle(3)).to_dict()["value"] == "P3"


def values(**fields: object) -> dict[str, object]:
    return fields


def text(value: str | None) -> dict[str, object]:
    return {"x": {"type": "plain_text_input", "value": value}}


def test_decision_draft_from_the_form() -> None:
    state = values(
        title=text("Keep free returns"),
        decision=text("Returns stay free"),
        customer_impact=text("Consumers keep free returns"),
        context=text(None),
        options=text("Charge $5\n\n  Keep free  \n"),
        door={"x": {"type": "radio_buttons", "selected_option": {"value": "one-way"}}},
        owner={"x": {"type": "users_select", "selected_user": "U9"}},
        review_on={"x": {"type": "datepicker", "selected_date": "2030-01-01"}},
        principle_ids={"x": {"selected_options": [{"value": "P3"}]}},
        feedback_ids={"x": {"selected_options": [{"value": "F12"}, {"value": "F7"}]}},
    )
    draft = modals.decision_draft(
        state,
        place=Place("slack", "C1"),
        created_by="U1",
        session_id=None,
        idempotency_key="slack:view:V1",
    )
    assert (draft.title, draft.context, draft.options, draft.door, draft.owner) == (
        "Keep free returns",
        "",
        ["Charge $5", "Keep free"],
        "one-way",
        "U9",
    )
    assert (draft.review_on, draft.principle_ids, draft.feedback_ids) == (
        "2030-01-01",
        [3],
        [12, 7],
    )


def test_decision_form_ids_are_parsed_by_the_core() -> None:
    state = values(principle_ids={"x": {"selected_options": [{"value": "junk"}]}})
    with pytest.raises(InvalidInput) as caught:
        modals.decision_draft(
            state, place=Place(), created_by=None, session_id=None, idempotency_key=None
        )
    assert caught.value.field == "principle_ids"
