"""Bad values end in a one-line reason, never "unexpected failure": ids beyond 64 bits,
invalid UTF-8 and lone surrogates in arguments, 100,000-deep JSON, 5,000-digit numbers.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot import bounds, webhook
from bot.errors import InvalidInput, WebhookRejected
from bot.models import DecisionDraft
from bot.store import Store
from bot.workspace import Workspace
from tests.helpers import cli, db_digest

HUGE = "9" * 25
INVALID_UTF8 = b"caf\xe9 \xff".decode("utf-8", "surrogateescape")  # what Python makes of argv
LONE_SURROGATE = "fee \ud800 here"
TOO_LARGE = f"is too large (25 digits; the largest is {bounds.MAX_ID:,})"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["decisions", "show", HUGE], f"error: decision_ids {TOO_LARGE}"),
        (["decisions", "show", "D" + "7" * 5000], "is not an id (write them like D3, D7)"),
        (["decisions", "update", HUGE, "--owner", "ana"], f"error: decision_ids {TOO_LARGE}"),
        (["principles", "disable", HUGE], f"error: id {TOO_LARGE}"),
        (
            [
                "decisions",
                "log",
                "--title",
                "T",
                "--decision",
                "D",
                "--customer-impact",
                "C",
                "--feedback",
                HUGE,
            ],
            f"error: feedback_ids {TOO_LARGE}",
        ),
        (
            [
                "decisions",
                "log",
                "--title",
                "T",
                "--decision",
                "D",
                "--customer-impact",
                "C",
                "--principle",
                HUGE,
            ],
            f"error: principle_ids {TOO_LARGE}",
        ),
        (["feedback", "add", INVALID_UTF8], "error: argument 5 is not valid UTF-8 text"),
        (["ask", LONE_SURROGATE], "error: argument 4 is not valid UTF-8 text"),
        (
            [
                "decisions",
                "log",
                "--title",
                LONE_SURROGATE,
                "--decision",
                "D",
                "--customer-impact",
                "C",
            ],
            "error: argument 6 is not valid UTF-8 text",
        ),
        (["decisions", "list", "--limit", "7" * 5000], "error: Invalid value for '--limit'"),
    ],
)
def test_the_cli_gives_one_line_and_writes_nothing(
    capsys: pytest.CaptureFixture[str], db_path: Path, args: list[str], message: str
) -> None:
    Store(db_path).close()
    before = db_digest(db_path)
    code, out, err = cli(capsys, "--db", str(db_path), *args)
    assert code != 0 and out == ""
    assert message in err
    assert err.count("\n") == 1 and len(err) < 300, err
    assert "unexpected failure" not in err and "Traceback" not in err
    assert db_digest(db_path) == before


def test_the_core_refuses_what_sqlite_cannot_hold(store: Store) -> None:
    ws = Workspace(store, "default")
    with pytest.raises(InvalidInput, match="id is too large"):
        ws.get_decision(2**64)
    with pytest.raises(InvalidInput, match="id is too large"):
        ws.get_feedback([1, -(2**70)])
    with pytest.raises(InvalidInput, match="title is not valid Unicode"):
        ws.record_decision(DecisionDraft(title="\udc80", decision="d", customer_impact="c"))
    with pytest.raises(InvalidInput, match="feedback_ids is too large"):
        ws.record_decision(
            DecisionDraft(title="t", decision="d", customer_impact="c", feedback_ids=[10**30])
        )
    with pytest.raises(InvalidInput, match="the text is not valid Unicode"):
        ws.answer_for_customer(LONE_SURROGATE)
    assert ws.list_decisions() == []


@pytest.mark.parametrize(
    "body",
    [b"[" * 100_000 + b"]" * 100_000, b'{"text": "x", "n": ' + b"7" * 5000 + b"}"],
    ids=["100k-deep", "5000-digits"],
)
def test_the_webhook_parser_refuses_deep_json_and_long_numbers(body: bytes) -> None:
    with pytest.raises(WebhookRejected) as caught:
        webhook.parse_items(body)
    assert caught.value.status == 400
    assert "\n" not in caught.value.message
