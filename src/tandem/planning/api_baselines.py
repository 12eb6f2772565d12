"""REST endpoints for baselines: save, rename, delete, and compare one with the current plan
(mounted on ``planning.api.router``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Field, Router, Schema
from ninja.responses import Status

from tandem.core.api import ERRORS, StrictIn, version_from
from tandem.core.versions import etag
from tandem.projects.policies import access_project

from . import actions, queries
from .baseline_variance import baseline_variance

router = Router(tags=["baselines"])


class BaselineOut(Schema):
    id: int
    version: int
    project_id: int
    name: str
    saved_by_id: int | None
    project_start: dt.date | None
    project_finish: dt.date | None
    task_count: int

    @staticmethod
    def resolve_task_count(obj: Any) -> int:
        return int(obj.entries.count())


class BaselineIn(StrictIn):
    name: str = Field(..., min_length=1, max_length=120)


class BaselinePatch(StrictIn):
    version: int | None = None
    name: str = Field(..., min_length=1, max_length=120)


class VarianceOut(Schema):
    task_id: int | None
    wbs_code: str
    name: str
    baseline_start: dt.date | None
    baseline_finish: dt.date | None
    current_start: dt.date | None
    current_finish: dt.date | None
    start_variance_days: int | None
    finish_variance_days: int | None
    status: str


class ComparisonOut(Schema):
    baseline_id: int
    baseline_finish: dt.date | None
    current_finish: dt.date | None
    finish_variance_days: int | None
    tasks: list[VarianceOut]


@router.get(
    "/projects/{project_id}/baselines",
    response={200: list[BaselineOut], **ERRORS},
    url_name="baseline-list",
)
def list_baselines(request: HttpRequest, project_id: int) -> Any:
    return list(queries.list_baselines(request.user, project_id))


@router.post(
    "/projects/{project_id}/baselines",
    response={201: BaselineOut, **ERRORS},
    url_name="baseline-create",
)
def save_baseline(request: HttpRequest, project_id: int, payload: BaselineIn) -> Any:
    project = access_project(request.user, project_id, "baselines.edit")
    return Status(
        201, actions.do_save_baseline(project, acting_user=request.user, name=payload.name)
    )


@router.get(
    "/baselines/{baseline_id}", response={200: BaselineOut, **ERRORS}, url_name="baseline-detail"
)
def get_baseline(request: HttpRequest, baseline_id: int, response: HttpResponse) -> Any:
    baseline = queries.get_baseline(request.user, baseline_id)
    response["ETag"] = etag(baseline)
    return baseline


@router.patch(
    "/baselines/{baseline_id}", response={200: BaselineOut, **ERRORS}, url_name="baseline-update"
)
def update_baseline(request: HttpRequest, baseline_id: int, payload: BaselinePatch) -> Any:
    baseline = queries.get_baseline(request.user, baseline_id)
    version = version_from(request, payload.version)
    return actions.do_update_baseline(
        baseline, acting_user=request.user, version=version, name=payload.name
    )


@router.delete(
    "/baselines/{baseline_id}", response={204: None, **ERRORS}, url_name="baseline-delete"
)
def delete_baseline(request: HttpRequest, baseline_id: int) -> Any:
    baseline = queries.get_baseline(request.user, baseline_id)
    actions.do_delete_baseline(baseline, acting_user=request.user, version=version_from(request))
    return Status(204, None)


@router.get(
    "/baselines/{baseline_id}/compare",
    response={200: ComparisonOut, **ERRORS},
    url_name="baseline-compare",
)
def compare_baseline(request: HttpRequest, baseline_id: int) -> Any:
    baseline = queries.get_baseline(request.user, baseline_id)
    rows, project = queries.compare_baseline(request.user, baseline)
    return {"baseline_id": baseline.pk, **project, "tasks": [r.__dict__ for r in rows]}


class VarianceRowOut(Schema):
    task_id: int | None = Field(description="Null for the project row and deleted tasks.")
    wbs_code: str
    name: str
    level: int = Field(description="Outline level: 1 for top-level tasks, 0 for the project.")
    summary: bool
    status: str = Field(description="unchanged, changed, added (since) or removed (since).")
    baseline_start: dt.date | None
    current_start: dt.date | None
    start_variance_days: int | None = Field(description="Working days; later is positive.")
    baseline_finish: dt.date | None
    current_finish: dt.date | None
    finish_variance_days: int | None = Field(description="Working days; later is positive.")
    baseline_duration_days: Decimal | None
    current_duration_days: Decimal | None
    duration_variance_days: Decimal | None
    baseline_work_hours: Decimal | None
    current_work_hours: Decimal | None
    work_variance_hours: Decimal | None
    baseline_cost: Decimal | None = Field(description="Null unless you may see cost rates.")
    current_cost: Decimal | None
    cost_variance: Decimal | None


class BaselineVarianceOut(Schema):
    baseline_id: int
    baseline_name: str
    currency: str
    shows_cost: bool
    project: VarianceRowOut
    tasks: list[VarianceRowOut]


@router.get(
    "/baselines/{baseline_id}/variance",
    response={200: BaselineVarianceOut, **ERRORS},
    url_name="baseline-variance",
)
def get_baseline_variance(request: HttpRequest, baseline_id: int) -> Any:
    """Start, finish, duration, work and cost variance per task, per summary task and for the
    project (see ``planning.baseline_variance``)."""
    baseline = queries.get_baseline(request.user, baseline_id)
    found = baseline_variance(request.user, baseline)
    return {
        "baseline_id": baseline.pk,
        "baseline_name": baseline.name,
        "currency": found.currency,
        "shows_cost": found.shows_cost,
        "project": asdict(found.project),
        "tasks": [asdict(row) for row in found.tasks],
    }
