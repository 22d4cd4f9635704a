"""Bad and odd requests: signatures, stale timestamps, cut bodies, unknown ids, long text."""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlencode

import httpx
import pytest

from bot.config import Settings
from bot.store import Store
from bot.workspace import Workspace
from tests.helpers import db_digest
from tests.slack_fixtures import (
    CHANNEL,
    SlackServer,
    payload,
    running_server,
    sign,
)
from tests.slack_standin import SlackStandIn

COMMAND = urlencode(
    {
        "command": "/feedback",
        "text": "Refunds are slow",
        "team_id": "T111",
        "user_id": "U111",
        "channel_id": CHANNEL,
        "trigger_id": "1.2.3",
        "response_url": "http://127.0.0.1:9/x",
    }
)


def assert_untouched(server: SlackServer, before: str) -> None:
    """Nothing was written to the database and no Web API call was made but reads of the
    user's locale (users.info, for the language of the reply)."""
    server.standin.settle(0.2)
    assert db_digest(server.db_path) == before
    assert [m for m in server.standin.methods() if m != "users.info"] == ["auth.test"]


def test_url_verification_echoes_the_challenge(slack: SlackServer) -> None:
    raw = json.dumps(payload("url_verification.json"))
    response = slack.post(raw, "application/json")
    assert response.status_code == 200
    assert response.json() == {"challenge": payload("url_verification.json")["challenge"]}


@pytest.mark.parametrize(
    ("headers", "body"),
    [
        pytest.param(lambda: {}, COMMAND, id="no-signature"),
        pytest.param(lambda: sign(COMMAND, secret="someone-else"), COMMAND, id="wrong-secret"),
        # Timestamps are taken when the test runs, not when it is collected: a slow run
        # must not turn "6 minutes ahead" into "1 minute ahead".
        pytest.param(
            lambda: sign(COMMAND, timestamp=int(time.time()) - 301), COMMAND, id="5-min-old"
        ),
        pytest.param(lambda: sign(COMMAND, timestamp=int(time.time()) + 400), COMMAND, id="future"),
        pytest.param(lambda: sign(COMMAND), COMMAND[:-10], id="truncated-form"),
        pytest.param(lambda: sign(COMMAND), COMMAND + "&text=more", id="tampered"),
    ],
)
def test_unsigned_or_altered_requests_are_refused(
    slack: SlackServer, headers: Callable[[], dict[str, str]], body: str
) -> None:
    before = db_digest(slack.db_path)
    response = slack.post(body, headers=headers())
    assert response.status_code == 401
    assert_untouched(slack, before)


def test_a_truncated_json_event_is_refused(slack: SlackServer) -> None:
    raw = json.dumps(payload("app_home_opened.json"))
    before = db_digest(slack.db_path)
    response = slack.post(raw[:40], "application/json", headers=sign(raw))
    assert response.status_code == 401
    assert_untouched(slack, before)


def test_a_signed_but_malformed_body_is_a_bad_request(slack: SlackServer) -> None:
    raw = '{"type": "event_callback", "event": {'
    before = db_digest(slack.db_path)
    assert slack.post(raw, "application/json").status_code == 400
    assert_untouched(slack, before)


def test_an_oversized_body_is_refused(slack: SlackServer) -> None:
    raw = "text=" + "x" * 1_000_001
    # The 413 goes out before the body is read, with "Connection: close": on a busy
    # machine the server closes while the client is still writing (a refusal too).
    with contextlib.suppress(httpx.TransportError):
        assert slack.post(raw).status_code == 413
    assert slack.http.get(slack.url + "/healthz").status_code == 200


def test_4000_characters_of_question_get_a_clear_answer_and_write_nothing(
    slack: SlackServer,
) -> None:
    before = db_digest(slack.db_path)
    response = slack.command("/customer", "why " * 1000)
    assert response.status_code == 200
    assert response.json() == {
        "text": "Question is too long (3,999 characters; the limit is 2,000).",
        "response_type": "ephemeral",
    }
    assert_untouched(slack, before)


def test_4000_characters_of_topic_get_a_clear_answer_and_write_nothing(
    slack: SlackServer,
) -> None:
    before = db_digest(slack.db_path)
    response = slack.command("/emptychair", "start " + "t" * 3994)
    assert response.json() == {
        "text": "The topic is longer than 200 characters.",
        "response_type": "ephemeral",
    }
    assert_untouched(slack, before)


def test_unknown_command_is_answered(slack: SlackServer) -> None:
    response = slack.command("/nope", "x")
    assert response.json() == {
        "text": "Empty Chair doesn't handle `/nope`.",
        "response_type": "ephemeral",
    }


def test_unknown_button_is_acked_and_explained(slack: SlackServer) -> None:
    response = slack.button("from_an_old_release", "1")
    assert response.status_code == 200
    respond = slack.standin.wait_for("respond")[0]
    assert "older version of Empty Chair" in respond.params["text"]


def test_unknown_view_is_answered_with_a_notice(slack: SlackServer) -> None:
    response = slack.submit("view-id", {})
    body = response.json()
    assert body["response_action"] == "update"
    assert "older version of Empty Chair" in json.dumps(body["view"])


def test_unknown_shortcut_is_acked(slack: SlackServer) -> None:
    assert slack.message_shortcut("test-shortcut", "hello").status_code == 200
    respond = slack.standin.wait_for("respond")[0]
    assert "older version of Empty Chair" in respond.params["text"]


def test_unknown_options_request_gets_no_options(slack: SlackServer) -> None:
    response = slack.suggestion("mystery", "q", block_id="b", callback_id="other")
    assert response.json() == {"options": []}


def test_stale_button_value_is_explained(slack: SlackServer) -> None:
    slack.button("chair_another_voice", "not-a-number")
    respond = slack.standin.wait_for("respond")[0]
    assert respond.params["text"] == "That button is out of date; run the command again."


def test_an_unexpected_failure_is_logged_and_never_shown_as_a_traceback(
    slack: SlackServer, caplog: pytest.LogCaptureFixture
) -> None:
    slack.standin.fail("views.open", "some_new_slack_error")
    slack.command("/customer", "")
    respond = slack.standin.wait_for("respond")[0]
    assert respond.params["text"] == (
        "Slack refused that (some_new_slack_error). Try again; if it keeps happening, "
        "tell an admin."
    )
    assert "Traceback" not in json.dumps(respond.params)


def test_enterprise_requests_use_the_enterprise_tenant(slack: SlackServer) -> None:
    fields = {
        "command": "/feedback",
        "text": "Checkout is confusing",
        "team_id": "T111",
        "enterprise_id": "E111",
        "user_id": "U111",
        "channel_id": CHANNEL,
        "response_url": slack.standin.response_url(),
        "trigger_id": "1",
    }
    assert "Saved customer feedback" in slack.post(urlencode(fields)).json()["text"]
    store = Store(slack.db_path)
    assert len(Workspace(store, "slack:E111").search_feedback("checkout")) == 1
    assert Workspace(store, "slack:T111").search_feedback("checkout") == []
    store.close()


def test_linked_tenants_share_one_log(tmp_path: Path, standin: SlackStandIn) -> None:
    standin.reset()
    settings = Settings(db_path=str(tmp_path / "e.db"), tenant_links={"slack:T111": "acme"})
    with running_server(tmp_path / "e.db", standin, settings=settings) as server:
        server.command("/feedback", "Invoices are hard to find")
        store = Store(server.db_path)
        assert len(Workspace(store, "acme").search_feedback("invoices")) == 1
        store.close()
