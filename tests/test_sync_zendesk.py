"""Zendesk sync against a loopback stand-in built from Zendesk's documented examples."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest

from bot.errors import SyncAuthFailed, SyncFailed
from bot.store import Store
from bot.sync import RetryPolicy, Zendesk, run_sync, zendesk_client
from bot.sync import state as sync_state
from bot.sync.config import ZendeskConfig
from bot.sync.runner import SyncResult
from tests.helpers import FIXED_NOW, fixed_clock
from tests.sync_standins import EMAIL, ZENDESK_TOKEN, Fault, StandinState, serve

TENANT = "default"


@pytest.fixture
def vendor() -> Iterator[tuple[StandinState, str]]:
    data = StandinState(page_size=3)
    data.add_organization(501, "Acme GmbH", plan="enterprise")
    data.add_organization(502, "Bistro Nowak", plan="smb")
    for n in range(1, 9):  # 8 tickets: pages of 3, 3, 2
        data.add_ticket(
            n,
            f"Order {n} problem",
            f"The parcel for order {n} arrived late and the box was damaged.",
            org_id=501 if n % 2 else 502,
            score="bad" if n == 2 else "good" if n == 3 else "unoffered",
            private_first=n == 4,
        )
    data.add_rating(71, 2, "bad", "Nobody answered for three days.")
    data.add_rating(72, 3, "good", "Quick refund, thank you!")
    with serve(data) as url:
        yield data, url


class Sleeps(list[float]):
    """A RetryPolicy sleep that records instead of waiting."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def sync(store: Store, url: str, sleeps: Sleeps | None = None, **kwargs: object) -> SyncResult:
    policy = RetryPolicy(attempts=4, backoff=0.5, sleep=sleeps if sleeps is not None else Sleeps())
    with zendesk_client(url, EMAIL, ZENDESK_TOKEN) as client:
        connector = Zendesk(client, segment_field="plan", policy=policy)
        return run_sync(store, TENANT, connector, clock=fixed_clock, **kwargs)  # type: ignore[arg-type]


def stored(store: Store) -> list[dict[str, object]]:
    return store.query(
        "SELECT external_id, customer, segment, source, sentiment, url, created_at, text"
        " FROM feedback WHERE tenant = ? ORDER BY id",
        [TENANT],
    )


def test_pages_through_the_export_and_maps_every_field(
    store: Store, vendor: tuple[StandinState, str]
) -> None:
    data, url = vendor
    result = sync(store, url)
    # 3 ticket pages (3, 3, 2) and one page of ratings.
    assert (result.pages, result.fetched, result.added, result.removed) == (4, 10, 10, 0)
    rows = stored(store)
    assert [r["external_id"] for r in rows] == [*map(str, range(1, 9)), "rating:71", "rating:72"]
    first = rows[0]
    assert first == {
        "external_id": "1",
        "customer": "Acme GmbH",
        "segment": "enterprise",
        "source": "zendesk",
        "sentiment": first["sentiment"],  # guessed from the words (no rating)
        "url": f"{url}/agent/tickets/1",
        "created_at": "2026-01-05T09:01:00+00:00",
        "text": "Order 1 problem\n\nThe parcel for order 1 arrived late and the box was damaged.",
    }
    by_id = {r["external_id"]: r for r in rows}
    assert by_id["2"]["sentiment"] == "negative"  # satisfaction score "bad"
    assert by_id["3"]["sentiment"] == "positive"  # satisfaction score "good"
    assert by_id["2"]["segment"] == "smb"
    # The first *public* comment, not the private note before it.
    assert "internal" not in str(by_id["4"]["text"])
    assert by_id["rating:71"] == {
        "external_id": "rating:71",
        "customer": "Bistro Nowak",
        "segment": "smb",
        "source": "zendesk",
        "sentiment": "negative",
        "url": f"{url}/agent/tickets/2",
        "created_at": "2026-01-06T10:11:00+00:00",
        "text": "Nobody answered for three days.",
    }
    # The export was walked by cursor after the first request (start_time only once).
    exports = [p for m, p in data.log if "incremental" in p]
    assert "start_time=0" in exports[0]
    assert all("cursor=" in p for p in exports[1:]) and len(exports) == 3


def test_second_run_fetches_only_what_is_new(
    store: Store, vendor: tuple[StandinState, str]
) -> None:
    data, url = vendor
    sync(store, url)
    data.log.clear()
    again = sync(store, url)
    # No ticket again; only the newest rating, since a ratings pass restarts at the
    # second of the newest rating seen (start_time is inclusive, so none is missed).
    assert (again.fetched, again.added) == (1, 0)
    comment_calls = [p for _, p in data.log if "/comments" in p]
    assert comment_calls == []  # nothing re-fetched
    data.add_ticket(9, "Invoice wrong", "I was charged twice for one order.", org_id=501)
    third = sync(store, url)
    assert (third.fetched, third.added) == (2, 1)
    assert [p for _, p in data.log if "/comments" in p] == [
        "/api/v2/tickets/9/comments.json?page%5Bsize%5D=100"
    ]
    assert len(stored(store)) == 11


def test_deleted_ticket_is_skipped_and_removed(
    store: Store, vendor: tuple[StandinState, str]
) -> None:
    data, url = vendor
    sync(store, url)
    data.delete_ticket(5)
    result = sync(store, url)
    assert (result.removed, result.added) == (1, 0)
    ids = [r["external_id"] for r in stored(store)]
    assert "5" not in ids and len(ids) == 9
    # Gone from the search index too.
    hits = store.query(
        "SELECT COUNT(*) AS n FROM feedback WHERE tenant = ? AND external_id = '5'", [TENANT]
    )
    assert hits == [{"n": 0}]
    from bot.feedback import search_feedback

    assert all(h.feedback.external_id != "5" for h in search_feedback(store, TENANT, "order 5"))
    # The deletion is on record (when, how many, why; never what).
    assert store.query("SELECT actor, reason, count FROM feedback_deletions") == [
        {"actor": "sync:zendesk", "reason": "deleted in zendesk", "count": 1}
    ]


def test_rate_limit_honours_retry_after(store: Store, vendor: tuple[StandinState, str]) -> None:
    data, url = vendor
    data.faults.append(Fault("/api/v2/incremental", 429, {"Retry-After": "7"}))
    sleeps = Sleeps()
    result = sync(store, url, sleeps)
    assert sleeps == [7.0]
    assert result.added == 10


def test_server_error_is_retried_with_backoff(
    store: Store, vendor: tuple[StandinState, str]
) -> None:
    data, url = vendor
    data.faults += [Fault("/api/v2/incremental", 500), Fault("/api/v2/incremental", 503)]
    sleeps = Sleeps()
    result = sync(store, url, sleeps)
    assert sleeps == [0.5, 1.0]
    assert result.added == 10


def test_server_errors_give_up_after_the_bounded_attempts(
    store: Store, vendor: tuple[StandinState, str]
) -> None:
    data, url = vendor
    data.faults += [Fault("/api/v2/incremental", 502) for _ in range(4)]
    sleeps = Sleeps()
    with pytest.raises(SyncFailed, match="kept answering HTTP 502"):
        sync(store, url, sleeps)
    assert sleeps == [0.5, 1.0, 2.0]
    assert stored(store) == []
    assert sync_state.holder(store, TENANT) is None  # the claim was given back


def test_bad_credentials_name_the_setting(store: Store, vendor: tuple[StandinState, str]) -> None:
    _, url = vendor
    config = ZendeskConfig.build(url, EMAIL, "wrong-token", None)
    connector, client = config.connector()
    with client, pytest.raises(SyncAuthFailed) as info:
        run_sync(store, TENANT, connector, clock=fixed_clock)
    assert info.value.message == (
        "Zendesk refused the credentials (HTTP 401); check --email/--token "
        "(EMPTYCHAIR_ZENDESK_EMAIL, EMPTYCHAIR_ZENDESK_TOKEN)"
    )
    assert "wrong-token" not in repr(config)


def test_crash_between_rows_and_cursor_duplicates_nothing(
    store: Store, vendor: tuple[StandinState, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _, url = vendor
    real = sync_state.save_cursor
    calls = {"n": 0}

    def crash_on_second(*args: object, **kwargs: object) -> None:
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt  # as if killed after page 2's rows were committed
        real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(sync_state, "save_cursor", crash_on_second)
    with pytest.raises(KeyboardInterrupt):
        sync(store, url)
    assert len(stored(store)) == 6  # pages 1 and 2 committed, cursor still after page 1
    monkeypatch.setattr(sync_state, "save_cursor", real)
    result = sync(store, url)
    assert result.added == 4  # page 2 fetched again, stored nothing twice
    ids = [r["external_id"] for r in stored(store)]
    assert len(ids) == len(set(ids)) == 10


def test_since_applies_to_the_first_run_only(
    store: Store, vendor: tuple[StandinState, str]
) -> None:
    data, url = vendor
    since = FIXED_NOW.replace(year=2026, month=1, day=5, hour=9, minute=6)
    result = sync(store, url, since=since)
    assert [r["external_id"] for r in stored(store)][:3] == ["6", "7", "8"]
    assert result.added == 5  # tickets 6-8 and both ratings (created a day later)
    assert "start_time=" + str(int(since.timestamp())) in data.log[0][1]


def test_one_sync_per_tenant_at_a_time(store: Store, vendor: tuple[StandinState, str]) -> None:
    _, url = vendor
    assert sync_state.claim(store, TENANT, "otherhost:1:abc", FIXED_NOW)
    from bot.errors import SyncBusy

    with pytest.raises(SyncBusy, match="another sync of this workspace is running"):
        sync(store, url)
    assert stored(store) == []
    # An expired claim (its process died elsewhere) is taken over.
    later = FIXED_NOW + sync_state.LEASE + timedelta(seconds=1)
    assert sync_state.claim(store, TENANT, "me:2:def", later)


def test_forbidden_is_a_credentials_error_too(
    store: Store, vendor: tuple[StandinState, str]
) -> None:
    data, url = vendor
    data.faults.append(Fault("/api/v2/incremental", 403))
    with pytest.raises(SyncAuthFailed, match=r"Zendesk refused the credentials \(HTTP 403\)"):
        sync(store, url)
    assert stored(store) == []


def test_retry_after_as_an_http_date_counts_from_the_servers_date() -> None:
    import httpx

    from bot.sync.http import retry_after

    response = httpx.Response(
        429,
        headers={
            "Date": "Sun, 22 Nov 2026 12:00:00 GMT",
            "Retry-After": "Sun, 22 Nov 2026 12:00:42 GMT",
        },
    )
    assert retry_after(response, 1.0) == 42.0
    assert retry_after(httpx.Response(429, headers={"Retry-After": "soon"}), 1.5) == 1.5
    assert retry_after(httpx.Response(429, headers={"Retry-After": "86400"}), 1.0) == 300.0


def test_hostile_vendor_data_is_cut_or_skipped_never_fatal(
    store: Store, vendor: tuple[StandinState, str]
) -> None:
    data, url = vendor
    data.add_organization(503, "Ä" * 500, plan="x" * 500)
    data.add_ticket(20, "Long org", "A customer with a very long organization name.", org_id=503)
    bad = data.add_ticket(21, "Bad date", "This ticket has no usable date.")
    bad["created_at"] = "yesterday-ish"
    result = sync(store, url)
    assert (result.added, result.invalid) == (11, 1)
    long_org = store.query("SELECT customer, segment FROM feedback WHERE external_id = '20'")
    assert long_org == [{"customer": "Ä" * 200, "segment": "x" * 200}]
    assert store.query("SELECT COUNT(*) AS n FROM feedback WHERE external_id = '21'") == [{"n": 0}]
