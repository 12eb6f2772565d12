"""Page: the schedule (baselines: ``views_baselines``; the Gantt chart: ``views_gantt``)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tandem.projects.navigation import project_context
from tandem.projects.policies import access_project

from . import actions
from .scheduling import compute_schedule
from .views import schedule_page_context


@login_required
def project_schedule(request: HttpRequest, project_id: int) -> HttpResponse:
    """Early and late dates, total float and the critical path; on a manually scheduled
    project, what applying the dates would change, which leads then apply."""
    project = access_project(request.user, project_id, "project.view_work")
    changed = None
    if request.method == "POST":
        schedule, changed = actions.do_apply_schedule(project, acting_user=request.user)
    else:
        schedule = compute_schedule(project)
    context = project_context(
        request.user,
        project,
        "project-schedule",
        schedule=schedule,
        changed=changed,
        **schedule_page_context(request, project, schedule),
    )
    return render(request, "planning/schedule.html", context)
