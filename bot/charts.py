"""Charts of the report, drawn with matplotlib (SVG for the HTML file, PNG for chat).

matplotlib is imported on first use only, so commands that draw nothing (`ask`) stay
fast, and always with the non-interactive Agg backend (no display, no GUI toolkit).
"""

from __future__ import annotations

import io
import re
import threading
from dataclasses import dataclass
from typing import Any

from bot.i18n import t
from bot.report import Report

#: Colours that stay apart in greyscale print and for common colour blindness.
BLUE, ORANGE, GREY, GREEN, RED = "#1f5fa8", "#e08a1e", "#9aa4ae", "#2e8b57", "#c0392b"
_LOCK = threading.Lock()  # pyplot's state is global; one figure at a time
_XML_PROLOGUE = re.compile(r"^.*?(?=<svg)", re.DOTALL)


@dataclass(frozen=True)
class Chart:
    """One chart: a stable id, its title and the figure-drawing function's name."""

    key: str
    title: str


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg", force=True)
    matplotlib.rcParams.update(
        {
            "svg.fonttype": "none",  # text stays text: small files, selectable, printable
            "svg.hashsalt": "emptychair",  # the same report gives the same SVG
            "font.size": 9,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "figure.dpi": 100,
        }
    )
    import matplotlib.pyplot as plt

    return plt


def _integer_ticks() -> Any:
    from matplotlib.ticker import MaxNLocator

    return MaxNLocator(integer=True)


def _labels(report: Report) -> list[str]:
    return [w.start.strftime("%d %b") for w in report.weeks]


def _thin_ticks(ax: Any, labels: list[str]) -> None:
    step = max(1, len(labels) // 12)
    positions = list(range(0, len(labels), step))
    ax.set_xticks(positions, [labels[i] for i in positions], rotation=45, ha="right")


def _decisions(ax: Any, report: Report, lang: str) -> None:
    x = list(range(len(report.weeks)))
    evidence = [w.figures.with_customer_evidence for w in report.weeks]
    without = [w.figures.decisions - w.figures.with_customer_evidence for w in report.weeks]
    ax.bar(x, evidence, color=BLUE, label=t(lang, "with customer evidence"))
    ax.bar(x, without, bottom=evidence, color=GREY, label=t(lang, "without"))
    _thin_ticks(ax, _labels(report))
    ax.set_ylabel(t(lang, "decisions"))
    ax.yaxis.set_major_locator(_integer_ticks())
    ax.legend(loc="upper left", frameon=False)


def _shares(ax: Any, report: Report, lang: str) -> None:
    x = list(range(len(report.weeks)))

    def pct(value: float | None) -> float:
        return float("nan") if value is None else 100 * value

    ax.plot(
        x,
        [pct(w.figures.evidence_share) for w in report.weeks],
        marker="o",
        color=BLUE,
        label=t(lang, "customer evidence"),
    )
    ax.plot(
        x,
        [pct(w.figures.principle_share) for w in report.weeks],
        marker="s",
        color=ORANGE,
        label=t(lang, "a principle"),
    )
    ax.set_ylim(0, 105)
    ax.set_ylabel("%")
    _thin_ticks(ax, _labels(report))
    ax.legend(loc="lower left", frameon=False)


def _reviews(ax: Any, report: Report, lang: str) -> None:
    total = report.total
    names = [
        t(lang, "on time"),
        t(lang, "late"),
        t(lang, "missing"),
        t(lang, "worked"),
        t(lang, "did not"),
    ]
    values = [
        total.reviews_on_time,
        total.reviews_late,
        total.reviews_missing,
        total.outcomes_worked,
        total.outcomes_did_not,
    ]
    bars = ax.bar(names, values, color=[GREEN, ORANGE, RED, GREEN, RED])
    ax.bar_label(bars, padding=2)
    ax.set_ylabel(t(lang, "reviews and outcomes"))
    ax.yaxis.set_major_locator(_integer_ticks())


def _principles(ax: Any, report: Report, lang: str) -> None:
    items = list(reversed(report.principles[:8]))
    titles = [c.title if len(c.title) <= 40 else c.title[:39] + "…" for c in items]
    bars = ax.barh(range(len(items)), [c.decisions for c in items], color=BLUE)
    ax.set_yticks(range(len(items)), titles)
    ax.bar_label(bars, padding=2)
    ax.set_xlabel(t(lang, "decisions citing it"))
    ax.xaxis.set_major_locator(_integer_ticks())
    if not items:
        ax.text(0.5, 0.5, t(lang, "No principle cited"), ha="center", transform=ax.transAxes)


_DRAW = {
    "decisions": _decisions,
    "shares": _shares,
    "reviews": _reviews,
    "principles": _principles,
}


def chart_list(report: Report, lang: str) -> list[Chart]:
    """The report's charts, in the order they appear."""
    return [
        Chart("decisions", t(lang, "Decisions per week")),
        Chart("shares", t(lang, "Share citing customer evidence and a principle, per week")),
        Chart("reviews", t(lang, "Reviews and outcomes")),
        Chart("principles", t(lang, "Most-cited principles")),
    ]


def render(report: Report, chart: Chart, lang: str, fmt: str = "svg") -> bytes:
    """One chart as SVG (text kept as text) or PNG bytes."""
    plt = _pyplot()
    with _LOCK:
        fig, ax = plt.subplots(figsize=(7.2, 2.8), layout="constrained")
        try:
            _DRAW[chart.key](ax, report, lang)
            out = io.BytesIO()
            fig.savefig(out, format=fmt, dpi=150 if fmt == "png" else 100, metadata=_meta(fmt))
        finally:
            plt.close(fig)
    return out.getvalue()


def _meta(fmt: str) -> dict[str, Any]:
    # No creation date in the file: the same figures give the same bytes.
    # No RDF block at all: nothing in the file names a URL or a date.
    return {"Date": None, "Creator": None, "Format": None, "Type": None} if fmt == "svg" else {}


def inline_svg(data: bytes) -> str:
    """SVG bytes as an element to put inside HTML (the XML prologue removed)."""
    return _XML_PROLOGUE.sub("", data.decode("utf-8"), count=1)


def overview_png(report: Report, lang: str) -> bytes:
    """One PNG with the weekly decisions and shares: the picture for a chat message."""
    plt = _pyplot()
    with _LOCK:
        fig, (top, bottom) = plt.subplots(2, 1, figsize=(7.2, 6), layout="constrained")
        try:
            _decisions(top, report, lang)
            top.set_title(t(lang, "Decisions per week"))
            _shares(bottom, report, lang)
            bottom.set_title(t(lang, "Share citing customer evidence and a principle, per week"))
            out = io.BytesIO()
            fig.savefig(out, format="png", dpi=120)
        finally:
            plt.close(fig)
    return out.getvalue()
