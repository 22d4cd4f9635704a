"""A cold `emptychair ask` loads only what answering needs (the figures are in bench/)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from handlers.cli import COMMANDS, cli

#: Modules an answer never needs: other commands and their core modules, the catalog
#: compiler, encryption, HTTP-date parsing, zip readers, sockets, numpy's typing helpers.
NOT_FOR_AN_ANSWER = (
    "babel",
    "cryptography",
    "email",
    "zipfile",
    "numpy.ma",
    "numpy.typing",
    "socket",
    "bot.decisions",
    "bot.digest",
    "bot.report",
    "bot.sessions",
    "bot.synthesis",
    "handlers.cli.decisions",
    "handlers.cli.report",
    "handlers.cli.serve",
    "handlers.slack",
    "handlers.teams",
)
_ASK = """
import json, os, sys
from handlers.cli import run
code = run(["--db", sys.argv[1], "ask", "--json", sys.argv[2]])
threads = len(os.listdir("/proc/self/task")) if os.path.isdir("/proc/self/task") else None
print(json.dumps({"code": code, "modules": sorted(sys.modules), "threads": threads}))
"""


def test_every_command_is_defined_by_the_modules_listed_for_it() -> None:
    commands = cli.load_all()
    assert sorted(commands) == sorted(COMMANDS)
    for name, command in commands.items():
        assert command.callback is not None
        assert command.callback.__module__ in COMMANDS[name], name


def _run(db: Path, question: str) -> dict[str, Any]:
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    done = subprocess.run(
        [sys.executable, "-c", _ASK, str(db), question],
        check=True,
        capture_output=True,
        text=True,
        env=env,
    )
    result: dict[str, Any] = json.loads(done.stdout.splitlines()[-1])
    return result


def _ask(db: Path, question: str) -> tuple[int, set[str]]:
    result = _run(db, question)
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


@pytest.mark.skipif(not os.path.isdir("/proc/self/task"), reason="counts threads in /proc")
def test_a_cold_ask_starts_no_thread_pool(tmp_path: Path) -> None:
    # numpy's OpenBLAS would start a thread per core; the CLI does no linear algebra.
    result = _run(tmp_path / "cold.db", "Should we start charging for returns?")
    assert (result["code"], result["threads"]) == (0, 1)
