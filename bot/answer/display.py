"""What every platform shows of an answer: which quotes, how a stance reads, what is left out.

Slack and Teams render the same choices in their own markup; the choices live here once.
"""

from __future__ import annotations

from bot.i18n import N_, nt
from bot.models import Answer, ScoredFeedback

#: An answer fits one phone screen: the verdict, at most this many quotes, one principle.
ANSWER_QUOTES = 3
#: How a quote's stance on the proposed change reads (msgids; translate when shown).
STANCE_WORDS = {"for": N_("for it"), "against": N_("against it"), "neutral": N_("no side")}


def shown_quotes(answer: Answer, limit: int = ANSWER_QUOTES) -> list[ScoredFeedback]:
    """The quotes an answer shows: its side's best, and the best of the other side."""
    other = list(answer.contradicting[:1])
    return list(answer.supporting[: limit - len(other)]) + other


def more_snippets(answer: Answer, shown: list[ScoredFeedback], lang: str) -> str | None:
    """The line naming the cited snippets not quoted (None when every one is quoted)."""
    rest = [f"F{sf.feedback.id}" for sf in answer.feedback if sf not in shown]
    if not rest:
        return None
    return nt(
        lang, "{n} more snippet: {ids}", "{n} more snippets: {ids}", len(rest), ids=", ".join(rest)
    )
