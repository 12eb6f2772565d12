"""Pages: baselines (save, rename, delete, choose the one the plan compares against) and a
baseline's variance against the current plan (``baseline_variance``, as its endpoint shows)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tandem.core.errors import Forbidden, TandemError
from tandem.projects.models import Project
from tandem.projects.navigation import project_context
from tandem.projects.policies import access_project, has_right

from . import actions, queries
from .baseline_actions import plan_settings_of
from .baseline_variance import baseline_variance
from .forms import BaselineForm, add_action_errors


class BaselineRenameForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    name = forms.CharField(max_length=120, label=gettext_lazy("New name"))


def _version(request: HttpRequest) -> int:
    try:
        return int(request.POST.get("version") or 0)
    except ValueError:
        return 0


def _list_page(
    request: HttpRequest,
    project: Project,
    form: Any,
    failed: tuple[int, BaselineRenameForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    can_rename = has_right(request.user, project, "baselines.edit")
    settings = plan_settings_of(project)
    rows = []
    for b in queries.list_baselines(request.user, project.pk).select_related("saved_by"):
        rename = None
        if can_rename:
            rename = failed[1] if failed and failed[0] == b.pk else None
            rename = rename or BaselineRenameForm(
                initial={"version": b.version, "name": b.name}, prefix=f"b{b.pk}"
            )
        rows.append({"b": b, "rename": rename, "compared": b.pk == settings.compare_baseline_id})
    context = project_context(
        request.user,
        project,
        "baseline-list",
        rows=rows,
        form=form,
        can_choose=has_right(request.user, project, "project.edit"),
        settings_version=settings.version,
    )
    return render(request, "planning/baseline_list.html", context, status=status)


@login_required
def baseline_list(request: HttpRequest, project_id: int) -> HttpResponse:
    """The project's baselines; the manager saves, renames, deletes them and chooses the one
    the Gantt and the plan compare against."""
    project = access_project(request.user, project_id, "project.view_work")
    can_edit = has_right(request.user, project, "baselines.edit")
    form = BaselineForm(request.POST or None) if can_edit else None
    if request.method != "POST":
        return _list_page(request, project, form)
    if form is None:
        raise Forbidden(_("Only the project manager saves baselines."))
    if form.is_valid():
        try:
            baseline = actions.do_save_baseline(
                project, acting_user=request.user, name=form.cleaned_data["name"]
            )
        except TandemError as exc:
            add_action_errors(form, exc)
        else:
            return redirect("baseline-compare", baseline.pk)
    return _list_page(request, project, form, status=422)


@login_required
@require_POST
def baseline_rename(request: HttpRequest, baseline_id: int) -> HttpResponse:
    baseline = queries.get_baseline(request.user, baseline_id, "edit")
    form = BaselineRenameForm(request.POST, prefix=f"b{baseline.pk}")
    status = 422
    if form.is_valid():
        try:
            actions.do_update_baseline(
                baseline,
                acting_user=request.user,
                version=form.cleaned_data["version"],
                name=form.cleaned_data["name"],
            )
        except TandemError as exc:
            add_action_errors(form, exc)
            status = exc.status
        else:
            return redirect("baseline-list", baseline.project_id)
    save_form = (
        BaselineForm() if has_right(request.user, baseline.project, "baselines.edit") else None
    )
    return _list_page(request, baseline.project, save_form, (baseline.pk, form), status)


@login_required
@require_POST
def baseline_remove(request: HttpRequest, baseline_id: int) -> HttpResponse:
    baseline = queries.get_baseline(request.user, baseline_id, "delete")
    actions.do_delete_baseline(baseline, acting_user=request.user, version=_version(request))
    return redirect("baseline-list", baseline.project_id)


@login_required
@require_POST
def baseline_choose(request: HttpRequest, baseline_id: int) -> HttpResponse:
    """Make the baseline the one the Gantt and the plan compare against (``version`` is the
    plan settings' version the page showed: a stale page is refused, 412)."""
    baseline = queries.get_baseline(request.user, baseline_id)
    project = access_project(request.user, baseline.project_id, "project.edit")
    chosen = None if request.POST.get("clear") else baseline
    actions.do_update_plan_settings(
        project,
        acting_user=request.user,
        version=_version(request),
        changes={"compare_baseline": chosen},
    )
    return redirect("baseline-list", project.pk)


@login_required
def baseline_compare(request: HttpRequest, baseline_id: int) -> HttpResponse:
    """Variance of start, finish, duration, work and cost per task, summary and project."""
    baseline = queries.get_baseline(request.user, baseline_id)
    variance = baseline_variance(request.user, baseline)
    context = project_context(
        request.user, baseline.project, "baseline-list", baseline=baseline, variance=variance
    )
    return render(request, "planning/baseline_compare.html", context)
