"""Reads of monitoring, already filtered by what the user may see."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from tandem.projects.models import Project
from tandem.projects.policies import access_project, has_right

from .models import Alert, Escalation, EscalationRule, HealthAssessment, WatchSettings
from .policies import AlertPolicy, EscalationRulePolicy
from .wording import said_reason

ALERT_STATES = ("open", "closed", "all")


def list_alerts(user: Any, project_id: int, state: str = "open") -> QuerySet[Alert]:
    access_project(user, project_id, "project.view")
    alerts = AlertPolicy.visible_to(user).filter(project_id=project_id)
    if state == "open":
        alerts = alerts.filter(closed_at__isnull=True)
    elif state == "closed":
        alerts = alerts.filter(closed_at__isnull=False)
    return alerts.select_related("acknowledged_by").order_by("-raised_at", "-id")


def get_alert(user: Any, alert_id: int, action: str = "view") -> Alert:
    return AlertPolicy.access(user, alert_id, action)


def health_for(user: Any, project: Project) -> dict[str, Any] | None:
    """The suggested health as this user may read it: the reasons they may not see (a CPI
    alert for someone who does not read the budget) are counted, not named. None before the
    first evaluation."""
    found = HealthAssessment.objects.filter(project=project).select_related("decided_by").first()
    if found is None:
        return None
    shown = [
        said_reason(r)
        for r in found.reasons
        if has_right(user, project, r.get("right", "project.view"))
    ]
    return {
        "assessment": found,
        "suggested": found.suggested,
        "reasons": shown,
        "hidden_reasons": len(found.reasons) - len(shown),
        "computed_at": found.computed_at,
        "decision": found.decision if found.decision_current else "",
        "decision_reason": found.decision_reason if found.decision_current else "",
        "decided_by": found.decided_by if found.decision_current else None,
        "decided_at": found.decided_at if found.decision_current else None,
        "manager_health": project.health,
        "manager_reason": project.health_reason,
        "differs": project.health != found.suggested,
    }


def list_rules(user: Any, project_id: int) -> QuerySet[EscalationRule]:
    access_project(user, project_id, "team.coordinate")
    return EscalationRulePolicy.visible_to(user).filter(project_id=project_id)


def get_rule(user: Any, rule_id: int, action: str = "view") -> EscalationRule:
    return EscalationRulePolicy.access(user, rule_id, action)


def recent_escalations(user: Any, project_id: int, limit: int = 20) -> list[Escalation]:
    access_project(user, project_id, "team.coordinate")
    return list(Escalation.objects.filter(project_id=project_id).select_related("rule")[:limit])


def watch_settings_for(user: Any, project_id: int, right: str = "project.view_work") -> Any:
    """(project, its thresholds): the saved row, else the defaults (unsaved, version 1)."""
    project = access_project(user, project_id, right)
    found = WatchSettings.objects.filter(project=project).first()
    return project, found if found is not None else WatchSettings(project=project)
