"""Background jobs of the coordinator's desk."""

from __future__ import annotations

from celery import shared_task

from . import reminders


@shared_task(name="tandem.coordination.remind_overdue_action_items")  # type: ignore[untyped-decorator]
def remind_overdue_action_items() -> int:
    """Periodic (hourly): remind owners of their overdue action items, once per item per day."""
    return reminders.remind_overdue_action_items()
