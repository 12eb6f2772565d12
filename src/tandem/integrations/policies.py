"""Who configures webhooks: organization admins (the organization's hooks and every project's)
and each project's manager (their project's hooks). Nobody else sees a hook: its URL and log
tell where the organization's events go."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from tandem.core.errors import Forbidden, NotFound
from tandem.projects.models import Project
from tandem.projects.policies import (
    access_project,
    has_right,
    is_org_admin,
    project_ids_with_right,
    projects_visible_to,
    refuse_if_archived,
)

from .models import Webhook

MANAGE_RIGHT = "project.edit"


def visible_to(user: Any) -> QuerySet[Webhook]:
    if not getattr(user, "is_authenticated", False) or not user.organization_id:
        return Webhook.objects.none()
    hooks = Webhook.objects.filter(organization_id=user.organization_id)
    if is_org_admin(user):
        return hooks.filter(Q(project__isnull=True) | Q(project__deleted_at__isnull=True))
    return hooks.filter(project_id__in=project_ids_with_right(user, MANAGE_RIGHT))


def can_manage_project_hooks(user: Any, project: Project) -> bool:
    return is_org_admin(user, project.organization_id) or has_right(user, project, MANAGE_RIGHT)


def access_project_for_hooks(user: Any, project_id: int) -> Project:
    """The project whose hooks the user manages; 404 unseen, 403 for the others in it."""
    if is_org_admin(user):
        project = Project.objects.filter(
            pk=project_id, organization_id=user.organization_id, deleted_at__isnull=True
        ).first()
        if project is None:
            raise NotFound(_("No project %(project_id)s.") % {"project_id": project_id})
        return project
    return access_project(user, project_id, MANAGE_RIGHT)


def access_webhook(user: Any, webhook_id: int, action: str = "view") -> Webhook:
    """The hook if the user configures it; 404 when it is not theirs to know of, 403 for those
    who see its project or organization but may not configure hooks."""
    hook = visible_to(user).select_related("project", "owner").filter(pk=webhook_id).first()
    if hook is not None:
        if action != "view" and hook.project is not None and not is_org_admin(user):
            refuse_if_archived(user, hook.project, MANAGE_RIGHT)
        return hook
    if not getattr(user, "is_authenticated", False):
        raise NotFound(_("No webhook %(webhook_id)s.") % {"webhook_id": webhook_id})
    other = Webhook.objects.filter(pk=webhook_id, organization_id=user.organization_id).first()
    if other is None:
        raise NotFound(_("No webhook %(webhook_id)s.") % {"webhook_id": webhook_id})
    if other.project_id is None:
        raise Forbidden(_("Only organization admins configure the organization's webhooks."))
    if projects_visible_to(user).filter(pk=other.project_id).exists():
        raise Forbidden(_("Only the project's manager and organization admins configure webhooks."))
    raise NotFound(_("No webhook %(webhook_id)s.") % {"webhook_id": webhook_id})


def refuse_unless_org_admin(user: Any) -> int:
    """The admin's organization id; 403 for everyone else."""
    if not is_org_admin(user):
        raise Forbidden(_("Only organization admins configure the organization's webhooks."))
    return int(user.organization_id)
