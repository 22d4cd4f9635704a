"""The README's next steps work as written on a fresh clone, in order."""

from __future__ import annotations

import shlex
import shutil
from pathlib import Path

import pytest

from tests.helpers import cli

ROOT = Path(__file__).resolve().parents[1]
MARKER = "<!-- next-steps: tests/test_readme.py runs this block -->"


def next_steps() -> list[list[str]]:
    """The commands of the README's next-steps block, continuation lines joined."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split(MARKER, 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
    commands = []
    for line in block.replace("\\\n", " ").splitlines():
        words = shlex.split(line, comments=True)
        if words:
            commands.append(words)
    return commands


def test_the_examples_ship_enough_multilingual_snippets() -> None:
    import csv

    with (ROOT / "examples" / "feedback.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) >= 200
    from bot.answer.language import guess_language

    languages = {guess_language(r["text"]) for r in rows}
    assert {"en", "pl", "ja", "zh", "th"} <= languages
    assert {r["segment"] for r in rows} >= {"enterprise", "smb", "consumer"}
    assert all(r["customer"] and r["source"] and r["created_at"] for r in rows)


def test_every_next_step_works_as_written(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path)  # a fresh clone: ./emptychair.db does not exist yet
    commands = next_steps()
    assert len(commands) >= 6
    outputs = []
    for words in commands:
        assert words[0] == ".venv/bin/emptychair", words
        code, out, err = cli(capsys, *words[1:])
        assert (code, err) == (0, ""), (words, err)
        outputs.append(out)
    assert (tmp_path / "emptychair.db").exists()
    assert outputs[0].endswith(
        "Dry run: 212 rows read, 212 would be added, 0 already stored or repeated."
        " Nothing was written.\n"
    )
    assert outputs[1] == "Imported 212 of 212 rows (0 already stored).\n"
    assert "[F" in outputs[2] and "[P" in outputs[2]
    assert "free returns" in outputs[3].lower()
    assert "  Evidence: P16, F1, F9\n" in outputs[5]
    assert outputs[6] == "Deleted 1 snippet; the deletion is recorded (not its content).\n"
    assert "  Evidence: P16, F1 (evidence removed at the customer's request), F9\n" in outputs[7]
