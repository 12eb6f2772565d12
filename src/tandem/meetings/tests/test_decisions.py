import datetime as dt

import pytest

from tandem.core.errors import Forbidden
from tandem.core.models import AuditEvent
from tandem.meetings import actions
from tandem.records.models import Decision
from tandem.testing.factories_meetings import make_meeting

pytestmark = pytest.mark.django_db


def test_decision_taken_in_meeting_goes_to_the_decision_log(world, meeting, as_coordinator):
    # when
    resp = as_coordinator.post(
        f"/api/meetings/{meeting.pk}/decisions",
        {"title": "Ship in March", "text": "All agreed.", "decided_by_id": world.manager.pk},
    )
    # then
    assert resp.status_code == 201, resp.content
    decision = Decision.objects.get()
    assert (decision.project, decision.meeting, decision.title, decision.decision) == (
        world.project,
        meeting,
        "Ship in March",
        "All agreed.",
    )
    assert (decision.decided_by, decision.status) == (world.manager, "accepted")
    assert decision.decided_on == dt.date(2026, 3, 2)
    assert resp.json()["text"] == "All agreed."
    event = AuditEvent.objects.get(action="decision.created")
    assert (event.actor, event.object_id) == (world.coordinator, str(decision.pk))
    # and the project's decision log lists it with the meeting
    log = as_coordinator.get(f"/api/projects/{world.project.pk}/decisions").json()
    items = log["items"] if isinstance(log, dict) else log
    assert [(d["id"], d["meeting_id"]) for d in items] == [(decision.pk, meeting.pk)]


def test_decided_on_is_the_meeting_day_in_its_own_zone(world):
    # 23:30 UTC on 1 March is already 2 March in Tokyo
    meeting = make_meeting(
        world, time_zone="Asia/Tokyo", starts_at=dt.datetime(2026, 3, 1, 23, 30, tzinfo=dt.UTC)
    )
    decision = actions.do_record_meeting_decision(meeting, acting_user=world.manager, title="Go")
    assert decision.decided_on == dt.date(2026, 3, 2)


def test_meeting_lists_only_its_own_decisions(world, meeting, as_coordinator):
    other = make_meeting(world, title="Other")
    mine = actions.do_record_meeting_decision(meeting, acting_user=world.manager, title="A")
    actions.do_record_meeting_decision(other, acting_user=world.manager, title="B")
    listed = as_coordinator.get(f"/api/meetings/{meeting.pk}/decisions").json()
    assert [d["id"] for d in listed] == [mine.pk]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": "x", "decided_by_id": 0}, "decided_by"),
        ({"title": "x", "text": "y" * 10_001}, "text"),
    ],
)
def test_bad_decision_is_422(world, meeting, as_coordinator, body, field):
    resp = as_coordinator.post(f"/api/meetings/{meeting.pk}/decisions", body)
    assert resp.status_code == 422, resp.content
    assert field in resp.json()["error"]["fields"]
    assert Decision.objects.count() == 0


def test_outsider_cannot_be_named_as_decider(world, meeting, as_coordinator):
    resp = as_coordinator.post(
        f"/api/meetings/{meeting.pk}/decisions",
        {"title": "x", "decided_by_id": world.outsider.pk},
    )
    assert resp.status_code == 422
    assert Decision.objects.count() == 0


def test_member_cannot_record_decisions(world, meeting, api_client):
    resp = api_client.as_user(world.member).post(
        f"/api/meetings/{meeting.pk}/decisions", {"title": "Mine"}
    )
    assert resp.status_code == 403
    with pytest.raises(Forbidden):
        actions.do_record_meeting_decision(meeting, acting_user=world.member, title="Mine")
    assert Decision.objects.count() == 0


def test_deleting_the_meeting_keeps_the_decision_in_the_log(world, meeting):
    decision = actions.do_record_meeting_decision(meeting, acting_user=world.manager, title="Go")
    actions.do_delete_meeting(meeting, acting_user=world.manager, version=1)
    decision.refresh_from_db()
    assert decision.meeting is None
    assert decision.title == "Go"


def test_decision_form_on_the_meeting_page(world, meeting, client):
    client.force_login(world.coordinator)
    resp = client.post(
        f"/meetings/{meeting.pk}/decisions/",
        {"decision-title": "Hire", "decision-text": "One more dev", "decision-decided_by": ""},
    )
    assert resp.status_code == 302
    decision = Decision.objects.get()
    assert (decision.title, decision.decision, decision.meeting) == (
        "Hire",
        "One more dev",
        meeting,
    )
    html = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert f'href="/decisions/{decision.pk}/"' in html
