"""Principles: the built-in library, additions, imports, disabling."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.errors import Conflict, ImportFailed, InvalidInput, NotFound
from bot.principles import builtin_principles
from bot.workspace import Workspace
from tests.helpers import cli, db_digest


def test_builtin_library_is_complete_and_well_formed() -> None:
    items = builtin_principles()
    assert len(items) >= 15
    assert len({i["key"] for i in items}) == len(items)
    for item in items:
        assert item["title"] and item["attribution"]
        sentences = [s for s in item["body"].replace("?", ".").split(". ") if s.strip()]
        assert 1 <= len(sentences) <= 3, item["key"]
        assert item["tags"], item["key"]


def test_library_is_seeded_once_per_tenant(ws: Workspace, store) -> None:  # type: ignore[no-untyped-def]
    first = ws.principles()
    assert len(first) == len(builtin_principles())
    assert ws.principles() == first
    other = Workspace(store, "slack:T2").principles()
    assert {p.title for p in other} == {p.title for p in first}
    assert not {p.id for p in other} & {p.id for p in first}


def test_add_disable_enable(ws: Workspace) -> None:
    added = ws.add_principle("Refunds within a day", "Money back fast keeps trust.", ["refund"])
    assert added.title == "Refunds within a day" and added.tags == ("refund",)
    with pytest.raises(Conflict):
        ws.add_principle("refunds within a DAY", "dup")
    assert (
        ws.answer_for_customer("How fast should refunds be?").principles[0].principle.id == added.id
    )
    ws.set_principle_active(added.id, False)
    assert added.id not in [p.principle.id for p in ws.answer_for_customer("refunds?").principles]
    assert added.id in [p.id for p in ws.principles(include_inactive=True)]
    ws.set_principle_active(added.id, True)
    with pytest.raises(NotFound):
        ws.set_principle_active(99_999, False)


@pytest.mark.parametrize(("title", "body"), [("", "b"), ("t", ""), ("t" * 201, "b")])
def test_invalid_principles(ws: Workspace, title: str, body: str) -> None:
    with pytest.raises(InvalidInput):
        ws.add_principle(title, body)


def test_import_csv_and_jsonl_idempotent(ws: Workspace, tmp_path: Path) -> None:
    csv_path = tmp_path / "p.csv"
    csv_path.write_text(
        "title,body,tags\nFix root causes,Every ticket is a defect.,support;tickets\n",
        encoding="utf-8",
    )
    jsonl = tmp_path / "p.jsonl"
    jsonl.write_text(
        json.dumps({"title": "Say no kindly", "body": "Decline with care.", "tags": ["sales"]})
        + "\n",
        encoding="utf-8",
    )
    assert ws.import_principles(csv_path).added == 1
    assert ws.import_principles(jsonl).added == 1
    again = ws.import_principles(csv_path)
    assert (again.added, again.skipped) == (0, 1)
    titles = {p.title: p for p in ws.principles()}
    assert titles["Fix root causes"].tags == ("support", "tickets")


def test_bad_principle_import_writes_nothing(ws: Workspace, tmp_path: Path, db_path: Path) -> None:
    ws.principles()
    path = tmp_path / "bad.csv"
    path.write_text("title,body\nGood one,Fine body\nMissing body,\n", encoding="utf-8")
    before = db_digest(db_path)
    with pytest.raises(ImportFailed, match="line 3, column 'body'"):
        ws.import_principles(path)
    assert db_digest(db_path) == before


def test_cli_principles(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(
        capsys,
        "principles",
        "add",
        "--title",
        "Ship small",
        "--body",
        "Small changes are easy to undo.",
        "--tag",
        "release",
        "--json",
    )
    assert code == 0
    new_id = json.loads(out)["id"]
    code, out, _ = cli(capsys, "principles", "disable", str(new_id))
    assert (code, out) == (0, f"Disabled P{new_id}: Ship small\n")
    code, out, _ = cli(capsys, "principles", "list", "--json")
    assert new_id not in [p["id"] for p in json.loads(out)]
    code, _, err = cli(capsys, "principles", "disable", "424242")
    assert (code, err) == (1, "error: no principle with id 424242\n")
