"""Pages of the weekly timesheet: a person's grid of hours by task and day, submitting the
week, and the project manager's approvals."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from tandem.core.errors import TandemError, ValidationFailed
from tandem.projects.models import Role
from tandem.projects.navigation import project_context
from tandem.projects.policies import access_project, role_in

from . import timesheet_actions
from .models import TimesheetStatus, TimesheetWeek
from .policies import TimesheetWeekPolicy
from .timesheets import build_grid, week_of

CELL = re.compile(r"^h-(\d+)-(\d{4}-\d{2}-\d{2})$")


def _week_from(request: HttpRequest) -> tuple[dt.date, str | None]:
    """The Monday of the asked week (``?week=`` or the posted ``week``), this week by default;
    with the reason when the asked date cannot be read."""
    raw = (request.POST.get("week") or request.GET.get("week") or "").strip()
    today = timezone.localdate()
    if not raw:
        return week_of(today), None
    try:
        day = dt.date.fromisoformat(raw)
    except ValueError:
        return week_of(today), _("“%(raw)s” is not a date like 2025-03-03: showing this week.") % {
            "raw": raw
        }
    if not 1900 <= day.year <= 2199:
        return week_of(today), _("%(raw)s is outside 1900-2199: showing this week.") % {"raw": raw}
    return week_of(day), None


def _week_url(project_id: int, week_start: dt.date) -> str:
    return f"{reverse('timesheet', args=[project_id])}?week={week_start.isoformat()}"


def _parse_cells(post: Any) -> tuple[dict[tuple[int, dt.date], Decimal], dict[str, str]]:
    hours: dict[tuple[int, dt.date], Decimal] = {}
    errors: dict[str, str] = {}
    for key, value in post.items():
        match = CELL.match(key)
        if not match:
            continue
        text = value.strip().replace(",", ".")
        try:
            day = dt.date.fromisoformat(match.group(2))
            number = Decimal(text) if text else Decimal(0)
        except (ValueError, InvalidOperation):
            errors[key] = _("“%(value)s” is not a number of hours") % {"value": value}
            continue
        if not number.is_finite() or not Decimal(0) <= number <= Decimal(24):
            errors[key] = _("hours are between 0 and 24")
        elif number != number.quantize(Decimal("0.01")):
            errors[key] = _("at most two decimals")
        else:
            hours[(int(match.group(1)), day)] = number
    return hours, errors


def _page(
    request: HttpRequest,
    project: Any,
    week_start: dt.date,
    *,
    errors: dict[str, str] | None = None,
    typed: Any = None,
    problem: str | None = None,
    status: int = 200,
) -> HttpResponse:
    grid = build_grid(project, int(request.user.pk or 0), week_start)
    errors = errors or {}
    rows = []
    for row in grid.rows:
        cells = []
        for day, hours in row.cells:
            name = f"h-{row.task.pk}-{day.isoformat()}"
            shown = typed.get(name, "") if typed is not None else (f"{hours:g}" if hours else "")
            cells.append({"day": day, "name": name, "value": shown, "error": errors.get(name)})
        rows.append({"row": row, "cells": cells})
    context = project_context(
        request.user,
        project,
        "time-entry-list",
        grid=grid,
        rows=rows,
        errors=errors,
        problem=problem,
        today=timezone.localdate(),
        previous_week=grid.week_start - dt.timedelta(days=7),
        next_week=grid.week_start + dt.timedelta(days=7),
        week_end=grid.days[-1],
        is_manager=role_in(request.user, project) == Role.MANAGER,
    )
    return render(request, "resources/timesheet.html", context, status=status)


@login_required
def timesheet(request: HttpRequest, project_id: int) -> HttpResponse:
    """``/projects/<id>/timesheet/``: the signed-in person's week, to fill in and save."""
    project = access_project(request.user, project_id, "time.log")
    week_start, problem = _week_from(request)
    if request.method != "POST":
        return _page(request, project, week_start, problem=problem)
    if problem:
        return _page(request, project, week_start, problem=problem, status=422)
    hours, errors = _parse_cells(request.POST)
    if errors:
        return _page(
            request,
            project,
            week_start,
            errors=errors,
            typed=request.POST,
            problem=_("Some hours could not be read; nothing was saved."),
            status=422,
        )
    try:
        changed = timesheet_actions.do_save_timesheet(
            project, acting_user=request.user, week_start=week_start, hours=hours
        )
    except TandemError as exc:
        cell_errors = {k: v[0] for k, v in exc.fields.items() if CELL.match(k)}
        return _page(
            request,
            project,
            week_start,
            errors=cell_errors,
            typed=request.POST,
            problem=_("%(message)s Nothing was saved.") % {"message": exc.message},
            status=exc.status,
        )
    if changed:
        messages.success(
            request,
            ngettext("Saved %(count)d day of time.", "Saved %(count)d days of time.", changed)
            % {"count": changed},
        )
    else:
        messages.info(request, _("Nothing changed."))
    return redirect(_week_url(project.pk, week_start))


@login_required
@require_POST
def timesheet_submit(request: HttpRequest, project_id: int) -> HttpResponse:
    """Submit the week for the project manager's approval; it becomes read-only."""
    project = access_project(request.user, project_id, "time.log")
    week_start, problem = _week_from(request)
    if problem:
        raise ValidationFailed(problem, fields={"week": [problem]})
    record = timesheet_actions.do_submit_timesheet_week(
        project, acting_user=request.user, week_start=week_start
    )
    messages.success(
        request,
        _(
            "Week of %(day)s %(month)s submitted (%(hours)s h): "
            "the project manager approves it or returns it to you."
        )
        % {"day": week_start.day, "month": f"{week_start:%B}", "hours": f"{record.hours:g}"},
    )
    return redirect(_week_url(project.pk, week_start))


@login_required
def timesheet_approvals(request: HttpRequest, project_id: int) -> HttpResponse:
    """The project manager's list: weeks waiting for a decision, then recent decisions."""
    project = access_project(request.user, project_id, "project.edit")
    return _approvals_page(request, project)


def _approvals_page(
    request: HttpRequest, project: Any, refused: dict[int, str] | None = None, status: int = 200
) -> HttpResponse:
    refused = refused or {}
    weeks = TimesheetWeek.objects.filter(project=project).select_related("person", "decided_by")
    waiting = []
    for record in weeks.filter(status=TimesheetStatus.SUBMITTED).order_by("week_start", "id"):
        grid = build_grid(project, record.person_id, record.week_start)
        waiting.append({"record": record, "grid": grid, "error": refused.get(record.pk)})
    decided = weeks.exclude(status=TimesheetStatus.SUBMITTED).order_by("-decided_at")[:30]
    context = project_context(
        request.user, project, "time-entry-list", waiting=waiting, decided=decided
    )
    return render(request, "resources/timesheet_approvals.html", context, status=status)


def _decision(request: HttpRequest, week_id: int, approve: bool) -> HttpResponse:
    record = TimesheetWeekPolicy.access(request.user, week_id)
    version = int(request.POST.get("version") or 0)
    names = {
        "person": record.person,
        "day": record.week_start.day,
        "month": f"{record.week_start:%B}",
    }
    if approve:
        timesheet_actions.do_approve_timesheet_week(
            record, acting_user=request.user, version=version
        )
        messages.success(request, _("Approved %(person)s's week of %(day)s %(month)s.") % names)
    else:
        try:
            timesheet_actions.do_return_timesheet_week(
                record, acting_user=request.user, version=version, note=request.POST.get("note", "")
            )
        except ValidationFailed as exc:
            project = access_project(request.user, record.project_id, "project.edit")
            return _approvals_page(request, project, {record.pk: exc.message}, exc.status)
        messages.success(
            request, _("Returned %(person)s's week of %(day)s %(month)s with your note.") % names
        )
    return redirect("timesheet-approvals", record.project_id)


@login_required
@require_POST
def timesheet_approve(request: HttpRequest, week_id: int) -> HttpResponse:
    return _decision(request, week_id, approve=True)


@login_required
@require_POST
def timesheet_return(request: HttpRequest, week_id: int) -> HttpResponse:
    return _decision(request, week_id, approve=False)
