"""`emptychair report`: the customer-centricity report as HTML, Markdown or JSON."""

from __future__ import annotations

from pathlib import Path

import click

from bot.i18n import t
from bot.report_render import FORMATS, render_report
from bot.store import write_private
from handlers.cli.app import cli, error_language, state_of


@cli.command()
@click.option("--since", help="First day (YYYY-MM-DD; default: 13 weeks before --until).")
@click.option("--until", help="Last day (YYYY-MM-DD; default: today).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="html", show_default=True)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="File to write (default: standard output).",
)
@click.pass_context
def report(
    ctx: click.Context, since: str | None, until: str | None, fmt: str, output: Path | None
) -> None:
    """Decisions, customer evidence, principles, reviews, outcomes and meetings, per week.

    The HTML is one self-contained file (charts inline as SVG, nothing loaded from the
    network) that prints well; it places the team on Bob Thompson's four stages of
    customer-centricity, with the thresholds it used.

    \b
    Example:
      emptychair report --since 2026-07-01 --format html -o report.html
      emptychair report --format json
    """
    text = render_report(state_of(ctx).workspace().report(since, until), fmt)
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        write_private(output, text)
    except OSError as exc:
        reason = t(
            error_language(), "cannot write {path}: {reason}", path=output, reason=exc.strerror
        )
        raise click.ClickException(reason) from None
    click.echo(f"Wrote the report to {output}", err=True)
