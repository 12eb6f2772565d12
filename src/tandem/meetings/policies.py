"""Who may see and change meetings.

Managers and coordinators manage meetings (``meetings.manage``). Members see the meetings of
their projects, answer their own invitations and update the action items they own.
Stakeholders, outsiders and people of other organizations see nothing of meetings (404).
"""

from __future__ import annotations

from typing import Any, ClassVar

from tandem.projects.policies import M, ProjectScopedPolicy, has_right

from .models import ActionItem, AgendaItem, Meeting, Minutes, Participant

VIEW = "project.view_work"
MANAGE = "meetings.manage"


class MeetingPolicy(ProjectScopedPolicy[Meeting]):
    model = Meeting
    project_field = "project"
    view_right = VIEW
    action_rights: ClassVar[dict[str, str]] = {"manage": MANAGE}


class _PartPolicy(ProjectScopedPolicy[M]):
    project_field = "meeting__project"
    view_right = VIEW
    action_rights: ClassVar[dict[str, str]] = {"manage": MANAGE}


class ParticipantPolicy(_PartPolicy[Participant]):
    model = Participant

    @classmethod
    def can(cls, user: Any, action: str, obj: Any) -> bool:
        if action == "respond":
            return bool(obj.user_id == getattr(user, "pk", None)) and has_right(
                user, cls.project_of(obj), VIEW
            )
        return super().can(user, action, obj)


class AgendaItemPolicy(_PartPolicy[AgendaItem]):
    model = AgendaItem


class MinutesPolicy(_PartPolicy[Minutes]):
    model = Minutes


class ActionItemPolicy(_PartPolicy[ActionItem]):
    model = ActionItem

    @classmethod
    def can(cls, user: Any, action: str, obj: Any) -> bool:
        if action == "update_own":
            project = cls.project_of(obj)
            if has_right(user, project, MANAGE):
                return True
            return bool(obj.owner_id == getattr(user, "pk", None)) and has_right(
                user, project, VIEW
            )
        return super().can(user, action, obj)


def may_manage(user: Any, project: Any) -> bool:
    return has_right(user, project, MANAGE)
