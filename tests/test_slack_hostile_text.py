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
from typing import Any

from bot.feedback import FeedbackInput
from bot.reminders import DueReminder
from bot.store import Store
from bot.workspace import Workspace
from tests.slack_fixtures import CHANNEL, SlackServer
from tests.test_slack_decisions import form, metadata, text

TENANT = "slack:T111"
HOSTILE = (
    "returns <!channel> <!here> <!everyone> <@UEVIL> <#CEVIL> "
    "<https://evil.example/x|click here> & <b>"
)
RAW = ("<!channel", "<!here", "<!everyone", "<@UEVIL", "<#CEVIL", "<https://evil", "<b>")


def texts(node: Any, *, in_plain: bool = False) -> list[str]:
    """Every string Slack renders as mrkdwn or shows in a notification.

    plain_text objects are shown literally by Slack (no mentions, no links), so they are
    left out; every other `text` (top-level fallback, mrkdwn, section text) is kept.
    """
    found: list[str] = []
    if isinstance(node, dict):
        plain = node.get("type") == "plain_text"
        for key, value in node.items():
            if key in ("text", "initial_comment") and isinstance(value, str):
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


def raw_in(strings: list[str]) -> list[str]:
    return [s for s in strings if any(seq in s for seq in RAW)]


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
    # The hostile text did get through (escaped) into what was posted.
    escaped = [s for s in everything if "&lt;!channel&gt;" in s]
    assert len(escaped) >= 10
    # Top-level notification texts of the answer, the card, the summary and the reminder.
    fallbacks = [str(c.params.get("text") or "") for c in calls if c.method == "chat.postMessage"]
    assert any("&lt;@UEVIL&gt;" in f for f in fallbacks)
    reminder_post = [c for c in calls if c.params.get("channel") == "C222"]
    assert reminder_post and "&lt;!here&gt;" in reminder_post[0].text_of_blocks
