"""Reviews in Teams, end to end: the owner's 1:1 card, its buttons, the outcome form."""

from __future__ import annotations

import threading
from datetime import timedelta
from typing import Any

from bot.config import Settings
from bot.feedback import FeedbackInput
from bot.i18n import t
from bot.models import Decision, DecisionDraft, Place
from bot.store import Store
from bot.workspace import Workspace
from handlers.scheduler import Scheduler
from handlers.teams.review_cards import VERB_OUTCOME_SUBMIT, VERB_REVIEW_ANSWER
from tests.helpers import FIXED_NOW, fixed_clock
from tests.teams_support import (
    MEETING_CHAT,
    PERSONAL,
    SERVICE_URL,
    TENANT,
    USER,
    TeamsHarness,
    card_action,
    mention,
    message,
    validate_card,
)

PERSONAL_URL = f"{SERVICE_URL}v3/conversations/{PERSONAL['id']}/activities"


def texts(node: Any) -> list[str]:
    """Every text of a card, in order."""
    if isinstance(node, dict):
        own = [node["text"]] if node.get("type") == "TextBlock" else []
        return own + [t for v in node.values() for t in texts(v)]
    if isinstance(node, list):
        return [t for item in node for t in texts(item)]
    return []


def log_due_decision(teams: TeamsHarness, owner: str = USER["name"]) -> Decision:
    """A decision logged in the meeting chat, due two days ago, with feedback since."""
    ws = Workspace(
        teams.store, f"teams:{TENANT}", Settings(clock=lambda: FIXED_NOW - timedelta(days=30))
    )
    decision = ws.record_decision(
        DecisionDraft(
            title="Keep free returns",
            decision="Returns stay free for every order",
            customer_impact="Consumers keep free returns",
            owner=owner,
            review_on=(FIXED_NOW - timedelta(days=2)).date().isoformat(),
            place=Place("teams", MEETING_CHAT["id"]),
        )
    )
    ws.add_feedback(FeedbackInput("Free returns are the reason I order here", customer="Ana"))
    return decision


def scheduler(teams: TeamsHarness, worker: str = "w1", store: Store | None = None) -> Scheduler:
    return Scheduler(store or teams.store, {"teams": teams.bot}, clock=fixed_clock, worker=worker)


def invoke_card(teams: TeamsHarness, verb: str, data: dict[str, Any]) -> dict[str, Any]:
    response = teams.post(card_action(verb, data, conversation=PERSONAL))
    assert response.status_code == 200
    body: dict[str, Any] = response.json()
    assert body["type"] == "application/vnd.microsoft.card.adaptive", body
    validate_card(body["value"])
    card: dict[str, Any] = body["value"]
    return card


def test_the_owner_gets_the_review_in_their_personal_chat(teams: TeamsHarness) -> None:
    teams.post(message("help"))  # Ada has talked to the bot: her 1:1 chat is known
    decision = log_due_decision(teams)
    assert scheduler(teams).run("reviews") == 1
    posted = teams.service.sent[-1]
    assert (posted.method, posted.url) == ("POST", PERSONAL_URL)
    card = posted.card or {}
    validate_card(card)
    shown = texts(card)
    assert f"D{decision.id} Keep free returns" in shown
    assert "Consumers keep free returns" in shown
    assert (
        "Since the decision, 1 piece of customer feedback on its topic arrived (mostly for the decision)."
        in shown
    )
    assert [(a["title"], a["data"]) for a in card["actions"]] == [
        ("Worked for customers", {"decision": decision.id, "result": "worked"}),
        ("Did not", {"decision": decision.id, "result": "did-not"}),
        ("Too early", {"decision": decision.id, "result": "too-early"}),
    ]
    assert scheduler(teams).run("reviews") == 0


def test_did_not_opens_the_form_and_the_outcome_is_recorded(teams: TeamsHarness) -> None:
    teams.post(message("help"))
    decision = log_due_decision(teams)
    scheduler(teams).run("reviews")
    form = invoke_card(teams, VERB_REVIEW_ANSWER, {"decision": decision.id, "result": "did-not"})
    inputs = [e["id"] for e in form["body"] if e["type"].startswith("Input.")]
    assert inputs == ["note", "next"]
    refused = invoke_card(
        teams,
        VERB_OUTCOME_SUBMIT,
        {"decision": decision.id, "result": "did-not", "note": " ", "next": "revise"},
    )
    assert "Say in a sentence what the result was for customers" in texts(refused)
    done = invoke_card(
        teams,
        VERB_OUTCOME_SUBMIT,
        {
            "decision": decision.id,
            "result": "did-not",
            "note": "Refund delays drove complaints up",
            "next": "revise",
        },
    )
    assert (
        "Outcome: did not work for customers (revise) \u2014 Refund delays drove complaints up"
        in texts(done)
    )
    recorded = teams.workspace().get_decision(decision.id)
    assert (recorded.outcome_result, recorded.outcome_next, recorded.review_on) == (
        "did-not",
        "revise",
        None,
    )
    assert recorded.history[-1].actor == USER["aadObjectId"]
    assert teams.workspace().review_queue(FIXED_NOW.date()).reviews_due == []


def test_too_early_asks_again_in_14_days(teams: TeamsHarness) -> None:
    teams.post(message("help"))
    decision = log_due_decision(teams)
    scheduler(teams).run("reviews")
    answered = invoke_card(
        teams, VERB_REVIEW_ANSWER, {"decision": decision.id, "result": "too-early"}
    )
    assert "I'll ask again on 2026-12-06; you can still answer now." in texts(answered)
    assert len(answered["actions"]) == 3
    assert scheduler(teams).run("reviews", FIXED_NOW + timedelta(days=13)) == 0
    assert scheduler(teams).run("reviews", FIXED_NOW + timedelta(days=14)) == 1


def test_someone_else_cannot_answer_the_review(teams: TeamsHarness) -> None:
    decision = log_due_decision(teams, owner="Grace Hopper")
    response = teams.post(
        card_action(
            VERB_REVIEW_ANSWER,
            {"decision": decision.id, "result": "too-early"},
            conversation=PERSONAL,
        )
    )
    assert response.json()["value"] == "Only the decision's owner records its outcome."
    assert teams.workspace().get_decision(decision.id).outcome_result is None


def test_an_owner_seen_only_in_a_meeting_gets_a_new_personal_chat(teams: TeamsHarness) -> None:
    teams.post(mention("help", conversation=MEETING_CHAT))
    log_due_decision(teams)
    assert scheduler(teams).run("reviews") == 1
    create, post = teams.service.calls[-2:]
    assert (create.method, create.url) == ("POST", f"{SERVICE_URL}v3/conversations")
    assert create.body["members"] == [{"id": USER["id"]}]
    assert create.body["tenantId"] == TENANT
    assert (
        post.url == f"{SERVICE_URL}v3/conversations/sent-{len(teams.service.calls) - 1}/activities"
    )
    assert post.card is not None


def test_an_owner_who_left_shows_as_owner_gone(teams: TeamsHarness) -> None:
    teams.post(mention("help", conversation=MEETING_CHAT))
    decision = log_due_decision(teams)
    teams.service.failures.append(403)
    assert scheduler(teams).run("reviews") == 0
    [item] = teams.workspace().review_queue(FIXED_NOW.date()).reviews_due
    assert (item.decision.id, item.owner_status, item.days_overdue) == (decision.id, "gone", 2)
    assert scheduler(teams).run("reviews") == 0  # not tried again
    teams.post(mention("review", conversation=MEETING_CHAT))
    queue = teams.service.sent[-1].card or {}
    validate_card(queue)
    line = (
        "2026-11-20 \u00b7 2 days overdue \u00b7 owner gone \u00b7 "
        "missing: outcome, customer evidence, principle"
    )
    assert line in texts(queue)


def test_two_schedulers_racing_send_the_review_once(teams: TeamsHarness) -> None:
    teams.post(message("help"))
    log_due_decision(teams)
    before = len(teams.service.sent)
    stores = [Store(teams.store.path), Store(teams.store.path)]
    racers = [scheduler(teams, f"w{i}", s) for i, s in enumerate(stores)]
    start = threading.Barrier(2)
    sent: list[int] = []

    def race(s: Scheduler) -> None:
        start.wait()
        sent.append(s.run("reviews"))

    threads = [threading.Thread(target=race, args=(r,)) for r in racers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    for store in stores:
        store.close()
    assert sorted(sent) == [0, 1]
    assert len(teams.service.sent) == before + 1


def test_a_forgotten_chair_is_ended_after_12_hours_with_its_summary(teams: TeamsHarness) -> None:
    from tests.teams_support import meeting_event

    teams.post(meeting_event("meetingStart", "Returns policy review"))
    session = teams.workspace().open_session("teams", MEETING_CHAT["id"])
    assert session is not None and session.started_at == FIXED_NOW.isoformat()
    before = len(teams.service.sent)
    assert scheduler(teams).run("meetings", FIXED_NOW + timedelta(hours=11)) == 0
    assert scheduler(teams).run("meetings", FIXED_NOW + timedelta(hours=13)) == 1
    assert teams.workspace().open_session("teams", MEETING_CHAT["id"]) is None
    [summary] = teams.service.sent[before:]
    assert summary.url == f"{SERVICE_URL}v3/conversations/{MEETING_CHAT['id']}/activities"
    validate_card(summary.card or {})
    assert any("customer have a voice" in text for text in texts(summary.card))


def test_the_review_speaks_the_language_of_the_owners_teams_client(teams: TeamsHarness) -> None:
    teams.post(message("help", locale="pl-PL"))
    decision = log_due_decision(teams)
    assert scheduler(teams).run("reviews") == 1
    card = teams.service.sent[-1].card or {}
    validate_card(card)
    assert t("pl", "Time to review a decision") != "Time to review a decision"
    assert t("pl", "Time to review a decision") in texts(card)
    assert [a["title"] for a in card["actions"]] == [
        t("pl", "Worked for customers"),
        t("pl", "Did not"),
        t("pl", "Too early"),
    ]
    response = teams.post(
        card_action(
            VERB_REVIEW_ANSWER,
            {"decision": decision.id, "result": "too-early"},
            conversation=PERSONAL,
            locale="pl-PL",
        )
    )
    again = t("pl", "I'll ask again on {day}; you can still answer now.", day="2026-12-06")
    assert again in texts(response.json()["value"])
