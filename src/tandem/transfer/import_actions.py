"""The import flow's writes: upload (with its preview), choose the file's project, confirm, and
the job that runs a confirmed import. The API, the pages and the command line share them.

Only organization admins import (they are who may create projects: ``projects.actions``). An
upload is seen by the person who made it alone; others get 404.

An update (``mode`` "update", ``tandem.transfer.updating``) is a newer file of the plan a
project was imported from: uploaded for that project by someone who may edit it (its
managers), previewed, and applied at once when confirmed, unless the plan changed meanwhile.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from tandem.core.errors import Forbidden, NotFound, ValidationFailed
from tandem.projects.policies import access_project, is_org_admin

from .import_jobs import run_plan_import
from .importing import preview_import
from .models import ImportMode, ImportStatus, PlanImport
from .updating import do_update_project, preview_update, update_json


def require_importer(user: Any) -> None:
    if not is_org_admin(user):
        raise Forbidden(_("Only organization admins import plans (it creates a project)."))


def access_plan_import(user: Any, import_id: int) -> PlanImport:
    """The upload if the user made it (404 otherwise, so ids do not leak)."""
    found = PlanImport.objects.filter(
        pk=import_id, created_by_id=getattr(user, "pk", None), organization_id=user.organization_id
    ).first()
    if found is None:
        raise NotFound(_("No import %(import_id)s.") % {"import_id": import_id})
    return found


def _preview_json(plan_import: PlanImport, source_project: str) -> dict[str, Any]:
    preview = preview_import(
        bytes(plan_import.data),
        plan_import.file_name,
        acting_user=plan_import.created_by,
        source_project=source_project or None,
        time_zone=plan_import.time_zone,
    )
    plan_import.file_format = preview.kind
    return preview.as_json()


def do_upload_plan(
    *,
    acting_user: Any,
    data: bytes,
    file_name: str,
    source_project: str = "",
    time_zone: str = "UTC",
) -> PlanImport:
    """Read the file and keep it with its preview; a bad file is a 422 and nothing is kept."""
    require_importer(acting_user)
    file_name = clean_file_name(file_name)
    plan_import = PlanImport(
        organization_id=acting_user.organization_id,
        created_by=acting_user,
        file_name=file_name,
        data=data,
        source_project=source_project[:100],
        time_zone=time_zone,
    )
    plan_import.preview = _preview_json(plan_import, source_project)
    plan_import.save()
    return plan_import


@transaction.atomic
def do_choose_source_project(
    plan_import: PlanImport, *, acting_user: Any, source_project: str
) -> PlanImport:
    """Preview another project of a multi-project file."""
    require_importer(acting_user)
    if plan_import.status != ImportStatus.PREVIEW:
        raise ValidationFailed(_("This import is no longer waiting for review."))
    plan_import.preview = _preview_json(plan_import, source_project)
    plan_import.source_project = source_project[:100]
    plan_import.save(update_fields=["preview", "source_project", "file_format", "updated_at"])
    return plan_import


def _valid_mapping(plan_import: PlanImport, mapping: dict[str, str]) -> dict[str, str]:
    known = {r["source_id"] for r in plan_import.preview.get("resources", [])}
    bad = [k for k, v in mapping.items() if k not in known or not _choice_ok(v)]
    if bad:
        message = _("Unknown resources or choices in the mapping: %(names)s") % {
            "names": ", ".join(sorted(bad))
        }
        raise ValidationFailed(message, fields={"resource_mapping": [message]})
    return mapping


def _choice_ok(value: str) -> bool:
    kind, _, ident = value.partition(":")
    return value == "new" or (kind in {"person", "resource"} and ident.isdigit())


@transaction.atomic
def do_confirm_plan_import(
    plan_import: PlanImport,
    *,
    acting_user: Any,
    code: str = "",
    name: str = "",
    resource_mapping: dict[str, str] | None = None,
) -> PlanImport:
    """Queue the import (it runs at once when no job broker is configured)."""
    require_importer(acting_user)
    locked = PlanImport.objects.select_for_update().get(pk=plan_import.pk)
    if locked.status != ImportStatus.PREVIEW:
        raise ValidationFailed(_("This import was already confirmed."))
    locked.resource_mapping = _valid_mapping(locked, resource_mapping or {})
    locked.project_code = code.strip()[:20]
    locked.project_name = name.strip()[:200]
    locked.status = ImportStatus.QUEUED
    locked.progress = 0
    locked.save()
    transaction.on_commit(lambda: run_plan_import.delay(locked.pk))
    return locked


def clean_file_name(file_name: str) -> str:
    return (file_name or "plan").replace("\\", "/").rsplit("/", 1)[-1][:255]


def do_upload_update(
    *, acting_user: Any, project_id: int, data: bytes, file_name: str
) -> PlanImport:
    """Read a newer file of the project's plan and keep it with what it changes; 404/403
    without the right to edit the project, 422 for a bad file or another plan (nothing kept)."""
    project = access_project(acting_user, project_id, "project.edit")
    file_name = clean_file_name(file_name)
    update = preview_update(project, data, file_name, acting_user=acting_user)
    return PlanImport.objects.create(
        organization_id=project.organization_id,
        created_by=acting_user,
        file_name=file_name,
        file_format=update.file.kind,
        data=data,
        time_zone=project.time_zone,
        mode=ImportMode.UPDATE,
        project=project,
        preview={**update.file.as_json(), "update": update_json(update)},
    )


@transaction.atomic
def do_confirm_plan_update(plan_import: PlanImport, *, acting_user: Any) -> PlanImport:
    """Apply a previewed update; 409 when the plan changed since the preview (nothing changes:
    upload the file again), 422 when it was already applied."""
    locked = PlanImport.objects.select_for_update().get(pk=plan_import.pk)
    if locked.status != ImportStatus.PREVIEW or locked.project_id is None:
        raise ValidationFailed(_("This update was already applied."))
    result = do_update_project(
        locked.project_id,
        bytes(locked.data),
        locked.file_name,
        acting_user=acting_user,
        token=str(locked.preview.get("update", {}).get("token", "")),
        plan_import=locked,
    )
    locked.status = ImportStatus.DONE
    locked.progress = 100
    locked.report = result.report
    locked.data = b""
    locked.save()
    return locked
