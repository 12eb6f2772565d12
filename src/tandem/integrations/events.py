"""Which audit events a hook hears of, and the payload that tells of one.

Each kind of event answers to the policy of its objects, the same one the pages and the API
use: a hook's owner hears only of objects they may see now (a stakeholder's hook hears of
milestones, not tasks; CPI alerts only reach the budget's readers). An object deleted since is
judged by the right its policy asks for in its project.

The payload names the object, the project, who acted and which fields changed, never the
values: a changed field's old and new value can be money or text of another object, which the
policy of the event's object does not vouch for.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Model

from tandem.core.models import AuditEvent
from tandem.meetings.policies import MeetingPolicy
from tandem.monitoring.policies import AlertPolicy
from tandem.planning.models import Task
from tandem.planning.policies import MilestonePolicy, TaskPolicy
from tandem.projects.models import Project
from tandem.projects.policies import ProjectScopedPolicy, has_right
from tandem.records.policies import DecisionPolicy, StatusUpdatePolicy
from tandem.risks.policies import IssuePolicy, RiskPolicy

from .models import EventKind

# object type of the audit trail -> (kind, policy)
OBJECT_KINDS: dict[str, tuple[str, type[ProjectScopedPolicy[Any]]]] = {
    "planning.task": (EventKind.TASK, TaskPolicy),
    "risks.issue": (EventKind.ISSUE, IssuePolicy),
    "risks.risk": (EventKind.RISK, RiskPolicy),
    "meetings.meeting": (EventKind.MEETING, MeetingPolicy),
    "records.decision": (EventKind.DECISION, DecisionPolicy),
    "records.statusupdate": (EventKind.STATUS_REPORT, StatusUpdatePolicy),
    "monitoring.alert": (EventKind.ALERT, AlertPolicy),
}
PAYLOAD_VERSION = 1


def kind_of(event: AuditEvent) -> tuple[str, type[ProjectScopedPolicy[Any]]] | None:
    """The event's kind and the policy that decides who hears of it, or None (not told)."""
    found = OBJECT_KINDS.get(event.object_type)
    if found is None or event.project_id is None:
        return None
    if found[0] == EventKind.TASK:
        milestone = Task.objects.filter(pk=_pk(event)).values_list("is_milestone", flat=True)
        if milestone.first() or event.changes.get("is_milestone") in (True, [False, True]):
            return EventKind.MILESTONE, MilestonePolicy
    return found


def _pk(event: AuditEvent) -> int:
    return int(event.object_id) if event.object_id.isdigit() else 0


def may_see(owner: Any, event: AuditEvent, policy: type[ProjectScopedPolicy[Any]]) -> bool:
    if not owner.is_active or event.project_id is None:
        return False
    model: type[Model] = policy.model
    if model._default_manager.filter(pk=_pk(event)).exists():
        return policy.visible_to(owner).filter(pk=_pk(event)).exists()
    return has_right(owner, int(event.project_id), policy.view_right)


def payload_of(event: AuditEvent, kind: str, project: Project | None) -> dict[str, Any]:
    return {
        "version": PAYLOAD_VERSION,
        "event": event.action,
        "kind": kind,
        "audit_id": event.pk,
        "occurred_at": event.created_at.isoformat(),
        "project": (
            {"id": project.pk, "code": project.code, "name": project.name} if project else None
        ),
        "object": {
            "type": kind,
            "id": event.object_id,
            "name": event.object_repr,
        },
        "actor": event.actor_name,
        "changed_fields": sorted(event.changes),
    }


def sample_payload(webhook_name: str, actor_name: str, occurred_at: str) -> dict[str, Any]:
    return {
        "version": PAYLOAD_VERSION,
        "event": "webhook.test",
        "kind": "test",
        "audit_id": None,
        "occurred_at": occurred_at,
        "project": None,
        "object": {"type": "webhook", "id": None, "name": webhook_name},
        "actor": actor_name,
        "changed_fields": [],
    }
