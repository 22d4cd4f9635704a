"""`emptychair feedback ...`: capture, import and search customer feedback."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from bot.feedback import FeedbackInput
from bot.models import Feedback, ScoredFeedback
from handlers.cli.app import cli, emit_json, json_option, state_of


def feedback_json(f: Feedback) -> dict[str, object]:
    """A snippet as JSON."""
    return {
        "id": f.id,
        "text": f.text,
        "customer": f.customer,
        "segment": f.segment,
        "source": f.source,
        "url": f.url,
        "sentiment": f.sentiment,
        "language": f.language,
        "created_at": f.created_at,
        "external_id": f.external_id,
    }


@cli.group()
def feedback() -> None:
    """Capture, import and search customer feedback snippets.

    \b
    Example:
      emptychair feedback add "Returns take too long" --customer "Acme" --source zendesk
    """


@feedback.command("add")
@click.argument("text")
@click.option("--customer", help="Who said it.")
@click.option("--segment", help="Customer segment, e.g. enterprise.")
@click.option("--source", help="Where it was said, e.g. zendesk, survey, sales-call.")
@click.option("--url", help="Link to the original (https://...).")
@click.option("--sentiment", help="positive, negative, neutral or mixed (guessed if left out).")
@click.option("--created-at", help="When it was said (YYYY-MM-DD).")
@click.option("--external-id", help="Id in the source system (makes re-adding a no-op).")
@json_option
@click.pass_context
def add_cmd(
    ctx: click.Context,
    text: str,
    customer: str | None,
    segment: str | None,
    source: str | None,
    url: str | None,
    sentiment: str | None,
    created_at: str | None,
    external_id: str | None,
    as_json: bool,
) -> None:
    """Store one customer feedback snippet (e-mails and phone numbers are masked).

    \b
    Example:
      emptychair feedback add "Free returns are why I shop here" --customer "Anna K." \\
        --segment consumer --source survey --sentiment positive
    """
    item = FeedbackInput(
        text=text,
        customer=customer,
        segment=segment,
        source=source,
        url=url,
        sentiment=sentiment,
        created_at=created_at,
        external_id=external_id,
        captured_by="cli",
    )
    stored, is_new = state_of(ctx).workspace().add_feedback(item)
    if as_json:
        emit_json({**feedback_json(stored), "new": is_new})
    elif is_new:
        click.echo(f"Added F{stored.id} ({stored.sentiment}).")
    else:
        click.echo(f"Already stored as F{stored.id}; nothing added.")


@feedback.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@click.option(
    "--progress/--no-progress",
    default=None,
    help="Show a progress bar (default: when stderr is a terminal).",
)
@json_option
@click.pass_context
def import_cmd(ctx: click.Context, file: Path, progress: bool | None, as_json: bool) -> None:
    """Import snippets from CSV or JSON Lines, all or nothing.

    Columns: text (required), customer, segment, source, url, sentiment, created_at,
    external_id. A bad row stops the import with its line and column and nothing is
    written. Rows already stored are skipped, so re-importing a file adds nothing.

    \b
    Example:
      emptychair feedback import tickets.csv
    """
    workspace = state_of(ctx).workspace()
    show = sys.stderr.isatty() if progress is None else progress
    if show and file.is_file():
        from tqdm import tqdm

        with tqdm(
            total=file.stat().st_size,
            unit="B",
            unit_scale=True,
            desc="importing",
            file=sys.stderr,
            leave=False,
        ) as bar:
            result = workspace.import_feedback(file, progress=bar.update)
    else:
        result = workspace.import_feedback(file)
    if as_json:
        emit_json({"rows": result.rows, "added": result.added, "skipped": result.skipped})
    else:
        click.echo(
            f"Imported {result.added} of {result.rows} rows ({result.skipped} already stored)."
        )


@feedback.command("search")
@click.argument("query")
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1, 200))
@json_option
@click.pass_context
def search_cmd(ctx: click.Context, query: str, limit: int, as_json: bool) -> None:
    """Find snippets by words, in any language, best first.

    \b
    Example:
      emptychair feedback search "refund delay"
    """
    hits = state_of(ctx).workspace().search_feedback(query, limit)
    if as_json:
        emit_json([_scored_json(h) for h in hits])
        return
    if not hits:
        click.echo("No matching feedback.")
    for h in hits:
        who = h.feedback.customer or "unnamed customer"
        click.echo(f"F{h.feedback.id}  [{h.sentiment}] {who}: {' '.join(h.feedback.text.split())}")


def _scored_json(h: ScoredFeedback) -> dict[str, object]:
    return {**feedback_json(h.feedback), "score": round(h.score, 4)}
