"""`emptychair decisions ...`: the decision log."""

from __future__ import annotations

import getpass
import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import click

from bot.models import Decision, DecisionDraft
from bot.store import write_private
from bot.text import one_line
from handlers.cli.app import cli, emit_json, json_option, state_of

F = Callable[..., Any]


def _actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


def _draft_options(fn: F) -> F:
    """The fields of a decision, shared by `log` and `supersede`."""
    for option in reversed(
        [
            click.option("--title", help="Short name of the decision."),
            click.option("--decision", "decision_text", help="What was decided."),
            click.option("--customer-impact", help="Who is affected and how."),
            click.option("--context", default="", help="Why this came up."),
            click.option(
                "--option", "options", multiple=True, help="An option considered (repeat)."
            ),
            click.option(
                "--door",
                type=click.Choice(["one-way", "two-way"]),
                default="two-way",
                show_default=True,
                help="Can the decision be undone (two-way) or not?",
            ),
            click.option("--owner", help="Who owns carrying it out."),
            click.option(
                "--participant", "participants", multiple=True, help="Who took part (repeat)."
            ),
            click.option("--review-on", help="When to look at it again (YYYY-MM-DD)."),
            click.option(
                "--principle", "principle_ids", multiple=True, help="Principle id (repeat)."
            ),
            click.option("--feedback", "feedback_ids", multiple=True, help="Feedback id (repeat)."),
            click.option(
                "--cites", "decision_ids", multiple=True, help="Earlier decision it relies on."
            ),
        ]
    ):
        fn = option(fn)
    return fn


def _draft(kwargs: dict[str, Any]) -> DecisionDraft:
    return DecisionDraft(
        title=kwargs["title"] or "",
        decision=kwargs["decision_text"] or "",
        customer_impact=kwargs["customer_impact"] or "",
        context=kwargs["context"] or "",
        options=list(kwargs["options"]),
        door=kwargs["door"],
        owner=kwargs["owner"],
        participants=list(kwargs["participants"]),
        review_on=kwargs["review_on"],
        principle_ids=list(kwargs["principle_ids"]),
        feedback_ids=list(kwargs["feedback_ids"]),
        decision_ids=list(kwargs["decision_ids"]),
        created_by=_actor(),
    )


def _line(d: Decision) -> str:
    evidence = f"{len(d.feedback_ids)} feedback, {len(d.principle_ids)} principles"
    owner = f", owner {d.owner}" if d.owner else ""
    return f"D{d.id}  {d.created_at[:10]}  [{d.status}]  {one_line(d.title)}  ({evidence}{owner})"


def _show(d: Decision) -> None:
    click.echo(f"D{d.id}: {d.title} [{d.status}]")
    click.echo(f"  Decision: {d.decision}")
    click.echo(f"  Customer impact: {d.customer_impact}")
    if d.context:
        click.echo(f"  Context: {d.context}")
    for option in d.options:
        click.echo(f"  Option considered: {option}")
    click.echo(f"  Door: {d.door}" + (f"; owner: {d.owner}" if d.owner else ""))
    if d.review_on:
        click.echo(f"  Review on: {d.review_on}")
    if d.principle_ids or d.feedback_ids or d.decision_ids:
        refs = [f"P{i}" for i in d.principle_ids] + [f"F{i}" for i in d.feedback_ids]
        refs += [f"D{i}" for i in d.decision_ids]
        click.echo(f"  Evidence: {', '.join(refs)}")
    else:
        click.echo("  Evidence: none (no customer evidence)")
    if d.superseded_by:
        click.echo(f"  Superseded by: D{d.superseded_by}")
    if d.outcome:
        click.echo(f"  Outcome: {d.outcome}")
    where = d.place.channel_name or d.place.channel_id
    click.echo(
        f"  Made in: {d.place.platform}"
        + (f" #{where}" if where else "")
        + (f" ({d.place.permalink})" if d.place.permalink else "")
    )
    click.echo("  History:")
    for h in d.history:
        changes = json.dumps(h.changes, ensure_ascii=False)
        click.echo(f"    {h.at}  {h.actor or '-'}  {h.action}  {changes}")


@cli.group()
def decisions() -> None:
    """Log, list, show, supersede, reverse, review and export decisions.

    \b
    Example:
      emptychair decisions list --status decided
    """


@decisions.command("log")
@_draft_options
@json_option
@click.pass_context
def log_cmd(ctx: click.Context, /, as_json: bool, **kwargs: Any) -> None:
    """Log a decision with its customer impact and evidence.

    \b
    Example:
      emptychair decisions log --title "Keep free returns" --decision "Returns stay free" \\
        --customer-impact "Consumers keep free returns" --feedback 12 --principle 7 \\
        --door two-way --owner ana --review-on 2027-01-15
    """
    decision = state_of(ctx).workspace().record_decision(_draft(kwargs))
    if as_json:
        emit_json(decision.to_json())
    else:
        click.echo(f"Logged D{decision.id}: {decision.title}")


@decisions.command("list")
@click.option("--search", help="Words to find (any language).")
@click.option("--status", type=click.Choice(["decided", "superseded", "reversed"]))
@click.option("--owner", help="Only this owner's decisions.")
@click.option("--since", help="Only decisions logged on or after this date (YYYY-MM-DD).")
@click.option("--limit", default=100, show_default=True, type=click.IntRange(1, 1000))
@json_option
@click.pass_context
def list_cmd(
    ctx: click.Context,
    search: str | None,
    status: str | None,
    owner: str | None,
    since: str | None,
    limit: int,
    as_json: bool,
) -> None:
    """The decision log, newest first.

    \b
    Example:
      emptychair decisions list --search returns --since 2026-01-01
    """
    items = (
        state_of(ctx)
        .workspace()
        .list_decisions(search=search, status=status, owner=owner, since=since, limit=limit)
    )
    if as_json:
        emit_json([d.to_json() for d in items])
        return
    if not items:
        click.echo("No decisions found.")
    for d in items:
        click.echo(_line(d))


def _decision_id(value: str) -> int:
    try:
        number = int(value.strip().lstrip("Dd#"))
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a decision id") from None
    if number <= 0:
        raise click.BadParameter(f"{value!r} is not a decision id")
    return number


@decisions.command("show")
@click.argument("decision_id")
@json_option
@click.pass_context
def show_cmd(ctx: click.Context, decision_id: str, as_json: bool) -> None:
    """One decision with its evidence and its full history.

    \b
    Example:
      emptychair decisions show 12
    """
    decision = state_of(ctx).workspace().get_decision(_decision_id(decision_id))
    if as_json:
        emit_json(decision.to_json())
    else:
        _show(decision)


@decisions.command("update")
@click.argument("decision_id")
@click.option("--context", help="New context.")
@click.option("--customer-impact", help="New customer impact.")
@click.option("--owner", help="New owner.")
@click.option("--review-on", help="New review date (YYYY-MM-DD).")
@click.option("--outcome", help="What happened after the decision.")
@click.option("--principle", "principle_ids", multiple=True, help="Add a principle (repeat).")
@click.option("--feedback", "feedback_ids", multiple=True, help="Add a feedback id (repeat).")
@json_option
@click.pass_context
def update_cmd(ctx: click.Context, /, decision_id: str, as_json: bool, **kwargs: Any) -> None:
    """Change a decision's editable fields or add evidence (the history keeps the old values).

    \b
    Example:
      emptychair decisions update 12 --outcome "Returns rose 4%, churn fell" --feedback 40
    """
    changes = {k: v for k, v in kwargs.items() if v not in (None, ())}
    decision = (
        state_of(ctx).workspace().update_decision(_decision_id(decision_id), _actor(), **changes)
    )
    if as_json:
        emit_json(decision.to_json())
    else:
        click.echo(f"Updated D{decision.id}: {decision.title}")


@decisions.command("supersede")
@click.argument("old_id")
@click.option("--by", "by_id", help="An already logged decision that replaces it.")
@_draft_options
@json_option
@click.pass_context
def supersede_cmd(
    ctx: click.Context, /, old_id: str, by_id: str | None, as_json: bool, **kwargs: Any
) -> None:
    """Replace a decision by a new one; the old one keeps its record.

    \b
    Example:
      emptychair decisions supersede 12 --title "Free returns over $20" \\
        --decision "Returns are free above $20" --customer-impact "Small orders pay $3"
      emptychair decisions supersede 12 --by 15
    """
    workspace = state_of(ctx).workspace()
    new: DecisionDraft | int = _decision_id(by_id) if by_id else _draft(kwargs)
    decision = workspace.supersede_decision(_decision_id(old_id), new, _actor())
    if as_json:
        emit_json(decision.to_json())
    else:
        click.echo(f"D{_decision_id(old_id)} is superseded by D{decision.id}: {decision.title}")


@decisions.command("reverse")
@click.argument("decision_id")
@click.option("--reason", required=True, help="Why it is reversed.")
@click.pass_context
def reverse_cmd(ctx: click.Context, decision_id: str, reason: str) -> None:
    """Mark a decision as reversed (it stays in the log).

    \b
    Example:
      emptychair decisions reverse 12 --reason "Customers hated it (F40, F41)"
    """
    decision = (
        state_of(ctx).workspace().reverse_decision(_decision_id(decision_id), _actor(), reason)
    )
    click.echo(f"Reversed D{decision.id}: {decision.title}")


@decisions.command("review")
@click.option("--today", "today_text", help="Review as of this date (default: today).")
@json_option
@click.pass_context
def review_cmd(ctx: click.Context, today_text: str | None, as_json: bool) -> None:
    """The manager's review queue: no customer evidence, reviews due, superseded but cited.

    \b
    Example:
      emptychair decisions review
    """
    from bot.decisions import parse_date

    day = parse_date(today_text, "today")
    queue = state_of(ctx).workspace().review_queue(date.fromisoformat(day) if day else None)
    sections = {
        "without_customer_evidence": queue.without_evidence,
        "reviews_due": queue.reviews_due,
        "superseded_still_cited": queue.superseded_still_cited,
    }
    if as_json:
        emit_json({k: [d.to_json() for d in v] for k, v in sections.items()})
        return
    for title, items in sections.items():
        click.echo(f"{title.replace('_', ' ').capitalize()} ({len(items)}):")
        for d in items:
            click.echo(f"  {_line(d)}")


@decisions.command("export")
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), required=True)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="File to write (default: standard output).",
)
@click.pass_context
def export_cmd(ctx: click.Context, fmt: str, output: Path | None) -> None:
    """Export the whole decision log.

    CSV is UTF-8 with a byte-order mark (so spreadsheets read every language) and cells
    that a spreadsheet would run as formulas are prefixed with an apostrophe.

    \b
    Example:
      emptychair decisions export --format csv -o decisions.csv
    """
    workspace = state_of(ctx).workspace()
    items = workspace.list_decisions(limit=1000, with_history=fmt == "json")
    text = workspace.export_decisions(items, fmt)
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        write_private(output, text)
    except OSError as exc:
        raise click.ClickException(f"cannot write {output}: {exc.strerror}") from None
    click.echo(f"Wrote {len(items)} decisions to {output}", err=True)
