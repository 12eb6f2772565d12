"""Background jobs of meetings: reading people's connected calendars (Celery; in-process when
no broker is configured)."""

from __future__ import annotations

from django.utils import timezone

from tandem.core.errors import NotFound
from tandem.core.jobs import job

from .calendar_reading import calendars_due, refresh_calendar


@job("tandem.meetings.refresh_external_calendar", acks_late=True)
def refresh_external_calendar(calendar_id: int) -> str:
    """Read one subscription now; idempotent (a second read replaces the first's result)."""
    try:
        calendar = refresh_calendar(calendar_id)
    except NotFound:
        return "missing"
    return "error" if calendar.last_error else "read"


@job("tandem.meetings.refresh_external_calendars")
def refresh_external_calendars() -> int:
    """Periodic: read every subscription not read for a while, one after the other."""
    due = calendars_due(timezone.now())
    for calendar_id in due:
        refresh_external_calendar.apply(args=(calendar_id,))
    return len(due)
