"""`serve` syncs every tenant's saved syncs on schedule, one tenant after another."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from bot.config import Settings
from bot.errors import ConfigError
from bot.secrets import Sealer
from bot.store import Store
from bot.sync import RetryPolicy
from bot.sync.config import IntercomConfig, ZendeskConfig
from bot.sync.saved import configs_by_tenant, remove_sync, save_sync, saved_syncs
from handlers.scheduler import Scheduler
from handlers.sync_job import SyncJob, sync_jobs_from_env
from tests.helpers import FIXED_NOW, cli
from tests.sync_standins import EMAIL, INTERCOM_TOKEN, ZENDESK_TOKEN, StandinState, serve

KEY = Sealer.new_key()
NO_WAIT = RetryPolicy(sleep=lambda _: None)


class Clock:
    """The moment the job reads; the test moves it."""

    def __init__(self) -> None:
        self.now = FIXED_NOW

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def vendors() -> Iterator[tuple[StandinState, str]]:
    """One stand-in serving both Zendesk's and Intercom's API on loopback."""
    data = StandinState(page_size=2)
    for n in range(1, 5):
        data.add_ticket(n, f"Ticket {n}", f"The invoice {n} was wrong.")
    for n in range(1, 4):
        data.add_conversation(n, f"Exports to CSV lose accents, conversation {n}")
    with serve(data) as url:
        yield data, url


def counts(store: Store) -> dict[str, int]:
    rows = store.query("SELECT tenant, COUNT(*) AS n FROM feedback GROUP BY tenant ORDER BY 1")
    return {str(r["tenant"]): int(r["n"]) for r in rows}


def test_every_tenant_syncs_in_turn_and_a_failing_one_stops_none(
    store: Store, vendors: tuple[StandinState, str], caplog: pytest.LogCaptureFixture
) -> None:
    data, url = vendors
    sealer = Sealer([KEY])
    other_key = Sealer([Sealer.new_key()])
    zendesk = ZendeskConfig.build(url, EMAIL, ZENDESK_TOKEN, None)
    # Sorted first, so the tenants after them prove a failure stops nothing:
    # a tenant whose credentials the vendor refuses (401) ...
    save_sync(
        store, "a-refused", ZendeskConfig.build(url, EMAIL, "wrong", None), sealer, now=FIXED_NOW
    )
    # ... and one whose token was sealed under a key the server no longer has.
    save_sync(store, "b-lost-key", zendesk, other_key, now=FIXED_NOW)
    save_sync(store, "globex", IntercomConfig.build(url, INTERCOM_TOKEN), sealer, now=FIXED_NOW)
    save_sync(store, "acme", zendesk, sealer, now=FIXED_NOW)
    save_sync(store, "acme", IntercomConfig.build(url, INTERCOM_TOKEN), sealer, now=FIXED_NOW)
    clock = Clock()
    # The environment's sync, for the server's own tenant, runs too.
    job = SyncJob(
        store, Settings(clock=clock), [zendesk], minutes=30, sealer=sealer, policy=NO_WAIT
    )
    assert list(job.plan()) == ["a-refused", "acme", "default", "globex"]

    with caplog.at_level(logging.ERROR):
        assert job.sync_now("host-a:1:a") == 4  # acme's two sources, default's, globex's
    assert counts(store) == {"acme": 7, "default": 4, "globex": 3}
    messages = "\n".join(r.getMessage() for r in caplog.records)
    assert "saved zendesk sync of tenant b-lost-key skipped" in messages
    assert "Zendesk refused the credentials (HTTP 401)" in messages
    # Each tenant was claimed and released on its own, at the job's clock; the refused one
    # too (it waits its interval, rather than asking the vendor again every minute).
    claims = store.query(
        "SELECT tenant, claimed_by, last_finished_at FROM sync_claims ORDER BY tenant"
    )
    assert claims == [
        {"tenant": t, "claimed_by": None, "last_finished_at": FIXED_NOW.isoformat()}
        for t in ("a-refused", "acme", "default", "globex")
    ]

    # Within the interval nothing runs again; after it, only what is new arrives.
    data.add_ticket(5, "Ticket 5", "Late again.")
    clock.now += timedelta(minutes=29)
    assert job.sync_now("host-b:2:b") == 0
    clock.now += timedelta(minutes=1)
    assert job.sync_now("host-b:2:b") == 4
    assert counts(store) == {"acme": 8, "default": 5, "globex": 3}

    # No token is stored in clear text anywhere in the database.
    dump = "\n".join(store.db.conn.iterdump())
    assert ZENDESK_TOKEN not in dump and INTERCOM_TOKEN not in dump


def test_the_servers_scheduler_runs_the_saved_syncs_in_the_background(
    store: Store,
    vendors: tuple[StandinState, str],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    _, url = vendors
    settings = Settings(clock=lambda: FIXED_NOW)
    assert sync_jobs_from_env(store, settings) == []  # nothing configured, no key
    save_sync(
        store, "acme", ZendeskConfig.build(url, EMAIL, ZENDESK_TOKEN, None), Sealer([KEY]),
        now=FIXED_NOW,
    )  # fmt: skip
    # Saved syncs but the server lacks the key: said once, at start, not every minute.
    with caplog.at_level(logging.ERROR):
        assert sync_jobs_from_env(store, settings) == []
    assert [r.getMessage() for r in caplog.records] == [
        "saved feedback syncs will not run: set EMPTYCHAIR_SECRET_KEY to the key that"
        " encrypted them"
    ]
    monkeypatch.setenv("EMPTYCHAIR_SECRET_KEY", KEY)
    [job] = sync_jobs_from_env(store, settings)
    scheduler = Scheduler(store, {}, [job], clock=lambda: FIXED_NOW)
    assert scheduler.run_due() == {"sync": 1}
    job.join(10)
    assert counts(store) == {"acme": 4}


def test_saving_needs_a_secret_key_and_lists_no_token(store: Store) -> None:
    config = IntercomConfig.build("https://api.intercom.io", INTERCOM_TOKEN)
    with pytest.raises(ConfigError, match="set EMPTYCHAIR_SECRET_KEY to save sync credentials"):
        save_sync(store, "acme", config, None, now=FIXED_NOW)
    assert saved_syncs(store) == []
    save_sync(store, "acme", config, Sealer([KEY]), now=FIXED_NOW)
    [saved] = saved_syncs(store, "acme")
    assert saved.to_json() == {
        "tenant": "acme",
        "source": "intercom",
        "url": "https://api.intercom.io",
        "email": None,
        "segment_field": None,
        "saved_at": FIXED_NOW.isoformat(),
    }
    assert configs_by_tenant(store, None) == {}  # no key: skipped, not crashed
    assert [c.token for c in configs_by_tenant(store, Sealer([KEY]))["acme"]] == [INTERCOM_TOKEN]
    assert remove_sync(store, "acme", "intercom") is True
    assert remove_sync(store, "acme", "intercom") is False


def test_the_cli_saves_after_a_sync_that_worked(
    capsys: pytest.CaptureFixture[str],
    db_path: Path,
    vendors: tuple[StandinState, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _, url = vendors
    db = ["--db", str(db_path), "--tenant", "acme"]
    args = [*db, "feedback", "sync", "intercom", "--url", url, "--save", "--no-progress"]
    monkeypatch.setenv("EMPTYCHAIR_INTERCOM_TOKEN", INTERCOM_TOKEN)
    code, out, err = cli(capsys, *args)
    assert (code, out) == (1, "")
    assert err == (
        "error: set EMPTYCHAIR_SECRET_KEY to save sync credentials (they are stored encrypted);"
        " make a key with: emptychair secret-key\n"
    )
    monkeypatch.setenv("EMPTYCHAIR_SECRET_KEY", KEY)
    code, out, err = cli(capsys, *args)
    assert (code, err) == (0, "")
    assert out.endswith("Saved: `emptychair serve` syncs intercom for tenant acme on schedule.\n")
    code, out, _ = cli(capsys, *db, "feedback", "sync", "list")
    assert out.startswith(f"intercom  {url}  saved ")
    code, out, _ = cli(capsys, *db, "feedback", "sync", "list", "--json")
    assert INTERCOM_TOKEN not in out
    assert (code, out.count('"source": "intercom"')) == (0, 1)
    assert cli(capsys, *db, "feedback", "sync", "remove", "intercom") == (
        0,
        "Removed the saved intercom sync.\n",
        "",
    )
    assert cli(capsys, *db, "feedback", "sync", "remove", "intercom") == (
        1,
        "",
        "error: no saved intercom sync\n",
    )
    code, out, _ = cli(capsys, *db, "feedback", "sync", "list")
    assert out == "No saved syncs; save one with `feedback sync zendesk|intercom --save`.\n"
