"""Working calendars as the planning code reads them: the project's week and its exceptions.

Stored exceptions (``resources.CalendarException``: holidays, closures, repeating exceptions,
people's days off) become the engine's ``CalendarException`` here, once, so that the pages, the
baselines and the scheduler read one meaning. Precedence on a day two exceptions cover: a dated
exception wins over a repeating one, then the one starting first (the engine takes the first
exception listed that covers a day).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from tandem.engine.scheduling import model as engine
from tandem.engine.scheduling.calendars import recurrence_dates
from tandem.projects.models import Project
from tandem.resources.models import CalendarException, WorkCalendar, default_week

from .models import PlanSettings

WorkingTimes = tuple[engine.WorkingTime, ...]
# A repeating exception without an end date goes on for ever; the engine reads a series without
# ``end`` or ``occurrences`` as ending at the exception's ``end``, so that end is the last date.
FOREVER = dt.date.max


def minutes(hhmm: str) -> int:
    """Minutes from midnight of ``"HH:MM"`` (``"24:00"`` is 1440)."""
    hours, mins = hhmm.split(":")
    return int(hours) * 60 + int(mins)


def working_times(periods: Iterable[Iterable[str]]) -> WorkingTimes:
    """``[["08:00", "12:00"], ...]`` as the engine's ``((480, 720), ...)``."""
    return tuple((minutes(a), minutes(b)) for a, b in periods)


def engine_week(working_hours: dict[str, list[list[str]]]) -> tuple[WorkingTimes, ...]:
    """A stored week (ISO weekday "1".."7" -> periods) as the engine's Monday-first tuple."""
    return tuple(working_times(working_hours.get(str(iso), [])) for iso in range(1, 8))


def _recurrence(exc: CalendarException) -> engine.Recurrence:
    """MS Project's recurrence, field for field; weekdays go from ISO (1 = Monday) to the
    engine's 0 = Monday."""
    yearly = exc.repeat == "yearly"
    month = (exc.month or exc.start.month) if yearly else None
    by_weekday = exc.week_of_month is not None
    day = None if by_weekday else exc.day_of_month
    if exc.repeat in ("monthly", "yearly") and not by_weekday and day is None:
        day = exc.start.day
    return engine.Recurrence(
        frequency=exc.repeat,
        interval=exc.interval,
        start=exc.start,
        end=exc.end,
        occurrences=exc.occurrences,
        weekdays=tuple(d - 1 for d in exc.weekdays),
        day_of_month=day,
        month=month,
        week_of_month=exc.week_of_month,
    )


def engine_exception(exc: CalendarException) -> engine.CalendarException:
    """A stored exception (a calendar's or a person's day off) as the engine's."""
    if not exc.repeat:
        return engine.CalendarException(
            start=exc.start,
            end=exc.end or exc.start,
            working_times=working_times(exc.working_times),
            name=exc.name,
        )
    return engine.CalendarException(
        start=exc.start,
        end=exc.end or FOREVER,
        working_times=working_times(exc.working_times),
        name=exc.name,
        recurrence=_recurrence(exc),
    )


def engine_exceptions(stored: Iterable[CalendarException]) -> tuple[engine.CalendarException, ...]:
    """Dated exceptions first, then repeating ones, each by start date (see the module's note)."""
    ordered = sorted(stored, key=lambda e: (bool(e.repeat), e.start, e.pk or 0))
    return tuple(engine_exception(e) for e in ordered)


@dataclass(frozen=True)
class ProjectCalendar:
    """Working hours per ISO weekday ("1".."7" -> [["09:00","17:00"], ...]) and exceptions."""

    working_hours: dict[str, list[list[str]]]
    exceptions: tuple[engine.CalendarException, ...]
    hours_per_day: Decimal
    name: str = "Standard"
    calendar_id: int | None = None  # the stored calendar's id (None: the built-in default)
    # Exception days by year, filled on first use (day -> working times, empty = not working).
    _years: dict[int, dict[dt.date, WorkingTimes]] = field(
        default_factory=dict, compare=False, repr=False
    )

    @property
    def holidays(self) -> frozenset[dt.date]:
        """Non-working days of the dated (not repeating) exceptions."""
        days: set[dt.date] = set()
        for exc in self.exceptions:
            if exc.recurrence is None and not exc.working_times:
                span = (exc.end - exc.start).days
                days.update(exc.start + dt.timedelta(days=i) for i in range(span + 1))
        return frozenset(days)

    def _exception_days(self, year: int) -> dict[dt.date, WorkingTimes]:
        found = self._years.get(year)
        if found is not None:
            return found
        first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
        found = {}
        for exc in self.exceptions:
            if exc.recurrence is not None:
                days: Iterable[dt.date] = (
                    d for d in recurrence_dates(exc.recurrence, last, exc.end) if d >= first
                )
            else:
                lo, hi = max(exc.start, first), min(exc.end, last)
                days = (lo + dt.timedelta(days=i) for i in range((hi - lo).days + 1))
            for day in days:
                found.setdefault(day, exc.working_times)
        self._years[year] = found
        return found

    def exception_days(self, year: int) -> dict[dt.date, WorkingTimes]:
        """The days of ``year`` an exception covers, with their working periods (empty: not
        working)."""
        return self._exception_days(year)

    def periods_on(self, day: dt.date) -> WorkingTimes:
        """The working periods of ``day`` (minutes from midnight): an exception's, else the
        weekday's."""
        found = self._exception_days(day.year).get(day)
        if found is not None:
            return found
        return working_times(self.working_hours.get(str(day.isoweekday()), []))

    def is_working_day(self, day: dt.date) -> bool:
        return bool(self.periods_on(day))

    def working_days(self, start: dt.date, finish: dt.date) -> int:
        """Working days from ``start`` to ``finish``, both inclusive; 0 when finish < start."""
        count = 0
        day = start
        while day <= finish:
            count += self.is_working_day(day)
            day += dt.timedelta(days=1)
        return count

    def working_day_difference(self, earlier: dt.date, later: dt.date) -> int:
        """Signed working days from ``earlier`` to ``later``: the working days after ``earlier``
        up to ``later`` inclusive (negative when ``later`` comes first, 0 on the same day)."""
        if later >= earlier:
            return self.working_days(earlier + dt.timedelta(days=1), later)
        return -self.working_days(later + dt.timedelta(days=1), earlier)

    def non_working_days(self, start: dt.date, finish: dt.date) -> list[dt.date]:
        """Days without working time from ``start`` to ``finish`` inclusive (for shading)."""
        span = (finish - start).days + 1
        days = (start + dt.timedelta(days=i) for i in range(max(span, 0)))
        return [d for d in days if not self.is_working_day(d)]


def settings_of(project: Project) -> PlanSettings | None:
    return PlanSettings.objects.filter(project=project).select_related("calendar").first()


def calendar_view(calendar: WorkCalendar | None, hours_per_day: Decimal) -> ProjectCalendar:
    """A stored calendar (None: Monday-Friday 09:00-17:00) as a ``ProjectCalendar``."""
    if calendar is None:
        return ProjectCalendar(default_week(), (), hours_per_day)
    exceptions = engine_exceptions(calendar.exceptions.all())
    return ProjectCalendar(
        calendar.working_hours, exceptions, hours_per_day, calendar.name, calendar.pk
    )


def project_calendar(project: Project) -> ProjectCalendar:
    """The calendar set in the project's plan settings, else Monday-Friday 09:00-17:00."""
    settings = settings_of(project)
    calendar: WorkCalendar | None = settings.calendar if settings else None
    hours = settings.hours_per_day if settings else Decimal("8")
    return calendar_view(calendar, hours)
