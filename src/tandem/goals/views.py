"""Pages: goals and key results with their progress; the manager adds and updates them."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from tandem.core.errors import Forbidden, TandemError, ValidationFailed
from tandem.planning.forms import add_action_errors
from tandem.projects.navigation import project_context
from tandem.projects.policies import access_project, has_right

from . import actions, queries
from .forms import GoalForm, KeyResultCurrentForm, KeyResultForm


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
            raise Forbidden("Only the project manager changes goals.")
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
        data = dict(form.cleaned_data)
        actions.do_create_key_result(goal, acting_user=request.user, **data)
        return redirect("goal-list", goal.project_id)
    raise _invalid(form)


def _invalid(form: Any) -> ValidationFailed:
    summary = "; ".join(f"{k}: {' '.join(v)}" for k, v in form.errors.items())
    fields = {k: [str(m) for m in v] for k, v in form.errors.items()}
    return ValidationFailed(f"Invalid key result: {summary}", fields=fields)


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
