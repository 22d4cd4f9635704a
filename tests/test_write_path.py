"""Every write names the tenant whose rows it writes (a per-tenant lock can follow).

SQLite has one writer for the whole file; a later server engine could lock per tenant
instead, if every write transaction says whose rows it touches. Writes that are
maintenance across tenants are listed here, each with the reason.
"""

from __future__ import annotations

import ast
from pathlib import Path

BOT = Path(__file__).resolve().parents[1] / "bot"

#: (module, function) -> why the write is not one tenant's.
ACROSS_TENANTS = {
    ("digest_schedule.py", "claim_due"): "claims due digests of every tenant",
    ("digest_schedule.py", "finish"): "a claimed job, by its key",
    ("digest_schedule.py", "release"): "a claimed job, by its key",
    ("reminders.py", "claim_due"): "claims due reminders of every tenant",
    ("reminders.py", "finish_run"): "a claimed job, by its id",
    ("reminders.py", "release"): "a claimed job, by its id",
    ("reviews.py", "claim_due_reviews"): "claims due reviews of every tenant",
    ("reviews.py", "finish_review"): "a claimed job, by its id",
    ("reviews.py", "release_review"): "a claimed job, by its id",
    ("handled_requests.py", "forget_old"): "expires request ids of every tenant",
    ("search/staged.py", "collect_garbage"): "retired index segments of every tenant",
    ("secrets.py", "reseal_tokens"): "key rotation re-encrypts every tenant's tokens",
    ("sessions.py", "end_forgotten"): "ends forgotten meetings of every tenant",
    ("store.py", "__init__"): "migrations",
}


def _calls(node: ast.AST, function: str) -> list[str]:
    """Functions (by name) in which `.write()` is called with no tenant."""
    found: list[str] = []
    for child in ast.iter_child_nodes(node):
        name = function
        if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
            name = child.name
        if (
            isinstance(child, ast.Call)
            and isinstance(child.func, ast.Attribute)
            and child.func.attr == "write"
            and not child.args
            and not child.keywords
        ):
            found.append(name)
        found += _calls(child, name)
    return found


def writes_without_tenant() -> set[tuple[str, str]]:
    found: set[tuple[str, str]] = set()
    for path in BOT.rglob("*.py"):
        module = path.relative_to(BOT).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        found |= {(module, name) for name in _calls(tree, "<module>")}
    return found


def test_every_write_names_its_tenant_or_says_why_not() -> None:
    unexplained = writes_without_tenant() - set(ACROSS_TENANTS)
    assert unexplained == set(), f"store.write() without a tenant in {sorted(unexplained)}"


def test_the_list_of_exceptions_is_not_stale() -> None:
    assert set(ACROSS_TENANTS) <= writes_without_tenant()
