"""Working calendars: week patterns, shifts, exceptions, recurrences, inheritance, arithmetic."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from tandem.engine.scheduling import (
    Calendar,
    CalendarError,
    CalendarException,
    Recurrence,
    compile_calendars,
    recurrence_dates,
    standard_calendar,
    twenty_four_hour_calendar,
)

ORIGIN = date(2024, 1, 1)


def _compiled(*cals: Calendar, which: str | None = None):  # type: ignore[no-untyped-def]
    cal_set = compile_calendars(cals, ORIGIN)
    return cal_set.get(which or cals[0].id)


def _dt(day: int, hour: int, minute: int = 0, month: int = 1) -> datetime:
    return datetime(2024, month, day, hour, minute, tzinfo=UTC)


def test_one_day_from_monday_morning_finishes_at_five_and_next_start_is_tuesday_eight() -> None:
    cal = _compiled(standard_calendar("std"))
    finish = cal.add_working_time(_dt(8, 8), 480)
    assert finish == _dt(8, 17)
    assert cal.next_working_instant(finish) == _dt(9, 8)


def test_adding_over_lunch_and_weekend() -> None:
    cal = _compiled(standard_calendar("std"))
    assert cal.add_working_time(_dt(8, 11), 120) == _dt(8, 14)
    assert cal.add_working_time(_dt(12, 16), 120) == _dt(15, 9)  # Friday 16:00 + 2h
    assert cal.add_working_time(_dt(15, 9), -120) == _dt(12, 16)
    assert cal.working_time_between(_dt(12, 16), _dt(15, 9)) == 120
    assert cal.working_time_between(_dt(15, 9), _dt(12, 16)) == -120


def test_next_working_instant_skips_lunch_and_weekend() -> None:
    cal = _compiled(standard_calendar("std"))
    assert cal.next_working_instant(_dt(8, 12, 30)) == _dt(8, 13)
    assert cal.next_working_instant(_dt(13, 10)) == _dt(15, 8)  # Saturday
    assert cal.next_working_instant(_dt(8, 9, 15)) == _dt(8, 9, 15)


def test_arithmetic_far_before_and_after_the_origin() -> None:
    cal = _compiled(standard_calendar("std"))
    start = _dt(8, 8)
    later = cal.add_working_time(start, 480 * 2000)
    assert cal.working_time_between(start, later) == 480 * 2000
    earlier = cal.add_working_time(start, -480 * 2000)
    assert cal.working_time_between(earlier, start) == 480 * 2000
    assert earlier.weekday() < 5
    assert earlier.hour == 8


def test_night_shift_across_midnight_counts_as_one_period() -> None:
    night: tuple[tuple[int, int], ...] = ((0, 360), (1320, 1440))
    cal = _compiled(Calendar("night", "Night", (night,) * 7))
    assert cal.add_working_time(_dt(8, 23), 120) == _dt(9, 1)
    assert cal.working_time_between(_dt(8, 22), _dt(9, 6)) == 480


def test_twenty_four_hour_calendar_counts_every_minute() -> None:
    cal = _compiled(twenty_four_hour_calendar("24h"))
    assert cal.add_working_time(_dt(13, 10), 1440 * 2) == _dt(15, 10)


def test_non_working_and_working_exceptions() -> None:
    cal = standard_calendar("std")
    holiday = CalendarException(start=date(2024, 1, 9), end=date(2024, 1, 10), name="off")
    saturday = CalendarException(
        start=date(2024, 1, 13), end=date(2024, 1, 13), working_times=((540, 600),)
    )
    compiled = _compiled(Calendar(cal.id, cal.name, cal.week, (holiday, saturday)))
    assert compiled.add_working_time(_dt(8, 8), 960) == _dt(11, 17)  # Tuesday-Wednesday off
    assert compiled.working_time_between(_dt(12, 17), _dt(15, 8)) == 60
    assert compiled.next_working_instant(_dt(12, 17)) == _dt(13, 9)


def test_weekly_recurrence_every_second_week_on_monday_and_friday() -> None:
    rec = Recurrence(
        frequency="weekly", interval=2, start=date(2024, 1, 1), weekdays=(0, 4), occurrences=5
    )
    assert recurrence_dates(rec, date(2025, 1, 1)) == [
        date(2024, 1, 1),
        date(2024, 1, 5),
        date(2024, 1, 15),
        date(2024, 1, 19),
        date(2024, 1, 29),
    ]


def test_weekly_recurrence_periods_start_on_the_sunday_before_the_series_start() -> None:
    # Every second week on Sunday and Monday from Monday 2024-01-01: the first period is the
    # week of Sunday 2023-12-31 (its Sunday precedes the start), the next that of 2024-01-14.
    rec = Recurrence(
        frequency="weekly", interval=2, start=date(2024, 1, 1), weekdays=(6, 0), occurrences=4
    )
    assert recurrence_dates(rec, date(2025, 1, 1)) == [
        date(2024, 1, 1),
        date(2024, 1, 14),
        date(2024, 1, 15),
        date(2024, 1, 28),
    ]


def test_monthly_recurrences_by_day_and_by_last_weekday() -> None:
    by_day = Recurrence(
        frequency="monthly", start=date(2024, 1, 31), day_of_month=31, end=date(2024, 4, 30)
    )
    assert recurrence_dates(by_day, date(2025, 1, 1)) == [
        date(2024, 1, 31),
        date(2024, 2, 29),
        date(2024, 3, 31),
        date(2024, 4, 30),
    ]
    last_friday = Recurrence(
        frequency="monthly", start=date(2024, 1, 1), week_of_month=-1, weekdays=(4,), occurrences=3
    )
    assert recurrence_dates(last_friday, date(2025, 1, 1)) == [
        date(2024, 1, 26),
        date(2024, 2, 23),
        date(2024, 3, 29),
    ]


def test_yearly_and_daily_recurrences() -> None:
    third_monday_jan = Recurrence(
        frequency="yearly",
        start=date(2024, 1, 1),
        month=1,
        week_of_month=3,
        weekdays=(0,),
        occurrences=2,
    )
    assert recurrence_dates(third_monday_jan, date(2030, 1, 1)) == [
        date(2024, 1, 15),
        date(2025, 1, 20),
    ]
    christmas = Recurrence(
        frequency="yearly",
        start=date(2024, 1, 1),
        month=12,
        day_of_month=25,
        end=date(2025, 12, 31),
    )
    assert recurrence_dates(christmas, date(2030, 1, 1)) == [date(2024, 12, 25), date(2025, 12, 25)]
    every_third_day = Recurrence(
        frequency="daily", interval=3, start=date(2024, 1, 1), occurrences=3
    )
    assert recurrence_dates(every_third_day, date(2030, 1, 1)) == [
        date(2024, 1, 1),
        date(2024, 1, 4),
        date(2024, 1, 7),
    ]


def test_recurring_exception_removes_working_days() -> None:
    base = standard_calendar("std")
    every_monday = CalendarException(
        start=date(2024, 1, 1),
        end=date(2024, 12, 31),
        recurrence=Recurrence(frequency="weekly", start=date(2024, 1, 1), weekdays=(0,)),
    )
    cal = _compiled(Calendar("std", "Std", base.week, (every_monday,)))
    assert cal.next_working_instant(_dt(8, 8)) == _dt(9, 8)
    assert cal.working_time_between(_dt(8, 0), _dt(15, 0)) == 4 * 480


def test_derived_calendar_inherits_days_and_base_exceptions() -> None:
    base = standard_calendar("std")
    base = Calendar(
        base.id, base.name, base.week, (CalendarException(date(2024, 1, 10), date(2024, 1, 10)),)
    )
    saturday_worker = Calendar(
        "res",
        "Resource",
        week=((),) * 5 + (((480, 720),), ()),
        base_calendar_id="std",
        inherits=(True,) * 5 + (False, True),
    )
    cal = _compiled(base, saturday_worker, which="res")
    # Monday-Friday from the base (with its Wednesday holiday), plus Saturday mornings.
    assert cal.working_time_between(_dt(8, 0), _dt(15, 0)) == 4 * 480 + 240
    own_override = Calendar(
        "res2",
        "Resource 2",
        week=((),) * 7,
        exceptions=(CalendarException(date(2024, 1, 10), date(2024, 1, 10), ((480, 600),)),),
        base_calendar_id="std",
        inherits=(True,) * 7,
    )
    cal2 = _compiled(base, own_override, which="res2")
    assert cal2.working_time_between(_dt(10, 0), _dt(11, 0)) == 120


def test_calendar_without_working_time_is_an_error_naming_it() -> None:
    with pytest.raises(CalendarError, match="'idle' has no working time"):
        _compiled(Calendar("idle", "Idle", ((),) * 7))


def test_unknown_base_calendar_is_an_error_naming_both() -> None:
    with pytest.raises(CalendarError, match="'child' names unknown base calendar 'nope'"):
        _compiled(Calendar("child", "Child", ((),) * 7, base_calendar_id="nope"))


def test_invalid_working_period_is_rejected() -> None:
    with pytest.raises(CalendarError, match="invalid working period 600-480"):
        _compiled(Calendar("bad", "Bad", (((600, 480),),) * 7))
