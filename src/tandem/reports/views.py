"""Report pages: the list with a new draft, a report (edit the words, publish), its PDF, and
the project's schedule (the manager's)."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tandem.core.errors import Forbidden, TandemError, ValidationFailed
from tandem.planning.forms import add_action_errors
from tandem.projects.navigation import project_context
from tandem.projects.policies import access_project, has_right

from . import actions, queries
from .downloads import pdf_response
from .forms import DraftForm, ReportTextForm, ScheduleForm
from .presenters import report_charts, report_view

TEXT_FIELDS = ("rag", "audience", "summary", "achievements", "next_steps", "blockers")


@login_required
@require_http_methods(["GET", "POST"])
def report_list(request: HttpRequest, project_id: int) -> HttpResponse:
    project = access_project(request.user, project_id, "project.view")
    can_draft = has_right(request.user, project, "records.manage")
    if request.method == "POST" and not can_draft:
        raise Forbidden(_("Only leads draft status reports."))
    today = timezone.now().astimezone(zoneinfo.ZoneInfo(project.time_zone)).date()
    initial = {"period_start": today - dt.timedelta(days=6), "period_end": today}
    form = DraftForm(request.POST or None, initial=initial) if can_draft else None
    status = 200
    if request.method == "POST" and form is not None:
        status = 422
        if form.is_valid():
            try:
                report = actions.do_draft_report(
                    project, acting_user=request.user, **form.cleaned_data
                )
            except TandemError as exc:
                add_action_errors(form, exc)
                status = exc.status
            else:
                flash.success(
                    request, _("Draft made from the project's data: check it, then publish.")
                )
                return redirect("report-detail", report.pk)
    context = project_context(
        request.user,
        project,
        "report-list",
        reports=list(queries.list_reports(request.user, project.pk)[:100]),
        form=form,
        may_schedule=has_right(request.user, project, "project.edit"),
    )
    return render(request, "reports/list.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def report_detail(request: HttpRequest, report_id: int) -> HttpResponse:
    report = queries.get_report(request.user, report_id)
    update = report.status_update
    may_edit = not update.published and has_right(request.user, update.project, "records.manage")
    if request.method == "POST" and not may_edit:
        raise Forbidden(_("Only leads edit a draft report; a published one stays as it was sent."))
    initial = {"version": update.version, **{f: getattr(update, f) for f in TEXT_FIELDS}}
    form = ReportTextForm(request.POST or None, initial=initial) if may_edit else None
    status = 200
    if request.method == "POST" and form is not None:
        status = 422
        if form.is_valid():
            data = dict(form.cleaned_data)
            version = data.pop("version")
            try:
                actions.do_edit_report(
                    report, acting_user=request.user, version=version, changes=data
                )
            except TandemError as exc:
                add_action_errors(form, exc)
                status = exc.status
            else:
                flash.success(request, _("Draft saved."))
                return redirect("report-detail", report.pk)
    context = project_context(
        request.user,
        update.project,
        "report-list",
        view=report_view(request.user, report),
        charts=report_charts(request.user, report),
        form=form,
        may_publish=may_edit,
    )
    return render(request, "reports/detail.html", context, status=status)


@login_required
@require_POST
def report_publish(request: HttpRequest, report_id: int) -> HttpResponse:
    report = queries.get_report(request.user, report_id, "publish")
    raw = request.POST.get("version", "")
    if not raw.isdigit():
        raise ValidationFailed(_("The form lost its version; reload the page."))
    actions.do_publish_report(report, acting_user=request.user, version=int(raw))
    flash.success(request, _("Published; the PDF is being emailed to the report's audience."))
    return redirect("report-detail", report.pk)


@login_required
@require_GET
def report_pdf(request: HttpRequest, report_id: int) -> HttpResponse:
    return pdf_response(request.user, queries.get_report(request.user, report_id))


@login_required
@require_http_methods(["GET", "POST"])
def report_schedule(request: HttpRequest, project_id: int) -> HttpResponse:
    project = access_project(request.user, project_id, "project.edit")
    found = queries.schedule_of(request.user, project.pk)
    initial = (
        {
            "active": found.active,
            "weekday": found.weekday,
            "time": found.time,
            "audience": found.audience,
            "mode": found.mode,
        }
        if found
        else {"time": dt.time(16, 0)}
    )
    form = ScheduleForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                actions.do_save_schedule(project, acting_user=request.user, **form.cleaned_data)
            except TandemError as exc:
                add_action_errors(form, exc)
                status = exc.status
            else:
                flash.success(request, _("Schedule saved."))
                return redirect("report-schedule", project.pk)
    context = project_context(request.user, project, "report-list", form=form, schedule=found)
    return render(request, "reports/schedule.html", context, status=status)
