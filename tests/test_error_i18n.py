"""Errors say themselves in the user's language: bounds, secrets, files and the CLI's own.

The messages of `bot/bounds.py` (ids past 64 bits, text that is not Unicode) and
`bot/secrets.py` (bad or missing keys) were English f-strings, and the CLI printed every
error in English. They are message ids now, and the CLI's error lines follow the locale
(`LANGUAGE`, `LC_ALL`, `LC_MESSAGES`, `LANG`, as gettext reads them).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.bounds import check_int, check_unicode
from bot.errors import ConfigError, InvalidInput, user_message
from bot.secrets import Sealer
from handlers.cli.app import error_language
from tests.helpers import cli

HUGE = "9" * 25


def test_bounds_errors_are_translated() -> None:
    with pytest.raises(InvalidInput) as too_large:
        check_int(int(HUGE), "decision_ids")
    with pytest.raises(InvalidInput) as not_unicode:
        check_unicode("caf\udce9")
    assert user_message(too_large.value, "en", sentence=False) == (
        "decision_ids is too large (25 digits; the largest is 9,223,372,036,854,775,807)"
    )
    assert user_message(too_large.value, "pl", sentence=False) == (
        "decision_ids: liczba jest za duża (25 cyfr; największa dozwolona to "
        "9,223,372,036,854,775,807)"
    )
    assert user_message(not_unicode.value, "ja") == (
        "テキストが正しい Unicode ではありません（不正な UTF-8 または単独のサロゲート）."
    )
    assert too_large.value.field == "decision_ids"


def test_secret_key_errors_are_translated() -> None:
    with pytest.raises(ConfigError) as bad:
        Sealer(["not-a-fernet-key"])
    with pytest.raises(ConfigError) as empty:
        Sealer([" "])
    assert user_message(bad.value, "en", sentence=False).startswith(
        "EMPTYCHAIR_SECRET_KEY: key 1 is not a Fernet key"
    )
    assert user_message(bad.value, "pl", sentence=False).startswith(
        "EMPTYCHAIR_SECRET_KEY: klucz 1 nie jest kluczem Fernet"
    )
    assert user_message(empty.value, "ja", sentence=False) == (
        "EMPTYCHAIR_SECRET_KEY にキーがありません"
    )
    sealed = Sealer([Sealer.new_key()]).seal("xoxb-secret")
    with pytest.raises(ConfigError) as lost:
        Sealer([Sealer.new_key()]).open(sealed)
    assert user_message(lost.value, "zh", sentence=False) == (
        "无法用 EMPTYCHAIR_SECRET_KEY 中的密钥解密已存储的令牌（加密它的密钥是否已被删除？）"
    )


@pytest.mark.parametrize(
    ("env", "lang"),
    [
        ({}, "en"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({"LANG": "pl_PL.UTF-8"}, "pl"),
        ({"LANG": "de_DE.UTF-8"}, "en"),
        ({"LANG": "en_US.UTF-8", "LC_ALL": "ja_JP.UTF-8"}, "ja"),
        ({"LC_ALL": "pl_PL.UTF-8", "LANGUAGE": "th:en"}, "th"),
        ({"LANG": "pl_PL.UTF-8", "LANGUAGE": "de:pl"}, "pl"),
        ({"LANG": "pl_PL.UTF-8", "LANGUAGE": "de_AT:fr"}, "en"),
        ({"LANG": "C", "LC_ALL": "C.UTF-8"}, "en"),
    ],
)
def test_the_cli_error_language_follows_the_locale(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], lang: str
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert error_language() == lang


def run_in(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], locale: str, *args: str
) -> tuple[int, str]:
    monkeypatch.setenv("LANG", locale)
    code, out, err = cli(capsys, *args)
    assert out == ""
    return code, err


def test_cli_errors_in_polish_and_japanese(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    db = str(tmp_path / "e.db")
    assert run_in(monkeypatch, capsys, "pl_PL.UTF-8", "--db", db, "decisions", "show", HUGE) == (
        1,
        "error: decision_ids: liczba jest za duża (25 cyfr; największa dozwolona to "
        "9,223,372,036,854,775,807)\n",
    )
    assert run_in(monkeypatch, capsys, "ja_JP.UTF-8", "--db", db, "feedback", "add", "\udcff") == (
        2,
        "error: 引数 5 は正しい UTF-8 テキストではありません（不正なバイトまたは単独の"
        "サロゲート）。UTF-8 で渡してください\n",
    )
    missing = str(tmp_path / "no-such-folder" / "report.html")
    code, err = run_in(
        monkeypatch, capsys, "pl_PL.UTF-8", "--db", db, "report", "--output", missing
    )
    assert (code, err) == (1, f"error: nie można zapisać {missing}: No such file or directory\n")
    nothing = str(tmp_path / "nothing.csv")
    assert run_in(
        monkeypatch, capsys, "ja_JP.UTF-8", "--db", db, "feedback", "import", nothing
    ) == (
        1,
        f"error: ファイルがありません: {nothing}\n",
    )
    assert run_in(
        monkeypatch, capsys, "pl_PL.UTF-8", "--db", db, "feedback", "import", "/dev/null"
    ) == (
        1,
        "error: /dev/null nie jest zwykłym plikiem (to urządzenie lub potok); zaimportuj zwykły "
        "plik\n",
    )
    code, err = run_in(monkeypatch, capsys, "ja_JP.UTF-8", "--db", db, "feedback", "delete", "x")
    assert code == 2
    assert "12 や F12 のようなフィードバック ID を指定してください" in err
    assert "（'emptychair feedback delete --help' を参照）" in err
    # The same commands in English when the locale is not one the bot speaks.
    assert run_in(monkeypatch, capsys, "C.UTF-8", "--db", db, "decisions", "show", HUGE) == (
        1,
        "error: decision_ids is too large (25 digits; the largest is 9,223,372,036,854,775,807)\n",
    )
