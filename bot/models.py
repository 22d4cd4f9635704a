"""Plain dataclasses the core returns; adapters render them, nothing else knows payloads."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Sentiment = Literal["positive", "negative", "neutral", "mixed"]
Stance = Literal["for", "against", "neutral"]
VerdictSide = Literal["for", "against", "mixed", "unknown"]
Door = Literal["one-way", "two-way"]
DecisionStatus = Literal["decided", "superseded", "reversed", "withdrawn"]
#: What the owner said when a decision's review came: did it work for customers?
OutcomeResult = Literal["worked", "did-not", "too-early"]
#: What happens to a decision after its outcome.
NextStep = Literal["keep", "revise", "reverse"]


@dataclass(frozen=True)
class Principle:
    """A customer-first principle of one tenant."""

    id: int
    title: str
    body: str
    tags: tuple[str, ...] = ()
    attribution: str = ""
    language: str = "en"
    active: bool = True
    builtin: bool = False
    #: The built-in library's key (`fully-informed`); None for a tenant's own principles.
    key: str | None = None


@dataclass(frozen=True)
class Feedback:
    """One customer feedback snippet."""

    id: int
    text: str
    customer: str | None = None
    segment: str | None = None
    source: str | None = None
    url: str | None = None
    sentiment: Sentiment | None = None
    language: str | None = None
    created_at: str | None = None
    external_id: str | None = None
    captured_by: str | None = None


@dataclass(frozen=True)
class ScoredPrinciple:
    """A principle with its retrieval score for one question."""

    principle: Principle
    score: float


@dataclass(frozen=True)
class ScoredFeedback:
    """A feedback snippet with its retrieval score and the sentiment used for the answer."""

    feedback: Feedback
    score: float
    sentiment: Sentiment
    #: The snippet's stance on the change the question proposes (not its sentiment).
    stance: Stance = "neutral"
    #: The snippet's language code.
    language: str | None = None
    #: How many near-duplicates this quote stands for.
    similar: int = 0


@dataclass(frozen=True)
class Verdict:
    """Which side customers are on, counted by distinct customer, and the one-line text."""

    side: VerdictSide = "unknown"
    text: str = ""
    for_count: int = 0
    against_count: int = 0

    def to_json(self) -> dict[str, Any]:
        """The `verdict` object of the CLI contract."""
        return {
            "side": self.side,
            "text": self.text,
            "for": self.for_count,
            "against": self.against_count,
        }


@dataclass(frozen=True)
class Answer:
    """What the advisor says about one question, with every source it used."""

    question: str
    text: str
    principles: tuple[ScoredPrinciple, ...]
    feedback: tuple[ScoredFeedback, ...]
    supporting: tuple[ScoredFeedback, ...]
    contradicting: tuple[ScoredFeedback, ...]
    thin_evidence: str | None = None
    #: The question's language code (the answer is written in it when the bot speaks it).
    language: str = "en"
    verdict: Verdict = field(default_factory=Verdict)
    #: The applying principle as a short imperative.
    imperative: str | None = None
    #: What the question proposes for customers: takes, gives or none.
    direction: str = "none"
    #: The topic of the change (a vocabulary concept key), when known.
    topic: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The JSON document of the CLI contract (`emptychair ask --json`)."""
        return {
            "question": self.question,
            "answer": self.text,
            "principles": [
                {
                    "id": sp.principle.id,
                    "title": sp.principle.title,
                    "body": sp.principle.body,
                    "attribution": sp.principle.attribution,
                    "score": round(sp.score, 4),
                }
                for sp in self.principles
            ],
            "feedback": [
                {
                    "id": sf.feedback.id,
                    "text": sf.feedback.text,
                    "customer": sf.feedback.customer,
                    "segment": sf.feedback.segment,
                    "source": sf.feedback.source,
                    "url": sf.feedback.url,
                    "sentiment": sf.sentiment,
                    "score": round(sf.score, 4),
                    "stance": sf.stance,
                    "language": sf.language,
                    "similar": sf.similar,
                }
                for sf in self.feedback
            ],
            "contradicting": [sf.feedback.id for sf in self.contradicting],
            "thin_evidence": self.thin_evidence,
            "language": self.language,
            "verdict": self.verdict.to_json(),
            "imperative": self.imperative,
            "change": {"direction": self.direction, "topic": self.topic},
        }


@dataclass(frozen=True)
class Place:
    """Where something happened in a chat platform."""

    platform: str = "cli"
    channel_id: str | None = None
    channel_name: str | None = None
    private: bool = False
    permalink: str | None = None


@dataclass
class DecisionDraft:
    """What a user fills in to log a decision; validated by `decisions.record_decision`."""

    title: str
    decision: str
    customer_impact: str
    context: str = ""
    options: list[str] = field(default_factory=list)
    door: str = "two-way"  # as given; the core checks it is a `Door`
    owner: str | None = None
    participants: list[str] = field(default_factory=list)
    review_on: str | None = None
    principle_ids: list[int] = field(default_factory=list)
    feedback_ids: list[int] = field(default_factory=list)
    decision_ids: list[int] = field(default_factory=list)
    place: Place = field(default_factory=Place)
    created_by: str | None = None
    session_id: int | None = None
    idempotency_key: str | None = None


@dataclass(frozen=True)
class HistoryEntry:
    """One appended change of a decision."""

    at: str
    actor: str | None
    action: str
    changes: dict[str, Any]


@dataclass(frozen=True)
class Decision:
    """A logged decision, its evidence and its history."""

    id: int
    title: str
    context: str
    options: tuple[str, ...]
    decision: str
    customer_impact: str
    door: Door
    owner: str | None
    participants: tuple[str, ...]
    review_on: str | None
    status: DecisionStatus
    superseded_by: int | None
    outcome: str | None
    place: Place
    created_by: str | None
    created_at: str
    principle_ids: tuple[int, ...] = ()
    feedback_ids: tuple[int, ...] = ()
    decision_ids: tuple[int, ...] = ()
    history: tuple[HistoryEntry, ...] = ()
    session_id: int | None = None
    updated_at: str = ""
    outcome_result: OutcomeResult | None = None
    outcome_next: NextStep | None = None
    outcome_at: str | None = None
    #: The cited snippets since deleted at the customer's request (`feedback forget`).
    feedback_removed: tuple[int, ...] = ()

    @property
    def has_customer_evidence(self) -> bool:
        """True when the decision cites at least one customer feedback snippet."""
        return bool(self.feedback_ids)

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict of every field."""
        data = asdict(self)
        data["options"] = list(self.options)
        data["participants"] = list(self.participants)
        data["principle_ids"] = list(self.principle_ids)
        data["feedback_ids"] = list(self.feedback_ids)
        data["decision_ids"] = list(self.decision_ids)
        data["feedback_removed"] = list(self.feedback_removed)
        data["history"] = [asdict(h) for h in self.history]
        return data


@dataclass(frozen=True)
class MeetingSession:
    """An empty chair started in a channel or meeting chat."""

    id: int
    platform: str
    channel_id: str
    host: str | None
    topic: str | None
    started_at: str
    ended_at: str | None
    card_ref: str | None
    principle_id: int | None
    feedback_id: int | None


@dataclass(frozen=True)
class Reminder:
    """A weekly reminder that starts the empty chair before a regular meeting."""

    id: int
    platform: str
    channel_id: str
    weekday: int
    time: str
    timezone: str
    topic: str | None
    created_by: str | None
    next_run_at: str
    active: bool
