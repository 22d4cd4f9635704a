"""The one contract every chat platform (Slack, Teams) implements for the server.

The server (`handlers.server.create_app`) is given a list of platforms and, for each,
calls `attach(app)` once so it serves its routes on the shared FastAPI app. The
scheduler (`handlers.scheduler`) calls the `send_*` methods from its own thread with
work the core has already claimed; every sender answers with one `Delivery`:

- `SENT`: delivered;
- `NOTHING`: there was nothing to send (not an error; the job is done);
- `GIVE_UP`: it cannot be delivered this time (channel archived, app removed): the job
  is done and is not retried;
- `RECIPIENT_GONE`: the person to reach has left (deleted, deactivated, not found):
  the job is done and the core records it (a review's owner shows as "owner gone").

Anything else is an exception, and the scheduler releases the claim so a later poll
retries it. Senders block; call them from a worker thread, never from an event loop.
"""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING, Protocol

from bot.digest_schedule import DueDigest
from bot.models import MeetingSession
from bot.reminders import DueReminder
from bot.reviews import DueReview

if TYPE_CHECKING:
    from fastapi import FastAPI


class Delivery(Enum):
    """What became of one proactive message (exceptions mean: retry later)."""

    SENT = "sent"
    NOTHING = "nothing"
    GIVE_UP = "give-up"
    RECIPIENT_GONE = "recipient-gone"


class Platform(Protocol):
    """A chat platform as the server and the scheduler see it."""

    @property
    def name(self) -> str:
        """The platform's name in the core's rows ("slack", "teams")."""
        ...

    def attach(self, app: FastAPI) -> None:
        """Serve this platform's routes on the shared app."""
        ...

    def send_reminder(self, due: DueReminder) -> Delivery:
        """Start the empty chair in a weekly reminder's channel."""
        ...

    def send_review(self, due: DueReview) -> Delivery:
        """Ask a decision's owner, in a direct message, how it worked out for customers."""
        ...

    def end_meeting(self, tenant: str, session: MeetingSession) -> Delivery:
        """Post the summary of an empty chair the scheduler ended (left running too long)."""
        ...

    def send_digest(self, due: DueDigest) -> Delivery:
        """Post the weekly digest in the channel the workspace chose."""
        ...
