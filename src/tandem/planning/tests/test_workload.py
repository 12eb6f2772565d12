"""Workload: load per person and period against their calendar's capacity."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from tandem.core.errors import ValidationFailed
from tandem.planning import actions
from tandem.planning.workload import organization_workload, project_workload
from tandem.resources.models import CalendarException
from tandem.testing.factories import make_project
from tandem.testing.factories_planning import make_task

pytestmark = pytest.mark.django_db

MONDAY = dt.date(2026, 1, 5)  # the test project's start


def _two_overlapping_tasks(world):
    build = make_task(world.project, "Build", estimate=Decimal(3), assignee_ids=[world.member.pk])
    test = make_task(world.project, "Test", estimate=Decimal(2), assignee_ids=[world.member.pk])
    return build, test


def test_a_person_on_two_overlapping_tasks_is_at_200_percent(world) -> None:
    # Given the member full time on a 3-day and a 2-day task, both from Monday
    build, test = _two_overlapping_tasks(world)

    # When the manager reads the project's workload by day
    load = project_workload(world.manager, world.project.pk, "day", MONDAY)

    # Then Monday and Tuesday are at 200 %, over-allocated by both tasks; Wednesday at 100 %
    row = load.row(f"person-{world.member.pk}")
    assert row is not None
    monday, tuesday, wednesday, thursday = row.cells[:4]
    assert (monday.load_pct, tuesday.load_pct, wednesday.load_pct) == (200.0, 200.0, 100.0)
    assert (monday.over, tuesday.over, wednesday.over) == (True, True, False)
    assert monday.task_ids == (build.pk, test.pk)
    assert wednesday.task_ids == ()
    assert thursday.load_pct == 0.0
    assert monday.work_hours == 16.0
    assert monday.capacity_hours == 8.0
    assert row.over_periods == 2


def test_weeks_sum_the_days_and_flag_the_week(world) -> None:
    build, test = _two_overlapping_tasks(world)

    load = project_workload(world.manager, world.project.pk, "week", MONDAY)

    row = load.row(f"person-{world.member.pk}")
    assert row is not None
    week = row.cells[0]
    # 5 days of work booked in a 5-day week, but two days at 200 %
    assert week.work_hours == 40.0
    assert week.capacity_hours == 40.0
    assert week.load_pct == 100.0
    assert week.peak_pct == 200.0
    assert week.over is True
    assert week.task_ids == (build.pk, test.pk)
    assert load.periods[0].start == MONDAY
    assert load.periods[0].end == MONDAY + dt.timedelta(days=6)


def test_a_day_off_has_no_capacity_and_the_work_there_is_not_counted(world) -> None:
    # Given the member is off on Tuesday (the scheduler moves the task past it)
    CalendarException.objects.create(person=world.member, start=MONDAY + dt.timedelta(days=1))
    make_task(world.project, "Build", estimate=Decimal(2), assignee_ids=[world.member.pk])

    load = project_workload(world.manager, world.project.pk, "day", MONDAY)

    row = load.row(f"person-{world.member.pk}")
    assert row is not None
    assert [c.capacity_hours for c in row.cells[:3]] == [8.0, 0.0, 8.0]
    assert [c.load_pct for c in row.cells[:3]] == [100.0, None, 100.0]
    assert row.over_periods == 0


def test_the_organization_view_shows_only_the_viewers_projects(world) -> None:
    # Given a second project the member is not in, with its own over-allocated person
    other = make_project(world.admin, manager=world.manager, code="SECRET", start_date=MONDAY)
    actions.do_create_task(
        other, acting_user=world.manager, name="Hidden", estimate=Decimal(2),
        assignee_ids=[world.manager.pk],
    )  # fmt: skip
    _two_overlapping_tasks(world)

    seen_by_member = organization_workload(world.member, "week", MONDAY)
    seen_by_manager = organization_workload(world.manager, "week", MONDAY)

    assert set(seen_by_member.projects.values()) == {"ACME"}
    assert [t.name for t in seen_by_member.tasks.values()] == ["Build", "Test"]
    assert set(seen_by_manager.projects.values()) == {"ACME", "SECRET"}
    assert "Hidden" in [t.name for t in seen_by_manager.tasks.values()]


def test_an_unknown_scale_is_refused_naming_the_field(world) -> None:
    with pytest.raises(ValidationFailed) as refused:
        project_workload(world.manager, world.project.pk, "fortnight", MONDAY)
    assert "scale" in refused.value.fields


def test_a_date_out_of_range_is_refused_naming_the_field(world) -> None:
    with pytest.raises(ValidationFailed) as refused:
        project_workload(world.manager, world.project.pk, "month", dt.date(9999, 12, 31))
    assert "start" in refused.value.fields
