"""Pages: the workload of a project's people, and of everyone across the viewer's projects.

A grid of people by periods, each cell coloured by load (the fast overview); choosing a
person shows their chart, choosing an over-allocated cell lists the tasks causing it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tandem.core.errors import ValidationFailed
from tandem.projects.navigation import project_context
from tandem.projects.policies import access_project, has_right

from .policies import LEVEL_RIGHT
from .workload import SCALES, Workload, compute_workload, default_start, organization_workload
from .workload_chart import workload_chart


def _parameters(request: HttpRequest) -> tuple[str, dt.date | None, list[str]]:
    """The scale and start asked for, with a message for each one that could not be read."""
    errors = []
    scale = request.GET.get("scale") or "week"
    if scale not in SCALES:
        errors.append(f"Unknown scale {scale!r}: showing weeks.")
        scale = "week"
    start = None
    if request.GET.get("start"):
        try:
            start = dt.date.fromisoformat(request.GET["start"])
        except ValueError:
            errors.append(f"{request.GET['start']!r} is not a date (YYYY-MM-DD): showing the plan.")
    return scale, start, errors


def _selection(request: HttpRequest, workload: Workload, by_project: bool) -> dict[str, Any]:
    """The chosen person (default: the first over-allocated one) with their chart, and the
    chosen cell with the tasks causing its over-allocation."""
    key = request.GET.get("person") or ""
    row = workload.row(key)
    if row is None:
        row = next(iter(workload.over_allocated), None) or next(iter(workload.rows), None)
    if row is None:
        return {}
    cell = period = None
    try:
        index = int(request.GET.get("period", ""))
    except ValueError:
        index = -1
    if 0 <= index < len(workload.periods):
        period, cell = workload.periods[index], row.cells[index]
    return {
        "selected": row,
        "chart": workload_chart(workload, row, by_project=by_project),
        "cell": cell,
        "period": period,
        "causing": [workload.tasks[t] for t in cell.task_ids] if cell else [],
    }


def _grid(workload: Workload) -> list[dict[str, Any]]:
    return [
        {"row": row, "cells": list(zip(range(len(row.cells)), row.cells, strict=True))}
        for row in workload.rows
    ]


@login_required
def project_workload_page(request: HttpRequest, project_id: int) -> HttpResponse:
    project = access_project(request.user, project_id, "project.view_work")
    scale, start, errors = _parameters(request)
    try:
        workload = compute_workload([project], scale, start or default_start([project]))
    except ValidationFailed as exc:
        errors.append(exc.message)
        workload = compute_workload([project], "week", default_start([project]))
    context = project_context(
        request.user,
        project,
        "project-workload",
        workload=workload,
        grid=_grid(workload),
        errors=errors,
        scales=SCALES,
        can_level=has_right(request.user, project, LEVEL_RIGHT),
        **_selection(request, workload, by_project=False),
    )
    return render(request, "planning/workload.html", context)


@login_required
def organization_workload_page(request: HttpRequest) -> HttpResponse:
    scale, start, errors = _parameters(request)
    workload = organization_workload(request.user, scale, start)
    context = {
        "workload": workload,
        "grid": _grid(workload),
        "errors": errors,
        "scales": SCALES,
        "across_projects": True,
        **_selection(request, workload, by_project=True),
    }
    return render(request, "planning/workload.html", context)
