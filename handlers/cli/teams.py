"""`emptychair teams-package`: the Teams app package to upload."""

from __future__ import annotations

from pathlib import Path

import click

from bot.i18n import t
from handlers.cli.app import cli, error_language


@cli.command("teams-package")
@click.option(
    "--app-id", required=True, help="The Teams app's id: a GUID you choose once and keep."
)
@click.option(
    "--bot-id", required=True, help="The bot's Microsoft Entra app (client) id, i.e. CLIENT_ID."
)
@click.option(
    "--domain",
    required=True,
    help="Public host name of the server (no https://), e.g. chair.example.com.",
)
@click.option(
    "-o",
    "--output",
    default="emptychair-teams.zip",
    show_default=True,
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Where to write the zip.",
)
def teams_package(app_id: str, bot_id: str, domain: str, output: Path) -> None:
    """Build the Teams app package: manifest.json (schema 1.30) and two icons, zipped.

    The bot answers in personal chats, channels and group chats, offers the message
    action "Save as customer feedback", and asks for the resource-specific permissions
    that deliver meeting start and end events. Upload the zip in Teams (Apps, Manage
    your apps, Upload an app) or import it into the Teams Developer Portal.

    \b
    Example:
      emptychair teams-package --app-id 3f1c0b6e-8d2a-4c1e-9b7a-5e4d3c2b1a00 \\
        --bot-id "$CLIENT_ID" --domain chair.example.com -o emptychair-teams.zip
    """
    # Imported here: the core CLI loads no platform adapter until a command needs it.
    from handlers.teams.package import PackageOptions, build_package

    try:
        path = build_package(PackageOptions(app_id, bot_id, domain), output)
    except OSError as exc:  # no such directory, a name too long, a read-only disk
        reason = t(
            error_language(), "cannot write {path}: {reason}", path=output, reason=exc.strerror
        )
        raise click.ClickException(reason) from None
    click.echo(f"wrote {path} (manifest.json, color.png, outline.png)")
