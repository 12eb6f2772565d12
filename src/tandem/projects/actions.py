"""Every write to projects and their memberships."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.core import stored_files, writes
from tandem.core.errors import Conflict, Forbidden, ValidationFailed

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
        raise Forbidden(_("Only organization admins create projects."))
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise ValidationFailed(
            _("Unknown project fields: %(unknown)s") % {"unknown": ", ".join(sorted(unknown))}
        )
    _refuse_code_of_deleted_project(acting_user.organization_id, fields.get("code"))
    project = writes.create(
        Project(organization_id=acting_user.organization_id, **fields),
        actor=acting_user,
        action="project.created",
        exclude_from_clean=["members"],
    )
    manager = manager or acting_user
    if manager.organization_id != acting_user.organization_id:
        raise ValidationFailed(_("The manager must belong to the organization."))
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
        raise ValidationFailed(
            _("Unknown project fields: %(unknown)s") % {"unknown": ", ".join(sorted(unknown))}
        )
    if not has_right(acting_user, project, "project.edit"):
        raise Forbidden(_("Only the project manager edits the project."))
    if MANAGER_ONLY_FIELDS & set(changes) and not has_right(acting_user, project, "budget.edit"):
        raise Forbidden(_("Only the project manager changes the budget."))
    return writes.update(
        project,
        version=version,
        changes=changes,
        actor=acting_user,
        action="project.updated",
        project_id=project.pk,
    )


def _refuse_code_of_deleted_project(organization_id: int, code: str | None) -> None:
    deleted = Project.objects.filter(
        organization_id=organization_id, code=code, deleted_at__isnull=False
    ).first()
    if deleted is not None:
        until = timezone.localdate(purge_after(deleted)).isoformat()
        message = _(
            "The code %(code)s belongs to a deleted project that can be restored until "
            "%(until)s: restore it, or choose another code."
        ) % {"code": code, "until": until}
        raise ValidationFailed(message, fields={"code": [message]})


def may_close(user: Any, project: Project) -> bool:
    """Whether the user may archive, delete or restore the project: its manager or an admin of
    its organization. Asked of the role itself: an archived or deleted project's rights are
    suspended."""
    if is_org_admin(user, project.organization_id):
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    return project.memberships.filter(user_id=user.pk, role=Role.MANAGER).exists()


def _require_manager_or_admin(acting_user: Any, project: Project, message: str) -> None:
    if not may_close(acting_user, project):
        raise Forbidden(message)


def _stamp(
    project: Project, *, version: int, acting_user: Any, action: str, **fields: Any
) -> Project:
    return writes.update(
        project,
        version=version,
        changes=fields,
        actor=acting_user,
        action=action,
        project_id=project.pk,
        organization_id=project.organization_id,
    )


@transaction.atomic
def do_archive_project(project: Project, *, acting_user: Any, version: int) -> Project:
    """Close the project: it leaves the project lists and becomes read-only for everybody until
    it is restored from the archive. Its manager or an admin of its organization may."""
    _require_manager_or_admin(
        acting_user,
        project,
        _("Only the project manager or an organization admin archives a project."),
    )
    if project.archived_at is not None:
        raise Conflict(_("Project %(project)s is already archived.") % {"project": project.code})
    return _stamp(
        project,
        version=version,
        acting_user=acting_user,
        action="project.archived",
        archived_at=timezone.now(),
        archived_by=acting_user,
    )


@transaction.atomic
def do_unarchive_project(project: Project, *, acting_user: Any, version: int) -> Project:
    """Restore an archived project: everyone's rights in it apply again."""
    _require_manager_or_admin(
        acting_user,
        project,
        _("Only the project manager or an organization admin restores a project."),
    )
    if project.archived_at is None:
        raise Conflict(_("Project %(project)s is not archived.") % {"project": project.code})
    return _stamp(
        project,
        version=version,
        acting_user=acting_user,
        action="project.unarchived",
        archived_at=None,
        archived_by=None,
    )


def grace_period() -> dt.timedelta:
    """How long a deleted project stays restorable (``TANDEM_DELETED_PROJECT_GRACE_DAYS``)."""
    return dt.timedelta(days=settings.TANDEM_DELETED_PROJECT_GRACE_DAYS)


def purge_after(project: Project) -> dt.datetime | None:
    """When a deleted project is purged for good (None: not deleted)."""
    return project.deleted_at + grace_period() if project.deleted_at else None


@transaction.atomic
def do_delete_project(project: Project, *, acting_user: Any, version: int) -> Project:
    """Delete a project: it is gone for everyone at once, and its manager or an organization
    admin can restore it for the grace period, after which :func:`do_purge_project` removes it
    with everything in it and its files."""
    if project.deleted_at is not None:
        raise Conflict(_("Project %(project)s is already deleted.") % {"project": project.code})
    _require_manager_or_admin(
        acting_user,
        project,
        _("Only the project manager or an organization admin deletes a project."),
    )
    return _stamp(
        project,
        version=version,
        acting_user=acting_user,
        action="project.deleted",
        deleted_at=timezone.now(),
        deleted_by=acting_user,
    )


@transaction.atomic
def do_restore_project(project: Project, *, acting_user: Any, version: int) -> Project:
    """Bring back a deleted project within its grace period, exactly as it was."""
    _require_manager_or_admin(
        acting_user,
        project,
        _("Only the project manager or an organization admin restores a project."),
    )
    if project.deleted_at is None:
        raise Conflict(_("Project %(project)s is not deleted.") % {"project": project.code})
    return _stamp(
        project,
        version=version,
        acting_user=acting_user,
        action="project.restored",
        deleted_at=None,
        deleted_by=None,
    )


@transaction.atomic
def do_purge_project(project: Project, *, acting_user: Any | None = None) -> None:
    """Remove a deleted project for good, with everything in it (tasks, risks, meetings,
    records, comments...). The audit trail keeps its history (audit rows hold plain ids) and gains
    a ``project.purged`` row with the project's last values; the files stored for its documents
    are removed once the purge has committed. ``acting_user`` None: the periodic purge."""
    if project.deleted_at is None:
        raise Conflict(
            _("Project %(project)s is not deleted; delete it first.") % {"project": project.code}
        )
    # A decision that supersedes another protects it from deletion, even when both go with the
    # project: the links between the project's own decisions are cut first.
    decisions = apps.get_model("records", "Decision")._default_manager
    decisions.filter(project_id=project.pk, supersedes__isnull=False).update(supersedes=None)
    files = stored_files.stored_files_of(project)
    writes.delete(
        project,
        version=project.version,
        actor=acting_user,
        action="project.purged",
        project_id=project.pk,
        organization_id=project.organization_id,
    )
    transaction.on_commit(lambda: stored_files.discard(files))


def purge_expired_projects(now: dt.datetime | None = None) -> list[int]:
    """Purge every deleted project whose grace period is over; the ids purged. Each purge is its
    own transaction, so one failure leaves the others done and is retried on the next run."""
    cutoff = (now or timezone.now()) - grace_period()
    purged = []
    for project in Project.objects.filter(deleted_at__lte=cutoff).order_by("deleted_at"):
        do_purge_project(project)
        purged.append(project.pk)
    return purged


def _may_manage_roles(user: Any, project: Project) -> bool:
    return has_right(user, project, "project.manage_roles") or is_org_admin(
        user, project.organization_id
    )


@transaction.atomic
def do_add_member(project: Project, *, acting_user: Any, user: Any, role: str) -> ProjectMembership:
    if not _may_manage_roles(acting_user, project):
        raise Forbidden(_("Only the project manager or an organization admin assigns roles."))
    if user.organization_id != project.organization_id:
        raise ValidationFailed(_("Only people of the project's organization can join it."))
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
        raise Forbidden(_("Only the project manager or an organization admin changes roles."))
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
        raise Forbidden(_("Only the project manager or an organization admin removes members."))
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
        raise ValidationFailed(_("A project keeps at least one manager; name another one first."))
