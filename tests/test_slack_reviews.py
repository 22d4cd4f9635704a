"""Reviews in Slack, end to end: the owner's DM, its buttons, the outcome modal, the queue."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from bot.config import Settings
from bot.feedback import FeedbackInput
from bot.models import Decision, DecisionDraft, Place
from bot.store import Store
from bot.workspace import Workspace
from handlers.scheduler import Scheduler
from handlers.slack import ids
from tests.helpers import FIXED_NOW, fixed_clock
from tests.slack_fixtures import CHANNEL, USER, SlackServer, running_server
from tests.slack_standin import SlackStandIn

TENANT = "slack:T111"
DM = f"D{USER}"


def log_due_decision(server: SlackServer, owner: str = USER) -> Decision:
    """A decision whose review date was two days ago, and feedback on it since."""
    store = Store(server.db_path)
    ws = Workspace(store, TENANT, Settings(clock=lambda: FIXED_NOW - timedelta(days=30)))
    decision = ws.record_decision(
        DecisionDraft(
            title="Keep free returns",
            decision="Returns stay free for every order",
            customer_impact="Consumers keep free returns; we absorb $2 an order",
            owner=owner,
            review_on=(FIXED_NOW - timedelta(days=2)).date().isoformat(),
            place=Place("slack", CHANNEL, "general", False, None),
        )
    )
    for text, sentiment in [
        ("Free returns are the reason I order here", "positive"),
        ("Returns being free made me try a second size", "positive"),
        ("Returns free but the refund took weeks", "negative"),
    ]:
        ws.add_feedback(FeedbackInput(text, customer="Ana", sentiment=sentiment))
    store.close()
    return decision


def decision_now(server: SlackServer, decision_id: int) -> Decision:
    store = Store(server.db_path)
    try:
        return Workspace(store, TENANT).get_decision(decision_id)
    finally:
        store.close()


def run_reviews(server: SlackServer, days: int = 0) -> int:
    scheduler: Scheduler = server.app.state.scheduler
    return scheduler.run("reviews", now=FIXED_NOW + timedelta(days=days))


def outcome_values(note: str, step: str) -> dict[str, object]:
    return {
        ids.OUTCOME_NOTE_BLOCK: {
            f"{ids.OUTCOME_NOTE_BLOCK}_input": {"type": "plain_text_input", "value": note}
        },
        ids.OUTCOME_NEXT_BLOCK: {
            f"{ids.OUTCOME_NEXT_BLOCK}_input": {
                "type": "radio_buttons",
                "selected_option": {"value": step, "text": {"type": "plain_text", "text": step}},
            }
        },
    }


def test_the_owner_gets_a_dm_with_the_decision_and_what_customers_said_since(
    slack: SlackServer,
) -> None:
    decision = log_due_decision(slack)
    slack.standin.users[USER] = {"name": "ada"}
    assert run_reviews(slack) == 1
    assert slack.standin.calls_to("users.info")[0].params["user"] == USER
    assert slack.standin.calls_to("conversations.open")[0].params["users"] == USER
    [post] = slack.standin.calls_to("chat.postMessage")
    assert post.params["channel"] == DM
    text = post.text_of_blocks
    assert "Time to review a decision" in text
    assert f"D{decision.id} Keep free returns" in text
    assert "Consumers keep free returns; we absorb $2 an order" in text
    assert (
        "Since the decision, 3 pieces of customer feedback on its topic arrived "
        "(mostly for the decision)." in text
    )
    assert text.count("Ana") == 3  # three quotes, each with its customer
    actions = next(b for b in post.blocks if b.get("type") == "actions")
    assert [(e["action_id"], e["value"]) for e in actions["elements"]] == [
        (ids.REVIEW_WORKED, str(decision.id)),
        (ids.REVIEW_DID_NOT, str(decision.id)),
        (ids.REVIEW_TOO_EARLY, str(decision.id)),
    ]
    assert run_reviews(slack) == 0  # sent once
    assert run_reviews(slack, days=1) == 0


def test_worked_opens_the_form_and_the_outcome_clears_the_review(slack: SlackServer) -> None:
    decision = log_due_decision(slack)
    slack.standin.users[USER] = {"name": "ada"}
    run_reviews(slack)
    slack.button(ids.REVIEW_WORKED, str(decision.id), channel=DM, message_ts="1700000000.000001")
    view = slack.standin.wait_for("views.open")[0].params["view"]
    assert view["callback_id"] == ids.OUTCOME_MODAL
    response = slack.submit(
        ids.OUTCOME_MODAL,
        outcome_values("Returns rose 4% and nobody complained about fees", "keep"),
        metadata=view["private_metadata"],
    )
    assert response.json()["response_action"] == "update"
    assert "Outcome: worked for customers (keep)" in json.dumps(response.json()["view"])
    recorded = decision_now(slack, decision.id)
    assert (recorded.outcome_result, recorded.outcome_next, recorded.review_on) == (
        "worked",
        "keep",
        None,
    )
    assert recorded.outcome == "Returns rose 4% and nobody complained about fees"
    assert recorded.history[-1].actor == USER
    update = slack.standin.wait_for("chat.update")[0]
    assert (update.params["channel"], update.params["ts"]) == (DM, "1700000000.000001")
    assert "Outcome: worked for customers (keep)" in update.text_of_blocks
    # The same form submitted again records nothing new.
    slack.submit(
        ids.OUTCOME_MODAL,
        outcome_values("Returns rose 4% and nobody complained about fees", "keep"),
        metadata=view["private_metadata"],
    )
    assert len(decision_now(slack, decision.id).history) == len(recorded.history)


def test_an_empty_result_is_shown_in_the_form(slack: SlackServer) -> None:
    decision = log_due_decision(slack)
    metadata = json.dumps({"d": decision.id, "r": "did-not", "c": DM, "ts": "1.2"})
    response = slack.submit(ids.OUTCOME_MODAL, outcome_values("   ", "revise"), metadata=metadata)
    assert response.json() == {
        "response_action": "errors",
        "errors": {ids.OUTCOME_NOTE_BLOCK: "Say in a sentence what the result was for customers."},
    }
    assert decision_now(slack, decision.id).outcome_result is None


def test_too_early_asks_again_in_14_days_and_only_the_owner_answers(slack: SlackServer) -> None:
    decision = log_due_decision(slack)
    slack.standin.users[USER] = {"name": "ada"}
    run_reviews(slack)
    slack.button(ids.REVIEW_TOO_EARLY, str(decision.id), user="UOTHER", channel=DM)
    assert decision_now(slack, decision.id).outcome_result is None
    slack.button(ids.REVIEW_TOO_EARLY, str(decision.id), channel=DM, message_ts="1700000000.000001")
    assert decision_now(slack, decision.id).review_on == "2026-12-06"
    update = slack.standin.wait_for("chat.update")[0]
    assert "I'll ask again on 2026-12-06" in update.text_of_blocks
    assert any(b.get("type") == "actions" for b in update.blocks)  # still changeable
    assert run_reviews(slack, days=13) == 0
    assert run_reviews(slack, days=14) == 1
    assert len(slack.standin.calls_to("chat.postMessage")) == 2


def test_two_schedulers_racing_send_a_review_once(slack: SlackServer) -> None:
    log_due_decision(slack)
    slack.standin.users[USER] = {"name": "ada"}
    platforms = slack.app.state.platforms
    stores = [Store(slack.db_path), Store(slack.db_path)]
    schedulers = [
        Scheduler(s, platforms, clock=fixed_clock, worker=f"w{i}") for i, s in enumerate(stores)
    ]
    start = threading.Barrier(2)
    sent: list[int] = []

    def race(scheduler: Scheduler) -> None:
        start.wait()
        sent.append(scheduler.run("reviews"))

    threads = [threading.Thread(target=race, args=(s,)) for s in schedulers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    for store in stores:
        store.close()
    assert sorted(sent) == [0, 1]
    slack.standin.settle(0.1)
    assert len(slack.standin.calls_to("chat.postMessage")) == 1


def test_an_owner_who_left_shows_as_owner_gone(slack: SlackServer) -> None:
    gone = log_due_decision(slack)
    deactivated = log_due_decision(slack, owner="UDEACT")
    slack.standin.users["UDEACT"] = {"name": "bo", "deleted": True}
    assert run_reviews(slack) == 0
    assert slack.standin.calls_to("chat.postMessage") == []
    store = Store(slack.db_path)
    queue = Workspace(store, TENANT).review_queue(FIXED_NOW.date())
    store.close()
    assert {(i.decision.id, i.owner_status, i.days_overdue) for i in queue.reviews_due} == {
        (gone.id, "gone", 2),
        (deactivated.id, "gone", 2),
    }
    assert run_reviews(slack) == 0
    assert len(slack.standin.calls_to("users.info")) == 2  # not asked again


@pytest.fixture
def managed(tmp_path: Path, standin: SlackStandIn) -> Iterator[SlackServer]:
    standin.reset()
    settings = Settings(
        db_path=str(tmp_path / "m.db"), manager_ids=frozenset({"UBOSS"}), clock=fixed_clock
    )
    with running_server(tmp_path / "m.db", standin, settings=settings) as server:
        yield server
        server.standin.settle(0.05)
    assert standin.rejected == []


def test_the_home_queue_shows_days_overdue_owner_gone_and_what_is_missing(
    managed: SlackServer,
) -> None:
    log_due_decision(managed)
    run_reviews(managed)  # users.info: user_not_found
    event = {"type": "app_home_opened", "user": "UBOSS", "channel": "D1", "tab": "home"}
    managed.event(event, event_id="EvHomeBoss")
    home = managed.standin.wait_for("views.publish")[0].text_of_blocks
    assert "2 days overdue" in home
    assert "owner gone" in home
    assert "missing: outcome, customer evidence, principle" in home


def test_remind_takes_a_topic(slack: SlackServer) -> None:
    slack.command("/emptychair", "remind monday 09:30 Europe/Warsaw pricing review")
    told = slack.standin.wait_for("respond")[0]  # the reminder is added after the ack
    assert "Topic: pricing review." in told.text_of_blocks
    store = Store(slack.db_path)
    [reminder] = Workspace(store, TENANT).reminders("slack", CHANNEL)
    store.close()
    assert (reminder.timezone, reminder.topic) == ("Europe/Warsaw", "pricing review")


def test_a_forgotten_chair_is_ended_after_12_hours_with_its_summary(slack: SlackServer) -> None:
    slack.command("/emptychair", "start pricing")
    slack.standin.wait_for("pins.add")
    scheduler: Scheduler = slack.app.state.scheduler
    assert scheduler.run("meetings", now=FIXED_NOW + timedelta(hours=11)) == 0
    assert scheduler.run("meetings", now=FIXED_NOW + timedelta(hours=12, minutes=1)) == 1
    assert slack.standin.wait_for("pins.remove")[0].params["channel"] == CHANNEL
    summary = slack.standin.calls_to("chat.postMessage")[-1]
    assert "The meeting's empty chair has ended." in summary.text_of_blocks
    assert "Did the customer have a voice in this meeting?" in summary.text_of_blocks
    store = Store(slack.db_path)
    assert Workspace(store, TENANT).open_session("slack", CHANNEL) is None
    store.close()
