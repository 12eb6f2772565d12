"""Duration units and time zones."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from tandem.engine.scheduling import (
    Calendar,
    Duration,
    DurationUnit,
    Link,
    Project,
    ScheduleOptions,
    Task,
    duration_minutes,
    schedule_project,
    standard_calendar,
)

BERLIN = ZoneInfo("Europe/Berlin")


def test_duration_units_follow_the_options() -> None:
    options = ScheduleOptions(minutes_per_day=450, minutes_per_week=2250, days_per_month=21)
    assert duration_minutes(90, DurationUnit.MINUTE, options) == 90
    assert duration_minutes(1.5, DurationUnit.HOUR, options) == 90
    assert duration_minutes(2, DurationUnit.DAY, options) == 900
    assert duration_minutes(1, DurationUnit.WEEK, options) == 2250
    assert duration_minutes(1, DurationUnit.MONTH, options) == 450 * 21


def test_wall_clock_calendar_across_a_dst_change() -> None:
    # Clocks go forward on Sunday 31 March 2024 in Berlin; working hours stay 08:00-17:00.
    always = Calendar("all", "All days", (((480, 720), (780, 1020)),) * 7)
    tasks = (Task("A", duration=Duration(3 * 480)), Task("B", duration=Duration(480)))
    project = Project(
        name="dst",
        start=datetime(2024, 3, 30, 8, tzinfo=BERLIN),
        calendar_id="all",
        calendars=(always, standard_calendar("std")),
        tasks=tasks,
        links=(Link("A", "B"),),
        timezone="Europe/Berlin",
    )
    s = schedule_project(project)
    assert s.tasks["A"].finish == datetime(2024, 4, 1, 17, tzinfo=BERLIN)
    assert s.tasks["B"].start == datetime(2024, 4, 2, 8, tzinfo=BERLIN)
    assert s.tasks["A"].finish.utcoffset() != s.tasks["A"].start.utcoffset()


def test_start_given_in_another_zone_is_converted() -> None:
    project = Project(
        name="zone",
        start=datetime(2024, 1, 8, 7, tzinfo=ZoneInfo("UTC")),
        calendar_id="std",
        calendars=(standard_calendar("std"),),
        tasks=(Task("A", duration=Duration(480)),),
        timezone="Europe/Berlin",
    )
    assert schedule_project(project).tasks["A"].start == datetime(2024, 1, 8, 8, tzinfo=BERLIN)
