"""`emptychair principles ...`: the customer-first principles of a workspace."""

from __future__ import annotations

from pathlib import Path

import click

from bot.models import Principle
from handlers.cli.app import cli, emit_json, json_option, state_of


def _principle_json(p: Principle) -> dict[str, object]:
    return {
        "id": p.id,
        "title": p.title,
        "body": p.body,
        "tags": list(p.tags),
        "attribution": p.attribution,
        "active": p.active,
        "builtin": p.builtin,
    }


@cli.group()
def principles() -> None:
    """List, add, import and disable customer-first principles.

    \b
    Example:
      emptychair principles list
    """


@principles.command("list")
@click.option("--all", "include_inactive", is_flag=True, help="Include disabled principles.")
@json_option
@click.pass_context
def list_cmd(ctx: click.Context, include_inactive: bool, as_json: bool) -> None:
    """List principles (the built-in library is loaded on first use).

    \b
    Example:
      emptychair principles list --json
    """
    items = state_of(ctx).workspace().principles(include_inactive=include_inactive)
    if as_json:
        emit_json([_principle_json(p) for p in items])
        return
    for p in items:
        flag = "" if p.active else " (disabled)"
        click.echo(f"P{p.id}  {p.title}{flag}")
        click.echo(f"      {p.body}")
        if p.attribution:
            click.echo(f"      — {p.attribution}")


@principles.command("add")
@click.option("--title", required=True, help="Short title.")
@click.option("--body", required=True, help="One to three sentences.")
@click.option("--tag", "tags", multiple=True, help="A tag (repeat for several).")
@click.option("--attribution", default="", help="Where the idea comes from.")
@json_option
@click.pass_context
def add_cmd(
    ctx: click.Context,
    title: str,
    body: str,
    tags: tuple[str, ...],
    attribution: str,
    as_json: bool,
) -> None:
    """Add a principle of your own.

    \b
    Example:
      emptychair principles add --title "Refunds in one day" \\
        --body "A customer waiting for money back is a customer deciding to leave." --tag refund
    """
    p = state_of(ctx).workspace().add_principle(title, body, list(tags), attribution)
    if as_json:
        emit_json(_principle_json(p))
    else:
        click.echo(f"Added P{p.id}: {p.title}")


@principles.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@json_option
@click.pass_context
def import_cmd(ctx: click.Context, file: Path, as_json: bool) -> None:
    """Import principles from CSV or JSON Lines (title, body, optional tags, attribution).

    Tags are separated by commas or semicolons. Titles that exist already are skipped.

    \b
    Example:
      emptychair principles import our-principles.csv
    """
    result = state_of(ctx).workspace().import_principles(file)
    if as_json:
        emit_json({"added": result.added, "skipped": result.skipped})
    else:
        click.echo(f"Imported {result.added} principles ({result.skipped} already there).")


@principles.command("disable")
@click.argument("principle_id", type=int)
@click.pass_context
def disable_cmd(ctx: click.Context, principle_id: int) -> None:
    """Stop citing a principle (decisions that cite it keep the link).

    \b
    Example:
      emptychair principles disable 7
    """
    p = state_of(ctx).workspace().set_principle_active(principle_id, False)
    click.echo(f"Disabled P{p.id}: {p.title}")


@principles.command("enable")
@click.argument("principle_id", type=int)
@click.pass_context
def enable_cmd(ctx: click.Context, principle_id: int) -> None:
    """Cite a disabled principle again.

    \b
    Example:
      emptychair principles enable 7
    """
    p = state_of(ctx).workspace().set_principle_active(principle_id, True)
    click.echo(f"Enabled P{p.id}: {p.title}")
