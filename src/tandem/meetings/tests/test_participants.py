import pytest

from tandem.core.models import AuditEvent
from tandem.meetings.models import Participant

pytestmark = pytest.mark.django_db


def _row(meeting, user):
    return Participant.objects.get(meeting=meeting, user=user)


def test_coordinator_invites_a_team_member(world, meeting, as_coordinator):
    resp = as_coordinator.post(
        f"/api/meetings/{meeting.pk}/participants",
        {"user_id": world.manager.pk, "required": False},
    )
    assert resp.status_code == 201, resp.content
    row = _row(meeting, world.manager)
    assert (row.required, row.response, row.attended) == (False, "needs_action", None)
    event = AuditEvent.objects.get(action="meeting_participant.added", object_id=str(row.pk))
    assert event.actor == world.coordinator


def test_inviting_twice_is_409(world, meeting, as_coordinator):
    resp = as_coordinator.post(
        f"/api/meetings/{meeting.pk}/participants", {"user_id": world.member.pk}
    )
    assert resp.status_code == 409
    assert Participant.objects.filter(meeting=meeting, user=world.member).count() == 1


@pytest.mark.parametrize("who", ["stakeholder", "outsider", "stranger"])
def test_only_the_team_can_be_invited(world, meeting, as_coordinator, who):
    person = getattr(world, who)
    resp = as_coordinator.post(f"/api/meetings/{meeting.pk}/participants", {"user_id": person.pk})
    assert resp.status_code == 422
    assert not Participant.objects.filter(meeting=meeting, user=person).exists()


def test_member_answers_own_invitation(world, meeting, api_client):
    row = _row(meeting, world.member)
    resp = api_client.as_user(world.member).patch(
        f"/api/meeting-participants/{row.pk}", {"response": "accepted"}, if_match=1
    )
    assert resp.status_code == 200, resp.content
    row.refresh_from_db()
    assert row.response == "accepted"
    event = AuditEvent.objects.get(action="meeting_participant.updated")
    assert event.changes == {"response": ["needs_action", "accepted"]}


def test_member_cannot_take_own_attendance_or_answer_for_others(world, meeting, api_client):
    client = api_client.as_user(world.member)
    mine = _row(meeting, world.member)
    theirs = _row(meeting, world.coordinator)
    assert (
        client.patch(
            f"/api/meeting-participants/{mine.pk}", {"attended": True}, if_match=1
        ).status_code
        == 403
    )
    assert (
        client.patch(
            f"/api/meeting-participants/{theirs.pk}", {"response": "declined"}, if_match=1
        ).status_code
        == 403
    )
    assert _row(meeting, world.member).attended is None
    assert _row(meeting, world.coordinator).response == "accepted"


def test_coordinator_takes_attendance(world, meeting, as_coordinator):
    row = _row(meeting, world.member)
    resp = as_coordinator.patch(
        f"/api/meeting-participants/{row.pk}", {"attended": False}, if_match=1
    )
    assert resp.status_code == 200
    assert _row(meeting, world.member).attended is False


def test_bad_response_value_is_422(world, meeting, as_coordinator):
    row = _row(meeting, world.member)
    resp = as_coordinator.patch(
        f"/api/meeting-participants/{row.pk}", {"response": "maybe"}, if_match=1
    )
    assert resp.status_code == 422
    assert _row(meeting, world.member).response == "needs_action"


def test_organizer_cannot_be_removed(world, meeting, as_coordinator):
    row = _row(meeting, world.coordinator)
    resp = as_coordinator.delete(f"/api/meeting-participants/{row.pk}", if_match=1)
    assert resp.status_code == 422
    assert Participant.objects.filter(pk=row.pk).exists()


def test_remove_participant(world, meeting, as_coordinator):
    row = _row(meeting, world.member)
    assert (
        as_coordinator.delete(f"/api/meeting-participants/{row.pk}", if_match=1).status_code == 204
    )
    assert not Participant.objects.filter(pk=row.pk).exists()
    assert AuditEvent.objects.filter(action="meeting_participant.removed").count() == 1
