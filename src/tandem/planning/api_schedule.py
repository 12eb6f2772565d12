"""REST endpoints for the computed schedule (mounted on ``planning.api.router``)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from tandem.core.api import ERRORS
from tandem.projects.policies import access_project

from . import actions
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
