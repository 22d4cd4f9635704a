"""`emptychair ask`: what's better for the customer?"""

from __future__ import annotations

import click

from bot.advisor import DEFAULT_LIMIT, MAX_LIMIT
from handlers.cli.app import cli, emit_json, json_option, state_of


@cli.command()
@click.argument("question")
@click.option(
    "--limit",
    default=DEFAULT_LIMIT,
    show_default=True,
    type=click.IntRange(1, MAX_LIMIT),
    help="How many principles and snippets to cite.",
)
@json_option
@click.pass_context
def ask(ctx: click.Context, question: str, limit: int, as_json: bool) -> None:
    """Answer QUESTION from the stored principles and customer feedback.

    Every source is cited by id (P for principles, F for feedback); evidence that
    points the other way and thin evidence are said plainly.

    \b
    Example:
      emptychair ask "Should we start charging for returns?"
      emptychair ask --json --limit 3 "Czy powinniśmy skrócić czas dostawy?"
    """
    answer = state_of(ctx).workspace().answer_for_customer(question, limit)
    if as_json:
        emit_json(answer.to_json())
    else:
        click.echo(answer.text)
