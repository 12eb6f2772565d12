"""``GET /api/projects/{id}/gantt``: the Gantt chart's data, shaped by ``planning.gantt`` for the
page and the API alike (mounted on ``planning.api.router``)."""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest
from ninja import Router, Schema

from tandem.core.api import ERRORS
from tandem.projects.policies import access_project

from .gantt import gantt_data
from .task_filters import api_filter, chart_task_ids

router = Router(tags=["schedule"])


class GanttProjectOut(Schema):
    id: int
    code: str
    name: str
    start: str
    finish: str
    auto_schedule: bool
    status_date: str | None
    hours_per_day: float


class GanttLinkOut(Schema):
    id: int
    pred: int
    succ: int
    type: str
    lag: float
    lag_unit: str
    driving: bool
    critical: bool
    version: int


class GanttNamedOut(Schema):
    id: int
    name: str


class GanttAxisOut(Schema):
    first: str
    last: str


class GanttNonWorkingOut(Schema):
    weekdays: list[int]
    holidays: list[str]
    working: list[str]


class GanttOut(Schema):
    project: GanttProjectOut
    mode: Literal["full", "milestones"]
    today: str
    axis: GanttAxisOut
    nonworking: GanttNonWorkingOut
    can_edit: bool
    baseline: GanttNamedOut | None
    baselines: list[GanttNamedOut]
    critical_path: list[int]
    warnings: list[str]
    lag_units: list[list[str]]
    task_fields: list[str]
    tasks: list[list[Any]]
    links: list[GanttLinkOut]


@router.get(
    "/projects/{project_id}/gantt",
    response={200: GanttOut, **ERRORS},
    url_name="project-gantt-data",
)
def get_gantt(
    request: HttpRequest,
    project_id: int,
    baseline: int | None = None,
    status: str | None = None,
    q: str | None = None,
    team: int | None = None,
    assignee: str | None = None,
    milestone: bool | None = None,
    critical: bool | None = None,
    overdue: bool | None = None,
) -> Any:
    """Every task's bar, link, baseline bar and warning as the chart draws them. Each task is a
    list of values in the order of ``task_fields`` (id, parent_id, wbs, name, level, summary,
    milestone, manual, start, finish, estimate, ..., editable, progress_editable); dates are ISO
    working days, floats working days. Stakeholders get the milestone timeline only (``mode``
    "milestones"). The task filter the plan and the board share (``status``, ``q``, ``team``,
    ``assignee`` by name, ``milestone``, ``critical``, ``overdue``) keeps the tasks it finds and
    the links between them."""
    project = access_project(request.user, project_id, "project.view")
    given = {
        "status": status,
        "q": q,
        "team": team,
        "assignee": assignee,
        "milestone": milestone,
        "critical": critical,
        "overdue": overdue,
    }
    flt = api_filter(project, given)
    ids = chart_task_ids(request.user, project, flt)
    return gantt_data(request.user, project, baseline_id=baseline, task_ids=ids)
