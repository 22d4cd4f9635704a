"""`emptychair tenants`: the tenants a database holds, with their counts."""

from __future__ import annotations

from dataclasses import asdict

import click

from bot.tenants import list_tenants
from handlers.cli.app import cli, emit_json, json_option, state_of


@cli.command()
@json_option
@click.pass_context
def tenants(ctx: click.Context, as_json: bool) -> None:
    """List the tenants stored in the database, with their counts.

    A Slack workspace is the tenant slack:T… (on Enterprise Grid, an org-wide install is
    slack:E…), a Teams tenant is teams:<tenant id>, and the CLI uses "default" unless
    --tenant or EMPTYCHAIR_TENANT says otherwise.

    \b
    Example:
      emptychair tenants
      emptychair --tenant slack:T0123ABCD feedback search "returns"
    """
    rows = list_tenants(state_of(ctx).workspace().store)
    if as_json:
        emit_json([asdict(row) for row in rows])
        return
    if not rows:
        click.echo("No tenants yet: nothing has been stored in this database.")
        return
    width = max(len(r.tenant) for r in rows)
    click.echo(f"{'tenant':<{width}}  feedback  decisions  own principles  sessions")
    for r in rows:
        click.echo(
            f"{r.tenant:<{width}}  {r.feedback:>8}  {r.decisions:>9}  {r.own_principles:>14}"
            f"  {r.sessions:>8}"
        )
