"""The `decisions` commands, through the real CLI."""

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
    "--option",
    "Charge $3",
    "--option",
    "Keep free",
    "--door",
    "two-way",
    "--owner",
    "ana",
    "--review-on",
    "2027-01-15",
]


def test_log_show_list_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = cli(capsys, *LOG, "--json")
    assert (code, err) == (0, "")
    logged = json.loads(out)
    assert logged["title"] == "Keep free returns" and logged["status"] == "decided"
    assert logged["options"] == ["Charge $3", "Keep free"]
    code, out, _ = cli(capsys, "decisions", "show", str(logged["id"]), "--json")
    shown = json.loads(out)
    assert shown["history"][0]["action"] == "created"
    assert shown["history"][0]["actor"].startswith("cli")
    code, out, _ = cli(capsys, "decisions", "list", "--json", "--search", "returns")
    assert [d["id"] for d in json.loads(out)] == [logged["id"]]
    code, out, _ = cli(capsys, "decisions", "list")
    assert out.startswith(f"D{logged['id']}  ")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["decisions", "show", "999"], "error: no decision with id 999\n"),
        (["decisions", "show", "abc"], "error: 'abc' is not an id (write them like D3, D7)"),
        ([*LOG[:-1], "next week"], "error: review_on 'next week' is not a date (use YYYY-MM-DD)\n"),
        (
            ["decisions", "log", "--title", "x", "--decision", "y"],
            "error: the decision needs customer impact\n",
        ),
        (
            ["decisions", "list", "--since", "yesterday"],
            "error: since 'yesterday' is not a date (use YYYY-MM-DD)\n",
        ),
        (["decisions", "reverse", "5", "--reason", "x"], "error: no decision with id 5\n"),
        (["decisions", "supersede", "7", "--by", "8"], "error: no decision with id 7\n"),
        (
            [
                "decisions",
                "log",
                "--title",
                "x",
                "--decision",
                "y",
                "--customer-impact",
                "z",
                "--feedback",
                "77",
            ],
            "error: no feedback snippet with id 77\n",
        ),
    ],
)
def test_bad_input_is_one_line_and_writes_nothing(
    capsys: pytest.CaptureFixture[str], db_path: Path, args: list[str], message: str
) -> None:
    assert cli(capsys, "--db", str(db_path), "principles", "list")[0] == 0
    before = db_digest(db_path)
    code, out, err = cli(capsys, "--db", str(db_path), *args)
    assert code != 0 and out == ""
    assert err.startswith(message.rstrip("\n")) and err.count("\n") == 1
    assert db_digest(db_path) == before


def test_supersede_reverse_review_export(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    cli(capsys, *LOG)
    code, out, _ = cli(
        capsys,
        "decisions",
        "supersede",
        "1",
        "--title",
        "Free over $20",
        "--decision",
        "Free above $20",
        "--customer-impact",
        "Small orders pay",
        "--cites",
        "1",
        "--json",
    )
    assert code == 0 and json.loads(out)["id"] == 2
    code, out, _ = cli(capsys, "decisions", "review", "--json", "--today", "2027-02-01")
    queue = json.loads(out)
    # D2 cites the decision it replaced: history, not a stale citation.
    assert queue["superseded_still_cited"] == []
    assert [d["id"] for d in queue["without_customer_evidence"]] == [2]
    code, out, _ = cli(capsys, "decisions", "reverse", "2", "--reason", "Too confusing")
    assert out == "Reversed D2: Free over $20\n"
    target = tmp_path / "log.json"
    code, _, err = cli(capsys, "decisions", "export", "--format", "json", "-o", str(target))
    assert code == 0 and err == f"Wrote 2 decisions to {target}\n"
    exported = json.loads(target.read_text(encoding="utf-8"))
    assert [d["status"] for d in exported] == ["reversed", "superseded"]
    assert [h["action"] for h in exported[1]["history"]] == ["created", "superseded"]
