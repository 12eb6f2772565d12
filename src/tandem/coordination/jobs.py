"""Background jobs of the coordinator's desk."""

from __future__ import annotations

from tandem.core.jobs import job

from . import reminders


@job("tandem.coordination.remind_overdue_action_items")
def remind_overdue_action_items() -> int:
    """Periodic (hourly): remind owners of their overdue action items, once per item per day."""
    return reminders.remind_overdue_action_items()
