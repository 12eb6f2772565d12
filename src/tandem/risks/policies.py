"""Who may see and change risks, mitigation actions and issues.

Workers (manager, coordinator, member) see the register and the log; stakeholders, outsiders and
other organizations see neither (404). The manager edits the register (``risks.edit``); any worker
raises an issue (``issues.raise``); leads update, escalate, close and delete issues
(``issues.manage``); an issue's owner may change its status. Schedule risk analyses are read by
whoever reads the register and run by the manager, who edits it.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.db.models import Model

from tandem.projects.policies import ProjectScopedPolicy, has_right

from .models import Issue, MitigationAction, Risk, RiskAnalysisRun


class RiskPolicy(ProjectScopedPolicy[Risk]):
    model: ClassVar[type[Model]] = Risk
    view_right = "project.view_work"
    action_rights: ClassVar[dict[str, str]] = {
        "create": "risks.edit",
        "update": "risks.edit",
        "delete": "risks.edit",
        "export": "project.view_work",
        "comment": "comments.add",
    }


class MitigationPolicy(ProjectScopedPolicy[MitigationAction]):
    model: ClassVar[type[Model]] = MitigationAction
    project_field = "risk__project"
    view_right = "project.view_work"
    action_rights: ClassVar[dict[str, str]] = {
        "update": "risks.edit",
        "delete": "risks.edit",
    }


class IssuePolicy(ProjectScopedPolicy[Issue]):
    model: ClassVar[type[Model]] = Issue
    view_right = "project.view_work"
    action_rights: ClassVar[dict[str, str]] = {
        "raise": "issues.raise",
        "update": "issues.manage",
        "escalate": "issues.manage",
        "delete": "issues.manage",
        "comment": "comments.add",
    }

    @classmethod
    def can(cls, user: Any, action: str, obj: Any) -> bool:
        if action == "update_status":
            # The owner moves their own issue along; leads move any issue.
            return has_right(user, obj.project_id, "issues.manage") or (
                obj.owner_id is not None
                and obj.owner_id == getattr(user, "pk", None)
                and has_right(user, obj.project_id, "issues.raise")
            )
        return super().can(user, action, obj)


class RiskAnalysisPolicy(ProjectScopedPolicy[RiskAnalysisRun]):
    model: ClassVar[type[Model]] = RiskAnalysisRun
    view_right = "project.view_work"
    action_rights: ClassVar[dict[str, str]] = {"run": "risks.edit"}
