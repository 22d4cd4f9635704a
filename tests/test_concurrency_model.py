"""One concurrency model: Teams and Slack run core calls on the same bounded pools,
never on the event loop that serves every connection."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from bot.workspace import Workspace
from handlers import pools
from tests.slack_fixtures import SlackServer
from tests.teams_support import TeamsHarness, message


def record_threads(monkeypatch: pytest.MonkeyPatch, *names: str) -> dict[str, list[str]]:
    seen: dict[str, list[str]] = {name: [] for name in names}
    for name in names:
        original = getattr(Workspace, name)

        def spy(
            self: Workspace, *args: Any, _name: str = name, _f: Any = original, **kw: Any
        ) -> Any:
            seen[_name].append(threading.current_thread().name)
            return _f(self, *args, **kw)

        monkeypatch.setattr(Workspace, name, spy)
    return seen


def test_teams_answers_and_writes_run_on_the_shared_pools(
    teams: TeamsHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = record_threads(monkeypatch, "answer_for_customer", "save_conversation", "first_time")
    assert teams.post(message("ask Should we start charging for returns?")).status_code == 200
    assert seen["answer_for_customer"] and all(
        t.startswith("core-answers") for t in seen["answer_for_customer"]
    )
    writes = seen["save_conversation"] + seen["first_time"]
    assert writes and all(t.startswith("core-requests") for t in writes), writes


def test_slack_uses_the_same_pools(slack: SlackServer) -> None:
    bot = slack.app.state.platforms["slack"]
    assert bot.answers is pools.ANSWERS and bot.requests is pools.REQUESTS
    assert bot.lane({"command": "/customer"}) is pools.ANSWERS
    assert bot.lane({"type": "view_submission"}) is pools.REQUESTS
