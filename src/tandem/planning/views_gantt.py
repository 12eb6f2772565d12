"""The Gantt page: the plan as bars on a time axis, edited in place by people who may edit it."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tandem.projects.navigation import project_context
from tandem.projects.policies import access_project

from .gantt import gantt_data
from .task_filters import chart_task_ids, filter_for_page


def _baseline_param(request: HttpRequest) -> int | None:
    raw = request.GET.get("baseline", "")
    return int(raw) if raw.isdigit() and len(raw) < 12 else None


@login_required
def project_gantt(request: HttpRequest, project_id: int) -> HttpResponse:
    """Everyone in the project opens it; stakeholders see the milestone timeline only."""
    project = access_project(request.user, project_id, "project.view")
    flt, errors = filter_for_page(project, request.GET)
    ids = chart_task_ids(request.user, project, flt)
    data = gantt_data(request.user, project, baseline_id=_baseline_param(request), task_ids=ids)
    context = project_context(
        request.user, project, "project-gantt", gantt=data, task_filter=flt, filter_errors=errors
    )
    return render(request, "planning/gantt.html", context)
