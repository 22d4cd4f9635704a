"""Feedback capture and import: masking, atomicity, idempotency, clear errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.errors import ImportFailed, InvalidInput
from bot.feedback import FeedbackInput
from bot.workspace import Workspace
from tests.helpers import cli, db_digest

CSV = (
    "external_id,source,customer,segment,sentiment,created_at,text\n"
    "t-1,zendesk,Acme,enterprise,negative,2026-01-05,Refunds take three weeks. Mail me: a.b@acme.com\n"
    't-2,zendesk,Beta,smb,,2026-02-01,"Free returns are why we buy, thank you!"\n'
    "t-3,survey,Gamma,consumer,positive,,Zwroty są szybkie i bezproblemowe\n"
)


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def test_add_masks_email_and_phone_and_guesses_sentiment(ws: Workspace) -> None:
    stored, new = ws.add_feedback(
        FeedbackInput(
            "Terrible delay, call me on +48 601 234 567 or jan@example.pl", customer="Jan"
        )
    )
    assert new is True
    assert stored.text == "Terrible delay, call me on [phone] or [email]"
    assert stored.sentiment == "negative"


def test_masking_can_be_switched_off(store, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from bot.config import Settings

    ws = Workspace(store, "default", Settings(mask_personal_data=False))
    stored, _ = ws.add_feedback(FeedbackInput("write to jan@example.pl"))
    assert stored.text == "write to jan@example.pl"


def test_adding_the_same_text_twice_adds_once(ws: Workspace) -> None:
    first, new1 = ws.add_feedback(FeedbackInput("The  checkout is slow"))
    second, new2 = ws.add_feedback(FeedbackInput("the checkout is SLOW"))
    assert (new1, new2) == (True, False)
    assert first.id == second.id


def test_import_csv_then_reimport_adds_nothing(ws: Workspace, tmp_path: Path) -> None:
    path = write(tmp_path, "f.csv", CSV)
    first = ws.import_feedback(path)
    assert (first.rows, first.added, first.skipped) == (3, 3, 0)
    again = ws.import_feedback(path)
    assert (again.rows, again.added, again.skipped) == (3, 0, 3)
    found = ws.search_feedback("refunds weeks", 5)
    assert found[0].feedback.external_id == "t-1"
    assert "[email]" in found[0].feedback.text
    assert found[0].feedback.sentiment == "negative"
    assert found[0].feedback.created_at == "2026-01-05"


def test_import_jsonl(ws: Workspace, tmp_path: Path) -> None:
    rows = [
        {"text": "Dark mode please", "customer": "Ola", "external_id": "1", "source": "app"},
        {"text": "暗黑模式太棒了", "customer": "Li", "external_id": "2", "source": "app"},
    ]
    path = write(tmp_path, "f.jsonl", "\n".join(json.dumps(r, ensure_ascii=False) for r in rows))
    assert ws.import_feedback(path).added == 2
    assert ws.search_feedback("暗黑模式", 5)[0].feedback.customer == "Li"


def test_same_external_id_in_another_source_is_a_different_snippet(
    ws: Workspace, tmp_path: Path
) -> None:
    path = write(
        tmp_path, "f.csv", "source,external_id,text\nzendesk,1,Same words\nsurvey,1,Same words\n"
    )
    assert ws.import_feedback(path).added == 2


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "no-text.csv",
            "customer,comment\nAcme,hello\n",
            "line 1, column 'text': no 'text' column",
        ),
        ("empty.csv", "", "line 1: the file is empty"),
        (
            "bad-utf8.csv",
            b"text,customer\nfine,Acme\n\xff\xfe broken,Beta\n",
            "line 3: not valid UTF-8",
        ),
        (
            "broken.jsonl",
            '{"text": "ok"}\n{"text": "no closing brace"\n{"text": "fine"}\n',
            "line 2: not valid JSON",
        ),
        (
            "not-object.jsonl",
            '{"text": "ok"}\n["text"]\n',
            "line 2: each line must be a JSON object",
        ),
        (
            "empty-text.csv",
            "text,customer\nfine,A\n   ,B\n",
            "line 3, column 'text': text is empty",
        ),
        (
            "bad-sentiment.csv",
            "text,sentiment\nok,positive\nok2,furious\n",
            "line 3, column 'sentiment': unknown sentiment",
        ),
        (
            "bad-date.csv",
            "text,created_at\nok,2026-13-45\n",
            "line 2, column 'created_at': created_at '2026-13-45' is not a date",
        ),
        ("bad-url.csv", "text,url\nok,javascript:alert(1)\n", "line 2, column 'url'"),
        ("extra-cells.csv", "text\nok,surplus\n", "line 2: 2 cells but the header has 1 columns"),
    ],
)
def test_bad_import_files_fail_cleanly_and_write_nothing(
    ws: Workspace, tmp_path: Path, db_path: Path, name: str, content: str | bytes, message: str
) -> None:
    ws.add_feedback(FeedbackInput("already here"))
    ws.principles()  # the built-in library loads on first use, before any import starts
    before = db_digest(db_path)
    with pytest.raises(ImportFailed) as excinfo:
        ws.import_feedback(write(tmp_path, name, content))
    assert message in excinfo.value.message
    assert "\n" not in excinfo.value.message
    assert db_digest(db_path) == before


def test_a_bad_row_after_good_ones_writes_nothing(
    ws: Workspace, tmp_path: Path, db_path: Path
) -> None:
    good = "".join(f"row number {i} about returns\n" for i in range(3000))
    path = write(tmp_path, "late-error.csv", "text\n" + good + '"unterminated\n')
    ws.principles()
    before = db_digest(db_path)
    with pytest.raises(ImportFailed, match="line 3002"):
        ws.import_feedback(path)
    assert db_digest(db_path) == before
    assert ws.search_feedback("returns", 5) == []


def test_missing_file_is_a_clear_error(ws: Workspace, tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="no such file"):
        ws.import_feedback(tmp_path / "nope.csv")


def test_oversized_snippet_is_refused(ws: Workspace) -> None:
    with pytest.raises(InvalidInput, match="too long"):
        ws.add_feedback(FeedbackInput("x" * 20_001))


def test_cli_import_and_search_json(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = write(tmp_path, "f.csv", CSV)
    code, out, err = cli(capsys, "feedback", "import", str(path), "--json")
    assert (code, err) == (0, "")
    assert json.loads(out) == {"rows": 3, "added": 3, "skipped": 0}
    code, out, err = cli(capsys, "feedback", "search", "zwrotów", "--json")
    assert code == 0
    hits = json.loads(out)
    assert [h["external_id"] for h in hits] == ["t-3"]


def test_cli_import_error_is_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = write(tmp_path, "bad.csv", "customer\nAcme\n")
    code, out, err = cli(capsys, "feedback", "import", str(path))
    assert code == 1
    assert out == ""
    assert err == "error: line 1, column 'text': no 'text' column in the header (found: customer)\n"


def test_progress_bar_is_shown_when_asked(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = write(tmp_path, "f.csv", CSV)
    code, out, err = cli(capsys, "feedback", "import", str(path), "--progress")
    assert code == 0
    assert out == "Imported 3 of 3 rows (0 already stored).\n"
    assert "importing:" in err and f"/{path.stat().st_size}" in err  # tqdm, on stderr only


def test_no_progress_bar_when_not_a_terminal(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = write(tmp_path, "f.csv", CSV)
    code, _, err = cli(capsys, "feedback", "import", str(path))
    assert (code, err) == (0, "")
