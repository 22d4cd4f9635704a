"""`emptychair ask` answers in the question's language; its help stays English."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import cli


def test_the_answer_follows_the_questions_language(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    db = str(tmp_path / "c.db")
    code, _, _ = cli(
        capsys,
        "--db",
        db,
        "feedback",
        "add",
        "返品が無料なので、ここで買っています",
        "--customer",
        "田中商事",
    )
    assert code == 0
    code, out, err = cli(capsys, "--db", db, "ask", "返品を有料にすべきですか？")
    assert (code, err) == (0, "")
    first, principle = out.splitlines()[:2]
    assert "顧客" in first and not first.isascii()  # the verdict, in Japanese
    assert principle.startswith("原則 [P")
    assert "根拠が不十分" in out  # one customer: thin evidence, said in Japanese
    code, out, _ = cli(capsys, "--db", db, "ask", "--json", "返品を有料にすべきですか？")
    document = json.loads(out)
    assert document["language"] == "ja"
    assert document["verdict"]["text"] == first


def test_an_unknown_language_is_answered_in_english(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    db = str(tmp_path / "c.db")
    code, out, _ = cli(
        capsys, "--db", db, "ask", "--json", "Sollten wir für Rücksendungen Geld verlangen?"
    )
    assert code == 0
    document = json.loads(out)
    assert document["language"] == "de"
    assert document["verdict"]["text"].startswith("Customers have not spoken to this yet")
