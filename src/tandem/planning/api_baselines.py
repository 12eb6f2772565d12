"""REST endpoint for a baseline's variance against the current plan (mounted on
``planning.api.router``; the baseline's own endpoints are in ``api_goals``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema

from tandem.core.api import ERRORS

from . import queries
from .baseline_variance import baseline_variance

router = Router(tags=["baselines"])


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
