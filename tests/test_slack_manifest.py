"""manifest.yml is a valid Slack app manifest and declares everything the app handles."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from handlers.slack import ids
from handlers.slack.config import BOT_SCOPES

ROOT = Path(__file__).resolve().parents[1]
VENDORED = Path(__file__).parent / "schemas" / "slack-manifest.schema.1.0.0.json"
SHARED = ROOT.parent / "shared" / "schemas" / "slack-manifest.schema.1.0.0.json"


def manifest() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((ROOT / "manifest.yml").read_text())
    return data


def test_manifest_is_valid_against_the_published_schema() -> None:
    schema = json.loads(VENDORED.read_text())
    jsonschema.Draft7Validator.check_schema(schema)
    errors = sorted(jsonschema.Draft7Validator(schema).iter_errors(manifest()), key=str)
    assert [e.message for e in errors] == []


#: sha256 of the schema as published (and as kept in the project's shared/schemas/).
PUBLISHED_SHA256 = "f2adf9f9800230e2fe44bab0762796492871edaab817e9160fdcdf0eb4642e58"


def test_the_vendored_schema_is_the_published_one() -> None:
    # Pinned by digest so the check runs in any clone, with or without a sibling shared/.
    assert hashlib.sha256(VENDORED.read_bytes()).hexdigest() == PUBLISHED_SHA256
    if SHARED.exists():
        assert hashlib.sha256(SHARED.read_bytes()).hexdigest() == PUBLISHED_SHA256


def test_manifest_declares_every_command_shortcut_and_event() -> None:
    data = manifest()
    features = data["features"]
    assert [c["command"] for c in features["slash_commands"]] == [
        "/customer",
        "/emptychair",
        "/decision",
        "/decisions",
        "/feedback",
    ]
    assert {(s["type"], s["callback_id"]) for s in features["shortcuts"]} == {
        ("message", ids.SAVE_FEEDBACK_SHORTCUT),
        ("message", ids.LOG_DECISION_SHORTCUT),
    }
    assert sorted(data["settings"]["event_subscriptions"]["bot_events"]) == [
        "app_home_opened",
        "app_mention",
        "app_uninstalled",
        "tokens_revoked",
    ]
    assert features["app_home"]["home_tab_enabled"] is True
    assert data["settings"]["interactivity"]["is_enabled"] is True


def test_manifest_scopes_are_the_ones_the_app_asks_for_on_install() -> None:
    assert sorted(manifest()["oauth_config"]["scopes"]["bot"]) == sorted(BOT_SCOPES)


def test_every_request_url_is_the_one_slack_endpoint() -> None:
    data = manifest()
    urls = [c["url"] for c in data["features"]["slash_commands"]]
    urls.append(data["settings"]["event_subscriptions"]["request_url"])
    urls.append(data["settings"]["interactivity"]["request_url"])
    urls.append(data["settings"]["interactivity"]["message_menu_options_url"])
    assert {u.removeprefix("https://your-host.example.com") for u in urls} == {"/slack/events"}
    assert data["oauth_config"]["redirect_urls"][0].endswith("/slack/oauth_redirect")
