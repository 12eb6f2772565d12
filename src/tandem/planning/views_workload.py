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
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from tandem.core.errors import ValidationFailed
from tandem.projects.navigation import project_context
from tandem.projects.policies import access_project, has_right

from .policies import LEVEL_RIGHT
from .workload import (
    SCALES,
    Workload,
    WorkloadCell,
    WorkloadRow,
    compute_workload,
    default_start,
    organization_workload,
)
from .workload_chart import workload_chart


def _parameters(request: HttpRequest) -> tuple[str, dt.date | None, list[str]]:
    """The scale and start asked for, with a message for each one that could not be read."""
    errors = []
    scale = request.GET.get("scale") or "week"
    if scale not in SCALES:
        errors.append(_("Unknown scale %(scale)r: showing weeks.") % {"scale": scale})
        scale = "week"
    start = None
    if request.GET.get("start"):
        try:
            start = dt.date.fromisoformat(request.GET["start"])
        except ValueError:
            errors.append(
                _("%(value)r is not a date (YYYY-MM-DD): showing the plan.")
                % {"value": request.GET["start"]}
            )
    return scale, start, errors


def _selected_row(request: HttpRequest, workload: Workload) -> WorkloadRow | None:
    """The chosen person (default: the first over-allocated one, else the first)."""
    row = workload.row(request.GET.get("person") or "")
    if row is None:
        row = next(iter(workload.over_allocated), None) or next(iter(workload.rows), None)
    return row


def _selection(request: HttpRequest, workload: Workload) -> dict[str, Any]:
    """The chosen person, and the chosen cell with the tasks causing its over-allocation. The
    person's chart comes with a request of its own (``*_chart``), so the grid is not held up by
    drawing it."""
    row = _selected_row(request, workload)
    if row is None:
        return {}
    cell = period = None
    try:
        index = int(request.GET.get("period", ""))
    except ValueError:
        index = -1
    if 0 <= index < len(workload.periods):
        period, cell = workload.periods[index], row.cells[index]
    query = urlencode(
        {"scale": workload.scale, "start": workload.start.isoformat(), "person": row.key}
    )
    return {
        "selected": row,
        "chart_query": query,
        "cell": cell,
        "period": period,
        "causing": [workload.tasks[t] for t in cell.task_ids] if cell else [],
    }


def _cell_text(cell: WorkloadCell) -> str:
    if cell.load_pct is None:
        return "—" if cell.over else ""
    if not cell.capacity_hours:
        return "off" if cell.over else ""
    return f"{cell.load_pct:.0f}%" if cell.work_hours else ""


def _grid(workload: Workload) -> list[dict[str, Any]]:
    """Rows of the heat map with each cell's class, text and (when over) link, shaped here so
    that the template stays a plain loop over a few thousand cells."""
    base = f"?scale={workload.scale}&start={workload.start.isoformat()}"
    return [
        {
            "row": row,
            "href": f"{base}&person={row.key}#person",
            "cells": [
                (
                    f"load-{c.level}",
                    _cell_text(c),
                    f"{base}&person={row.key}&period={k}#causing" if c.over else "",
                )
                for k, c in enumerate(row.cells)
            ],
        }
        for row in workload.rows
    ]


def _chart_page(request: HttpRequest, workload: Workload, by_project: bool) -> HttpResponse:
    row = _selected_row(request, workload)
    chart = workload_chart(workload, row, by_project=by_project) if row else None
    return render(request, "planning/_workload_chart.html", {"chart": chart, "selected": row})


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
        chart_url=reverse("project-workload-chart", args=[project.pk]),
        **_selection(request, workload),
    )
    return render(request, "planning/workload.html", context)


@login_required
def organization_workload_page(request: HttpRequest) -> HttpResponse:
    scale, start, errors = _parameters(request)
    try:
        workload = organization_workload(request.user, scale, start)
    except ValidationFailed as exc:
        errors.append(exc.message)
        workload = organization_workload(request.user, "week")
    context = {
        "workload": workload,
        "grid": _grid(workload),
        "errors": errors,
        "scales": SCALES,
        "across_projects": True,
        "chart_url": reverse("workload-chart"),
        **_selection(request, workload),
    }
    return render(request, "planning/workload.html", context)


@login_required
def project_workload_chart(request: HttpRequest, project_id: int) -> HttpResponse:
    """One person's chart on the project's workload page (loaded after the grid)."""
    project = access_project(request.user, project_id, "project.view_work")
    scale, start, _errors = _parameters(request)
    return _chart_page(
        request, compute_workload([project], scale, start or default_start([project])), False
    )


@login_required
def organization_workload_chart(request: HttpRequest) -> HttpResponse:
    """One person's chart on the organization's workload page, by project."""
    scale, start, _errors = _parameters(request)
    return _chart_page(request, organization_workload(request.user, scale, start), True)
