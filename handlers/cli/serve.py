"""`emptychair serve`: the Slack and Teams server."""

from __future__ import annotations

import logging
import os

import click

from bot.errors import ConfigError
from handlers.cli.app import cli, state_of


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option(
    "--port",
    default=3000,
    show_default=True,
    type=click.IntRange(1, 65535),
    envvar="PORT",
    help="Port to listen on (env PORT).",
)
@click.option(
    "--socket-mode",
    is_flag=True,
    help="Connect to Slack over Socket Mode (SLACK_APP_TOKEN) instead of serving HTTP.",
)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=None,
    help="Server processes on the one port (default: the number of CPU cores).",
)
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, socket_mode: bool, workers: int | None) -> None:
    """Serve Slack (and Teams, when installed) on one port, with /healthz.

    Slack sends every request to /slack/events; OAuth installs use /slack/install and
    /slack/oauth_redirect. Due reminders are sent by a background thread, which also runs
    every tenant's saved feedback syncs and the environment's (EMPTYCHAIR_SYNC_MINUTES);
    signed feedback arrives at POST /hooks/feedback. See the README's "Slack" section
    for the environment variables.

    \b
    Example:
      SLACK_SIGNING_SECRET=... SLACK_BOT_TOKEN=xoxb-... emptychair serve --port 3000
      emptychair serve --port 3000 --workers 2
      SLACK_APP_TOKEN=xapp-... SLACK_BOT_TOKEN=xoxb-... emptychair serve --socket-mode
    """
    # Imported here: the core CLI must load without any chat-platform SDK.
    from bot.sync.config import configured_syncs
    from bot.sync.saved import has_saved_syncs
    from bot.webhook import has_webhook_secrets
    from handlers.server import serve_http, serve_socket_mode
    from handlers.slack.config import SlackSettings
    from handlers.teams.config import TeamsSettings

    logging.getLogger("handlers").setLevel(logging.INFO)
    slack = SlackSettings.from_env(socket_mode=socket_mode)
    teams = TeamsSettings.from_env()
    ws = state_of(ctx).workspace()
    feedback_only = not socket_mode and (
        configured_syncs() or has_webhook_secrets(ws.store) or has_saved_syncs(ws.store)
    )
    if not slack.configured and not (
        teams.client_id or teams.dangerously_allow_unauthenticated or feedback_only
    ):
        raise ConfigError(
            "nothing to serve: set SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN (or SLACK_CLIENT_ID "
            "and SLACK_CLIENT_SECRET) for Slack, and/or CLIENT_ID, CLIENT_SECRET and TENANT_ID "
            "for Teams, or configure a feedback sync or webhook secret (see the README)"
        )
    if socket_mode:
        serve_socket_mode(ws.store, ws.settings, slack)
    else:
        count = workers or os.cpu_count() or 1
        serve_http(ws.store, ws.settings, slack, host, port, workers=count)


@cli.command("secret-key")
def secret_key() -> None:
    """Print a new key for EMPTYCHAIR_SECRET_KEY (it encrypts OAuth installs' bot tokens).

    To rotate, put the new key first and keep the old ones after it, comma-separated;
    the server re-encrypts every stored token with the newest key when it starts, after
    which the old keys can be dropped.

    \b
    Example:
      export EMPTYCHAIR_SECRET_KEY="$(emptychair secret-key)"
      EMPTYCHAIR_SECRET_KEY="$(emptychair secret-key),$EMPTYCHAIR_SECRET_KEY"
    """
    from bot.secrets import Sealer

    click.echo(Sealer.new_key())
