"""Reviews in the core: outcomes, withdrawal, the queue, claiming due reviews, evidence since."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from bot import reviews, sessions
from bot.config import Settings
from bot.errors import Conflict, InvalidInput
from bot.feedback import FeedbackInput
from bot.models import DecisionDraft, Place
from bot.reminders import RemindRequest, split_remind
from bot.store import Store
from bot.workspace import Workspace
from tests.helpers import FIXED_NOW

TODAY = FIXED_NOW.date()
SLACK = Place("slack", "C1", "general", False, None)


def draft(**overrides: object) -> DecisionDraft:
    values: dict[str, object] = {
        "title": "Keep free returns",
        "decision": "Returns stay free for every order",
        "customer_impact": "Consumers keep free returns",
        "owner": "U1",
        "review_on": (TODAY - timedelta(days=3)).isoformat(),
        "place": SLACK,
        "created_by": "U1",
    }
    values.update(overrides)
    return DecisionDraft(**values)  # type: ignore[arg-type]


def earlier(ws: Workspace) -> Workspace:
    """The same tenant a month ago: decisions logged then may be due for review now."""
    return Workspace(ws.store, ws.tenant, Settings(clock=lambda: FIXED_NOW - timedelta(days=30)))


@pytest.fixture
def slack_ws(store: Store, ws: Workspace) -> Workspace:
    return Workspace(store, "slack:T1", ws.settings)


def test_worked_records_the_outcome_clears_the_review_and_keeps_history(ws: Workspace) -> None:
    d = earlier(ws).record_decision(draft())
    done = ws.record_outcome(d.id, "U1", "worked", note="Returns rose 4%", next_step="keep")
    assert (done.outcome_result, done.outcome_next, done.outcome, done.review_on) == (
        "worked",
        "keep",
        "Returns rose 4%",
        None,
    )
    assert done.status == "decided"
    assert done.history[-1].action == "outcome"
    assert done.history[-1].changes == {
        "result": "worked",
        "note": "Returns rose 4%",
        "next_step": "keep",
        "review_on": [d.review_on, None],
    }
    assert ws.review_queue(TODAY).reviews_due == []
    again = ws.record_outcome(d.id, "U1", "worked", note="Returns rose 4%", next_step="keep")
    assert len(again.history) == len(done.history)  # a repeated answer records nothing


def test_too_early_asks_again_in_14_days_and_can_be_changed(ws: Workspace) -> None:
    d = earlier(ws).record_decision(draft())
    early = ws.record_outcome(d.id, "U1", "too-early")
    assert (early.outcome_result, early.review_on) == ("too-early", "2026-12-06")
    assert ws.review_queue(TODAY).reviews_due == []
    assert [i.decision.id for i in ws.review_queue(date(2026, 12, 6)).reviews_due] == [d.id]
    changed = ws.record_outcome(d.id, "U1", "did-not", note="Fees scared them", next_step="reverse")
    assert (changed.outcome_result, changed.status, changed.review_on) == (
        "did-not",
        "reversed",
        None,
    )
    assert [h.action for h in changed.history] == ["created", "outcome", "outcome"]


@pytest.mark.parametrize(
    ("result", "note", "step", "field"),
    [
        ("maybe", "x", None, "result"),
        ("worked", "  ", None, "note"),
        ("did-not", "x", "ignore", "next_step"),
        ("worked", "x" * 4_001, None, "outcome"),
    ],
)
def test_bad_outcomes_are_refused_and_write_nothing(
    ws: Workspace, result: str, note: str, step: str | None, field: str
) -> None:
    d = earlier(ws).record_decision(draft())
    with pytest.raises(InvalidInput) as caught:
        ws.record_outcome(d.id, "U1", result, note=note, next_step=step)
    assert caught.value.field == field
    assert ws.get_decision(d.id) == d


def test_withdrawn_decisions_leave_lists_and_the_queue_but_keep_their_record(
    ws: Workspace,
) -> None:
    kept = earlier(ws).record_decision(draft(title="Kept"))
    gone = earlier(ws).record_decision(draft(title="Logged twice"))
    withdrawn = ws.withdraw_decision(gone.id, "U2", "Logged twice by mistake")
    assert withdrawn.status == "withdrawn"
    assert withdrawn.history[-1].changes == {
        "status": ["decided", "withdrawn"],
        "reason": "Logged twice by mistake",
    }
    assert [d.id for d in ws.list_decisions()] == [kept.id]
    assert [d.id for d in ws.list_decisions(search="twice")] == []
    assert [d.id for d in ws.list_decisions(status="withdrawn")] == [gone.id]
    assert [i.decision.id for i in ws.review_queue(TODAY).reviews_due] == [kept.id]
    with pytest.raises(Conflict):
        ws.withdraw_decision(gone.id, "U2", "again")
    with pytest.raises(InvalidInput):
        ws.withdraw_decision(kept.id, "U2", " ")
    with pytest.raises(Conflict):
        ws.record_outcome(gone.id, "U1", "worked", note="x")


def test_the_queue_says_how_late_whose_and_what_is_missing(
    store: Store, slack_ws: Workspace
) -> None:
    principle = slack_ws.principles()[0]
    snippet, _ = slack_ws.add_feedback(FeedbackInput("Free returns keep me here"))
    late = earlier(slack_ws).record_decision(
        draft(feedback_ids=[snippet.id], principle_ids=[principle.id])
    )
    orphan = earlier(slack_ws).record_decision(
        draft(title="Nobody's", owner=None, review_on="2026-11-22")
    )
    [due] = reviews.claim_due_reviews(store, "w1", ["slack"], now=FIXED_NOW)
    reviews.finish_review(store, due, "w1", "owner-gone", now=FIXED_NOW)
    items = {i.decision.id: i for i in slack_ws.review_queue(TODAY).reviews_due}
    assert (items[late.id].days_overdue, items[late.id].owner_status) == (3, "gone")
    assert items[late.id].missing == ("outcome",)
    assert (items[orphan.id].days_overdue, items[orphan.id].owner_status) == (0, "missing")
    assert items[orphan.id].missing == ("outcome", "owner", "customer evidence", "principle")
    assert [i.decision.id for i in slack_ws.review_queue(TODAY).reviews_due] == [late.id, orphan.id]


def test_superseded_but_cited_only_when_an_active_decision_cites_it(ws: Workspace) -> None:
    old = earlier(ws).record_decision(draft(title="Old"))
    earlier(ws).supersede_decision(old.id, draft(title="Successor", decision_ids=[old.id]), "U1")
    assert ws.review_queue(TODAY).superseded_still_cited == []  # the successor is history
    citer = earlier(ws).record_decision(draft(title="Cites old", decision_ids=[old.id]))
    assert [d.id for d in ws.review_queue(TODAY).superseded_still_cited] == [old.id]
    ws.withdraw_decision(citer.id, "U1", "mistake")
    assert ws.review_queue(TODAY).superseded_still_cited == []
    reversed_citer = earlier(ws).record_decision(draft(title="Also cites", decision_ids=[old.id]))
    ws.reverse_decision(reversed_citer.id, "U1", "no")
    assert ws.review_queue(TODAY).superseded_still_cited == []


def test_two_workers_racing_claim_a_review_once(store: Store, slack_ws: Workspace) -> None:
    d = earlier(slack_ws).record_decision(draft())
    first = reviews.claim_due_reviews(store, "w1", ["slack"], now=FIXED_NOW)
    second = reviews.claim_due_reviews(store, "w2", ["slack"], now=FIXED_NOW)
    assert ([r.decision.id for r in first], second) == ([d.id], [])
    assert reviews.finish_review(store, first[0], "w2", "sent", now=FIXED_NOW) is False
    assert reviews.finish_review(store, first[0], "w1", "sent", now=FIXED_NOW) is True
    later = FIXED_NOW + timedelta(hours=1)
    assert reviews.claim_due_reviews(store, "w2", ["slack"], now=later) == []


def test_a_claim_of_a_dead_worker_expires_and_a_failed_send_is_retried(
    store: Store, slack_ws: Workspace
) -> None:
    earlier(slack_ws).record_decision(draft())
    assert len(reviews.claim_due_reviews(store, "w1", ["slack"], now=FIXED_NOW)) == 1
    assert reviews.claim_due_reviews(store, "w2", ["slack"], now=FIXED_NOW) == []
    after_lease = FIXED_NOW + timedelta(minutes=6)
    [again] = reviews.claim_due_reviews(store, "w2", ["slack"], now=after_lease)
    reviews.release_review(store, again, "w2")
    assert len(reviews.claim_due_reviews(store, "w3", ["slack"], now=after_lease)) == 1


def test_only_owned_reviews_of_served_platforms_in_force_are_claimed(
    store: Store, slack_ws: Workspace
) -> None:
    earlier(slack_ws).record_decision(draft(owner=None))
    earlier(slack_ws).record_decision(draft(review_on="2026-11-23"))  # tomorrow
    teams = earlier(slack_ws).record_decision(
        draft(place=Place("teams", "19:x", None, False, None))
    )
    answered = earlier(slack_ws).record_decision(draft())
    slack_ws.record_outcome(answered.id, "U1", "worked", note="fine")
    assert reviews.claim_due_reviews(store, "w1", ["slack"], now=FIXED_NOW) == []
    [due] = reviews.claim_due_reviews(store, "w1", ["teams"], now=FIXED_NOW)
    assert (due.decision.id, due.platform, due.tenant) == (teams.id, "teams", "slack:T1")


def test_too_early_makes_the_review_fire_again_after_14_days(
    store: Store, slack_ws: Workspace
) -> None:
    d = earlier(slack_ws).record_decision(draft())
    [due] = reviews.claim_due_reviews(store, "w1", ["slack"], now=FIXED_NOW)
    reviews.finish_review(store, due, "w1", "sent", now=FIXED_NOW)
    slack_ws.record_outcome(d.id, "U1", "too-early")
    assert reviews.claim_due_reviews(store, "w1", ["slack"], now=FIXED_NOW + timedelta(13)) == []
    [again] = reviews.claim_due_reviews(store, "w1", ["slack"], now=FIXED_NOW + timedelta(14))
    assert (again.decision.id, again.review_on) == (d.id, "2026-12-06")


def test_evidence_is_the_matching_feedback_since_with_its_side_on_the_decision(
    slack_ws: Workspace,
) -> None:
    slack_ws.add_feedback(FeedbackInput("Free returns are great", created_at="2020-01-01"))
    d = earlier(slack_ws).record_decision(draft())
    for customer, text in [
        ("A", "Free returns are the reason I order here"),
        ("B", "I don't care about free returns, lower prices please"),
        ("C", "I would rather have lower prices than free returns"),
        ("D", "Returns free of charge made me order twice"),
    ]:
        slack_ws.add_feedback(FeedbackInput(text, customer=customer))
    slack_ws.add_feedback(FeedbackInput("The app crashes at login", customer="E"))
    evidence = slack_ws.review_evidence(d)
    assert (evidence.count, evidence.for_count, evidence.against_count, evidence.side) == (
        4,
        1,
        2,
        "against",
    )
    # Both sides quoted first; the neutral snippet does not make the cut.
    assert sorted(q.customer or "" for q in evidence.quotes) == ["A", "B", "C"]


def test_remind_arguments_split_time_zone_and_topic() -> None:
    assert split_remind("monday 09:30") == RemindRequest("monday", "09:30", None, None)
    assert split_remind("mon 9am Europe/Warsaw pricing review") == RemindRequest(
        "mon", "9am", "Europe/Warsaw", "pricing review"
    )
    assert split_remind("fri 16:00 retro") == RemindRequest("fri", "16:00", None, "retro")
    assert split_remind("monday") is None


def test_forgotten_sessions_end_after_12_hours_once(store: Store, slack_ws: Workspace) -> None:
    started = slack_ws.start_session("slack", "C1", host="U1").card.session
    assert started.started_at == FIXED_NOW.isoformat()
    assert sessions.end_forgotten(store, ["slack"], now=FIXED_NOW + timedelta(hours=11)) == []
    assert sessions.end_forgotten(store, ["teams"], now=FIXED_NOW + timedelta(hours=13)) == []
    [(tenant, ended)] = sessions.end_forgotten(
        store, ["slack"], now=FIXED_NOW + timedelta(hours=13)
    )
    assert (tenant, ended.id, ended.ended_at) == (
        "slack:T1",
        started.id,
        (FIXED_NOW + timedelta(hours=13)).isoformat(),
    )
    assert sessions.end_forgotten(store, ["slack"], now=FIXED_NOW + timedelta(hours=14)) == []
