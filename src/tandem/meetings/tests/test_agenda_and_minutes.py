import pytest

from tandem.core.models import AuditEvent
from tandem.meetings import actions
from tandem.meetings.models import AgendaItem, Minutes
from tandem.testing.factories_meetings import make_agenda_item

pytestmark = pytest.mark.django_db


def test_agenda_items_are_appended_in_order(world, meeting, as_coordinator):
    # when
    for title in ["Intro", "Budget", "AOB"]:
        resp = as_coordinator.post(
            f"/api/meetings/{meeting.pk}/agenda-items",
            {"title": title, "duration_minutes": 5, "presenter_id": world.member.pk},
        )
        assert resp.status_code == 201, resp.content
    # then
    listed = as_coordinator.get(f"/api/meetings/{meeting.pk}/agenda-items").json()
    assert [(a["title"], a["position"]) for a in listed] == [
        ("Intro", 1),
        ("Budget", 2),
        ("AOB", 3),
    ]
    assert AuditEvent.objects.filter(action="agenda_item.created").count() == 3


def test_agenda_item_moves_by_position(world, meeting, as_coordinator):
    first = make_agenda_item(world, meeting, title="First")
    make_agenda_item(world, meeting, title="Second")
    resp = as_coordinator.patch(f"/api/agenda-items/{first.pk}", {"position": 3}, if_match=1)
    assert resp.status_code == 200, resp.content
    titles = list(AgendaItem.objects.filter(meeting=meeting).values_list("title", flat=True))
    assert titles == ["Second", "First"]
    event = AuditEvent.objects.get(action="agenda_item.updated")
    assert event.changes == {"position": [1, 3]}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"title": "", "duration_minutes": 5}, "title"),
        ({"title": "x", "duration_minutes": 0}, "duration_minutes"),
        ({"title": "x", "duration_minutes": 1441}, "duration_minutes"),
        ({"title": "x", "duration_minutes": 5, "presenter_id": 0}, "presenter"),
    ],
)
def test_bad_agenda_item_is_422(world, meeting, as_coordinator, body, field):
    resp = as_coordinator.post(f"/api/meetings/{meeting.pk}/agenda-items", body)
    assert resp.status_code == 422, resp.content
    assert field in resp.json()["error"]["fields"]
    assert AgendaItem.objects.count() == 0


def test_outsider_cannot_present(world, meeting, as_coordinator):
    resp = as_coordinator.post(
        f"/api/meetings/{meeting.pk}/agenda-items",
        {"title": "x", "duration_minutes": 5, "presenter_id": world.outsider.pk},
    )
    assert resp.status_code == 422
    assert str(world.outsider.pk) in resp.json()["error"]["message"]


def test_delete_agenda_item(world, meeting, as_coordinator):
    item = make_agenda_item(world, meeting)
    assert as_coordinator.delete(f"/api/agenda-items/{item.pk}").status_code == 428
    assert as_coordinator.delete(f"/api/agenda-items/{item.pk}", if_match=1).status_code == 204
    assert not AgendaItem.objects.filter(pk=item.pk).exists()
    assert AuditEvent.objects.filter(action="agenda_item.deleted").count() == 1


def test_first_minutes_need_no_version_and_record_who_and_when(world, meeting, as_coordinator):
    # when
    resp = as_coordinator.request(
        "PUT", f"/api/meetings/{meeting.pk}/minutes", {"text": "We agreed."}
    )
    # then
    assert resp.status_code == 200, resp.content
    minutes = Minutes.objects.get(meeting=meeting)
    assert minutes.text == "We agreed."
    assert minutes.recorded_by == world.coordinator
    assert minutes.recorded_at is not None
    assert resp["ETag"] == '"1"'
    event = AuditEvent.objects.get(action="minutes.recorded")
    assert event.changes["text"] == [None, "We agreed."]
    assert event.changes["recorded_by"] == [None, world.coordinator.pk]


def test_rewriting_minutes_needs_the_current_version(world, meeting, api_client):
    actions.do_record_minutes(meeting, acting_user=world.coordinator, text="Draft")
    client = api_client.as_user(world.manager)
    # without a version
    assert (
        client.request("PUT", f"/api/meetings/{meeting.pk}/minutes", {"text": "X"}).status_code
        == 428
    )
    # with a stale one
    assert (
        client.request(
            "PUT", f"/api/meetings/{meeting.pk}/minutes", {"text": "X"}, if_match=9
        ).status_code
        == 412
    )
    assert Minutes.objects.get(meeting=meeting).text == "Draft"
    # with the current one
    resp = client.request(
        "PUT", f"/api/meetings/{meeting.pk}/minutes", {"text": "Final", "version": 1}
    )
    assert resp.status_code == 200
    minutes = Minutes.objects.get(meeting=meeting)
    assert (minutes.text, minutes.recorded_by, minutes.version) == ("Final", world.manager, 2)
    event = AuditEvent.objects.get(action="minutes.updated")
    assert event.changes["text"] == ["Draft", "Final"]
    assert event.changes["recorded_by"] == [world.coordinator.pk, world.manager.pk]


def test_member_reads_minutes_but_cannot_write(world, meeting, api_client):
    actions.do_record_minutes(meeting, acting_user=world.coordinator, text="Draft")
    client = api_client.as_user(world.member)
    assert client.get(f"/api/meetings/{meeting.pk}/minutes").json()["text"] == "Draft"
    resp = client.request(
        "PUT", f"/api/meetings/{meeting.pk}/minutes", {"text": "Mine"}, if_match=1
    )
    assert resp.status_code == 403
    assert Minutes.objects.get(meeting=meeting).text == "Draft"


def test_minutes_not_yet_recorded_is_404(world, meeting, api_client):
    resp = api_client.as_user(world.member).get(f"/api/meetings/{meeting.pk}/minutes")
    assert resp.status_code == 404
    assert "No minutes" in resp.json()["error"]["message"]
