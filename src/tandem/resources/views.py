"""Pages: the project team (members, roles, teams, allocations), organization resources, time
entries and the project budget."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tandem.accounts.models import Team
from tandem.core.errors import Forbidden, TandemError, ValidationFailed
from tandem.planning.forms import add_action_errors
from tandem.projects import actions as project_actions
from tandem.projects import queries as project_queries
from tandem.projects.navigation import project_context
from tandem.projects.policies import (
    access_project,
    has_right,
    is_org_admin,
    project_ids_with_right,
)

from . import actions, queries
from .forms import (
    BudgetLineForm,
    CostEntryForm,
    RateChangeForm,
    ResourceEditForm,
    ResourceForm,
    RoleForm,
    TimeEntryForm,
)
from .policies import can_see_rates


@login_required
def project_team(request: HttpRequest, project_id: int) -> HttpResponse:
    """Members and their roles (the manager changes them), teams on the tasks, allocations."""
    project = access_project(request.user, project_id, "project.view_work")
    can_roles = has_right(request.user, project, "project.manage_roles")
    members = [
        {"m": m, "form": RoleForm(initial={"version": m.version, "role": m.role})}
        for m in project_queries.list_members(request.user, project.pk)
    ]
    teams = Team.objects.filter(tasks__project=project).distinct().order_by("name")
    context = project_context(
        request.user,
        project,
        "project-team",
        members=members,
        can_roles=can_roles,
        teams=teams,
        allocations=queries.allocations(project),
    )
    return render(request, "resources/team.html", context)


@login_required
@require_POST
def member_role(request: HttpRequest, membership_id: int) -> HttpResponse:
    membership = project_queries.get_membership(request.user, membership_id)
    form = RoleForm(request.POST)
    if not form.is_valid():
        raise _invalid(form)
    project_actions.do_change_member_role(
        membership,
        acting_user=request.user,
        version=form.cleaned_data["version"],
        role=form.cleaned_data["role"],
    )
    return redirect("project-team", membership.project_id)


def _invalid(form: Any) -> ValidationFailed:
    summary = "; ".join(f"{k}: {' '.join(v)}" for k, v in form.errors.items())
    return ValidationFailed(_("Invalid input: %(summary)s") % {"summary": summary})


@login_required
def resource_list(request: HttpRequest) -> HttpResponse:
    """The organization's resources with rates and capacity; admins add resources."""
    can_edit = is_org_admin(request.user)
    form = ResourceForm(request.POST or None) if can_edit else None
    if request.method == "POST":
        if form is None:
            raise Forbidden(_("Only organization admins manage resources."))
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                actions.do_create_resource(
                    acting_user=request.user, name=data.pop("name"), kind=data.pop("kind"), **data
                )
            except TandemError as exc:
                add_action_errors(form, exc)
            else:
                return redirect("resource-list")
    context = {
        "resources": queries.list_resources(request.user),
        "form": form,
        "show_rates": can_see_rates(request.user),
    }
    status = 422 if request.method == "POST" else 200
    return render(request, "resources/resource_list.html", context, status=status)


@login_required
def resource_detail(request: HttpRequest, resource_id: int) -> HttpResponse:
    """A resource's rates, capacity and assignments; organization admins edit it."""
    resource = queries.get_resource(request.user, resource_id)
    can_edit = is_org_admin(request.user, resource.organization_id)
    error_status = 422
    form = _edit_form(resource, request.POST or None) if can_edit else None
    if request.method == "POST":
        if form is None:
            raise Forbidden(_("Only organization admins manage resources."))
        if form.is_valid():
            data = dict(form.cleaned_data)
            version = data.pop("version")
            changes = {k: v for k, v in data.items() if k in form.changed_data}
            try:
                actions.do_update_resource(
                    resource, acting_user=request.user, version=version, changes=changes
                )
            except TandemError as exc:
                add_action_errors(form, exc)
                error_status = exc.status
            else:
                return redirect("resource-detail", resource.pk)
    context = _resource_context(request, resource, form=form)
    status = error_status if request.method == "POST" else 200
    return render(request, "resources/resource_detail.html", context, status=status)


def _edit_form(resource: Any, data: Any = None) -> ResourceEditForm:
    initial = {f: getattr(resource, f) for f in ResourceEditForm.base_fields if f != "version"}
    return ResourceEditForm(
        data,
        initial={**initial, "version": resource.version},
        organization_id=resource.organization_id,
    )


def _resource_context(request: HttpRequest, resource: Any, **extra: Any) -> dict[str, Any]:
    """The resource page's context: its rates and rate changes for those who see rates, its
    assignments in the viewer's projects."""
    show_rates = can_see_rates(request.user)
    can_edit = is_org_admin(request.user, resource.organization_id)
    rate_form = extra.pop("rate_form", None)
    if rate_form is None and can_edit and resource.kind != "material":
        rate_form = RateChangeForm(prefix="rate")
    return {
        "resource": resource,
        "show_rates": show_rates,
        "rate_changes": list(queries.list_rate_changes(request.user, resource.pk))
        if show_rates
        else [],
        "rate_form": rate_form,
        "assignments": resource.assignments.filter(
            task__project__in=project_ids_with_right(request.user, "project.view_work")
        ).select_related("task", "task__project"),
        **extra,
    }


@login_required
@require_POST
def resource_rate_add(request: HttpRequest, resource_id: int) -> HttpResponse:
    """An organization admin records a rate change from a date on; errors show on the form."""
    resource = queries.get_resource(request.user, resource_id, "edit")
    rate_form = RateChangeForm(request.POST, prefix="rate")
    if rate_form.is_valid():
        try:
            change = actions.do_add_rate_change(
                resource, acting_user=request.user, **rate_form.cleaned_data
            )
        except TandemError as exc:
            add_action_errors(rate_form, exc)
        else:
            messages.success(
                request,
                _("From %(day)s %(resource)s costs %(rate)s %(currency)s an hour.")
                % {
                    "day": change.effective_from,
                    "resource": resource,
                    "rate": change.standard_rate,
                    "currency": resource.currency,
                },
            )
            return redirect("resource-detail", resource.pk)
    context = _resource_context(request, resource, form=_edit_form(resource), rate_form=rate_form)
    return render(request, "resources/resource_detail.html", context, status=422)


@login_required
@require_POST
def resource_rate_remove(request: HttpRequest, rate_id: int) -> HttpResponse:
    """An organization admin removes a rate change: its time takes the earlier rate again."""
    change = queries.get_rate_change(request.user, rate_id, "edit")
    version = int(request.POST.get("version") or 0)
    actions.do_delete_rate_change(change, acting_user=request.user, version=version)
    messages.success(
        request, _("The rate change of %(day)s is removed.") % {"day": change.effective_from}
    )
    return redirect("resource-detail", change.resource_id)


@login_required
def time_entry_list(request: HttpRequest, project_id: int) -> HttpResponse:
    """Log time on the project's tasks; see your own entries (leads see everyone's)."""
    project = access_project(request.user, project_id, "time.log")
    form = TimeEntryForm(request.POST or None, project=project)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            actions.do_log_time(data.pop("task"), acting_user=request.user, **data)
        except TandemError as exc:
            add_action_errors(form, exc)
        else:
            return redirect("time-entry-list", project.pk)
    entries = queries.list_time_entries(request.user, project.pk)
    context = project_context(
        request.user, project, "time-entry-list", entries=entries[:200], form=form
    )
    status = 422 if request.method == "POST" else 200
    return render(request, "resources/time_entries.html", context, status=status)


@login_required
@require_POST
def time_entry_remove(request: HttpRequest, entry_id: int) -> HttpResponse:
    """Delete a time entry (your own; leads any) and return to the time page."""
    entry = queries.get_time_entry(request.user, entry_id)
    version = int(request.POST.get("version") or 0)
    actions.do_delete_time_entry(entry, acting_user=request.user, version=version)
    return redirect("time-entry-list", entry.project_id)


@login_required
def project_budget(request: HttpRequest, project_id: int) -> HttpResponse:
    """Budget lines and actual costs by category; the manager adds lines and costs."""
    project = access_project(request.user, project_id, "budget.view")
    can_edit = has_right(request.user, project, "budget.edit")
    line_form = BudgetLineForm(request.POST or None, prefix="line") if can_edit else None
    cost_form = CostEntryForm(request.POST or None, prefix="cost") if can_edit else None
    if request.method == "POST":
        if not can_edit:
            raise Forbidden(_("Only the project manager changes the budget."))
        done = _budget_post(request, project, line_form, cost_form)
        if done:
            return redirect("project-budget", project.pk)
    shows_rates = can_see_rates(request.user)
    context = project_context(
        request.user,
        project,
        "project-budget",
        summary=queries.budget_summary(project, with_logged_time=shows_rates),
        labour=queries.labour_cost_from_time(project) if shows_rates else None,
        lines=queries.list_budget_lines(request.user, project.pk),
        costs=queries.list_cost_entries(request.user, project.pk)[:200],
        line_form=line_form,
        cost_form=cost_form,
    )
    status = 422 if request.method == "POST" else 200
    return render(request, "resources/budget.html", context, status=status)


def _budget_post(request: HttpRequest, project: Any, line_form: Any, cost_form: Any) -> bool:
    which, form = ("line", line_form) if "line-amount" in request.POST else ("cost", cost_form)
    if not form.is_valid():
        return False
    data = dict(form.cleaned_data)
    try:
        if which == "line":
            actions.do_create_budget_line(project, acting_user=request.user, **data)
        else:
            actions.do_create_cost_entry(project, acting_user=request.user, **data)
    except TandemError as exc:
        add_action_errors(form, exc)
        return False
    return True
