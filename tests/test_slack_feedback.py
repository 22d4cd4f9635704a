"""Private capture of customer feedback: `/feedback` and the message shortcut, end to end."""

from __future__ import annotations

import json

from bot.store import Store
from bot.workspace import Workspace
from tests.slack_fixtures import CHANNEL, USER, SlackServer

TENANT = "slack:T111"


def stored(server: SlackServer, query: str) -> list[dict[str, object]]:
    store = Store(server.db_path)
    hits = Workspace(store, TENANT).search_feedback(query)
    store.close()
    return [
        {
            "text": h.feedback.text,
            "customer": h.feedback.customer,
            "source": h.feedback.source,
            "url": h.feedback.url,
            "captured_by": h.feedback.captured_by,
        }
        for h in hits
    ]


def values(text: str, customer: str = "", segment: str = "", source: str = "slack") -> dict:
    def field(block: str, value: str) -> dict:
        return {f"{block}_input": {"type": "plain_text_input", "value": value or None}}

    return {
        "text": field("text", text),
        "customer": field("customer", customer),
        "segment": field("segment", segment),
        "source": field("source", source),
    }


def test_feedback_text_is_saved_privately_and_masked(slack: SlackServer) -> None:
    response = slack.command("/feedback", "Refunds are slow, mail me at jo@example.com")
    body = response.json()
    assert body["response_type"] == "ephemeral"
    assert body["text"].startswith(":white_check_mark: Saved customer feedback as F")
    assert stored(slack, "refunds") == [
        {
            "text": "Refunds are slow, mail me at [email]",
            "customer": None,
            "source": "slack",
            "url": None,
            "captured_by": USER,
        }
    ]
    slack.standin.settle(0.2)
    # Nothing posted anywhere; users.info reads the user's locale for the reply's language.
    assert slack.standin.methods() == ["auth.test", "users.info"]


def test_the_same_feedback_twice_is_kept_once(slack: SlackServer) -> None:
    slack.command("/feedback", "Checkout asks for my address twice")
    again = slack.command("/feedback", "Checkout asks for my address twice").json()
    assert "was already saved" in again["text"]
    assert len(stored(slack, "checkout")) == 1


def test_feedback_without_text_opens_the_form(slack: SlackServer) -> None:
    slack.command("/feedback")
    view = slack.standin.wait_for("views.open")[0].params["view"]
    assert view["callback_id"] == "feedback_modal"
    assert [b["block_id"] for b in view["blocks"]] == ["text", "customer", "segment", "source"]


def test_message_shortcut_prefills_the_form_and_keeps_the_permalink(slack: SlackServer) -> None:
    slack.message_shortcut("save_customer_feedback", "Acme says exports break on big files")
    view = slack.standin.wait_for("views.open")[0].params["view"]
    assert view["blocks"][0]["element"]["initial_value"] == "Acme says exports break on big files"
    metadata = view["private_metadata"]
    permalink = f"https://test.slack.com/archives/{CHANNEL}/p1583636382000300"
    assert json.loads(metadata) == {"u": permalink}
    asked = slack.standin.calls_to("chat.getPermalink")[0]
    assert (asked.params["channel"], asked.params["message_ts"]) == (CHANNEL, "1583636382.000300")

    submitted = slack.submit(
        "feedback_modal",
        values("Exports break on big files", customer="Acme", segment="enterprise"),
        metadata=metadata,
    ).json()
    assert submitted["response_action"] == "update"
    assert "Saved customer feedback from *Acme*" in json.dumps(submitted["view"])
    assert stored(slack, "exports") == [
        {
            "text": "Exports break on big files",
            "customer": "Acme",
            "source": "slack",
            "url": permalink,
            "captured_by": USER,
        }
    ]


def test_a_long_message_is_cut_to_fit_the_form(slack: SlackServer) -> None:
    slack.message_shortcut("save_customer_feedback", "word " * 1200)
    view = slack.standin.wait_for("views.open")[0].params["view"]
    initial = view["blocks"][0]["element"]["initial_value"]
    assert len(initial) <= 3000 and initial.endswith("…")


def test_invalid_fields_are_shown_inline(slack: SlackServer) -> None:
    response = slack.submit("feedback_modal", values("Fine text", customer="x" * 201))
    assert response.json() == {
        "response_action": "errors",
        "errors": {"customer": "Customer is longer than 200 characters."},
    }
    assert stored(slack, "fine") == []


def test_the_permalink_is_optional(slack: SlackServer) -> None:
    slack.standin.fail("chat.getPermalink", "message_not_found")
    slack.message_shortcut("save_customer_feedback", "Search is slow")
    metadata = slack.standin.wait_for("views.open")[0].params["view"]["private_metadata"]
    assert json.loads(metadata) == {}
    response = slack.submit("feedback_modal", values("Search is slow"), metadata=metadata)
    assert response.json()["response_action"] == "update"
    assert stored(slack, "search")[0]["url"] is None
