"""Calendars in words for the pages: a week per day, an exception's dates and pattern, and its
next occurrences (read through the scheduler's own recurrence rules, so the page shows the days
the plan will skip)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from tandem.engine.scheduling.calendars import recurrence_dates
from tandem.planning.calendar import engine_exception

from .calendar_actions import LAST_DAY, WEEKDAYS
from .calendar_forms import format_periods
from .models import CalendarException

_NTH = {1: "first", 2: "second", 3: "third", 4: "fourth", -1: "last"}
_UNITS = {"daily": "day", "weekly": "week", "monthly": "month", "yearly": "year"}


@dataclass(frozen=True)
class ExceptionText:
    exception: CalendarException
    dates: str
    pattern: str
    working: str
    next_days: list[dt.date]


def week_rows(week: dict[str, Any]) -> list[tuple[str, str]]:
    """(weekday, "08:00-12:00, 13:00-17:00" or "not working") for Monday to Sunday."""
    return [
        (day, format_periods(week.get(str(iso))) or "not working")
        for iso, day in enumerate(WEEKDAYS, start=1)
    ]


def _day(value: dt.date) -> str:
    return f"{value:%a} {value.isoformat()}"


def _pattern(exc: CalendarException) -> str:
    unit = _UNITS[exc.repeat]
    every = f"every {unit}" if exc.interval == 1 else f"every {exc.interval} {unit}s"
    weekdays = ", ".join(WEEKDAYS[d - 1] for d in exc.weekdays)
    if exc.repeat == "weekly":
        return f"{every} on {weekdays or WEEKDAYS[exc.start.weekday()]}"
    month = f"{dt.date(2000, exc.month or exc.start.month, 1):%B}"
    day = exc.day_of_month or exc.start.day
    if exc.week_of_month is not None:
        of_month = f" of {month}" if exc.repeat == "yearly" else ""
        return f"{every} on the {_NTH[exc.week_of_month]} {weekdays}{of_month}"
    if exc.repeat == "yearly":
        return f"{every} on {day} {month}"
    if exc.repeat == "monthly":
        return f"{every} on day {day}"
    return every


def describe(exc: CalendarException, today: dt.date) -> ExceptionText:
    working = format_periods(exc.working_times)
    working = f"working {working}" if working else "not working"
    if not exc.repeat:
        end = exc.end or exc.start
        dates = _day(exc.start) if end == exc.start else f"{_day(exc.start)} to {_day(end)}"
        return ExceptionText(exc, dates, "", working, [])
    limit = f"until {exc.end.isoformat()}" if exc.end else "without end"
    if exc.occurrences:
        limit = f"{exc.occurrences} times" + (f", {limit}" if exc.end else "")
    rule = engine_exception(exc).recurrence
    upcoming: list[dt.date] = []
    if rule is not None:
        horizon = min(today + dt.timedelta(days=10 * 366), LAST_DAY)
        upcoming = [d for d in recurrence_dates(rule, horizon, exc.end) if d >= today][:3]
    return ExceptionText(exc, f"from {_day(exc.start)}, {limit}", _pattern(exc), working, upcoming)
