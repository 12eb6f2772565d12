"""Where the scheduler computes a date differently from MS Project, with the reader ruled out.

Each test names the file, the task, MS Project's value and Tandem's, and the rule suspected to
differ. They are strict xfails for the scheduling-core owner: a fix makes them pass, and strict
mode then asks for the marker to go.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from tandem.engine.formats import load_mspdi
from tandem.engine.scheduling import schedule_project
from tandem.engine.scheduling.calendars import recurrence_dates

pytestmark = pytest.mark.benchdata
UTC = ZoneInfo("UTC")


def _computed(benchdata, relative: str, task_id: str):
    imported = load_mspdi(benchdata / "mspdi" / relative)
    return imported, schedule_project(imported.project).tasks[task_id]


def test_snet_before_project_start_moves_the_task_before_it(benchdata):
    # assignment-flags-project2003, Task 1: SNET 2016-01-04 08:00, project StartDate
    # 2018-10-18 08:00, no predecessors. MS Project: Start 2016-01-04 08:00, Finish
    # 2016-01-15 17:00. Tandem: Start 2018-10-18 08:00. The same rule explains all 20 tasks
    # of assignment-flags 2003/2007, 30 of assignment-text 2002-2007 and the in-progress tasks of
    # assignment-assignments 2002-2007 (their floats are measured against the wrong finish).
    imported, task = _computed(
        benchdata, "generated/assignment-flags/assignment-flags-project2003-mspdi.xml", "1"
    )
    assert imported.project.start == datetime(2018, 10, 18, 8, tzinfo=UTC)
    assert task.start == datetime(2016, 1, 4, 8, tzinfo=UTC)
    assert task.finish == datetime(2016, 1, 15, 17, tzinfo=UTC)


def test_start_to_finish_link_keeps_the_driving_instant_as_finish(benchdata):
    # mspdirelations.xml, Task 5: SF from Task 4 (Start 2006-09-25 08:00, a Monday), lag 0,
    # duration 1 day. MS Project: Start 2006-09-22 08:00, Finish 2006-09-25 08:00.
    # Tandem: Finish 2006-09-22 17:00 (same working minute, different instant).
    _, task = _computed(benchdata, "mspdirelations.xml", "5")
    assert task.start == datetime(2006, 9, 22, 8, tzinfo=UTC)
    assert task.finish == datetime(2006, 9, 25, 8, tzinfo=UTC)


@pytest.mark.xfail(
    strict=True,
    reason="rule not identified: MS Project's late finish of working-time tasks without "
    "successors is 2009-04-21 17:00 while the project finish (set by an elapsed task) is "
    "2009-04-24 08:00",
)
def test_slack_when_an_elapsed_task_sets_the_project_finish(benchdata):
    # mspdiduration.xml, Task 1 (1 minute, working time, no links). MS Project: LateFinish
    # 2009-04-21 17:00, TotalSlack 9599 minutes. Tandem: 10559 minutes (late finish at the
    # project finish 2009-04-24 08:00, set by the 1-elapsed-month Task 10). Tasks 2-4 differ the
    # same way; Task 5 (1 month) gets LateFinish 2009-04-23 17:00 in both.
    _, task = _computed(benchdata, "mspdiduration.xml", "1")
    assert task.total_float_minutes == 9599


RECURRING = sorted(
    ("generated/calendar-recurring-exceptions/" + name)
    for name in (
        "calendar-recurring-exceptions-project2007-mspdi.xml",
        "calendar-recurring-exceptions-project2010-mspdi.xml",
        "calendar-recurring-exceptions-project2013-mspdi.xml",
        "calendar-recurring-exceptions-project2016-mspdi.xml",
    )
)


def _recurring_exceptions(benchdata, relative: str):
    imported = load_mspdi(benchdata / "mspdi" / relative)
    return [e for c in imported.project.calendars for e in c.exceptions if e.recurrence]


@pytest.mark.parametrize("relative", RECURRING)
def test_recurring_exceptions_end_where_ms_project_says(benchdata, relative):
    # MS Project writes each series' last occurrence as the exception's ToDate and the count as
    # Occurrences: expanding what the reader built must give both back.
    checked = 0
    for exception in _recurring_exceptions(benchdata, relative):
        days = recurrence_dates(exception.recurrence, exception.end)
        assert days[-1] == exception.end, exception.name
        assert len(days) == exception.recurrence.occurrences, exception.name
        checked += 1
    assert checked == 26


@pytest.mark.parametrize("relative", RECURRING)
def test_weekly_recurrence_on_sunday_counts_sunday_weeks(benchdata, relative):
    # "Weekly 7 Sunday": every 7 weeks on Sunday from Monday 2001-01-01, 9 occurrences.
    # MS Project: last occurrence 2002-03-17 (first 2001-02-18, since Sunday 2000-12-31 precedes
    # the start). Tandem: first 2001-01-07, last 2002-02-03.
    (exception,) = [
        e for e in _recurring_exceptions(benchdata, relative) if e.name == "Weekly 7 Sunday"
    ]
    days = recurrence_dates(exception.recurrence, exception.end)
    assert days[0] == date(2001, 2, 18)
    assert days[-1] == date(2002, 3, 17)
