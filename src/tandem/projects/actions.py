"""Every write to projects and their memberships."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db import transaction

from tandem.core import stored_files, writes
from tandem.core.errors import Forbidden, ValidationFailed

from .models import Project, ProjectMembership, Role
from .policies import has_right, is_org_admin

MANAGER_ONLY_FIELDS = {"budget", "currency"}
EDITABLE_FIELDS = {
    "name",
    "code",
    "scope",
    "success_criteria",
    "start_date",
    "target_date",
    "time_zone",
    "budget",
    "currency",
    "health",
    "health_reason",
    "status",
}


@transaction.atomic
def do_create_project(*, acting_user: Any, manager: Any | None = None, **fields: Any) -> Project:
    """Organization admins create projects; the named manager (default: the creator) gets the role."""
    if not is_org_admin(acting_user):
        raise Forbidden("Only organization admins create projects.")
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise ValidationFailed(f"Unknown project fields: {', '.join(sorted(unknown))}")
    project = writes.create(
        Project(organization_id=acting_user.organization_id, **fields),
        actor=acting_user,
        action="project.created",
        exclude_from_clean=["members"],
    )
    manager = manager or acting_user
    if manager.organization_id != acting_user.organization_id:
        raise ValidationFailed("The manager must belong to the organization.")
    writes.create(
        ProjectMembership(project=project, user=manager, role=Role.MANAGER),
        actor=acting_user,
        action="membership.created",
        project_id=project.pk,
        organization_id=project.organization_id,
    )
    return project


@transaction.atomic
def do_update_project(
    project: Project, *, acting_user: Any, version: int, changes: dict[str, Any]
) -> Project:
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise ValidationFailed(f"Unknown project fields: {', '.join(sorted(unknown))}")
    if not has_right(acting_user, project, "project.edit"):
        raise Forbidden("Only the project manager edits the project.")
    if MANAGER_ONLY_FIELDS & set(changes) and not has_right(acting_user, project, "budget.edit"):
        raise Forbidden("Only the project manager changes the budget.")
    return writes.update(
        project,
        version=version,
        changes=changes,
        actor=acting_user,
        action="project.updated",
        project_id=project.pk,
    )


@transaction.atomic
def do_delete_project(project: Project, *, acting_user: Any, version: int) -> None:
    """Delete a project with everything in it (tasks, risks, meetings, records, comments...).

    Its manager or an admin of its organization may. The audit trail keeps its history (audit
    rows hold plain ids) and gains a ``project.deleted`` row with the project's last values; the
    files stored for its documents are removed once the deletion has committed.
    """
    if not (
        has_right(acting_user, project, "project.edit")
        or is_org_admin(acting_user, project.organization_id)
    ):
        raise Forbidden("Only the project manager or an organization admin deletes a project.")
    # A decision that supersedes another protects it from deletion, even when both go with the
    # project: the links between the project's own decisions are cut first.
    decisions = apps.get_model("records", "Decision")._default_manager
    decisions.filter(project_id=project.pk, supersedes__isnull=False).update(supersedes=None)
    files = stored_files.stored_files_of(project)
    writes.delete(
        project,
        version=version,
        actor=acting_user,
        action="project.deleted",
        project_id=project.pk,
        organization_id=project.organization_id,
    )
    transaction.on_commit(lambda: stored_files.discard(files))


def _may_manage_roles(user: Any, project: Project) -> bool:
    return has_right(user, project, "project.manage_roles") or is_org_admin(
        user, project.organization_id
    )


@transaction.atomic
def do_add_member(project: Project, *, acting_user: Any, user: Any, role: str) -> ProjectMembership:
    if not _may_manage_roles(acting_user, project):
        raise Forbidden("Only the project manager or an organization admin assigns roles.")
    if user.organization_id != project.organization_id:
        raise ValidationFailed("Only people of the project's organization can join it.")
    return writes.create(
        ProjectMembership(project=project, user=user, role=role),
        actor=acting_user,
        action="membership.created",
        organization_id=project.organization_id,
    )


@transaction.atomic
def do_change_member_role(
    membership: ProjectMembership, *, acting_user: Any, version: int, role: str
) -> ProjectMembership:
    project = membership.project
    if not _may_manage_roles(acting_user, project):
        raise Forbidden("Only the project manager or an organization admin changes roles.")
    _keep_a_manager(membership, new_role=role)
    return writes.update(
        membership,
        version=version,
        changes={"role": role},
        actor=acting_user,
        action="membership.updated",
        organization_id=project.organization_id,
    )


@transaction.atomic
def do_remove_member(membership: ProjectMembership, *, acting_user: Any, version: int) -> None:
    project = membership.project
    if not _may_manage_roles(acting_user, project):
        raise Forbidden("Only the project manager or an organization admin removes members.")
    _keep_a_manager(membership, new_role=None)
    writes.delete(
        membership,
        version=version,
        actor=acting_user,
        action="membership.deleted",
        organization_id=project.organization_id,
    )


def _keep_a_manager(membership: ProjectMembership, *, new_role: str | None) -> None:
    if membership.role != Role.MANAGER or new_role == Role.MANAGER:
        return
    others = membership.project.memberships.filter(role=Role.MANAGER).exclude(pk=membership.pk)
    if not others.exists():
        raise ValidationFailed("A project keeps at least one manager; name another one first.")
