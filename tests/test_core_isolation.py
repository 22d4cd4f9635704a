"""The core is a library: it never imports the adapters, a chat SDK, a web framework or click."""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import bot

FORBIDDEN = ("handlers", "slack_bolt", "slack_sdk", "microsoft_teams", "fastapi", "click")
CORE = Path(bot.__file__).parent


def imported_roots(source: str) -> set[str]:
    """The top-level package of every import in `source`, function-level imports included."""
    roots: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            roots.add(node.module.split(".")[0])
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute | ast.Name)
            and getattr(node.func, "attr", getattr(node.func, "id", "")) == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            roots.add(node.args[0].value.split(".")[0])
    return roots


def test_the_scanner_sees_function_level_and_dynamic_imports() -> None:
    source = (
        "def f():\n    import click\n    from handlers.slack import app\n"
        "    importlib.import_module('fastapi.x')\n"
    )
    assert imported_roots(source) == {"click", "handlers", "fastapi"}


def test_no_core_module_imports_an_adapter() -> None:
    offenders = {
        str(path.relative_to(CORE.parent)): sorted(
            imported_roots(path.read_text()) & set(FORBIDDEN)
        )
        for path in sorted(CORE.rglob("*.py"))
    }
    assert {name: bad for name, bad in offenders.items() if bad} == {}
    assert len(offenders) > 20  # the scan really walked the core


def test_importing_every_core_module_loads_no_adapter() -> None:
    names = [m.name for m in pkgutil.walk_packages(bot.__path__, "bot.")]
    # sqlite-utils itself imports click, so only the static scan above can rule click out.
    loaded = tuple(name for name in FORBIDDEN if name != "click")
    code = (
        "import importlib, sys\n"
        f"for name in {names!r}:\n    importlib.import_module(name)\n"
        f"bad = sorted(m for m in sys.modules if m.split('.')[0] in {loaded!r})\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
    assert len(names) > 20
