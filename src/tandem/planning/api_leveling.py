"""REST endpoints for workload and resource leveling (mounted on ``planning.api.router``).

Workload: ``GET /projects/{id}/workload`` and ``GET /workload`` (every project where the caller
sees the work). Leveling (the manager's): preview, follow a background run, cancel it, apply a
finished preview, clear the delays.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.responses import Status

from tandem.core.api import ERRORS, version_from
from tandem.core.errors import NotFound, PreconditionFailed
from tandem.core.versions import etag
from tandem.projects.policies import access_project, project_ids_with_right

from .leveling_actions import (
    MAX_TIME_LIMIT,
    do_apply_leveling,
    do_cancel_leveling,
    do_clear_leveling,
    do_preview_leveling,
)
from .models import LevelingRun
from .policies import LEVEL_RIGHT
from .workload import Workload, organization_workload, project_workload

router = Router(tags=["workload and leveling"])

Scale = Literal["day", "week", "month"]


class PeriodOut(Schema):
    start: dt.date
    end: dt.date
    label: str


class CellOut(Schema):
    work_hours: float
    capacity_hours: float
    load_pct: float | None = Field(description="Booked over available hours, in percent.")
    peak_pct: float | None = Field(description="The busiest day's load, in percent.")
    over: bool = Field(description="Some day of the period is booked beyond its capacity.")
    task_ids: list[int] = Field(description="Tasks booked on the over-allocated days.")


class WorkloadRowOut(Schema):
    key: str = Field(description='"person-<user id>" or "resource-<resource id>".')
    name: str
    kind: str
    max_units: float
    over_periods: int
    cells: list[CellOut]


class WorkloadTaskOut(Schema):
    id: int
    wbs_code: str
    name: str
    project_id: int
    project_code: str
    start: dt.date
    finish: dt.date


class WorkloadOut(Schema):
    scale: str
    start: dt.date
    end: dt.date
    periods: list[PeriodOut]
    rows: list[WorkloadRowOut]
    tasks: list[WorkloadTaskOut]


def workload_out(workload: Workload) -> dict[str, Any]:
    def number(value: float | None) -> float | None:
        return None if value is None or value == float("inf") else round(value, 2)

    return {
        "scale": workload.scale,
        "start": workload.start,
        "end": workload.end,
        "periods": [{"start": p.start, "end": p.end, "label": p.label} for p in workload.periods],
        "rows": [
            {
                "key": r.key,
                "name": r.name,
                "kind": r.kind,
                "max_units": r.max_units,
                "over_periods": r.over_periods,
                "cells": [
                    {
                        "work_hours": round(c.work_hours, 2),
                        "capacity_hours": round(c.capacity_hours, 2),
                        "load_pct": number(c.load_pct),
                        "peak_pct": number(c.peak_pct),
                        "over": c.over,
                        "task_ids": list(c.task_ids),
                    }
                    for c in r.cells
                ],
            }
            for r in workload.rows
        ],
        "tasks": [
            {
                "id": t.id,
                "wbs_code": t.wbs_code,
                "name": t.name,
                "project_id": t.project_id,
                "project_code": t.project_code,
                "start": t.start,
                "finish": t.finish,
            }
            for t in workload.tasks.values()
        ],
    }


@router.get(
    "/projects/{project_id}/workload",
    response={200: WorkloadOut, **ERRORS},
    url_name="project-workload",
)
def get_project_workload(
    request: HttpRequest,
    project_id: int,
    scale: Scale = "week",
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> Any:
    """Load of each person and resource of the project per period against their capacity
    (``planning.workload``); ``start`` defaults to the first assigned task's start."""
    return workload_out(project_workload(request.user, project_id, scale, start, end))


@router.get("/workload", response={200: WorkloadOut, **ERRORS}, url_name="workload")
def get_workload(
    request: HttpRequest,
    scale: Scale = "week",
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> Any:
    """The same across every project where the caller sees the work (only those projects'
    tasks count)."""
    return workload_out(organization_workload(request.user, scale, start, end))


class LevelingIn(Schema):
    method: Literal["heuristic", "cpsat"] = "heuristic"
    time_limit: int | None = Field(
        None,
        ge=1,
        le=MAX_TIME_LIMIT,
        description="Seconds (CP-SAT runs in the background; default 10).",
    )


class TaskRefOut(Schema):
    task_id: int
    label: str


class ReasonOut(Schema):
    resource: str
    first_day: str
    last_day: str
    competing: list[TaskRefOut]


class MoveOut(Schema):
    task_id: int
    wbs_code: str
    name: str
    delay_days: int = Field(description="Elapsed days of leveling delay after applying.")
    previous_delay_days: int
    old_start: str | None
    old_finish: str | None
    new_start: str
    new_finish: str
    reasons: list[ReasonOut] = Field(
        description="Per resource: the days it was fully used and the tasks using it."
    )
    waits_for: list[TaskRefOut] = Field(description="Delayed predecessors that hold it back.")


class ProposalOut(Schema):
    method: str
    status: str
    seconds: float
    old_finish: str
    new_finish: str
    unleveled_finish: str
    over_allocations_before: int
    over_allocations_after: int
    moves: list[MoveOut]


class LevelingRunOut(Schema):
    id: int
    version: int
    project_id: int
    method: str
    status: str
    progress: int
    time_limit_seconds: int
    error: str
    proposal: ProposalOut | None

    @staticmethod
    def resolve_proposal(obj: LevelingRun) -> dict[str, Any] | None:
        return obj.result or None


class AppliedOut(Schema):
    run: LevelingRunOut
    changed_tasks: int


class ClearedOut(Schema):
    changed_tasks: int


def _run(request: HttpRequest, run_id: int) -> LevelingRun:
    """A leveling run of a project where the caller may level (404 otherwise: runs are the
    manager's working papers)."""
    run = (
        LevelingRun.objects.filter(
            pk=run_id, project_id__in=project_ids_with_right(request.user, LEVEL_RIGHT)
        )
        .select_related("project")
        .first()
    )
    if run is None:
        raise NotFound(_("No leveling run %(run_id)s.") % {"run_id": run_id})
    return run


@router.post(
    "/projects/{project_id}/leveling/preview",
    response={201: LevelingRunOut, **ERRORS},
    url_name="leveling-preview",
)
def preview_leveling(
    request: HttpRequest, project_id: int, payload: LevelingIn, response: HttpResponse
) -> Any:
    """Level the plan without changing it: the heuristic answers at once (status ``done``),
    CP-SAT runs in the background (``queued``; follow ``GET /leveling-runs/{id}``)."""
    project = access_project(request.user, project_id, LEVEL_RIGHT)
    run = do_preview_leveling(
        project, acting_user=request.user, method=payload.method, time_limit=payload.time_limit
    )
    run.refresh_from_db()
    response["ETag"] = etag(run)
    return Status(201, run)


@router.get(
    "/leveling-runs/{run_id}", response={200: LevelingRunOut, **ERRORS}, url_name="leveling-run"
)
def get_leveling_run(request: HttpRequest, run_id: int, response: HttpResponse) -> Any:
    run = _run(request, run_id)
    response["ETag"] = etag(run)
    return run


@router.post(
    "/leveling-runs/{run_id}/cancel",
    response={200: LevelingRunOut, **ERRORS},
    url_name="leveling-cancel",
)
def cancel_leveling(request: HttpRequest, run_id: int) -> Any:
    return do_cancel_leveling(_run(request, run_id), acting_user=request.user)


@router.post(
    "/leveling-runs/{run_id}/apply",
    response={200: AppliedOut, **ERRORS},
    url_name="leveling-apply",
)
def apply_leveling(request: HttpRequest, run_id: int) -> Any:
    """Store the preview's leveling delays and reschedule (If-Match: the run's version). 409
    when the plan changed since the preview or the run is not finished."""
    run = _run(request, run_id)
    if version_from(request) != run.version:
        raise PreconditionFailed(
            _(
                "This leveling run changed (you sent version %(sent)s, current is "
                "%(version)s); reload it."
            )
            % {"sent": version_from(request), "version": run.version}
        )
    count = do_apply_leveling(run, acting_user=request.user)
    run.refresh_from_db()
    return {"run": run, "changed_tasks": count}


@router.post(
    "/projects/{project_id}/leveling/clear",
    response={200: ClearedOut, **ERRORS},
    url_name="leveling-clear",
)
def clear_leveling(request: HttpRequest, project_id: int) -> Any:
    """Remove every leveling delay of the project and reschedule (422 when there is none)."""
    project = access_project(request.user, project_id, LEVEL_RIGHT)
    return {"changed_tasks": do_clear_leveling(project, acting_user=request.user)}
