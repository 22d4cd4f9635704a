"""Hostile text never pings, links or breaks out in anything the bot posts to Slack.

Every message the bot can post is driven through the real request paths (signed
requests to the real server, the Web API stand-in capturing each call), with
`<!channel>`, `<!here>`, `<!everyone>`, `<@U…>`, `<#C…>` and `<url|label>` in feedback
text, customer names, decision fields, topics, questions and other user text. Every text
field of every captured call and of every ack must carry them escaped, never raw.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.config import Settings
from bot.feedback import FeedbackInput
from bot.models import DecisionDraft, Place
from bot.reminders import DueReminder
from bot.store import Store
from bot.workspace import Workspace
from handlers.slack import ids
from handlers.slack.kit import escape
from tests.helpers import FIXED_NOW, fixed_clock
from tests.llm_standin import LlmStandIn, Reply, answer
from tests.slack_fixtures import CHANNEL, USER, SlackServer, running_server
from tests.slack_standin import SlackStandIn
from tests.test_slack_decisions import form, metadata, text
from tests.test_slack_reviews import outcome_values

TENANT = "slack:T111"
HOSTILE = (
    "returns <!channel> <!here> <!everyone> <@UEVIL> <#CEVIL> "
    "<https://evil.example/x|click here> & <b> \u202egnp.exe\u2066"
)
RAW = ("<!channel", "<!here", "<!everyone", "<@UEVIL", "<#CEVIL", "<https://evil", "<b>")
#: Bidi embedding, override and isolate controls: they would reorder the rest of the line
#: after a customer's name or a title.
BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069]")
#: What a user sees when text was escaped twice (`&amp;lt;` shows as `&lt;`).
TWICE = re.compile(r"&amp;(amp|lt|gt);")
#: Keys of Slack payloads whose string Slack shows (besides `text` objects).
SHOWN = ("text", "initial_comment", "alt_text", "fallback", "pretext")


def texts(node: Any, *, in_plain: bool = False) -> list[str]:
    """Every string Slack renders as mrkdwn or shows in a notification.

    plain_text objects are shown literally by Slack (no mentions, no links), so they are
    left out; every other `text` (top-level fallback, mrkdwn, section text) is kept.
    """
    found: list[str] = []
    if isinstance(node, dict):
        plain = node.get("type") == "plain_text"
        for key, value in node.items():
            if key in SHOWN and isinstance(value, str):
                if not plain:
                    found.append(value)
            else:
                found += texts(value, in_plain=plain)
    elif isinstance(node, list):
        for item in node:
            found += texts(item, in_plain=in_plain)
    elif isinstance(node, str) and node.startswith(("[", "{")):
        with contextlib.suppress(ValueError):  # blocks sent form-encoded arrive as JSON
            found += texts(json.loads(node))
    return found


def shown_strings(node: Any) -> list[str]:
    """Every string of a payload but what Slack only sends back (values, metadata)."""
    if isinstance(node, dict):
        hidden = ("value", "private_metadata", "action_id", "block_id", "callback_id")
        return [s for k, v in node.items() if k not in hidden for s in shown_strings(v)]
    if isinstance(node, list):
        return [s for item in node for s in shown_strings(item)]
    if isinstance(node, str) and node.startswith(("[", "{")):
        with contextlib.suppress(ValueError):  # blocks sent form-encoded arrive as JSON
            return shown_strings(json.loads(node))
    return [node] if isinstance(node, str) else []


def text_objects(node: Any) -> list[dict[str, Any]]:
    """Every text object (`{"type": "mrkdwn" | "plain_text", "text": …}`) of a payload."""
    if isinstance(node, dict):
        found = [node] if node.get("type") in ("mrkdwn", "plain_text") else []
        return found + [o for v in node.values() for o in text_objects(v)]
    if isinstance(node, list):
        return [o for item in node for o in text_objects(item)]
    if isinstance(node, str) and node.startswith(("[", "{")):
        with contextlib.suppress(ValueError):  # blocks sent form-encoded arrive as JSON
            return text_objects(json.loads(node))
    return []


def raw_in(strings: list[str]) -> list[str]:
    """Strings carrying Slack markup unescaped, or escaped twice."""
    return [s for s in strings if any(seq in s for seq in RAW) or TWICE.search(s)]


def seed(server: SlackServer) -> None:
    store = Store(server.db_path)
    ws = Workspace(store, TENANT)
    ws.add_principle(f"Title {HOSTILE}", f"Body {HOSTILE} returns")
    ws.add_feedback(
        FeedbackInput(
            f"The returns are slow {HOSTILE}",
            customer=f"Cust {HOSTILE}",
            segment=f"Seg {HOSTILE}",
            source=f"Src {HOSTILE}",
        )
    )
    store.close()


def test_hostile_text_is_escaped_in_every_message_the_bot_posts(slack: SlackServer) -> None:
    seed(slack)
    acks: list[dict[str, Any]] = []

    def keep(response: Any) -> None:
        if response.headers.get("content-type", "").startswith("application/json"):
            acks.append(response.json())

    # Answers: /customer (ack), @mention (thread), Share with channel, the ask modal.
    keep(slack.command("/customer", f"Should we slow returns? {HOSTILE}"))
    mention = {
        "type": "app_mention",
        "user": "U111",
        "text": f"<@UBOT> should we slow returns? {HOSTILE}",
        "ts": "1.1",
        "channel": CHANNEL,
    }
    slack.event(mention, event_id="EvHostile1")
    slack.standin.wait_for("chat.postMessage", 1)
    keep(slack.button("answer_share", f"Should we slow returns? {HOSTILE}", ephemeral=True))
    slack.standin.wait_for("chat.postMessage", 2)
    keep(
        slack.submit(
            "ask_modal",
            {"question": {"question_input": {"type": "plain_text_input", "value": HOSTILE}}},
        )
    )
    # Feedback capture: the command's confirmation and the modal's.
    keep(slack.command("/feedback", f"Refunds {HOSTILE}"))
    # The empty chair: start (card), another voice (update), a decision, end (summary).
    keep(slack.command("/emptychair", f"start {HOSTILE}"))
    card = slack.standin.wait_for("pins.add", 1)[0]
    keep(slack.button("chair_another_voice", "1", message_ts=card.params["timestamp"]))
    slack.standin.wait_for("chat.update", 1)
    values = form(
        title=text(f"T {HOSTILE}"),
        decision=text(f"D {HOSTILE}"),
        customer_impact=text(f"I {HOSTILE}"),
        context=text(f"C {HOSTILE}"),
        options=text(f"O1 {HOSTILE}\nO2 {HOSTILE}"),
        feedback_ids={
            "evidence_feedback": {
                "type": "multi_external_select",
                "selected_options": [{"value": "F1"}],
            }
        },
    )
    keep(slack.submit("decision_modal", values, metadata=metadata(session=1), view_id="VH"))
    slack.standin.wait_for("chat.getPermalink", 1)
    keep(slack.command("/decisions", ""))
    keep(slack.command("/decisions", HOSTILE))
    keep(slack.command("/emptychair", "end"))
    slack.standin.wait_for("pins.remove", 1)
    # Errors that repeat what the user typed.
    keep(slack.command("/emptychair", f"remind {HOSTILE} 09:30"))
    keep(slack.command("/emptychair", f"{HOSTILE}"))
    # The Home tab.
    home = {"type": "app_home_opened", "user": "U111", "channel": "D1", "tab": "home"}
    slack.event(home, event_id="EvHostileHome")
    slack.standin.wait_for("views.publish", 1)
    # A reminder, posted unattended with its topic.
    store = Store(slack.db_path)
    reminder = Workspace(store, TENANT).add_reminder(
        "slack", "C222", "monday", "09:30", "UTC", topic=f"Weekly {HOSTILE}"
    )
    store.close()
    slack.app.state.platforms["slack"].send_reminder(DueReminder(TENANT, reminder, stale=False))
    slack.standin.settle(0.3)

    calls = slack.standin.calls
    posted = [c for c in calls if c.method not in ("pins.add", "pins.remove", "upload")]
    methods = {c.method for c in posted}
    assert {"chat.postMessage", "chat.update", "views.publish", "respond"} <= methods
    everything = texts([c.params for c in posted]) + texts(acks)
    leaks = raw_in(everything)
    assert leaks == [], "\n".join(s[:200] for s in leaks)
    # Slack takes every mrkdwn object as written: no automatic parsing of bare URLs,
    # #channel names or @mentions in user text.
    loose = [o for o in text_objects([c.params for c in calls] + acks) if not o.get("verbatim")]
    assert [o for o in loose if o["type"] == "mrkdwn"] == []
    # In no field Slack shows, plain_text included.
    assert [s for s in shown_strings([c.params for c in calls] + acks) if BIDI.search(s)] == []
    # The hostile text did get through (escaped) into what was posted.
    escaped = [s for s in everything if "&lt;!channel&gt;" in s]
    assert len(escaped) >= 10
    # Top-level notification texts of the answer, the card, the summary and the reminder.
    fallbacks = [str(c.params.get("text") or "") for c in calls if c.method == "chat.postMessage"]
    assert any("&lt;@UEVIL&gt;" in f for f in fallbacks)
    reminder_post = [c for c in calls if c.params.get("channel") == "C222"]
    assert reminder_post and "&lt;!here&gt;" in reminder_post[0].text_of_blocks


def hostile_decision(server: SlackServer, *, review: bool = False) -> int:
    """A decision with hostile fields, logged at FIXED_NOW (or 30 days earlier, due for review)."""
    store = Store(server.db_path)
    at = FIXED_NOW - timedelta(days=30) if review else FIXED_NOW
    ws = Workspace(store, TENANT, Settings(clock=lambda: at))
    decision = ws.record_decision(
        DecisionDraft(
            title=f"Keep {HOSTILE}"[:150],
            decision=f"We decide {HOSTILE}",
            customer_impact=f"Impact {HOSTILE}",
            owner=USER,
            review_on=(FIXED_NOW - timedelta(days=2)).date().isoformat() if review else None,
            place=Place("slack", CHANNEL, "general", False, None),
        )
    )
    store.close()
    return decision.id


def test_review_dms_and_their_updates_escape_their_notification_text(
    slack: SlackServer,
) -> None:
    # Bug: the unattended review DM and its update after the outcome carried the raw
    # decision title and outcome note in their top-level text (and the outcome modal).
    decision_id = hostile_decision(slack, review=True)
    slack.standin.users[USER] = {"name": "ada"}
    assert slack.app.state.scheduler.run("reviews", now=FIXED_NOW) == 1
    [dm] = slack.standin.calls_to("chat.postMessage")
    assert dm.params["text"].startswith(
        f"Time to review D{decision_id}: Keep returns &lt;!channel&gt;"
    )
    ts = "1700000000.000001"
    slack.button(ids.REVIEW_WORKED, str(decision_id), channel=f"D{USER}", message_ts=ts)
    view = slack.standin.wait_for("views.open")[0].params["view"]
    done = slack.submit(
        ids.OUTCOME_MODAL,
        outcome_values(f"Fine {HOSTILE}", "keep"),
        metadata=view["private_metadata"],
    )
    [update] = slack.standin.wait_for("chat.update")
    assert "Fine returns &lt;!channel&gt;" in update.params["text"]
    everything = texts([c.params for c in slack.standin.calls]) + texts(done.json())
    assert raw_in(everything) == []
    assert sum("&lt;@UEVIL&gt;" in s for s in everything) >= 4


def test_the_weekly_digest_escapes_its_notification_text(slack: SlackServer) -> None:
    # Bug: the digest, posted unattended on Mondays, had the decision titles raw in `text`.
    hostile_decision(slack, review=True)  # listed under the reviews due
    store = Store(slack.db_path)
    ws = Workspace(store, TENANT, Settings(clock=fixed_clock))
    ws.set_digest_channel("slack", CHANNEL, timezone="UTC")
    chosen = ws.digest_channel("slack")
    store.close()
    assert chosen is not None
    monday = datetime.fromisoformat(chosen.next_run_at)
    assert slack.app.state.scheduler.run("digests", now=monday + timedelta(seconds=30)) == 1
    [post] = slack.standin.calls_to("chat.postMessage")
    assert "Keep returns &lt;!channel&gt; &lt;!here&gt;" in post.params["text"]
    assert raw_in(texts(post.params)) == []


@pytest.fixture
def with_model(tmp_path: Path, standin: SlackStandIn, llm: LlmStandIn) -> Iterator[SlackServer]:
    standin.reset()
    settings = Settings(db_path=str(tmp_path / "m.db"), llm=llm.settings(), clock=fixed_clock)
    with running_server(tmp_path / "m.db", standin, settings=settings) as running:
        yield running
        running.standin.settle(0.05)


def test_the_model_written_answer_escapes_its_notification_text(
    with_model: SlackServer, llm: LlmStandIn
) -> None:
    # Bug: the model's version replaced the answer with the core's plain text, raw, in `text`
    # (through response_url for /customer, chat.update for @mentions).
    seed(with_model)
    said = ("Customers find returns slow.", ["F1"])
    llm.then(Reply(answer("unknown", said)), Reply(answer("unknown", said)))
    with_model.command("/customer", escape(f"Should we slow returns? {HOSTILE}"))
    [respond] = with_model.standin.wait_for("respond")
    mention = {
        "type": "app_mention",
        "user": USER,
        "text": "<@UBOT> " + escape(f"should we slow returns? {HOSTILE}"),
        "ts": "1.1",
        "channel": CHANNEL,
    }
    with_model.event(mention, event_id="EvHostileModel")
    [update] = with_model.standin.wait_for("chat.update")
    for call in (respond, update):
        assert "In the model's words" in call.text_of_blocks
        assert "&lt;!everyone&gt;" in call.params["text"]
        assert raw_in(texts(call.params)) == []


def test_text_slack_sends_escaped_is_shown_escaped_once(slack: SlackServer) -> None:
    # Bug: Slack sends `<`, `>` and `&` in commands, mentions and messages as `&lt;`, `&gt;`
    # and `&amp;`; stored as sent and escaped again, users saw `&lt;` and `&amp;`.
    seed(slack)
    typed = "Is a refund < 5 days & > 2 days better for returns?"
    answer_ack = slack.command("/customer", escape(typed)).json()
    question = answer_ack["blocks"][1]["elements"][0]["text"]
    assert question == escape(typed)
    slack.command("/feedback", escape("Refunds <b>take</b> weeks & weeks"))
    slack.message_shortcut(ids.SAVE_FEEDBACK_SHORTCUT, escape("Returns cost < $5 & take > 3 days"))
    prefill = slack.standin.wait_for("views.open")[0].params["view"]
    inputs = [b["element"].get("initial_value") for b in prefill["blocks"] if b.get("element")]
    assert "Returns cost < $5 & take > 3 days" in inputs
    store = Store(slack.db_path)
    stored = [f.text for f in Workspace(store, TENANT).get_feedback([2]).values()]
    store.close()
    assert stored == ["Refunds <b>take</b> weeks & weeks"]
    mention = {
        "type": "app_mention",
        "user": USER,
        "text": "<@UBOT> " + escape(typed),
        "ts": "1.2",
        "channel": CHANNEL,
    }
    slack.event(mention, event_id="EvEscapedOnce")
    [post] = slack.standin.wait_for("chat.postMessage")
    assert escape(typed) in post.text_of_blocks
    everything = texts([c.params for c in slack.standin.calls]) + texts(answer_ack)
    assert [s for s in everything if TWICE.search(s)] == []
