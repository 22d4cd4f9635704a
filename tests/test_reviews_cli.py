"""`emptychair decisions outcome|withdraw|review` from the terminal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import cli, db_digest

LOG = [
    "decisions",
    "log",
    "--title",
    "Keep free returns",
    "--decision",
    "Returns stay free",
    "--customer-impact",
    "Consumers keep free returns",
    "--owner",
    "ana",
    "--review-on",
    "2099-01-10",
]


def test_an_outcome_answers_the_review_and_shows_on_the_decision(
    capsys: pytest.CaptureFixture[str],
) -> None:
    cli(capsys, *LOG)
    code, out, _ = cli(capsys, "decisions", "review", "--today", "2099-01-15")
    assert code == 0
    assert (
        "  D1  review 2099-01-10  5 days overdue  owner ana  missing: outcome, customer evidence,"
        " principle  Keep free returns\n" in out
    )
    code, out, _ = cli(
        capsys, "decisions", "outcome", "D1", "--result", "worked", "--note", "Churn fell 2%"
    )
    assert (code, out) == (0, "D1: outcome recorded (worked, keep)\n")
    code, out, _ = cli(capsys, "decisions", "show", "1")
    assert "  Outcome: worked, keep (" in out
    assert "  Customer result: Churn fell 2%\n" in out
    assert "Review on" not in out
    code, out, _ = cli(capsys, "decisions", "review", "--json", "--today", "2099-01-15")
    assert json.loads(out)["reviews_due"] == []
    code, out, _ = cli(capsys, "decisions", "show", "1", "--json")
    shown = json.loads(out)
    assert (shown["outcome_result"], shown["outcome_next"], shown["outcome"]) == (
        "worked",
        "keep",
        "Churn fell 2%",
    )
    assert shown["history"][-1]["action"] == "outcome"


def test_review_json_has_days_overdue_owner_status_and_what_is_missing(
    capsys: pytest.CaptureFixture[str],
) -> None:
    cli(capsys, *LOG)
    _code, out, _ = cli(capsys, "decisions", "review", "--json", "--today", "2099-01-12")
    [item] = json.loads(out)["reviews_due"]
    assert (item["id"], item["review_on"], item["days_overdue"], item["owner_status"]) == (
        1,
        "2099-01-10",
        2,
        "ok",
    )
    assert item["missing"] == ["outcome", "customer evidence", "principle"]


def test_withdraw_keeps_the_record_but_not_in_lists(capsys: pytest.CaptureFixture[str]) -> None:
    cli(capsys, *LOG)
    code, out, _ = cli(capsys, "decisions", "withdraw", "1", "--reason", "Logged by mistake")
    assert (code, out) == (0, "Withdrew D1: Keep free returns\n")
    assert cli(capsys, "decisions", "list", "--json")[1] == "[]\n"
    code, out, _ = cli(capsys, "decisions", "list", "--status", "withdrawn", "--json")
    assert [d["id"] for d in json.loads(out)] == [1]
    code, out, _ = cli(capsys, "decisions", "show", "1")
    assert "D1: Keep free returns [withdrawn]" in out and '"reason": "Logged by mistake"' in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["decisions", "outcome", "1", "--result", "worked"],
            "error: say in a sentence what the result was for customers\n",
        ),
        (["decisions", "outcome", "9", "--result", "too-early"], "error: no decision with id 9\n"),
        (
            ["decisions", "withdraw", "1", "--reason", " "],
            "error: say why the decision is withdrawn\n",
        ),
    ],
)
def test_bad_outcomes_are_one_line_and_write_nothing(
    capsys: pytest.CaptureFixture[str], db_path: Path, args: list[str], message: str
) -> None:
    cli(capsys, "--db", str(db_path), *LOG)
    before = db_digest(db_path)
    code, out, err = cli(capsys, "--db", str(db_path), *args)
    assert (code != 0, out, err) == (True, "", message)
    assert db_digest(db_path) == before
