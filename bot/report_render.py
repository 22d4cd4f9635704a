"""The report as one self-contained HTML file (charts inline as SVG), as Markdown or JSON."""

from __future__ import annotations

import html
import json

from bot import charts
from bot.i18n import t
from bot.report import REVIEW_GRACE_DAYS, THRESHOLDS, Figures, Report

FORMATS = ("html", "json", "md")


def pct(value: float | None) -> str:
    """A share as a whole percentage, or an em dash when there is nothing to divide."""
    return "—" if value is None else f"{round(100 * value)}%"


def _p(key: str) -> str:
    return f"{round(100 * THRESHOLDS[key])}%"


def stage_name(lang: str, key: str) -> str:
    """The stage's name in `lang`."""
    return {
        "customer-focused": t(lang, "customer-focused"),
        "customer-driven": t(lang, "customer-driven"),
        "customer-engaged": t(lang, "customer-engaged"),
        "customer-inspired": t(lang, "customer-inspired"),
    }[key]


def stage_paragraph(report: Report, lang: str = "en") -> str:
    """Where the team stands on Bob Thompson's four stages, and the thresholds used."""
    total = report.total
    if not total.decisions:
        return t(
            lang,
            "No decisions were logged in this period, so the figures cannot place the team "
            "on Bob Thompson's four stages of customer-centricity yet.",
        )
    stage = report.stage
    text = t(
        lang,
        "On Bob Thompson's four stages of customer-centricity (customer-focused, "
        "customer-driven, customer-engaged, customer-inspired) these figures place the team "
        "at stage {level}: {stage}.",
        level=stage.level,
        stage=stage_name(lang, stage.key),
    )
    text += " " + t(
        lang,
        "Thresholds: customer-driven when at least {de} of decisions cite customer evidence "
        "and {dp} cite a principle; customer-engaged when, in addition, at least {er} of due "
        "reviews got an outcome and the customer had a voice in at least {ev} of the meetings "
        "that answered; customer-inspired when evidence reaches {ie}, reviews {ir}, voice "
        "{iv}, and at least {iw} of judged outcomes worked for customers.",
        de=_p("driven_evidence"),
        dp=_p("driven_principle"),
        er=_p("engaged_reviews"),
        ev=_p("engaged_voice"),
        ie=_p("inspired_evidence"),
        ir=_p("inspired_reviews"),
        iv=_p("inspired_voice"),
        iw=_p("inspired_worked"),
    )
    text += " " + t(
        lang,
        "This period: {e} with customer evidence, {p} with a principle, {r} of due reviews "
        "done, customer voice in {v} of answered meetings.",
        e=pct(total.evidence_share),
        p=pct(total.principle_share),
        r=pct(total.review_share),
        v=pct(total.voice_share),
    )
    if stage.missing:
        names = {
            "evidence": t(lang, "more decisions citing customer evidence"),
            "principle": t(lang, "more decisions citing a principle"),
            "reviews": t(lang, "more reviews with an outcome"),
            "voice": t(lang, "the customer's voice in more meetings"),
            "worked": t(lang, "more outcomes that worked for customers"),
        }
        text += " " + t(
            lang,
            "To reach the next stage: {what}.",
            what="; ".join(names[m] for m in stage.missing),
        )
    return text


def _rows(lang: str) -> list[tuple[str, str]]:
    """(label, attribute or derived share) of each figure, in table order."""
    return [
        (t(lang, "Decisions"), "decisions"),
        (t(lang, "With customer evidence"), "evidence_share"),
        (t(lang, "Citing a principle"), "principle_share"),
        (t(lang, "One-way doors"), "one_way"),
        (t(lang, "Two-way doors"), "two_way"),
        (t(lang, "Reviews on time"), "reviews_on_time"),
        (t(lang, "Reviews late"), "reviews_late"),
        (t(lang, "Reviews missing"), "reviews_missing"),
        (t(lang, "Outcomes: worked"), "outcomes_worked"),
        (t(lang, "Outcomes: did not"), "outcomes_did_not"),
        (t(lang, "Customer had a voice: yes"), "voice_yes"),
        (t(lang, "partly"), "voice_partly"),
        (t(lang, "no"), "voice_no"),
    ]


def _cell(figures: Figures, attribute: str) -> str:
    value = getattr(figures, attribute)
    if attribute.endswith("_share"):
        count = (
            figures.with_customer_evidence if "evidence" in attribute else figures.with_principle
        )
        return f"{pct(value)} ({count})" if figures.decisions else "—"
    return str(value)


def to_json(report: Report) -> str:
    """The report as one JSON document."""
    return json.dumps(report.to_json(), ensure_ascii=False, indent=2) + "\n"


def to_markdown(report: Report, lang: str = "en") -> str:
    """The report as Markdown: totals, the stage, principles, segments, weeks."""
    total = report.total
    out = [
        "# " + t(lang, "Customer-centricity report"),
        "",
        t(lang, "{since} to {until}", since=report.since, until=report.until),
        "",
        "## " + t(lang, "In total"),
        "",
        "| " + t(lang, "Figure") + " | " + t(lang, "Value") + " |",
        "| --- | ---: |",
    ]
    out += [f"| {label} | {_cell(total, attr)} |" for label, attr in _rows(lang)]
    out += ["", "## " + t(lang, "Stage"), "", stage_paragraph(report, lang), ""]
    out += ["## " + t(lang, "Most-cited principles"), ""]
    out += [f"- P{c.id} {_md(c.title)}: {c.decisions}" for c in report.principles] or [
        t(lang, "No principle cited")
    ]
    out += ["", "## " + t(lang, "Segments affected"), ""]
    out += [f"- {_md(s)}: {n}" for s, n in report.segments] or [t(lang, "No segment named")]
    out += ["", "## " + t(lang, "Per week"), ""]
    header = [t(lang, "Week")] + [label for label, _ in _rows(lang)]
    out.append("| " + " | ".join(header) + " |")
    out.append("| --- " * len(header) + "|")
    for week in report.weeks:
        cells = [week.start.isoformat()] + [_cell(week.figures, a) for _, a in _rows(lang)]
        out.append("| " + " | ".join(cells) + " |")
    out.append("")
    return "\n".join(out)


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


_CSS = """
:root { color-scheme: light; --ink:#1d2733; --muted:#5b6673; --line:#d9dee4; --accent:#1f5fa8; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif;
  color: var(--ink); margin: 0 auto; max-width: 60rem; padding: 2rem 1.5rem 4rem; }
h1 { font-size: 1.7rem; margin: 0 0 .2rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 .6rem; border-bottom: 1px solid var(--line); }
.period { color: var(--muted); margin: 0 0 1.5rem; }
.tiles { display: grid; grid-template-columns: repeat(auto-fit, minmax(10rem, 1fr)); gap: .8rem; }
.tile { border: 1px solid var(--line); border-radius: .5rem; padding: .7rem .9rem; }
.tile b { display: block; font-size: 1.6rem; color: var(--accent); }
.tile span { color: var(--muted); font-size: .85rem; }
.stage { background: #f3f6fa; border-left: 4px solid var(--accent); padding: .8rem 1rem; }
figure { margin: 1rem 0; break-inside: avoid; page-break-inside: avoid; }
figure svg { width: 100%; height: auto; }
figcaption { font-weight: 600; margin-bottom: .3rem; }
table { border-collapse: collapse; width: 100%; font-size: .85rem; }
th, td { border-bottom: 1px solid var(--line); padding: .3rem .4rem; text-align: right; }
th:first-child, td:first-child { text-align: left; }
.scroll { overflow-x: auto; }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  h2 { break-after: avoid; page-break-after: avoid; }
  .scroll { overflow: visible; }
  table { font-size: 8pt; }
  .stage { background: none; }
  @page { margin: 1.5cm; }
}
"""


def _esc(value: object) -> str:
    return html.escape(str(value), quote=True)


def to_html(report: Report, lang: str = "en") -> str:
    """One self-contained HTML file: no scripts, no links out, charts inline as SVG."""
    total = report.total
    tiles = [
        (str(total.decisions), t(lang, "decisions")),
        (pct(total.evidence_share), t(lang, "with customer evidence")),
        (pct(total.principle_share), t(lang, "citing a principle")),
        (f"{total.one_way} / {total.two_way}", t(lang, "one-way / two-way doors")),
        (
            f"{total.reviews_on_time} / {total.reviews_late} / {total.reviews_missing}",
            t(lang, "reviews on time / late / missing"),
        ),
        (
            f"{total.outcomes_worked} / {total.outcomes_did_not}",
            t(lang, "outcomes worked / did not"),
        ),
        (
            f"{total.voice_yes} / {total.voice_partly} / {total.voice_no}",
            t(lang, "customer had a voice: yes / partly / no"),
        ),
    ]
    period = t(lang, "{since} to {until}", since=report.since, until=report.until)
    grace = t(lang, "reviews count as on time up to {n} days after their date", n=REVIEW_GRACE_DAYS)
    title = _esc(t(lang, "Customer-centricity report"))
    stage = _esc(t(lang, "Stage"))
    parts = [
        "<!doctype html>",
        f'<html lang="{_esc(lang)}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        # Nothing may load from anywhere: the file is read offline and printed.
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; img-src data:\">",
        f"<title>{title} {report.since} – {report.until}</title>",
        f"<style>{_CSS}</style></head><body>",
        f"<h1>{title}</h1>",
        f'<p class="period">{_esc(period)} · {_esc(grace)}</p>',
        '<section class="tiles">',
        *[
            f'<div class="tile"><b>{_esc(v)}</b><span>{_esc(label)}</span></div>'
            for v, label in tiles
        ],
        "</section>",
        f"<h2>{stage}</h2>",
        f'<p class="stage" id="stage">{_esc(stage_paragraph(report, lang))}</p>',
    ]
    for chart in charts.chart_list(report, lang):
        svg = charts.inline_svg(charts.render(report, chart, lang, "svg"))
        parts.append(
            f'<figure class="chart" id="chart-{chart.key}">'
            f"<figcaption>{_esc(chart.title)}</figcaption>{svg}</figure>"
        )
    parts.append("<h2>" + _esc(t(lang, "Most-cited principles")) + "</h2>")
    parts.append(
        _list([f"P{c.id} {c.title}: {c.decisions}" for c in report.principles])
        or "<p>" + _esc(t(lang, "No principle cited")) + "</p>"
    )
    parts.append("<h2>" + _esc(t(lang, "Segments affected")) + "</h2>")
    parts.append(
        _list([f"{s}: {n}" for s, n in report.segments])
        or "<p>" + _esc(t(lang, "No segment named")) + "</p>"
    )
    parts.append("<h2>" + _esc(t(lang, "Per week")) + "</h2>")
    parts.append(_week_table(report, lang))
    parts.append("</body></html>\n")
    return "\n".join(parts)


def _list(items: list[str]) -> str:
    if not items:
        return ""
    return "<ol>" + "".join(f"<li>{_esc(i)}</li>" for i in items) + "</ol>"


def _week_table(report: Report, lang: str) -> str:
    rows = _rows(lang)
    head = "".join(f"<th>{_esc(label)}</th>" for label, _ in rows)
    body = []
    for week in report.weeks:
        cells = "".join(f"<td>{_esc(_cell(week.figures, a))}</td>" for _, a in rows)
        body.append(f"<tr><td>{week.start.isoformat()}</td>{cells}</tr>")
    cells = "".join(f"<td><b>{_esc(_cell(report.total, a))}</b></td>" for _, a in rows)
    total = _esc(t(lang, "Total"))
    week_label = _esc(t(lang, "Week"))
    body.append(f"<tr><td><b>{total}</b></td>{cells}</tr>")
    return (
        f'<div class="scroll"><table><thead><tr><th>{week_label}</th>{head}</tr>'
        f"</thead><tbody>{''.join(body)}</tbody></table></div>"
    )


def render_report(report: Report, fmt: str, lang: str = "en") -> str:
    """The report in one of FORMATS."""
    if fmt == "html":
        return to_html(report, lang)
    if fmt == "md":
        return to_markdown(report, lang)
    if fmt == "json":
        return to_json(report)
    raise ValueError(f"unknown report format {fmt!r}")
