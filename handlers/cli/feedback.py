"""`emptychair feedback ...`: capture, import and search customer feedback."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from bot.feedback import FeedbackInput
from bot.i18n import nt, t
from bot.ingest import FeedbackPreview
from bot.models import Feedback, ScoredFeedback
from bot.text import one_line
from handlers.cli.app import cli, emit_json, error_language, json_option, state_of


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


def _mapping(pairs: tuple[str, ...]) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for pair in pairs:
        field, sep, column = pair.partition("=")
        if not sep or not field.strip():
            raise click.BadParameter(
                t(
                    error_language(),
                    "expected FIELD=COLUMN, e.g. text=Body (got {pair!r})",
                    pair=pair,
                ),
                param_hint="--map",
            )
        mapping[field.strip().lower()] = column.strip()
    return mapping


@feedback.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@click.option(
    "--map",
    "maps",
    multiple=True,
    metavar="FIELD=COLUMN",
    help="Read one of our fields from a column of another name (repeat), e.g. text=Body.",
)
@click.option(
    "--date-format",
    metavar="FORMAT",
    help="How created_at is written when it is not ISO 8601, e.g. '%d/%m/%Y'.",
)
@click.option(
    "--dry-run", is_flag=True, help="Show the first rows as stored and the counts; write nothing."
)
@click.option(
    "--progress/--no-progress",
    default=None,
    help="Show a progress bar (default: when stderr is a terminal).",
)
@click.option(
    "--workers",
    type=click.IntRange(0, 64),
    default=None,
    help="Processes that prepare rows while this one writes (default: one per core but one,"
    " for files over 8 MB; 0: none).",
)
@json_option
@click.pass_context
def import_cmd(
    ctx: click.Context,
    file: Path,
    maps: tuple[str, ...],
    date_format: str | None,
    dry_run: bool,
    progress: bool | None,
    workers: int | None,
    as_json: bool,
) -> None:
    """Import snippets from CSV or JSON Lines, all or nothing.

    Fields: text (required), customer, segment, source, url, sentiment, created_at,
    external_id, and email (never stored; hashed so `feedback forget --email` finds the
    snippet). Columns of other names are mapped with --map. The delimiter (, ; or tab)
    and the encoding (UTF-8 with or without BOM, UTF-16) are detected. A bad row stops
    the import with its line and column and nothing becomes visible. Rows already
    stored are skipped, so re-importing a file adds nothing. Other writers are never
    held up: the import writes in short transactions and appears all at once.

    \b
    Example:
      emptychair feedback import zendesk.csv --map text=Body \\
        --map customer=Organization --map created_at="Created at" --date-format '%d/%m/%Y'
    """
    workspace = state_of(ctx).workspace()
    mapping = _mapping(maps)
    if dry_run:
        preview = workspace.preview_feedback(file, mapping=mapping, date_format=date_format)
        _print_preview(preview, as_json)
        return
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
            result = workspace.import_feedback(
                file,
                progress=bar.update,
                mapping=mapping,
                date_format=date_format,
                workers=workers,
            )
    else:
        result = workspace.import_feedback(
            file, mapping=mapping, date_format=date_format, workers=workers
        )
    if as_json:
        emit_json({"rows": result.rows, "added": result.added, "skipped": result.skipped})
    else:
        click.echo(
            f"Imported {result.added} of {result.rows} rows ({result.skipped} already stored)."
        )


def _print_preview(preview: FeedbackPreview, as_json: bool) -> None:
    if as_json:
        emit_json(
            {
                "dry_run": True,
                "rows": preview.rows,
                "new": preview.new,
                "duplicates": preview.duplicates,
                "first": preview.first,
            }
        )
        return
    for number, row in enumerate(preview.first, start=1):
        fields = "  ".join(
            f"{k}={v}" for k, v in row.items() if v not in (None, "") and k != "text"
        )
        click.echo(f"{number}. {one_line(str(row['text']))}")
        click.echo(f"   {fields}")
    click.echo(
        t(
            "en",
            "Dry run: {rows} rows read, {new} would be added, {duplicates} already stored"
            " or repeated. Nothing was written.",
            rows=preview.rows,
            new=preview.new,
            duplicates=preview.duplicates,
        )
    )


@feedback.command("forget")
@click.option("--customer", help="The customer's name, as stored (any case).")
@click.option("--email", help="An e-mail address the snippets contained before masking.")
@json_option
@click.pass_context
def forget_cmd(ctx: click.Context, customer: str | None, email: str | None, as_json: bool) -> None:
    """Delete every snippet of a customer from the table and the search index.

    A record that a deletion happened (when, how many, matched by name or e-mail) is
    kept, never what was deleted; decisions that cited the snippets say the evidence
    was removed at the customer's request.

    \b
    Example:
      emptychair feedback forget --customer "Anna K." --email anna@example.com
    """
    done = state_of(ctx).workspace().forget_customer(customer=customer, email=email, actor="cli")
    if as_json:
        emit_json({"deleted": done.count, "deletion_id": done.deletion_id, "ids": list(done.ids)})
    else:
        click.echo(
            nt(
                "en",
                "Deleted {n} snippet; the deletion is recorded (not its content).",
                "Deleted {n} snippets; the deletion is recorded (not their content).",
                done.count,
            )
        )


@feedback.command("delete")
@click.argument("feedback_id")
@json_option
@click.pass_context
def delete_cmd(ctx: click.Context, feedback_id: str, as_json: bool) -> None:
    """Delete one snippet from the table and the search index (the deletion is recorded).

    \b
    Example:
      emptychair feedback delete 12
    """
    number = feedback_id.strip().upper().removeprefix("F")
    if not number.isdigit() or len(number) > 18:
        raise click.BadParameter(
            t(
                error_language(),
                "expected a snippet id such as 12 or F12 (got {value!r})",
                value=feedback_id,
            ),
            param_hint="FEEDBACK_ID",
        )
    done = state_of(ctx).workspace().delete_feedback(int(number), actor="cli")
    if as_json:
        emit_json({"deleted": done.count, "deletion_id": done.deletion_id, "ids": list(done.ids)})
    else:
        click.echo(t("en", "Deleted F{id}; the deletion is recorded (not its content).", id=number))


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


@feedback.command("deletions")
@json_option
@click.pass_context
def deletions_cmd(ctx: click.Context, as_json: bool) -> None:
    """The record of deletions, newest first: when, by whom, how many, by what match.

    What was deleted is not in it (that is the point); `sync:zendesk` as the actor
    means the sync saw the ticket deleted at its source.

    \b
    Example:
      emptychair feedback deletions --json
    """
    from bot.forget import deletions

    workspace = state_of(ctx).workspace()
    found = deletions(workspace.store, workspace.tenant)
    if as_json:
        emit_json(found)
        return
    if not found:
        click.echo(t("en", "No snippet has been deleted."))
    for row in found:
        click.echo(
            f"#{row['id']}  {str(row['at'])[:19]}  {row['actor'] or '-'}  {row['reason']}  "
            + nt("en", "{n} snippet", "{n} snippets", int(str(row["count"])))
        )
