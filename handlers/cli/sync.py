"""`emptychair feedback sync zendesk|intercom`: pull feedback from support tools."""

from __future__ import annotations

import sys
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from typing import TYPE_CHECKING, Any

import click

from bot.errors import NotFound
from bot.i18n import N_, t
from handlers.cli.app import emit_json, json_option, state_of
from handlers.cli.feedback import feedback

if TYPE_CHECKING:  # the connectors (and httpx) load only when a sync runs
    from bot.sync import SyncResult
    from bot.sync.config import SyncConfig


@feedback.group()
def sync() -> None:
    """Fetch new feedback from Zendesk or Intercom (resumes where the last sync ended).

    \b
    Example:
      EMPTYCHAIR_ZENDESK_TOKEN=... emptychair feedback sync zendesk \\
        --url https://acme.zendesk.com --email admin@acme.com
    """


since_option = click.option(
    "--since", metavar="DATE", help="First sync only: fetch what changed since DATE (YYYY-MM-DD)."
)
save_option = click.option(
    "--save",
    is_flag=True,
    help="After a sync that worked, save these settings for the tenant (the token encrypted "
    "under EMPTYCHAIR_SECRET_KEY), so that `serve` syncs it on schedule.",
)
progress_option = click.option(
    "--progress/--no-progress",
    default=None,
    help="Show a progress bar (default: when stderr is a terminal).",
)


@sync.command("zendesk")
@click.option("--url", envvar="EMPTYCHAIR_ZENDESK_URL", help="https://SUBDOMAIN.zendesk.com.")
@click.option("--email", envvar="EMPTYCHAIR_ZENDESK_EMAIL", help="The agent's e-mail address.")
@click.option(
    "--token",
    envvar="EMPTYCHAIR_ZENDESK_TOKEN",
    help="API token (prefer the env EMPTYCHAIR_ZENDESK_TOKEN).",
)
@click.option(
    "--segment-field",
    envvar="EMPTYCHAIR_ZENDESK_SEGMENT_FIELD",
    help="Organization field that holds the customer segment.",
)
@since_option
@save_option
@progress_option
@json_option
@click.pass_context
def zendesk_cmd(
    ctx: click.Context,
    url: str | None,
    email: str | None,
    token: str | None,
    segment_field: str | None,
    since: str | None,
    save: bool,
    progress: bool | None,
    as_json: bool,
) -> None:
    """Sync tickets (subject and first public comment) and rating comments from Zendesk.

    Options fall back to EMPTYCHAIR_ZENDESK_URL, _EMAIL, _TOKEN and _SEGMENT_FIELD.
    Deleted tickets are removed. Only what changed since the last sync is fetched.

    \b
    Example:
      emptychair feedback sync zendesk --url https://acme.zendesk.com \\
        --email admin@acme.com --token "$ZENDESK_TOKEN" --segment-field plan --since 2026-01-01
    """
    from bot.sync.config import ZendeskConfig

    config = ZendeskConfig.build(url, email, token, segment_field)
    _run(ctx, config, since, progress, as_json, save)


@sync.command("intercom")
@click.option(
    "--url",
    envvar="EMPTYCHAIR_INTERCOM_URL",
    help="API base URL (default https://api.intercom.io).",
)
@click.option(
    "--token",
    envvar="EMPTYCHAIR_INTERCOM_TOKEN",
    help="Access token (prefer the env EMPTYCHAIR_INTERCOM_TOKEN).",
)
@since_option
@save_option
@progress_option
@json_option
@click.pass_context
def intercom_cmd(
    ctx: click.Context,
    url: str | None,
    token: str | None,
    since: str | None,
    save: bool,
    progress: bool | None,
    as_json: bool,
) -> None:
    """Sync conversations (the customer's first message) and rating remarks from Intercom.

    \b
    Example:
      EMPTYCHAIR_INTERCOM_TOKEN=... emptychair feedback sync intercom --since 2026-01-01
    """
    from bot.sync.config import IntercomConfig

    config = IntercomConfig.build(url, token)
    _run(ctx, config, since, progress, as_json, save)


@sync.command("list")
@json_option
@click.pass_context
def list_cmd(ctx: click.Context, as_json: bool) -> None:
    """The tenant's saved syncs, which `serve` runs on schedule (never the tokens).

    \b
    Example:
      emptychair --tenant acme feedback sync list
    """
    from bot.sync.saved import saved_syncs

    workspace = state_of(ctx).workspace()
    found = saved_syncs(workspace.store, workspace.tenant)
    if as_json:
        emit_json([s.to_json() for s in found])
        return
    if not found:
        click.echo(
            t("en", "No saved syncs; save one with `feedback sync zendesk|intercom --save`.")
        )
    for s in found:
        who = f" ({s.email})" if s.email else ""
        click.echo(f"{s.source}  {s.url}{who}  saved {s.saved_at[:16]}")


@sync.command("remove")
@click.argument("source", type=click.Choice(["zendesk", "intercom"]))
@click.pass_context
def remove_cmd(ctx: click.Context, source: str) -> None:
    """Forget the tenant's saved sync of a source (the snippets it brought stay).

    \b
    Example:
      emptychair --tenant acme feedback sync remove intercom
    """
    from bot.sync.saved import remove_sync

    workspace = state_of(ctx).workspace()
    if not remove_sync(workspace.store, workspace.tenant, source):
        raise NotFound(N_("no saved {source} sync"), source=source)
    click.echo(t("en", "Removed the saved {source} sync.", source=source))


def _run(
    ctx: click.Context,
    config: SyncConfig,
    since: str | None,
    progress: bool | None,
    as_json: bool,
    save: bool = False,
) -> None:
    from bot.secrets import Sealer
    from bot.sync import run_sync
    from bot.sync.config import parse_since
    from bot.sync.saved import save_sync, sealer_for_saving

    workspace = state_of(ctx).workspace()
    since_at = parse_since(since)
    # Without a key, --save is refused before the sync rather than after it.
    sealer = sealer_for_saving(Sealer.from_env()) if save else None
    connector, client = config.connector()
    show = sys.stderr.isatty() if progress is None else progress
    with client, _bar(show, connector.source) as bar:
        update: Callable[[int], Any] | None = bar.update if bar is not None else None
        result = run_sync(
            workspace.store,
            workspace.tenant,
            connector,
            clock=workspace.now,
            since=since_at,
            mask=workspace.settings.mask_personal_data,
            progress=update,
        )
    if save:
        save_sync(workspace.store, workspace.tenant, config, sealer, now=workspace.now())
    _report(result, as_json)
    if save and not as_json:
        click.echo(
            t(
                "en",
                "Saved: `emptychair serve` syncs {source} for tenant {tenant} on schedule.",
                source=connector.source,
                tenant=workspace.tenant,
            )
        )


def _bar(show: bool, source: str) -> AbstractContextManager[Any]:
    if not show:
        return nullcontext(None)
    from tqdm import tqdm

    bar: AbstractContextManager[Any] = tqdm(
        unit=" records", desc=f"syncing {source}", file=sys.stderr, leave=False
    )
    return bar


def _report(result: SyncResult, as_json: bool) -> None:
    if as_json:
        emit_json(
            {
                "source": result.source,
                "pages": result.pages,
                "fetched": result.fetched,
                "added": result.added,
                "removed": result.removed,
                "invalid": result.invalid,
            }
        )
        return
    click.echo(
        t(
            "en",
            "Synced {source}: {fetched} records in {pages} pages, {added} new snippets,"
            " {removed} removed, {invalid} refused.",
            source=result.source,
            fetched=result.fetched,
            pages=result.pages,
            added=result.added,
            removed=result.removed,
            invalid=result.invalid,
        )
    )
