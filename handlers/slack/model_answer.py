"""The optional model-written answer in Slack: rendered under the question, sent later.

The deterministic answer goes out first (in the ack, or as a posted message); the
model's version replaces it in place when it arrives within `BUDGET_SECONDS`, through the
command's response_url or chat.update. Nothing changes when it fails or is late.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from slack_sdk.errors import SlackApiError
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

from bot.i18n import t
from bot.models import Answer
from bot.synthesis import Synthesis
from handlers.slack import kit
from handlers.slack.errors import slack_error_code
from handlers.slack.kit import context, link, md, section

if TYPE_CHECKING:
    from handlers.slack.turn import Turn

logger = logging.getLogger(__name__)

#: How long a Slack answer waits for the model before the deterministic one stays.
BUDGET_SECONDS = 8.0
#: The model call of a slash command starts this long after the ack was handed to Bolt:
#: started at once, its work competes with sending the ack for the interpreter.
ACK_GRACE_SECONDS = 0.05
Render = Callable[[Synthesis | None], Sequence[Block]]
RenderView = Callable[[Synthesis | None], View]


def synthesis_blocks(synthesis: Synthesis, answer: Answer) -> list[Block]:
    """The model's sentences, marked as its words, each citing ids linked to their sources."""
    lang = synthesis.language
    urls = {f"F{sf.feedback.id}": sf.feedback.url for sf in answer.feedback}
    lines = []
    for sentence in synthesis.sentences:
        cites = " ".join(_cite(c, urls.get(c)) for c in sentence.cites)
        lines.append(f"{md(sentence.text, 700)} {cites}")
    title = t(lang, "In the model's words")
    blocks: list[Block] = [section(f":speech_balloon: *{title}*\n" + kit.lines_within(lines, 2800))]
    note = disagreement(synthesis, answer)
    if note:
        blocks.append(context(md(note, 1000)))
    return [
        *blocks,
        context(
            md(
                t(
                    lang,
                    "Written by a language model ({model}) from the sources below only; "
                    "every sentence cites them. The quotes are the customers' own words.",
                    model=synthesis.model,
                ),
                500,
            )
        ),
    ]


def disagreement(synthesis: Synthesis, answer: Answer) -> str | None:
    """When the model's side contradicted the stance counts: the verdict that stands."""
    if not synthesis.side_replaced or not answer.verdict.text:
        return None
    return t(
        synthesis.language,
        "The model read the evidence differently; the verdict stays the one counted from "
        "the customers' stances: {verdict}",
        verdict=answer.verdict.text,
    )


def _cite(source_id: str, url: str | None) -> str:
    return link(url, f"[{source_id}]") or f"`[{source_id}]`"


def replace_ephemeral(turn: Turn, answer: Answer, render: Render) -> None:
    """After the ack: replace the command's answer with the model's version (response_url)."""
    time.sleep(ACK_GRACE_SECONDS)
    synthesis = turn.ws.synthesize(answer, budget=BUDGET_SECONDS - ACK_GRACE_SECONDS)
    respond = turn.args.respond
    if synthesis is None or respond is None or not turn.context.response_url:
        return
    sent = respond(
        text=kit.plain_fallback(answer.text),
        blocks=kit.message(render(synthesis)),
        response_type="ephemeral",
        replace_original=True,
    )
    if sent.status_code != 200:
        logger.warning("response_url answered %s to the model-written answer", sent.status_code)


def update_posted(turn: Turn, channel_id: str, ts: str, answer: Answer, render: Render) -> None:
    """After posting: update the posted answer with the model's version (chat.update)."""
    synthesis = turn.ws.synthesize(answer, budget=BUDGET_SECONDS)
    if synthesis is None:
        return
    try:
        turn.client.chat_update(
            channel=channel_id,
            ts=ts,
            text=kit.plain_fallback(answer.text),
            blocks=kit.message(render(synthesis)),
        )
    except SlackApiError as exc:  # the deterministic answer stays; nothing to tell the user
        logger.warning("chat.update of the model-written answer: %s", slack_error_code(exc))


def update_view(turn: Turn, view_id: str, answer: Answer, render: RenderView) -> None:
    """After a modal shows the answer: update it with the model's version (views.update)."""
    synthesis = turn.ws.synthesize(answer, budget=BUDGET_SECONDS)
    if synthesis is None or not view_id:
        return
    try:
        turn.client.views_update(view_id=view_id, view=kit.view(render(synthesis)))
    except SlackApiError as exc:  # closed meanwhile, or changed: the answer shown stays
        logger.info("views.update of the model-written answer: %s", slack_error_code(exc))
