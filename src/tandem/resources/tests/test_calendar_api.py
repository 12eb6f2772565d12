"""Calendars, exceptions and days off through the API: exact 422/409 answers that change
nothing, and a project's own calendar serving that project only."""

import datetime as dt

import pytest

from tandem.planning.actions import do_update_plan_settings
from tandem.resources.calendar_actions import do_create_calendar
from tandem.resources.models import CalendarException, WorkCalendar, default_week
from tandem.testing.factories import make_project

D = dt.date


@pytest.fixture
def office(world):
    return do_create_calendar(acting_user=world.admin, name="Office", working_hours=default_week())


def test_admin_adds_christmas_every_year(world, office, api_client):
    response = api_client.as_user(world.admin).post(
        f"/api/calendars/{office.pk}/exceptions",
        {"name": "Christmas", "start": "2026-12-25", "repeat": "yearly"},
    )
    assert response.status_code == 201
    body = response.json()
    assert {
        k: body[k] for k in ("name", "start", "end", "repeat", "interval", "working_times")
    } == {
        "name": "Christmas",
        "start": "2026-12-25",
        "end": None,
        "repeat": "yearly",
        "interval": 1,
        "working_times": [],
    }
    detail = api_client.get(f"/api/calendars/{office.pk}").json()
    assert [e["name"] for e in detail["exceptions"]] == ["Christmas"]
    assert detail["holidays"] == []


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"start": "2026-05-29", "repeat": "monthly", "day_of_month": 29, "week_of_month": -1,
          "weekdays": [5]}, "day_of_month"),
        ({"start": "2026-05-01", "weekdays": [1]}, "weekdays"),
        ({"start": "2026-02-01", "repeat": "yearly", "month": 2, "day_of_month": 30},
         "day_of_month"),
        ({"start": "2026-05-04", "repeat": "weekly", "weekdays": [8]}, "weekdays"),
        ({"start": "2026-05-04", "end": "2026-05-01"}, "end"),
        ({"start": "2026-05-04", "working_times": [["12:00", "08:00"]]}, "working_times"),
        ({"start": "2026-05-04", "repeat": "monthly", "month": 5}, "month"),
    ],
)  # fmt: skip
def test_inconsistent_exceptions_are_refused(world, office, api_client, payload, field):
    response = api_client.as_user(world.admin).post(
        f"/api/calendars/{office.pk}/exceptions", payload
    )
    assert response.status_code == 422
    assert list(response.json()["error"]["fields"]) == [field]
    assert not CalendarException.objects.exists()


def test_overlapping_periods_are_refused_and_the_week_stays(world, office, api_client):
    response = api_client.as_user(world.admin).patch(
        f"/api/calendars/{office.pk}",
        {"working_hours": {"1": [["08:00", "12:00"], ["11:30", "17:00"]]}},
        if_match=1,
    )
    assert response.status_code == 422
    assert response.json()["error"]["fields"] == {
        "working_hours": ["Monday: 11:30-17:00 overlaps or precedes the period before it"]
    }
    office.refresh_from_db()
    assert (office.version, office.working_hours["1"]) == (1, [["09:00", "17:00"]])


def test_a_calendar_in_use_cannot_be_deleted(world, office, api_client):
    do_update_plan_settings(
        world.project, acting_user=world.manager, version=1, changes={"calendar": office}
    )
    response = api_client.as_user(world.admin).delete(f"/api/calendars/{office.pk}", if_match=1)
    assert response.status_code == 409
    assert response.json()["error"]["message"] == (
        "The calendar 'Office' is still used by project ACME."
    )
    assert WorkCalendar.objects.filter(pk=office.pk).exists()


def test_manager_makes_a_project_calendar_that_other_projects_cannot_use(world, api_client):
    response = api_client.as_user(world.manager).post(
        "/api/calendars",
        {"name": "Site hours", "project_id": world.project.pk,
         "working_hours": {str(d): [["07:00", "15:00"]] for d in range(1, 7)}},
    )  # fmt: skip
    assert response.status_code == 201
    own = response.json()
    assert (own["project_id"], own["working_hours"]["6"], own["working_hours"]["7"]) == (
        world.project.pk,
        [["07:00", "15:00"]],
        [],
    )
    mine = api_client.patch(
        f"/api/projects/{world.project.pk}/plan-settings", {"calendar_id": own["id"]}, if_match=1
    )
    assert (mine.status_code, mine.json()["calendar_name"]) == (200, "Site hours")
    other = make_project(world.admin, manager=world.manager, code="OTHER")
    theirs = api_client.patch(
        f"/api/projects/{other.pk}/plan-settings", {"calendar_id": own["id"]}, if_match=1
    )
    assert theirs.status_code == 422
    assert theirs.json()["error"]["fields"] == {"calendar": ["another project's own calendar"]}


def test_people_add_their_days_off_and_see_each_others(world, api_client):
    added = api_client.as_user(world.member).post(
        f"/api/people/{world.member.pk}/days-off",
        {"name": "Holiday", "start": "2026-07-20", "end": "2026-07-31"},
    )
    assert added.status_code == 201
    seen = api_client.as_user(world.coordinator).get(f"/api/people/{world.member.pk}/days-off")
    assert [(d["name"], d["start"], d["end"]) for d in seen.json()] == [
        ("Holiday", "2026-07-20", "2026-07-31")
    ]
    refused = api_client.post(
        f"/api/people/{world.member.pk}/days-off", {"name": "Prank", "start": "2026-08-03"}
    )
    assert refused.status_code == 403
    assert CalendarException.objects.filter(person=world.member).count() == 1


pytestmark = pytest.mark.django_db
