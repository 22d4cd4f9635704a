"""The report in Slack: the Home tab's *Report* button sends managers the HTML and a chart."""

from __future__ import annotations

from typing import TYPE_CHECKING

from slack_bolt import App

from bot.charts import overview_png
from bot.i18n import t
from bot.report_render import pct, render_report, stage_name
from handlers.slack import ids
from handlers.slack.home import is_manager
from handlers.slack.turn import Turn, guarded

if TYPE_CHECKING:
    from handlers.slack.app import SlackBot


def register(app: App, bot: SlackBot) -> None:
    """Attach the report listener."""
    app.action(ids.HOME_REPORT)(guarded(bot, report_button))


def report_button(turn: Turn) -> None:
    """The Home tab's Report button: the last 13 weeks, in the manager's direct messages."""
    turn.ack()
    turn.later(_send)


def _send(turn: Turn) -> None:
    lang = turn.lang
    if not is_manager(turn) or not turn.user_id:
        turn.tell(t(lang, "Only managers can get the report. Ask one of them."))
        return
    report = turn.ws.report()
    html = render_report(report, "html", lang)
    png = overview_png(report, lang)
    data = turn.client.conversations_open(users=turn.user_id).data
    assert isinstance(data, dict)
    total = report.total
    name = f"customer-report-{report.since}-{report.until}"
    comment = t(
        lang,
        "Customer-centricity report, {since} to {until}: {n} decisions, {e} with customer "
        "evidence, {p} citing a principle; stage {level}, {stage}. Open the HTML file in a "
        "browser (it works offline and prints).",
        since=report.since,
        until=report.until,
        n=total.decisions,
        e=pct(total.evidence_share),
        p=pct(total.principle_share),
        level=report.stage.level,
        stage=stage_name(lang, report.stage.key),
    )
    # One upload call with both files: they arrive together, in one message.
    turn.client.files_upload_v2(
        channel=str(data["channel"]["id"]),
        file_uploads=[
            {"content": html.encode("utf-8"), "filename": f"{name}.html", "title": name},
            {"content": png, "filename": f"{name}.png", "title": name},
        ],
        initial_comment=comment,
    )
