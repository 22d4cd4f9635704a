"""Scheduled syncs: once per interval per tenant, whichever server process claims it."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest

from bot.config import Settings
from bot.errors import ConfigError
from bot.store import Store
from bot.sync import RetryPolicy
from bot.sync.config import ZendeskConfig, configured_syncs, sync_minutes
from bot.sync.schedule import run_due_syncs
from handlers.scheduler import Scheduler
from handlers.sync_job import SyncJob
from tests.helpers import FIXED_NOW
from tests.sync_standins import EMAIL, INTERCOM_TOKEN, ZENDESK_TOKEN, StandinState, serve


@pytest.fixture
def vendor() -> Iterator[tuple[StandinState, str]]:
    data = StandinState(page_size=2)
    for n in range(1, 5):
        data.add_ticket(n, f"Ticket {n}", f"The invoice {n} was wrong.")
    with serve(data) as url:
        yield data, url


class Clock:
    def __init__(self) -> None:
        self.now = FIXED_NOW

    def __call__(self) -> datetime:
        return self.now


def test_runs_once_per_interval_across_processes(
    store: Store, vendor: tuple[StandinState, str]
) -> None:
    data, url = vendor
    config = ZendeskConfig.build(url, EMAIL, ZENDESK_TOKEN, None)
    clock = Clock()
    every = timedelta(minutes=30)

    def due(worker: str) -> int:
        results = run_due_syncs(
            store, "default", [config], clock=clock, every=every, worker=worker,
            policy=RetryPolicy(sleep=lambda _: None),
        )  # fmt: skip
        return sum(r.added for r in results)

    assert due("host-a:1:a") == 4
    assert due("host-b:2:b") == 0  # the other process: finished 0 minutes ago
    data.add_ticket(5, "Ticket 5", "Late again.")
    clock.now += timedelta(minutes=29)
    assert due("host-b:2:b") == 0
    clock.now += timedelta(minutes=1)
    assert due("host-b:2:b") == 1


def test_two_processes_at_once_run_one_sync(store: Store, vendor: tuple[StandinState, str]) -> None:
    data, url = vendor
    config = ZendeskConfig.build(url, EMAIL, ZENDESK_TOKEN, None)
    data.hold_page = 1
    results: dict[str, int] = {}

    def worker(name: str) -> None:
        ran = run_due_syncs(
            store, "default", [config], clock=lambda: FIXED_NOW, every=timedelta(minutes=30),
            worker=name, policy=RetryPolicy(sleep=lambda _: None),
        )  # fmt: skip
        results[name] = len(ran)

    first = threading.Thread(target=worker, args=("host-a:1:a",))
    first.start()
    assert data.held.wait(10)  # A holds the claim and waits for page 1
    worker("host-b:2:b")  # B finds the tenant claimed and does nothing
    data.release.set()
    first.join(10)
    assert results == {"host-a:1:a": 1, "host-b:2:b": 0}
    assert data.export_requests == 2  # only A walked the export (two pages of two)


def test_the_server_scheduler_runs_the_sync_job_in_the_background(
    store: Store, vendor: tuple[StandinState, str]
) -> None:
    data, url = vendor
    config = ZendeskConfig.build(url, EMAIL, ZENDESK_TOKEN, None)
    job = SyncJob(store, Settings(clock=lambda: FIXED_NOW), [config], minutes=30)
    scheduler = Scheduler(store, {}, [job], clock=lambda: FIXED_NOW)
    data.hold_page = 1
    assert scheduler.run_due() == {"sync": 1}  # started, and returned at once
    assert data.held.wait(10)
    assert job.run({}, scheduler.worker, FIXED_NOW) == 0  # still running: not started twice
    data.release.set()
    job.join(10)
    assert store.query("SELECT COUNT(*) AS n FROM feedback") == [{"n": 4}]


def test_configuration_from_the_environment() -> None:
    env = {
        "EMPTYCHAIR_ZENDESK_URL": "https://acme.zendesk.com/",
        "EMPTYCHAIR_ZENDESK_EMAIL": EMAIL,
        "EMPTYCHAIR_ZENDESK_TOKEN": ZENDESK_TOKEN,
        "EMPTYCHAIR_INTERCOM_TOKEN": INTERCOM_TOKEN,
        "EMPTYCHAIR_SYNC_MINUTES": "15",
    }
    found = configured_syncs(env)
    assert [type(c).__name__ for c in found] == ["ZendeskConfig", "IntercomConfig"]
    assert found[0].url == "https://acme.zendesk.com"
    assert found[1].url == "https://api.intercom.io"
    assert ZENDESK_TOKEN not in repr(found) and INTERCOM_TOKEN not in repr(found)
    assert (sync_minutes(env), sync_minutes({})) == (15, 30)
    with pytest.raises(ConfigError, match="EMPTYCHAIR_SYNC_MINUTES must be a whole number"):
        sync_minutes({"EMPTYCHAIR_SYNC_MINUTES": "soon"})
    with pytest.raises(ConfigError, match="missing --email"):
        configured_syncs({"EMPTYCHAIR_ZENDESK_TOKEN": "t", "EMPTYCHAIR_ZENDESK_URL": "https://a"})


def test_the_server_registers_the_sync_job_from_the_environment(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from handlers.server import create_app
    from handlers.sync_job import sync_jobs_from_env

    settings = Settings(clock=lambda: FIXED_NOW)
    assert sync_jobs_from_env(store, settings) == []
    monkeypatch.setenv("EMPTYCHAIR_INTERCOM_TOKEN", INTERCOM_TOKEN)
    monkeypatch.setenv("EMPTYCHAIR_SYNC_MINUTES", "5")
    jobs = sync_jobs_from_env(store, settings)
    assert [(j.name, j.interval) for j in jobs] == [("sync", timedelta(minutes=5))]
    without = create_app(store, settings, [], poll_interval=None)
    app = create_app(store, settings, [], poll_interval=None, extra_jobs=jobs)
    assert sorted(app.state.scheduler.jobs) == sorted([*without.state.scheduler.jobs, "sync"])
    assert app.state.scheduler.jobs["sync"] is jobs[0]
