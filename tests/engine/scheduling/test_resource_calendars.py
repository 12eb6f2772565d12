"""Task calendars meet resource calendars: the task works only when both do (MS Project)."""

from __future__ import annotations

from datetime import date

import pytest

from tandem.engine.scheduling import (
    Assignment,
    Calendar,
    CalendarError,
    Resource,
    compile_calendars,
    schedule_project,
    standard_calendar,
)

from .helpers import DAY, MONDAY, at, project, task

# Mornings only (08:00-12:00) and afternoons 10:00-18:00, Monday to Friday.
MORNINGS = Calendar("am", "Mornings", tuple([((480, 720),)] * 5 + [(), ()]))
LATE = Calendar("late", "Late", tuple([((600, 1080),)] * 5 + [(), ()]))
NIGHTS = Calendar("night", "Nights", tuple([((1320, 1440),)] * 5 + [(), ()]))
CALENDARS = (standard_calendar("std"), MORNINGS, LATE, NIGHTS)


def test_intersection_keeps_only_common_working_time() -> None:
    cals = compile_calendars(CALENDARS, date(2024, 1, 8))
    both = cals.intersection(("am", "late"))
    monday = cals.get("std").from_datetime(MONDAY)
    start = both.start_at(both.index(monday))
    assert cals.get("std").to_datetime(start) == at(8, 10)
    assert cals.get("std").to_datetime(both.finish_at(both.index(start) + 120)) == at(8, 12)
    # Two hours a day: the third hour is Tuesday 10:00-11:00.
    assert cals.get("std").to_datetime(both.finish_at(both.index(start) + 180)) == at(9, 11)
    assert cals.intersection(("late", "am")) is both
    assert cals.intersection(("am",)) is cals.get("am")


def test_calendars_without_common_working_time_are_an_error_naming_them() -> None:
    cals = compile_calendars(CALENDARS, date(2024, 1, 8))
    with pytest.raises(CalendarError, match="am&night"):
        cals.intersection(("am", "night"))


def _project(ignore: bool):  # type: ignore[no-untyped-def]
    tasks = [task("T", DAY // 2, calendar_id="late", ignore_resource_calendar=ignore)]
    return project(
        tasks,
        calendars=CALENDARS,
        resources=(Resource("R", "Morning crew", calendar_id="am"),),
        assignments=(Assignment("T", "R"),),
    )


def test_task_with_its_own_calendar_works_when_its_resources_also_work() -> None:
    entry = schedule_project(_project(ignore=False)).tasks["T"]
    assert (entry.start, entry.finish) == (at(8, 10), at(9, 12))


def test_ignoring_resource_calendars_uses_the_task_calendar_alone() -> None:
    entry = schedule_project(_project(ignore=True)).tasks["T"]
    assert (entry.start, entry.finish) == (at(8, 10), at(8, 14))
