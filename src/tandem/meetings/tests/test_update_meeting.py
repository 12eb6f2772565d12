import datetime as dt

import pytest

from tandem.core.models import AuditEvent
from tandem.meetings import actions
from tandem.meetings.models import Meeting
from tandem.testing.factories_meetings import make_action_item, make_meeting

pytestmark = pytest.mark.django_db


def test_patch_with_current_version_moves_the_meeting_and_raises_sequence(
    world, meeting, as_coordinator
):
    # when
    resp = as_coordinator.patch(
        f"/api/meetings/{meeting.pk}",
        {"starts_at": "2026-03-02T11:00:00+01:00", "ends_at": "2026-03-02T12:30:00+01:00"},
        if_match=1,
    )
    # then
    assert resp.status_code == 200, resp.content
    assert resp["ETag"] == '"2"'
    meeting.refresh_from_db()
    assert meeting.version == 2
    assert meeting.ical_sequence == 1
    assert meeting.starts_at == dt.datetime(2026, 3, 2, 10, tzinfo=dt.UTC)
    event = AuditEvent.objects.get(action="meeting.updated")
    assert event.actor == world.coordinator
    assert event.changes == {
        "starts_at": ["2026-03-02T09:00:00+00:00", "2026-03-02T10:00:00+00:00"],
        "ends_at": ["2026-03-02T10:00:00+00:00", "2026-03-02T11:30:00+00:00"],
        "ical_sequence": [0, 1],
    }


def test_get_gives_etag_and_both_times(world, meeting, api_client):
    resp = api_client.as_user(world.member).get(f"/api/meetings/{meeting.pk}")
    assert resp.status_code == 200
    assert resp["ETag"] == '"1"'
    data = resp.json()
    assert data["starts_at"] in ("2026-03-02T09:00:00Z", "2026-03-02T09:00:00+00:00")
    assert data["starts_at_local"] == "2026-03-02T10:00:00+01:00"
    assert data["time_zone"] == "Europe/Paris"


def test_patch_without_version_is_428_and_changes_nothing(meeting, as_coordinator):
    resp = as_coordinator.patch(f"/api/meetings/{meeting.pk}", {"title": "Other"})
    assert resp.status_code == 428
    assert resp.json()["error"]["code"] == "precondition_required"
    assert Meeting.objects.get(pk=meeting.pk).title == "Weekly sync"
    assert not AuditEvent.objects.filter(action="meeting.updated").exists()


def test_patch_with_stale_version_is_412_and_changes_nothing(meeting, as_coordinator):
    assert (
        as_coordinator.patch(
            f"/api/meetings/{meeting.pk}", {"title": "A", "version": 1}
        ).status_code
        == 200
    )
    resp = as_coordinator.patch(f"/api/meetings/{meeting.pk}", {"title": "B"}, if_match=1)
    assert resp.status_code == 412
    assert Meeting.objects.get(pk=meeting.pk).title == "A"
    assert AuditEvent.objects.filter(action="meeting.updated").count() == 1


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"starts_at": "2026-03-02T11:00:00"}, "starts_at"),
        ({"time_zone": "Atlantis/Capital"}, "time_zone"),
        ({"video_url": "javascript:alert(1)"}, "video_url"),
        ({"ends_at": "2026-03-02T08:00:00Z"}, "ends_at"),
        ({"title": ""}, "title"),
        ({"status": "cancelled"}, "status"),
        ({"status": "postponed"}, "status"),
        ({"organizer_id": 999999}, "organizer"),
    ],
)
def test_bad_patch_is_422_and_changes_nothing(meeting, as_coordinator, body, field):
    resp = as_coordinator.patch(f"/api/meetings/{meeting.pk}", body, if_match=1)
    assert resp.status_code == 422, resp.content
    assert field in resp.json()["error"]["fields"]
    fresh = Meeting.objects.get(pk=meeting.pk)
    assert (fresh.version, fresh.title, fresh.starts_at, fresh.ends_at, fresh.time_zone) == (
        1,
        "Weekly sync",
        meeting.starts_at,
        meeting.ends_at,
        "Europe/Paris",
    )


def test_member_may_not_patch(world, meeting, api_client):
    resp = api_client.as_user(world.member).patch(
        f"/api/meetings/{meeting.pk}", {"title": "Mine"}, if_match=1
    )
    assert resp.status_code == 403
    assert Meeting.objects.get(pk=meeting.pk).title == "Weekly sync"


def test_cancel_sets_status_reason_and_sequence(world, meeting, as_coordinator):
    # when
    resp = as_coordinator.post(
        f"/api/meetings/{meeting.pk}/cancel", {"reason": "Public holiday"}, if_match=1
    )
    # then
    assert resp.status_code == 200, resp.content
    meeting.refresh_from_db()
    assert (meeting.status, meeting.cancel_reason, meeting.ical_sequence) == (
        "cancelled",
        "Public holiday",
        1,
    )
    event = AuditEvent.objects.get(action="meeting.cancelled")
    assert event.changes["status"] == ["scheduled", "cancelled"]


def test_cancelled_meeting_cannot_be_edited_or_cancelled_again(world, meeting, as_coordinator):
    actions.do_cancel_meeting(meeting, acting_user=world.coordinator, version=1)
    assert (
        as_coordinator.patch(
            f"/api/meetings/{meeting.pk}", {"title": "Back"}, if_match=2
        ).status_code
        == 409
    )
    assert (
        as_coordinator.post(f"/api/meetings/{meeting.pk}/cancel", {}, if_match=2).status_code == 409
    )
    assert Meeting.objects.get(pk=meeting.pk).version == 2


def test_delete_needs_version_and_removes_meeting(world, meeting, as_coordinator):
    assert as_coordinator.delete(f"/api/meetings/{meeting.pk}").status_code == 428
    assert as_coordinator.delete(f"/api/meetings/{meeting.pk}", if_match=7).status_code == 412
    assert Meeting.objects.filter(pk=meeting.pk).exists()
    resp = as_coordinator.delete(f"/api/meetings/{meeting.pk}", if_match=1)
    assert resp.status_code == 204
    assert not Meeting.objects.filter(pk=meeting.pk).exists()
    event = AuditEvent.objects.get(action="meeting.deleted")
    assert event.object_id == str(meeting.pk)
    assert event.changes["title"] == ["Weekly sync", None]
    # the two invitations went with it, each with its own audit row
    removed = AuditEvent.objects.filter(action="meeting_participant.deleted")
    assert sorted(e.changes["user"][0] for e in removed) == sorted(
        [world.coordinator.pk, world.member.pk]
    )
    assert {e.project_id for e in removed} == {world.project.pk}


def test_meeting_whose_action_item_became_a_task_cannot_be_deleted(world, meeting, as_coordinator):
    item = make_action_item(world, meeting)
    actions.do_convert_action_item_to_task(item, acting_user=world.coordinator)
    resp = as_coordinator.delete(f"/api/meetings/{meeting.pk}", if_match=1)
    assert resp.status_code == 409
    assert Meeting.objects.filter(pk=meeting.pk).exists()


def test_list_filters_by_overlapping_date_range(world, api_client):
    # given three meetings on three days
    first = make_meeting(world, title="Mon", starts_at=dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC))
    make_meeting(world, title="Tue", starts_at=dt.datetime(2026, 3, 3, 9, tzinfo=dt.UTC))
    third = make_meeting(world, title="Wed", starts_at=dt.datetime(2026, 3, 4, 9, tzinfo=dt.UTC))
    client = api_client.as_user(world.member)
    # when
    resp = client.get(
        "/api/meetings?start=2026-03-03T00:00:00Z&end=2026-03-04T09:30:00%2B00:00&limit=10"
    )
    # then
    assert resp.status_code == 200, resp.content
    assert [m["title"] for m in resp.json()["items"]] == ["Tue", "Wed"]
    assert resp.json()["count"] == 2
    everything = client.get(f"/api/meetings?project={world.project.pk}&limit=1").json()
    assert everything["count"] == 3
    assert [m["id"] for m in everything["items"]] == [first.pk]
    assert third.pk not in [m["id"] for m in everything["items"]]


def test_list_with_naive_range_is_422(world, meeting, api_client):
    resp = api_client.as_user(world.member).get("/api/meetings?start=2026-03-03T00:00:00")
    assert resp.status_code == 422
    assert "start" in resp.json()["error"]["fields"]


@pytest.mark.parametrize("role", ["stakeholder", "outsider", "stranger"])
def test_list_hides_meetings_from_people_without_view(world, meeting, api_client, role):
    resp = api_client.as_user(getattr(world, role)).get("/api/meetings")
    assert resp.status_code == 200
    assert resp.json() == {"items": [], "count": 0}


@pytest.mark.parametrize(
    ("body", "field"),
    [({"titel": "Typo"}, "titel"), ({}, None), ({"version": 1}, None)],
)
def test_patch_with_unknown_or_no_field_is_422_and_changes_nothing(
    meeting, as_coordinator, body, field
):
    resp = as_coordinator.patch(f"/api/meetings/{meeting.pk}", body, if_match=1)
    assert resp.status_code == 422, resp.content
    if field:
        assert field in resp.json()["error"]["fields"]
    else:
        assert "Nothing to change" in resp.json()["error"]["message"]
    fresh = Meeting.objects.get(pk=meeting.pk)
    assert (fresh.version, fresh.ical_sequence) == (1, 0)
    assert not AuditEvent.objects.filter(action="meeting.updated").exists()


def test_unknown_field_on_create_is_422(world, as_coordinator):
    resp = as_coordinator.post(
        "/api/meetings",
        {
            "project_id": world.project.pk,
            "title": "x",
            "starts_at": "2026-03-02T10:00:00+01:00",
            "ends_at": "2026-03-02T11:00:00+01:00",
            "agenda": [{"title": "a", "minutes": 5}],
        },
    )
    assert resp.status_code == 422
    assert "agenda.0.minutes" in resp.json()["error"]["fields"]
    assert Meeting.objects.count() == 0


def test_out_of_range_id_filter_is_422(world, api_client):
    resp = api_client.as_user(world.member).get("/api/meetings?project=99999999999999999999")
    assert resp.status_code == 422
    assert "project" in resp.json()["error"]["fields"]


def test_body_that_is_not_json_is_400_and_changes_nothing(world, meeting, api_client):
    client = api_client.as_user(world.coordinator)
    resp = client.client.patch(
        f"/api/meetings/{meeting.pk}",
        data="title=x",
        content_type="application/json",
        headers={"If-Match": '"1"'},
    )
    assert resp.status_code == 400
    assert Meeting.objects.get(pk=meeting.pk).version == 1
