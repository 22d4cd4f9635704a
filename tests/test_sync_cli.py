"""`emptychair feedback sync ...` end to end: one-line errors, secrets never logged, kill -9."""

from __future__ import annotations

import base64
import json
import os
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import cli
from tests.sync_standins import EMAIL, INTERCOM_TOKEN, ZENDESK_TOKEN, StandinState, serve


@pytest.fixture
def vendor() -> Iterator[tuple[StandinState, str]]:
    data = StandinState(page_size=3)
    data.add_organization(501, "Acme GmbH", plan="enterprise")
    for n in range(1, 10):  # 9 tickets: three full pages
        data.add_ticket(n, f"Ticket {n}", f"Delivery {n} was two weeks late.", org_id=501)
    with serve(data) as url:
        yield data, url


def run_cli(db: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("EMPTYCHAIR_")}
    full_env.update(env or {})
    return subprocess.Popen(
        [sys.executable, "-m", "handlers.cli", "--db", str(db), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=full_env,
    )


def external_ids(db: Path) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        return [r[0] for r in conn.execute("SELECT external_id FROM feedback ORDER BY id")]
    finally:
        conn.close()


def test_bad_credentials_end_with_one_line(
    capsys: pytest.CaptureFixture[str], db_path: Path, vendor: tuple[StandinState, str]
) -> None:
    _, url = vendor
    code, out, err = cli(
        capsys, "--db", str(db_path), "feedback", "sync", "zendesk",
        "--url", url, "--email", EMAIL, "--token", "wrong",
    )  # fmt: skip
    assert (code, out) == (1, "")
    assert err == (
        "error: Zendesk refused the credentials (HTTP 401); check --email/--token "
        "(EMPTYCHAIR_ZENDESK_EMAIL, EMPTYCHAIR_ZENDESK_TOKEN)\n"
    )


def test_missing_setting_is_named(
    capsys: pytest.CaptureFixture[str], db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EMPTYCHAIR_INTERCOM_URL", "http://127.0.0.1:9")
    code, _, err = cli(capsys, "--db", str(db_path), "feedback", "sync", "intercom")
    assert (code, err) == (1, "error: missing --token (EMPTYCHAIR_INTERCOM_TOKEN)\n")
    code, _, err = cli(
        capsys, "--db", str(db_path), "feedback", "sync", "zendesk", "--url", "acme.zendesk.com",
        "--email", EMAIL, "--token", "x",
    )  # fmt: skip
    assert err == (
        "error: --url (EMPTYCHAIR_ZENDESK_URL) must start with https:// (got 'acme.zendesk.com')\n"
    )


def test_json_summary_and_credentials_from_the_environment(
    capsys: pytest.CaptureFixture[str],
    db_path: Path,
    vendor: tuple[StandinState, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _, url = vendor
    monkeypatch.setenv("EMPTYCHAIR_ZENDESK_URL", url)
    monkeypatch.setenv("EMPTYCHAIR_ZENDESK_EMAIL", EMAIL)
    monkeypatch.setenv("EMPTYCHAIR_ZENDESK_TOKEN", ZENDESK_TOKEN)
    code, out, err = cli(capsys, "--db", str(db_path), "feedback", "sync", "zendesk", "--json")
    assert (code, err) == (0, "")
    assert json.loads(out) == {
        "source": "zendesk", "pages": 4, "fetched": 9, "added": 9, "removed": 0, "invalid": 0,
    }  # fmt: skip


def test_secrets_never_reach_the_log_or_the_database(
    tmp_path: Path, vendor: tuple[StandinState, str]
) -> None:
    _, url = vendor
    db = tmp_path / "debug.db"
    proc = run_cli(
        db, "feedback", "sync", "zendesk", "--progress",
        env={"EMPTYCHAIR_DEBUG": "1", "EMPTYCHAIR_ZENDESK_URL": url,
             "EMPTYCHAIR_ZENDESK_EMAIL": EMAIL, "EMPTYCHAIR_ZENDESK_TOKEN": ZENDESK_TOKEN},
    )  # fmt: skip
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert "DEBUG" in err  # debug logging was really on
    basic = base64.b64encode(f"{EMAIL}/token:{ZENDESK_TOKEN}".encode()).decode()
    for secret in (ZENDESK_TOKEN, basic):
        assert secret not in out + err
        for path in tmp_path.glob("debug.db*"):
            assert secret.encode() not in path.read_bytes()
    assert len(external_ids(db)) == 9
    # Intercom's bearer token too.
    proc = run_cli(
        db, "feedback", "sync", "intercom",
        env={"EMPTYCHAIR_DEBUG": "1", "EMPTYCHAIR_INTERCOM_URL": url,
             "EMPTYCHAIR_INTERCOM_TOKEN": INTERCOM_TOKEN},
    )  # fmt: skip
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert "DEBUG" in err and "/conversations/search" in err
    assert INTERCOM_TOKEN not in out + err
    for path in tmp_path.glob("debug.db*"):
        assert INTERCOM_TOKEN.encode() not in path.read_bytes()


def test_kill_in_the_middle_loses_nothing_and_duplicates_nothing(
    tmp_path: Path, vendor: tuple[StandinState, str]
) -> None:
    data, url = vendor
    db = tmp_path / "kill.db"
    args = ("feedback", "sync", "zendesk", "--url", url, "--email", EMAIL, "--token", ZENDESK_TOKEN)
    data.hold_page = 3  # the export's third request waits: pages 1 and 2 are stored
    proc = run_cli(db, *args)
    assert data.held.wait(60), "the client never asked for page 3"
    proc.send_signal(signal.SIGKILL)
    proc.wait(30)
    assert proc.returncode == -signal.SIGKILL
    assert external_ids(db) == [str(n) for n in range(1, 7)]
    data.release.set()
    rerun = run_cli(db, *args, "--json")
    out, err = rerun.communicate(timeout=60)
    assert rerun.returncode == 0, err
    assert json.loads(out)["added"] == 3
    assert external_ids(db) == [str(n) for n in range(1, 10)]
