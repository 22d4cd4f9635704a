"""The report in Teams: `report` answers with a card of the figures and the HTML file.

The file travels the way Teams lets a bot send files: a *file consent card* in the
user's personal chat with the bot. When the user accepts, Teams sends a
`fileConsent/invoke` with an upload URL in the user's OneDrive; the bot PUTs the HTML
there and posts a *file info card* that opens it. Teams offers this only in personal
chats (the app manifest says `supportsFiles`), so in a channel or group chat the card
says to ask in a personal chat for the file.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from microsoft_teams.api.activities.invoke.file_consent import FileConsentInvokeActivity
from microsoft_teams.api.activities.message import MessageActivityInput
from microsoft_teams.api.models import Attachment
from microsoft_teams.apps import ActivityContext

from bot.errors import InvalidInput
from bot.i18n import normalize, t
from bot.report import Report
from bot.report_render import pct, render_report, stage_name, stage_paragraph
from handlers import pools
from handlers.teams.cards import Card, adaptive_card, esc, fact, heading, section, text_block
from handlers.teams.replies import sdk_card
from handlers.teams.turns import Turn

if TYPE_CHECKING:
    from handlers.teams.bot import TeamsBot

logger = logging.getLogger(__name__)

FILE_CONSENT = "application/vnd.microsoft.teams.card.file.consent"
FILE_INFO = "application/vnd.microsoft.teams.card.file.info"
KIND = "emptychair-report"


def file_name(report: Report) -> str:
    """The HTML file's name."""
    return f"customer-report-{report.since}-{report.until}.html"


def render_report_card(report: Report, lang: str, *, personal: bool) -> Card:
    """The figures of the report as an Adaptive Card."""
    total = report.total
    facts = [
        fact(t(lang, "Decisions"), str(total.decisions)),
        fact(t(lang, "With customer evidence"), pct(total.evidence_share)),
        fact(t(lang, "Citing a principle"), pct(total.principle_share)),
        fact(t(lang, "one-way / two-way doors"), f"{total.one_way} / {total.two_way}"),
        fact(
            t(lang, "reviews on time / late / missing"),
            f"{total.reviews_on_time} / {total.reviews_late} / {total.reviews_missing}",
        ),
        fact(
            t(lang, "outcomes worked / did not"),
            f"{total.outcomes_worked} / {total.outcomes_did_not}",
        ),
        fact(
            t(lang, "customer had a voice: yes / partly / no"),
            f"{total.voice_yes} / {total.voice_partly} / {total.voice_no}",
        ),
    ]
    body: list[dict[str, Any]] = [
        heading(t(lang, "Customer-centricity report")),
        text_block(t(lang, "{since} to {until}", since=report.since, until=report.until)),
        {"type": "FactSet", "facts": facts},
        section(t(lang, "Stage") + f": {report.stage.level}, {stage_name(lang, report.stage.key)}"),
        text_block(stage_paragraph(report, lang), size="small"),
    ]
    if report.principles:
        body.append(section(t(lang, "Most-cited principles")))
        body.append(
            text_block(
                "\n".join(f"- P{c.id} {esc(c.title)}: {c.decisions}" for c in report.principles[:5])
            )
        )
    body.append(
        text_block(
            t(lang, "The full report with charts is in the HTML file below.")
            if personal
            else t(lang, "For the HTML file with charts, send me **report** in a personal chat."),
            isSubtle=True,
        )
    )
    return adaptive_card(body)


def _consent(report: Report, size: int, lang: str) -> Attachment:
    context = {"kind": KIND, "since": str(report.since), "until": str(report.until), "lang": lang}
    return Attachment(
        content_type=FILE_CONSENT,
        name=file_name(report),
        content={
            "description": t(lang, "Customer-centricity report"),
            "sizeInBytes": size,
            "acceptContext": context,
            "declineContext": context,
        },
    )


def report_message(turn: Turn, argument: str, lang: str) -> MessageActivityInput | str:
    """`report [since] [until]`: the figures card (and in a personal chat, the file offer);
    blocking: run it on `pools.request`."""
    managers = turn.ws.settings.manager_ids
    if managers and turn.user_id not in managers:
        return t(lang, "Only managers can get the report. Ask one of them.")
    dates = argument.split()
    if len(dates) > 2:
        return t(lang, "Use `report [since] [until]` with dates like 2026-07-01.")
    report = turn.ws.report(*dates)
    message = MessageActivityInput().add_card(
        sdk_card(render_report_card(report, lang, personal=turn.personal))
    )
    if turn.personal:
        size = len(render_report(report, "html", lang).encode("utf-8"))
        message.add_attachments(_consent(report, size, lang))
    return message


async def on_file_consent(
    bot: TeamsBot, ctx: ActivityContext[FileConsentInvokeActivity], turn: Turn
) -> None:
    """The user accepted (upload the HTML, then show it) or declined the report file."""
    value = ctx.activity.value
    context = value.context if isinstance(value.context, dict) else {}
    if context.get("kind") != KIND:
        return
    lang = normalize(str(context.get("lang") or ""))
    if not await pools.request(turn.ws.first_time, turn.key("file-consent", turn.activity_id)):
        return
    action = getattr(value.action, "value", value.action)  # an enum in the SDK's model
    if action != "accept" or value.upload_info is None:
        await ctx.send(t(lang, "No file then. Send `report` again when you want it."))
        return
    info = value.upload_info
    if not info.upload_url or not info.upload_url.lower().startswith("https://"):
        raise InvalidInput("Teams gave no place to upload the file; try `report` again")
    report = await pools.request(
        turn.ws.report, str(context.get("since") or ""), str(context.get("until") or "")
    )
    data = render_report(report, "html", lang).encode("utf-8")
    await bot.upload(info.upload_url, data)
    card = Attachment(
        content_type=FILE_INFO,
        content_url=info.content_url,
        name=info.name or file_name(report),
        content={"uniqueId": info.unique_id, "fileType": info.file_type or "html"},
    )
    await ctx.send(MessageActivityInput().add_attachments(card))
