"""The manager's report: how customer-centred the team's decisions were, per week and in total.

Figures only (plain dataclasses); `bot.report_render` turns them into HTML, Markdown or
JSON. Everything is computed from a few aggregate reads, so 100,000 decisions take well
under a second. Withdrawn decisions are left out of every figure.

Where each figure is counted:
- decisions (evidence, principles, doors, segments, principles cited): the week the
  decision was made (`created_at`, which an import keeps from the original log);
- reviews: the week of the review date; a review is *on time* when an outcome was
  recorded no later than `REVIEW_GRACE_DAYS` after it, *late* when later, *missing* when
  the date has passed with no outcome (reviews not yet due are counted apart);
- outcomes (worked / did not): the week the outcome was recorded;
- meeting voice answers: the week the meeting started.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import Any, Literal

from bot.decisions import parse_date
from bot.errors import InvalidInput
from bot.staging import VISIBLE_SQL, visible_sql
from bot.store import Store

#: An outcome recorded up to a week after the review date still counts as on time.
REVIEW_GRACE_DAYS = 7
DEFAULT_WEEKS = 13
MAX_DAYS = 3_700
TOP = 10
#: Outcome results that close a review; "too-early" postpones it instead.
WORKED = frozenset({"worked", "worked-for-customers", "yes"})
DID_NOT = frozenset({"did-not", "did_not", "didnt", "did-not-work", "no"})
Result = Literal["worked", "did-not", "recorded"]


@dataclass
class Figures:
    """The counts of one week, or of the whole period."""

    decisions: int = 0
    with_customer_evidence: int = 0
    with_principle: int = 0
    one_way: int = 0
    two_way: int = 0
    reviews_on_time: int = 0
    reviews_late: int = 0
    reviews_missing: int = 0
    reviews_not_due: int = 0
    outcomes_worked: int = 0
    outcomes_did_not: int = 0
    outcomes_other: int = 0
    voice_yes: int = 0
    voice_partly: int = 0
    voice_no: int = 0
    voice_unanswered: int = 0

    @property
    def evidence_share(self) -> float | None:
        """Share of decisions citing customer feedback (None without decisions)."""
        return self.with_customer_evidence / self.decisions if self.decisions else None

    @property
    def principle_share(self) -> float | None:
        """Share of decisions citing a principle (None without decisions)."""
        return self.with_principle / self.decisions if self.decisions else None

    @property
    def reviews_due(self) -> int:
        """Reviews whose date has passed (on time, late or missing)."""
        return self.reviews_on_time + self.reviews_late + self.reviews_missing

    @property
    def review_share(self) -> float | None:
        """Share of due reviews that got an outcome at all (None when none was due)."""
        due = self.reviews_due
        return (self.reviews_on_time + self.reviews_late) / due if due else None

    @property
    def voice_answers(self) -> int:
        """Meetings where someone answered "did the customer have a voice?"."""
        return self.voice_yes + self.voice_partly + self.voice_no

    @property
    def voice_share(self) -> float | None:
        """Share of answered meetings where the customer had a voice (yes)."""
        answered = self.voice_answers
        return self.voice_yes / answered if answered else None

    def add(self, other: Figures) -> None:
        """Add another week's counts to these."""
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def to_json(self) -> dict[str, Any]:
        """Counts and the derived shares."""
        data: dict[str, Any] = asdict(self)
        for name in ("evidence_share", "principle_share", "review_share", "voice_share"):
            value = getattr(self, name)
            data[name] = None if value is None else round(value, 4)
        return data


@dataclass(frozen=True)
class Week:
    """The figures of the week starting on Monday `start`."""

    start: date
    figures: Figures


@dataclass(frozen=True)
class Cited:
    """A principle and how many decisions in the period cite it."""

    id: int
    title: str
    decisions: int


@dataclass(frozen=True)
class Stage:
    """Where the figures place the team on Bob Thompson's four stages."""

    key: str  # customer-focused | customer-driven | customer-engaged | customer-inspired
    level: int  # 1..4
    met: tuple[str, ...]  # the criteria of the next stage that are met
    missing: tuple[str, ...]  # the criteria of the next stage that are not (yet)


@dataclass(frozen=True)
class Report:
    """Everything the report shows for one tenant over [since, until]."""

    since: date
    until: date
    today: date
    weeks: tuple[Week, ...]
    total: Figures
    principles: tuple[Cited, ...]
    segments: tuple[tuple[str, int], ...]
    stage: Stage
    thresholds: dict[str, float] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """The JSON document of `emptychair report --format json`."""
        return {
            "since": self.since.isoformat(),
            "until": self.until.isoformat(),
            "today": self.today.isoformat(),
            "total": self.total.to_json(),
            "weeks": [{"week": w.start.isoformat(), **w.figures.to_json()} for w in self.weeks],
            "principles": [asdict(c) for c in self.principles],
            "segments": [{"segment": s, "decisions": n} for s, n in self.segments],
            "stage": {
                "key": self.stage.key,
                "level": self.stage.level,
                "next_stage_met": list(self.stage.met),
                "next_stage_missing": list(self.stage.missing),
            },
            "thresholds": self.thresholds,
            "review_grace_days": REVIEW_GRACE_DAYS,
        }


def week_start(day: date) -> date:
    """The Monday of `day`'s week."""
    return day - timedelta(days=day.weekday())


def period(since: str | None, until: str | None, today: date) -> tuple[date, date]:
    """The report's [since, until]: default the last 13 weeks up to today."""
    end = date.fromisoformat(parse_date(until, "until") or today.isoformat())
    start_text = parse_date(since, "since")
    start = (
        date.fromisoformat(start_text)
        if start_text
        else week_start(end) - timedelta(weeks=DEFAULT_WEEKS - 1)
    )
    if start > end:
        raise InvalidInput("--since must not be after --until", field="since")
    if (end - start).days > MAX_DAYS:
        raise InvalidInput("the report covers at most ten years", field="since")
    return start, end


def _day(value: object) -> date | None:
    """The date at the start of an ISO date or timestamp (None when it is not one)."""
    return _parse_day(value[:10]) if isinstance(value, str) and value else None


@lru_cache(maxsize=65_536)
def _parse_day(text: str) -> date | None:
    # A report reads each day many times (one per decision): parse each once.
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _bounds(since: date, until: date) -> tuple[str, str]:
    # ISO timestamps compare as text: [since 00:00, the day after until 00:00).
    return since.isoformat(), (until + timedelta(days=1)).isoformat()


# --- Outcomes: read from the decision's history ------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """When an outcome was first recorded for a decision, and the latest result."""

    recorded_on: date
    result: Result


_FAST: dict[object, Result | None] = {"worked": "worked", "did-not": "did-not", "too-early": None}


def _result_of(action: str, changes: dict[str, Any]) -> Result | None:
    """The result an appended history entry records, or None if it records none."""
    if action == "outcome" and changes.get("result") in _FAST:  # the review flow's own words
        return _FAST[changes["result"]]
    if action == "reversed" or (action == "imported" and changes.get("status") == "reversed"):
        return "did-not"
    raw = changes.get("result", changes.get("outcome_result"))
    if isinstance(raw, list):  # an update stores [old, new]
        raw = raw[-1]
    if isinstance(raw, str) and raw:
        key = raw.strip().lower().replace(" ", "-")
        if key in WORKED:
            return "worked"
        if key in DID_NOT:
            return "did-not"
        return None  # "too-early" and the like postpone the review
    if action == "outcome" or changes.get("outcome"):
        return "recorded"
    return None


@dataclass
class _Events:
    """What a tenant's history says about outcomes and answered reviews."""

    outcomes: dict[int, Outcome]
    #: decision -> (review date, day it was answered) for every answered review
    answered: dict[int, list[tuple[date, date]]]
    #: decision -> the day of its first outcome recorded outside the review flow
    legacy: dict[int, date]


def _events(store: Store, tenant: str, since: str | None = None) -> _Events:
    """Outcomes and answered reviews from the history (only entries from `since` on, if given)."""
    events = _Events({}, {}, {})
    recent = " AND h.at >= ?" if since else ""
    # The fields are read by SQLite's JSON functions: no JSON parsing in Python per row.
    rows = store.db.execute(
        "SELECT h.decision_id, h.at, h.action, json_extract(h.changes, '$.result'),"
        " json_extract(h.changes, '$.outcome_result'), json_extract(h.changes, '$.review_on[0]'),"
        " json_extract(h.changes, '$.status'), json_extract(h.changes, '$.outcome') IS NOT NULL,"
        " coalesce(json_extract(h.changes, '$.outcome_at'),"
        " json_extract(h.changes, '$.updated_at'))"
        # A week's history is found by its time first (CROSS JOIN keeps that order).
        f" FROM decision_history h {'CROSS JOIN' if since else 'JOIN'} decisions d"
        " ON d.id = h.decision_id"
        f" WHERE d.tenant = ? AND d.status != 'withdrawn' AND {visible_sql('d')}"
        " AND h.action NOT IN ('created', 'posted', 'supersedes', 'withdrawn')"
        " AND (h.action IN ('outcome', 'reversed', 'imported')"
        " OR h.changes LIKE '%\"outcome%' OR h.changes LIKE '%\"result%')"
        f"{recent} ORDER BY h.id",
        [tenant, since] if since else [tenant],
    )
    for decision_id, at, action, raw, imported, due, status, noted, dated in rows:
        changes: dict[str, Any] = {
            "result": raw if raw is not None else imported,
            "status": status,
            "outcome": noted or None,
        }
        # History brought in keeps its dates: its outcome dates from the row's last change.
        day = _day(dated) if action == "imported" else _day(at)
        if day is None:
            continue
        result = _result_of(action, changes)
        if action == "outcome" and _day(due) is not None:
            # The review flow clears (or, too early, moves) the review date it answers.
            events.answered.setdefault(decision_id, []).append((_day(due), day))  # type: ignore[arg-type]
        elif action != "outcome" and result is not None:
            events.legacy.setdefault(decision_id, day)
        if result is None:
            continue
        first = events.outcomes.get(decision_id)
        if first is None:
            events.outcomes[decision_id] = Outcome(day, result)
        elif result != "recorded" or first.result == "recorded":
            events.outcomes[decision_id] = Outcome(first.recorded_on, result)
    return events


def outcomes(store: Store, tenant: str, since: str | None = None) -> dict[int, Outcome]:
    """Decisions' recorded outcomes (withdrawn ones left out), from their history.

    With `since` (an ISO time), only outcomes written to the history from then on.
    """
    return _events(store, tenant, since).outcomes


@dataclass(frozen=True)
class Review:
    """A decision's review date and the day it was answered (None: not yet)."""

    decision_id: int
    due: date
    answered: date | None


def reviews(store: Store, tenant: str, events: _Events | None = None) -> list[Review]:
    """Every review of the tenant's decisions: answered ones from the history, open ones."""
    events = events or _events(store, tenant)
    found = [
        Review(decision_id, due, day)
        for decision_id, answers in events.answered.items()
        for due, day in answers
    ]
    rows = store.db.execute(
        "SELECT id, review_on, status FROM decisions WHERE tenant = ? AND review_on IS NOT NULL"
        f" AND status != 'withdrawn' AND {VISIBLE_SQL}",
        [tenant],
    )
    for decision_id, review_on, status in rows:
        due = _day(review_on)
        if due is None or any(d == due for d, _ in events.answered.get(decision_id, ())):
            continue
        legacy = events.legacy.get(decision_id)
        if legacy is not None or status == "decided":  # a superseded one is not reviewed
            found.append(Review(decision_id, due, legacy))
    return found


# --- The report ---------------------------------------------------------------------------------


def build_report(
    store: Store,
    tenant: str,
    *,
    since: str | None = None,
    until: str | None = None,
    today: date,
) -> Report:
    """The report of one tenant over [since, until] (dates, default the last 13 weeks)."""
    start, end = period(since, until, today)
    weeks: dict[date, Figures] = {}
    monday = week_start(start)
    while monday <= end:
        weeks[monday] = Figures()
        monday += timedelta(weeks=1)
    lo, hi = _bounds(start, end)

    # Each day of the period points at its week's figures: one dict lookup per row.
    by_day = {
        start + timedelta(days=n): weeks[week_start(start + timedelta(days=n))]
        for n in range((end - start).days + 1)
    }

    def bucket(day: date | None) -> Figures | None:
        return by_day.get(day) if day is not None else None

    _count_decisions(store, tenant, lo, hi, bucket)
    events = _events(store, tenant)
    _count_reviews(reviews(store, tenant, events), today, bucket)
    _count_outcomes(events.outcomes, bucket)
    _count_voices(store, tenant, lo, hi, bucket)
    total = Figures()
    for figures in weeks.values():
        total.add(figures)
    return Report(
        since=start,
        until=end,
        today=today,
        weeks=tuple(Week(k, v) for k, v in weeks.items()),
        total=total,
        principles=tuple(_top_principles(store, tenant, lo, hi)),
        segments=tuple(_segments(store, tenant, lo, hi)),
        stage=place_on_stages(total),
        thresholds=dict(THRESHOLDS),
    )


_ACTIVE = f"d.tenant = ? AND d.status != 'withdrawn' AND {visible_sql('d')}"


def _count_decisions(store: Store, tenant: str, lo: str, hi: str, bucket: Any) -> None:
    rows = store.db.execute(
        "SELECT substr(d.created_at, 1, 10) AS day, d.door = 'one-way', COUNT(*),"
        " SUM(EXISTS (SELECT 1 FROM decision_evidence e WHERE e.decision_id = d.id"
        "   AND e.kind = 'feedback')),"
        " SUM(EXISTS (SELECT 1 FROM decision_evidence e WHERE e.decision_id = d.id"
        "   AND e.kind = 'principle'))"
        f" FROM decisions d WHERE {_ACTIVE} AND d.created_at >= ? AND d.created_at < ?"
        " GROUP BY day, d.door = 'one-way'",
        [tenant, lo, hi],
    )
    for day, one_way, count, feedback, principle in rows:
        figures = bucket(_day(day))
        if figures is None:
            continue
        figures.decisions += count
        figures.with_customer_evidence += feedback
        figures.with_principle += principle
        if one_way:
            figures.one_way += count
        else:
            figures.two_way += count


def _count_reviews(found: list[Review], today: date, bucket: Any) -> None:
    grace = timedelta(days=REVIEW_GRACE_DAYS)
    for review in found:
        figures = bucket(review.due)
        if figures is None:
            continue
        if review.answered is not None:
            if review.answered <= review.due + grace:
                figures.reviews_on_time += 1
            else:
                figures.reviews_late += 1
        elif review.due < today:
            figures.reviews_missing += 1
        else:
            figures.reviews_not_due += 1


def _count_outcomes(recorded: dict[int, Outcome], bucket: Any) -> None:
    for outcome in recorded.values():
        figures = bucket(outcome.recorded_on)
        if figures is None:
            continue
        if outcome.result == "worked":
            figures.outcomes_worked += 1
        elif outcome.result == "did-not":
            figures.outcomes_did_not += 1
        else:
            figures.outcomes_other += 1


def _count_voices(store: Store, tenant: str, lo: str, hi: str, bucket: Any) -> None:
    rows = store.db.execute(
        "SELECT substr(started_at, 1, 10), customer_had_voice FROM sessions"
        " WHERE tenant = ? AND started_at >= ? AND started_at < ?",
        [tenant, lo, hi],
    )
    for day, voice in rows:
        figures = bucket(_day(day))
        if figures is None:
            continue
        if voice == "yes":
            figures.voice_yes += 1
        elif voice == "partly":
            figures.voice_partly += 1
        elif voice == "no":
            figures.voice_no += 1
        else:
            figures.voice_unanswered += 1


def _top_principles(store: Store, tenant: str, lo: str, hi: str) -> Iterable[Cited]:
    rows = store.db.execute(
        # CROSS JOIN keeps SQLite on the tenant's decisions of the period first.
        "SELECT e.ref_id, p.title, COUNT(*) AS n FROM decisions d"
        " CROSS JOIN decision_evidence e ON e.decision_id = d.id"
        " JOIN principles p ON p.id = e.ref_id AND p.tenant = d.tenant"
        f" WHERE {_ACTIVE} AND e.kind = 'principle' AND d.created_at >= ? AND d.created_at < ?"
        " GROUP BY e.ref_id ORDER BY n DESC, e.ref_id LIMIT ?",
        [tenant, lo, hi, TOP],
    )
    return [Cited(int(i), str(title), int(n)) for i, title, n in rows]


def _segments(store: Store, tenant: str, lo: str, hi: str) -> list[tuple[str, int]]:
    """Customer segments of the feedback the period's decisions cite, by decisions."""
    rows = store.db.execute(
        "SELECT f.segment, COUNT(DISTINCT d.id) AS n FROM decisions d"
        " CROSS JOIN decision_evidence e ON e.decision_id = d.id"
        " JOIN feedback f ON f.id = e.ref_id AND f.tenant = d.tenant"
        f" WHERE {_ACTIVE} AND e.kind = 'feedback' AND d.created_at >= ? AND d.created_at < ?"
        " AND f.segment IS NOT NULL AND f.segment != ''"
        " GROUP BY lower(f.segment) ORDER BY n DESC, f.segment LIMIT ?",
        [tenant, lo, hi, TOP],
    )
    return [(str(s), int(n)) for s, n in rows]


# --- Bob Thompson's four stages ----------------------------------------------------------------

STAGES = ("customer-focused", "customer-driven", "customer-engaged", "customer-inspired")
#: The thresholds each stage adds to the one before; stated in the report as they are.
THRESHOLDS = {
    "driven_evidence": 0.5,
    "driven_principle": 0.5,
    "engaged_reviews": 0.5,
    "engaged_voice": 0.5,
    "inspired_evidence": 0.8,
    "inspired_reviews": 0.8,
    "inspired_voice": 0.8,
    "inspired_worked": 0.5,
}


def _criteria(total: Figures) -> list[list[tuple[str, bool]]]:
    """Per stage above the first: (criterion, met) pairs."""
    th = THRESHOLDS

    def at_least(value: float | None, threshold: float) -> bool:
        return value is not None and value >= threshold

    judged = total.outcomes_worked + total.outcomes_did_not
    worked = total.outcomes_worked / judged if judged else None
    return [
        [
            ("evidence", at_least(total.evidence_share, th["driven_evidence"])),
            ("principle", at_least(total.principle_share, th["driven_principle"])),
        ],
        [
            ("reviews", at_least(total.review_share, th["engaged_reviews"])),
            ("voice", at_least(total.voice_share, th["engaged_voice"])),
        ],
        [
            ("evidence", at_least(total.evidence_share, th["inspired_evidence"])),
            ("reviews", at_least(total.review_share, th["inspired_reviews"])),
            ("voice", at_least(total.voice_share, th["inspired_voice"])),
            ("worked", at_least(worked, th["inspired_worked"])),
        ],
    ]


def place_on_stages(total: Figures) -> Stage:
    """The highest stage whose criteria (and all below) the period's figures meet."""
    level = 1
    criteria = _criteria(total)
    for stage_criteria in criteria:
        if all(met for _, met in stage_criteria):
            level += 1
        else:
            break
    following = criteria[level - 1] if level < len(STAGES) else []
    return Stage(
        key=STAGES[level - 1],
        level=level,
        met=tuple(name for name, met in following if met),
        missing=tuple(name for name, met in following if not met),
    )


def top_counts(values: Iterable[str], n: int) -> list[tuple[str, int]]:
    """The `n` most common values with their counts, ties in first-seen order."""
    return Counter(values).most_common(n)
