"""MSPDI calendars: weekdays, derived (base) calendars, exceptions and recurring exceptions.

MS Project 2007+ writes exceptions in ``<Exceptions>`` (with recurrence types); older versions
write them as ``<WeekDay>`` entries with ``DayType`` 0 and a ``TimePeriod``. Alternate work
weeks (``<WorkWeeks>``) are expressed as weekly recurring exceptions, one per weekday they set.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET  # noqa: S405  (types only)
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta

from ..scheduling.model import Calendar, CalendarException, FileFormatError, Recurrence, WorkingTime
from .mspdi_codes import parse_clock, parse_date

__all__: list[str] = []

DEFAULT_WORKING_TIMES: tuple[WorkingTime, ...] = ((480, 720), (780, 1020))
"""MS Project's working times for a working day that lists none."""

# Exceptions/Exception/Type: 1 daily (every day of the range), 2 yearly by date, 3 yearly by
# weekday position, 4 monthly by date, 5 monthly by weekday position, 6 weekly, 7 every n days.
_RECURRENCE_FREQUENCY = {
    2: "yearly",
    3: "yearly",
    4: "monthly",
    5: "monthly",
    6: "weekly",
    7: "daily",
}
_RELATIVE = {3, 5}


def msp_weekday(day_type: int) -> int:
    """MSPDI DayType (1 = Sunday ... 7 = Saturday) as a Monday-first index."""
    return (day_type + 5) % 7


def msp_day_type(weekday: int) -> int:
    """Monday-first weekday index as an MSPDI DayType."""
    return (weekday + 1) % 7 + 1


def weekdays_from_mask(mask: int) -> tuple[int, ...]:
    """DaysOfWeek bit mask (bit 0 Sunday ... bit 6 Saturday) as sorted Monday-first indexes."""
    return tuple(sorted(msp_weekday(bit + 1) for bit in range(7) if mask & (1 << bit)))


def mask_from_weekdays(weekdays: tuple[int, ...]) -> int:
    """Inverse of :func:`weekdays_from_mask`."""
    return sum(1 << (msp_day_type(day) - 1) for day in set(weekdays))


class CalendarParser:
    """Reads ``<Calendar>`` elements; ``fail(message, element_label)`` raises FileFormatError."""

    def __init__(self, fail: Callable[[str, str], FileFormatError]) -> None:
        self._fail = fail

    def parse(self, element: ET.Element, known_ids: set[str]) -> Calendar:
        uid = (element.findtext("UID") or "").strip()
        if not uid:
            raise self._fail("calendar without <UID>", "Calendar")
        label = f"Calendar UID {uid}"
        base_uid = (element.findtext("BaseCalendarUID") or "").strip()
        is_base = (element.findtext("IsBaseCalendar") or "1").strip() == "1"
        base_id = base_uid if not is_base and base_uid in known_ids and base_uid != uid else None
        week: list[tuple[WorkingTime, ...]] = [()] * 7
        given = [False] * 7
        legacy: list[CalendarException] = []
        for day in element.findall("WeekDays/WeekDay"):
            day_type = self._int(day.findtext("DayType"), f"{label} <DayType>")
            if day_type == 0:
                legacy.append(self._legacy_exception(day, label))
                continue
            if not 1 <= day_type <= 7:
                raise self._fail(f"<DayType> {day_type} is not 0-7", label)
            index = msp_weekday(day_type)
            given[index] = True
            week[index] = self._day_times(day, label)
        exceptions = self._work_weeks(element, label)
        listed = element.find("Exceptions")
        if listed is not None:
            exceptions += [self._exception(item, label) for item in listed.findall("Exception")]
        else:
            exceptions += legacy
        return Calendar(
            id=uid,
            name=element.findtext("Name") or "",
            week=tuple(week),
            exceptions=tuple(exceptions),
            base_calendar_id=base_id,
            inherits=tuple(not flag for flag in given) if base_id else (),
        )

    def _int(self, text: str | None, label: str) -> int:
        try:
            return int((text or "").strip())
        except ValueError:
            raise self._fail(f"expected an integer, got {text!r}", label) from None

    def _times(self, parent: ET.Element, label: str) -> tuple[WorkingTime, ...]:
        periods: list[WorkingTime] = []
        for item in parent.findall("WorkingTimes/WorkingTime"):
            start_text, end_text = item.findtext("FromTime"), item.findtext("ToTime")
            if not start_text or not end_text:
                continue
            try:
                start, end = parse_clock(start_text), parse_clock(end_text)
            except ValueError as exc:
                raise self._fail(str(exc), f"{label} <WorkingTime>") from None
            if end <= start:
                end += 1440 if end == 0 else 0
            if end <= start:
                raise self._fail(
                    f"working time {start_text}-{end_text} ends before it starts", label
                )
            periods.append((start, end))
        return tuple(sorted(periods))

    def _day_times(self, day: ET.Element, label: str) -> tuple[WorkingTime, ...]:
        if (day.findtext("DayWorking") or "0").strip() != "1":
            return ()
        return self._times(day, label) or DEFAULT_WORKING_TIMES

    def _period(self, parent: ET.Element, label: str) -> tuple[str, str]:
        start = parent.findtext("TimePeriod/FromDate")
        end = parent.findtext("TimePeriod/ToDate")
        if not start or not end:
            raise self._fail("exception without <TimePeriod> <FromDate>/<ToDate>", label)
        return start, end

    def _legacy_exception(self, day: ET.Element, label: str) -> CalendarException:
        start, end = self._period(day, f"{label} <WeekDay> DayType 0")
        try:
            first, last = parse_date(start), parse_date(end)
        except ValueError:
            raise self._fail(f"bad exception dates {start!r}/{end!r}", label) from None
        return CalendarException(first, last, self._day_times(day, label))

    def _exception(self, item: ET.Element, label: str) -> CalendarException:
        name = item.findtext("Name") or ""
        where = f"{label} exception {name!r}"
        start, end = self._period(item, where)
        try:
            first, last = parse_date(start), parse_date(end)
        except ValueError:
            raise self._fail(f"bad exception dates {start!r}/{end!r}", where) from None
        times = self._day_times(item, where)
        kind = self._int(item.findtext("Type") or "1", f"{where} <Type>")
        frequency = _RECURRENCE_FREQUENCY.get(kind)
        interval = self._int(item.findtext("Period") or "1", f"{where} <Period>")
        if frequency is None or (frequency == "daily" and interval == 1):
            return CalendarException(first, last, times, name)
        occurrences_text = item.findtext("Occurrences")
        weekdays: tuple[int, ...] = ()
        day_of_month = month = week_of_month = None
        if frequency == "weekly":
            weekdays = weekdays_from_mask(self._int(item.findtext("DaysOfWeek") or "0", where))
        if kind in _RELATIVE:
            # MonthItem 3 = Sunday ... 9 = Saturday; MonthPosition 0-3 = first-fourth, 4 = last.
            weekdays = ((self._int(item.findtext("MonthItem"), f"{where} <MonthItem>") - 4) % 7,)
            position = self._int(item.findtext("MonthPosition"), f"{where} <MonthPosition>")
            week_of_month = -1 if position >= 4 else position + 1
        elif frequency in {"monthly", "yearly"}:
            day_of_month = self._int(item.findtext("MonthDay"), f"{where} <MonthDay>")
        if frequency == "yearly":
            month = self._int(item.findtext("Month"), f"{where} <Month>") + 1
            interval = 1
        recurrence = Recurrence(
            frequency=frequency,
            interval=max(interval, 1),
            start=first,
            end=last,
            occurrences=int(occurrences_text) if occurrences_text else None,
            weekdays=weekdays,
            day_of_month=day_of_month,
            month=month,
            week_of_month=week_of_month,
        )
        return CalendarException(first, last, times, name, recurrence)

    def _work_weeks(self, element: ET.Element, label: str) -> list[CalendarException]:
        result: list[CalendarException] = []
        for week in element.findall("WorkWeeks/WorkWeek"):
            name = week.findtext("Name") or ""
            where = f"{label} work week {name!r}"
            start, end = self._period(week, where)
            first, last = parse_date(start), parse_date(end)
            for day in week.findall("WeekDays/WeekDay"):
                index = msp_weekday(self._int(day.findtext("DayType"), f"{where} <DayType>"))
                recurrence = Recurrence(
                    frequency="weekly", start=first, end=last, weekdays=(index,)
                )
                times = self._day_times(day, where)
                result.append(CalendarException(first, last, times, name, recurrence))
        return result


def week_of(
    calendar: Calendar, calendars: Mapping[str, Calendar]
) -> tuple[tuple[WorkingTime, ...], ...]:
    """The calendar's weekday working times with inherited days taken from its base calendar."""
    base = calendars.get(calendar.base_calendar_id or "")
    if base is None or base is calendar or not calendar.inherits:
        return calendar.week
    base_week = week_of(base, {k: v for k, v in calendars.items() if k != calendar.id})
    return tuple(
        base_week[day] if calendar.inherits[day] else calendar.week[day] for day in range(7)
    )


def effective_rules(
    calendar: Calendar, calendars: Mapping[str, Calendar]
) -> tuple[tuple[tuple[WorkingTime, ...], ...], tuple[CalendarException, ...]]:
    """The working week and every exception (own first, then inherited) that shape a calendar.

    Two calendars with equal rules have the same working time; unequal rules usually mean
    different working time (the comparison is structural, not date by date).
    """
    exceptions: list[CalendarException] = []
    current: Calendar | None = calendar
    seen: set[str] = set()
    while current is not None and current.id not in seen:
        seen.add(current.id)
        exceptions.extend(current.exceptions)
        current = calendars.get(current.base_calendar_id or "")
    return week_of(calendar, calendars), tuple(exceptions)


def covers_working_time(
    calendar: Calendar, calendars: Mapping[str, Calendar], start: datetime, finish: datetime
) -> bool:
    """Whether ``[start, finish)`` overlaps a working period of the calendar's week.

    Plain (non-recurring) non-working exceptions are honoured; recurring ones are not, so the
    answer may err towards True for a holiday that recurs.
    """
    week = week_of(calendar, calendars)
    day = start.date()
    while day <= finish.date():
        times = week[day.weekday()]
        for exception in calendar.exceptions:
            if exception.recurrence is None and exception.start <= day <= exception.end:
                times = exception.working_times
        midnight = datetime.combine(day, datetime.min.time(), start.tzinfo)
        for begin, end in times:
            if midnight + timedelta(minutes=begin) < finish and start < midnight + timedelta(
                minutes=end
            ):
                return True
        day += timedelta(days=1)
    return False
