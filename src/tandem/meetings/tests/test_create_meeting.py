import datetime as dt

import pytest

from tandem.core.errors import Forbidden, ValidationFailed
from tandem.core.models import AuditEvent
from tandem.meetings import actions
from tandem.meetings.models import AgendaItem, Meeting, Participant

pytestmark = pytest.mark.django_db

UTC = dt.UTC


def _body(world, **overrides):
    body = {
        "project_id": world.project.pk,
        "title": "Kick-off",
        "purpose": "Agree the plan",
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


def test_coordinator_creates_meeting_with_agenda_and_participants(world, as_coordinator):
    # when
    resp = as_coordinator.post("/api/meetings", _body(world))
    # then
    assert resp.status_code == 201, resp.content
    data = resp.json()
    meeting = Meeting.objects.get(pk=data["id"])
    assert meeting.starts_at == dt.datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    assert meeting.ends_at == dt.datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
    assert data["starts_at_local"] == "2026-03-02T10:00:00+01:00"
    assert meeting.organizer == world.coordinator
    assert meeting.status == "scheduled"
    assert meeting.ical_sequence == 0
    assert resp["ETag"] == '"1"'
    people = {(p["user_id"], p["required"], p["response"]) for p in data["participants"]}
    assert people == {
        (world.coordinator.pk, True, "accepted"),
        (world.member.pk, False, "needs_action"),
    }
    agenda = list(
        AgendaItem.objects.filter(meeting=meeting).values_list(
            "title", "position", "duration_minutes", "presenter_id"
        )
    )
    assert agenda == [("Goals", 1, 20, world.manager.pk), ("Risks", 2, 10, None)]


def test_create_writes_one_audit_row_per_object(world):
    # when
    meeting = actions.do_create_meeting(
        world.project,
        acting_user=world.coordinator,
        title="Kick-off",
        starts_at=dt.datetime(2026, 3, 2, 9, tzinfo=UTC),
        ends_at=dt.datetime(2026, 3, 2, 10, tzinfo=UTC),
        time_zone="Europe/Paris",
        participants=[{"user_id": world.member.pk}],
        agenda=[{"title": "Goals", "duration_minutes": 20}],
    )
    # then
    events = AuditEvent.objects.filter(project_id=world.project.pk, actor=world.coordinator)
    assert sorted(events.values_list("action", flat=True)) == [
        "agenda_item.created",
        "meeting.created",
        "meeting_participant.added",
        "meeting_participant.added",
    ]
    created = events.get(action="meeting.created")
    assert created.object_type == "meetings.meeting"
    assert created.object_id == str(meeting.pk)
    assert created.organization_id == world.org.pk
    assert created.changes["title"] == [None, "Kick-off"]
    assert created.changes["starts_at"] == [None, "2026-03-02T09:00:00+00:00"]
    assert created.changes["time_zone"] == [None, "Europe/Paris"]
    member_row = Participant.objects.get(meeting=meeting, user=world.member)
    added = events.get(action="meeting_participant.added", object_id=str(member_row.pk))
    assert added.changes["user"] == [None, world.member.pk]
    assert added.changes["response"] == [None, "needs_action"]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("starts_at", "2026-03-02T10:00:00"),
        ("ends_at", "2026-03-02T11:00:00"),
        ("starts_at", "2026-03-02"),
    ],
)
def test_naive_datetime_is_422_and_creates_nothing(world, as_coordinator, field, value):
    # when
    resp = as_coordinator.post("/api/meetings", _body(world, **{field: value}))
    # then
    assert resp.status_code == 422, resp.content
    error = resp.json()["error"]
    assert error["code"] == "validation_failed"
    assert field in error["fields"]
    assert "time zone" in error["fields"][field][0]
    assert Meeting.objects.count() == 0
    assert Participant.objects.count() == 0
    assert AuditEvent.objects.filter(action__startswith="meeting").count() == 0


@pytest.mark.parametrize("zone", ["Mars/Olympus", "", "Europe/paris", "../../etc/passwd"])
def test_unknown_time_zone_is_422_and_names_the_zone(world, as_coordinator, zone):
    resp = as_coordinator.post("/api/meetings", _body(world, time_zone=zone))
    assert resp.status_code == 422, resp.content
    assert "time_zone" in resp.json()["error"]["fields"]
    assert Meeting.objects.count() == 0


def test_garbage_datetime_is_422(world, as_coordinator):
    resp = as_coordinator.post("/api/meetings", _body(world, starts_at="next tuesday"))
    assert resp.status_code == 422
    assert "starts_at" in resp.json()["error"]["fields"]
    assert Meeting.objects.count() == 0


@pytest.mark.parametrize(
    "link",
    [
        "javascript:alert(1)",
        "JavaScript:alert(document.cookie)",
        " javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "ftp://files.example.org/x",
        "vbscript:msgbox(1)",
        "//evil.example.org",
    ],
)
def test_non_web_video_link_is_refused(world, as_coordinator, link):
    resp = as_coordinator.post("/api/meetings", _body(world, video_url=link))
    assert resp.status_code == 422, resp.content
    assert "video_url" in resp.json()["error"]["fields"]
    assert Meeting.objects.count() == 0


def test_end_before_start_is_422(world, as_coordinator):
    resp = as_coordinator.post("/api/meetings", _body(world, ends_at="2026-03-02T09:30:00+01:00"))
    assert resp.status_code == 422
    assert "ends_at" in resp.json()["error"]["fields"]
    assert Meeting.objects.count() == 0


@pytest.mark.parametrize("who", ["outsider", "stakeholder", "stranger"])
def test_participant_outside_the_team_is_422_naming_them(world, as_coordinator, who):
    person = getattr(world, who)
    resp = as_coordinator.post(
        "/api/meetings", _body(world, participants=[{"user_id": person.pk, "required": True}])
    )
    assert resp.status_code == 422, resp.content
    assert str(person.pk) in resp.json()["error"]["message"]
    assert Meeting.objects.count() == 0


def test_bad_agenda_item_rolls_back_the_whole_meeting(world, as_coordinator):
    agenda = [{"title": "Fine", "duration_minutes": 10}, {"title": "Bad", "duration_minutes": 0}]
    resp = as_coordinator.post("/api/meetings", _body(world, agenda=agenda))
    assert resp.status_code == 422, resp.content
    assert "duration_minutes" in resp.json()["error"]["fields"]
    assert Meeting.objects.count() == 0
    assert AgendaItem.objects.count() == 0
    assert AuditEvent.objects.filter(action__startswith="meeting").count() == 0


def test_member_may_not_create_meetings(world):
    with pytest.raises(Forbidden):
        actions.do_create_meeting(
            world.project,
            acting_user=world.member,
            title="Mine",
            starts_at=dt.datetime(2026, 3, 2, 9, tzinfo=UTC),
            ends_at=dt.datetime(2026, 3, 2, 10, tzinfo=UTC),
        )
    assert Meeting.objects.count() == 0


def test_action_refuses_naive_datetime_directly(world):
    with pytest.raises(ValidationFailed) as err:
        actions.do_create_meeting(
            world.project,
            acting_user=world.coordinator,
            title="Naive",
            starts_at=dt.datetime(2026, 3, 2, 9),  # noqa: DTZ001 - the point of the test
            ends_at=dt.datetime(2026, 3, 2, 10, tzinfo=UTC),
        )
    assert set(err.value.fields) == {"starts_at"}
    assert Meeting.objects.count() == 0


def test_start_given_in_another_zone_is_stored_as_the_same_instant(world, as_coordinator):
    # given a start in New York time for a meeting planned in Paris time
    body = _body(world, starts_at="2026-03-02T04:00:00-05:00", ends_at="2026-03-02T10:00:00Z")
    # when
    resp = as_coordinator.post("/api/meetings", body)
    # then
    assert resp.status_code == 201, resp.content
    meeting = Meeting.objects.get()
    assert meeting.starts_at == dt.datetime(2026, 3, 2, 9, tzinfo=UTC)
    assert resp.json()["starts_at_local"] == "2026-03-02T10:00:00+01:00"
