"""Escalation rules, evaluated by the periodic evaluation: once per subject, audited, told."""

import datetime as dt

import pytest

from tandem.accounts.models import Team
from tandem.comms.models import Notification
from tandem.core.models import AuditEvent
from tandem.monitoring import actions
from tandem.monitoring.evaluation import evaluate_project
from tandem.monitoring.models import Escalation
from tandem.risks.models import Issue
from tandem.testing.factories_meetings import make_action_item, make_meeting
from tandem.testing.factories_risks import make_issue

pytestmark = pytest.mark.django_db


def _at(day, hour=9):
    return dt.datetime(2026, 1, day, hour, tzinfo=dt.UTC)


def _told(kind="escalation.raised"):
    return sorted(n.recipient.username for n in Notification.objects.filter(kind=kind))


def test_a_high_issue_open_longer_than_three_working_days_escalates_to_the_manager_once(world):
    actions.do_create_escalation_rule(
        world.project, acting_user=world.coordinator, name="High issues to the manager",
        trigger="issue_open", min_severity="high", after_working_days=3, escalate_to="manager",
    )  # fmt: skip
    high = make_issue(world, title="Crane unavailable", severity="high", owner_id=world.member.pk)
    low = make_issue(world, title="Typo in the handbook", severity="low")
    Issue.objects.filter(pk__in=[high.pk, low.pk]).update(created_at=_at(5))  # a Monday

    evaluate_project(world.project, now=_at(8))  # Thursday: open 3 working days
    assert not Escalation.objects.exists()

    result = evaluate_project(world.project, now=_at(9))  # Friday: 4 > 3
    escalation = Escalation.objects.get()
    assert escalation.subject_key == f"issue:{high.pk}"
    assert escalation.working_days == 4
    assert escalation.recipients == ["manager"]
    assert result.escalated == 1
    assert _told() == ["manager"]
    note = Notification.objects.get(kind="escalation.raised")
    assert "Crane unavailable" in note.subject
    assert "High issues to the manager" in note.body
    assert (
        AuditEvent.objects.filter(action="escalation.raised", project_id=world.project.pk).count()
        == 1
    )

    # Never twice for the same issue and rule.
    again = evaluate_project(world.project, now=_at(12))
    assert again.escalated == 0
    assert Escalation.objects.count() == 1
    assert _told() == ["manager"]


def test_an_overdue_action_item_escalates_to_the_owners_team_lead(world):
    team = Team.objects.create(organization=world.org, name="Field crew", lead=world.coordinator)
    team.members.add(world.member)
    actions.do_create_escalation_rule(
        world.project, acting_user=world.manager, name="Late actions to the team lead",
        trigger="action_item_overdue", after_working_days=2, escalate_to="owner_team_lead",
    )  # fmt: skip
    meeting = make_meeting(world)
    item = make_action_item(world, meeting, owner=world.member, due_date=dt.date(2026, 1, 5))

    evaluate_project(world.project, now=_at(7))  # overdue 2 working days
    assert not Escalation.objects.exists()
    evaluate_project(world.project, now=_at(8))  # 3
    escalation = Escalation.objects.get()
    assert escalation.subject_key == f"action_item:{item.pk}"
    assert _told() == ["coordinator"]


def test_an_inactive_rule_does_not_fire(world):
    rule = actions.do_create_escalation_rule(
        world.project, acting_user=world.manager, name="Any late task", trigger="task_overdue",
        after_working_days=0, escalate_to="coordinator",
    )  # fmt: skip
    actions.do_update_escalation_rule(
        rule, acting_user=world.manager, version=rule.version, changes={"active": False}
    )
    make_meeting(world)
    evaluate_project(world.project, now=_at(20))
    assert not Escalation.objects.exists()


def test_rules_refuse_bad_input_naming_the_field(world, api_client):
    url = f"/api/projects/{world.project.pk}/escalation-rules"
    client = api_client.as_user(world.coordinator)
    bad = client.post(url, {"name": "X", "trigger": "whenever", "after_working_days": 2,
                            "escalate_to": "manager"})  # fmt: skip
    assert bad.status_code == 422
    assert "trigger" in bad.json()["error"]["fields"]
    bad = client.post(url, {"name": "X", "trigger": "issue_open", "min_severity": "huge",
                            "after_working_days": 2, "escalate_to": "the pope"})  # fmt: skip
    assert set(bad.json()["error"]["fields"]) == {"min_severity", "escalate_to"}
    bad = client.post(url, {"name": "X", "trigger": "issue_open", "after_working_days": -1,
                            "escalate_to": "manager"})  # fmt: skip
    assert bad.status_code == 422
    assert client.get(url).json()["count"] == 0

    made = client.post(url, {"name": "High issues", "trigger": "issue_open",
                             "min_severity": "high", "after_working_days": 3,
                             "escalate_to": "manager"})  # fmt: skip
    assert made.status_code == 201
    rule_url = f"/api/escalation-rules/{made.json()['id']}"
    assert client.patch(rule_url, {"after_working_days": 4}).status_code == 428
    changed = client.patch(rule_url, {"after_working_days": 4}, if_match=1)
    assert (changed.status_code, changed.json()["after_working_days"]) == (200, 4)
    assert client.patch(rule_url, {"after_working_days": 5}, if_match=1).status_code == 412
    assert client.delete(rule_url, if_match=2).status_code == 204


def test_the_rules_page_adds_and_deletes_a_rule_with_feedback(world, client):
    client.force_login(world.coordinator)
    url = f"/projects/{world.project.pk}/escalation-rules/"
    refused = client.post(url, {"name": "", "trigger": "issue_open", "after_working_days": "3",
                                "escalate_to": "manager"})  # fmt: skip
    assert refused.status_code == 422
    assert "This field is required." in refused.content.decode()
    added = client.post(url, {"name": "High issues", "trigger": "issue_open",
                              "min_severity": "high", "after_working_days": "3",
                              "escalate_to": "manager", "active": "on"}, follow=True)  # fmt: skip
    page = added.content.decode()
    assert "Rule “High issues” added." in page
    assert "severity high or more" in page
    assert "The project manager" in page
