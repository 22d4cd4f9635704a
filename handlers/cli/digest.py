"""`emptychair digest`: the weekly digest, and where it is sent."""

from __future__ import annotations

from dataclasses import asdict

import click

from bot.digest import digest_sections, digest_text, digest_title
from bot.i18n import LANGUAGES
from bot.reminders import parse_timezone
from handlers.cli.app import cli, emit_json, json_option, state_of


@cli.command()
@click.option("--print", "show", is_flag=True, help="Print this week's digest.")
@click.option("--lang", type=click.Choice(LANGUAGES), default="en", show_default=True)
@click.option("--tz", "timezone", default="UTC", show_default=True, help="Time zone of its dates.")
@json_option
@click.pass_context
def digest(ctx: click.Context, show: bool, lang: str, timezone: str, as_json: bool) -> None:
    """The weekly digest: the week's decisions, reviews, outcomes, meetings and feedback.

    Without --print, says which Slack and Teams channels get it every Monday morning
    (chosen in chat with `/emptychair digest here`, or `digest here` in Teams).

    \b
    Example:
      emptychair digest --print
      emptychair digest --print --lang pl --tz Europe/Warsaw
    """
    ws = state_of(ctx).workspace()
    if not show:
        channels = {p: ws.digest_channel(p) for p in ("slack", "teams")}
        if as_json:
            emit_json({p: asdict(c) if c else None for p, c in channels.items()})
            return
        for platform, channel in channels.items():
            where = (
                f"{channel.channel_id}, Mondays at 09:00 {channel.timezone} ({channel.lang}),"
                f" next {channel.next_run_at}"
                if channel
                else "off"
            )
            click.echo(f"{platform}: {where}")
        return
    week = ws.digest(parse_timezone(timezone))
    if as_json:
        emit_json(
            {
                "title": digest_title(week, lang),
                "digest": asdict(week),
                "sections": [asdict(s) for s in digest_sections(week, lang)],
            }
        )
        return
    click.echo(digest_text(week, lang), nl=False)
