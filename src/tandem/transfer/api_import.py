"""REST endpoints of the import: upload (returns the preview), choose the file's project,
confirm (runs the import as a job), and read the import's state, progress and report; and the
update of an imported project from a newer file of its plan (``POST
/api/projects/{id}/imports``: the preview lists the changes; confirm applies them at once)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from tandem.core.api import ERRORS
from tandem.core.errors import PayloadTooLarge, ValidationFailed

from . import import_actions
from .import_sources import max_bytes
from .models import ImportMode, PlanImport
from .wording import worded

import_router = Router(tags=["import and export"])
MULTIPART_OVERHEAD = 64 * 1024
UPLOAD_BODY = {
    "required": True,
    "content": {
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "required": ["file"],
                "properties": {
                    "file": {"type": "string", "format": "binary"},
                    "source_project": {"type": "string", "default": ""},
                    "time_zone": {"type": "string", "default": "UTC"},
                },
            }
        }
    },
}


class ImportOut(Schema):
    id: int
    file_name: str
    format: str
    status: str
    mode: str
    progress: int
    source_project: str
    preview: dict[str, Any]
    report: dict[str, Any]
    error: str
    project_id: int | None
    gantt_url: str | None


class ChooseProjectIn(Schema):
    source_project: str


class ConfirmIn(Schema):
    code: str = ""
    name: str = ""
    resource_mapping: dict[str, str] = {}


def import_out(plan_import: PlanImport) -> dict[str, Any]:
    project_id = plan_import.project_id
    return {
        "id": plan_import.pk,
        "file_name": plan_import.file_name,
        "format": plan_import.file_format,
        "status": plan_import.status,
        "mode": plan_import.mode,
        "progress": plan_import.progress,
        "source_project": plan_import.source_project,
        "preview": worded(plan_import.preview),
        "report": worded(plan_import.report),
        "error": plan_import.error,
        "project_id": project_id,
        "gantt_url": f"/projects/{project_id}/gantt/" if project_id else None,
    }


@import_router.post(
    "/imports", response={201: ImportOut, **ERRORS}, openapi_extra={"requestBody": UPLOAD_BODY}
)
def upload_plan(request: HttpRequest) -> Any:
    """Multipart upload of a plan file (``file``); returns the preview. Over the size limit:
    413 before the body is read; a file that cannot be read: 422 naming the file and line."""
    import_actions.require_importer(request.user)
    upload = _uploaded_file(request)
    plan_import = import_actions.do_upload_plan(
        acting_user=request.user,
        data=upload.read(),
        file_name=upload.name or "plan",
        source_project=request.POST.get("source_project", ""),
        time_zone=_time_zone(request.POST.get("time_zone", "UTC")),
    )
    return Status(201, import_out(plan_import))


def _uploaded_file(request: HttpRequest) -> Any:
    declared = int(request.META.get("CONTENT_LENGTH") or 0)
    limit = min(max_bytes(), int(settings.TANDEM_MAX_UPLOAD_BYTES))
    if declared > limit + MULTIPART_OVERHEAD:
        raise PayloadTooLarge(
            _("The upload is %(declared)s bytes; the limit is %(limit)s bytes.")
            % {"declared": declared, "limit": limit}
        )
    upload = request.FILES.get("file")
    if upload is None:
        raise ValidationFailed(
            _("Send the file as a multipart part named 'file'."),
            fields={"file": [_("This field is required.")]},
        )
    return upload


@import_router.post(
    "/projects/{project_id}/imports",
    response={201: ImportOut, **ERRORS},
    openapi_extra={"requestBody": UPLOAD_BODY},
)
def upload_plan_update(request: HttpRequest, project_id: int) -> Any:
    """Multipart upload of a newer version (``file``) of the plan file the project was imported
    from, matched by the file's unique ids; ``preview["update"]`` lists the changes by task
    name. Confirm it with ``POST /api/imports/{id}/confirm``. Needs the right to edit the
    project (its managers); 422 for a bad file or a file of another plan."""
    upload = _uploaded_file(request)
    plan_import = import_actions.do_upload_update(
        acting_user=request.user,
        project_id=project_id,
        data=upload.read(),
        file_name=upload.name or "plan",
    )
    return Status(201, import_out(plan_import))


def _time_zone(value: str) -> str:
    import zoneinfo  # noqa: PLC0415

    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        message = _("Unknown time zone %(value)s.") % {"value": repr(value)}
        raise ValidationFailed(message, fields={"time_zone": [message]}) from None
    return value


@import_router.get("/imports/{import_id}", response={200: ImportOut, **ERRORS})
def get_plan_import(request: HttpRequest, import_id: int) -> Any:
    return import_out(import_actions.access_plan_import(request.user, import_id))


@import_router.post("/imports/{import_id}/preview", response={200: ImportOut, **ERRORS})
def choose_source_project(request: HttpRequest, import_id: int, payload: ChooseProjectIn) -> Any:
    """Preview another project of a file that holds several (P6)."""
    plan_import = import_actions.access_plan_import(request.user, import_id)
    plan_import = import_actions.do_choose_source_project(
        plan_import, acting_user=request.user, source_project=payload.source_project
    )
    return import_out(plan_import)


@import_router.post(
    "/imports/{import_id}/confirm", response={200: ImportOut, 202: ImportOut, **ERRORS}
)
def confirm_plan_import(request: HttpRequest, import_id: int, payload: ConfirmIn) -> Any:
    """Create the project (a background job; at once without a broker). Poll the import for
    ``status`` done (``project_id``, ``report``) or failed (``error``). An update is applied at
    once (200, ``report``); 409 when the plan changed since its preview (nothing changes)."""
    plan_import = import_actions.access_plan_import(request.user, import_id)
    if plan_import.mode == ImportMode.UPDATE:
        applied = import_actions.do_confirm_plan_update(plan_import, acting_user=request.user)
        return Status(200, import_out(applied))
    import_actions.do_confirm_plan_import(
        plan_import,
        acting_user=request.user,
        code=payload.code,
        name=payload.name,
        resource_mapping=payload.resource_mapping,
    )
    plan_import.refresh_from_db()
    return Status(202, import_out(plan_import))
