"""The server: /healthz, OAuth installs into the same SQLite file, configuration, `serve`."""

from __future__ import annotations

import re
import sqlite3
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode

import httpx
import pytest
from slack_bolt import BoltRequest

from bot.config import Settings
from bot.errors import ConfigError
from bot.secrets import Sealer
from bot.store import Store
from bot.workspace import Workspace
from handlers.slack.app import SlackBot
from handlers.slack.config import BOT_SCOPES, SlackSettings
from tests.helpers import cli
from tests.slack_fixtures import CHANNEL, USER, SlackServer, running_server
from tests.slack_standin import SlackStandIn
from tests.teams_support import message


def test_healthz(slack: SlackServer) -> None:
    response = slack.http.get(slack.url + "/healthz")
    assert response.json() == {
        "ok": True,
        "slack": "single-workspace",
        "teams": True,
        "reminders": ["slack", "teams"],
    }


def test_teams_is_served_by_the_same_app(slack: SlackServer) -> None:
    # Teams' hook attached /api/messages; without Teams credentials it refuses everyone.
    response = slack.http.post(slack.url + "/api/messages", json=message("ask why?"))
    assert response.status_code == 401


def test_single_workspace_servers_do_not_install(slack: SlackServer) -> None:
    response = slack.http.get(slack.url + "/slack/install")
    assert response.status_code == 404
    assert "SLACK_CLIENT_ID" in response.text


def test_home_tab_is_published_when_opened(slack: SlackServer) -> None:
    event = {"type": "app_home_opened", "user": USER, "channel": "D1", "tab": "home"}
    assert slack.event(event, event_id="EvHome").status_code == 200
    published = slack.standin.wait_for("views.publish")[0]
    assert published.params["user_id"] == USER
    assert published.params["view"]["type"] == "home"
    assert "What's better for the customer?" in published.text_of_blocks
    ask_box = published.params["view"]["blocks"][1]
    assert ask_box["dispatch_action"] is True
    assert ask_box["element"]["action_id"] == "home_ask_input"
    home = {"id": "VHOME", "type": "home", "private_metadata": ""}
    slack.button("home_ask_input", "Should we charge for returns?", view=home)
    answer = slack.standin.wait_for("views.open")[0].params["view"]
    assert answer["callback_id"] == "ask_modal_answer"
    assert "Should we charge for returns?" in slack.standin.calls_to("views.open")[0].text_of_blocks


def test_the_messages_tab_publishes_nothing(slack: SlackServer) -> None:
    event = {"type": "app_home_opened", "user": USER, "channel": "D1", "tab": "messages"}
    slack.event(event, event_id="EvMessages")
    slack.standin.settle(0.2)
    assert slack.standin.methods() == ["auth.test"]


def test_uninstall_events_are_acknowledged(slack: SlackServer) -> None:
    assert slack.event({"type": "app_uninstalled"}, event_id="EvBye").status_code == 200
    assert slack.event({"type": "reaction_added"}, event_id="EvOther").status_code == 200


SECRET_KEY = Sealer.new_key()


@pytest.fixture
def oauth(tmp_path: Path, standin: SlackStandIn) -> SlackServer:
    standin.reset()
    with running_server(
        tmp_path / "oauth.db",
        standin,
        bot_token=None,
        client_id="111.222",
        client_secret="shh",
        secret_keys=(SECRET_KEY,),
    ) as server:
        yield server  # type: ignore[misc]


def install(oauth: SlackServer) -> httpx.Response:
    """Go through /slack/install and /slack/oauth_redirect like an admin's browser."""
    page = oauth.http.get(oauth.url + "/slack/install")
    url = re.search(r'href="(https://slack.com/oauth/v2/authorize[^"]+)"', page.text)
    assert url is not None
    state = re.search(r"state=([^&\"]+)", url.group(1))
    assert state is not None
    return oauth.http.get(
        oauth.url + "/slack/oauth_redirect",
        params={"code": "c0de", "state": state.group(1)},
        headers={"Cookie": page.headers["set-cookie"].split(";")[0]},  # a Secure cookie
    )


def test_oauth_install_stores_the_workspace_in_the_same_database(oauth: SlackServer) -> None:
    page = oauth.http.get(oauth.url + "/slack/install")
    assert page.status_code == 200
    url = re.search(r'href="(https://slack.com/oauth/v2/authorize[^"]+)"', page.text)
    assert url is not None and "client_id=111.222" in url.group(1)
    assert "scope=" + ",".join(BOT_SCOPES) + "&" in url.group(1).replace("&amp;", "&")
    state = re.search(r"state=([^&\"]+)", url.group(1))
    assert state is not None

    done = oauth.http.get(
        oauth.url + "/slack/oauth_redirect",
        params={"code": "c0de", "state": state.group(1)},
        headers={"Cookie": page.headers["set-cookie"].split(";")[0]},  # a Secure cookie
    )
    assert done.status_code == 200
    exchange = oauth.standin.wait_for("oauth.v2.access")[0]
    assert exchange.params["code"] == "c0de"
    with sqlite3.connect(oauth.db_path) as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    [(team, sealed)] = bots(oauth.db_path)
    assert team == "T222" and sealed.startswith("gAAAAA")  # encrypted at rest
    assert Sealer([SECRET_KEY]).open(sealed) == "xoxb-installed-T222"
    assert {"feedback", "sessions", "slack_installations", "oauth_states"} <= tables

    # The installed workspace can use the app, with its own token.
    oauth.command("/emptychair", "start", team="T222")
    post = oauth.standin.wait_for("chat.postMessage")[0]
    assert post.token == "xoxb-installed-T222" and post.params["channel"] == CHANNEL

    # Uninstalling forgets the token.
    oauth.event({"type": "app_uninstalled"}, event_id="EvUninstall", team="T222")
    assert wait_until(lambda: bots(oauth.db_path) == [])


def bots(db_path: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(db_path) as conn:
        return conn.execute("SELECT team_id, bot_token FROM slack_bots").fetchall()


def wait_until(check: Callable[[], bool], timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def test_reminders_of_an_installed_workspace_use_its_token(oauth: SlackServer) -> None:
    assert install(oauth).status_code == 200
    store = Store(oauth.db_path)
    reminder = Workspace(store, "slack:T222").add_reminder("slack", "C5", "fri", "16:00", "UTC")
    store.close()
    at = datetime.fromisoformat(reminder.next_run_at) + timedelta(minutes=1)
    assert oauth.app.state.scheduler.run("reminders", now=at) == 1
    post = oauth.standin.wait_for("chat.postMessage")[0]
    assert (post.token, post.params["channel"]) == ("xoxb-installed-T222", "C5")


def test_a_reminder_of_a_workspace_that_left_is_skipped(oauth: SlackServer) -> None:
    store = Store(oauth.db_path)
    ws = Workspace(store, "slack:T333")
    reminder = ws.add_reminder("slack", "C5", "fri", "16:00", "UTC")
    at = datetime.fromisoformat(reminder.next_run_at) + timedelta(minutes=1)
    assert oauth.app.state.scheduler.run("reminders", now=at) == 0
    assert ws.reminders("slack")[0].next_run_at > reminder.next_run_at
    store.close()


def test_socket_mode_app_needs_no_signing_secret(tmp_path: Path, standin: SlackStandIn) -> None:
    standin.reset()
    store = Store(tmp_path / "s.db")
    slack_settings = SlackSettings(bot_token="xoxb-1", app_token="xapp-1", api_url=standin.api_url)
    bot = SlackBot(
        store, Settings(db_path=str(tmp_path / "s.db")), slack_settings, socket_mode=True
    )
    body = urlencode(
        {
            "command": "/customer",
            "text": "returns?",
            "team_id": "T1",
            "user_id": "U1",
            "channel_id": "C1",
            "trigger_id": "1",
        }
    )
    response = bot.bolt.dispatch(BoltRequest(body=body, mode="socket_mode"))
    assert response.status == 200 and "blocks" in str(response.body)
    store.close()


def test_oauth_redirect_with_a_forged_state_installs_nothing(oauth: SlackServer) -> None:
    response = oauth.http.get(
        oauth.url + "/slack/oauth_redirect", params={"code": "c0de", "state": "forged"}
    )
    assert response.status_code == 400
    assert oauth.standin.calls_to("oauth.v2.access") == []


def test_a_workspace_that_never_installed_is_told_so(oauth: SlackServer) -> None:
    response = oauth.command("/customer", "Should we charge for returns?", team="T999")
    assert response.status_code == 200
    respond = oauth.standin.wait_for("respond")[0]
    assert "not installed in this workspace yet" in respond.params["text"]


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"SLACK_BOT_TOKEN": "xoxb-1"}, "set SLACK_SIGNING_SECRET"),
        ({"SLACK_SIGNING_SECRET": "s"}, "set SLACK_BOT_TOKEN (one workspace) or"),
        ({"SLACK_SIGNING_SECRET": "s", "SLACK_BOT_TOKEN": "xoxp-1"}, "must be a bot token"),
        ({"SLACK_SIGNING_SECRET": "s", "SLACK_CLIENT_ID": "1"}, "set both SLACK_CLIENT_ID"),
        (
            {
                "SLACK_SIGNING_SECRET": "s",
                "SLACK_BOT_TOKEN": "xoxb-1",
                "SLACK_CLIENT_ID": "1",
                "SLACK_CLIENT_SECRET": "2",
            },
            "not both",
        ),
        (
            {"SLACK_SIGNING_SECRET": "s", "SLACK_CLIENT_ID": "1", "SLACK_CLIENT_SECRET": "2"},
            "OAuth installs keep bot tokens encrypted: set EMPTYCHAIR_SECRET_KEY",
        ),
        (
            {
                "SLACK_SIGNING_SECRET": "s",
                "SLACK_CLIENT_ID": "1",
                "SLACK_CLIENT_SECRET": "2",
                "EMPTYCHAIR_SECRET_KEY": "not-a-key",
            },
            "EMPTYCHAIR_SECRET_KEY: key 1 is not a Fernet key",
        ),
        (
            {"SLACK_SIGNING_SECRET": "s", "SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "x"},
            "must be an app-level token",
        ),
        (
            {"SLACK_SIGNING_SECRET": "s", "SLACK_BOT_TOKEN": "xoxb-1", "SLACK_API_URL": "ftp://x"},
            "SLACK_API_URL must be",
        ),
    ],
)
def test_bad_slack_settings_are_refused_with_what_to_set(env: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError, match=re.escape(message)):
        SlackSettings.from_env(env)


def test_slack_settings_from_the_environment() -> None:
    assert not SlackSettings.from_env({}).configured
    oauth = SlackSettings.from_env(
        {
            "SLACK_SIGNING_SECRET": "s",
            "SLACK_CLIENT_ID": "1",
            "SLACK_CLIENT_SECRET": "2",
            "SLACK_SCOPES": "commands, chat:write",
            "EMPTYCHAIR_SECRET_KEY": SECRET_KEY,
        }
    )
    assert oauth.oauth and oauth.scopes == ("commands", "chat:write")
    env = {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1"}
    assert SlackSettings.from_env(env, socket_mode=True).app_token == "xapp-1"
    with pytest.raises(ConfigError, match="--socket-mode needs SLACK_APP_TOKEN"):
        SlackSettings.from_env({"SLACK_BOT_TOKEN": "xoxb-1"}, socket_mode=True)


def test_serve_refuses_bad_configuration_in_one_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "s")
    monkeypatch.setenv("SLACK_BOT_TOKEN", "not-a-token")
    code, out, err = cli(capsys, "serve", "--port", "3999")
    assert (code, out) == (1, "")
    assert err == "error: SLACK_BOT_TOKEN must be a bot token (it starts with xoxb-)\n"
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-1")
    code, _, err = cli(capsys, "serve", "--socket-mode")
    assert (code, err) == (1, "error: --socket-mode needs SLACK_APP_TOKEN (an xapp- token)\n")


def test_the_real_slack_is_out_of_reach_in_tests() -> None:
    from slack_sdk import WebClient

    with pytest.raises(Exception, match="tests must not reach the network"):
        WebClient(token="xoxb-1", retry_handlers=[]).auth_test()
