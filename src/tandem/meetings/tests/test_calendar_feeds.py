"""Subscribable feeds: read without signing in at a secret address, showing exactly what the
owner may see, revocable and replaceable, never leaking across projects or organizations."""

import datetime as dt

import icalendar
import pytest
from django.test import Client

from tandem.meetings import actions as meeting_actions
from tandem.meetings.models import CalendarFeed
from tandem.projects import actions as project_actions
from tandem.projects.models import Role
from tandem.testing.factories import make_project, make_user
from tandem.testing.factories_meetings import make_meeting
from tandem.testing.factories_planning import make_task

pytestmark = pytest.mark.django_db

START = dt.datetime(2027, 3, 1, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def plans(world):
    """World's project with a meeting for the member, one without them, a milestone and a task
    due for the member; a second project of the same organization (the member is in it too) and
    a project of another organization, each with a meeting and a milestone."""
    p = world.project
    plans = {
        "mine": make_meeting(world, title="Member sync", starts_at=START),
        "not_mine": make_meeting(
            world, title="Leads only", starts_at=START, participants=[], acting_user=world.manager
        ),
        "milestone": make_task(
            p, "Beta shipped", is_milestone=True, start_date=dt.date(2027, 3, 5)
        ),
        "due": make_task(
            p, "Write spec", assignee_ids=[world.member.pk], due_date=dt.date(2027, 3, 3)
        ),
    }
    other = make_project(world.admin, manager=world.manager, code="SIDE", name="Side project")
    project_actions.do_add_member(
        other, acting_user=world.manager, user=world.member, role=Role.MEMBER
    )
    plans["side_meeting"] = make_meeting_in(other, world, "Side sync")
    plans["side_milestone"] = make_task(
        other, "Side milestone", is_milestone=True, start_date=dt.date(2027, 3, 9)
    )
    stranger_manager = make_user(world.stranger.organization, "elsewhere-manager")
    foreign = make_project(world.stranger, manager=stranger_manager, code="FAR", name="Far away")
    plans["foreign_milestone"] = make_task(
        foreign, "Foreign milestone", is_milestone=True, start_date=dt.date(2027, 3, 10)
    )
    plans["side"] = other
    return plans


def make_meeting_in(project, world, title):
    return meeting_actions.do_create_meeting(
        project,
        acting_user=world.manager,
        title=title,
        starts_at=START,
        ends_at=START + dt.timedelta(hours=1),
        time_zone="UTC",
        participants=[{"user_id": world.member.pk}],
    )


def _new_feed(api_client, user, project_id=None):
    response = api_client.as_user(user).post("/api/me/calendar-feeds", {"project_id": project_id})
    assert response.status_code == 201
    return response.json()


def _read(url):
    path = "/" + url.split("://", 1)[1].split("/", 1)[1]
    return Client().get(path)


def _summaries(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    return sorted(str(e["SUMMARY"]) for e in calendar.walk("VEVENT"))


def test_a_personal_feed_shows_my_meetings_my_due_tasks_and_my_projects_milestones(
    world, plans, api_client
):
    feed = _new_feed(api_client, world.member)
    assert feed["url"].endswith(".ics")
    assert _summaries(_read(feed["url"])) == sorted(
        [
            "Member sync",
            "Side sync",
            "◆ Beta shipped (ACME)",
            "◆ Side milestone (SIDE)",
            "Due: Write spec (ACME)",
        ]
    )
    # the token is not stored, only its hash; the list does not show it again
    row = CalendarFeed.objects.get(pk=feed["id"])
    token = feed["url"].rsplit("/", 1)[1].removesuffix(".ics")
    assert token not in row.token_hash
    listed = api_client.as_user(world.member).get("/api/me/calendar-feeds").json()
    assert "url" not in listed[0]
    assert token not in str(listed)


def test_a_project_feed_shows_that_project_only(world, plans, api_client):
    feed = _new_feed(api_client, world.member, world.project.pk)
    assert _summaries(_read(feed["url"])) == sorted(
        ["Member sync", "Leads only", "◆ Beta shipped (ACME)"]
    )


def test_a_stakeholders_project_feed_has_milestones_but_no_meetings(world, plans, api_client):
    feed = _new_feed(api_client, world.stakeholder, world.project.pk)
    assert _summaries(_read(feed["url"])) == ["◆ Beta shipped (ACME)"]


def test_no_feed_of_a_project_one_cannot_see(world, plans, api_client):
    for user in (world.outsider, world.stranger):
        response = api_client.as_user(user).post(
            "/api/me/calendar-feeds", {"project_id": world.project.pk}
        )
        assert response.status_code == 404
    # the stranger's own feed holds nothing of Acme's organization
    feed = _new_feed(api_client, world.stranger)
    assert _summaries(_read(feed["url"])) == []


def test_leaving_a_project_empties_its_feed_at_once(world, plans, api_client):
    feed = _new_feed(api_client, world.member, plans["side"].pk)
    assert "Side sync" in _summaries(_read(feed["url"]))
    membership = plans["side"].memberships.get(user=world.member)
    project_actions.do_remove_member(
        membership, acting_user=world.manager, version=membership.version
    )
    assert _summaries(_read(feed["url"])) == []


def test_revoking_and_replacing_addresses(world, plans, api_client):
    first = _new_feed(api_client, world.member)
    # a new address for the same calendar stops the old one
    second = _new_feed(api_client, world.member)
    assert _read(first["url"]).status_code == 404
    assert _read(second["url"]).status_code == 200
    # someone else cannot stop it
    response = api_client.as_user(world.coordinator).post(
        f"/api/me/calendar-feeds/{second['id']}/revoke"
    )
    assert response.status_code == 404
    assert _read(second["url"]).status_code == 200
    # its owner can
    response = api_client.as_user(world.member).post(
        f"/api/me/calendar-feeds/{second['id']}/revoke"
    )
    assert response.status_code == 204
    assert _read(second["url"]).status_code == 404
    # made-up and deactivated-owner addresses are 404 too
    assert Client().get("/calendar-feeds/tcal_madeup.ics").status_code == 404
    third = _new_feed(api_client, world.member)
    world.member.is_active = False
    world.member.save()
    assert _read(third["url"]).status_code == 404


def test_the_feed_page_shows_a_new_address_once(world, plans):
    client = Client()
    client.force_login(world.member)
    page = client.post("/me/calendar-feeds/", {"feed-project": str(world.project.pk)})
    assert page.status_code == 200
    html = page.content.decode()
    assert "/calendar-feeds/tcal_" in html
    again = client.get("/me/calendars/").content.decode()
    assert "/calendar-feeds/tcal_" not in again
    assert "ACME · Acme launch" in again
