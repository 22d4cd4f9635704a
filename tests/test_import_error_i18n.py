"""A bad row of an import file is reported in the reader's language, line and column kept.

`ImportFailed` put "line N, column 'x': " in front of its reason in English and most
reasons were English f-strings, so a Polish or Japanese user read every import error in
English. The reason is now a message id with its parameters, the place is translated
too, and the worker processes of a large import carry the id and parameters back, so
both paths say the same thing in every language.
"""

from __future__ import annotations

import ast
import csv
from pathlib import Path

import pytest

import bot.ingest
from bot.errors import ImportFailed, InvalidInput, user_message
from bot.feedback import import_feedback
from bot.reminders import parse_time, parse_timezone
from bot.store import Store
from tests.helpers import cli

ROOT = Path(__file__).resolve().parents[1]


def write(path: Path, content: str | bytes) -> str:
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return str(path)


CASES = [
    # (locale, command, file name, content, extra options, expected error line)
    (
        "pl_PL.UTF-8",
        "feedback",
        "nocol.csv",
        "body\nhello\n",
        (),
        "wiersz 1, kolumna 'text': w nagłówku nie ma kolumny 'text' (znaleziono: body)",
    ),
    (
        "ja_JP.UTF-8",
        "feedback",
        "array.jsonl",
        '{"text": "ok"}\n[1]\n',
        (),
        "2 行目: 各行は JSON オブジェクトである必要があります",
    ),
    (
        "pl_PL.UTF-8",
        "feedback",
        "url.csv",
        "text,url\nfine,\nbad,ftp://x\n",
        (),
        "wiersz 3, kolumna 'url': url 'ftp://x' musi zaczynać się od https:// lub http://",
    ),
    (
        "zh_CN.UTF-8",
        "feedback",
        "date.jsonl",
        '{"text": "a", "created_at": "soon"}\n',
        (),
        "第 1 行，列 'created_at'：created_at 'soon' 不是日期（请使用 YYYY-MM-DD 或 ISO 8601）",
    ),
    (
        "th_TH.UTF-8",
        "feedback",
        "obj.jsonl",
        '{"text": "a", "customer": {"a": 1}}\n',
        (),
        "บรรทัด 1 คอลัมน์ 'customer': ต้องการข้อความ แต่พบออบเจ็กต์หรือลิสต์ JSON",
    ),
    (
        "ja_JP.UTF-8",
        "feedback",
        "utf.csv",
        b"text\nok\n\xff\xfe\n",
        (),
        "3 行目: UTF-8 として不正です（行の 1 バイト目）。ファイルを UTF-8 で保存してください",
    ),
    (
        "pl_PL.UTF-8",
        "feedback",
        "mapped.csv",
        "body\nhello\n",
        ("--map", "text=Comment"),
        "wiersz 1: w nagłówku nie ma kolumny 'comment' (znaleziono: body)",
    ),
    (
        "pl_PL.UTF-8",
        "feedback",
        "deep.jsonl",
        '{"text": ' + "[" * 100 + "]" * 100 + "}\n",
        (),
        "wiersz 1: JSON zagnieżdżony na więcej niż 64 poziomach",
    ),
    (
        "ja_JP.UTF-8",
        "feedback",
        "fmt.csv",
        "text,created_at\nhi,2026/13/01\n",
        ("--date-format", "%d.%m.%Y"),
        "2 行目、列 'created_at': created_at '2026/13/01' が日付形式 '%d.%m.%Y' に合いません",
    ),
    (
        "pl_PL.UTF-8",
        "decisions",
        "status.csv",
        "title,decision,customer_impact,status\nT,D,I,maybe\n",
        (),
        "wiersz 2, kolumna 'status': status musi mieć jedną z wartości: decided, superseded, "
        "reversed, withdrawn",
    ),
    (
        "th_TH.UTF-8",
        "decisions",
        "future.csv",
        "title,decision,customer_impact,created_at\nT,D,I,2999-01-01\n",
        (),
        "บรรทัด 2 คอลัมน์ 'created_at': 2999-01-01 เป็นเวลาในอนาคต",
    ),
    (
        "ja_JP.UTF-8",
        "decisions",
        "cites.csv",
        "title,decision,customer_impact,decision_ids\nT,D,I,77\n",
        (),
        "2 行目、列 'decision_ids': 意思決定 77 はファイルにも記録にもありません",
    ),
    (
        "zh_CN.UTF-8",
        "principles",
        "long.csv",
        "title,body\n" + "x" * 300 + ",b\n",
        (),
        "第 2 行，列 'title'：标题超过 200 个字符",
    ),
]


@pytest.mark.parametrize(
    ("locale", "group", "name", "content", "options", "expected"),
    CASES,
    ids=[f"{c[1]}-{c[2]}-{c[0][:2]}" for c in CASES],
)
def test_a_bad_row_is_reported_in_the_locale_language(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    locale: str,
    group: str,
    name: str,
    content: str | bytes,
    options: tuple[str, ...],
    expected: str,
) -> None:
    path = write(tmp_path / name, content)
    db = str(tmp_path / "i.db")
    monkeypatch.setenv("LANG", locale)
    code, out, err = cli(capsys, "--db", db, group, "import", path, *options)
    assert (code, out, err) == (1, "", f"error: {expected}\n")


def test_the_same_rows_stay_english_without_a_locale(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = write(tmp_path / "url.csv", "text,url\nfine,\nbad,ftp://x\n")
    code, _out, err = cli(capsys, "--db", str(tmp_path / "i.db"), "feedback", "import", path)
    assert (code, err) == (
        1,
        "error: line 3, column 'url': url 'ftp://x' must start with https:// or http://\n",
    )


def bad_file(path: Path, rows: int, bad: int, column: str, value: str) -> Path:
    with path.open("w", newline="", encoding="utf-8") as out:
        w = csv.writer(out)
        w.writerow(["external_id", "text", "url", "sentiment"])
        for i in range(rows):
            cells = {"url": "", "sentiment": ""}
            if i + 2 == bad:
                cells[column] = value
            w.writerow([f"T{i}", f"note {i} about refunds", cells["url"], cells["sentiment"]])
    return path


@pytest.mark.parametrize(
    ("column", "value", "polish"),
    [
        ("url", "ftp://nope", "url 'ftp://nope' musi zaczynać się od https:// lub http://"),
        (
            "sentiment",
            "meh",
            "nieznany wydźwięk 'meh' (użyj positive, negative, neutral lub mixed)",
        ),
    ],
)
def test_worker_processes_say_what_the_serial_path_says(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, column: str, value: str, polish: str
) -> None:
    # pytest-xdist runs an I/O thread next to the tests; the worker only forks for
    # preparing rows, which takes no lock another thread could hold.
    monkeypatch.setattr(bot.ingest, "can_fork", lambda: True)
    path = bad_file(tmp_path / "big.csv", 400, 250, column, value)
    said = []
    for workers in (0, 2):
        store = Store(tmp_path / f"w{workers}.db")
        try:
            with pytest.raises(ImportFailed) as failed:
                import_feedback(store, "acme", path, workers=workers)
        finally:
            store.close()
        exc = failed.value
        said.append((exc.line, exc.column, user_message(exc, "pl", sentence=False), exc.message))
    assert said[0] == said[1]
    assert said[0][2] == f"wiersz 250, kolumna '{column}': {polish}"
    assert said[0][3].startswith(f"line 250, column '{column}': ")


def test_a_row_error_keeps_the_reason_of_the_value_error() -> None:
    exc = ImportFailed("at most {limit} tags", line=4, column="tags", limit=5)
    assert exc.message == "line 4, column 'tags': at most 5 tags"
    assert exc.reason == "at most 5 tags"
    assert user_message(exc, "ja", sentence=False) == "4 行目、列 'tags': タグは 5 個までです"
    again = ImportFailed.at(exc, line=9, column="x")
    assert again is exc  # the place a reader found stays
    assert str(ImportFailed("the file is empty; expected a header row")) == (
        "the file is empty; expected a header row"
    )


#: Answers of the feedback webhook go to a sending program as JSON, in English on purpose.
MACHINE_FACING = {"bot/webhook.py", "bot/sync/landing.py"}
ERRORS = {
    "ImportFailed",
    "InvalidInput",
    "NotFound",
    "Conflict",
    "ConfigError",
    "StoreError",
    "SyncFailed",
    "SyncAuthFailed",
    "SyncBusy",
}


def untranslatable_errors(path: Path) -> list[str]:
    """Errors raised with an f-string or an English `t("en", ...)` (no catalog can help)."""
    bad = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
        first = node.args[0]
        english = isinstance(first, ast.Call) and getattr(first.func, "id", None) == "t"
        if name in ERRORS and (isinstance(first, (ast.JoinedStr, ast.BinOp)) or english):
            bad.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return bad


def test_no_error_is_built_in_english() -> None:
    sources = [*(ROOT / "bot").rglob("*.py"), *(ROOT / "handlers").rglob("*.py")]
    modules = [p for p in sorted(sources) if str(p.relative_to(ROOT)) not in MACHINE_FACING]
    bad = [b for module in modules for b in untranslatable_errors(module)]
    assert bad == [], "pass an N_ message id and its parameters instead"


def test_the_scanner_sees_an_fstring_and_an_english_t(tmp_path: Path) -> None:
    probe = ROOT / "tests" / f"_probe_{tmp_path.name}.py"
    probe.write_text(
        "raise ImportFailed(f'line {n}', line=1)\n"
        "raise ConfigError(t('en', 'missing {x}', x=1))\n"
        "raise InvalidInput(N_('fine {x}'), x=1)\n",
        encoding="utf-8",
    )
    try:
        assert [b.split(":")[1] for b in untranslatable_errors(probe)] == ["1", "2"]
    finally:
        probe.unlink()


def test_sync_errors_follow_the_locale(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # They were translated to English where they were raised (`t("en", ...)`).
    db = str(tmp_path / "s.db")
    monkeypatch.setenv("LANG", "pl_PL.UTF-8")
    code, _out, err = cli(capsys, "--db", db, "feedback", "sync", "zendesk")
    assert (code, err) == (1, "error: brak --url (EMPTYCHAIR_ZENDESK_URL)\n")
    monkeypatch.setenv("LANG", "ja_JP.UTF-8")
    code, _out, err = cli(
        capsys,
        *("--db", db, "feedback", "sync", "zendesk", "--url", "https://acme.zendesk.com"),
        *("--email", "a@acme.example", "--token", "t0k", "--since", "soon"),
    )
    assert (code, err) == (
        1,
        "error: --since 'soon' は日付ではありません（YYYY-MM-DD 形式で指定してください）\n",
    )


def test_other_core_errors_follow_the_locale_too(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # Reminders, sessions and decisions raised English f-strings; chat users read them.
    with pytest.raises(InvalidInput) as time:
        parse_time("25:99")
    with pytest.raises(InvalidInput) as zone:
        parse_timezone("Mars/Olympus")
    assert user_message(time.value, "pl") == "'25:99' nie jest godziną (użyj HH:MM, np. 09:30)."
    assert user_message(zone.value, "th", sentence=False) == (
        "ไม่รู้จักเขตเวลา 'Mars/Olympus' (ใช้ชื่อเช่น Europe/Warsaw หรือ America/New_York)"
    )
    assert user_message(time.value, "en") == "'25:99' is not a time (use HH:MM, e.g. 09:30)."
    db = str(tmp_path / "c.db")
    monkeypatch.setenv("LANG", "ja_JP.UTF-8")
    assert cli(capsys, "--db", db, "decisions", "show", "999") == (
        1,
        "",
        "error: ID 999 の意思決定はありません\n",
    )
    monkeypatch.setenv("LANG", "pl_PL.UTF-8")
    assert cli(capsys, "--db", db, "feedback", "delete", "F999")[2] == (
        "error: nie ma fragmentu opinii F999\n"
    )
    package = ("teams-package", "--app-id", "x", "--bot-id", "y", "--domain", "chair.example")
    assert cli(capsys, "--db", db, *package)[2] == (
        "error: --app-id musi być identyfikatorem GUID, np. 00000000-0000-0000-0000-000000000000\n"
    )
