"""A calendar change moves the dates of the automatically scheduled plans it touches, in the
same transaction, on behalf of whoever changed it; one a plan cannot live with changes nothing.
The project starts on Monday 2026-01-05."""

import datetime as dt

import pytest
from django.test import Client

from tandem.core.errors import ValidationFailed
from tandem.core.models import AuditEvent
from tandem.planning.actions import do_assign, do_update_plan_settings
from tandem.planning.models import Task
from tandem.resources.calendar_actions import (
    do_add_calendar_exception,
    do_add_day_off,
    do_create_calendar,
    do_update_working_hours,
)
from tandem.resources.models import Resource, default_week
from tandem.testing.factories_planning import make_task
from tandem.testing.factories_resources import make_resource

D = dt.date
MON_TO_THU = {str(d): [["09:00", "17:00"]] for d in range(1, 5)}


def _dates(task):
    task = Task.objects.get(pk=task.pk)
    return (task.start_date, task.finish_date)


def test_a_holiday_on_the_project_calendar_moves_the_plan(world):
    office = do_create_calendar(
        acting_user=world.admin, name="Office", working_hours=default_week()
    )
    do_update_plan_settings(
        world.project, acting_user=world.manager, version=1, changes={"calendar": office}
    )
    task = make_task(world.project, "Build", estimate=5)
    assert _dates(task) == (D(2026, 1, 5), D(2026, 1, 9))
    do_add_calendar_exception(office, acting_user=world.admin, start=D(2026, 1, 7), name="Strike")
    assert _dates(task) == (D(2026, 1, 5), D(2026, 1, 12))
    event = AuditEvent.objects.filter(action="plan.rescheduled").latest("id")
    assert (event.actor_id, event.project_id) == (world.admin.pk, world.project.pk)


def test_a_day_off_moves_the_persons_tasks(world):
    task = make_task(world.project, "Review", estimate=3, assignee_ids=[world.member.pk])
    do_add_day_off(world.member, acting_user=world.member, start=D(2026, 1, 5), name="Sick")
    assert _dates(task) == (D(2026, 1, 6), D(2026, 1, 8))


def test_new_working_hours_move_the_persons_tasks(world):
    task = make_task(world.project, "Review", estimate=5, assignee_ids=[world.member.pk])
    do_update_working_hours(
        world.member, acting_user=world.member, version=1, working_hours=MON_TO_THU
    )
    assert _dates(task) == (D(2026, 1, 5), D(2026, 1, 12))


def test_hours_a_plan_cannot_use_are_refused_and_nothing_changes(world):
    task = make_task(world.project, "Review", estimate=2, assignee_ids=[world.member.pk])
    saturdays = {"6": [["09:00", "17:00"]]}
    with pytest.raises(ValidationFailed, match="cannot be scheduled"):
        do_update_working_hours(
            world.member, acting_user=world.member, version=1, working_hours=saturdays
        )
    world.member.refresh_from_db()
    assert (world.member.working_hours, world.member.version) == (default_week(), 1)
    assert _dates(task) == (D(2026, 1, 5), D(2026, 1, 6))


def test_giving_equipment_a_calendar_on_its_page_moves_its_tasks(world):
    crane = make_resource(world.admin, "Crane")
    task = make_task(world.project, "Lift", estimate=2)
    do_assign(task, acting_user=world.manager, resource=crane)
    tuesday_to_friday = do_create_calendar(
        acting_user=world.admin,
        name="Tuesday to Friday",
        working_hours={str(d): [["09:00", "17:00"]] for d in range(2, 6)},
    )
    client = Client()
    client.force_login(world.admin)
    response = client.post(
        f"/resources/{crane.pk}/",
        {"version": "1", "name": "Crane", "kind": "equipment", "standard_rate": "50",
         "overtime_rate": "0", "cost_per_use": "0", "currency": "EUR", "max_units": "100",
         "active": "on", "calendar": str(tuesday_to_friday.pk)},
    )  # fmt: skip
    assert response.status_code == 302
    assert Resource.objects.get(pk=crane.pk).calendar_id == tuesday_to_friday.pk
    assert _dates(task) == (D(2026, 1, 6), D(2026, 1, 7))


pytestmark = pytest.mark.django_db
