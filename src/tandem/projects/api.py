"""REST endpoints for projects and their members."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from tandem.core.api import ERRORS, StrictIn, version_from
from tandem.core.errors import NotFound
from tandem.core.pagination import Pagination
from tandem.core.versions import etag

from . import actions, queries
from .models import Project, ProjectMembership, Role
from .policies import can_see_budget

router = Router(tags=["projects"])


class ProjectOut(Schema):
    id: int
    version: int
    code: str
    name: str
    scope: str
    success_criteria: str
    start_date: dt.date
    target_date: dt.date
    time_zone: str
    budget: Decimal | None = Field(
        None, description="Null for people whose role does not show the budget (stakeholders)."
    )
    currency: str
    health: str
    health_reason: str
    status: str
    archived_at: dt.datetime | None = Field(
        None, description="When the project was archived (read-only until restored); null if not."
    )

    @staticmethod
    def resolve_budget(obj: Project, context: dict[str, Any]) -> Decimal | None:
        return obj.budget if can_see_budget(context["request"].user, obj) else None


class ProjectIn(StrictIn):
    code: str
    name: str
    scope: str = ""
    success_criteria: str = ""
    start_date: dt.date
    target_date: dt.date
    time_zone: str = "UTC"
    budget: Decimal = Decimal("0")
    currency: str = "EUR"
    manager_id: int | None = None


class ProjectPatch(StrictIn):
    version: int | None = None
    code: str | None = None
    name: str | None = None
    scope: str | None = None
    success_criteria: str | None = None
    start_date: dt.date | None = None
    target_date: dt.date | None = None
    time_zone: str | None = None
    budget: Decimal | None = None
    currency: str | None = None
    health: str | None = None
    health_reason: str | None = None
    status: str | None = None


class MemberOut(Schema):
    id: int
    version: int
    user_id: int
    username: str
    display_name: str
    role: str


class MemberIn(StrictIn):
    user_id: int
    role: Role


class MemberPatch(StrictIn):
    version: int | None = None
    role: Role


def _member_out(m: ProjectMembership) -> dict[str, object]:
    return {
        "id": m.pk,
        "version": m.version,
        "user_id": m.user_id,
        "username": m.user.username,
        "display_name": str(m.user),
        "role": m.role,
    }


class DeletedProjectOut(Schema):
    id: int
    version: int
    code: str
    name: str
    deleted_at: dt.datetime
    deleted_by: str | None
    purge_after: dt.datetime = Field(description="When the project is removed for good.")

    @staticmethod
    def resolve_deleted_by(obj: Project) -> str | None:
        return str(obj.deleted_by) if obj.deleted_by else None

    @staticmethod
    def resolve_purge_after(obj: Project) -> dt.datetime | None:
        return actions.purge_after(obj)


@router.get("/projects", response=list[ProjectOut])
@paginate(Pagination)
def list_projects(
    request: HttpRequest,
    status: str | None = None,
    q: str | None = None,
    archived: bool | None = None,
) -> QuerySet[Project]:
    """The projects you are in; ``archived=false`` leaves out archived ones, ``true`` lists only
    them."""
    return queries.list_projects(request.user, status=status, search=q, archived=archived)


@router.get("/projects/deleted", response={200: list[DeletedProjectOut], **ERRORS})
def list_deleted_projects(request: HttpRequest) -> list[Project]:
    """Deleted projects you may restore before they are purged (organization admins: all of
    the organization's; managers: their own)."""
    return list(queries.list_deleted_projects(request.user))


@router.post("/projects/{project_id}/restore", response={200: ProjectOut, **ERRORS})
def restore_project(request: HttpRequest, project_id: int) -> Project:
    """Bring back a deleted project within its grace period (If-Match: its version)."""
    project = queries.get_deleted_project(request.user, project_id)
    return actions.do_restore_project(
        project, acting_user=request.user, version=version_from(request)
    )


@router.post("/projects/{project_id}/archive", response={200: ProjectOut, **ERRORS})
def archive_project(request: HttpRequest, project_id: int) -> Project:
    """Archive the project: read-only for everybody until restored (manager or organization
    admin; If-Match)."""
    project = queries.get_project_to_manage(request.user, project_id)
    return actions.do_archive_project(
        project, acting_user=request.user, version=version_from(request)
    )


@router.post("/projects/{project_id}/unarchive", response={200: ProjectOut, **ERRORS})
def unarchive_project(request: HttpRequest, project_id: int) -> Project:
    """Restore the project from the archive (manager or organization admin; If-Match)."""
    project = queries.get_project_to_manage(request.user, project_id)
    return actions.do_unarchive_project(
        project, acting_user=request.user, version=version_from(request)
    )


@router.post("/projects", response={201: ProjectOut, **ERRORS})
def create_project(request: HttpRequest, payload: ProjectIn) -> Status[Project]:
    data = payload.dict()
    manager_id = data.pop("manager_id")
    manager = None
    if manager_id is not None:
        manager = (
            get_user_model()
            .objects.filter(
                pk=manager_id, organization_id=getattr(request.user, "organization_id", 0)
            )
            .first()
        )
        if manager is None:
            raise NotFound(
                _("No person %(manager_id)s in your organization.") % {"manager_id": manager_id}
            )
    return Status(201, actions.do_create_project(acting_user=request.user, manager=manager, **data))


@router.get("/projects/{project_id}", response={200: ProjectOut, **ERRORS})
def get_project(request: HttpRequest, project_id: int, response: HttpResponse) -> Project:
    project = queries.get_project(request.user, project_id)
    response["ETag"] = etag(project)
    return project


@router.patch("/projects/{project_id}", response={200: ProjectOut, **ERRORS})
def update_project(request: HttpRequest, project_id: int, payload: ProjectPatch) -> Project:
    project = queries.get_project(request.user, project_id, "project.edit")
    changes = payload.dict(exclude_unset=True)
    version = version_from(request, changes.pop("version", None))
    return actions.do_update_project(
        project, acting_user=request.user, version=version, changes=changes
    )


@router.delete("/projects/{project_id}", response={204: None, **ERRORS})
def delete_project(request: HttpRequest, project_id: int) -> Any:
    """Delete the project (manager or organization admin; If-Match). It disappears at once and
    stays restorable (``POST /projects/{id}/restore``) for the grace period, then it is removed
    for good with everything in it and its files."""
    project = queries.get_project_to_manage(request.user, project_id)
    actions.do_delete_project(project, acting_user=request.user, version=version_from(request))
    return Status(204, None)


@router.get("/projects/{project_id}/members", response={200: list[MemberOut], **ERRORS})
def list_members(request: HttpRequest, project_id: int) -> list[dict[str, object]]:
    return [_member_out(m) for m in queries.list_members(request.user, project_id)]


@router.post("/projects/{project_id}/members", response={201: MemberOut, **ERRORS})
def add_member(
    request: HttpRequest, project_id: int, payload: MemberIn
) -> Status[dict[str, object]]:
    project = queries.get_project(request.user, project_id, "project.view_work")
    user = (
        get_user_model()
        .objects.filter(pk=payload.user_id, organization_id=project.organization_id)
        .first()
    )
    if user is None:
        raise NotFound(
            _("No person %(user_id)s in this organization.") % {"user_id": payload.user_id}
        )
    m = actions.do_add_member(project, acting_user=request.user, user=user, role=payload.role)
    return Status(201, _member_out(m))


@router.patch("/memberships/{membership_id}", response={200: MemberOut, **ERRORS})
def change_member(
    request: HttpRequest, membership_id: int, payload: MemberPatch
) -> dict[str, object]:
    m = queries.get_membership(request.user, membership_id)
    version = version_from(request, payload.version)
    m = actions.do_change_member_role(
        m, acting_user=request.user, version=version, role=payload.role
    )
    return _member_out(m)


@router.delete("/memberships/{membership_id}", response={204: None, **ERRORS})
def remove_member(request: HttpRequest, membership_id: int) -> Status[None]:
    m = queries.get_membership(request.user, membership_id)
    actions.do_remove_member(m, acting_user=request.user, version=version_from(request))
    return Status(204, None)
