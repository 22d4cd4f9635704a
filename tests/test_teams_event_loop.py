"""One concurrency model: no Teams handler reaches SQLite on the event loop.

The `teams` fixture turns on `loop_guard` (tests/teams_support.py): any `Store.db` or
`Store.reader` call from a thread that is running an asyncio event loop raises and fails
the test at teardown, so every Teams test checks this. Here a tour of every listener
(with the activity shapes of the other Teams tests) runs under the guard, and the guard
itself is shown to catch a core call put back on the loop.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from bot.feedback import FeedbackInput
from handlers import pools
from tests.teams_support import (
    MEETING_CHAT,
    CoreOnEventLoop,
    LoopGuard,
    TeamsHarness,
    card_action,
    installed,
    meeting_event,
    mention,
    message,
    message_action,
)


def _chat_card(teams: TeamsHarness, title: str) -> dict[str, Any]:
    """The newest card sent with a button titled `title`."""
    for card in reversed(teams.service.cards()):
        if any(a.get("title") == title for a in card.get("actions", [])):
            return card
    raise AssertionError(f"no card with a {title!r} button")


def _button(card: dict[str, Any], title: str) -> dict[str, Any]:
    action: dict[str, Any] = next(a for a in card["actions"] if a["title"] == title)
    return action


def test_every_teams_listener_keeps_sqlite_off_the_event_loop(
    teams: TeamsHarness, loop_guard: LoopGuard
) -> None:
    ws = teams.workspace()
    ws.add_feedback(FeedbackInput("Free returns are why we stay with you", customer="Acme"))
    ws.add_feedback(FeedbackInput("Returns take weeks to refund", customer="Beta"))
    ok = [
        teams.post(installed()),
        teams.post(message("help")),
        teams.post(message("ask Should we start charging for returns?")),
        teams.post(message("remind monday 09:30 Europe/Warsaw pricing")),
        teams.post(message("remind list")),
        teams.post(message("decisions")),
        teams.post(message("review")),
        teams.post(mention("digest here", conversation=MEETING_CHAT)),
        teams.post(message("report")),
        teams.post(meeting_event("meetingStart", "Returns policy")),
    ]
    chair = _chat_card(teams, "Log a decision")
    another = _button(chair, "Another customer voice")
    ok.append(teams.post(card_action(another["verb"], another["data"], reply_to="sent-1")))
    log = _button(chair, "Log a decision")
    ok.append(teams.post(card_action(log["verb"], log["data"], reply_to="sent-1")))
    form = teams.service.sent[-1].card or {}
    hidden = form["actions"][0]["data"]
    decision = {
        **hidden,
        "title": "Keep free returns",
        "decision": "Returns stay free for everyone",
        "customer_impact": "Consumers keep free returns",
        "door": "two-way",
        "owner": "Ada Lovelace",
        "review_on": "2030-01-15",
        "feedback_ids": "F1",
    }
    ok.append(teams.post(card_action("decision.submit", decision, reply_to="sent-9")))
    ok.append(teams.post(card_action("decision.show", {"decision": 1})))
    ok.append(teams.post(meeting_event("meetingEnd")))
    saved = {"action": "feedback.save", "text": "Refunds are slow", "customer": "Gamma"}
    ok.append(teams.post(message_action("submitAction", saved)))

    assert [r.status_code for r in ok] == [200] * len(ok)
    assert loop_guard.hits == []
    # The work was done (on the pools), not refused by the guard.
    assert [r.topic for r in ws.reminders("teams", "a:1personal-ada")] == ["pricing"]
    assert [d.title for d in ws.list_decisions()] == ["Keep free returns"]
    assert ws.open_session("teams", MEETING_CHAT["id"]) is None
    assert ws.digest_channel("teams") is not None
    assert sorted(f.customer for f in ws.get_feedback([1, 2, 3]).values()) == [
        "Acme",
        "Beta",
        "Gamma",
    ]
    assert not any("went wrong" in text for text in teams.service.texts())


def test_the_guard_fails_a_core_call_put_back_on_the_loop(
    teams: TeamsHarness, loop_guard: LoopGuard, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def on_the_loop(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        return fn(*args, **kwargs)  # what a direct call in a handler does

    monkeypatch.setattr(pools, "request", on_the_loop)
    assert teams.post(message("remind list")).status_code == 200
    assert loop_guard.hits and all(h.startswith("Store.db on MainThread") for h in loop_guard.hits)
    stacks = "\n".join(loop_guard.hits)
    # The conversation reference (every activity) and the message's own first write.
    assert "handlers/teams/bot.py" in stacks and "handlers/teams/messages.py" in stacks
    assert teams.workspace().reminders("teams", "a:1personal-ada") == []
    loop_guard.hits.clear()  # seen: the fixture's teardown would fail the test otherwise


def test_the_guard_lets_worker_threads_and_plain_code_through(
    teams: TeamsHarness, loop_guard: LoopGuard
) -> None:
    import asyncio

    ws = teams.workspace()

    async def direct() -> object:
        return ws.principles()

    async def pooled() -> object:
        return await pools.request(ws.principles)

    def run(coro: Callable[[], Awaitable[object]]) -> object:
        return asyncio.run(coro())  # type: ignore[arg-type]

    with pytest.raises(CoreOnEventLoop):
        run(direct)
    loop_guard.hits.clear()
    assert run(pooled) == ws.principles()  # a worker thread, then plain test code
    assert loop_guard.hits == []
