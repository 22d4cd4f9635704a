"""One tenant's view of Empty Chair: the object adapters and the CLI call into."""

from __future__ import annotations

from pathlib import Path

from bot import advisor, feedback, principles
from bot.config import Settings
from bot.feedback import FeedbackImport, FeedbackInput
from bot.importing import Progress
from bot.models import Answer, Feedback, Principle, ScoredFeedback
from bot.principles import PrincipleImport
from bot.store import Store


class Workspace:
    """Every core operation for one tenant (a Slack workspace, a Teams tenant, the CLI)."""

    def __init__(self, store: Store, tenant: str, settings: Settings | None = None) -> None:
        self.store = store
        self.tenant = tenant
        self.settings = settings or Settings()

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
        self, path: Path, *, progress: Progress | None = None, captured_by: str | None = None
    ) -> FeedbackImport:
        """Import snippets from CSV or JSON Lines, all or nothing, idempotently."""
        return feedback.import_feedback(
            self.store,
            self.tenant,
            path,
            mask=self.settings.mask_personal_data,
            captured_by=captured_by,
            progress=progress,
        )

    def search_feedback(self, query: str, limit: int = 10) -> list[ScoredFeedback]:
        """Snippets matching a query, best first."""
        return feedback.search_feedback(self.store, self.tenant, query, limit)

    def get_feedback(self, ids: list[int]) -> dict[int, Feedback]:
        """Snippets by id."""
        return feedback.get_feedback(self.store, self.tenant, ids)

    # Advisor
    def answer_for_customer(self, question: str, limit: int = advisor.DEFAULT_LIMIT) -> Answer:
        """What's better for the customer? Principles and feedback, cited."""
        return advisor.answer_for_customer(self.store, self.tenant, question, limit)
