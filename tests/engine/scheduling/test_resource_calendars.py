"""Resources in scheduling: a task works only when its calendar and its resources' both do (MS
Project), and an effort-driven task lasts as long as its longest assignment's work at its units."""

from __future__ import annotations

from datetime import date

import pytest

from tandem.engine.scheduling import (
    Assignment,
    Calendar,
    CalendarError,
    IncrementalScheduler,
    Resource,
    SchedulingError,
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


def test_duration_from_work_is_the_longest_assignment_at_its_units() -> None:
    tasks = [
        task("T", DAY, duration_from_work=True),
        task("U", DAY, duration_from_work=True),  # no work assignment: keeps its duration
        task("V", DAY),  # not effort-driven: work is ignored
    ]
    crew = (Resource("R", "Crew"), Resource("Q", "Crane"), Resource("M", "Sand", kind="material"))
    assignments = (
        Assignment("T", "R", units=0.5, work_minutes=DAY),  # 2 days at half time
        Assignment("T", "Q", units=1.0, work_minutes=DAY),
        Assignment("T", "M", units=1.0, work_minutes=10 * DAY),  # material: no duration
        Assignment("V", "R", units=0.25, work_minutes=DAY),
    )
    s = schedule_project(project(tasks, resources=crew, assignments=assignments))
    assert s.tasks["T"].duration_minutes == 2 * DAY
    assert s.tasks["T"].finish == at(9, 17)
    assert s.tasks["U"].duration_minutes == DAY
    assert s.tasks["V"].duration_minutes == DAY


def test_incremental_duration_change_is_refused_when_work_sets_it() -> None:
    tasks = [task("T", DAY, duration_from_work=True)]
    p = project(
        tasks,
        resources=(Resource("R", "Crew"),),
        assignments=(Assignment("T", "R", work_minutes=DAY),),
    )
    with pytest.raises(SchedulingError, match="duration_from_work"):
        IncrementalScheduler(p).set_duration("T", 2 * DAY)
