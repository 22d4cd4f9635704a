"""Shared fixtures: a clean environment and a real SQLite database per test."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.config import Settings
from bot.store import Store
from bot.workspace import Workspace
from tests.helpers import fixed_clock

SHARED = Path(__file__).resolve().parents[2] / "shared"

# Fixtures of the Teams tests (the app with Teams attached, a fake connector) and the
# OpenAI-compatible stand-in of the optional model.
pytest_plugins = ["tests.teams_support", "tests.llm_standin"]


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """No test sees the developer's configuration or writes into the repository."""
    for key in list(os.environ):
        if key.startswith(("EMPTYCHAIR_", "SLACK_", "TEAMS_", "CLIENT_", "TENANT_", "BOT_")):
            monkeypatch.delenv(key, raising=False)
    # Derived files (compiled catalogs, phrase indexes) go to the test's own directory.
    monkeypatch.setenv("EMPTYCHAIR_CACHE_DIR", str(tmp_path / "cache"))
    for key in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):  # the CLI's error language
        monkeypatch.delenv(key, raising=False)
    monkeypatch.chdir(tmp_path)
    yield


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Path of a fresh database file."""
    return tmp_path / "emptychair.db"


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    """A real, migrated SQLite store in a temporary directory."""
    s = Store(db_path)
    yield s
    s.close()


@pytest.fixture
def ws(store: Store) -> Workspace:
    """The default tenant's workspace."""
    return Workspace(store, "default", Settings(clock=fixed_clock))


# Slack end-to-end fixtures (the server on loopback, the Web API stand-in), and a guard
# that fails any test trying to reach a host other than this machine.
from tests.slack_fixtures import no_network, slack, standin  # noqa: E402, F401
