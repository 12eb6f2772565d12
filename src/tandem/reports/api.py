"""REST endpoints of reports: draft from the data, read (as the reader may), edit the words,
publish (and email the PDF), download the PDF, and the project's schedule."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from tandem.core.api import ERRORS, StrictIn, version_from
from tandem.core.errors import NotFound
from tandem.core.versions import etag
from tandem.projects.policies import access_project

from . import actions, queries
from .downloads import pdf_response
from .presenters import report_view

router = Router(tags=["reports"])


class ReportSectionOut(Schema):
    key: str
    title: str
    columns: list[str]
    rows: list[list[str]]
    hidden: int


class ReportOut(Schema):
    id: int
    version: int  # the status update's: send it back to edit or publish
    project_id: int
    status_update_id: int
    period_start: dt.date
    period_end: dt.date
    rag: str
    audience: str
    summary: str
    achievements: str
    next_steps: str
    blockers: str
    published: bool
    published_at: dt.datetime | None
    generated_at: dt.datetime
    emailed_at: dt.datetime | None
    sections: list[ReportSectionOut]


class ReportListOut(Schema):
    id: int
    version: int
    period_start: dt.date
    period_end: dt.date
    rag: str
    published: bool


class ReportDraftIn(StrictIn):
    period_start: dt.date
    period_end: dt.date
    audience: str = "stakeholders"


class ReportPatch(StrictIn):
    version: int | None = None
    rag: str | None = None
    summary: str | None = None
    achievements: str | None = None
    next_steps: str | None = None
    blockers: str | None = None
    audience: str | None = None


class ReportPublishIn(StrictIn):
    version: int | None = None


class ReportScheduleOut(Schema):
    id: int
    version: int
    project_id: int
    active: bool
    weekday: int
    time: dt.time
    audience: str
    mode: str
    owner_id: int | None


class ReportScheduleIn(StrictIn):
    version: int | None = None
    active: bool = True
    weekday: int
    time: dt.time
    audience: str = "stakeholders"
    mode: str = "approve"


def _out(request: HttpRequest, report: Any, response: HttpResponse | None = None) -> Any:
    view = report_view(request.user, report)
    update = view["update"]
    if response is not None:
        response["ETag"] = etag(update)
    return {
        "id": report.pk,
        "version": update.version,
        "project_id": update.project_id,
        "status_update_id": update.pk,
        "period_start": update.period_start,
        "period_end": update.period_end,
        "rag": update.rag,
        "audience": update.audience,
        "summary": update.summary,
        "achievements": update.achievements,
        "next_steps": update.next_steps,
        "blockers": update.blockers,
        "published": update.published,
        "published_at": update.published_at,
        "generated_at": report.generated_at,
        "emailed_at": report.emailed_at,
        "sections": view["sections"],
    }


@router.get("/projects/{project_id}/reports", response={200: list[ReportListOut], **ERRORS})
def list_reports(request: HttpRequest, project_id: int) -> Any:
    return [
        {
            "id": r.pk,
            "version": r.status_update.version,
            "period_start": r.status_update.period_start,
            "period_end": r.status_update.period_end,
            "rag": r.status_update.rag,
            "published": r.status_update.published,
        }
        for r in queries.list_reports(request.user, project_id)[:200]
    ]


@router.post("/projects/{project_id}/reports", response={201: ReportOut, **ERRORS})
def draft_report(request: HttpRequest, project_id: int, payload: ReportDraftIn) -> Any:
    """A draft drawn from the project's data for the period (a lead's)."""
    project = access_project(request.user, project_id, "project.view")
    report = actions.do_draft_report(project, acting_user=request.user, **payload.dict())
    return Status(201, _out(request, report))


@router.get("/reports/{report_id}", response={200: ReportOut, **ERRORS})
def get_report(request: HttpRequest, report_id: int, response: HttpResponse) -> Any:
    return _out(request, queries.get_report(request.user, report_id), response)


@router.patch("/reports/{report_id}", response={200: ReportOut, **ERRORS})
def edit_report(
    request: HttpRequest, report_id: int, payload: ReportPatch, response: HttpResponse
) -> Any:
    report = queries.get_report(request.user, report_id, "update")
    changes = payload.dict(exclude_unset=True)
    version = version_from(request, changes.pop("version", None))
    report = actions.do_edit_report(
        report, acting_user=request.user, version=version, changes=changes
    )
    return _out(request, report, response)


@router.post("/reports/{report_id}/publish", response={200: ReportOut, **ERRORS})
def publish_report(request: HttpRequest, report_id: int, payload: ReportPublishIn) -> Any:
    """Publish to the report's audience and email them the PDF."""
    report = queries.get_report(request.user, report_id, "publish")
    report = actions.do_publish_report(
        report, acting_user=request.user, version=version_from(request, payload.version)
    )
    return _out(request, report)


@router.get(
    "/reports/{report_id}/pdf",
    response={200: None, **ERRORS},
    openapi_extra={
        "responses": {
            "200": {
                "description": "The report as PDF",
                "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def report_pdf(request: HttpRequest, report_id: int) -> Any:
    """The report as a PDF with its charts, as this reader may see it."""
    return pdf_response(request.user, queries.get_report(request.user, report_id))


@router.get("/projects/{project_id}/report-schedule", response={200: ReportScheduleOut, **ERRORS})
def get_schedule(request: HttpRequest, project_id: int, response: HttpResponse) -> Any:
    found = queries.schedule_of(request.user, project_id)
    if found is None:
        raise NotFound(_("This project has no report schedule yet."))
    response["ETag"] = etag(found)
    return found


@router.put("/projects/{project_id}/report-schedule", response={200: ReportScheduleOut, **ERRORS})
def save_schedule(request: HttpRequest, project_id: int, payload: ReportScheduleIn) -> Any:
    """Create or replace the weekly schedule (the manager's)."""
    project = access_project(request.user, project_id, "project.view")
    return actions.do_save_schedule(project, acting_user=request.user, **payload.dict())
