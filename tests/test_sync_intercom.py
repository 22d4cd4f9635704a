"""Intercom sync against a loopback stand-in built from Intercom's documented examples."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.errors import SyncAuthFailed
from bot.store import Store
from bot.sync import Intercom, RetryPolicy, intercom_client, run_sync
from bot.sync.base import html_to_text
from bot.sync.runner import SyncResult
from tests.helpers import fixed_clock
from tests.sync_standins import INTERCOM_TOKEN, Fault, StandinState, serve

TENANT = "default"


@pytest.fixture
def vendor() -> Iterator[tuple[StandinState, str]]:
    data = StandinState()
    for n in range(1, 8):  # 7 conversations, 3 per page: 3 pages
        data.add_conversation(
            n, f"My refund for order {n} still has not arrived.", name=f"Client {n}"
        )
    data.add_conversation(8, "Hello from the support team!", author_type="admin")
    data.add_conversation(9, "Your app is great, <b>thanks</b>!", rating=5, remark="Fast and kind.")
    data.add_conversation(10, "Checkout keeps failing.", rating=1, remark="Still broken.")
    with serve(data) as url:
        yield data, url


def sync(store: Store, url: str, token: str = INTERCOM_TOKEN, **kwargs: object) -> SyncResult:
    sleeps: list[float] = []
    with intercom_client(url, token) as client:
        connector = Intercom(
            client, policy=RetryPolicy(attempts=3, sleep=sleeps.append), per_page=3
        )
        return run_sync(store, TENANT, connector, clock=fixed_clock, **kwargs)  # type: ignore[arg-type]


def stored(store: Store) -> list[dict[str, object]]:
    return store.query(
        "SELECT external_id, customer, source, sentiment, created_at, text FROM feedback"
        " WHERE tenant = ? ORDER BY id",
        [TENANT],
    )


def test_pages_with_starting_after_and_maps_messages_and_ratings(
    store: Store, vendor: tuple[StandinState, str]
) -> None:
    data, url = vendor
    result = sync(store, url)
    assert (result.pages, result.fetched) == (4, 10)
    rows = {r["external_id"]: r for r in stored(store)}
    # Seven customer messages, two rated ones, two remarks; the admin's message is not feedback.
    assert sorted(rows, key=str) == sorted(
        [*map(str, range(1, 8)), "9", "10", "rating:9", "rating:10"], key=str
    )
    assert rows["1"] == {
        "external_id": "1",
        "customer": "Client 1",
        "source": "intercom",
        "sentiment": rows["1"]["sentiment"],
        "created_at": "2026-01-05T09:01:00+00:00",
        "text": "My refund for order 1 still has not arrived.",
    }
    assert rows["9"]["text"] == "Your app is great, thanks!"
    assert (rows["9"]["sentiment"], rows["10"]["sentiment"]) == ("positive", "negative")
    assert rows["rating:10"]["text"] == "Still broken."
    pointers = [b for m, b in data.log if m == "POST"]
    assert len(pointers) == 4


def test_second_run_asks_only_for_conversations_updated_since(
    store: Store, vendor: tuple[StandinState, str]
) -> None:
    data, url = vendor
    sync(store, url)
    again = sync(store, url)
    assert (again.fetched, again.added) == (0, 0)
    data.add_conversation(11, "Where is my invoice?", updated_offset=10_000_000)
    third = sync(store, url)
    assert (third.fetched, third.added) == (1, 1)
    assert len(stored(store)) == 12


def test_rate_limit_and_server_error(store: Store, vendor: tuple[StandinState, str]) -> None:
    data, url = vendor
    data.faults += [
        Fault("/conversations", 429, {"Retry-After": "2"}),
        Fault("/conversations", 500),
    ]
    assert sync(store, url).added == 11


def test_bad_token_names_the_setting(store: Store, vendor: tuple[StandinState, str]) -> None:
    _, url = vendor
    with pytest.raises(SyncAuthFailed) as info:
        sync(store, url, token="nope")
    assert info.value.message == (
        "Intercom refused the credentials (HTTP 401); check --token (EMPTYCHAIR_INTERCOM_TOKEN)"
    )
    assert stored(store) == []


def test_html_bodies_become_plain_text() -> None:
    assert html_to_text("<p>Hi &amp; hello</p><p>Line <i>two</i></p>") == "Hi & hello\nLine two"
