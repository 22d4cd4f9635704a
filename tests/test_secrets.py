"""Secrets: never in a log at any level, bot tokens encrypted at rest, private file modes."""

from __future__ import annotations

import logging
import os
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from slack_sdk.oauth.installation_store.models.bot import Bot
from slack_sdk.oauth.installation_store.sqlite3 import SQLite3InstallationStore

from bot.config import Settings
from bot.errors import ConfigError
from bot.secrets import Sealer, redact
from bot.store import Store
from handlers.slack.app import SlackBot
from handlers.slack.config import SlackSettings
from tests.helpers import cli, fixed_clock
from tests.slack_fixtures import running_server
from tests.slack_standin import SlackStandIn
from tests.test_slack_server import install

SIGNING = "sign-DISTINCT-7f3a9c1e5b"
CLIENT_SECRET = "client-DISTINCT-2d8e4f6a0c"
KEY = Sealer.new_key()
OLD_KEY = Sealer.new_key()
INSTALLED_TOKEN = "xoxb-installed-T222"  # what the stand-in's oauth.v2.access returns
TEAMS_SECRET = "teams-DISTINCT-5c7e9a1b3d"


@pytest.fixture
def debug_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("EMPTYCHAIR_DEBUG", "1")
    monkeypatch.setenv("EMPTYCHAIR_SECRET_KEY", KEY)
    monkeypatch.setenv("CLIENT_SECRET", TEAMS_SECRET)
    yield


def test_no_secret_reaches_any_log_at_any_level(
    tmp_path: Path,
    standin: SlackStandIn,
    debug_env: None,
    caplog: pytest.LogCaptureFixture,
    capfd: pytest.CaptureFixture[str],
) -> None:
    caplog.set_level(logging.DEBUG)
    standin.reset()
    db = tmp_path / "oauth.db"
    with running_server(
        db,
        standin,
        bot_token=None,
        client_id="111.222",
        client_secret=CLIENT_SECRET,
        signing_secret=SIGNING,
        secret_keys=(KEY,),
    ) as server:
        assert install(server).status_code == 200
        server.standin.wait_for("oauth.v2.access")
        # Signed with the distinctive secret, from the installed workspace.
        from tests.slack_fixtures import sign

        body = (
            "command=%2Femptychair&text=start&team_id=T222&user_id=U1&channel_id=C1"
            "&trigger_id=1.2&response_url=http%3A%2F%2F127.0.0.1%3A9%2Fr"
        )
        headers = {"Content-Type": "application/x-www-form-urlencoded"} | sign(body, secret=SIGNING)
        assert server.http.post(server.url + "/slack/events", content=body, headers=headers)
        post = server.standin.wait_for("chat.postMessage")[0]
        assert post.token == INSTALLED_TOKEN  # the token was used, decrypted
        server.standin.settle(0.2)
    code, out, err = cli(capfd, "--db", str(db), "decisions", "list")  # type: ignore[arg-type]
    assert code == 0
    captured = caplog.text + out + err + capfd.readouterr().err
    # The SDK did log its requests and the OAuth exchange at DEBUG: redacted.
    assert "oauth.v2.access" in caplog.text and "[redacted]" in caplog.text
    for secret in (SIGNING, CLIENT_SECRET, KEY, TEAMS_SECRET, INSTALLED_TOKEN, "xoxb-"):
        assert secret not in captured, secret
    leaked_before = [r for r in caplog.records if "[redacted]" in r.getMessage()]
    assert any("access_token" in r.getMessage() for r in leaked_before)
    for record in caplog.records:
        assert INSTALLED_TOKEN not in record.getMessage()


def test_redaction_covers_token_shapes_and_tracebacks(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    logger = logging.getLogger("tests.secrets")
    from bot.secrets import redact_logs

    redact_logs(["a-known-secret-value"])
    try:
        raise RuntimeError("token xoxp-1-2-3 and a-known-secret-value")
    except RuntimeError:
        logger.exception("failed with %s", "xapp-1-A-b")
    assert "xoxp-1" not in caplog.text and "a-known-secret-value" not in caplog.text
    assert "xapp-1" not in caplog.text
    assert caplog.text.count("[redacted]") >= 3
    assert redact("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjM0NSJ9.c2ln") == "[redacted]"


def old_install(db: Path, token: str) -> None:
    """A workspace installed before tokens were encrypted (clear text in the row)."""
    Store(db).close()
    plain = SQLite3InstallationStore(database=str(db), client_id="111.222")
    plain.save_bot(
        Bot(
            app_id="A1",
            enterprise_id=None,
            team_id="T333",
            bot_token=token,
            bot_id="B1",
            bot_user_id="UB1",
            installed_at=1_700_000_000.0,
        )
    )


def stored_tokens(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        return [r[0] for r in conn.execute("SELECT bot_token FROM slack_bots")]


def oauth_bot(db: Path, keys: tuple[str, ...]) -> SlackBot:
    settings = SlackSettings(
        signing_secret="s",
        client_id="111.222",
        client_secret="shh",
        secret_keys=keys,
        api_url="http://127.0.0.1:9/api/",
    )
    return SlackBot(Store(db), Settings(db_path=str(db), clock=fixed_clock), settings)


def test_clear_text_tokens_are_encrypted_and_keys_rotate(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    old_install(db, "xoxb-old-clear-333")
    assert stored_tokens(db) == ["xoxb-old-clear-333"]
    # Started with the old key: the row is encrypted in place.
    oauth_bot(db, (OLD_KEY,)).store.close()
    [sealed] = stored_tokens(db)
    assert sealed.startswith("gAAAAA") and Sealer([OLD_KEY]).open(sealed) == "xoxb-old-clear-333"
    # Rotation: the new key first, the old one after it; the row moves to the new key.
    bot = oauth_bot(db, (KEY, OLD_KEY))
    assert bot.client_for("slack:T333").token == "xoxb-old-clear-333"
    bot.store.close()
    [rotated] = stored_tokens(db)
    assert Sealer([KEY]).open(rotated) == "xoxb-old-clear-333"
    # The old key can go now; a key that never sealed it cannot open it.
    assert oauth_bot(db, (KEY,)).client_for("slack:T333").token == "xoxb-old-clear-333"
    with pytest.raises(ConfigError, match="cannot be decrypted"):
        oauth_bot(db, (Sealer.new_key(),))


def test_oauth_without_a_key_is_refused_in_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in {
        "SLACK_SIGNING_SECRET": "s",
        "SLACK_CLIENT_ID": "1",
        "SLACK_CLIENT_SECRET": "2",
    }.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("EMPTYCHAIR_SECRET_KEY", raising=False)
    code, out, err = cli(capsys, "--db", str(tmp_path / "x.db"), "serve")
    assert code == 1 and out == ""
    assert err == (
        "error: OAuth installs keep bot tokens encrypted: set EMPTYCHAIR_SECRET_KEY "
        "(make a key with: emptychair secret-key)\n"
    )


def test_files_are_private_whatever_the_umask(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    previous = os.umask(0o000)
    try:
        db = tmp_path / "wide.db"
        code, _, _ = cli(
            capsys,
            "--db",
            str(db),
            "decisions",
            "log",
            "--title",
            "T",
            "--decision",
            "D",
            "--customer-impact",
            "C",
        )
        assert code == 0
        export = tmp_path / "export.csv"
        export.write_text("old")
        os.chmod(export, 0o666)
        code, _, _ = cli(
            capsys, "--db", str(db), "decisions", "export", "--format", "csv", "-o", str(export)
        )
        assert code == 0
        json_export = tmp_path / "export.json"
        assert (
            cli(
                capsys,
                "--db",
                str(db),
                "decisions",
                "export",
                "--format",
                "json",
                "-o",
                str(json_export),
            )[0]
            == 0
        )
        Store(db).db["probe"].insert({"x": 1})  # a write: the WAL and SHM files exist
    finally:
        os.umask(previous)
    files = [db, Path(f"{db}-wal"), Path(f"{db}-shm"), export, json_export]
    modes = {f.name: oct(stat.S_IMODE(f.stat().st_mode)) for f in files}
    assert modes == {f.name: "0o600" for f in files}
    assert "id,title" in export.read_text()


def test_the_teams_package_report_and_cache_are_private_whatever_the_umask(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The zip was 0666 under umask 000, the cache directory 0777 and its entries 0666."""
    from bot import disk_cache

    cache = tmp_path / "cache" / "emptychair"
    monkeypatch.setenv("EMPTYCHAIR_CACHE_DIR", str(cache))
    package = tmp_path / "teams.zip"
    report = tmp_path / "report.html"
    previous = os.umask(0o000)
    try:
        assert disk_cache.write("probe.bin", b"derived")
        code, _, err = cli(
            capsys,
            "teams-package",
            "--app-id",
            "3f1c0b6e-8d2a-4c1e-9b7a-5e4d3c2b1a00",
            "--bot-id",
            "3f1c0b6e-8d2a-4c1e-9b7a-5e4d3c2b1a01",
            "--domain",
            "chair.example.com",
            "-o",
            str(package),
        )
        assert code == 0, err
        db = str(tmp_path / "r.db")
        assert cli(capsys, "--db", db, "report", "-o", str(report))[0] == 0
    finally:
        os.umask(previous)
    modes = {p.name: oct(stat.S_IMODE(p.stat().st_mode)) for p in (package, report, cache)}
    modes["entry"] = oct(stat.S_IMODE((cache / "probe.bin").stat().st_mode))
    assert modes == {"teams.zip": "0o600", "report.html": "0o600", "emptychair": "0o700",
                     "entry": "0o600"}  # fmt: skip
    assert disk_cache.read("probe.bin") == b"derived"


def test_an_export_to_a_pipe_or_a_link_keeps_what_it_writes_to(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Renaming the `.partial` file over the output replaced a pipe (or /dev/null, as root)
    with a regular file and a symbolic link with a copy; `-o /dev/stdout` failed."""
    db = str(tmp_path / "e.db")
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo, 0o644)
    os.chmod(fifo, 0o644)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # a reader: writing does not block
    real = tmp_path / "real.csv"
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    try:
        code, _, err = cli(capsys, "--db", db, "decisions", "export", "--format", "csv",
                           "-o", str(fifo))  # fmt: skip
        assert code == 0, err
        assert stat.S_ISFIFO(fifo.lstat().st_mode)
        assert stat.S_IMODE(fifo.lstat().st_mode) == 0o644  # not ours to change
        assert os.read(reader, 65536).startswith("\ufeffid,title".encode())
    finally:
        os.close(reader)
    code, _, err = cli(capsys, "--db", db, "decisions", "export", "--format", "csv",
                       "-o", str(link))  # fmt: skip
    assert code == 0, err
    assert link.is_symlink() and "id,title" in real.read_text(encoding="utf-8-sig")
    assert oct(stat.S_IMODE(real.stat().st_mode)) == "0o600"
    assert not list(tmp_path.glob("*.partial"))


def test_rotation_moves_sync_tokens_and_webhook_secrets_to_the_new_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The README's rotation (new key first, restart, drop the old key) left saved sync
    tokens and webhook secrets sealed with the old key when Slack OAuth was off: dropping
    it broke the scheduled syncs and the webhook."""
    from bot import webhook
    from bot.sync.config import ZendeskConfig
    from bot.sync.saved import configs_by_tenant, save_sync
    from handlers.sync_job import sync_jobs_from_env
    from tests.helpers import FIXED_NOW

    for name in ("EMPTYCHAIR_ZENDESK_TOKEN", "EMPTYCHAIR_INTERCOM_TOKEN", "SLACK_CLIENT_ID"):
        monkeypatch.delenv(name, raising=False)
    store = Store(tmp_path / "rotate.db")
    zendesk = ZendeskConfig.build("https://acme.zendesk.com", "a@acme.test", "zd-TOKEN-77", None)
    save_sync(store, "acme", zendesk, Sealer([OLD_KEY]), now=FIXED_NOW)
    sealed_secret = webhook.rotate_secret(store, "acme", FIXED_NOW, OLD_KEY)
    clear_secret = webhook.rotate_secret(store, "beta", FIXED_NOW, None)
    settings = Settings(db_path=str(store.path), clock=fixed_clock)
    monkeypatch.setenv("EMPTYCHAIR_SECRET_KEY", f"{KEY},{OLD_KEY}")
    assert sync_jobs_from_env(store, settings)  # what `serve` does at start
    monkeypatch.setenv("EMPTYCHAIR_SECRET_KEY", KEY)  # the old key is gone
    [config] = configs_by_tenant(store, Sealer([KEY]))["acme"]
    assert config.token == "zd-TOKEN-77"
    for tenant, secret in (("acme", sealed_secret), ("beta", clear_secret)):
        body = b'{"text": "rotated"}'
        assert webhook.verify(store, tenant, webhook.sign(secret, body), body, KEY) == tenant
    with sqlite3.connect(store.path) as conn:
        rows = conn.execute("SELECT secret, encrypted FROM webhook_secrets").fetchall()
    assert all(encrypted == 1 and secret.startswith("gAAAAA") for secret, encrypted in rows)
    store.close()
