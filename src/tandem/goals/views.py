"""Pages: goals and key results with their progress; the manager adds and updates them."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tandem.core.errors import Forbidden, TandemError, ValidationFailed
from tandem.planning.forms import add_action_errors
from tandem.projects.navigation import project_context
from tandem.projects.policies import access_project, has_right

from . import actions, queries
from .forms import (
    KR_FIELDS,
    GoalEditForm,
    GoalForm,
    KeyResultCurrentForm,
    KeyResultEditForm,
    KeyResultForm,
)


def _percent(value: Decimal | None) -> int | None:
    return None if value is None else int((value * 100).to_integral_value())


@login_required
def goal_list(request: HttpRequest, project_id: int) -> HttpResponse:
    """Goals with their key results and progress; the manager adds and updates them."""
    project = access_project(request.user, project_id, "project.view_work")
    can_edit = has_right(request.user, project, "goals.edit")
    form = GoalForm(request.POST or None) if can_edit else None
    if request.method == "POST":
        if form is None:
            raise Forbidden(_("Only the project manager changes goals."))
        if form.is_valid():
            try:
                actions.do_create_goal(project, acting_user=request.user, **form.cleaned_data)
            except TandemError as exc:
                add_action_errors(form, exc)
            else:
                return redirect("goal-list", project.pk)
    goals = []
    for goal in queries.list_goals(request.user, project.pk):
        krs = [
            {
                "kr": kr,
                "percent": _percent(queries.key_result_progress(kr)),
                "text": queries.key_result_text(kr),
                "form": KeyResultCurrentForm(
                    initial={"version": kr.version, "current": kr.current}
                ),
            }
            for kr in goal.key_results.all()
        ]
        goals.append(
            {
                "goal": goal,
                "percent": _percent(queries.goal_progress(goal)),
                "task_percent": _percent(queries.goal_task_progress(goal)),
                "key_results": krs,
                "kr_form": KeyResultForm(prefix=f"g{goal.pk}") if can_edit else None,
            }
        )
    status = 422 if request.method == "POST" else 200
    context = project_context(request.user, project, "goal-list", goals=goals, form=form)
    return render(request, "goals/goal_list.html", context, status=status)


@login_required
@require_POST
def key_result_add(request: HttpRequest, goal_id: int) -> HttpResponse:
    goal = queries.get_goal(request.user, goal_id, "edit")
    form = KeyResultForm(request.POST, prefix=f"g{goal.pk}")
    if form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
        actions.do_create_key_result(goal, acting_user=request.user, **data)
        return redirect("goal-list", goal.project_id)
    raise _invalid(form)


def _invalid(form: Any) -> ValidationFailed:
    summary = "; ".join(f"{k}: {' '.join(v)}" for k, v in form.errors.items())
    fields = {k: [str(m) for m in v] for k, v in form.errors.items()}
    return ValidationFailed(
        _("Invalid key result: %(summary)s") % {"summary": summary}, fields=fields
    )


@login_required
@require_POST
def key_result_update(request: HttpRequest, kr_id: int) -> HttpResponse:
    kr = queries.get_key_result(request.user, kr_id, "edit")
    form = KeyResultCurrentForm(request.POST)
    if not form.is_valid():
        raise _invalid(form)
    actions.do_update_key_result(
        kr,
        acting_user=request.user,
        version=form.cleaned_data["version"],
        changes={"current": form.cleaned_data["current"]},
    )
    return redirect("goal-list", kr.goal.project_id)


def _changes(form: Any, names: list[str]) -> dict[str, Any]:
    return {k: form.cleaned_data[k] for k in names if k in form.changed_data}


@login_required
def goal_edit(request: HttpRequest, goal_id: int) -> HttpResponse:
    """``/goals/<id>/edit/``: the goal's name, description, owner, due date and linked work."""
    goal = queries.get_goal(request.user, goal_id, "edit")
    project = goal.project
    initial = {"version": goal.version, "tasks": list(goal.tasks.all())}
    form = GoalEditForm(request.POST or None, instance=goal, project=project, initial=initial)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            tasks = form.cleaned_data["tasks"]
            try:
                actions.do_update_goal(
                    goal,
                    acting_user=request.user,
                    version=form.cleaned_data["version"],
                    changes=_changes(form, ["name", "description", "owner", "due_date"]),
                    task_ids=[t.pk for t in tasks] if "tasks" in form.changed_data else None,
                )
            except TandemError as exc:
                add_action_errors(form, exc)
                status = exc.status
            else:
                messages.success(
                    request, _("Goal “%(name)s” saved.") % {"name": form.cleaned_data["name"]}
                )
                return redirect("goal-list", project.pk)
    context = project_context(request.user, project, "goal-list", goal=goal, form=form)
    return render(request, "goals/goal_edit.html", context, status=status)


@login_required
@require_POST
def goal_delete(request: HttpRequest, goal_id: int) -> HttpResponse:
    goal = queries.get_goal(request.user, goal_id, "delete")
    version = int(request.POST.get("version") or 0)
    try:
        actions.do_delete_goal(goal, acting_user=request.user, version=version)
    except ValidationFailed as exc:
        form = GoalEditForm(
            instance=goal,
            project=goal.project,
            initial={"version": goal.version, "tasks": list(goal.tasks.all())},
        )
        context = project_context(
            request.user, goal.project, "goal-list", goal=goal, form=form, delete_error=exc.message
        )
        return render(request, "goals/goal_edit.html", context, status=exc.status)
    messages.success(request, _("Goal “%(name)s” deleted.") % {"name": goal.name})
    return redirect("goal-list", goal.project_id)


@login_required
def key_result_edit(request: HttpRequest, kr_id: int) -> HttpResponse:
    """``/key-results/<id>/edit/``: every field of a key result, its direction, where its
    progress comes from, and the tasks and milestones linked to it."""
    kr = queries.get_key_result(request.user, kr_id, "edit")
    project = kr.goal.project
    initial = {"version": kr.version, "tasks": list(kr.tasks.all())}
    form = KeyResultEditForm(request.POST or None, instance=kr, project=project, initial=initial)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            tasks = form.cleaned_data["tasks"]
            try:
                actions.do_update_key_result(
                    kr,
                    acting_user=request.user,
                    version=form.cleaned_data["version"],
                    changes=_changes(form, KR_FIELDS),
                    task_ids=[t.pk for t in tasks] if "tasks" in form.changed_data else None,
                )
            except TandemError as exc:
                add_action_errors(form, exc)
                status = exc.status
            else:
                messages.success(
                    request,
                    _("Key result “%(name)s” saved.") % {"name": form.cleaned_data["name"]},
                )
                return redirect("goal-list", project.pk)
    context = project_context(request.user, project, "goal-list", kr=kr, form=form)
    return render(request, "goals/key_result_edit.html", context, status=status)


@login_required
@require_POST
def key_result_delete(request: HttpRequest, kr_id: int) -> HttpResponse:
    kr = queries.get_key_result(request.user, kr_id, "delete")
    project_id = kr.goal.project_id
    actions.do_delete_key_result(
        kr, acting_user=request.user, version=int(request.POST.get("version") or 0)
    )
    messages.success(request, _("Key result “%(name)s” deleted.") % {"name": kr.name})
    return redirect("goal-list", project_id)
