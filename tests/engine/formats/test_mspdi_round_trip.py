"""Writing an MSPDI file and reading it back loses nothing the model holds."""

from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from conftest import benchdata_dir

from tandem.engine.formats import load_mspdi, read_mspdi, write_mspdi
from tandem.engine.scheduling import (
    Assignment,
    Baseline,
    BaselineEntry,
    Calendar,
    CalendarException,
    ConstraintType,
    Duration,
    DurationUnit,
    Lag,
    LagCalendar,
    Link,
    LinkType,
    Project,
    Recurrence,
    Resource,
    Schedule,
    ScheduleOptions,
    Task,
    TaskSchedule,
)

ZONE = ZoneInfo("Europe/Berlin")
MSPDI_FILES = sorted((benchdata_dir() / "mspdi").rglob("*.xml"))


def _at(day: int, hour: int = 8) -> datetime:
    return datetime(2024, 3, day, hour, tzinfo=ZONE)


def _sample_project() -> Project:
    week = ((), *[((480, 720), (780, 1020))] * 4, ((480, 720),), ())
    week = (*week[1:], week[0])  # Monday first: Mon-Thu full, Fri morning, weekend off
    standard = Calendar(
        id="1",
        name="Standard",
        week=week,
        exceptions=(
            CalendarException(date(2024, 3, 29), date(2024, 4, 1), (), "Easter"),
            CalendarException(
                date(2024, 1, 1),
                date(2024, 12, 31),
                ((600, 720),),
                "short first Mondays",
                Recurrence(
                    frequency="monthly",
                    start=date(2024, 1, 1),
                    end=date(2024, 12, 31),
                    weekdays=(0,),
                    week_of_month=1,
                ),
            ),
            CalendarException(
                date(2024, 1, 1),
                date(2030, 1, 1),
                (),
                "new year",
                Recurrence(
                    frequency="yearly",
                    start=date(2024, 1, 1),
                    end=date(2030, 1, 1),
                    day_of_month=1,
                    month=1,
                    occurrences=7,
                ),
            ),
        ),
    )
    night = Calendar(
        id="2",
        name="Night",
        week=((), (), (), (), (), ((1320, 1440),), ()),
        base_calendar_id="1",
        inherits=(True, True, True, True, True, False, True),
    )
    tasks = (
        Task(
            id="1",
            name="Build",
            outline_level=1,
            wbs="1",
            duration=Duration(2400, DurationUnit.WEEK),
        ),
        Task(
            id="2",
            name="Dig",
            parent_id="1",
            outline_level=2,
            wbs="1.1",
            duration=Duration(960, DurationUnit.DAY, estimated=True),
            actual_start=_at(4),
            percent_complete=50.0,
            remaining_duration=Duration(480, DurationUnit.DAY),
            constraint=ConstraintType.SNET,
            constraint_date=_at(4),
            calendar_id="2",
            priority=700,
            notes="Dig by hand near the old pipe.\nCall the site office first: <ext. 12> & ask",
        ),
        Task(
            id="3",
            name="Cure",
            parent_id="1",
            outline_level=2,
            wbs="1.2",
            duration=Duration(4320, DurationUnit.DAY, elapsed=True),
            deadline=_at(20, 17),
            do_not_level=True,
            priority=1000,
        ),
        Task(
            id="4",
            name="Done",
            outline_level=1,
            wbs="2",
            milestone=True,
            duration=Duration(0, DurationUnit.DAY),
            constraint=ConstraintType.MFO,
            constraint_date=_at(22, 17),
        ),
    )
    links = (
        Link("2", "3", LinkType.SS, Lag(-480, unit=DurationUnit.DAY, calendar=LagCalendar.PROJECT)),
        Link("3", "4", LinkType.FF, Lag(0, percent=25.0, calendar=LagCalendar.PROJECT)),
        Link(
            "1",
            "4",
            LinkType.SF,
            Lag(2880, elapsed=True, unit=DurationUnit.DAY, calendar=LagCalendar.PROJECT),
        ),
    )
    return Project(
        name="Sample",
        start=_at(4),
        calendar_id="1",
        calendars=(standard, night),
        tasks=tasks,
        links=links,
        resources=(
            Resource("7", "Crane", "work", 2.0, "2", 95.5),
            Resource("8", "Concrete", "material"),
        ),
        assignments=(Assignment("2", "7", 0.5, 480),),
        baselines=(
            Baseline(
                0, "Baseline", {"2": BaselineEntry(_at(4), _at(5, 17), 960)}, _at(4), _at(22, 17)
            ),
        ),
        status_date=_at(6, 17),
        timezone="Europe/Berlin",
        options=ScheduleOptions(
            minutes_per_day=450,
            honor_constraints=False,
            critical_float_minutes=900,
            remaining_after_status_date=False,  # MS Project's default
        ),
    )


def test_written_project_reads_back_equal():
    project = _sample_project()
    assert read_mspdi(write_mspdi(project), timezone="Europe/Berlin") == project


def test_moving_remaining_work_to_the_status_date_travels_as_ms_projects_option():
    project = _sample_project()
    project = replace(project, options=replace(project.options, remaining_after_status_date=True))
    data = write_mspdi(project)
    assert b"<MoveRemainingStartsForward>1</MoveRemainingStartsForward>" in data
    assert read_mspdi(data, timezone="Europe/Berlin") == project


def test_written_schedule_carries_dates_slack_and_critical():
    project = _sample_project()
    entry = TaskSchedule(
        "2", _at(4), _at(5, 17), _at(4), _at(5, 17), _at(6), _at(6, 17), 480, 240, False, 960
    )
    schedule = Schedule(_at(4), _at(22, 17), {"2": entry}, ())
    imported = load_mspdi(write_mspdi(project, schedule), timezone="Europe/Berlin")
    stored = imported.stored["2"]
    assert (stored.start, stored.finish) == (_at(4), _at(5, 17))
    assert (stored.late_start, stored.late_finish) == (_at(6), _at(6, 17))
    assert stored.total_float_minutes == 480
    assert stored.critical is False
    assert imported.project == project


def test_non_numeric_ids_survive_in_a_custom_field():
    project = _sample_project()
    renamed = Project(
        name=project.name,
        start=project.start,
        calendar_id="1",
        calendars=project.calendars,
        tasks=(
            Task(id="A100", name="x", duration=Duration(480), outline_level=1),
            Task(id="0", name="y", parent_id="A100", outline_level=2),
            Task(id="7", name="z", outline_level=1),
        ),
        links=(Link("A100", "7", lag=Lag(calendar=LagCalendar.PROJECT)),),
        assignments=(Assignment("0", "8"),),
        resources=(Resource("8", "Concrete", "material"),),
        timezone=project.timezone,
        options=project.options,
    )
    data = write_mspdi(renamed)
    assert b"<UID>8</UID>" in data  # renumbered after the largest numeric id
    assert b"<Alias>Tandem id</Alias>" in data
    assert read_mspdi(data, timezone="Europe/Berlin") == renamed


@pytest.mark.benchdata
@pytest.mark.parametrize(
    "path", MSPDI_FILES, ids=lambda p: str(Path(p).relative_to(benchdata_dir()))
)
def test_benchdata_file_round_trips(path, benchdata):
    project = read_mspdi(path)
    assert read_mspdi(write_mspdi(project)) == project


@pytest.mark.benchdata
def test_all_mspdi_files_are_round_tripped(benchdata):
    assert len(MSPDI_FILES) == 141


def test_projects_scheduled_from_the_finish_round_trip():
    project = _sample_project()
    backwards = Project(
        name=project.name,
        start=project.start,
        calendar_id=project.calendar_id,
        calendars=project.calendars,
        tasks=project.tasks,
        finish=_at(29, 17),
        timezone=project.timezone,
        options=ScheduleOptions(schedule_from_start=False, remaining_after_status_date=False),
    )
    assert read_mspdi(write_mspdi(backwards), timezone="Europe/Berlin") == backwards
