"""The model-written answer in Teams: the card at once, then updateActivity with the model's words."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI

from bot.config import Settings
from bot.feedback import FeedbackInput
from bot.store import Store
from bot.workspace import Workspace
from handlers.teams.cards import esc
from tests.helpers import fixed_clock
from tests.llm_standin import LlmStandIn, Reply, answer
from tests.teams_support import (
    SERVICE_URL,
    FakeTeamsService,
    LoopGuard,
    TeamsHarness,
    message,
    no_sleep,
    validate_card,
)

PERSONAL_URL = f"{SERVICE_URL}v3/conversations/a:1personal-ada/activities"


@pytest.fixture
def teams_llm(
    store: Store,
    db_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    no_network: None,
    llm: LlmStandIn,
    loop_guard: LoopGuard,
) -> Iterator[TeamsHarness]:
    """Teams attached to a FastAPI app with the model stand-in configured (and the loop
    guard on)."""
    from handlers.teams import create_bot
    from handlers.teams.bot import Wiring
    from handlers.teams.outbound import RetryPolicy

    monkeypatch.setenv("EMPTYCHAIR_TEAMS_DANGEROUSLY_ALLOW_UNAUTHENTICATED", "true")
    app = FastAPI()
    service = FakeTeamsService()
    wiring = Wiring(middlewares=[service], retry=RetryPolicy(sleep=no_sleep))
    settings = Settings(db_path=str(db_path), llm=llm.settings(), clock=fixed_clock)
    bot = create_bot(store, settings, wiring=wiring)
    bot.attach(app)
    yield TeamsHarness(app, store, service, bot)


def texts(card: dict) -> list[str]:  # type: ignore[type-arg]
    return [e["text"] for e in card["body"] if e["type"] == "TextBlock"]


def seed(teams: TeamsHarness) -> int:
    item, _ = teams.workspace().add_feedback(
        FeedbackInput(
            "Returns take three weeks and the refund is slow",
            customer="Acme",
            url="https://support.example.com/t/1",
        )
    )
    return item.id


def test_the_card_is_sent_then_updated_with_the_models_words(
    teams_llm: TeamsHarness, llm: LlmStandIn
) -> None:
    fid = seed(teams_llm)
    llm.then(Reply(answer("against", ("Refunds are slow for Acme.", [f"F{fid}"]))))
    assert teams_llm.post(message("ask Should we start charging for returns?")).status_code == 200
    first, update = teams_llm.service.sent
    assert (first.method, first.url) == ("POST", PERSONAL_URL)
    assert first.card is not None and "In the model's words" not in texts(first.card)
    assert update.is_update
    assert update.url == f"{PERSONAL_URL}/sent-1"
    assert update.card is not None
    validate_card(update.card)
    shown = texts(update.card)
    assert "In the model's words" in shown
    # The model's text is escaped like stored text; its citation links to the source.
    link = f"[{esc(f'[F{fid}]')}](https://support.example.com/t/1)"
    assert f"{esc('Refunds are slow for Acme.')} **{link}**" in shown
    assert any(s.startswith("Written by a language model (standin-model-1)") for s in shown)
    # The quotes are still on the card, under the model's words.
    assert any("Returns take three weeks" in s for s in shown)
    assert len(llm.received) == 1


def test_a_failed_model_leaves_the_card_as_it_is(teams_llm: TeamsHarness, llm: LlmStandIn) -> None:
    seed(teams_llm)
    llm.then(Reply("not json"))
    teams_llm.post(message("ask Should we start charging for returns?"))
    [only] = teams_llm.service.sent
    assert only.method == "POST" and only.card is not None
    assert len(llm.received) == 1


def test_a_tenant_switched_off_sends_nothing(teams_llm: TeamsHarness, llm: LlmStandIn) -> None:
    seed(teams_llm)
    teams_llm.workspace().set_llm_enabled(False)
    teams_llm.post(message("ask Should we start charging for returns?"))
    assert len(teams_llm.service.sent) == 1
    assert llm.received == []


def test_the_model_is_called_on_the_slow_pool(
    teams_llm: TeamsHarness, llm: LlmStandIn, monkeypatch: pytest.MonkeyPatch
) -> None:
    fid = seed(teams_llm)
    llm.then(Reply(answer("against", ("Refunds are slow for Acme.", [f"F{fid}"]))))
    threads: list[str] = []
    synthesize = Workspace.synthesize

    def spy(self: Workspace, *args: Any, **kwargs: Any) -> Any:
        threads.append(threading.current_thread().name)
        return synthesize(self, *args, **kwargs)

    monkeypatch.setattr(Workspace, "synthesize", spy)
    assert teams_llm.post(message("ask Should we start charging for returns?")).status_code == 200
    assert len(threads) == 1 and threads[0].startswith("core-slow"), threads
    assert [c.is_update for c in teams_llm.service.sent] == [False, True]
