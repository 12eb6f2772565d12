"""Reads of projects, already narrowed to what the user may see."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from tandem.core.errors import NotFound

from .models import Project, ProjectMembership, Role
from .policies import access_project, is_org_admin, projects_visible_to, role_in


def list_projects(
    user: Any,
    *,
    status: str | None = None,
    search: str | None = None,
    archived: bool | None = None,
) -> QuerySet[Project]:
    """The projects the user is in; ``archived`` True or False keeps only those (None: both)."""
    qs = projects_visible_to(user).order_by("code")
    if archived is not None:
        qs = qs.filter(archived_at__isnull=not archived)
    if status:
        qs = qs.filter(status=status)
    if search:
        qs = qs.filter(name__icontains=search) | qs.filter(code__icontains=search)
    return qs


def get_project(user: Any, project_id: int, right: str = "project.view") -> Project:
    return access_project(user, project_id, right)


def get_project_to_manage(user: Any, project_id: int) -> Project:
    """The project to archive, restore or delete: its members see it, and so do the admins of
    its organization, who need not be members (the action checks who may)."""
    if is_org_admin(user):
        project = Project.objects.filter(
            pk=project_id, organization_id=user.organization_id, deleted_at__isnull=True
        )
        found = project.first()
        if found is not None:
            return found
    return access_project(user, project_id, "project.view")


def list_deleted_projects(user: Any) -> QuerySet[Project]:
    """Deleted projects not yet purged that the user may restore: all of the organization's for
    its admins, the ones they manage for managers."""
    if not getattr(user, "is_authenticated", False) or not user.organization_id:
        return Project.objects.none()
    qs = Project.objects.filter(organization_id=user.organization_id, deleted_at__isnull=False)
    if not is_org_admin(user):
        qs = qs.filter(memberships__user=user, memberships__role=Role.MANAGER)
    return qs.select_related("deleted_by").order_by("-deleted_at")


def get_deleted_project(user: Any, project_id: int) -> Project:
    project = list_deleted_projects(user).filter(pk=project_id).first()
    if project is None:
        raise NotFound(
            _("No deleted project %(project_id)s that you may restore.")
            % {"project_id": project_id}
        )
    return project


def list_members(user: Any, project_id: int) -> QuerySet[ProjectMembership]:
    project = access_project(user, project_id, "project.view")
    qs = project.memberships.select_related("user").order_by("role", "user__username")
    if role_in(user, project) == "stakeholder":
        # Stakeholders see who leads the project, not the whole team.
        qs = qs.filter(role__in=["manager", "coordinator"])
    return qs


def get_membership(user: Any, membership_id: int) -> ProjectMembership:
    membership = (
        ProjectMembership.objects.select_related("project", "user")
        .filter(pk=membership_id, project__in=projects_visible_to(user))
        .first()
    )
    if membership is None:
        raise NotFound(_("No membership %(membership_id)s.") % {"membership_id": membership_id})
    access_project(user, membership.project_id, "project.view_work")
    return membership
