"""`/customer`, the ask modal, "Share with channel" and @mentions, end to end over HTTP."""

from __future__ import annotations

import json

from bot.feedback import FeedbackInput
from bot.store import Store
from bot.workspace import Workspace
from tests.slack_fixtures import CHANNEL, USER, SlackServer

TENANT = "slack:T111"


def seed(server: SlackServer) -> dict[str, int]:
    """Feedback on returns from two customers, one of each sentiment."""
    store = Store(server.db_path)
    ws = Workspace(store, TENANT)
    ids = {}
    for key, item in {
        "slow": FeedbackInput(
            "Returns take three weeks and the refund is slow",
            customer="Acme",
            segment="enterprise",
            source="zendesk",
            url="https://support.example.com/t/1",
            sentiment="negative",
        ),
        "label": FeedbackInput(
            "The returns label never printed, I had to call support",
            customer="Globex",
            source="survey",
            sentiment="negative",
        ),
        "love": FeedbackInput(
            "Love how easy returns are <!channel>", customer="Initech", sentiment="positive"
        ),
        "fine": FeedbackInput(
            "We don't mind paying a small fee for returns",
            customer="Umbrella",
            sentiment="neutral",
        ),
    }.items():
        ids[key] = ws.add_feedback(item)[0].id
    store.close()
    return ids


def test_customer_answers_privately_in_the_ack_with_citations(slack: SlackServer) -> None:
    ids = seed(slack)
    response = slack.command("/customer", "Should we start charging for returns?")
    assert response.status_code == 200
    body = response.json()
    assert body["response_type"] == "ephemeral"
    text = json.dumps(body["blocks"])
    # Every snippet is cited with customer, source and link; the other side is shown.
    assert f"F{ids['slow']}" in text and "Acme" in text and "zendesk" in text
    assert "<https://support.example.com/t/1|open source>" in text
    # The verdict leads; the snippet on the other side is marked as such.
    assert body["blocks"][0]["text"]["text"].startswith(":red_circle: *Customers are against this")
    assert "points the other way" in text and "Umbrella" in text
    # Stored text cannot ping a channel.
    assert "<!channel>" not in text and "&lt;!channel&gt;" in text
    actions = [b for b in body["blocks"] if b["type"] == "actions"]
    assert [e["action_id"] for e in actions[0]["elements"]] == [
        "answer_log_decision",
        "answer_share",
    ]
    # The answer travelled in the ack: no Web API call was needed (the question says
    # which language it is in, so not even the user's locale).
    slack.standin.settle(0.2)
    assert slack.standin.methods() == ["auth.test"]


def test_thin_evidence_is_said_plainly(slack: SlackServer) -> None:
    body = slack.command("/customer", "Should we add a loyalty programme?").json()
    assert "Thin evidence" in json.dumps(body["blocks"])


def test_share_posts_the_answer_publicly_credited_and_removes_the_private_copy(
    slack: SlackServer,
) -> None:
    seed(slack)
    question = "Should we start charging for returns?"
    response = slack.button("answer_share", question, ephemeral=True)
    assert response.status_code == 200
    post = slack.standin.wait_for("chat.postMessage")[0]
    assert post.params["channel"] == CHANNEL
    assert f"Shared by <@{USER}>" in post.text_of_blocks
    assert "Acme" in post.text_of_blocks
    buttons = [e["action_id"] for b in post.blocks if b["type"] == "actions" for e in b["elements"]]
    assert buttons == ["answer_log_decision"]  # no second Share on the public copy
    respond = slack.standin.wait_for("respond")[0]
    assert respond.params == {"text": "", "delete_original": True}


def test_share_where_the_bot_is_not_a_member_says_how_to_invite_it(slack: SlackServer) -> None:
    slack.standin.fail("chat.postMessage", "not_in_channel")
    slack.button("answer_share", "Should we charge for returns?", ephemeral=True)
    respond = slack.standin.wait_for("respond")[0]
    assert "/invite @Empty Chair" in respond.params["text"]
    assert respond.params["response_type"] == "ephemeral"


def test_customer_without_a_question_opens_the_ask_modal_which_answers_in_place(
    slack: SlackServer,
) -> None:
    seed(slack)
    assert slack.command("/customer", "   ").text == ""
    opened = slack.standin.wait_for("views.open")[0]
    view = opened.params["view"]
    assert view["callback_id"] == "ask_modal"
    assert json.loads(view["private_metadata"]) == {"c": CHANNEL}
    values = {
        "question": {
            "question_input": {"type": "plain_text_input", "value": "Should we charge for returns?"}
        }
    }
    submitted = slack.submit("ask_modal", values, metadata=view["private_metadata"])
    answer = submitted.json()
    assert answer["response_action"] == "update"
    assert "Acme" in json.dumps(answer["view"]["blocks"])
    assert len(answer["view"]["title"]["text"]) <= 24


def test_ask_modal_shows_an_empty_question_inline(slack: SlackServer) -> None:
    values = {"question": {"question_input": {"type": "plain_text_input", "value": "?? !!"}}}
    response = slack.submit("ask_modal", values)
    assert response.json() == {
        "response_action": "errors",
        "errors": {"question": "The question has no words to search for."},
    }


def test_mention_answers_in_the_thread(slack: SlackServer) -> None:
    seed(slack)
    event = {
        "type": "app_mention",
        "user": USER,
        "channel": CHANNEL,
        "ts": "1700.0001",
        "text": "<@UBOT> should we charge for returns?",
        "event_ts": "1700.0001",
    }
    assert slack.event(event, event_id="Ev1").status_code == 200
    post = slack.standin.wait_for("chat.postMessage")[0]
    assert post.params["thread_ts"] == "1700.0001"
    assert "Acme" in post.text_of_blocks
    assert f"Asked by <@{USER}>" in post.text_of_blocks


def test_mention_without_a_question_explains_itself(slack: SlackServer) -> None:
    event = {
        "type": "app_mention",
        "user": USER,
        "channel": CHANNEL,
        "ts": "1700.0002",
        "thread_ts": "1699.0001",
        "text": "<@UBOT>",
    }
    slack.event(event, event_id="Ev2")
    post = slack.standin.wait_for("chat.postMessage")[0]
    assert post.params["thread_ts"] == "1699.0001"
    assert "Ask me a question" in post.text_of_blocks


def test_event_retries_are_handled_once(slack: SlackServer) -> None:
    event = {
        "type": "app_mention",
        "user": USER,
        "channel": CHANNEL,
        "ts": "1700.0003",
        "text": "<@UBOT> should we charge for returns?",
    }
    assert slack.event(event, event_id="EvRetry").status_code == 200
    assert slack.event(event, event_id="EvRetry", retry=1).status_code == 200
    assert slack.event(event, event_id="EvRetry", retry=2).status_code == 200
    slack.standin.wait_for("chat.postMessage")
    slack.standin.settle()
    assert len(slack.standin.calls_to("chat.postMessage")) == 1


def test_a_retry_that_is_the_only_copy_is_handled(slack: SlackServer) -> None:
    event = {
        "type": "app_mention",
        "user": USER,
        "channel": CHANNEL,
        "ts": "1700.0004",
        "text": "<@UBOT> returns?",
    }
    slack.event(event, event_id="EvOnlyRetry", retry=1)
    assert len(slack.standin.wait_for("chat.postMessage")) == 1
