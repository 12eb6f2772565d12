"""The actions that matter to others notify them: escalations, published status, meetings."""

import datetime as dt

import pytest

from tandem.comms.models import Notification
from tandem.meetings import actions as meeting_actions
from tandem.records import actions as records_actions
from tandem.risks import actions as risks_actions

pytestmark = pytest.mark.django_db


def _recipients(kind):
    return sorted(n.recipient.username for n in Notification.objects.filter(kind=kind))


def test_escalating_an_issue_tells_the_leads_and_the_owner_but_not_stakeholders(world):
    issue = risks_actions.do_raise_issue(
        world.project,
        acting_user=world.member,
        title="Map API quota exhausted",
        severity="high",
        owner_id=world.member.pk,
    )
    risks_actions.do_escalate_issue(
        issue, acting_user=world.coordinator, version=issue.version, reason="Blocks routing tests"
    )
    assert _recipients("issue.escalated") == ["manager", "member"]
    note = Notification.objects.get(kind="issue.escalated", recipient=world.manager)
    assert note.subject.startswith("Issue escalated to ")
    assert "Blocks routing tests" in note.body
    assert note.url == f"/issues/{issue.pk}/"


def test_publishing_for_stakeholders_tells_them_and_the_team(world):
    update = records_actions.do_create_status_update(
        world.project,
        acting_user=world.coordinator,
        period_start=dt.date(2026, 2, 2),
        period_end=dt.date(2026, 2, 6),
        summary="On track",
        audience="stakeholders",
    )
    records_actions.do_publish_status_update(update, acting_user=world.coordinator, version=1)
    assert _recipients("status_update.published") == ["manager", "member", "stakeholder"]


def test_publishing_for_the_team_does_not_tell_stakeholders(world):
    update = records_actions.do_create_status_update(
        world.project,
        acting_user=world.coordinator,
        period_start=dt.date(2026, 2, 2),
        period_end=dt.date(2026, 2, 6),
        summary="Internal",
        audience="team",
    )
    records_actions.do_publish_status_update(update, acting_user=world.coordinator, version=1)
    assert _recipients("status_update.published") == ["manager", "member"]


def test_meeting_invitation_names_the_time_in_each_participants_zone(world):
    world.member.time_zone = "America/New_York"
    world.member.save()
    start = dt.datetime(2026, 3, 10, 14, 0, tzinfo=dt.UTC)
    meeting = meeting_actions.do_create_meeting(
        world.project,
        acting_user=world.coordinator,
        title="Sprint review",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
        time_zone="Europe/Berlin",
        participants=[
            {"user_id": world.member.pk, "required": True},
            {"user_id": world.manager.pk, "required": False},
        ],
    )
    assert _recipients("meeting.invited") == ["manager", "member"]
    note = Notification.objects.get(kind="meeting.invited", recipient=world.member)
    assert note.subject == "Invitation: Sprint review, Tue 10 Mar, 10:00 (America/New_York)"
    meeting_actions.do_cancel_meeting(
        meeting, acting_user=world.coordinator, version=meeting.version
    )
    assert _recipients("meeting.cancelled") == ["manager", "member"]
