"""`emptychair decisions ...`: the decision log."""

from __future__ import annotations

import contextlib
import errno
import getpass
import json
import os
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import click

from bot.i18n import t
from bot.ids import parse_id, parse_ids
from bot.models import Decision, DecisionDraft
from bot.store import is_regular_or_missing, open_private
from bot.text import one_line
from handlers.cli.app import cli, emit_json, error_language, json_option, state_of

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
                metavar="one-way|two-way",
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
        principle_ids=parse_ids(kwargs["principle_ids"], "principle_ids"),
        feedback_ids=parse_ids(kwargs["feedback_ids"], "feedback_ids"),
        decision_ids=parse_ids(kwargs["decision_ids"], "decision_ids"),
        created_by=_actor(),
    )


def _line(d: Decision) -> str:
    evidence = f"{len(d.feedback_ids)} feedback, {len(d.principle_ids)} principles"
    if d.feedback_removed:
        note = t("en", "evidence removed at the customer's request")
        evidence += f"; {', '.join(f'F{i}' for i in d.feedback_removed)}: {note}"
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
        note = t("en", "evidence removed at the customer's request")
        refs = [f"P{i}" for i in d.principle_ids]
        refs += [f"F{i} ({note})" if i in d.feedback_removed else f"F{i}" for i in d.feedback_ids]
        refs += [f"D{i}" for i in d.decision_ids]
        click.echo(f"  Evidence: {', '.join(refs)}")
    else:
        click.echo("  Evidence: none (no customer evidence)")
    if d.superseded_by:
        click.echo(f"  Superseded by: D{d.superseded_by}")
    if d.outcome_result:
        step = f", {d.outcome_next}" if d.outcome_next else ""
        click.echo(f"  Outcome: {d.outcome_result}{step} ({(d.outcome_at or '')[:10]})")
        if d.outcome and d.outcome_result != "too-early":
            click.echo(f"  Customer result: {d.outcome}")
    elif d.outcome:
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
@click.option("--status", type=click.Choice(["decided", "superseded", "reversed", "withdrawn"]))
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
    return parse_id(value, "decision_ids")


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
    workspace = state_of(ctx).workspace()
    decision = workspace.get_decision(_decision_id(decision_id))
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

    Each due review shows its date, how many days it is overdue, the owner (or "owner
    gone" when they left the workspace) and what the decision still lacks.

    \b
    Example:
      emptychair decisions review
    """
    from bot.decisions import parse_date

    day = parse_date(today_text, "today")
    queue = state_of(ctx).workspace().review_queue(date.fromisoformat(day) if day else None)
    if as_json:
        emit_json(
            {
                "without_customer_evidence": [d.to_json() for d in queue.without_evidence],
                "reviews_due": [item.to_json() for item in queue.reviews_due],
                "superseded_still_cited": [d.to_json() for d in queue.superseded_still_cited],
            }
        )
        return
    click.echo(f"Without customer evidence ({len(queue.without_evidence)}):")
    for d in queue.without_evidence:
        click.echo(f"  {_line(d)}")
    click.echo(f"Reviews due ({len(queue.reviews_due)}):")
    for item in queue.reviews_due:
        d = item.decision
        owner = {"gone": "owner gone", "unreachable": "owner not reachable"}.get(
            item.owner_status, f"owner {d.owner}" if d.owner else "no owner"
        )
        click.echo(
            f"  D{d.id}  review {item.review_on}  {item.days_overdue} days overdue  {owner}"
            f"  missing: {', '.join(item.missing)}  {one_line(d.title)}"
        )
    click.echo(f"Superseded but still cited ({len(queue.superseded_still_cited)}):")
    for d in queue.superseded_still_cited:
        click.echo(f"  {_line(d)}")


@decisions.command("outcome")
@click.argument("decision_id")
@click.option(
    "--result",
    type=click.Choice(["worked", "did-not", "too-early"]),
    required=True,
    help="Did it work for customers? too-early asks again in 14 days.",
)
@click.option("--note", help="The customer result in a sentence (needed unless too-early).")
@click.option(
    "--next",
    "next_step",
    type=click.Choice(["keep", "revise", "reverse"]),
    help="What now (default keep); reverse reverses the decision.",
)
@json_option
@click.pass_context
def outcome_cmd(
    ctx: click.Context,
    decision_id: str,
    result: str,
    note: str | None,
    next_step: str | None,
    as_json: bool,
) -> None:
    """Record how a decision worked out for customers; this answers its review.

    \b
    Example:
      emptychair decisions outcome 12 --result worked --note "Returns rose 4%, churn fell"
      emptychair decisions outcome 12 --result too-early
    """
    workspace = state_of(ctx).workspace()
    decision = workspace.record_outcome(
        _decision_id(decision_id), _actor(), result, note=note, next_step=next_step
    )
    if as_json:
        emit_json(decision.to_json())
    elif result == "too-early":
        click.echo(f"D{decision.id}: too early; review again on {decision.review_on}")
    else:
        click.echo(f"D{decision.id}: outcome recorded ({result}, {decision.outcome_next})")


@decisions.command("withdraw")
@click.argument("decision_id")
@click.option("--reason", required=True, help="Why (e.g. logged by mistake).")
@click.pass_context
def withdraw_cmd(ctx: click.Context, decision_id: str, reason: str) -> None:
    """Withdraw a decision logged by mistake: kept in its history, gone from lists.

    `decisions list --status withdrawn` still finds it.

    \b
    Example:
      emptychair decisions withdraw 12 --reason "Logged twice by mistake"
    """
    decision = (
        state_of(ctx).workspace().withdraw_decision(_decision_id(decision_id), _actor(), reason)
    )
    click.echo(f"Withdrew D{decision.id}: {decision.title}")


@decisions.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@json_option
@click.pass_context
def import_cmd(ctx: click.Context, file: Path, as_json: bool) -> None:
    """Bring in an existing decision log (CSV or JSON Lines, the export's columns).

    Decisions keep their original dates, owners, status, review dates (past ones too),
    outcomes and evidence. The file is checked whole before anything is written; an
    error names its line. Importing the same file twice adds nothing.

    \b
    Example:
      emptychair decisions import old-log.csv
      emptychair decisions import decisions.jsonl --json
    """
    result = state_of(ctx).workspace().import_decisions(file, actor=_actor())
    if as_json:
        emit_json({"imported": result.imported, "skipped": result.skipped, "ids": result.ids})
    else:
        click.echo(
            f"Imported {result.imported} decisions"
            + (f" ({result.skipped} already in the log)" if result.skipped else "")
        )


@decisions.command("export")
@click.option("--format", "fmt", type=click.Choice(["csv", "json", "jsonl"]), required=True)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="File to write (default: standard output).",
)
@click.pass_context
def export_cmd(ctx: click.Context, fmt: str, output: Path | None) -> None:
    """Export the whole decision log (every decision, written as it is read).

    CSV is UTF-8 with a byte-order mark (so spreadsheets read every language) and cells
    that a spreadsheet would run as formulas are prefixed with an apostrophe. Cited
    principles and feedback come with their titles next to their ids; `jsonl` has one
    decision per line and is what `decisions import` reads back.

    \b
    Example:
      emptychair decisions export --format csv -o decisions.csv
      emptychair decisions export --format jsonl -o decisions.jsonl
    """
    chunks = state_of(ctx).workspace().stream_export(fmt)
    if output is None:
        for chunk in chunks:
            click.echo(chunk, nl=False)
        return
    if not output.name or os.path.isdir(output):  # `-o ''` is the current directory
        reason = t(
            error_language(),
            "cannot write {path}: {reason}",
            path=output,
            reason=os.strerror(errno.EISDIR),
        )
        raise click.ClickException(reason)
    # A file is written next to the real one and renamed over it (a failed export never
    # leaves a half-written file behind); a device or pipe (`/dev/stdout`) is written as
    # it is: renaming over it replaced /dev/null with a regular file.
    direct = not is_regular_or_missing(output)
    target = output if direct else Path(os.path.realpath(output))  # a link stays a link
    partial = target if direct else target.with_name(target.name + ".partial")
    try:
        with open_private(partial) as handle:
            for chunk in chunks:
                handle.write(chunk)
        if not direct:
            partial.replace(target)
    except OSError as exc:
        if not direct:
            with contextlib.suppress(OSError):  # e.g. the name is too long: it was never made
                partial.unlink(missing_ok=True)
        reason = t(
            error_language(), "cannot write {path}: {reason}", path=output, reason=exc.strerror
        )
        raise click.ClickException(reason) from None
    click.echo(f"Wrote {chunks.count} decisions to {output}", err=True)
