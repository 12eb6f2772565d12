"""Who sees alerts, the suggested health and the escalation rules, and who acts on them.

An alert is read by whoever holds its own right in the project (``Alert.right``): a milestone
slip by everybody in the project, a task's by the workers, CPI and SPI by the budget's readers.
Leads (managers and coordinators) acknowledge alerts and manage escalation rules; the manager
accepts the suggested health or keeps their own.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.db.models import Model, Q, QuerySet

from tandem.projects.policies import ProjectScopedPolicy, project_ids_with_right

from .models import Alert, EscalationRule

ALERT_RIGHTS = ("project.view", "project.view_work", "budget.view")


class AlertPolicy(ProjectScopedPolicy[Alert]):
    model: ClassVar[type[Model]] = Alert
    view_right = "project.view"
    action_rights: ClassVar[dict[str, str]] = {"acknowledge": "team.coordinate"}

    @classmethod
    def visible_to(cls, user: Any) -> QuerySet[Any]:
        readable = Q(pk__in=[])
        for right in ALERT_RIGHTS:
            readable |= Q(right=right, project_id__in=project_ids_with_right(user, right))
        return Alert.objects.filter(readable)


class EscalationRulePolicy(ProjectScopedPolicy[EscalationRule]):
    model: ClassVar[type[Model]] = EscalationRule
    view_right = "team.coordinate"
    action_rights: ClassVar[dict[str, str]] = {
        "create": "team.coordinate",
        "update": "team.coordinate",
        "delete": "team.coordinate",
    }
