"""Page: level a project's resources (the manager's). Preview first: which tasks move, by how
much and why, the new finish against the old; then apply, or clear the delays stored."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from tandem.core.errors import TandemError
from tandem.projects.navigation import project_context
from tandem.projects.policies import access_project

from .leveling_actions import (
    MAX_TIME_LIMIT,
    do_apply_leveling,
    do_cancel_leveling,
    do_clear_leveling,
    do_preview_leveling,
)
from .models import LevelingRun, LevelingStatus, Task
from .policies import LEVEL_RIGHT


def _page(project_id: int, run: LevelingRun | None = None) -> HttpResponse:
    url = reverse("project-leveling", args=[project_id])
    return redirect(f"{url}?run={run.pk}#proposal" if run else url)


def _int(value: str | None, default: int = 0) -> int:
    try:
        return int(value or default)
    except ValueError:
        return default


@login_required
def leveling_page(request: HttpRequest, project_id: int) -> HttpResponse:
    project = access_project(request.user, project_id, LEVEL_RIGHT)
    run = None
    if request.GET.get("run"):
        run = LevelingRun.objects.filter(project=project, pk=_int(request.GET["run"])).first()
    delayed = list(
        Task.objects.filter(project=project, leveling_delay_days__gt=0).order_by("wbs_sort")
    )
    context: dict[str, Any] = project_context(
        request.user,
        project,
        "project-workload",
        run=run,
        proposal=run.result if run and run.status in ("done", "applied") else None,
        waiting=run is not None and run.status in (LevelingStatus.QUEUED, LevelingStatus.RUNNING),
        delayed=delayed,
        max_time_limit=MAX_TIME_LIMIT,
    )
    return render(request, "planning/leveling.html", context)


@login_required
@require_POST
def leveling_preview(request: HttpRequest, project_id: int) -> HttpResponse:
    project = access_project(request.user, project_id, LEVEL_RIGHT)
    method = request.POST.get("method") or "heuristic"
    limit = _int(request.POST.get("time_limit"), 10) if method == "cpsat" else None
    try:
        run = do_preview_leveling(
            project, acting_user=request.user, method=method, time_limit=limit
        )
    except TandemError as exc:
        messages.error(request, exc.message)
        return _page(project.pk)
    if run.status == LevelingStatus.DONE:
        moved = len(run.result.get("moves", []))
        text = ngettext(
            "Preview ready: %(count)d task move.", "Preview ready: %(count)d tasks move.", moved
        )
        messages.success(request, text % {"count": moved})
    else:
        messages.info(request, _("Leveling with CP-SAT in the background: progress below."))
    return _page(project.pk, run)


@login_required
@require_POST
def leveling_apply(request: HttpRequest, project_id: int) -> HttpResponse:
    project = access_project(request.user, project_id, LEVEL_RIGHT)
    run = LevelingRun.objects.filter(project=project, pk=_int(request.POST.get("run"))).first()
    if run is None:
        messages.error(request, _("That preview no longer exists: preview the leveling again."))
        return _page(project.pk)
    if _int(request.POST.get("version")) != run.version:
        messages.error(request, _("That preview changed meanwhile: read it again before applying."))
        return _page(project.pk, run)
    try:
        count = do_apply_leveling(run, acting_user=request.user)
    except TandemError as exc:
        messages.error(request, exc.message)
        return _page(project.pk, run)
    text = ngettext(
        "Leveling applied: %(count)d task changed their leveling delay. The Gantt and every "
        "date now show the leveled plan.",
        "Leveling applied: %(count)d tasks changed their leveling delay. The Gantt and every "
        "date now show the leveled plan.",
        count,
    )
    messages.success(request, text % {"count": count})
    return _page(project.pk, run)


@login_required
@require_POST
def leveling_cancel(request: HttpRequest, project_id: int) -> HttpResponse:
    project = access_project(request.user, project_id, LEVEL_RIGHT)
    run = LevelingRun.objects.filter(project=project, pk=_int(request.POST.get("run"))).first()
    if run is None:
        messages.error(request, _("That leveling no longer exists."))
        return _page(project.pk)
    try:
        do_cancel_leveling(run, acting_user=request.user)
        messages.success(request, _("Leveling cancelled: nothing changed."))
    except TandemError as exc:
        messages.error(request, exc.message)
    return _page(project.pk)


@login_required
@require_POST
def leveling_clear(request: HttpRequest, project_id: int) -> HttpResponse:
    project = access_project(request.user, project_id, LEVEL_RIGHT)
    try:
        count = do_clear_leveling(project, acting_user=request.user)
    except TandemError as exc:
        messages.error(request, exc.message)
        return _page(project.pk)
    text = ngettext(
        "Leveling cleared on %(count)d task: the plan is back at its unleveled dates.",
        "Leveling cleared on %(count)d tasks: the plan is back at its unleveled dates.",
        count,
    )
    messages.success(request, text % {"count": count})
    return _page(project.pk)
