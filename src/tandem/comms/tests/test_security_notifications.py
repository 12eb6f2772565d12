"""Leaving a project ends what notifications tell about it: in the list, the page and by email."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client

from tandem.comms.actions import notify
from tandem.comms.delivery import deliver_notification_email
from tandem.comms.models import EmailStatus, Notification
from tandem.projects.actions import do_change_member_role, do_remove_member
from tandem.testing.factories_records import make_status_update

pytestmark = pytest.mark.django_db


def _notify_member(world, subject="Vendor X dropped out"):
    return notify([world.member], project=world.project, kind="issue.escalated", subject=subject)[0]


def _remove_member(world):
    membership = world.project.memberships.get(user=world.member)
    do_remove_member(membership, acting_user=world.manager, version=membership.version)


def test_notifications_of_a_project_left_are_not_listed(world, api_client):
    # given a member notified about the project, and a notification without a project
    _notify_member(world)
    notify([world.member], project=None, kind="welcome", subject="Welcome")
    # when the member is removed from the project
    _remove_member(world)
    # then the API lists only the notification that is not about the project
    response = api_client.as_user(world.member).get("/api/notifications")
    assert response.status_code == 200
    assert [n["subject"] for n in response.json()["items"]] == ["Welcome"]


def test_notifications_page_hides_a_project_left(world):
    _notify_member(world)
    _remove_member(world)
    client = Client()
    client.force_login(world.member)
    response = client.get("/notifications/")
    assert response.status_code == 200
    assert "Vendor X dropped out" not in response.content.decode()


def test_marking_a_notification_of_a_project_left_is_404(world, api_client):
    note = _notify_member(world)
    _remove_member(world)
    response = api_client.as_user(world.member).post(f"/api/notifications/{note.pk}/read")
    assert response.status_code == 404
    note.refresh_from_db()
    assert note.read_at is None


def test_pending_email_is_not_sent_after_leaving_the_project(world):
    # given a notification whose email is still pending (or waiting for a retry)
    note = _notify_member(world)
    assert note.email_status == EmailStatus.PENDING
    mail.outbox.clear()
    # when the member leaves before the job runs
    _remove_member(world)
    status = deliver_notification_email(note.pk)
    # then no email goes out and the notification says so
    assert status == EmailStatus.SKIPPED
    assert mail.outbox == []
    assert Notification.objects.get(pk=note.pk).email_status == EmailStatus.SKIPPED


def test_pending_email_is_not_sent_to_a_deactivated_person(world):
    note = _notify_member(world)
    mail.outbox.clear()
    world.member.is_active = False
    world.member.save(update_fields=["is_active"])
    assert deliver_notification_email(note.pk) == EmailStatus.SKIPPED
    assert mail.outbox == []


def test_pending_email_still_reaches_a_current_member(world):
    note = _notify_member(world)
    mail.outbox.clear()
    assert deliver_notification_email(note.pk) == EmailStatus.SENT
    assert [m.to for m in mail.outbox] == [[world.member.email]]


def _demote_member(world):
    membership = world.project.memberships.get(user=world.member)
    do_change_member_role(
        membership, acting_user=world.manager, version=membership.version, role="stakeholder"
    )


def test_member_made_stakeholder_no_longer_sees_team_notifications(world, api_client):
    # given a member told about an escalated issue (a team matter) and a stakeholder update
    notify(
        [world.member],
        project=world.project,
        kind="issue.escalated",
        subject="Issue escalated: vendor",
        right="project.view_work",
    )
    notify([world.member], project=world.project, kind="status", subject="Status for everyone")
    # when the member becomes a stakeholder
    _demote_member(world)
    # then only the notification a stakeholder may read is listed
    response = api_client.as_user(world.member).get("/api/notifications")
    assert [n["subject"] for n in response.json()["items"]] == ["Status for everyone"]


def test_team_status_update_notification_is_for_the_team_only(world, api_client):
    # given a published status update written for the team
    make_status_update(world, publish=True, audience="team")
    assert Notification.objects.filter(recipient=world.member).count() == 1
    # when the member who was told becomes a stakeholder
    _demote_member(world)
    # then the notification about the team's update is no longer theirs to read
    response = api_client.as_user(world.member).get("/api/notifications")
    assert response.json() == {"items": [], "count": 0}
