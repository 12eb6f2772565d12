import pytest

from tandem.core.errors import Forbidden, ValidationFailed
from tandem.core.models import AuditEvent
from tandem.risks import actions
from tandem.risks.models import Issue, IssueEscalation
from tandem.testing.factories import make_project
from tandem.testing.factories_risks import make_issue, make_risk

pytestmark = pytest.mark.django_db


def test_member_raises_issue_linked_to_a_risk(world):
    risk = make_risk(world)
    issue = make_issue(world, risk_ids=[risk.pk], owner_id=world.member.pk)
    stored = Issue.objects.get(pk=issue.pk)
    assert stored.raised_by == world.member
    assert stored.escalation_level == "team"
    assert list(stored.risks.values_list("pk", flat=True)) == [risk.pk]
    event = AuditEvent.objects.get(action="issue.raised")
    assert event.changes["risks"] == [None, [risk.pk]]
    assert event.actor == world.member


def test_stakeholder_cannot_raise_issue(world):
    with pytest.raises(Forbidden):
        make_issue(world, by=world.stakeholder)
    assert not Issue.objects.exists()


def test_unknown_risk_ids_are_named(world):
    with pytest.raises(ValidationFailed) as exc:
        make_issue(world, risk_ids=[999999])
    assert exc.value.fields == {"risk_ids": ["unknown risk id 999999"]}
    assert not Issue.objects.exists()


def test_escalate_moves_one_level_up_and_records_who_and_why(world):
    issue = make_issue(world)
    issue = actions.do_escalate_issue(
        issue, acting_user=world.coordinator, version=1, reason="Blocks release"
    )
    assert issue.escalation_level == "coordinator"
    esc = IssueEscalation.objects.get(issue=issue)
    assert (esc.from_level, esc.to_level, esc.reason, esc.escalated_by) == (
        "team",
        "coordinator",
        "Blocks release",
        world.coordinator,
    )
    assert AuditEvent.objects.get(action="issue.escalated").changes == {
        "escalation_level": ["team", "coordinator"]
    }
    issue = actions.do_escalate_issue(
        issue, acting_user=world.manager, version=2, reason="Sponsor call", to_level="sponsor"
    )
    assert issue.escalation_level == "sponsor"
    with pytest.raises(ValidationFailed, match="highest level"):
        actions.do_escalate_issue(issue, acting_user=world.manager, version=3, reason="again")


def test_escalation_needs_a_reason_and_a_higher_level(world):
    issue = make_issue(world)
    with pytest.raises(ValidationFailed, match="reason"):
        actions.do_escalate_issue(issue, acting_user=world.manager, version=1, reason="  ")
    with pytest.raises(ValidationFailed, match="higher level"):
        actions.do_escalate_issue(
            issue, acting_user=world.manager, version=1, reason="x", to_level="team"
        )
    assert Issue.objects.get(pk=issue.pk).escalation_level == "team"
    assert not IssueEscalation.objects.exists()


def test_member_cannot_escalate(world):
    issue = make_issue(world)
    with pytest.raises(Forbidden):
        actions.do_escalate_issue(issue, acting_user=world.member, version=1, reason="x")
    assert not IssueEscalation.objects.exists()


def test_owner_may_change_status_but_nothing_else(world):
    issue = make_issue(world, by=world.coordinator, owner_id=world.member.pk)
    issue = actions.do_update_issue(
        issue, acting_user=world.member, version=1, changes={"status": "resolved"}
    )
    assert issue.status == "resolved"
    with pytest.raises(Forbidden):
        actions.do_update_issue(
            issue, acting_user=world.member, version=2, changes={"severity": "low"}
        )
    assert Issue.objects.get(pk=issue.pk).severity == "high"


def test_member_who_does_not_own_issue_cannot_update_it(world):
    issue = make_issue(world, owner_id=world.coordinator.pk)
    with pytest.raises(Forbidden):
        actions.do_update_issue(
            issue, acting_user=world.member, version=1, changes={"status": "closed"}
        )
    assert Issue.objects.get(pk=issue.pk).status == "open"


def test_lead_relinks_issue_and_audit_shows_link_diff(world):
    r1, r2 = make_risk(world), make_risk(world, title="Other")
    issue = make_issue(world, risk_ids=[r1.pk])
    actions.do_update_issue(
        issue, acting_user=world.coordinator, version=1, changes={}, risk_ids=[r2.pk]
    )
    stored = Issue.objects.get(pk=issue.pk)
    assert list(stored.risks.values_list("pk", flat=True)) == [r2.pk]
    assert stored.version == 2
    assert AuditEvent.objects.get(action="issue.updated").changes == {"risks": [[r1.pk], [r2.pk]]}


def test_risk_of_another_project_cannot_be_linked(world):
    other = make_project(world.admin, manager=world.manager)
    foreign = actions.do_create_risk(
        other, acting_user=world.manager, title="f", probability=1, impact=1
    )
    with pytest.raises(ValidationFailed, match=str(foreign.pk)):
        make_issue(world, risk_ids=[foreign.pk])
    assert not Issue.objects.exists()


def test_delete_issue_needs_lead(world):
    issue = make_issue(world)
    with pytest.raises(Forbidden):
        actions.do_delete_issue(issue, acting_user=world.member, version=1)
    actions.do_delete_issue(issue, acting_user=world.coordinator, version=1)
    assert not Issue.objects.exists()
