"""Assigned people's and resources' calendars narrow a task's working time (project calendar
intersected with theirs); the project starts on Monday 2026-01-05 on Monday-Friday 09:00-17:00."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tandem.accounts.actions import do_update_person
from tandem.core.errors import ValidationFailed
from tandem.planning.actions import do_assign, do_update_plan_settings
from tandem.planning.scheduling import compute_schedule, engine_project
from tandem.projects.actions import do_add_member
from tandem.resources.calendar_actions import (
    do_add_calendar_exception,
    do_add_day_off,
    do_create_calendar,
)
from tandem.resources.models import default_week
from tandem.testing.factories import make_user
from tandem.testing.factories_planning import make_task
from tandem.testing.factories_resources import make_resource

D = dt.date
MON_TO_THU = {str(d): [["09:00", "17:00"]] for d in range(1, 5)}


def _dates(project, *tasks):
    rows = {r.task.pk: (r.start, r.finish) for r in compute_schedule(project).rows}
    return [rows[t.pk] for t in tasks]


def _hours(person, hours, **more):
    return do_update_person(
        person,
        acting_user=person,
        version=person.version,
        changes={"working_hours": hours, **more},
    )


def test_person_not_working_fridays_finishes_later_than_the_same_task_unassigned(world):
    # given a five-day task for someone working Monday to Thursday, and the same task unassigned
    _hours(world.member, MON_TO_THU)
    alone = make_task(world.project, "Unassigned", estimate=5)
    staffed = make_task(world.project, "Staffed", estimate=5, assignee_ids=[world.member.pk])
    # then the unassigned one ends on Friday, the staffed one skips Friday and ends on Monday
    assert _dates(world.project, alone, staffed) == [
        (D(2026, 1, 5), D(2026, 1, 9)),
        (D(2026, 1, 5), D(2026, 1, 12)),
    ]


def test_days_off_push_the_finish_and_a_repeating_one_every_week(world):
    # given a day off on Wednesday 7 January for the member, every Friday off for the coordinator
    do_add_day_off(world.member, acting_user=world.member, start=D(2026, 1, 7), name="Dentist")
    do_add_day_off(
        world.coordinator,
        acting_user=world.coordinator,
        start=D(2026, 1, 9),
        repeat="weekly",
        name="Part time",
    )
    one = make_task(world.project, "One", estimate=5, assignee_ids=[world.member.pk])
    two = make_task(world.project, "Two", estimate=10, assignee_ids=[world.coordinator.pk])
    # then one works Mon, Tue, Thu, Fri, Mon; two works four days a week for ten days
    assert _dates(world.project, one, two) == [
        (D(2026, 1, 5), D(2026, 1, 12)),
        (D(2026, 1, 5), D(2026, 1, 20)),
    ]


def test_split_shift_narrower_than_the_project_day_takes_more_days(world):
    # given a member working 09:00-12:00 and 13:00-17:00 (7 h) on an 8-hour project day
    _hours(world.member, {str(d): [["09:00", "12:00"], ["13:00", "17:00"]] for d in range(1, 6)})
    task = make_task(world.project, "Review", estimate=2, assignee_ids=[world.member.pk])
    # then 16 hours take three days (7 + 7 + 2)
    assert _dates(world.project, task) == [(D(2026, 1, 5), D(2026, 1, 7))]


def test_people_on_the_usual_hours_add_no_calendar(world):
    # given people whose hours cover the project's, without days off
    make_task(world.project, "A", estimate=3, assignee_ids=[world.member.pk, world.coordinator.pk])
    eproject, _ = engine_project(world.project)
    # then the engine gets the project calendar only, and no resources to intersect with
    assert [c.id for c in eproject.calendars] == ["project"]
    assert (eproject.resources, eproject.assignments) == ((), ())


def test_a_task_shared_with_a_narrowing_person_gets_all_its_assignments(world):
    _hours(world.member, MON_TO_THU)
    shared = make_task(
        world.project, "Shared", estimate=2, assignee_ids=[world.member.pk, world.coordinator.pk]
    )
    make_task(world.project, "Alone", estimate=2, assignee_ids=[world.coordinator.pk])
    eproject, _ = engine_project(world.project)
    # the coordinator's other task is left out; the shared one keeps both people (the engine
    # then sees two calendars and keeps the project's, its rule for resources that differ)
    assert [(a.task_id, a.resource_id, a.units) for a in eproject.assignments] == [
        (str(shared.pk), f"person {world.member.pk}", 1.0),
        (str(shared.pk), f"person {world.coordinator.pk}", 1.0),
    ]
    assert [(r.id, r.calendar_id) for r in eproject.resources] == [
        (f"person {world.coordinator.pk}", None),
        (f"person {world.member.pk}", "working hours 1: member"),
    ]


def test_people_with_the_same_hours_share_one_calendar(world):
    _hours(world.member, MON_TO_THU)
    _hours(world.coordinator, MON_TO_THU)
    make_task(world.project, "A", estimate=3, assignee_ids=[world.member.pk, world.coordinator.pk])
    eproject, _ = engine_project(world.project)
    assert [c.id for c in eproject.calendars] == ["project", "working hours 1: coordinator, member"]
    assert {r.calendar_id for r in eproject.resources} == {"working hours 1: coordinator, member"}


def test_equipment_works_on_its_calendar(world):
    # given a crane available Monday to Wednesday, with a holiday on Tuesday 6 January
    three_days = do_create_calendar(
        acting_user=world.admin,
        name="Crane hire",
        working_hours={str(d): [["09:00", "17:00"]] for d in range(1, 4)},
    )
    do_add_calendar_exception(three_days, acting_user=world.admin, start=D(2026, 1, 6))
    crane = make_resource(world.admin, "Crane", calendar=three_days)
    task = make_task(world.project, "Lift", estimate=3)
    do_assign(task, acting_user=world.manager, resource=crane)
    # then it works Monday 5, Wednesday 7, Monday 12
    assert _dates(world.project, task) == [(D(2026, 1, 5), D(2026, 1, 12))]


def test_person_resource_calendar_is_the_base_of_their_hours(world):
    # given the member's person resource on a site calendar closed on Monday 5 January
    site = do_create_calendar(acting_user=world.admin, name="Site", working_hours=default_week())
    do_add_calendar_exception(site, acting_user=world.admin, start=D(2026, 1, 5), name="Closed")
    make_resource(world.admin, "Member", kind="person", user=world.member, calendar=site)
    task = make_task(world.project, "Survey", estimate=2, assignee_ids=[world.member.pk])
    # then the member starts on Tuesday
    assert _dates(world.project, task) == [(D(2026, 1, 6), D(2026, 1, 7))]


def test_project_calendar_holidays_still_apply_to_people(world):
    calendar = do_create_calendar(
        acting_user=world.admin,
        name="Office",
        working_hours=default_week(),
        holidays=[D(2026, 1, 6)],
    )
    do_update_plan_settings(
        world.project, acting_user=world.manager, version=1, changes={"calendar": calendar}
    )
    _hours(world.member, MON_TO_THU)
    task = make_task(world.project, "Audit", estimate=4, assignee_ids=[world.member.pk])
    # Mon 5, (Tue 6 holiday), Wed 7, Thu 8, (Fri 9 off), Mon 12
    assert _dates(world.project, task) == [(D(2026, 1, 5), D(2026, 1, 12))]


def test_hours_are_read_on_the_wall_clock_whatever_the_zone(world):
    # given a Berlin project and a member in Tokyo working 09:00-17:00 there
    world.project.time_zone = "Europe/Berlin"
    world.project.save(update_fields=["time_zone"])
    _hours(world.member, default_week(), time_zone="Asia/Tokyo")
    task = make_task(world.project, "Call", estimate=2, assignee_ids=[world.member.pk])
    # then their Monday is a working Monday of the project (as MS Project reads calendars)
    assert [c.id for c in engine_project(world.project)[0].calendars] == ["project"]
    assert _dates(world.project, task) == [(D(2026, 1, 5), D(2026, 1, 6))]


def test_person_without_working_hours_is_named(world):
    make_task(world.project, "Idle", estimate=1, assignee_ids=[world.member.pk])
    _hours(world.member, {"1": []})
    with pytest.raises(ValidationFailed, match="^member has no working hours in the week"):
        compute_schedule(world.project)


def _queries(project):
    with CaptureQueriesContext(connection) as captured:
        engine_project(project)
    return len(captured.captured_queries)


def test_reading_calendars_costs_the_same_queries_for_one_person_or_six(world):
    # given one assigned person with their own hours, on a site calendar
    site = do_create_calendar(acting_user=world.admin, name="Site", working_hours=default_week())
    make_resource(world.admin, "Member", kind="person", user=world.member, calendar=site)
    _hours(world.member, MON_TO_THU)
    make_task(world.project, "One", estimate=1, assignee_ids=[world.member.pk])
    with_one = _queries(world.project)
    # when five more people, each with hours, a day off and a person resource, are assigned
    for i in range(5):
        person = make_user(world.org, f"extra{i}")
        do_add_member(world.project, acting_user=world.manager, user=person, role="member")
        _hours(person, {str(d): [["08:00", "12:00"]] for d in range(1, 6 - i % 2)})
        do_add_day_off(person, acting_user=person, start=D(2026, 1, 20 + i))
        make_resource(world.admin, f"Extra {i}", kind="person", user=person, calendar=site)
        make_task(world.project, f"T{i}", estimate=1, assignee_ids=[person.pk])
    # then reading the plan's calendars costs the same number of queries
    assert _queries(world.project) == with_one
    # the project's, the site's, and one per person (each has their own day off)
    assert len(engine_project(world.project)[0].calendars) == 8


pytestmark = pytest.mark.django_db
