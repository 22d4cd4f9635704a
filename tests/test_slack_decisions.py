"""The decision log in Slack, end to end: the modal, evidence search, cards, /decisions, Home."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bot.config import Settings
from bot.decisions import record_decision
from bot.feedback import FeedbackInput
from bot.models import DecisionDraft, Place
from bot.store import Store
from bot.workspace import Workspace
from tests.helpers import db_digest
from tests.slack_fixtures import CHANNEL, USER, SlackServer, running_server
from tests.slack_standin import SlackStandIn

TENANT = "slack:T111"


def ws_of(server: SlackServer) -> tuple[Store, Workspace]:
    store = Store(server.db_path)
    return store, Workspace(store, TENANT)


def text(value: str | None) -> dict[str, Any]:
    return {"input": {"type": "plain_text_input", "value": value}}


def form(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "title": text("Keep free returns"),
        "decision": text("Returns stay free for every order"),
        "customer_impact": text("Consumers keep free returns; we absorb the cost"),
        "context": text("Returns cost us 4% of revenue"),
        "options": text("Charge $5\nKeep free"),
        "door": {"door_input": {"type": "radio_buttons", "selected_option": {"value": "two-way"}}},
        "owner": {"owner_input": {"type": "users_select", "selected_user": "U222"}},
        "review_on": {"review_on_input": {"type": "datepicker", "selected_date": "2099-01-01"}},
        "principle_ids": {
            "evidence_principles": {"type": "multi_external_select", "selected_options": []}
        },
        "feedback_ids": {
            "evidence_feedback": {"type": "multi_external_select", "selected_options": []}
        },
    }
    values.update(overrides)
    return values


def cite(kind: str, *ids: int) -> dict[str, Any]:
    action = "evidence_principles" if kind == "P" else "evidence_feedback"
    return {
        action: {
            "type": "multi_external_select",
            "selected_options": [{"value": f"{kind}{i}"} for i in ids],
        }
    }


def metadata(channel: str = CHANNEL, private: int = 0, session: int | None = None) -> str:
    data: dict[str, Any] = {"c": channel, "n": "general", "p": private}
    if session is not None:
        data["s"] = session
    return json.dumps(data)


def add_feedback(server: SlackServer, text_: str, customer: str = "Acme") -> int:
    store, ws = ws_of(server)
    item = ws.add_feedback(FeedbackInput(text_, customer=customer, source="zendesk"))[0]
    store.close()
    return item.id


def test_decision_opens_the_modal_with_the_title_and_the_channel(slack: SlackServer) -> None:
    slack.standin.channels[CHANNEL] = {"name": "general", "is_private": False}
    assert slack.command("/decision", "Keep free returns").text == ""
    view = slack.standin.wait_for("views.open")[0].params["view"]
    assert view["callback_id"] == "decision_modal"
    assert view["blocks"][0]["element"]["initial_value"] == "Keep free returns"
    owner = next(b for b in view["blocks"] if b["block_id"] == "owner")
    assert owner["element"]["initial_user"] == USER
    assert json.loads(view["private_metadata"]) == {"c": CHANNEL, "n": "general", "p": 0}


def test_a_title_too_long_for_the_form_is_explained(slack: SlackServer) -> None:
    body = slack.command("/decision", "t" * 4000).json()
    assert body["text"].startswith("A decision title can be at most 150 characters")
    slack.standin.settle(0.2)
    assert slack.standin.calls_to("views.open") == []


def test_evidence_search_offers_principles_and_feedback(slack: SlackServer) -> None:
    fid = add_feedback(slack, "Returns take three weeks and the refund is slow " + "x" * 200)
    principles = slack.suggestion(
        "evidence_principles", "customer", block_id="principle_ids", callback_id="decision_modal"
    ).json()["options"]
    assert 0 < len(principles) <= 100
    assert all(len(o["text"]["text"]) <= 75 for o in principles)
    by_id = slack.suggestion(
        "evidence_principles", "P1", block_id="principle_ids", callback_id="decision_modal"
    ).json()["options"]
    assert [o["value"] for o in by_id] == ["P1"]
    feedback = slack.suggestion(
        "evidence_feedback", "refund", block_id="feedback_ids", callback_id="decision_modal"
    ).json()["options"]
    assert [o["value"] for o in feedback] == [f"F{fid}"]
    assert len(feedback[0]["text"]["text"]) <= 75 and "(Acme)" in feedback[0]["text"]["text"]
    by_fid = slack.suggestion(
        "evidence_feedback", f"F{fid}", block_id="feedback_ids", callback_id="decision_modal"
    ).json()["options"]
    assert [o["value"] for o in by_fid] == [f"F{fid}"]


def test_submitting_logs_once_posts_the_card_and_keeps_its_permalink(slack: SlackServer) -> None:
    fid = add_feedback(slack, "Free returns are why I shop here")
    values = form(principle_ids=cite("P", 1), feedback_ids=cite("F", fid))
    first = slack.submit("decision_modal", values, metadata=metadata(), view_id="VDEC")
    again = slack.submit("decision_modal", values, metadata=metadata(), view_id="VDEC")
    body = first.json()
    assert body["response_action"] == "update"
    assert "Logged *D1 Keep free returns*" in json.dumps(body["view"])
    assert again.json() == body  # the double click gets the same answer

    card = slack.standin.wait_for("chat.postMessage")[0]
    assert card.params["channel"] == CHANNEL
    shown = card.text_of_blocks
    assert "D1 Keep free returns" in shown and "Returns stay free" in shown
    assert "[P1]" in shown and "Free returns are why I shop here" in shown and "Acme" in shown
    assert "owner <@U222>" in shown and "review on 2099-01-01" in shown
    permalink = slack.standin.wait_for("chat.getPermalink")[0]
    slack.standin.settle(0.2)
    assert len(slack.standin.calls_to("chat.postMessage")) == 1

    store, ws = ws_of(slack)
    [decision] = ws.list_decisions()
    store.close()
    assert (decision.title, decision.owner, decision.door, decision.options) == (
        "Keep free returns",
        "U222",
        "two-way",
        ("Charge $5", "Keep free"),
    )
    assert (decision.principle_ids, decision.feedback_ids) == ((1,), (fid,))
    assert decision.place == Place(
        "slack",
        CHANNEL,
        "general",
        False,
        f"https://test.slack.com/archives/{CHANNEL}/p{permalink.params['message_ts'].replace('.', '')}",
    )
    assert decision.created_by == USER


def test_invalid_fields_are_shown_inline_and_nothing_is_written(slack: SlackServer) -> None:
    store, ws = ws_of(slack)
    ws.principles()  # the built-in library is seeded on first use; seed it before the digest
    store.close()
    before = db_digest(slack.db_path)
    blank = slack.submit("decision_modal", form(title=text("   ")), metadata=metadata())
    assert blank.json() == {
        "response_action": "errors",
        "errors": {"title": "The decision needs title."},
    }
    past = form(review_on={"x": {"type": "datepicker", "selected_date": "2001-01-01"}})
    assert slack.submit("decision_modal", past, metadata=metadata()).json()["errors"] == {
        "review_on": "The review date 2001-01-01 is in the past; pick 2026-11-22 or later."
    }
    missing = slack.submit("decision_modal", form(feedback_ids=cite("F", 999)), metadata=metadata())
    assert missing.json()["errors"] == {"feedback_ids": "No feedback snippet with id 999."}
    assert db_digest(slack.db_path) == before


def test_a_card_that_cannot_be_posted_is_explained_and_the_decision_kept(
    slack: SlackServer,
) -> None:
    slack.standin.fail("chat.postMessage", "not_in_channel")
    slack.standin.fail("chat.postEphemeral", "not_in_channel")
    slack.submit("decision_modal", form(), metadata=metadata(), view_id="VX")
    dm = slack.standin.wait_for("chat.postMessage", 2)[1]
    assert dm.params["channel"] == USER
    assert "Logged D1, but I couldn't post it in the channel" in dm.text_of_blocks
    assert "/invite @Empty Chair" in dm.text_of_blocks


def test_private_channel_decisions_are_shown_only_to_members(slack: SlackServer) -> None:
    store, ws = ws_of(slack)
    for title, channel, private in (("Public one", "C111", False), ("Secret one", "G999", True)):
        ws.record_decision(
            DecisionDraft(
                title=title,
                decision="d",
                customer_impact="c",
                place=Place("slack", channel, None, private),
            )
        )
    store.close()
    slack.standin.memberships["U111"] = ["C111"]
    slack.standin.memberships["U222"] = ["C111", "G999"]
    slack.command("/decisions", "", user="U111")
    outsider = slack.standin.wait_for("respond")[0].text_of_blocks
    assert "Public one" in outsider and "Secret one" not in outsider
    slack.command("/decisions", "", user="U222")
    member = slack.standin.wait_for("respond", 2)[1].text_of_blocks
    assert "Public one" in member and "Secret one" in member
    listed = slack.standin.calls_to("users.conversations")[0].params
    assert listed["user"] == "U111" and "private_channel" in listed["types"]


def test_decisions_search(slack: SlackServer) -> None:
    store, ws = ws_of(slack)
    for title in ("Keep free returns", "Raise prices in May"):
        ws.record_decision(
            DecisionDraft(
                title=title, decision="d", customer_impact="c", place=Place("slack", CHANNEL)
            )
        )
    store.close()
    slack.command("/decisions", "returns")
    shown = slack.standin.wait_for("respond")[0].text_of_blocks
    assert "Keep free returns" in shown and "Raise prices" not in shown
    assert "no customer evidence" in shown
    too_long = slack.command("/decisions", "w " * 2000).json()
    assert too_long["text"] == "Search with a few words (at most 200 characters)."


def test_log_as_decision_shortcut_prefills_the_modal(slack: SlackServer) -> None:
    slack.message_shortcut("log_decision", "We keep free returns\nBecause customers said so")
    view = slack.standin.wait_for("views.open")[0].params["view"]
    assert view["blocks"][0]["element"]["initial_value"] == "We keep free returns"
    context_block = next(b for b in view["blocks"] if b["block_id"] == "context")
    assert context_block["element"]["initial_value"] == (
        "We keep free returns\nBecause customers said so"
    )
    # Unknown channels count as private until Slack says otherwise.
    assert json.loads(view["private_metadata"])["p"] == 1


def test_a_decision_from_the_chair_joins_the_meeting_summary(slack: SlackServer) -> None:
    slack.command("/emptychair", "start")
    slack.standin.wait_for("pins.add")
    store, ws = ws_of(slack)
    session = ws.open_session("slack", CHANNEL)
    assert session is not None
    store.close()
    slack.button("chair_log_decision", str(session.id))
    view = slack.standin.wait_for("views.open")[0].params["view"]
    assert json.loads(view["private_metadata"])["s"] == session.id
    slack.submit("decision_modal", form(), metadata=view["private_metadata"], view_id="VCH")
    slack.standin.wait_for("chat.getPermalink")
    slack.command("/emptychair", "end")
    summary = slack.standin.wait_for("chat.postMessage", 3)[2]
    assert "Decisions logged during the meeting (1)" in summary.text_of_blocks
    assert "D1 Keep free returns" in summary.text_of_blocks


@pytest.fixture
def managed(tmp_path: Path, standin: SlackStandIn) -> SlackServer:
    standin.reset()
    settings = Settings(db_path=str(tmp_path / "m.db"), manager_ids=frozenset({"UBOSS"}))
    with running_server(tmp_path / "m.db", standin, settings=settings) as server:
        yield server  # type: ignore[misc]
        server.standin.settle(0.05)
    assert standin.rejected == []


def home_of(server: SlackServer, user: str, n: int) -> str:
    event = {"type": "app_home_opened", "user": user, "channel": "D1", "tab": "home"}
    server.event(event, event_id=f"EvHome{user}{n}")
    return server.standin.wait_for("views.publish", n)[n - 1].text_of_blocks


def test_home_shows_decisions_and_the_review_queue_only_to_managers(managed: SlackServer) -> None:
    store, _ = ws_of(managed)
    # A review date long past (as imported history has): the core's own call, without "today".
    record_decision(
        store,
        TENANT,
        DecisionDraft(
            title="Mine",
            decision="d",
            customer_impact="c",
            owner="U111",
            review_on="2000-01-01",
            place=Place("slack", CHANNEL),
        ),
    )
    store.close()
    plain = home_of(managed, "U111", 1)
    assert "Decisions you own" in plain and "D1 Mine" in plain
    assert "Review queue" not in plain
    boss = home_of(managed, "UBOSS", 2)
    assert "Review queue" in boss and "Reviews due" in boss and "Export the log" in boss
    managed.standin.users["UADMIN"] = {"is_admin": True}
    assert "Review queue" in home_of(managed, "UADMIN", 3)


def test_export_sends_the_csv_to_the_managers_direct_messages(managed: SlackServer) -> None:
    store, ws = ws_of(managed)
    ws.record_decision(
        DecisionDraft(
            title="=HYPERLINK(1)", decision="d", customer_impact="c", place=Place("slack", CHANNEL)
        )
    )
    store.close()
    managed.button(
        "home_export",
        "",
        user="UBOSS",
        view={"id": "VHOME", "type": "home", "private_metadata": ""},
    )
    done = managed.standin.wait_for("files.completeUploadExternal")[0]
    assert done.params["channel_id"] == "DUBOSS"
    upload = managed.standin.calls_to("upload")[0].params["bytes"].decode("utf-8-sig")
    assert upload.splitlines()[0].startswith("id,title,status")
    assert "'=HYPERLINK(1)" in upload  # spreadsheet formulas are neutralised
    assert upload.splitlines()[0].endswith(
        "outcome,outcome_result,outcome_next,outcome_at,platform,channel,permalink,created_by,created_at,updated_at"
    )
    assert "1 decision," in done.params.get("initial_comment", "")


def test_export_is_for_managers_only(managed: SlackServer) -> None:
    managed.button(
        "home_export", "", user="U111", view={"id": "VHOME", "type": "home", "private_metadata": ""}
    )
    dm = managed.standin.wait_for("chat.postMessage")[0]
    assert dm.params["channel"] == "U111"
    assert "Only managers can export" in dm.text_of_blocks
    assert managed.standin.calls_to("files.getUploadURLExternal") == []
