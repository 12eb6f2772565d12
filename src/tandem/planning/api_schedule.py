"""REST endpoints for the computed schedule and the plan settings (mounted on
``planning.api.router``)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from tandem.core.api import ERRORS, StrictIn, version_from
from tandem.core.errors import ValidationFailed
from tandem.core.versions import etag
from tandem.projects.policies import access_project
from tandem.resources.models import WorkCalendar

from . import actions
from .baseline_actions import compared_baseline, plan_settings_of
from .schedule_actions import MovedTask, PlanOutcome, auto_scheduled, pending_changes
from .scheduling import ProjectSchedule, compute_schedule

router = Router(tags=["schedule"])


class RescheduledOut(Schema):
    """A task whose planned dates a write moved (or, in a preview, would move)."""

    id: int
    name: str
    wbs_code: str
    start: dt.date
    finish: dt.date
    previous_start: dt.date | None
    previous_finish: dt.date | None
    version: int


class RescheduleOut(Schema):
    rescheduled: list[RescheduledOut]


def moved_out(moved: MovedTask) -> dict[str, Any]:
    return {
        "id": moved.id,
        "name": moved.name,
        "wbs_code": moved.wbs_code,
        "start": moved.start,
        "finish": moved.finish,
        "previous_start": moved.previous_start,
        "previous_finish": moved.previous_finish,
        "version": moved.version,
    }


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
    warnings: list[str] = Field(
        [], description="What the schedule cannot honour on this task, naming what drives it."
    )


class ScheduleOut(Schema):
    project_start: dt.date
    project_finish: dt.date
    critical_path: list[int]
    warnings: list[str]
    tasks: list[ScheduleRowOut]
    changed: int | None = None
    auto_schedule: bool = True


class SchedulePreviewOut(Schema):
    auto_schedule: bool
    changes: list[RescheduledOut] = Field(
        ...,
        description="What POST /schedule/apply would write: each task whose computed dates "
        "differ from its planned ones, with its version after the apply.",
    )


def schedule_out(
    schedule: ProjectSchedule, changed: int | None = None, *, auto: bool = True
) -> dict[str, Any]:
    return {
        "project_start": schedule.project_start,
        "project_finish": schedule.project_finish,
        "critical_path": [t.pk for t in schedule.critical_path],
        "warnings": schedule.warnings,
        "changed": changed,
        "auto_schedule": auto,
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
def get_schedule(request: HttpRequest, project_id: int) -> dict[str, Any]:
    project = access_project(request.user, project_id, "project.view_work")
    return schedule_out(compute_schedule(project), auto=auto_scheduled(project))


@router.get(
    "/projects/{project_id}/schedule/preview",
    response={200: SchedulePreviewOut, **ERRORS},
    url_name="schedule-preview",
)
def preview_schedule(request: HttpRequest, project_id: int) -> dict[str, Any]:
    """What applying the computed dates would change (manually scheduled projects apply them
    with POST /schedule/apply; automatically scheduled ones are always up to date)."""
    project = access_project(request.user, project_id, "project.view_work")
    changes = pending_changes(compute_schedule(project))
    return {
        "auto_schedule": auto_scheduled(project),
        "changes": [moved_out(m) for m in changes],
    }


@router.post(
    "/projects/{project_id}/schedule/apply",
    response={200: ScheduleOut, **ERRORS},
    url_name="schedule-apply",
)
def apply_schedule(request: HttpRequest, project_id: int) -> dict[str, Any]:
    project = access_project(request.user, project_id, "tasks.edit")
    schedule, changed = actions.do_apply_schedule(project, acting_user=request.user)
    return schedule_out(schedule, changed, auto=auto_scheduled(project))


class PlanSettingsOut(Schema):
    project_id: int
    version: int
    calendar_id: int | None
    calendar_name: str
    hours_per_day: Decimal
    auto_schedule: bool
    status_date: dt.date | None
    compare_baseline_id: int | None = Field(
        description="The baseline the Gantt and the plan compare against."
    )
    compare_baseline_name: str | None
    rescheduled: list[RescheduledOut] = Field([], description="Tasks whose dates this write moved.")


class PlanSettingsPatch(StrictIn):
    version: int | None = None
    calendar_id: int | None = None
    hours_per_day: Decimal | None = Field(None, ge=Decimal("0.5"), le=24)
    auto_schedule: bool | None = None
    status_date: dt.date | None = None
    compare_baseline_id: int | None = None


def _settings_out(settings: Any, outcome: PlanOutcome | None = None) -> dict[str, Any]:
    return {
        "project_id": settings.project_id,
        "version": settings.version,
        "calendar_id": settings.calendar_id,
        "calendar_name": settings.calendar.name if settings.calendar_id else "Standard",
        "hours_per_day": settings.hours_per_day,
        "auto_schedule": settings.auto_schedule,
        "status_date": settings.status_date,
        "compare_baseline_id": settings.compare_baseline_id,
        "compare_baseline_name": (
            settings.compare_baseline.name if settings.compare_baseline_id else None
        ),
        "rescheduled": [moved_out(m) for m in outcome.rescheduled] if outcome else [],
    }


@router.get(
    "/projects/{project_id}/plan-settings",
    response={200: PlanSettingsOut, **ERRORS},
    url_name="plan-settings-detail",
)
def get_plan_settings(
    request: HttpRequest, project_id: int, response: HttpResponse
) -> dict[str, Any]:
    project = access_project(request.user, project_id, "project.view_work")
    settings = plan_settings_of(project)
    response["ETag"] = etag(settings)
    return _settings_out(settings)


@router.patch(
    "/projects/{project_id}/plan-settings",
    response={200: PlanSettingsOut, **ERRORS},
    url_name="plan-settings-update",
)
def update_plan_settings(
    request: HttpRequest, project_id: int, payload: PlanSettingsPatch
) -> dict[str, Any]:
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
                raise ValidationFailed(
                    _("No calendar %(cid)s.") % {"cid": cid}, fields={"calendar_id": [_("unknown")]}
                )
        changes["calendar"] = calendar
    if "compare_baseline_id" in changes:
        changes["compare_baseline"] = compared_baseline(project, changes.pop("compare_baseline_id"))
    for key in ("hours_per_day", "auto_schedule"):
        if key in changes and changes[key] is None:
            raise ValidationFailed(
                _("%(key)s cannot be null.") % {"key": key}, fields={key: [_("null")]}
            )
    outcome = PlanOutcome()
    settings = actions.do_update_plan_settings(
        project, acting_user=request.user, version=version, changes=changes, outcome=outcome
    )
    return _settings_out(settings, outcome)
