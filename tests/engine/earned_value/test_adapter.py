"""Earned-value inputs from the scheduling model (baseline dates on working calendars)."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tandem.engine.earned_value import (
    EarnedValueError,
    compute_earned_schedule,
    earned_value_from_items,
    earned_value_items_from_project,
    planned_value_curve,
    working_day_calendar,
)
from tandem.engine.scheduling import (
    Baseline,
    BaselineEntry,
    Duration,
    Link,
    Project,
    Task,
    schedule_project,
    standard_calendar,
)

ZONE = ZoneInfo("America/New_York")


def at(day, hour):
    return datetime(2026, 3, day, hour, tzinfo=ZONE)


def project():
    # Monday 2 March 2026: "a" is baselined Mon-Tue, "b" Wed-Fri (standard 8-12, 13-17 days).
    baseline = Baseline(
        0,
        "plan",
        {
            "a": BaselineEntry(at(2, 8), at(3, 17), 960),
            "b": BaselineEntry(at(4, 8), at(6, 17), 1440),
        },
    )
    return Project(
        name="fence",
        start=at(2, 8),
        calendar_id="standard",
        calendars=(standard_calendar(),),
        tasks=(
            Task("phase"),
            Task("a", duration=Duration(960), parent_id="phase", percent_complete=100),
            Task("b", duration=Duration(1440), parent_id="phase", percent_complete=25),
        ),
        links=(Link("a", "b"),),
        baselines=(baseline,),
        timezone="America/New_York",
    )


def test_planned_percent_follows_working_time():
    items = earned_value_items_from_project(
        project(), {"a": 1000, "b": 3000}, {"a": 1100, "b": 900}, at(4, 12)
    )
    by_id = {i.id: i for i in items}
    assert by_id["a"].planned_percent == 100.0
    # Wednesday 08:00-12:00 is 4 of b's 24 working hours.
    assert by_id["b"].planned_percent == pytest.approx(100 * 4 / 24)
    m = earned_value_from_items(items)
    assert m.pv == pytest.approx(1000 + 500)
    assert m.ev == pytest.approx(1000 + 750)
    assert m.ac == 2000


def test_non_working_time_does_not_accrue_value():
    p = project()
    lunch = earned_value_items_from_project(p, {"a": 1000}, {}, at(2, 12))
    after_lunch = earned_value_items_from_project(p, {"a": 1000}, {}, at(2, 13))
    assert lunch[0].planned_percent == after_lunch[0].planned_percent == 25.0


def test_planned_value_curve_feeds_earned_schedule():
    days = [date(2026, 3, 2) + timedelta(days=k) for k in range(5)]
    ends = [datetime(d.year, d.month, d.day, 17, tzinfo=ZONE) for d in days]
    curve = planned_value_curve(project(), {"a": 1000, "b": 3000}, ends)
    assert curve == pytest.approx([500, 1000, 2000, 3000, 4000])
    # EV 1750 at the end of Wednesday (period 3): the plan reached 1750 at 2.75 periods.
    es = compute_earned_schedule(curve, 1750.0, 3.0, calendar=working_day_calendar(days[0]))
    assert es.es == pytest.approx(2.75)
    assert es.ieac_t == pytest.approx(5 / (2.75 / 3))
    assert es.forecast_finish_period == 6
    assert es.forecast_finish == date(2026, 3, 9)  # the sixth working day
    with pytest.raises(EarnedValueError, match="period 6 is needed"):
        compute_earned_schedule(curve, 1750.0, 3.0, calendar=days)


def test_planned_dates_from_a_schedule():
    p = project()
    schedule = schedule_project(p)
    from_schedule = earned_value_items_from_project(
        p, {"b": 3000}, {}, at(5, 17), baseline_number=None, schedule=schedule
    )
    from_baseline = earned_value_items_from_project(p, {"b": 3000}, {}, at(5, 17))
    assert from_schedule[0].planned_percent == pytest.approx(from_baseline[0].planned_percent)


def test_errors_name_the_problem():
    p = project()
    with pytest.raises(EarnedValueError, match="summary task 'phase'"):
        earned_value_items_from_project(p, {"phase": 10}, {}, at(3, 8))
    with pytest.raises(EarnedValueError, match="unknown task 'x'"):
        earned_value_items_from_project(p, {"a": 10}, {"x": 1}, at(3, 8))
    with pytest.raises(EarnedValueError, match="no baseline 3"):
        earned_value_items_from_project(p, {"a": 10}, {}, at(3, 8), baseline_number=3)
