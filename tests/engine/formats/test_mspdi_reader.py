"""MSPDI reader: units, links, calendars, hierarchy, progress and errors."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from tandem.engine.formats import load_mspdi, read_mspdi, task_issue_code
from tandem.engine.formats.mspdi_codes import (
    format_iso_duration,
    parse_duration_format,
    parse_iso_duration,
)
from tandem.engine.scheduling import (
    ConstraintType,
    DurationUnit,
    FileFormatError,
    LagCalendar,
    LinkType,
)

UTC = ZoneInfo("UTC")


def _project_xml(tasks: str = "", calendars: str | None = None, header: str = "") -> bytes:
    calendars = (
        calendars
        if calendars is not None
        else """
      <Calendar><UID>1</UID><Name>Standard</Name><IsBaseCalendar>1</IsBaseCalendar>
        <WeekDays>
          <WeekDay><DayType>1</DayType><DayWorking>0</DayWorking></WeekDay>
          <WeekDay><DayType>2</DayType><DayWorking>1</DayWorking><WorkingTimes>
            <WorkingTime><FromTime>08:00:00</FromTime><ToTime>12:00:00</ToTime></WorkingTime>
            <WorkingTime><FromTime>13:00:00</FromTime><ToTime>17:00:00</ToTime></WorkingTime>
          </WorkingTimes></WeekDay>
        </WeekDays></Calendar>"""
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<Project xmlns="http://schemas.microsoft.com/project">
  <Name>t</Name><StartDate>2024-01-01T08:00:00</StartDate><CalendarUID>1</CalendarUID>
  <MinutesPerDay>480</MinutesPerDay>{header}
  <Calendars>{calendars}</Calendars>
  <Tasks>{tasks}</Tasks>
</Project>""".encode()


def test_notes_carry_codes_and_the_ids_they_name():
    tasks = """
      <Task><UID>1</UID><Name>Dig</Name><OutlineLevel>1</OutlineLevel>
        <Duration>PT8H0M0S</Duration><CalendarUID>9</CalendarUID>
        <PredecessorLink><PredecessorUID>7</PredecessorUID><Type>1</Type></PredecessorLink>
      </Task>"""
    imported = load_mspdi(_project_xml(tasks))
    assert [(n.code, dict(n.values)) for n in imported.note_details] == [
        ("task_calendar_unknown", {"task": "1", "calendar": "9"}),
        ("link_to_missing_task", {"predecessor": "7", "successor": "1"}),
    ]
    # the English notes stay as they were, in the same order
    assert [n.text for n in imported.note_details] == list(imported.notes)
    assert imported.notes[0] == "Task UID 1: unknown CalendarUID 9; project calendar used"


def test_task_issue_reasons_have_codes():
    assert task_issue_code("cross-project link") == ("cross_project_link", {})
    assert task_issue_code("activity type TT_Odd") == ("activity_type", {"type": "TT_Odd"})
    assert task_issue_code("something new") == ("", {})


def test_iso_durations_and_formats():
    assert parse_iso_duration("PT8H0M0S") == 480
    assert parse_iso_duration("PT0H1M30S") == 1.5
    assert parse_iso_duration("-PT2H0M0S") == -120
    assert parse_iso_duration("P1DT1H", minutes_per_day=480) == 540
    assert format_iso_duration(-90) == "-PT1H30M0S"
    with pytest.raises(ValueError, match="not an ISO-8601"):
        parse_iso_duration("8h")
    assert parse_duration_format(8, DurationUnit.DAY) == (DurationUnit.DAY, True, False)
    assert parse_duration_format(41, DurationUnit.DAY) == (DurationUnit.WEEK, False, True)
    assert parse_duration_format(53, DurationUnit.HOUR) == (DurationUnit.HOUR, False, True)


def test_tasks_hierarchy_progress_and_constraints():
    tasks = """
      <Task><UID>0</UID><OutlineLevel>0</OutlineLevel><Summary>1</Summary></Task>
      <Task><UID>5</UID><Name>Phase</Name><OutlineLevel>1</OutlineLevel><WBS>1</WBS></Task>
      <Task><UID>6</UID><Name>Dig</Name><OutlineLevel>2</OutlineLevel><WBS>1.1</WBS>
        <Duration>PT16H0M0S</Duration><DurationFormat>39</DurationFormat>
        <ConstraintType>4</ConstraintType><ConstraintDate>2024-01-03T08:00:00</ConstraintDate>
        <ActualStart>2024-01-03T08:00:00</ActualStart><PercentComplete>50</PercentComplete>
        <RemainingDuration>PT8H0M0S</RemainingDuration><Priority>1000</Priority>
        <Deadline>2024-02-01T17:00:00</Deadline><CalendarUID>-1</CalendarUID></Task>
      <Task><UID>7</UID><IsNull>1</IsNull><OutlineLevel>2</OutlineLevel></Task>
      <Task><UID>8</UID><Name>Cure</Name><OutlineLevel>1</OutlineLevel>
        <Duration>PT72H0M0S</Duration><DurationFormat>8</DurationFormat>
        <PredecessorLink><PredecessorUID>6</PredecessorUID><Type>3</Type>
          <LinkLag>-4800</LinkLag><LagFormat>7</LagFormat></PredecessorLink>
        <PredecessorLink><PredecessorUID>5</PredecessorUID><Type>0</Type>
          <LinkLag>25</LinkLag><LagFormat>19</LagFormat></PredecessorLink></Task>"""
    project = read_mspdi(_project_xml(tasks))
    by_id = {task.id: task for task in project.tasks}
    assert list(by_id) == ["5", "6", "8"]
    assert by_id["6"].parent_id == "5"
    assert by_id["8"].parent_id is None
    dig = by_id["6"]
    assert (dig.duration.minutes, dig.duration.unit, dig.duration.estimated) == (
        960,
        DurationUnit.DAY,
        True,
    )
    assert dig.constraint is ConstraintType.SNET
    assert dig.constraint_date == datetime(2024, 1, 3, 8, tzinfo=UTC)
    assert dig.actual_start == datetime(2024, 1, 3, 8, tzinfo=UTC)
    assert dig.remaining_duration is not None
    assert dig.remaining_duration.minutes == 480
    assert dig.percent_complete == 50
    assert dig.do_not_level is True
    assert dig.calendar_id is None
    assert dig.wbs == "1.1"
    assert dig.outline_level == 2
    cure = by_id["8"]
    assert (cure.duration.minutes, cure.duration.elapsed) == (4320, True)
    ss, ff = project.links
    assert (ss.predecessor_id, ss.type, ss.lag.minutes, ss.lag.calendar) == (
        "6",
        LinkType.SS,
        -480,
        LagCalendar.PROJECT,
    )
    assert (ff.type, ff.lag.percent, ff.lag.minutes) == (LinkType.FF, 25.0, 0)


def test_recurring_and_legacy_exceptions_and_derived_calendars():
    calendars = """
      <Calendar><UID>1</UID><Name>Standard</Name><IsBaseCalendar>1</IsBaseCalendar>
        <WeekDays><WeekDay><DayType>2</DayType><DayWorking>1</DayWorking><WorkingTimes>
          <WorkingTime><FromTime>22:00:00</FromTime><ToTime>00:00:00</ToTime></WorkingTime>
        </WorkingTimes></WeekDay></WeekDays>
        <Exceptions>
          <Exception><TimePeriod><FromDate>2024-01-01T00:00:00</FromDate>
            <ToDate>2024-03-04T23:59:00</ToDate></TimePeriod><Occurrences>3</Occurrences>
            <Name>first Monday</Name><Type>5</Type><Period>1</Period><MonthItem>4</MonthItem>
            <MonthPosition>0</MonthPosition><DayWorking>0</DayWorking></Exception>
          <Exception><TimePeriod><FromDate>2024-01-01T00:00:00</FromDate>
            <ToDate>2024-01-29T23:59:00</ToDate></TimePeriod><Type>6</Type><Period>2</Period>
            <DaysOfWeek>34</DaysOfWeek><DayWorking>0</DayWorking></Exception>
          <Exception><TimePeriod><FromDate>2024-12-25T00:00:00</FromDate>
            <ToDate>2024-12-26T23:59:00</ToDate></TimePeriod><Type>1</Type><DayWorking>0</DayWorking>
            <Name>Christmas</Name></Exception>
        </Exceptions></Calendar>
      <Calendar><UID>2</UID><Name>Night</Name><IsBaseCalendar>0</IsBaseCalendar>
        <BaseCalendarUID>1</BaseCalendarUID>
        <WeekDays><WeekDay><DayType>7</DayType><DayWorking>1</DayWorking><WorkingTimes>
          <WorkingTime><FromTime>09:00:00</FromTime><ToTime>11:00:00</ToTime></WorkingTime>
          </WorkingTimes></WeekDay>
          <WeekDay><DayType>0</DayType><DayWorking>0</DayWorking><TimePeriod>
            <FromDate>2024-05-01T00:00:00</FromDate><ToDate>2024-05-02T23:59:00</ToDate>
          </TimePeriod></WeekDay></WeekDays></Calendar>"""
    project = read_mspdi(_project_xml(calendars=calendars))
    standard, night = project.calendars
    assert standard.week[0] == ((1320, 1440),)
    monthly, weekly, christmas = standard.exceptions
    assert monthly.recurrence is not None
    assert (monthly.recurrence.frequency, monthly.recurrence.weekdays) == ("monthly", (0,))
    assert (monthly.recurrence.week_of_month, monthly.recurrence.occurrences) == (1, 3)
    assert weekly.recurrence is not None
    assert (weekly.recurrence.weekdays, weekly.recurrence.interval) == ((0, 4), 2)
    assert (christmas.start, christmas.end, christmas.recurrence) == (
        date(2024, 12, 25),
        date(2024, 12, 26),
        None,
    )
    assert night.base_calendar_id == "1"
    assert night.inherits == (True, True, True, True, True, False, True)
    assert night.week[5] == ((540, 660),)
    assert night.exceptions[0].start == date(2024, 5, 1)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"<Project><Name>x</Project>", r"<bytes>:1: not well-formed XML"),
        (b"<Schedule/>", "not an MSPDI"),
        (
            _project_xml("<Task><UID>3</UID><Duration>8 days</Duration></Task>"),
            "Task UID 3: <Duration>",
        ),
        (
            _project_xml("<Task><UID>3</UID><ConstraintType>9</ConstraintType></Task>"),
            "Task UID 3: unknown <ConstraintType> 9",
        ),
        (
            _project_xml("<Task><UID>3</UID><ConstraintType>2</ConstraintType></Task>"),
            "MSO without <ConstraintDate>",
        ),
        (_project_xml("<Task><Name>no uid</Name></Task>"), r"Task #1: task without <UID>"),
        (_project_xml(calendars=""), "defines no calendar"),
        (
            b'<!DOCTYPE x [<!ENTITY a "aaaa">]><Project>&a;</Project>',
            "refused XML construct",
        ),
    ],
)
def test_malformed_files_raise_file_format_error(data, message):
    with pytest.raises(FileFormatError, match=message):
        read_mspdi(data)


def test_missing_file_is_a_file_format_error(tmp_path):
    with pytest.raises(FileFormatError, match="cannot read file"):
        read_mspdi(tmp_path / "absent.xml")


@pytest.mark.benchdata
def test_reads_links_and_lag_formats_from_ms_project_file(benchdata):
    imported = load_mspdi(benchdata / "mspdi/generated/task-links/task-links-project2013-mspdi.xml")
    lags = {(link.predecessor_id, link.successor_id): link for link in imported.project.links}
    assert lags[("7", "8")].lag.minutes == 2400
    assert lags[("7", "8")].lag.unit is DurationUnit.WEEK
    assert lags[("15", "16")].type is LinkType.FF
    assert imported.stored["10"].finish == datetime(2014, 11, 3, 17, tzinfo=UTC)
    assert imported.out_of_scope == ()


@pytest.mark.benchdata
def test_split_tasks_are_reported_out_of_scope(benchdata):
    imported = load_mspdi(benchdata / "mspdi/mspdisplittask.xml")
    assert imported.out_of_scope == ("split task",)
    assert imported.task_issues == {"1": ("split task",), "2": ("split task",)}
    assert task_issue_code("split task") == ("split_task", {})


@pytest.mark.benchdata
def test_manually_scheduled_tasks_keep_their_manual_start(benchdata):
    path = "mspdi/generated/task-links/task-links-project2016-mspdi.xml"
    imported = load_mspdi(benchdata / path)
    tasks = {task.id: task for task in imported.project.tasks}
    assert tasks["2"].manual is True
    assert tasks["2"].manual_start == datetime(2016, 2, 9, 8, tzinfo=UTC)
    assert tasks["2"].duration.estimated is True
    assert imported.out_of_scope == ()
