"""`emptychair webhook secret`: create or rotate the feedback webhook's signing secret."""

from __future__ import annotations

import os

import click

from bot import webhook as core_webhook
from bot.i18n import t
from handlers.cli.app import cli, emit_json, json_option, state_of

PLACEHOLDER_URL = "https://YOUR-SERVER"


@cli.group()
def webhook() -> None:
    """The signed feedback webhook (POST /hooks/feedback).

    \b
    Example:
      emptychair webhook secret --tenant acme
    """


@webhook.command("secret")
@click.option("--tenant", "tenant_opt", help="Tenant the secret is for (default: --tenant).")
@json_option
@click.pass_context
def secret_cmd(ctx: click.Context, tenant_opt: str | None, as_json: bool) -> None:
    """Create or rotate a tenant's webhook secret and print what to paste into the sender.

    The old secret stops working at once. The secret is stored encrypted when
    EMPTYCHAIR_SECRET_KEY (a Fernet key) is set; otherwise as it is, so keep the
    database private. The URL uses EMPTYCHAIR_PUBLIC_URL.

    \b
    Example:
      EMPTYCHAIR_PUBLIC_URL=https://chair.acme.com emptychair webhook secret --tenant acme
    """
    state = state_of(ctx)
    if tenant_opt and tenant_opt.strip():
        state.tenant = tenant_opt.strip()
    ws = state.workspace()
    key = os.environ.get("EMPTYCHAIR_SECRET_KEY") or None
    secret = core_webhook.rotate_secret(ws.store, ws.tenant, ws.now(), key)
    base = (os.environ.get("EMPTYCHAIR_PUBLIC_URL") or PLACEHOLDER_URL).rstrip("/")
    url = f"{base}/hooks/feedback"
    if as_json:
        emit_json({"tenant": ws.tenant, "url": url, "secret": secret, "encrypted": bool(key)})
        return
    click.echo(t("en", "Webhook URL: {url}", url=url))
    click.echo(
        t("en", "Header {name}: {tenant}", name=core_webhook.TENANT_HEADER, tenant=ws.tenant)
    )
    click.echo(t("en", "Secret (shown once): {secret}", secret=secret))
    click.echo(
        t(
            "en",
            "Sign each request: {name}: sha256=<hex HMAC-SHA256 of the raw body with the secret>",
            name=core_webhook.SIGNATURE_HEADER,
        )
    )
    if not key:
        click.echo(
            t("en", "note: stored unencrypted; set EMPTYCHAIR_SECRET_KEY to encrypt it"), err=True
        )
