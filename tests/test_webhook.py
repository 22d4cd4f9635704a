"""POST /hooks/feedback through the real ASGI app: signatures, caps, replays, secrets."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn
from cryptography.fernet import Fernet

from bot import webhook
from bot.config import Settings
from bot.store import Store
from handlers.server import create_app
from tests.helpers import FIXED_NOW, cli, db_digest, fixed_clock

TENANT = "acme"


@pytest.fixture
def secret(store: Store) -> str:
    return webhook.rotate_secret(store, TENANT, FIXED_NOW, None)


@pytest.fixture
def client(store: Store, db_path: Path) -> Iterator[httpx.Client]:
    """The real server app under uvicorn on a free loopback port, and a client for it."""
    app = create_app(
        store, Settings(db_path=str(db_path), clock=fixed_clock), [], poll_interval=None
    )
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", timeout_graceful_shutdown=1))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.005)
    with httpx.Client(base_url=f"http://127.0.0.1:{sock.getsockname()[1]}") as http:
        yield http
    server.should_exit = True
    thread.join(timeout=5)
    sock.close()


def post(client: httpx.Client, body: bytes, signature: str | None, tenant: str = TENANT) -> dict:  # type: ignore[type-arg]
    headers = {"Content-Type": "application/json", "X-EmptyChair-Tenant": tenant}
    if signature is not None:
        headers["X-EmptyChair-Signature"] = signature
    response = client.post("/hooks/feedback", content=body, headers=headers)
    return {"status": response.status_code, **response.json()}


def texts(store: Store) -> list[str]:
    return [
        r["text"]
        for r in store.query("SELECT text FROM feedback WHERE tenant = ? ORDER BY id", [TENANT])
    ]


def test_signed_snippet_and_list_are_stored(
    client: httpx.Client, store: Store, secret: str
) -> None:
    one = json.dumps({"text": "The survey says shipping is too slow", "customer": "Acme",
                      "segment": "enterprise", "sentiment": "negative", "external_id": "s-1",
                      "url": "https://survey.example/r/1", "created_at": "2026-11-20"}).encode()  # fmt: skip
    answer = post(client, one, webhook.sign(secret, one))
    assert answer == {"status": 202, "ok": True, "stored": [1], "duplicates": []}
    row = store.query("SELECT customer, segment, source, sentiment, external_id, url, created_at,"
                      " captured_by FROM feedback WHERE id = 1")[0]  # fmt: skip
    assert row == {"customer": "Acme", "segment": "enterprise", "source": "webhook",
                   "sentiment": "negative", "external_id": "s-1",
                   "url": "https://survey.example/r/1", "created_at": "2026-11-20",
                   "captured_by": "webhook"}  # fmt: skip
    many = json.dumps([{"text": "Love the new app", "external_id": "s-2", "source": "typeform"},
                       {"text": "Returns are easy"}]).encode()  # fmt: skip
    assert post(client, many, webhook.sign(secret, many))["stored"] == [2, 3]
    assert store.query("SELECT source FROM feedback WHERE id = 2") == [{"source": "typeform"}]


@pytest.mark.parametrize(
    "signature",
    [None, "", "sha256=", "sha256=" + "0" * 64, "md5=abc", "sha256=deadbeef"],
)
def test_bad_or_missing_signature_is_401_and_stores_nothing(
    client: httpx.Client, store: Store, db_path: Path, secret: str, signature: str | None
) -> None:
    body = json.dumps({"text": "Forged feedback"}).encode()
    before = db_digest(db_path)
    answer = post(client, body, signature)
    assert answer == {"status": 401, "ok": False, "error": "missing or invalid signature"}
    assert db_digest(db_path) == before


def test_signature_of_another_body_or_tenant_is_refused(
    client: httpx.Client, store: Store, secret: str
) -> None:
    body = json.dumps({"text": "Hello"}).encode()
    other = webhook.rotate_secret(store, "other", FIXED_NOW, None)
    assert post(client, body, webhook.sign(secret, b"{}"))["status"] == 401
    assert post(client, body, webhook.sign(other, body))["status"] == 401  # other tenant's key
    assert post(client, body, webhook.sign(secret, body), tenant="nobody")["status"] == 401
    assert texts(store) == []


def test_replay_stores_nothing_new(client: httpx.Client, store: Store, secret: str) -> None:
    body = json.dumps([{"text": "Checkout failed twice", "external_id": "r-9"}]).encode()
    first = post(client, body, webhook.sign(secret, body))
    again = post(client, body, webhook.sign(secret, body))
    assert first == {"status": 202, "ok": True, "stored": [1], "duplicates": []}
    assert again == {"status": 202, "ok": True, "stored": [], "duplicates": [1]}
    assert texts(store) == ["Checkout failed twice"]


def test_oversized_body_is_413(client: httpx.Client, store: Store, secret: str) -> None:
    body = json.dumps({"text": "x" * (webhook.MAX_BODY_BYTES + 10)}).encode()
    assert post(client, body, webhook.sign(secret, body))["status"] == 413
    assert texts(store) == []


def test_oversized_chunked_body_is_413_without_reading_it_all(
    client: httpx.Client, store: Store, secret: str
) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"text": "'
        for _ in range(200):
            yield b"y" * 10_000  # 2 MB in all, no Content-Length
        yield b'"}'

    response = client.post(
        "/hooks/feedback",
        content=chunks(),
        headers={"X-EmptyChair-Tenant": TENANT, "X-EmptyChair-Signature": "sha256=00"},
    )
    assert "content-length" not in response.request.headers
    assert response.status_code == 413
    assert texts(store) == []


@pytest.mark.parametrize(
    ("body", "status", "error"),
    [
        (b"{not json", 400, "the body is not valid JSON"),
        (b"[]", 400, "the list of snippets is empty"),
        (b'{"customer": "Acme"}', 400, "snippet 1: text is required"),
        (b'[{"text": "ok"}, {"text": "   "}]', 400, "snippet 2: text is required"),
        (b'[{"text": "ok"}, {"text": {"a": 1}}]', 400, "snippet 2: text must be text"),
        (b'[{"text": "ok"}, {"text": "fine", "url": "ftp://x"}]', 422,
         "snippet 2: url 'ftp://x' must start with https:// or http://"),
        # A lone surrogate cannot be stored: it was a 500 with a traceback in the log.
        (b'[{"text": "ok"}, {"text": "hi \\ud800 there"}]', 422,
         "snippet 2: text is not valid Unicode (invalid UTF-8 or a lone surrogate)"),
        (b'{"text": "ok", "customer": "\\udfff"}', 422,
         "snippet 1: customer is not valid Unicode (invalid UTF-8 or a lone surrogate)"),
        # NaN is not JSON, and true is not text (they were stored as "nan" and "True").
        (b'{"text": NaN}', 400, "the body is not valid JSON"),
        (b'{"text": true}', 400, "snippet 1: text must be text"),
    ],
)  # fmt: skip
def test_malformed_snippets_store_nothing(
    client: httpx.Client, store: Store, secret: str, body: bytes, status: int, error: str
) -> None:
    answer = post(client, body, webhook.sign(secret, body))
    assert answer == {"status": status, "ok": False, "error": error}
    assert texts(store) == []


def test_secret_command_rotates_and_prints_the_url(
    capsys: pytest.CaptureFixture[str], db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EMPTYCHAIR_PUBLIC_URL", "https://chair.acme.test/")
    code, out, _ = cli(
        capsys, "--db", str(db_path), "webhook", "secret", "--tenant", TENANT, "--json"
    )
    first = json.loads(out)
    assert code == 0
    assert (first["url"], first["tenant"], first["encrypted"]) == (
        "https://chair.acme.test/hooks/feedback", TENANT, False,
    )  # fmt: skip
    code, out, err = cli(capsys, "--db", str(db_path), "webhook", "secret", "--tenant", TENANT)
    assert "Webhook URL: https://chair.acme.test/hooks/feedback" in out
    assert "note: stored unencrypted" in err
    second = out.split("Secret (shown once): ")[1].split()[0]
    assert second != first["secret"]
    store = Store(db_path)
    try:
        body = b'{"text": "rotated"}'
        with pytest.raises(webhook.WebhookRejected):
            webhook.verify(store, TENANT, webhook.sign(first["secret"], body), body, None)
        assert webhook.verify(store, TENANT, webhook.sign(second, body), body, None) == TENANT
    finally:
        store.close()


def test_secret_is_encrypted_when_a_key_is_set(store: Store, db_path: Path) -> None:
    key = Fernet.generate_key().decode()
    secret = webhook.rotate_secret(store, TENANT, FIXED_NOW, key)
    for path in db_path.parent.glob(db_path.name + "*"):
        assert secret.encode() not in path.read_bytes()
    body = b'{"text": "encrypted"}'
    assert webhook.verify(store, TENANT, webhook.sign(secret, body), body, key) == TENANT
    from bot.errors import ConfigError

    with pytest.raises(ConfigError, match="set EMPTYCHAIR_SECRET_KEY"):
        webhook.verify(store, TENANT, webhook.sign(secret, body), body, None)


def test_a_malformed_secret_key_is_refused_at_start_up(store: Store) -> None:
    from bot.errors import ConfigError
    from handlers.webhook import webhook_router

    with pytest.raises(ConfigError, match="is not a Fernet key"):
        webhook_router(store, Settings(), secret_key="not-a-key")


def test_the_write_runs_on_the_shared_requests_pool(
    client: httpx.Client, store: Store, secret: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One concurrency model: the webhook's store call takes a `core-requests` thread
    (handlers/pools.py), like every other write, never Starlette's own thread pool."""
    threads: list[str] = []
    receive = webhook.receive

    def spy(*args: object, **kwargs: object) -> webhook.WebhookResult:
        threads.append(threading.current_thread().name)
        return receive(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(webhook, "receive", spy)
    body = json.dumps({"text": "Checkout asks for my address twice"}).encode()
    assert post(client, body, webhook.sign(secret, body))["status"] == 202
    assert len(threads) == 1 and threads[0].startswith("core-requests"), threads
