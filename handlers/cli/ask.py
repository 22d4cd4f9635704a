"""`emptychair ask`: what's better for the customer?"""

from __future__ import annotations

import gettext
import math
from typing import TYPE_CHECKING, Any

import click

from bot.advisor import DEFAULT_LIMIT, MAX_LIMIT
from bot.i18n import normalize, t
from bot.models import Answer
from handlers.cli.app import cli, emit_json, json_option, state_of

if TYPE_CHECKING:  # the model-written answer's module loads only when a model is set
    from bot.synthesis import Synthesis

DEFAULT_TIMEOUT = 10.0


class _Seconds(click.FloatRange):
    """A range of seconds that also refuses `nan` (every comparison with it is false, so
    click's range check let it through)."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        """The number, or click's usual range error."""
        number = super().convert(value, param, ctx)
        if math.isnan(number):
            message = gettext.gettext("{value} is not in the range {range}.")
            self.fail(message.format(value=value, range=self._describe_range()), param, ctx)
        return number


@cli.command()
@click.argument("question")
@click.option(
    "--limit",
    default=DEFAULT_LIMIT,
    show_default=True,
    type=click.IntRange(1, MAX_LIMIT),
    help="How many principles and snippets to cite.",
)
@click.option(
    "--timeout",
    default=DEFAULT_TIMEOUT,
    show_default=True,
    type=_Seconds(0.1, 120),
    metavar="SECONDS",
    help="How long to wait for the optional model-written answer (EMPTYCHAIR_LLM_*).",
)
@json_option
@click.pass_context
def ask(ctx: click.Context, question: str, limit: int, timeout: float, as_json: bool) -> None:
    """Answer QUESTION from the stored principles and customer feedback.

    Every source is cited by id (P for principles, F for feedback); evidence that
    points the other way and thin evidence are said plainly. When a language model is
    configured (EMPTYCHAIR_LLM_BASE_URL), it also writes the answer in its own words
    from the cited sources only; without it, or when it fails, the answer is unchanged.

    \b
    Example:
      emptychair ask "Should we start charging for returns?"
      emptychair ask --json --limit 3 "Czy powinniśmy skrócić czas dostawy?"
    """
    ws = state_of(ctx).workspace()
    answer = ws.answer_for_customer(question, limit)
    synthesis = ws.synthesize(answer, budget=timeout)
    if as_json:
        emit_json({**answer.to_json(), "synthesis": synthesis.to_json() if synthesis else None})
        return
    click.echo(answer.text)
    if synthesis is not None:
        click.echo(synthesis_text(synthesis, answer))


def synthesis_text(synthesis: Synthesis, answer: Answer) -> str:
    """The model's answer as plain text, marked as the model's words, each sentence cited."""
    lang = normalize(answer.language)
    intro = t(
        lang,
        "In the model's words ({model}, written from the sources above):",
        model=synthesis.model,
    )
    lines = ["\n" + intro]
    lines += [f"  {s.text} [{', '.join(s.cites)}]" for s in synthesis.sentences]
    if synthesis.side_replaced and answer.verdict.text:
        note = t(
            lang,
            "The model read the evidence differently; the verdict stays the one counted from "
            "the customers' stances: {verdict}",
            verdict=answer.verdict.text,
        )
        lines.append("  " + note)
    return "\n".join(lines)
