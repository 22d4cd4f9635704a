"""click's own usage errors follow the locale like the CLI's other error lines.

click writes "No such option", "Missing argument", "Invalid value for ..." with the
standard library's gettext; they stayed English under `LANG=pl_PL.UTF-8`. Our catalogs
now hold those messages and the CLI binds click's gettext domain to them for a
language the bot speaks: the errors are translated, the exit status stays 2, English
and `--help` are exactly what click writes.
"""

from __future__ import annotations

import gettext
import os
import stat
import subprocess
import sys
from pathlib import Path

import click
import pytest
from babel.messages.extract import extract_from_dir

from bot import i18n
from handlers.cli.click_i18n import MESSAGES, PLURALS
from tests.helpers import cli

USAGE_ERRORS = [
    # (arguments, Polish, Japanese)
    (
        ("decisions", "list", "--bogus"),
        "error: Nie ma opcji '--bogus'. (zobacz 'emptychair decisions list --help')",
        "error: オプション '--bogus' はありません。 （'emptychair decisions list --help' を参照）",
    ),
    (
        ("decisions", "list", "--lmit", "3"),
        "error: Nie ma opcji '--lmit'. Czy chodziło o '--limit'? "
        "(zobacz 'emptychair decisions list --help')",
        "error: オプション '--lmit' はありません。 もしかして '--limit' ですか？ "
        "（'emptychair decisions list --help' を参照）",
    ),
    (
        ("decisions", "show"),
        "error: Brak argumentu 'DECISION_ID'. (zobacz 'emptychair decisions show --help')",
        "error: 不足している引数: 'DECISION_ID'. （'emptychair decisions show --help' を参照）",
    ),
    (
        ("principles", "disable", "x"),
        "error: Nieprawidłowa wartość dla 'PRINCIPLE_ID': 'x' nie jest poprawną wartością "
        "(integer). (zobacz 'emptychair principles disable --help')",
        "error: 'PRINCIPLE_ID' の値が無効です: 'x' は有効な値ではありません（integer）。 "
        "（'emptychair principles disable --help' を参照）",
    ),
    (
        ("decisions", "list", "--limit", "0"),
        "error: Nieprawidłowa wartość dla '--limit': 0 jest poza zakresem 1<=x<=1000. "
        "(zobacz 'emptychair decisions list --help')",
        "error: '--limit' の値が無効です: 0 は範囲 1<=x<=1000 の外です。 "
        "（'emptychair decisions list --help' を参照）",
    ),
    (
        ("decisions", "list", "--status", "maybe"),
        "error: Nieprawidłowa wartość dla '--status': 'maybe' nie jest żadną z wartości: "
        "'decided', 'superseded', 'reversed', 'withdrawn'. "
        "(zobacz 'emptychair decisions list --help')",
        "error: '--status' の値が無効です: 'maybe' は 'decided', 'superseded', 'reversed', "
        "'withdrawn' のいずれでもありません。 （'emptychair decisions list --help' を参照）",
    ),
    (
        ("decisions", "list", "extra"),
        "error: Nieoczekiwany dodatkowy argument (extra) "
        "(zobacz 'emptychair decisions list --help')",
        "error: 余分な引数があります（extra） （'emptychair decisions list --help' を参照）",
    ),
    (
        ("decisions", "export"),
        "error: Brak opcji '--format'. Wybierz jedną z wartości: csv, json, jsonl "
        "(zobacz 'emptychair decisions export --help')",
        "error: 不足しているオプション: '--format'. 次から選んでください: csv, json, jsonl "
        "（'emptychair decisions export --help' を参照）",
    ),
    (
        ("decisions", "list", "--limit"),
        "error: Opcja '--limit' wymaga argumentu.",
        "error: オプション '--limit' には値が 1 個必要です。",
    ),
    (
        ("frobnicate",),
        "error: Nie ma polecenia 'frobnicate'. (zobacz 'emptychair --help')",
        "error: コマンド 'frobnicate' はありません。 （'emptychair --help' を参照）",
    ),
]
ENGLISH = {
    ("decisions", "list", "--lmit", "3"): "error: No such option '--lmit'. Did you mean "
    "'--limit'? (see 'emptychair decisions list --help')",
    ("decisions", "show"): "error: Missing argument 'DECISION_ID'. "
    "(see 'emptychair decisions show --help')",
    ("principles", "disable", "x"): "error: Invalid value for 'PRINCIPLE_ID': 'x' is not a "
    "valid integer. (see 'emptychair principles disable --help')",
    ("decisions", "list", "extra"): "error: Got unexpected extra argument (extra) "
    "(see 'emptychair decisions list --help')",
}


def run_usage(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    locale: str | None,
    args: tuple[str, ...],
) -> tuple[int, str, str]:
    if locale is None:
        monkeypatch.delenv("LANG", raising=False)
    else:
        monkeypatch.setenv("LANG", locale)
    return cli(capsys, "--db", str(tmp_path / "u.db"), *args)


@pytest.mark.parametrize(("args", "polish", "japanese"), USAGE_ERRORS, ids=lambda v: str(v)[:30])
def test_usage_errors_in_polish_and_japanese(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    args: tuple[str, ...],
    polish: str,
    japanese: str,
) -> None:
    for locale, expected in (("pl_PL.UTF-8", polish), ("ja_JP.UTF-8", japanese)):
        code, out, err = run_usage(monkeypatch, capsys, tmp_path, locale, args)
        assert (code, out, err) == (2, "", expected + "\n"), locale


@pytest.mark.parametrize(("args", "english"), ENGLISH.items(), ids=lambda v: str(v)[:30])
def test_english_usage_errors_are_clicks_own(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    args: tuple[str, ...],
    english: str,
) -> None:
    # Run in Polish first: the binding of an earlier command does not leak into English.
    run_usage(monkeypatch, capsys, tmp_path, "pl_PL.UTF-8", args)
    for locale in (None, "C.UTF-8", "en_US.UTF-8", "de_DE.UTF-8"):
        code, out, err = run_usage(monkeypatch, capsys, tmp_path, locale, args)
        assert (code, out, err) == (2, "", english + "\n"), locale


def test_help_stays_english_in_polish(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, english, _err = run_usage(
        monkeypatch, capsys, tmp_path, None, ("decisions", "export", "--help")
    )
    code_pl, polish, _err = run_usage(
        monkeypatch, capsys, tmp_path, "pl_PL.UTF-8", ("decisions", "export", "--help")
    )
    assert (code, code_pl) == (0, 0)
    assert polish == english
    assert "Show this message and exit." in polish and "Options:" in polish


def test_the_translated_messages_are_clicks() -> None:
    """Each message id listed is one click really writes (a click upgrade may change them)."""
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2)}
    found: set[str | tuple[str, ...]] = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        Path(click.__file__).parent, [("**.py", "python")], keywords=keywords, comment_tags=()
    ):
        found.add(tuple(message) if isinstance(message, (tuple, list)) else message)
    assert [m for m in MESSAGES if m not in found] == []
    assert [p for p in PLURALS if p not in found] == []


def test_a_real_process_in_polish(tmp_path: Path) -> None:
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "EMPTYCHAIR_CACHE_DIR": str(tmp_path / "cache"),
        "LANG": "pl_PL.UTF-8",
    }
    done = subprocess.run(
        [sys.executable, "-m", "handlers.cli", "--db", str(tmp_path / "p.db"), "decisions", "show"],
        capture_output=True,
        text=True,
        env=env,
        cwd=Path(__file__).resolve().parents[1],
        timeout=120,
        check=False,
    )
    assert (done.returncode, done.stdout, done.stderr) == (
        2,
        "",
        "error: Brak argumentu 'DECISION_ID'. (zobacz 'emptychair decisions show --help')\n",
    )


def test_the_catalog_click_reads_is_private_and_found_without_a_cache(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    old = os.umask(0)
    try:
        tree = i18n.locale_tree("pl", "messages")
    finally:
        os.umask(old)
    assert tree is not None and tree.parent == tmp_path / "cache"
    mo = tree / "pl" / "LC_MESSAGES" / "messages.mo"
    assert stat.S_IMODE(mo.stat().st_mode) == 0o600
    assert stat.S_IMODE(tree.stat().st_mode) == 0o700
    found = gettext.translation("messages", str(tree), languages=["pl"])
    assert found.gettext("Missing argument") == "Brak argumentu"
    assert i18n.locale_tree("en", "messages") is None
    monkeypatch.setattr(i18n.disk_cache, "cache_dir", lambda env=None: None)
    elsewhere = i18n.locale_tree("ja", "messages")
    assert elsewhere is not None and (elsewhere / "ja" / "LC_MESSAGES" / "messages.mo").is_file()


@pytest.mark.parametrize("locale", [None, "pl_PL.UTF-8"])
def test_a_group_without_its_command_shows_its_help(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path, locale: str
) -> None:
    # click 8.2+ reports it as a usage error whose message is the whole help: it was
    # squashed into one English "error: Usage: ... Options: ..." line.
    code, out, err = run_usage(monkeypatch, capsys, tmp_path, locale, ("decisions",))
    assert out == ""
    assert err.startswith("Usage: emptychair decisions [OPTIONS] COMMAND [ARGS]...\n")
    assert "\nCommands:\n" in err and "error:" not in err
    assert code == 2  # click's own status for it


def test_nowhere_to_write_the_catalog_is_not_a_failure(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    def refuse(*_args: object, **_kwargs: object) -> str:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(i18n.disk_cache, "cache_dir", lambda env=None: None)
    monkeypatch.setattr(i18n.tempfile, "mkdtemp", refuse)
    monkeypatch.setattr(gettext, "bindtextdomain", lambda *a: pytest.fail("bound"))
    code, out, err = run_usage(monkeypatch, capsys, tmp_path, "pl_PL.UTF-8", ("decisions", "show"))
    # One line, no traceback (English, or Polish if an earlier test bound the domain).
    assert (code, out, err.count("\n")) == (2, "", 1)
    assert err.startswith("error: ") and "'DECISION_ID'" in err
