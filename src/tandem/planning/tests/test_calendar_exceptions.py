"""Stored calendar exceptions as the planning code and the engine read them: MS Project's
recurrence patterns field for field, ranges, working exceptions, and which wins on a shared day."""

import datetime as dt
from decimal import Decimal

import pytest

from tandem.engine.scheduling import model as engine
from tandem.planning.actions import do_update_plan_settings
from tandem.planning.calendar import calendar_view, engine_exception
from tandem.planning.scheduling import compute_schedule
from tandem.resources.calendar_actions import do_add_calendar_exception, do_create_calendar
from tandem.resources.models import CalendarException, default_week
from tandem.testing.factories_planning import make_task

D = dt.date


@pytest.fixture
def office(world):
    return do_create_calendar(acting_user=world.admin, name="Office", working_hours=default_week())


def _add(world, calendar, **fields):
    return do_add_calendar_exception(calendar, acting_user=world.admin, **fields)


def test_patterns_map_field_for_field():
    last_friday = CalendarException(
        start=D(2026, 1, 1), repeat="monthly", week_of_month=-1, weekdays=[5], occurrences=6
    )
    assert engine_exception(last_friday) == engine.CalendarException(
        start=D(2026, 1, 1),
        end=D.max,
        recurrence=engine.Recurrence(
            frequency="monthly",
            start=D(2026, 1, 1),
            occurrences=6,
            weekdays=(4,),
            week_of_month=-1,
        ),
    )
    christmas = CalendarException(start=D(2026, 12, 25), repeat="yearly", name="Christmas")
    assert engine_exception(christmas).recurrence == engine.Recurrence(
        frequency="yearly", start=D(2026, 12, 25), day_of_month=25, month=12
    )
    shutdown = CalendarException(start=D(2026, 12, 28), end=D(2026, 12, 31), name="Shutdown")
    assert engine_exception(shutdown) == engine.CalendarException(
        start=D(2026, 12, 28), end=D(2026, 12, 31), name="Shutdown"
    )


def test_working_days_follow_every_kind_of_exception(world, office):
    _add(world, office, start=D(2026, 12, 25), repeat="yearly", name="Christmas")
    _add(world, office, start=D(2026, 8, 3), end=D(2026, 8, 14), name="Summer closure")
    _add(world, office, start=D(2026, 1, 1), repeat="monthly", week_of_month=-1, weekdays=[5])
    _add(world, office, start=D(2026, 3, 2), repeat="weekly", interval=2, occurrences=3)
    _add(world, office, start=D(2026, 10, 3), working_times=[["09:00", "13:00"]], name="Sat")
    calendar = calendar_view(office, Decimal(8))
    off = [
        D(2028, 12, 25),  # a Monday, Christmas two years on
        D(2026, 8, 10),  # inside the closure
        D(2026, 5, 29),  # last Friday of May
        D(2026, 3, 16),  # every other Monday from 2 March: 2, 16, 30 March
        D(2026, 3, 30),
    ]
    on = [
        D(2026, 8, 17),  # the Monday after the closure
        D(2026, 5, 22),  # a Friday that is not the last
        D(2026, 3, 9),  # the Monday in between
        D(2026, 4, 13),  # after the third occurrence
        D(2026, 10, 3),  # a Saturday made a working morning
    ]
    assert [calendar.is_working_day(d) for d in off] == [False] * 5
    assert [calendar.is_working_day(d) for d in on] == [True] * 5
    assert calendar.periods_on(D(2026, 10, 3)) == ((540, 780),)
    assert calendar.holidays >= {D(2026, 8, 3), D(2026, 8, 14)}
    assert D(2026, 12, 25) not in calendar.holidays  # repeating ones are not listed
    assert calendar.non_working_days(D(2026, 12, 24), D(2026, 12, 28)) == [
        D(2026, 12, 25),
        D(2026, 12, 26),
        D(2026, 12, 27),
    ]


def test_a_dated_exception_wins_over_a_repeating_one(world, office):
    _add(world, office, start=D(2026, 1, 1), repeat="weekly", weekdays=[6], name="Weekend")
    _add(world, office, start=D(2026, 2, 7), working_times=[["10:00", "12:00"]], name="Stocktake")
    calendar = calendar_view(office, Decimal(8))
    assert calendar.periods_on(D(2026, 2, 7)) == ((600, 720),)
    assert calendar.periods_on(D(2026, 2, 14)) == ()


def test_scheduling_skips_a_yearly_holiday(world, office):
    _add(world, office, start=D(2020, 1, 6), repeat="yearly", name="Epiphany")
    do_update_plan_settings(
        world.project, acting_user=world.manager, version=1, changes={"calendar": office}
    )
    task = make_task(world.project, "Five days", estimate=5)
    row = next(r for r in compute_schedule(world.project).rows if r.task.pk == task.pk)
    # Monday 5 January 2026, Tuesday 6 off, so the fifth day is Monday 12
    assert (row.start, row.finish) == (D(2026, 1, 5), D(2026, 1, 12))


pytestmark = pytest.mark.django_db
