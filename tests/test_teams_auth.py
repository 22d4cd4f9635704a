"""Incoming Teams requests are authenticated by the SDK with the Bot Framework JWT.

The valid-token test signs a token with a locally generated RSA key and points the SDK's
validator (through its cloud settings) at a JWKS stand-in served on the loopback
interface, so the SDK's own validation code runs end to end without the network.
(PyJWT refuses file:// addresses for key sets, so a file would not do.)
"""

from __future__ import annotations

import dataclasses
import json
import logging
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from fastapi import FastAPI
from microsoft_teams.api.auth.cloud_environment import PUBLIC

from bot.config import Settings
from bot.errors import ConfigError
from bot.store import Store
from handlers.teams import create_bot
from handlers.teams.bot import Wiring
from handlers.teams.commands import help_text
from handlers.teams.config import TeamsSettings
from tests.teams_support import SERVICE_URL, FakeTeamsService, LoopGuard, TeamsHarness, message

HELP = help_text("en")

APP_ID = "9c2b5d4e-0000-4000-8000-00000000b07a"
ISSUER = "https://api.botframework.com"


def refs(store: Store) -> int:
    return int(store.query("SELECT COUNT(*) AS n FROM conversation_refs")[0]["n"])


def harness(store: Store, db_path: Path, wiring: Wiring | None = None) -> TeamsHarness:
    app = FastAPI()
    service = FakeTeamsService()
    wiring = wiring or Wiring()
    wiring.middlewares = [service]
    bot = create_bot(store, Settings(db_path=str(db_path)), wiring=wiring)
    bot.attach(app)
    return TeamsHarness(app, store, service, bot)


@dataclasses.dataclass
class Keys:
    """A local signing key and the JWKS file that publishes it."""

    private: rsa.RSAPrivateKey
    cloud: Any

    def token(self, **overrides: Any) -> str:
        now = int(time.time())
        claims = {
            "iss": ISSUER,
            "aud": APP_ID,
            "iat": now,
            "nbf": now - 10,
            "exp": now + 3600,
            "serviceurl": SERVICE_URL,
            **overrides,
        }
        return jwt.encode(claims, self.private, algorithm="RS256", headers={"kid": "local-key"})


@pytest.fixture
def keys() -> Iterator[Keys]:
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    public = jwt.algorithms.RSAAlgorithm.to_jwk(private.public_key(), as_dict=True)
    public.update({"kid": "local-key", "use": "sig", "alg": "RS256"})
    document = json.dumps({"keys": [public]}).encode()

    class KeySet(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            found = self.path == "/v1/.well-known/keys"
            self.send_response(200 if found else 404)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(document if found else b"{}")

        def log_message(self, format: str, *args: Any) -> None:
            del format, args

    server = ThreadingHTTPServer(("127.0.0.1", 0), KeySet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}/v1/.well-known"
    # The SDK derives the key set's address from the OpenID metadata address (".../keys").
    yield Keys(
        private, dataclasses.replace(PUBLIC, openid_metadata_url=f"{base}/openidconfiguration")
    )
    server.shutdown()
    server.server_close()


@pytest.fixture
def secured(
    store: Store,
    db_path: Path,
    no_network: None,
    keys: Keys,
    monkeypatch: pytest.MonkeyPatch,
    loop_guard: LoopGuard,
) -> TeamsHarness:
    monkeypatch.setenv("CLIENT_ID", APP_ID)
    outbound = Keys(rsa.generate_private_key(public_exponent=65537, key_size=2048), None).token()
    wiring = Wiring(sdk_options={"cloud": keys.cloud, "token": lambda scope, tenant=None: outbound})
    return harness(store, db_path, wiring)


def test_without_credentials_every_request_gets_401(
    store: Store, db_path: Path, no_network: None, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="handlers.teams.config"):
        teams = harness(store, db_path)
    assert "CLIENT_ID is not set, so every request to /api/messages is refused" in caplog.text
    response = teams.post(message("help"))
    assert (response.status_code, response.json()) == (
        401,
        {"error": "Authentication not configured"},
    )
    assert (teams.service.calls, refs(store)) == ([], 0)


def test_missing_and_invalid_tokens_get_401(secured: TeamsHarness, keys: Keys) -> None:
    stranger = Keys(rsa.generate_private_key(public_exponent=65537, key_size=2048), None)
    for headers in (
        {},
        {"Authorization": "Basic dXNlcjpwYXNz"},
        {"Authorization": "Bearer not-a-jwt"},
        {"Authorization": f"Bearer {stranger.token()}"},  # signed by a key nobody published
        {"Authorization": f"Bearer {keys.token(aud='another-bot')}"},
        {"Authorization": f"Bearer {keys.token(iss='https://evil.example')}"},
        {"Authorization": f"Bearer {keys.token(exp=int(time.time()) - 3600)}"},
        {"Authorization": f"Bearer {keys.token(serviceurl='https://evil.example/')}"},
    ):
        response = secured.post(message("help"), headers=headers)
        assert (response.status_code, response.json()) == (401, {"error": "Unauthorized"}), headers
    assert (secured.service.calls, refs(secured.store)) == ([], 0)


def test_a_valid_bot_framework_token_is_accepted(secured: TeamsHarness, keys: Keys) -> None:
    response = secured.post(message("help"), headers={"Authorization": f"Bearer {keys.token()}"})
    assert response.status_code == 200
    assert secured.service.texts() == [HELP]


def test_the_dangerous_switch_is_loud(
    store: Store,
    db_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    no_network: None,
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setenv("EMPTYCHAIR_TEAMS_DANGEROUSLY_ALLOW_UNAUTHENTICATED", "true")
    with caplog.at_level(logging.WARNING, logger="handlers.teams.config"):
        teams = harness(store, db_path)
    assert "accepts requests WITHOUT authentication" in caplog.text
    assert teams.post(message("help")).status_code == 200


def test_the_sdk_variable_alone_does_not_turn_authentication_off(
    store: Store,
    db_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    no_network: None,
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setenv("DANGEROUSLY_ALLOW_UNAUTHENTICATED_REQUESTS", "true")
    with caplog.at_level(logging.WARNING, logger="handlers.teams.config"):
        teams = harness(store, db_path)
    assert "DANGEROUSLY_ALLOW_UNAUTHENTICATED_REQUESTS is set but ignored" in caplog.text
    assert teams.post(message("help")).status_code == 401


def test_settings_are_validated() -> None:
    assert TeamsSettings.from_env({}) == TeamsSettings()
    assert TeamsSettings.from_env(
        {
            "EMPTYCHAIR_TEAMS_TIMEZONE": "Europe/Warsaw",
            "CLIENT_ID": " abc ",
            "EMPTYCHAIR_TEAMS_ENDPOINT": "/teams",
        }
    ) == TeamsSettings(default_timezone="Europe/Warsaw", client_id="abc", endpoint="/teams")
    for env, error in (
        (
            {"EMPTYCHAIR_TEAMS_DANGEROUSLY_ALLOW_UNAUTHENTICATED": "maybe"},
            "EMPTYCHAIR_TEAMS_DANGEROUSLY_ALLOW_UNAUTHENTICATED must be true or false, not 'maybe'",
        ),
        (
            {"EMPTYCHAIR_TEAMS_TIMEZONE": "Mars/Olympus"},
            "EMPTYCHAIR_TEAMS_TIMEZONE: unknown time zone 'Mars/Olympus' (use a name like Europe/Warsaw or America/New_York)",
        ),
        (
            {"EMPTYCHAIR_TEAMS_ENDPOINT": "api/messages"},
            "EMPTYCHAIR_TEAMS_ENDPOINT must be a path such as /api/messages",
        ),
    ):
        with pytest.raises(ConfigError) as caught:
            TeamsSettings.from_env(env)
        assert caught.value.message == error
