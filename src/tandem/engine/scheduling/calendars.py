"""Working calendars compiled to a minute axis for fast time arithmetic.

An *instant* is an integer count of wall-clock minutes since local midnight of the calendar
set's origin date. A *working index* is the number of working minutes between the origin and an
instant (negative before the origin). Both axes are monotonic, so adding working time and counting
working time between two instants are two bisections over per-calendar arrays of working periods
with their cumulative working minutes.

Every instant has one working index, but a working index names a span of instants (a Friday
17:00 finish and the Monday 08:00 start after it share one). :meth:`CompiledCalendar.start_at`
returns the earliest working minute with a given index (where work starts);
:meth:`CompiledCalendar.finish_at` the latest instant reached by the index's last working minute
(where work ends). That pair is how MS Project shows dates: a one-day task starting Monday 08:00
finishes Monday 17:00, its FS successor starts Tuesday 08:00.

Arrays cover a window of days that grows on demand in both directions, so a calendar costs only
the days a schedule touches.
"""

from __future__ import annotations

import calendar as pycalendar
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

import numpy as np
import numpy.typing as npt

from .model import Calendar, CalendarError, CalendarException, Recurrence, WorkingTime

__all__ = [
    "CompiledCalendar",
    "CalendarSet",
    "compile_calendars",
    "standard_calendar",
    "twenty_four_hour_calendar",
    "recurrence_dates",
]

IntArray = npt.NDArray[np.int64]
MINUTES_PER_DAY = 1440
_CHUNK_DAYS = 366
# A calendar with no working period in this many days of search is treated as having none.
_MAX_SEARCH_DAYS = 366 * 50
TWENTY_FOUR_HOUR_ID = "__24h__"


def standard_calendar(calendar_id: str = "standard", name: str = "Standard") -> Calendar:
    """MS Project's Standard calendar: Monday-Friday 08:00-12:00 and 13:00-17:00."""
    day: tuple[WorkingTime, ...] = ((480, 720), (780, 1020))
    return Calendar(id=calendar_id, name=name, week=(day,) * 5 + ((), ()))


def twenty_four_hour_calendar(calendar_id: str = "24h", name: str = "24 Hours") -> Calendar:
    """A calendar where every minute of every day is working time."""
    return Calendar(id=calendar_id, name=name, week=(((0, MINUTES_PER_DAY),),) * 7)


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> date | None:
    """The ``nth`` (1-4 or -1 = last) ``weekday`` of a month."""
    days = [
        d
        for d in pycalendar.Calendar().itermonthdates(year, month)
        if d.month == month and d.weekday() == weekday
    ]
    if nth == -1:
        return days[-1]
    return days[nth - 1] if 1 <= nth <= len(days) else None


def _monthly_candidates(rec: Recurrence, year: int, month: int) -> date | None:
    if rec.week_of_month is not None:
        weekday = rec.weekdays[0] if rec.weekdays else rec.start.weekday()
        return _nth_weekday(year, month, weekday, rec.week_of_month)
    day = rec.day_of_month if rec.day_of_month is not None else rec.start.day
    last = pycalendar.monthrange(year, month)[1]
    return date(year, month, min(day, last))


def _candidates(rec: Recurrence, until: date) -> Iterable[date]:
    """Occurrence candidates of a recurrence in date order, up to ``until``."""
    step = max(1, rec.interval)
    if rec.frequency == "daily":
        current = rec.start
        while current <= until:
            yield current
            current += timedelta(days=step)
    elif rec.frequency == "weekly":
        # Periods of ``interval`` weeks count from the Sunday-started week holding the series
        # start, as MS Project does whatever its WeekStartDay: "every 7 weeks on Sunday" from
        # Monday 2001-01-01 first falls on 2001-02-18, not 2001-01-07.
        weekdays = rec.weekdays if rec.weekdays else (rec.start.weekday(),)
        offsets = sorted({(wd + 1) % 7 for wd in weekdays})  # days after Sunday
        week_start = rec.start - timedelta(days=(rec.start.weekday() + 1) % 7)
        while week_start <= until:
            for offset in offsets:
                yield week_start + timedelta(days=offset)
            week_start += timedelta(weeks=step)
    elif rec.frequency in ("monthly", "yearly"):
        months = step if rec.frequency == "monthly" else 12 * step
        year = rec.start.year
        month = rec.start.month if rec.frequency == "monthly" else (rec.month or rec.start.month)
        while date(year, month, 1) <= until:
            found = _monthly_candidates(rec, year, month)
            if found is not None:
                yield found
            month += months
            year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    else:
        raise CalendarError(f"unknown recurrence frequency {rec.frequency!r}")


def recurrence_dates(rec: Recurrence, until: date, default_end: date | None = None) -> list[date]:
    """Occurrence days of a recurrence from ``rec.start`` up to ``until`` (inclusive).

    The series stops at ``rec.end`` (or ``default_end`` when ``rec.end`` is None) and after
    ``rec.occurrences`` days. Candidates before ``rec.start`` are skipped and not counted.
    """
    end = rec.end or default_end
    limit = min(until, end) if end is not None else until
    result: list[date] = []
    for day in _candidates(rec, limit):
        if day < rec.start:
            continue
        if day > limit or (rec.occurrences is not None and len(result) >= rec.occurrences):
            break
        result.append(day)
    return result


class _DayResolver:
    """Resolves the working periods of any date for one calendar, following base calendars."""

    def __init__(self, cal: Calendar, by_id: Mapping[str, Calendar]) -> None:
        self.calendar = cal
        self.base: _DayResolver | None = None
        if cal.base_calendar_id is not None:
            chain = [cal.id]
            base = by_id.get(cal.base_calendar_id)
            if base is None:
                raise CalendarError(
                    f"calendar {cal.id!r} names unknown base calendar {cal.base_calendar_id!r}",
                    cal.id,
                )
            if base.id in chain:
                raise CalendarError(f"calendar {cal.id!r} is its own base calendar", cal.id)
            self.base = _DayResolver(base, by_id) if _acyclic(base, by_id, chain) else None
        if len(cal.week) != 7:
            raise CalendarError(f"calendar {cal.id!r} has {len(cal.week)} weekdays, not 7", cal.id)
        for day in cal.week:
            _check_periods(cal.id, day)
        self._exception_days: dict[date, tuple[WorkingTime, ...]] = {}
        self._covered_until: date | None = None

    def _index_exceptions(self, until: date) -> None:
        if self._covered_until is not None and until <= self._covered_until:
            return
        horizon = until + timedelta(days=_CHUNK_DAYS)
        days: dict[date, tuple[WorkingTime, ...]] = {}
        for exc in self.calendar.exceptions:
            _check_periods(self.calendar.id, exc.working_times)
            for day in _exception_days(exc, horizon):
                days.setdefault(day, exc.working_times)
        self._exception_days = days
        self._covered_until = horizon

    def week_periods(self, weekday: int) -> tuple[WorkingTime, ...]:
        inherits = self.calendar.inherits
        if self.base is not None and inherits and inherits[weekday]:
            return self.base.week_periods(weekday)
        return self.calendar.week[weekday]

    def all_exceptions(self, until: date) -> dict[date, tuple[WorkingTime, ...]]:
        """Exception days up to ``until`` (at least): this calendar's over its base's."""
        self._index_exceptions(until)
        if self.base is None:
            return self._exception_days
        merged = dict(self.base.all_exceptions(until))
        merged.update(self._exception_days)
        return merged

    def periods_for_range(self, first: date, count: int) -> list[tuple[WorkingTime, ...]]:
        """Working periods of ``count`` consecutive days from ``first``: an exception of this
        calendar, else one of its base calendars, else the weekday's periods (inherited or own).
        """
        exceptions = self.all_exceptions(first + timedelta(days=count))
        week = [self.week_periods(weekday) for weekday in range(7)]
        found = []
        day = first
        weekday = first.weekday()
        one_day = timedelta(days=1)
        for _ in range(count):
            periods = exceptions.get(day)
            found.append(week[weekday] if periods is None else periods)
            day += one_day
            weekday = weekday + 1 if weekday < 6 else 0
        return found


class _IntersectedDays:
    """Working periods common to several calendars, day by day (a task calendar and the calendar
    of its resources: MS Project schedules such a task only when both are working)."""

    def __init__(self, parts: Sequence[_DayResolver]) -> None:
        self.parts = tuple(parts)

    def periods_for_range(self, first: date, count: int) -> list[tuple[WorkingTime, ...]]:
        days = [part.periods_for_range(first, count) for part in self.parts]
        found = days[0]
        for other in days[1:]:
            found = [_intersect(a, b) for a, b in zip(found, other, strict=True)]
        return found


def _intersect(a: tuple[WorkingTime, ...], b: tuple[WorkingTime, ...]) -> tuple[WorkingTime, ...]:
    """Common part of two sorted lists of working periods."""
    if a == b:
        return a
    common: list[WorkingTime] = []
    i = j = 0
    while i < len(a) and j < len(b):
        start, end = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if start < end:
            common.append((start, end))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return tuple(common)


def _acyclic(base: Calendar, by_id: Mapping[str, Calendar], chain: list[str]) -> bool:
    seen = list(chain)
    current: Calendar | None = base
    while current is not None:
        if current.id in seen:
            raise CalendarError(
                "base calendar cycle: " + " -> ".join([*seen, current.id]), current.id
            )
        seen.append(current.id)
        nxt = current.base_calendar_id
        current = by_id.get(nxt) if nxt is not None else None
    return True


def _check_periods(calendar_id: str, periods: tuple[WorkingTime, ...]) -> None:
    previous_end = -1
    for start, end in periods:
        if not 0 <= start < end <= MINUTES_PER_DAY or start < previous_end:
            raise CalendarError(
                f"calendar {calendar_id!r} has an invalid working period {start}-{end} "
                "(minutes from midnight, sorted, start < end <= 1440)",
                calendar_id,
            )
        previous_end = end


def _exception_days(exc: CalendarException, until: date) -> Iterable[date]:
    if exc.recurrence is not None:
        return recurrence_dates(exc.recurrence, until, default_end=exc.end)
    last = min(exc.end, until)
    return [exc.start + timedelta(days=i) for i in range((last - exc.start).days + 1)]


class CompiledCalendar:
    """A calendar as sorted working periods on the minute axis, with cumulative working minutes.

    Instants are minutes since local midnight of ``origin``. All methods take and return
    integers; :meth:`to_datetime` and :meth:`from_datetime` convert at the edges.
    """

    def __init__(
        self,
        calendar_id: str,
        resolver: _DayResolver | _IntersectedDays | None,
        origin: date,
        zone: tzinfo,
    ) -> None:
        self.id = calendar_id
        self.origin = origin
        self.zone = zone
        self._resolver = resolver
        self.is_24h = resolver is None
        self._starts: list[int] = []
        self._ends: list[int] = []
        self._cum: list[int] = []  # working minutes before each period
        self._cum_end: list[int] = []  # working minutes at each period's end
        self._arrays: tuple[IntArray, IntArray, IntArray] | None = None
        self._arrays_key = (0, 0)
        self._first_day = 0  # window of days [first_day, last_day) relative to origin
        self._last_day = 0
        if resolver is not None:
            cal = resolver.calendar if isinstance(resolver, _DayResolver) else None
            if (
                isinstance(resolver, _DayResolver)
                and cal is not None
                and resolver.base is None
                and not any(cal.week)
                and not any(exc.working_times for exc in cal.exceptions)
            ):
                raise CalendarError(f"calendar {calendar_id!r} has no working time", calendar_id)
            self._extend_forward(_CHUNK_DAYS)
            self._require_working_time()

    def _require_working_time(self) -> None:
        while not self._starts:
            if self._last_day - self._first_day > _MAX_SEARCH_DAYS:
                raise CalendarError(f"calendar {self.id!r} has no working time", self.id)
            self._extend_forward(_CHUNK_DAYS * 4)

    def _day_periods(self, first: int, last: int) -> tuple[list[int], list[int]]:
        assert self._resolver is not None  # noqa: S101 - 24-hour calendars never build arrays
        starts: list[int] = []
        ends: list[int] = []
        days = self._resolver.periods_for_range(self.origin + timedelta(days=first), last - first)
        for offset, periods in zip(range(first, last), days, strict=True):
            base = offset * MINUTES_PER_DAY
            for start, end in periods:
                if ends and ends[-1] == base + start:
                    ends[-1] = base + end  # periods meeting at midnight form one period
                else:
                    starts.append(base + start)
                    ends.append(base + end)
        return starts, ends

    def _extend_forward(self, days: int) -> None:
        starts, ends = self._day_periods(self._last_day, self._last_day + days)
        self._last_day += days
        total = self._cum_end[-1] if self._cum_end else 0
        first = 0
        if starts and self._ends and self._ends[-1] == starts[0]:
            total += ends[0] - starts[0]
            self._ends[-1] = ends[0]
            self._cum_end[-1] = total
            first = 1
        for k in range(first, len(starts)):
            self._starts.append(starts[k])
            self._ends.append(ends[k])
            self._cum.append(total)
            total += ends[k] - starts[k]
            self._cum_end.append(total)

    def _extend_backward(self, days: int) -> None:
        if self._last_day - self._first_day > _MAX_SEARCH_DAYS * 4:
            raise CalendarError(f"calendar {self.id!r}: date out of the supported range", self.id)
        starts, ends = self._day_periods(self._first_day - days, self._first_day)
        self._first_day -= days
        if not starts:
            return
        if ends[-1] == self._starts[0]:
            self._starts[0] = starts.pop()
            self._cum[0] -= ends.pop() - self._starts[0]
        total = self._cum[0]
        cum: list[int] = []
        cum_end: list[int] = []
        for k in range(len(starts) - 1, -1, -1):
            cum_end.append(total)
            total -= ends[k] - starts[k]
            cum.append(total)
        cum.reverse()
        cum_end.reverse()
        self._starts[:0] = starts
        self._ends[:0] = ends
        self._cum[:0] = cum
        self._cum_end[:0] = cum_end

    def _grow(self, backward: bool) -> None:
        days = max(_CHUNK_DAYS, self._last_day - self._first_day)
        if backward:
            self._extend_backward(days)
        else:
            self._extend_forward(days)

    def _cover_instant(self, t: int) -> None:
        while t > self._last_day * MINUTES_PER_DAY:
            self._grow(backward=False)
        while t < self._first_day * MINUTES_PER_DAY:
            self._grow(backward=True)

    def _cover_index(self, w: int, finish: bool) -> None:
        while w > self._cum_end[-1] or (not finish and w == self._cum_end[-1]):
            self._grow(backward=False)
        while w < self._cum[0] or (finish and w == self._cum[0]):
            self._grow(backward=True)

    def index(self, t: int) -> int:
        """Working minutes from the origin to instant ``t`` (negative before the origin)."""
        if self.is_24h:
            return t
        if t > self._last_day * MINUTES_PER_DAY or t < self._first_day * MINUTES_PER_DAY:
            self._cover_instant(t)
        i = bisect_right(self._starts, t) - 1
        if i < 0:
            return self._cum[0]
        end = self._ends[i]
        return self._cum[i] + (t if t < end else end) - self._starts[i]

    def start_at(self, w: int) -> int:
        """Earliest instant whose next minute is working and has working index ``w``."""
        if self.is_24h:
            return w
        if w >= self._cum_end[-1] or w < self._cum[0]:
            self._cover_index(w, finish=False)
        i = bisect_right(self._cum, w) - 1
        return self._starts[i] + w - self._cum[i]

    def finish_at(self, w: int) -> int:
        """Instant at which the working minute ending at index ``w`` ends."""
        if self.is_24h:
            return w
        if w > self._cum_end[-1] or w <= self._cum[0]:
            self._cover_index(w, finish=True)
        i = bisect_left(self._cum_end, w)
        return self._starts[i] + w - self._cum[i]

    def period_arrays(self, low: int, high: int) -> tuple[IntArray, IntArray, IntArray]:
        """Period starts, cumulative minutes before each period and at each period's end, as
        numpy arrays covering working indices ``low`` to ``high`` (for vectorised conversions)."""
        if not self.is_24h:
            self.start_at(high)
            self.finish_at(low)
            self.start_at(low)
        key = (len(self._starts), self._starts[0] if self._starts else 0)
        if self._arrays is None or self._arrays_key != key:
            self._arrays = (
                np.asarray(self._starts, dtype=np.int64),
                np.asarray(self._cum, dtype=np.int64),
                np.asarray(self._cum_end, dtype=np.int64),
            )
            self._arrays_key = key
        return self._arrays

    def snap_zero(self, t: int) -> int:
        """Where a zero-duration event at instant ``t`` shows: ``t`` itself if it lies within or
        at either edge of a working period, else the next working minute."""
        if self.is_24h:
            return t
        w = self.index(t)
        i = bisect_right(self._starts, t) - 1
        if i >= 0 and t <= self._ends[i]:
            return t
        return self.start_at(w)

    def snap_zero_back(self, t: int) -> int:
        """Backward counterpart of :meth:`snap_zero`: ``t`` or the previous working period end."""
        if self.is_24h:
            return t
        w = self.index(t)
        i = bisect_right(self._starts, t) - 1
        if i >= 0 and t <= self._ends[i]:
            return t
        return self.finish_at(w)

    def add(self, t: int, minutes: int) -> int:
        """Instant ``minutes`` working minutes after ``t`` (before it when negative).

        A positive amount ends at a finish (17:00, not 08:00 next day); a negative one at a
        start; zero returns ``t`` unchanged.
        """
        if minutes > 0:
            return self.finish_at(self.index(t) + minutes)
        if minutes < 0:
            return self.start_at(self.index(t) + minutes)
        return t

    def shift_forward(self, t: int, minutes: int) -> int:
        """Earliest instant with ``minutes`` more working minutes than ``t`` (any sign).

        The forward-pass lag: the driven date of a successor is at least this instant.
        """
        return self.finish_at(self.index(t) + minutes)

    def shift_back(self, t: int, minutes: int) -> int:
        """Latest instant whose :meth:`shift_forward` by ``minutes`` is not after ``t``.

        The backward-pass lag, the exact inverse of :meth:`shift_forward`.
        """
        return self.start_at(self.index(t) - minutes)

    def working_minutes(self, a: int, b: int) -> int:
        """Working minutes between instants ``a`` and ``b`` (negative when ``b`` < ``a``)."""
        return self.index(b) - self.index(a)

    def to_datetime(self, t: int) -> datetime:
        """The aware datetime of instant ``t`` (wall-clock in the calendar set's zone)."""
        naive = datetime(self.origin.year, self.origin.month, self.origin.day)  # noqa: DTZ001
        return (naive + timedelta(minutes=t)).replace(tzinfo=self.zone)

    def from_datetime(self, value: datetime) -> int:
        """Instant of an aware datetime (converted to the zone; seconds are truncated)."""
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: scheduling needs aware datetimes")
        local = value.astimezone(self.zone)
        days = (local.date() - self.origin).days
        return days * MINUTES_PER_DAY + local.hour * 60 + local.minute

    # Datetime conveniences for callers outside the engine.
    def add_working_time(self, value: datetime, minutes: int) -> datetime:
        """``value`` plus ``minutes`` working minutes (see :meth:`add`)."""
        return self.to_datetime(self.add(self.from_datetime(value), minutes))

    def working_time_between(self, start: datetime, end: datetime) -> int:
        """Working minutes between two aware datetimes (negative when ``end`` < ``start``)."""
        return self.working_minutes(self.from_datetime(start), self.from_datetime(end))

    def next_working_instant(self, value: datetime) -> datetime:
        """The first working minute at or after ``value``."""
        return self.to_datetime(self.start_at(self.index(self.from_datetime(value))))


class CalendarSet:
    """The compiled calendars of a project, sharing one origin date and zone."""

    def __init__(self, calendars: Iterable[Calendar], origin: date, zone: tzinfo) -> None:
        by_id: dict[str, Calendar] = {}
        for cal in calendars:
            if cal.id in by_id:
                raise CalendarError(f"duplicate calendar id {cal.id!r}", cal.id)
            by_id[cal.id] = cal
        self.origin = origin
        self.zone = zone
        self._definitions = by_id
        self._compiled: dict[str, CompiledCalendar] = {}
        self.twenty_four_hour = CompiledCalendar(TWENTY_FOUR_HOUR_ID, None, origin, zone)

    def __contains__(self, calendar_id: str) -> bool:
        return calendar_id in self._definitions

    def get(self, calendar_id: str, referenced_by: str = "") -> CompiledCalendar:
        """The compiled calendar ``calendar_id``; raises CalendarError when unknown or empty."""
        found = self._compiled.get(calendar_id)
        if found is not None:
            return found
        definition = self._definitions.get(calendar_id)
        if definition is None:
            where = f" (referenced by {referenced_by})" if referenced_by else ""
            raise CalendarError(f"unknown calendar {calendar_id!r}{where}", calendar_id)
        compiled = CompiledCalendar(
            calendar_id, _DayResolver(definition, self._definitions), self.origin, self.zone
        )
        self._compiled[calendar_id] = compiled
        return compiled

    def intersection(
        self, calendar_ids: Sequence[str], referenced_by: str = ""
    ) -> CompiledCalendar:
        """Working time common to every calendar in ``calendar_ids`` (compiled once per set).

        One id gives that calendar. Raises CalendarError for an unknown id, or when the
        calendars share no working time within the search horizon.
        """
        unique = tuple(sorted(set(calendar_ids)))
        if len(unique) == 1:
            return self.get(unique[0], referenced_by)
        key = "&".join(unique)
        found = self._compiled.get(key)
        if found is not None:
            return found
        for calendar_id in unique:
            self.get(calendar_id, referenced_by)  # unknown or empty calendars fail here
        parts = [_DayResolver(self._definitions[i], self._definitions) for i in unique]
        compiled = CompiledCalendar(key, _IntersectedDays(parts), self.origin, self.zone)
        self._compiled[key] = compiled
        return compiled


def compile_calendars(
    calendars: Iterable[Calendar], origin: date, timezone: str = "UTC"
) -> CalendarSet:
    """Compile calendars for arithmetic around ``origin`` in zone ``timezone`` (zoneinfo key)."""
    return CalendarSet(calendars, origin, ZoneInfo(timezone))
