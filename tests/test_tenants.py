"""`emptychair tenants`, the hint towards the one tenant that has data, and `serve` refusing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.feedback import FeedbackInput
from bot.store import Store
from bot.workspace import Workspace
from tests.helpers import cli


def fill(db: Path, tenant: str, snippets: int) -> None:
    store = Store(db)
    ws = Workspace(store, tenant)
    for i in range(snippets):
        ws.add_feedback(FeedbackInput(text=f"Returns were slow, order {i}", customer=f"C{i}"))
    store.close()


def test_tenants_lists_every_tenant_with_its_counts(
    capsys: pytest.CaptureFixture[str], db_path: Path
) -> None:
    fill(db_path, "slack:T0001", 3)
    fill(db_path, "teams:abc", 1)
    code, out, err = cli(
        capsys, "--db", str(db_path), "--tenant", "slack:T0001", "tenants", "--json"
    )
    assert (code, err) == (0, "")
    rows = {row["tenant"]: row for row in json.loads(out)}
    assert rows["slack:T0001"] == {
        "tenant": "slack:T0001",
        "feedback": 3,
        "decisions": 0,
        "own_principles": 0,
        "sessions": 0,
    }
    assert rows["teams:abc"]["feedback"] == 1
    code, out, _ = cli(capsys, "--db", str(db_path), "tenants")
    assert code == 0
    assert out.splitlines()[0].split() == [
        "tenant",
        "feedback",
        "decisions",
        "own",
        "principles",
        "sessions",
    ]
    assert any(line.split()[:2] == ["slack:T0001", "3"] for line in out.splitlines())


def test_an_empty_default_tenant_points_to_the_one_tenant_with_data(
    capsys: pytest.CaptureFixture[str], db_path: Path
) -> None:
    fill(db_path, "slack:T0001", 2)
    code, out, err = cli(capsys, "--db", str(db_path), "feedback", "search", "returns", "--json")
    assert code == 0
    assert json.loads(out) == []  # stdout stays one JSON document
    assert err == (
        "note: tenant 'default' has no feedback or decisions in this database; its data is "
        "under tenant 'slack:T0001' (use --tenant slack:T0001)\n"
    )
    code, out, err = cli(
        capsys,
        "--db",
        str(db_path),
        "--tenant",
        "slack:T0001",
        "feedback",
        "search",
        "returns",
        "--json",
    )
    assert (code, err) == (0, "")
    assert len(json.loads(out)) == 2


def test_no_hint_when_two_other_tenants_have_data(
    capsys: pytest.CaptureFixture[str], db_path: Path
) -> None:
    fill(db_path, "slack:T0001", 1)
    fill(db_path, "slack:T0002", 1)
    code, _, err = cli(capsys, "--db", str(db_path), "feedback", "search", "returns")
    assert (code, err) == (0, "")


def test_serve_with_no_platform_configured_refuses_in_one_line(
    capsys: pytest.CaptureFixture[str], db_path: Path
) -> None:
    code, out, err = cli(capsys, "--db", str(db_path), "serve")
    assert (code, out) == (1, "")
    assert err.startswith("error: nothing to serve: set SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN")
    assert "CLIENT_ID, CLIENT_SECRET and TENANT_ID" in err
    assert err.count("\n") == 1
