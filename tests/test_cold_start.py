"""A cold `emptychair ask` loads only what answering needs (the figures are in bench/)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from handlers.cli import COMMANDS, cli

#: Modules an answer never needs: other commands and their core modules, the catalog
#: compiler, encryption, HTTP-date parsing, zip readers.
NOT_FOR_AN_ANSWER = (
    "babel",
    "cryptography",
    "email",
    "zipfile",
    "numpy.ma",
    "bot.decisions",
    "bot.digest",
    "bot.report",
    "bot.sessions",
    "handlers.cli.decisions",
    "handlers.cli.report",
    "handlers.cli.serve",
    "handlers.slack",
    "handlers.teams",
)
_ASK = """
import json, sys
from handlers.cli import run
code = run(["--db", sys.argv[1], "ask", "--json", sys.argv[2]])
print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""


def test_every_command_is_defined_by_the_modules_listed_for_it() -> None:
    commands = cli.load_all()
    assert sorted(commands) == sorted(COMMANDS)
    for name, command in commands.items():
        assert command.callback is not None
        assert command.callback.__module__ in COMMANDS[name], name


def _ask(db: Path, question: str) -> tuple[int, set[str]]:
    done = subprocess.run(
        [sys.executable, "-c", _ASK, str(db), question],
        check=True,
        capture_output=True,
        text=True,
    )
    result = json.loads(done.stdout.splitlines()[-1])
    return result["code"], set(result["modules"])


def _loaded(modules: set[str], name: str) -> bool:
    return name in modules or any(m.startswith(name + ".") for m in modules)


def test_a_cold_ask_loads_no_module_it_does_not_need(tmp_path: Path) -> None:
    db = tmp_path / "cold.db"
    code, modules = _ask(db, "Should we start charging for returns?")
    assert code == 0
    assert "handlers.cli.ask" in modules
    assert [m for m in NOT_FOR_AN_ANSWER if _loaded(modules, m)] == []


def test_a_translated_answer_compiles_its_catalog_once(tmp_path: Path) -> None:
    db = tmp_path / "cold.db"
    first_code, first = _ask(db, "Czy powinniśmy zacząć pobierać opłaty za zwroty?")
    second_code, second = _ask(db, "Czy klienci chcą ciemnego motywu?")
    assert (first_code, second_code) == (0, 0)
    assert _loaded(first, "babel")  # the first Polish answer compiles the catalog...
    assert not _loaded(second, "babel")  # ...the next process reads the compiled one
    assert [m for m in NOT_FOR_AN_ANSWER if _loaded(second, m)] == []
