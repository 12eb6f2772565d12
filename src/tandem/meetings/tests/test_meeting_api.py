import datetime as dt

import pytest

from tandem.core.models import AuditEvent
from tandem.meetings.models import AgendaItem, Meeting
from tandem.testing.factories_meetings import make_meeting

pytestmark = pytest.mark.django_db


def _create_body(world, **overrides):
    body = {
        "project_id": world.project.pk,
        "title": "Kick-off",
        "starts_at": "2026-03-02T10:00:00+01:00",
        "ends_at": "2026-03-02T11:00:00+01:00",
        "time_zone": "Europe/Paris",
        "video_url": "https://meet.example.org/kickoff",
        "participants": [{"user_id": world.member.pk, "required": False}],
        "agenda": [
            {"title": "Goals", "duration_minutes": 20, "presenter_id": world.manager.pk},
            {"title": "Risks", "duration_minutes": 10},
        ],
    }
    body.update(overrides)
    return body


def test_coordinator_creates_meeting_with_agenda_and_participants(world, api_client):
    # when
    resp = api_client.as_user(world.coordinator).post("/api/meetings", _create_body(world))
    # then
    assert resp.status_code == 201, resp.content
    data = resp.json()
    meeting = Meeting.objects.get(pk=data["id"])
    assert meeting.starts_at == dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    assert data["starts_at_local"] == "2026-03-02T10:00:00+01:00"
    assert meeting.organizer == world.coordinator
    assert resp["ETag"] == '"1"'
    people = {(p["user_id"], p["required"], p["response"]) for p in data["participants"]}
    assert people == {
        (world.coordinator.pk, True, "accepted"),
        (world.member.pk, False, "needs_action"),
    }
    titles = list(AgendaItem.objects.filter(meeting=meeting).values_list("title", "position"))
    assert titles == [("Goals", 1), ("Risks", 2)]
    actions = sorted(
        AuditEvent.objects.filter(
            project_id=world.project.pk, action__startswith=("meeting")
        ).values_list("action", flat=True)
    )
    assert actions.count("meeting.created") == 1
    assert actions.count("meeting_participant.added") == 2


def test_naive_start_is_422_and_creates_nothing(world, api_client):
    resp = api_client.as_user(world.coordinator).post(
        "/api/meetings", _create_body(world, starts_at="2026-03-02T10:00:00")
    )
    assert resp.status_code == 422, resp.content
    assert "starts_at" in resp.json()["error"]["fields"]
    assert Meeting.objects.count() == 0


def test_factory_meeting(world):
    m = make_meeting(world)
    assert m.participants.count() == 2
