"""The core's decision rules reach Slack, Teams and the CLI as the same error on the same field."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from bot.ids import MAX_ID
from handlers.teams.cards import esc
from tests.helpers import cli, db_digest
from tests.slack_fixtures import SlackServer
from tests.teams_support import TeamsHarness, card_action, validate_card
from tests.test_slack_decisions import form, metadata, text

BIG_ID = "P99999999999999999999"  # beyond 64 bits
OPTIONS = [f"option {i}" for i in range(21)]  # one over the cap

#: (field, Slack block values, Teams form fields, CLI options, the core's sentence)
CASES: list[tuple[str, dict[str, Any], dict[str, str], list[str], str]] = [
    (
        "door",
        {"door": {"door_input": {"type": "radio_buttons", "selected_option": {"value": "ajar"}}}},
        {"door": "ajar"},
        ["--door", "ajar"],
        "Choose a one-way or a two-way door.",
    ),
    (
        "options",
        {"options": text("\n".join(OPTIONS))},
        {"options": "\n".join(OPTIONS)},
        [arg for o in OPTIONS for arg in ("--option", o)],
        "List at most 20 options.",
    ),
    (
        "review_on",
        {"review_on": {"x": {"type": "datepicker", "selected_date": "2001-01-01"}}},
        {"review_on": "2001-01-01"},
        ["--review-on", "2001-01-01"],
        "The review date 2001-01-01 is in the past; pick ",
    ),
    (
        "principle_ids",
        {"principle_ids": {"x": {"selected_options": [{"value": BIG_ID}]}}},
        {"principle_ids": BIG_ID},
        ["--principle", BIG_ID],
        f"Principle_ids is too large (20 digits; the largest is {MAX_ID:,}).",
    ),
    (
        "feedback_ids",
        {"feedback_ids": {"x": {"selected_options": [{"value": "X12"}]}}},
        {"feedback_ids": "X12"},
        ["--feedback", "X12"],
        "'X12' is not an id (write them like F3, F7).",
    ),
]
IDS = [case[0] for case in CASES]


def teams_form(**values: str) -> dict[str, Any]:
    data = {
        "form": "form-rules",
        "title": "Keep free returns",
        "decision": "Returns stay free for everyone",
        "customer_impact": "Consumers keep free returns; we absorb the cost",
        "door": "two-way",
        "review_on": "2030-01-15",
    }
    return {**data, **values}


@pytest.mark.parametrize(("field", "slack_values", "_t", "_c", "message"), CASES, ids=IDS)
def test_slack_shows_the_core_error_on_its_block(
    slack: SlackServer, field: str, slack_values: dict[str, Any], _t: Any, _c: Any, message: str
) -> None:
    before = db_digest(slack.db_path)
    answer = slack.submit("decision_modal", form(**slack_values), metadata=metadata()).json()
    assert answer["response_action"] == "errors"
    [(block, shown)] = answer["errors"].items()
    assert block == field and shown.startswith(message)
    assert db_digest(slack.db_path) == before


@pytest.mark.parametrize(("field", "_s", "teams_values", "_c", "message"), CASES, ids=IDS)
def test_teams_shows_the_core_error_under_its_input(
    teams: TeamsHarness, field: str, _s: Any, teams_values: dict[str, str], _c: Any, message: str
) -> None:
    response: httpx.Response = teams.post(
        card_action("decision.submit", teams_form(**teams_values))
    )
    assert response.status_code == 200
    card = response.json()["value"]
    validate_card(card)
    body = card["body"]
    at = next(i for i, e in enumerate(body) if e.get("id") == field)
    assert body[at + 1]["type"] == "TextBlock" and body[at + 1]["color"] == "attention"
    assert body[at + 1]["text"].startswith(esc(message))  # markdown-escaped, as typed text
    assert [e["text"] for e in body if e.get("color") == "attention"] == [body[at + 1]["text"]]


@pytest.mark.parametrize(("_f", "_s", "_t", "cli_args", "message"), CASES, ids=IDS)
def test_the_cli_prints_the_core_error_in_one_line(
    capsys: pytest.CaptureFixture[str],
    db_path: Path,
    _f: Any,
    _s: Any,
    _t: Any,
    cli_args: list[str],
    message: str,
) -> None:
    base = ["decisions", "log", "--title", "x", "--decision", "y", "--customer-impact", "z"]
    code, out, err = cli(capsys, "--db", str(db_path), *base, *cli_args)
    assert (code, out) == (1, "")
    clause = message[0].lower() + message[1:]
    assert err.startswith("error: " + clause.rstrip(".")) and err.count("\n") == 1
