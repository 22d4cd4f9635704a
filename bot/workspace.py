"""One tenant's view of Empty Chair: the object adapters and the CLI call into."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from bot import (
    advisor,
    bounds,
    feedback,
    handled_requests,
    principles,
    tenant_settings,
)
from bot.config import Settings
from bot.feedback import FeedbackImport, FeedbackInput
from bot.models import (
    Answer,
    Decision,
    DecisionDraft,
    Feedback,
    MeetingSession,
    Principle,
    Reminder,
    ScoredFeedback,
)
from bot.store import Store

if TYPE_CHECKING:  # the modules of other commands load when their method is first called
    from bot import decisions, export, reviews, sessions, synthesis
    from bot.conversations import ConversationRef, Person
    from bot.decision_import import DecisionImport
    from bot.digest import Digest
    from bot.digest_schedule import DigestChannel
    from bot.forget import Forgotten
    from bot.importing import Progress
    from bot.ingest import FeedbackPreview
    from bot.llm import Caller
    from bot.principles import PrincipleImport
    from bot.report import Report


class Workspace:
    """Every core operation for one tenant (a Slack workspace, a Teams tenant, the CLI)."""

    def __init__(self, store: Store, tenant: str, settings: Settings | None = None) -> None:
        self.store = store
        self.tenant = tenant
        self.settings = settings or Settings()

    def now(self) -> datetime:
        """The current time in UTC, from the settings' clock."""
        return self.settings.clock()

    def today(self) -> date:
        """Today's date in UTC, from the settings' clock."""
        return self.now().date()

    # Principles
    def principles(self, *, include_inactive: bool = False) -> list[Principle]:
        """The tenant's principles (the built-in library is loaded on first use)."""
        return principles.list_principles(
            self.store, self.tenant, include_inactive=include_inactive
        )

    def add_principle(
        self, title: str, body: str, tags: list[str] | None = None, attribution: str = ""
    ) -> Principle:
        """Add a principle of the tenant's own."""
        return principles.add_principle(self.store, self.tenant, title, body, tags, attribution)

    def import_principles(self, path: Path) -> PrincipleImport:
        """Import principles from CSV or JSON Lines."""
        return principles.import_principles(self.store, self.tenant, path)

    def set_principle_active(self, principle_id: int, active: bool) -> Principle:
        """Disable or re-enable a principle."""
        return principles.set_active(self.store, self.tenant, principle_id, active)

    def get_principles(self, ids: list[int]) -> dict[int, Principle]:
        """Principles by id."""
        return principles.get_principles(self.store, self.tenant, ids)

    # Feedback
    def add_feedback(self, item: FeedbackInput) -> tuple[Feedback, bool]:
        """Capture one snippet (masked unless configured otherwise); returns (it, is_new)."""
        return feedback.add_feedback(
            self.store, self.tenant, item, mask=self.settings.mask_personal_data
        )

    def import_feedback(
        self,
        path: Path,
        *,
        progress: Progress | None = None,
        captured_by: str | None = None,
        mapping: dict[str, str] | None = None,
        date_format: str | None = None,
        workers: int | None = None,
    ) -> FeedbackImport:
        """Import snippets from CSV or JSON Lines, all or nothing, idempotently.

        `workers`: processes that prepare rows (None: chosen by the file's size).
        """
        return feedback.import_feedback(
            self.store,
            self.tenant,
            path,
            mask=self.settings.mask_personal_data,
            captured_by=captured_by,
            progress=progress,
            mapping=mapping,
            date_format=date_format,
            workers=workers,
        )

    def preview_feedback(
        self,
        path: Path,
        *,
        mapping: dict[str, str] | None = None,
        date_format: str | None = None,
        show: int = 5,
    ) -> FeedbackPreview:
        """A dry run of a feedback import: counts and first rows as stored; writes nothing."""
        from bot.ingest import preview_feedback_rows

        rows = feedback.file_rows(path, mapping=mapping, date_format=date_format)
        return preview_feedback_rows(
            self.store, self.tenant, rows, mask=self.settings.mask_personal_data, show=show
        )

    def import_feedback_rows(
        self,
        rows: Iterable[FeedbackInput],
        *,
        source: str,
        progress: Callable[[int], None] | None = None,
        on_invalid: Literal["fail", "skip"] = "fail",
    ) -> FeedbackImport:
        """Bulk rows from a sync, webhook or file: see `bot.ingest.import_feedback_rows`."""
        from bot.ingest import import_feedback_rows

        return import_feedback_rows(
            self.store,
            self.tenant,
            rows,
            source=source,
            progress=progress,
            mask=self.settings.mask_personal_data,
            on_invalid=on_invalid,
        )

    def forget_customer(
        self, *, customer: str | None = None, email: str | None = None, actor: str | None = None
    ) -> Forgotten:
        """Delete a customer's snippets (table and index); a record of the deletion stays."""
        from bot import forget

        return forget.forget_customer(
            self.store, self.tenant, customer=customer, email=email, actor=actor, now=self.now()
        )

    def delete_feedback(self, feedback_id: int, *, actor: str | None = None) -> Forgotten:
        """Delete one snippet (table and index); a record of the deletion stays."""
        from bot import forget

        return forget.delete_feedback(
            self.store, self.tenant, feedback_id, actor=actor, now=self.now()
        )

    def removed_feedback(self, ids: list[int]) -> set[int]:
        """Which cited snippet ids were deleted at a customer's request."""
        from bot import forget

        return forget.removed_feedback(self.store, self.tenant, ids)

    def search_feedback(self, query: str, limit: int = 10) -> list[ScoredFeedback]:
        """Snippets matching a query, best first."""
        return feedback.search_feedback(self.store, self.tenant, query, limit)

    def get_feedback(self, ids: list[int]) -> dict[int, Feedback]:
        """Snippets by id."""
        return feedback.get_feedback(self.store, self.tenant, ids)

    # Advisor
    def answer_for_customer(
        self, question: str, limit: int = advisor.DEFAULT_LIMIT, *, locale: str | None = None
    ) -> Answer:
        """What's better for the customer? In the question's language (or the asker's
        `locale` when the question is too short to tell), principles and feedback cited."""
        return advisor.answer_for_customer(
            self.store, self.tenant, question, limit, now=self.now(), locale=locale
        )

    # The optional model-written answer
    def llm_active(self) -> bool:
        """Whether answers here get a model-written version (configured and not switched off)."""
        return self.settings.llm is not None and tenant_settings.llm_enabled(
            self.store, self.tenant
        )

    def llm_switched_on(self) -> bool:
        """The tenant's own switch (on unless a manager switched it off)."""
        return tenant_settings.llm_enabled(self.store, self.tenant)

    def set_llm_enabled(self, enabled: bool) -> None:
        """Switch model-written answers on or off for this tenant."""
        tenant_settings.set_llm_enabled(self.store, self.tenant, enabled, now=self.now())

    def llm_calls_today(self) -> int:
        """Model calls made today (UTC) for this tenant."""
        return tenant_settings.llm_calls(self.store, self.tenant, self.today())

    def synthesize(
        self, answer: Answer, *, budget: float, caller: Caller | None = None
    ) -> synthesis.Synthesis | None:
        """The model-written answer from `answer`'s cited sources, or None (no request made
        when the model is off here, and a quiet fallback at the daily cap or on any failure).
        """
        llm = self.settings.llm
        if llm is None or not tenant_settings.llm_enabled(self.store, self.tenant):
            return None
        today = self.today()

        def take_call() -> bool:
            return tenant_settings.take_llm_call(self.store, self.tenant, today, llm.daily_limit)

        from bot import synthesis

        return synthesis.synthesize(
            answer, llm, budget=budget, take_call=take_call, now=self.now(), caller=caller
        )

    # Decisions
    def record_decision(self, draft: DecisionDraft) -> Decision:
        """Log a decision (a repeated idempotency key returns the first one).

        Its review date may not be before today (the workspace's clock)."""
        from bot import decisions

        return decisions.record_decision(self.store, self.tenant, draft, today=self.today())

    def get_decision(self, decision_id: int) -> Decision:
        """One decision with evidence and history."""
        from bot import decisions

        return decisions.get_decision(self.store, self.tenant, decision_id)

    def list_decisions(self, **filters: Any) -> list[Decision]:
        """The log newest first; filters: search, status, owner, since, limit,
        visible_channels, platform, channel_id."""
        from bot import decisions

        return decisions.list_decisions(self.store, self.tenant, **filters)

    def update_decision(self, decision_id: int, actor: str | None, **changes: Any) -> Decision:
        """Change editable fields; the history records every change."""
        from bot import decisions

        return decisions.update_decision(self.store, self.tenant, decision_id, actor, **changes)

    def set_decision_permalink(
        self, decision_id: int, permalink: str, actor: str | None = None
    ) -> Decision:
        """Remember where the decision's card was posted."""
        from bot import decisions

        return decisions.set_permalink(self.store, self.tenant, decision_id, permalink, actor)

    def supersede_decision(
        self, old_id: int, new: DecisionDraft | int, actor: str | None
    ) -> Decision:
        """Replace a decision with a new one (returned)."""
        from bot import decisions

        return decisions.supersede_decision(
            self.store, self.tenant, old_id, new, actor, today=self.today()
        )

    def reverse_decision(self, decision_id: int, actor: str | None, reason: str) -> Decision:
        """Reverse a decision, with the reason."""
        from bot import decisions

        return decisions.reverse_decision(self.store, self.tenant, decision_id, actor, reason)

    def review_queue(
        self, today: date | None = None, *, visible_channels: set[str] | None = None
    ) -> decisions.ReviewQueue:
        """What a manager should look at."""
        from bot import decisions

        return decisions.review_queue(
            self.store, self.tenant, today or self.today(), visible_channels=visible_channels
        )

    def record_outcome(
        self,
        decision_id: int,
        actor: str | None,
        result: str,
        *,
        note: str | None = None,
        next_step: str | None = None,
    ) -> Decision:
        """Record how a decision worked out for customers (answers its review)."""
        from bot import decisions

        return decisions.record_outcome(
            self.store,
            self.tenant,
            decision_id,
            actor,
            result,
            note=note,
            next_step=next_step,
            today=self.today(),
        )

    def withdraw_decision(self, decision_id: int, actor: str | None, reason: str) -> Decision:
        """Withdraw a decision logged by mistake (kept in history, gone from lists)."""
        from bot import decisions

        return decisions.withdraw_decision(self.store, self.tenant, decision_id, actor, reason)

    def review_evidence(self, decision: Decision) -> reviews.ReviewEvidence:
        """Customer feedback since the decision that matches its topic."""
        from bot import reviews

        return reviews.review_evidence(self.store, self.tenant, decision)

    def decisions_in_channel(self, platform: str, channel_id: str, since: str) -> list[Decision]:
        """Decisions logged in a channel since a moment (for meeting summaries)."""
        from bot import decisions

        return decisions.decisions_in_channel(self.store, self.tenant, platform, channel_id, since)

    def export_decisions(self, items: list[Decision], fmt: str) -> str:
        """The decisions as CSV or JSON text."""
        from bot import export

        return export.export_decisions(items, fmt)

    def stream_export(self, fmt: str, *, visible_channels: set[str] | None = None) -> export.Export:
        """The whole log (no cap) as text chunks, newest first, with cited titles."""
        from bot import decisions, export

        items = decisions.iter_decisions(
            self.store,
            self.tenant,
            visible_channels=visible_channels,
            with_history=fmt != "csv",
        )
        return export.Export(
            items, fmt, lambda batch: export.titles_for(self.store, self.tenant, batch)
        )

    def import_decisions(self, path: Path, actor: str | None = None) -> DecisionImport:
        """Bring in a decision log (CSV or JSON Lines) with its dates, all or nothing."""
        from bot import decision_import

        return decision_import.import_decisions(
            self.store, self.tenant, path, now=self.now(), actor=actor
        )

    # Weekly digest
    def digest(self, timezone: str = "UTC", *, now: datetime | None = None) -> Digest:
        """The digest of the seven days before `now` (default: now), dates in `timezone`."""
        from bot import digest

        return digest.build_digest(
            self.store, self.tenant, now=now or self.now(), timezone=timezone
        )

    def set_digest_channel(
        self,
        platform: str,
        channel_id: str,
        *,
        timezone: str,
        lang: str = "en",
        set_by: str | None = None,
    ) -> DigestChannel:
        """Send the weekly digest to a channel every Monday morning in `timezone`."""
        from bot import digest_schedule

        return digest_schedule.set_channel(
            self.store,
            self.tenant,
            platform,
            channel_id,
            timezone=timezone,
            lang=lang,
            set_by=set_by,
            now=self.now(),
        )

    def digest_channel(self, platform: str) -> DigestChannel | None:
        """The channel that gets the digest on a platform, if any."""
        from bot import digest_schedule

        return digest_schedule.get_channel(self.store, self.tenant, platform)

    def stop_digest(self, platform: str) -> DigestChannel | None:
        """Stop the weekly digest on a platform."""
        from bot import digest_schedule

        return digest_schedule.stop(self.store, self.tenant, platform)

    # Report
    def report(self, since: str | None = None, until: str | None = None) -> Report:
        """The customer-centricity report over [since, until] (default: the last 13 weeks)."""
        from bot import report

        return report.build_report(
            self.store, self.tenant, since=since, until=until, today=self.today()
        )

    # Empty-chair sessions
    def start_session(
        self, platform: str, channel_id: str, *, host: str | None = None, topic: str | None = None
    ) -> sessions.SessionStart:
        """Start the empty chair in a channel (returns the running one if already started)."""
        from bot import sessions

        return sessions.start_session(
            self.store, self.tenant, platform, channel_id, host=host, topic=topic, now=self.now()
        )

    def open_session(self, platform: str, channel_id: str) -> MeetingSession | None:
        """The session running in a channel, if any."""
        from bot import sessions

        return sessions.open_session(self.store, self.tenant, platform, channel_id)

    def another_voice(self, session_id: int) -> sessions.ChairCard:
        """The session's card with another customer quote."""
        from bot import sessions

        return sessions.another_voice(self.store, self.tenant, session_id)

    def chair_card(self, session_id: int) -> sessions.ChairCard:
        """The session's current card."""
        from bot import sessions

        return sessions.card_for(self.store, self.tenant, session_id)

    def set_card_ref(self, session_id: int, card_ref: str) -> None:
        """Remember where the session's card was posted."""
        from bot import sessions

        sessions.set_card_ref(self.store, self.tenant, session_id, card_ref)

    def end_session(self, platform: str, channel_id: str) -> MeetingSession:
        """End the channel's running session."""
        from bot import sessions

        return sessions.end_session(self.store, self.tenant, platform, channel_id)

    def record_voice(self, session_id: int, voice: str) -> MeetingSession:
        """Record whether the customer had a voice in the meeting."""
        from bot import sessions

        return sessions.record_voice(self.store, self.tenant, session_id, voice)

    # Reminders
    def add_reminder(
        self,
        platform: str,
        channel_id: str,
        weekday: str,
        time: str,
        timezone: str | None = None,
        *,
        default_tz: str = "UTC",
        topic: str | None = None,
        created_by: str | None = None,
    ) -> Reminder:
        """Add a weekly reminder that starts the empty chair in a channel."""
        from bot import reminders

        schedule = reminders.parse_schedule(weekday, time, timezone, default_tz)
        return reminders.add_reminder(
            self.store,
            self.tenant,
            platform,
            channel_id,
            schedule,
            topic=topic,
            created_by=created_by,
            now=self.now(),
        )

    def reminders(self, platform: str, channel_id: str | None = None) -> list[Reminder]:
        """Active reminders (of one channel when given)."""
        from bot import reminders

        return reminders.list_reminders(self.store, self.tenant, platform, channel_id)

    def delete_reminder(self, reminder_id: int, channel_id: str | None = None) -> Reminder:
        """Stop a reminder."""
        from bot import reminders

        return reminders.delete_reminder(self.store, self.tenant, reminder_id, channel_id)

    # Platform plumbing
    def first_time(self, key: str) -> bool:
        """True the first time a request key is seen (dedupes retries and double clicks)."""
        return handled_requests.first_time(self.store, self.tenant, key)

    def save_conversation(self, ref: ConversationRef) -> None:
        """Keep a conversation reference for proactive messages."""
        from bot import conversations

        conversations.save_ref(self.store, self.tenant, ref)

    def conversation(self, platform: str, conversation_id: str) -> ConversationRef | None:
        """A stored conversation reference."""
        from bot import conversations

        return conversations.get_ref(self.store, self.tenant, platform, conversation_id)

    def save_person(self, person: Person) -> None:
        """Remember someone seen in a chat (to reach a decision's owner later)."""
        from bot import conversations

        conversations.save_person(self.store, self.tenant, person)

    def find_person(self, platform: str, who: str) -> Person | None:
        """The one person whose id or name is `who`."""
        from bot import conversations

        return conversations.find_person(self.store, self.tenant, platform, who)


# Every id and text a caller passes is checked before it reaches SQLite (bot.bounds).
bounds.check_all(Workspace)
