"""REST endpoints of the schedule risk analysis (mounted on ``risks.api.router``): runs, their
comparison, and the three-point estimates they read."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from tandem.core.api import ERRORS
from tandem.core.pagination import Pagination
from tandem.projects.policies import access_project

from . import analysis_actions, queries
from .analysis import (
    DEFAULT_ITERATIONS,
    AnalysisRequest,
    CorrelationInput,
    compare_runs,
    run_overview,
)
from .analysis_actions import EstimateChange

router = Router(tags=["risk analysis"])
BASE = "/projects/{project_id}/risk-analysis"


class CorrelationIn(Schema):
    task_ids: list[int] = Field(..., max_length=5000)
    correlation: float = Field(..., description="Gaussian-copula correlation, 0 <= rho < 1")


class RunIn(Schema):
    iterations: int = Field(DEFAULT_ITERATIONS, description="100 to 100,000")
    seed: int | None = Field(None, description="Fixed seed for reproducible results")
    correlations: list[CorrelationIn] = Field([], max_length=100)
    label: str = ""


class RunSummaryOut(Schema):
    id: int
    label: str
    status: str
    progress: int
    iterations: int
    seed: int | None
    created_at: dt.datetime
    created_by_id: int | None
    finished_at: dt.datetime | None
    p50_date: dt.date | None
    p80_date: dt.date | None
    probability_target: float | None

    @staticmethod
    def resolve_label(obj: Any) -> str:
        return str(obj)

    @staticmethod
    def resolve_p50_date(obj: Any) -> dt.date | None:
        return run_overview(obj)["p50_date"]  # type: ignore[no-any-return]

    @staticmethod
    def resolve_p80_date(obj: Any) -> dt.date | None:
        return run_overview(obj)["p80_date"]  # type: ignore[no-any-return]

    @staticmethod
    def resolve_probability_target(obj: Any) -> float | None:
        return run_overview(obj)["probability_target"]  # type: ignore[no-any-return]


class RunOut(RunSummaryOut):
    project_id: int
    started_at: dt.datetime | None
    error: str
    inputs: dict[str, Any]
    results: dict[str, Any] | None


class OverviewOut(Schema):
    id: int
    label: str
    status: str
    created_at: dt.datetime
    p50_date: dt.date | None
    p80_date: dt.date | None
    probability_target: float | None


class RunComparisonOut(Schema):
    base: OverviewOut
    other: OverviewOut
    p50_shift_days: int | None
    p80_shift_days: int | None
    probability_target_change_points: float | None


class EstimateOut(Schema):
    task_id: int
    version: int
    wbs_code: str
    name: str
    duration_unit: str
    estimate_mode: str
    estimate: Decimal | None
    optimistic: Decimal | None
    most_likely: Decimal | None
    pessimistic: Decimal | None


class EstimateIn(Schema):
    task_id: int
    version: int
    optimistic: Decimal
    most_likely: Decimal
    pessimistic: Decimal


class EstimatesIn(Schema):
    tasks: list[EstimateIn] = Field(..., max_length=5000)


@router.post(f"{BASE}/runs", response={201: RunOut, **ERRORS})
def start_run(request: HttpRequest, project_id: int, payload: RunIn) -> Any:
    """Run a Monte Carlo schedule risk analysis (the manager). The run is stored with its inputs
    and simulated by a background job: poll ``GET .../runs/{run_id}`` until ``status`` is
    ``done`` (without a broker it is done when this answers)."""
    project = access_project(request.user, project_id, "risks.edit")
    run = analysis_actions.do_start_risk_analysis(
        project,
        acting_user=request.user,
        request=AnalysisRequest(
            iterations=payload.iterations,
            seed=payload.seed,
            correlations=tuple(
                CorrelationInput(tuple(c.task_ids), c.correlation) for c in payload.correlations
            ),
            label=payload.label,
        ),
    )
    run.refresh_from_db()
    return Status(201, run)


@router.get(f"{BASE}/runs", response=list[RunSummaryOut])
@paginate(Pagination)
def list_runs(request: HttpRequest, project_id: int) -> Any:
    """The project's runs, newest first (whoever reads the risk register)."""
    return queries.list_analysis_runs(request.user, project_id)


@router.get(f"{BASE}/runs/{{run_id}}", response={200: RunOut, **ERRORS})
def get_run(request: HttpRequest, project_id: int, run_id: int) -> Any:
    """One run with its inputs and, once done, its results (times in working minutes from the
    origin, dates as working dates)."""
    return queries.get_analysis_run(request.user, project_id, run_id)


class CompareQuery(Schema):
    base: int
    other: int


@router.get(f"{BASE}/compare", response={200: RunComparisonOut, **ERRORS})
def compare(request: HttpRequest, project_id: int, q: Query[CompareQuery]) -> Any:
    """How run ``other`` differs from run ``base``: P50/P80 shifts in calendar days (positive =
    later) and the change of the chance of meeting the target date in percentage points."""
    base = queries.get_analysis_run(request.user, project_id, q.base)
    other = queries.get_analysis_run(request.user, project_id, q.other)
    return compare_runs(base, other)


@router.get(f"{BASE}/estimates", response={200: list[EstimateOut], **ERRORS})
def list_estimates(request: HttpRequest, project_id: int) -> Any:
    """The plan's tasks that can carry a three-point estimate (not summaries, not milestones)."""
    project = access_project(request.user, project_id, "project.view_work")
    return queries.estimate_rows(project)


@router.patch(f"{BASE}/estimates", response={200: list[EstimateOut], **ERRORS})
def update_estimates(request: HttpRequest, project_id: int, payload: EstimatesIn) -> Any:
    """Set three-point estimates (in each task's duration unit), all or none; each item carries
    the task's ``version``."""
    project = access_project(request.user, project_id, "tasks.edit")
    tasks = analysis_actions.do_update_estimates(
        project,
        acting_user=request.user,
        changes=[
            EstimateChange(t.task_id, t.version, t.optimistic, t.most_likely, t.pessimistic)
            for t in payload.tasks
        ],
    )
    return queries.estimate_rows(project, [t.pk for t in tasks])
