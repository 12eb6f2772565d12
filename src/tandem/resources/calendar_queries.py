"""Reads of working calendars and people's days off, narrowed to what the user may see."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet

from .models import CalendarException, WorkCalendar
from .policies import CalendarPolicy, DayOffPolicy


def list_calendars(user: Any, *, project_id: int | None = None) -> QuerySet[WorkCalendar]:
    """Shared calendars and the visible projects' own ones, by name. With ``project_id``: the
    calendars that project may use (the shared ones and its own)."""
    qs = CalendarPolicy.visible_to(user)
    if project_id is not None:
        qs = qs.filter(project__isnull=True) | qs.filter(project_id=project_id)
    return qs.select_related("project").prefetch_related("exceptions").order_by("name", "id")


def get_calendar(user: Any, calendar_id: int, action: str = "view") -> WorkCalendar:
    return CalendarPolicy.access(user, calendar_id, action)


def holidays_of(calendar: WorkCalendar) -> list[dt.date]:
    """The calendar's one-day non-working exceptions (from prefetched exceptions if any)."""
    return [
        e.start
        for e in calendar.exceptions.all()
        if not e.repeat and e.end == e.start and not e.working_times
    ]


def list_days_off(user: Any, person: Any) -> QuerySet[CalendarException]:
    return DayOffPolicy.visible_to(user).filter(person=person).order_by("start", "id")
