"""REST endpoints for the computed schedule and the plan settings (mounted on
``planning.api.router``)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Field, Router, Schema

from tandem.core.api import ERRORS, version_from
from tandem.core.errors import ValidationFailed
from tandem.core.versions import etag
from tandem.projects.policies import access_project
from tandem.resources.models import WorkCalendar

from . import actions
from .baseline_actions import compared_baseline, plan_settings_of
from .scheduling import ProjectSchedule, compute_schedule

router = Router(tags=["schedule"])


class ScheduleRowOut(Schema):
    task_id: int
    wbs_code: str
    name: str
    start: dt.date
    finish: dt.date
    early_start: dt.date
    early_finish: dt.date
    late_start: dt.date
    late_finish: dt.date
    total_float_days: Decimal
    free_float_days: Decimal
    critical: bool
    summary: bool


class ScheduleOut(Schema):
    project_start: dt.date
    project_finish: dt.date
    critical_path: list[int]
    warnings: list[str]
    tasks: list[ScheduleRowOut]
    changed: int | None = None


def schedule_out(schedule: ProjectSchedule, changed: int | None = None) -> dict[str, Any]:
    return {
        "project_start": schedule.project_start,
        "project_finish": schedule.project_finish,
        "critical_path": [t.pk for t in schedule.critical_path],
        "warnings": schedule.warnings,
        "changed": changed,
        "tasks": [
            {
                "task_id": r.task.pk,
                "wbs_code": r.task.wbs_code,
                "name": r.task.name,
                **{k: v for k, v in r.__dict__.items() if k != "task"},
            }
            for r in schedule.rows
        ],
    }


@router.get(
    "/projects/{project_id}/schedule",
    response={200: ScheduleOut, **ERRORS},
    url_name="schedule-detail",
)
def get_schedule(request: HttpRequest, project_id: int):  # type: ignore[no-untyped-def]
    project = access_project(request.user, project_id, "project.view_work")
    return schedule_out(compute_schedule(project))


@router.post(
    "/projects/{project_id}/schedule/apply",
    response={200: ScheduleOut, **ERRORS},
    url_name="schedule-apply",
)
def apply_schedule(request: HttpRequest, project_id: int):  # type: ignore[no-untyped-def]
    project = access_project(request.user, project_id, "tasks.edit")
    schedule, changed = actions.do_apply_schedule(project, acting_user=request.user)
    return schedule_out(schedule, changed)


class PlanSettingsOut(Schema):
    project_id: int
    version: int
    calendar_id: int | None
    calendar_name: str
    hours_per_day: Decimal
    compare_baseline_id: int | None = Field(
        description="The baseline the Gantt and the plan compare against."
    )
    compare_baseline_name: str | None


class PlanSettingsPatch(Schema):
    version: int | None = None
    calendar_id: int | None = None
    hours_per_day: Decimal | None = Field(None, ge=Decimal("0.5"), le=24)
    compare_baseline_id: int | None = None


def _settings_out(settings: Any) -> dict[str, Any]:
    return {
        "project_id": settings.project_id,
        "version": settings.version,
        "calendar_id": settings.calendar_id,
        "calendar_name": settings.calendar.name if settings.calendar_id else "Standard",
        "hours_per_day": settings.hours_per_day,
        "compare_baseline_id": settings.compare_baseline_id,
        "compare_baseline_name": (
            settings.compare_baseline.name if settings.compare_baseline_id else None
        ),
    }


@router.get(
    "/projects/{project_id}/plan-settings",
    response={200: PlanSettingsOut, **ERRORS},
    url_name="plan-settings-detail",
)
def get_plan_settings(request: HttpRequest, project_id: int, response: HttpResponse):  # type: ignore[no-untyped-def]
    project = access_project(request.user, project_id, "project.view_work")
    settings = plan_settings_of(project)
    response["ETag"] = etag(settings)
    return _settings_out(settings)


@router.patch(
    "/projects/{project_id}/plan-settings",
    response={200: PlanSettingsOut, **ERRORS},
    url_name="plan-settings-update",
)
def update_plan_settings(request: HttpRequest, project_id: int, payload: PlanSettingsPatch):  # type: ignore[no-untyped-def]
    project = access_project(request.user, project_id, "project.view_work")
    changes = payload.dict(exclude_unset=True)
    version = version_from(request, changes.pop("version", None))
    if "calendar_id" in changes:
        cid = changes.pop("calendar_id")
        calendar = None
        if cid is not None:
            calendar = WorkCalendar.objects.filter(
                pk=cid, organization_id=project.organization_id
            ).first()
            if calendar is None:
                raise ValidationFailed(f"No calendar {cid}.", fields={"calendar_id": ["unknown"]})
        changes["calendar"] = calendar
    if "compare_baseline_id" in changes:
        changes["compare_baseline"] = compared_baseline(project, changes.pop("compare_baseline_id"))
    if changes.get("hours_per_day", 0) is None:
        raise ValidationFailed("hours_per_day cannot be null.", fields={"hours_per_day": ["null"]})
    settings = actions.do_update_plan_settings(
        project, acting_user=request.user, version=version, changes=changes
    )
    return _settings_out(settings)
