"""The root command group, global options and output helpers shared by every command."""

from __future__ import annotations

import importlib
import json
import os
from dataclasses import dataclass, field
from typing import Any

import click

from bot import __version__
from bot.bounds import check_tenant
from bot.config import DEFAULT_DB, DEFAULT_TENANT, Settings
from bot.i18n import known, normalize
from bot.store import Store
from bot.tenants import suggest_tenant
from bot.workspace import Workspace


@dataclass
class AppState:
    """Global options; the database opens on first use, so `--help` never creates it."""

    db_path: str
    tenant: str
    _store: Store | None = field(default=None, repr=False)

    def workspace(self) -> Workspace:
        """The workspace of the chosen tenant, opening (and migrating) the database."""
        settings = Settings.from_env(db_path=self.db_path, tenant=self.tenant)
        if self._store is None:
            self._store = Store(self.db_path)
            other = suggest_tenant(self._store, self.tenant)
            if other is not None:
                click.echo(
                    f"note: tenant {self.tenant!r} has no feedback or decisions in this "
                    f"database; its data is under tenant {other!r} (use --tenant {other})",
                    err=True,
                )
        return Workspace(self._store, self.tenant, settings)

    def close(self) -> None:
        """Close the database if it was opened."""
        if self._store is not None:
            self._store.close()


class LazyGroup(click.Group):
    """A group whose commands live in modules imported when a command is first used.

    `lazy` maps a command's name to the modules that define it (a module attaches its
    commands to the group when imported), so `emptychair ask` loads the `ask` module and
    not the code of `report`, `decisions` or `serve`; `--help` loads them all.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy: dict[str, tuple[str, ...]] = {}

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Every command, loaded or not, sorted."""
        return sorted(set(self.commands) | set(self.lazy))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """The command `cmd_name`, importing its modules on first use."""
        if cmd_name not in self.commands:
            for module in self.lazy.get(cmd_name, ()):
                importlib.import_module(module)
        return super().get_command(ctx, cmd_name)

    def load_all(self) -> dict[str, click.Command]:
        """Import every command's modules; the commands by name."""
        for modules in self.lazy.values():
            for module in modules:
                importlib.import_module(module)
        return dict(self.commands)


@click.group(
    cls=LazyGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.option(
    "--db",
    "db_path",
    envvar="EMPTYCHAIR_DB",
    default=DEFAULT_DB,
    show_default=True,
    metavar="PATH",
    help="SQLite database file (env EMPTYCHAIR_DB).",
)
@click.option(
    "--tenant",
    envvar="EMPTYCHAIR_TENANT",
    default=DEFAULT_TENANT,
    show_default=True,
    help="Workspace whose data to use, e.g. slack:T0123 (env EMPTYCHAIR_TENANT).",
)
@click.version_option(__version__, prog_name="emptychair")
@click.pass_context
def cli(ctx: click.Context, db_path: str, tenant: str) -> None:
    """Empty Chair: keep the customer in the room when your team decides.

    Answers "what's better for the customer?" from your principles and customer
    feedback, and keeps a decision log with the evidence behind each decision.

    \b
    Example:
      emptychair ask "Should we start charging for returns?"
    """
    state = AppState(db_path=db_path, tenant=check_tenant(tenant.strip() or DEFAULT_TENANT))
    ctx.obj = state
    ctx.call_on_close(state.close)


def state_of(ctx: click.Context) -> AppState:
    """The AppState of the running command."""
    state = ctx.find_object(AppState)
    assert state is not None
    return state


def emit_json(data: Any) -> None:
    """Print one JSON document on stdout (and nothing else)."""
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


json_option = click.option(
    "--json", "as_json", is_flag=True, help="Print JSON on stdout instead of text."
)


#: Where the CLI learns its user's language, in gettext's order of precedence.
LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


def error_language() -> str:
    """The language of the CLI's error lines: the locale's (`LANG=pl_PL.UTF-8` -> `pl`).

    Only errors follow the locale; help and output stay English (scripts parse them).
    A locale the bot does not speak (or `C`) means English.
    """
    for name in LOCALE_VARIABLES:
        value = os.environ.get(name, "").strip()
        if not value:
            continue
        # `LANGUAGE` may list several in order of preference (`de:pl`: German, else Polish).
        for entry in value.split(":"):
            code = known(entry.split(".")[0].strip())
            if code is not None:
                return code
        return normalize(None)
    return normalize(None)
