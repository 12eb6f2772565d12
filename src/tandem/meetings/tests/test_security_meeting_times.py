"""Meeting times at the edges of the calendar are a 422 naming the field, never a 500."""

from __future__ import annotations

import pytest
from django.test import Client

from tandem.core.models import AuditEvent
from tandem.meetings.models import Meeting
from tandem.testing.factories_meetings import make_meeting

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("starts_at", "ends_at", "extra"),
    [
        # a weekly series running past the year 9999
        ("9999-12-20T10:00:00Z", "9999-12-20T11:00:00Z", {"occurrences": 3}),
        # a time that exists in UTC but not in the meeting's zone
        ("9999-12-31T22:00:00Z", "9999-12-31T23:00:00Z", {"time_zone": "Pacific/Kiritimati"}),
        ("0001-01-01T00:30:00Z", "0001-01-01T01:00:00Z", {"time_zone": "America/New_York"}),
        ("1066-10-14T09:00:00Z", "1066-10-14T10:00:00Z", {}),
    ],
)
def test_meeting_outside_the_calendar_is_422_and_creates_nothing(
    world, api_client, starts_at, ends_at, extra
):
    audit_before = AuditEvent.objects.count()
    body = {"project_id": world.project.pk, "title": "Kick-off", "starts_at": starts_at}
    response = api_client.as_user(world.coordinator).post(
        "/api/meetings", {**body, "ends_at": ends_at, **extra}
    )
    assert response.status_code == 422
    assert "starts_at" in response.json()["error"]["fields"]
    assert Meeting.objects.count() == 0
    assert AuditEvent.objects.count() == audit_before


def test_moving_a_meeting_beyond_the_calendar_is_422_and_changes_nothing(world, api_client):
    meeting = make_meeting(world)
    response = api_client.as_user(world.coordinator).patch(
        f"/api/meetings/{meeting.pk}",
        {"starts_at": "9999-12-31T23:00:00-05:00", "ends_at": "9999-12-31T23:30:00-05:00"},
        if_match=meeting.version,
    )
    assert response.status_code == 422
    assert Meeting.objects.get(pk=meeting.pk).version == meeting.version


def test_listing_from_the_first_day_of_the_calendar_is_served(world, api_client):
    response = api_client.as_user(world.member).get(
        "/api/meetings?start=0001-01-01T00:00:00Z&end=9999-12-31T00:00:00Z"
    )
    assert response.status_code == 200


def test_list_filter_outside_the_calendar_is_422(world, api_client):
    response = api_client.as_user(world.member).get(
        "/api/meetings?start=0001-01-01T00:00:00%2B05:00"
    )
    assert response.status_code == 422
    assert list(response.json()["error"]["fields"]) == ["start"]


def test_find_time_near_the_end_of_the_calendar_says_why(world):
    client = Client()
    client.force_login(world.coordinator)
    response = client.post(
        f"/projects/{world.project.pk}/meetings/find-time/",
        {
            "title": "Kick-off",
            "starts_at": "9999-12-30T10:00",
            "ends_at": "9999-12-30T11:00",
            "time_zone": "UTC",
            "required_people": [world.coordinator.pk],
        },
    )
    assert response.status_code == 200
    assert "is not between 1970 and 2200" in response.content.decode()
