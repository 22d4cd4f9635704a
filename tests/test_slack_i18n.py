"""Slack speaks the asker's language: from the question, else the user's Slack locale."""

from __future__ import annotations

import json

from tests.slack_fixtures import USER, SlackServer


def test_help_follows_the_users_slack_locale(slack: SlackServer) -> None:
    slack.standin.users[USER] = {"tz": "Europe/Warsaw", "locale": "pl-PL"}
    reply = slack.command("/emptychair", "help").json()
    assert reply["text"] == "Pomoc Empty Chair"
    assert "co jest lepsze dla klienta" in json.dumps(reply["blocks"], ensure_ascii=False)
    info = slack.standin.wait_for("users.info")[0]
    assert info.params["include_locale"] in ("true", "1", True)


def test_help_without_a_known_locale_is_english(slack: SlackServer) -> None:
    slack.standin.users[USER] = {"locale": "de-DE"}
    assert slack.command("/emptychair", "help").json()["text"] == "Empty Chair help"
