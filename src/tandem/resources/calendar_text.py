"""Calendars in words for the pages: a week per day, an exception's dates and pattern, and its
next occurrences (read through the scheduler's own recurrence rules, so the page shows the days
the plan will skip)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from tandem.engine.scheduling.calendars import recurrence_dates
from tandem.planning.calendar import engine_exception

from .calendar_actions import LAST_DAY
from .calendar_forms import WEEKDAY_NAMES, format_periods
from .models import CalendarException

_NTH = {
    1: gettext_lazy("first"),
    2: gettext_lazy("second"),
    3: gettext_lazy("third"),
    4: gettext_lazy("fourth"),
    -1: gettext_lazy("last"),
}


def _every(repeat: str, interval: int) -> str:
    if repeat == "daily":
        return ngettext("every day", "every %(n)d days", interval) % {"n": interval}
    if repeat == "weekly":
        return ngettext("every week", "every %(n)d weeks", interval) % {"n": interval}
    if repeat == "monthly":
        return ngettext("every month", "every %(n)d months", interval) % {"n": interval}
    return ngettext("every year", "every %(n)d years", interval) % {"n": interval}


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
        (str(day), format_periods(week.get(str(iso))) or _("not working"))
        for iso, day in enumerate(WEEKDAY_NAMES, start=1)
    ]


def _day(value: dt.date) -> str:
    return f"{value:%a} {value.isoformat()}"


def _pattern(exc: CalendarException) -> str:
    every = _every(exc.repeat, exc.interval)
    weekdays = ", ".join(str(WEEKDAY_NAMES[d - 1]) for d in exc.weekdays)
    if exc.repeat == "weekly":
        on = weekdays or str(WEEKDAY_NAMES[exc.start.weekday()])
        return _("%(every)s on %(weekdays)s") % {"every": every, "weekdays": on}
    month = f"{dt.date(2000, exc.month or exc.start.month, 1):%B}"
    day = exc.day_of_month or exc.start.day
    if exc.week_of_month is not None:
        names = {"every": every, "nth": _NTH[exc.week_of_month], "weekdays": weekdays}
        if exc.repeat == "yearly":
            return _("%(every)s on the %(nth)s %(weekdays)s of %(month)s") % {
                **names,
                "month": month,
            }
        return _("%(every)s on the %(nth)s %(weekdays)s") % names
    if exc.repeat == "yearly":
        return _("%(every)s on %(day)s %(month)s") % {"every": every, "day": day, "month": month}
    if exc.repeat == "monthly":
        return _("%(every)s on day %(day)s") % {"every": every, "day": day}
    return every


def describe(exc: CalendarException, today: dt.date) -> ExceptionText:
    working = format_periods(exc.working_times)
    working = _("working %(periods)s") % {"periods": working} if working else _("not working")
    if not exc.repeat:
        end = exc.end or exc.start
        dates = (
            _day(exc.start)
            if end == exc.start
            else _("%(first)s to %(last)s") % {"first": _day(exc.start), "last": _day(end)}
        )
        return ExceptionText(exc, dates, "", working, [])
    limit = _("until %(day)s") % {"day": exc.end.isoformat()} if exc.end else _("without end")
    if exc.occurrences:
        times = ngettext("%(n)d times", "%(n)d times", exc.occurrences) % {"n": exc.occurrences}
        limit = f"{times}, {limit}" if exc.end else times
    rule = engine_exception(exc).recurrence
    upcoming: list[dt.date] = []
    if rule is not None:
        horizon = min(today + dt.timedelta(days=10 * 366), LAST_DAY)
        upcoming = [d for d in recurrence_dates(rule, horizon, exc.end) if d >= today][:3]
    dates = _("from %(first)s, %(limit)s") % {"first": _day(exc.start), "limit": limit}
    return ExceptionText(exc, dates, _pattern(exc), working, upcoming)
