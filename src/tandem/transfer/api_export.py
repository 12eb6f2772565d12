"""``GET /api/projects/{id}/export?format=mspdi|csv|xlsx|ics``: the project's plan as a file
(see ``tandem.transfer.exporting`` for what each format holds and who may export it)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Query, Router, Schema

from tandem.core.api import ERRORS

from .exporting import CONTENT_TYPES, LABELS, ExportFile, ExportFormat, export_project

router = Router()

_BINARY = {"schema": {"type": "string", "format": "binary"}}
FILE_RESPONSE = {
    "description": "The file, as an attachment named after the project's code: "
    + "; ".join(f"`{f}` {LABELS[f]} ({CONTENT_TYPES[f].split(';')[0]})" for f in ExportFormat)
    + ".",
    "content": {CONTENT_TYPES[f].split(";")[0]: _BINARY for f in ExportFormat},
}


class ExportQuery(Schema):
    format: ExportFormat


def file_response(exported: ExportFile) -> HttpResponse:
    response = HttpResponse(exported.content, content_type=exported.content_type)
    response["Content-Disposition"] = f'attachment; filename="{exported.filename}"'
    return response


@router.get(
    "/projects/{project_id}/export",
    response={200: None, **ERRORS},
    openapi_extra={"responses": {200: FILE_RESPONSE}},
    summary="Export the project's plan",
)
def export_plan(request: HttpRequest, project_id: int, query: Query[ExportQuery]) -> HttpResponse:
    """MS Project XML, CSV or Excel need the right to read the plan (not stakeholders);
    iCalendar (milestones, and the meetings the caller sees) is open to everyone in the
    project. Resources' rates appear only for callers who may see rates."""
    exported = export_project(request.user, project_id, query.format, now=timezone.now())
    return file_response(exported)
