"""The weekly digest: what the team decided for customers in the past seven days.

`build_digest` gathers the figures (plain dataclasses); `digest_sections` writes them as
titled lines in the reader's language, which the CLI prints and the chat adapters lay
out. Where the digest goes, per tenant and platform, lives in `bot.digest_schedule`.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.advisor import topical_terms
from bot.i18n import nt, t
from bot.report import Outcome, outcomes
from bot.search import tokenize
from bot.staging import VISIBLE_SQL, visible_sql
from bot.store import Store
from bot.text import one_line, truncate

DAYS = 7
#: Most decisions, reviews and outcomes listed by name (the counts cover all of them).
LIST_LIMIT = 10
TOPICS = 3
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class DigestDecision:
    """A decision of the week and the sides of the customer evidence it cites."""

    id: int
    title: str
    door: str
    positive: int
    negative: int
    other: int
    principles: int

    @property
    def evidence(self) -> int:
        """How many feedback snippets it cites."""
        return self.positive + self.negative + self.other


@dataclass(frozen=True)
class DigestReview:
    """A review due this coming week, or overdue (days_late > 0)."""

    id: int
    title: str
    owner: str | None
    review_on: str
    days_late: int


@dataclass(frozen=True)
class DigestOutcome:
    """An outcome recorded this week."""

    id: int
    title: str
    result: str  # worked | did-not | recorded


@dataclass(frozen=True)
class Topic:
    """A topic of new customer feedback: a word customers used, and in how many snippets."""

    label: str
    snippets: int


@dataclass(frozen=True)
class Digest:
    """One tenant's week: [start, end) in UTC, and "today" in the workspace's time zone."""

    start: datetime
    end: datetime
    today: date
    decisions: tuple[DigestDecision, ...]
    decision_count: int
    with_evidence: int
    with_principle: int
    due: tuple[DigestReview, ...]
    due_count: int
    overdue: tuple[DigestReview, ...]
    overdue_count: int
    outcomes: tuple[DigestOutcome, ...]
    voices: dict[str, int]
    topics: tuple[Topic, ...]
    new_feedback: int


def build_digest(store: Store, tenant: str, *, now: datetime, timezone: str = "UTC") -> Digest:
    """The digest of the seven days up to `now`; dates are the workspace's (`timezone`)."""
    end = now.replace(microsecond=0)
    start = end - timedelta(days=DAYS)
    today = end.astimezone(ZoneInfo(timezone)).date()
    lo, hi = start.isoformat(), end.isoformat()
    decisions, count, evidence, principle = _decisions(store, tenant, lo, hi)
    recorded = outcomes(store, tenant, since=lo)  # written to the history this week
    due, due_count, overdue, overdue_count = _reviews(store, tenant, today)
    topics, new_feedback = _topics(store, tenant, lo, hi)
    return Digest(
        start=start,
        end=end,
        today=today,
        decisions=tuple(decisions),
        decision_count=count,
        with_evidence=evidence,
        with_principle=principle,
        due=tuple(due),
        due_count=due_count,
        overdue=tuple(overdue),
        overdue_count=overdue_count,
        outcomes=tuple(_outcomes(store, tenant, recorded, start.date(), today)),
        voices=_voices(store, tenant, lo, hi),
        topics=tuple(topics),
        new_feedback=new_feedback,
    )


_VISIBLE_D = visible_sql("d")


def _decisions(
    store: Store, tenant: str, lo: str, hi: str
) -> tuple[list[DigestDecision], int, int, int]:
    rows = store.db.execute(
        "SELECT d.id, d.title, d.door,"
        " (SELECT COUNT(*) FROM decision_evidence e JOIN feedback f ON f.id = e.ref_id"
        "   WHERE e.decision_id = d.id AND e.kind = 'feedback' AND f.sentiment = 'positive'),"
        " (SELECT COUNT(*) FROM decision_evidence e JOIN feedback f ON f.id = e.ref_id"
        "   WHERE e.decision_id = d.id AND e.kind = 'feedback' AND f.sentiment = 'negative'),"
        " (SELECT COUNT(*) FROM decision_evidence e WHERE e.decision_id = d.id"
        "   AND e.kind = 'feedback'),"
        " (SELECT COUNT(*) FROM decision_evidence e WHERE e.decision_id = d.id"
        "   AND e.kind = 'principle')"
        " FROM decisions d WHERE d.tenant = ? AND d.status != 'withdrawn'"
        f" AND {_VISIBLE_D} AND d.created_at >= ? AND d.created_at < ? ORDER BY d.created_at, d.id",
        [tenant, lo, hi],
    ).fetchall()
    items = [
        DigestDecision(int(i), str(title), str(door), pos, neg, total - pos - neg, principles)
        for i, title, door, pos, neg, total, principles in rows
    ]
    evidence = sum(1 for d in items if d.evidence)
    principle = sum(1 for d in items if d.principles)
    return items[:LIST_LIMIT], len(items), evidence, principle


def _reviews(
    store: Store, tenant: str, today: date
) -> tuple[list[DigestReview], int, list[DigestReview], int]:
    """Reviews due in the coming week and overdue ones: counts, and the first few by name."""
    horizon = today + timedelta(days=DAYS)
    # Answering a review clears its date (too early moves it); an outcome written another
    # way (`decisions update --outcome`, an import) answers it too.
    open_review = (
        f"tenant = ? AND status = 'decided' AND review_on IS NOT NULL AND {VISIBLE_SQL}"
        " AND (outcome IS NULL OR outcome = '' OR outcome_result = 'too-early')"
    )

    def part(lo: str | None, hi: str) -> tuple[list[DigestReview], int]:
        where = f"{open_review} AND review_on < ?" + (" AND review_on >= ?" if lo else "")
        params = [tenant, hi, *([lo] if lo else [])]
        count = int(store.db.execute(f"SELECT COUNT(*) FROM decisions WHERE {where}", params)
                    .fetchone()[0])  # fmt: skip
        rows = store.db.execute(
            f"SELECT id, title, owner, review_on FROM decisions WHERE {where}"
            f" ORDER BY review_on, id LIMIT {LIST_LIMIT}",
            params,
        )
        found = []
        for i, title, owner, review_on in rows:
            due = _date(review_on)
            late = (today - due).days if due else 0
            found.append(DigestReview(int(i), str(title), owner, str(review_on), max(late, 0)))
        return found, count

    due, due_count = part(today.isoformat(), horizon.isoformat())
    overdue, overdue_count = part(None, today.isoformat())
    return due, due_count, overdue, overdue_count


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _outcomes(
    store: Store, tenant: str, recorded: dict[int, Outcome], since: date, today: date
) -> list[DigestOutcome]:
    fresh = {i: o for i, o in recorded.items() if since <= o.recorded_on <= today}
    if not fresh:
        return []
    marks = ",".join("?" * len(fresh))
    titles = dict(
        store.db.execute(
            f"SELECT id, title FROM decisions WHERE tenant = ? AND status != 'withdrawn'"
            f" AND {VISIBLE_SQL} AND id IN ({marks})",
            [tenant, *fresh],
        ).fetchall()
    )
    return [
        DigestOutcome(i, str(titles[i]), fresh[i].result) for i in sorted(fresh) if i in titles
    ][:LIST_LIMIT]


def _voices(store: Store, tenant: str, lo: str, hi: str) -> dict[str, int]:
    counts = {"yes": 0, "partly": 0, "no": 0, "unanswered": 0}
    for (voice,) in store.db.execute(
        "SELECT customer_had_voice FROM sessions WHERE tenant = ? AND started_at >= ?"
        " AND started_at < ?",
        [tenant, lo, hi],
    ):
        counts[voice if voice in counts else "unanswered"] += 1
    return counts


def _topics(store: Store, tenant: str, lo: str, hi: str) -> tuple[list[Topic], int]:
    """The words in the most new snippets (each snippet counts once per word)."""
    per_term: Counter[str] = Counter()
    surface: dict[str, Counter[str]] = {}
    count = 0
    for (text,) in store.db.execute(
        "SELECT text FROM feedback WHERE tenant = ? AND added_at >= ? AND added_at < ?"
        f" AND {VISIBLE_SQL}",  # an import still running is not news yet
        [tenant, lo, hi],
    ):
        count += 1
        terms = {term for term in topical_terms(text) if _topical(term)}
        per_term.update(terms)
        for word in _WORD.findall(text.lower()):
            for term in tokenize(word)[:1]:
                if term in terms:
                    surface.setdefault(term, Counter())[word] += 1
    topics: list[Topic] = []
    for term, n in per_term.most_common():
        if n < 2 and topics:
            break
        words = surface.get(term)
        topics.append(Topic(words.most_common(1)[0][0] if words else term, n))
        if len(topics) == TOPICS:
            break
    return topics, count


def _topical(term: str) -> bool:
    # Short Latin words are mostly grammar ("za", "sa"); CJK and Thai terms are short anyway.
    return len(term) >= 3 or not term.isascii()


# --- Text -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    """A titled part of the digest: its lines are plain text (adapters add markup)."""

    title: str
    lines: tuple[str, ...]


def _share(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "—"


def _decision_line(lang: str, d: DigestDecision) -> str:
    door = t(lang, "one-way door") if d.door == "one-way" else t(lang, "two-way door")
    if d.evidence:
        sides = nt(
            lang,
            "{n} customer quote: {pos} positive, {neg} negative",
            "{n} customer quotes: {pos} positive, {neg} negative",
            d.evidence,
            pos=d.positive,
            neg=d.negative,
        )
    else:
        sides = t(lang, "no customer evidence")
    return f"D{d.id} {truncate(one_line(d.title), 120)} ({door}; {sides})"


def _review_line(lang: str, r: DigestReview) -> str:
    owner = f", {r.owner}" if r.owner else ""
    when = (
        nt(lang, "{n} day late", "{n} days late", r.days_late)
        if r.days_late
        else t(lang, "due {date}", date=r.review_on)
    )
    return f"D{r.id} {truncate(one_line(r.title), 120)} ({when}{owner})"


def digest_sections(digest: Digest, lang: str = "en") -> list[Section]:
    """The digest as titled sections of plain lines, in `lang`."""
    n = digest.decision_count
    sections = [
        Section(
            nt(lang, "{n} decision this week", "{n} decisions this week", n),
            (
                t(
                    lang,
                    "{e} with customer evidence, {p} citing a principle.",
                    e=_share(digest.with_evidence, n),
                    p=_share(digest.with_principle, n),
                ),
                *(_decision_line(lang, d) for d in digest.decisions),
                *_more(lang, n, len(digest.decisions)),
            ),
        ),
        Section(
            t(lang, "Reviews"),
            (
                nt(lang, "{n} review due this week", "{n} reviews due this week", digest.due_count),
                *(_review_line(lang, r) for r in digest.due),
                nt(lang, "{n} review overdue", "{n} reviews overdue", digest.overdue_count),
                *(_review_line(lang, r) for r in digest.overdue),
            ),
        ),
        Section(
            t(lang, "Outcomes recorded"),
            tuple(_outcome_line(lang, o) for o in digest.outcomes)
            or (t(lang, "No outcome recorded this week."),),
        ),
        Section(
            t(lang, "Did the customer have a voice?"),
            (
                t(
                    lang,
                    "Yes: {yes}, partly: {partly}, no: {no}, not answered: {unanswered}.",
                    **digest.voices,
                ),
            ),
        ),
        Section(
            t(lang, "What customers wrote about most"),
            tuple(
                nt(
                    lang,
                    "{topic}: {n} new snippet",
                    "{topic}: {n} new snippets",
                    x.snippets,
                    topic=x.label,
                )
                for x in digest.topics
            )
            or (t(lang, "No new customer feedback this week."),),
        ),
    ]
    return sections


def _more(lang: str, total: int, shown: int) -> tuple[str, ...]:
    if total <= shown:
        return ()
    return (nt(lang, "and {n} more", "and {n} more", total - shown),)


def _outcome_line(lang: str, o: DigestOutcome) -> str:
    result = {
        "worked": t(lang, "worked for customers"),
        "did-not": t(lang, "did not work for customers"),
    }.get(o.result, t(lang, "outcome noted"))
    return f"D{o.id} {truncate(one_line(o.title), 120)}: {result}"


def digest_title(digest: Digest, lang: str = "en") -> str:
    """'Weekly customer digest, 16 to 22 November' style title (ISO dates)."""
    first = (digest.today - timedelta(days=DAYS - 1)).isoformat()
    return t(lang, "Weekly customer digest: {since} to {until}", since=first, until=digest.today)


def digest_text(digest: Digest, lang: str = "en") -> str:
    """The digest as plain text (the CLI, and chat fallbacks)."""
    out = [digest_title(digest, lang), ""]
    for section in digest_sections(digest, lang):
        out.append(section.title)
        out.extend(f"  {line}" for line in section.lines)
        out.append("")
    return "\n".join(out)
