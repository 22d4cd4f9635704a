"""`emptychair decisions ...`: the decision log."""

from __future__ import annotations

from bot.cli.app import cli


@cli.group()
def decisions() -> None:
    """Log, list, show, supersede and export decisions.

    \b
    Example:
      emptychair decisions list --status decided
    """
