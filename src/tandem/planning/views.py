"""Pages: the WBS tree, task detail and edit with dependencies, milestones, schedule,
baselines. Every page fetches through the policies and writes through the actions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from tandem.core.errors import Forbidden, TandemError
from tandem.projects.navigation import project_context
from tandem.projects.policies import access_project, has_right

from . import actions, queries
from .baseline_actions import plan_settings_of
from .forms import (
    EDIT_FIELDS,
    AssignmentForm,
    DependencyForm,
    PlanSchedulingForm,
    ProgressForm,
    TaskCreateForm,
    TaskForm,
    add_action_errors,
)
from .models import Task
from .policies import may_update_progress
from .schedule_actions import PlanOutcome, pending_changes
from .schedule_cache import current
from .scheduling import ProjectSchedule
from .task_filters import filter_for_page, filter_tasks
from .task_sections import (
    Section,
    applicable_changes,
    field_rows,
    section_fields,
    sections_for,
)


def _task_warnings(task: Task) -> list[str]:
    """What the schedule cannot honour on the task (a plan that cannot be scheduled at all
    shows its own error on the schedule page)."""
    try:
        return current(task.project).warnings().get(task.pk, [])
    except TandemError:
        return []


def _tell(request: HttpRequest, outcome: PlanOutcome) -> None:
    """Say what a change did beyond itself: typed dates made constraints, tasks moved."""
    for notice in outcome.notices:
        messages.info(request, notice)
    moved = outcome.rescheduled
    if moved:
        names = ", ".join(m.label for m in moved[:5])
        if len(moved) > 5:
            names = _("%(names)s and %(count)d more") % {"names": names, "count": len(moved) - 5}
        text = ngettext(
            "Rescheduled %(count)d task: %(names)s.",
            "Rescheduled %(count)d tasks: %(names)s.",
            len(moved),
        )
        messages.info(request, text % {"count": len(moved), "names": names})


def _status(request: HttpRequest, form: Any) -> int:
    return 422 if request.method == "POST" and form is not None and form.errors else 200


@login_required
def task_list(request: HttpRequest, project_id: int) -> HttpResponse:
    """The work breakdown, indented by level; leads get a form to add a task."""
    project = access_project(request.user, project_id, "project.view_work")
    form = None
    if has_right(request.user, project, "tasks.edit"):
        form = TaskCreateForm(request.POST or None, project=project)
        if request.method == "POST" and form.is_valid():
            outcome = PlanOutcome()
            try:
                task = _create_task(request, project, form.cleaned_data, outcome)
            except TandemError as exc:
                add_action_errors(form, exc)
            else:
                _tell(request, outcome)
                messages.success(
                    request,
                    _("Added %(task)s. Set the rest below when you need it.") % {"task": task},
                )
                return redirect("task-detail", task.pk)
    elif request.method == "POST":
        raise Forbidden(_("Your role does not allow creating tasks."))
    return task_list_page(request, project, form=form, status=_status(request, form))


@transaction.atomic
def _create_task(
    request: HttpRequest, project: Any, data: dict[str, Any], outcome: PlanOutcome
) -> Task:
    """The short form's task, and its assignee when one is chosen: both or neither."""
    fields = {k: data[k] for k in ("parent", "estimate") if data.get(k) not in (None, "")}
    task = actions.do_create_task(
        project, acting_user=request.user, name=data["name"], outcome=outcome, **fields
    )
    if data.get("assignee") is not None:
        actions.do_assign(task, acting_user=request.user, person=data["assignee"], outcome=outcome)
    return task


def task_list_page(
    request: HttpRequest,
    project: Any,
    *,
    form: TaskCreateForm | None = None,
    status: int = 200,
    **extra: Any,
) -> HttpResponse:
    """The plan list as its filter (the query string) shows it; ``extra`` goes to the template
    (the bulk edit's form with its errors: ``tandem.worklists``)."""
    flt, filter_errors = filter_for_page(project, request.GET)
    tasks = list(filter_tasks(request.user, project, flt))
    if form is None and has_right(request.user, project, "tasks.edit"):
        form = TaskCreateForm(project=project)
    rows = [{"task": t, "indent": t.wbs_code.count(".")} for t in tasks]
    context = project_context(
        request.user,
        project,
        "task-list",
        rows=rows,
        form=form,
        task_filter=flt,
        filter_errors=filter_errors,
        **extra,
    )
    return render(request, "planning/task_list.html", context, status=status)


def _task_forms(request: HttpRequest, task: Task) -> tuple[Any, Any]:
    can_edit = has_right(request.user, task.project_id, "tasks.edit")
    can_progress = may_update_progress(request.user, task)
    data = request.POST if request.method == "POST" else None
    # A section of the page sends its own fields only; a form without one sends every field.
    only = section_fields(request.POST.get("section")) if data is not None else None
    edit = (
        TaskForm(
            data,
            instance=task,
            project=task.project,
            initial={"version": task.version},
            only=only,
        )
        if can_edit
        else None
    )
    progress = None
    if can_progress and not can_edit:
        progress = ProgressForm(
            data,
            initial={
                "version": task.version,
                **{f: getattr(task, f) for f in ProgressForm.base_fields if f != "version"},
            },
        )
    return edit, progress


@login_required
def task_detail(request: HttpRequest, task_id: int) -> HttpResponse:
    """A task with its dependencies; leads edit every field, assignees their progress."""
    task = queries.get_task(request.user, task_id)
    edit, progress = _task_forms(request, task)
    form = edit or progress
    status = 200
    if request.method == "POST":
        if form is None:
            raise Forbidden(_("Your role does not allow changing this task."))
        status = 422
        if form.is_valid():
            data = dict(form.cleaned_data)
            version = data.pop("version", None) or task.version
            changes = {k: v for k, v in data.items() if k in form.changed_data}
            if form is edit:
                changes = applicable_changes(changes, {**_values(task), **data})
            outcome = PlanOutcome()
            try:
                actions.do_update_task(
                    task,
                    acting_user=request.user,
                    version=version,
                    changes=changes,
                    outcome=outcome,
                )
            except TandemError as exc:
                add_action_errors(form, exc)
                status = exc.status
            else:
                _tell(request, outcome)
                return redirect("task-detail", task.pk)
    context = project_context(
        request.user,
        task.project,
        "task-list",
        edit_form=edit,
        edit_sections=_edit_sections(task, edit) if edit is not None else None,
        progress_form=progress,
        task_warnings=_task_warnings(task),
        **{**_dependency_context(request, task), **_assignment_context(request, task)},
    )
    return render(request, "planning/task_detail.html", context, status=status)


def _values(task: Task) -> dict[str, Any]:
    return {name: getattr(task, name) for name in EDIT_FIELDS}


def _edit_sections(task: Task, posted: TaskForm) -> list[dict[str, Any]]:
    """The task page's edit sections; the one just sent keeps what was typed and its errors
    (a form sent with every field, from before the sections, shows whole)."""
    values = _values(task)
    sent = set(posted.fields) - {"version"}
    if posted.is_bound and sent == set(EDIT_FIELDS):
        whole = Section("all", _("Edit task"), tuple(EDIT_FIELDS))
        return [{"section": whole, "form": posted, "rows": field_rows(posted, values)}]
    out = []
    for section in sections_for(task):
        form, now = posted, values
        if posted.is_bound and sent == set(section.fields):
            typed = {k: posted.data.get(k) for k in section.fields}
            if "manually_scheduled" in section.fields:
                typed["manually_scheduled"] = bool(typed["manually_scheduled"])
            now = {**values, **typed}
        else:
            form = TaskForm(
                instance=task,
                project=task.project,
                initial={"version": task.version},
                only=section.fields,
            )
        out.append({"section": section, "form": form, "rows": field_rows(form, now)})
    return out


def _dependency_context(
    request: HttpRequest, task: Task, form: DependencyForm | None = None
) -> dict[str, Any]:
    can_edit = has_right(request.user, task.project_id, "tasks.edit")
    return {
        "task": task,
        "predecessors": task.predecessor_links.select_related("predecessor").order_by("id"),
        "successors": task.successor_links.select_related("successor").order_by("id"),
        "dependency_form": (form if form is not None else DependencyForm(task=task))
        if can_edit
        else None,
        "can_edit_links": can_edit,
    }


def _dependencies_response(
    request: HttpRequest, task: Task, form: DependencyForm | None = None, status: int = 200
) -> HttpResponse:
    if request.htmx:  # type: ignore[attr-defined]
        # htmx swaps only 2xx responses: errors come back as 200 with the form showing them.
        context = _dependency_context(request, task, form)
        return render(request, "planning/_dependencies.html", context)
    if form is not None and form.errors:
        context = project_context(
            request.user, task.project, "task-list", **_dependency_context(request, task, form)
        )
        context.update(edit_form=None, progress_form=None, **_assignment_context(request, task))
        return render(request, "planning/task_detail.html", context, status=422)
    return redirect("task-detail", task.pk)


@login_required
@require_POST
def dependency_add(request: HttpRequest, task_id: int) -> HttpResponse:
    """Add a predecessor to the task (htmx partial or POST + redirect)."""
    task = queries.get_task(request.user, task_id, "edit")
    form = DependencyForm(request.POST, task=task)
    if form.is_valid():
        outcome = PlanOutcome()
        try:
            actions.do_add_dependency(
                acting_user=request.user,
                predecessor=form.cleaned_data["predecessor"],
                successor=task,
                type=form.cleaned_data["type"],
                lag=form.cleaned_data["lag"],
                lag_unit=form.cleaned_data["lag_unit"],
                outcome=outcome,
            )
        except TandemError as exc:
            form.add_error(None, exc.message)
        else:
            _tell(request, outcome)
            return _dependencies_response(request, task)
    return _dependencies_response(request, task, form)


@login_required
@require_POST
def dependency_remove(request: HttpRequest, dependency_id: int) -> HttpResponse:
    dep = queries.get_dependency(request.user, dependency_id, "delete")
    task = dep.successor
    version = int(request.POST.get("version") or 0)
    outcome = PlanOutcome()
    actions.do_remove_dependency(dep, acting_user=request.user, version=version, outcome=outcome)
    _tell(request, outcome)
    return _dependencies_response(request, task)


@login_required
def milestone_list(request: HttpRequest, project_id: int) -> HttpResponse:
    """Milestones, visible to everyone in the project (stakeholders included)."""
    project = access_project(request.user, project_id, "project.view")
    milestones = queries.list_milestones(request.user, project.pk)
    context = project_context(request.user, project, "milestone-list", milestones=milestones)
    return render(request, "planning/milestone_list.html", context)


def _assignment_context(
    request: HttpRequest, task: Task, form: AssignmentForm | None = None
) -> dict[str, Any]:
    can_edit = has_right(request.user, task.project_id, "tasks.edit")
    return {
        "task": task,
        "assignments": task.assignments.select_related("person", "resource").order_by("id"),
        "assignment_form": (form if form is not None else AssignmentForm(task=task))
        if can_edit
        else None,
    }


def _assignments_response(
    request: HttpRequest, task: Task, form: AssignmentForm | None = None
) -> HttpResponse:
    if request.htmx:  # type: ignore[attr-defined]
        return render(
            request, "planning/_assignments.html", _assignment_context(request, task, form)
        )
    if form is not None and form.errors:
        context = project_context(
            request.user,
            task.project,
            "task-list",
            edit_form=None,
            progress_form=None,
            **_dependency_context(request, task),
        )
        context.update(_assignment_context(request, task, form))
        return render(request, "planning/task_detail.html", context, status=422)
    return redirect("task-detail", task.pk)


@login_required
@require_POST
def assignment_add(request: HttpRequest, task_id: int) -> HttpResponse:
    """Assign a person or a resource to the task (htmx partial or POST + redirect)."""
    task = queries.get_task(request.user, task_id, "edit")
    form = AssignmentForm(request.POST, task=task)
    if form.is_valid():
        outcome = PlanOutcome()
        try:
            actions.do_assign(
                task,
                acting_user=request.user,
                person=form.cleaned_data["person"],
                resource=form.cleaned_data["resource"],
                units=form.cleaned_data["units"],
                outcome=outcome,
            )
        except TandemError as exc:
            form.add_error(None, exc.message)
        else:
            _tell(request, outcome)
            return _assignments_response(request, task)
    return _assignments_response(request, task, form)


@login_required
@require_POST
def assignment_remove(request: HttpRequest, assignment_id: int) -> HttpResponse:
    assignment = queries.get_assignment(request.user, assignment_id, "delete")
    version = int(request.POST.get("version") or 0)
    outcome = PlanOutcome()
    actions.do_remove_assignment(
        assignment, acting_user=request.user, version=version, outcome=outcome
    )
    _tell(request, outcome)
    return _assignments_response(request, assignment.task)


def schedule_page_context(
    request: HttpRequest, project: Any, schedule: ProjectSchedule
) -> dict[str, Any]:
    """The schedule page's scheduling part: the mode, what applying would change (manual
    mode), and the manager's form to switch modes and set the status date."""
    settings = plan_settings_of(project)
    form = None
    if has_right(request.user, project, "project.edit"):
        form = PlanSchedulingForm(
            initial={
                "version": settings.version,
                "auto_schedule": settings.auto_schedule,
                "status_date": settings.status_date,
            }
        )
    pending = pending_changes(schedule)
    return {"plan_settings": settings, "pending": pending, "scheduling_form": form}


@login_required
@require_POST
def plan_scheduling_update(request: HttpRequest, project_id: int) -> HttpResponse:
    """The manager switches automatic scheduling and sets the status date."""
    project = access_project(request.user, project_id, "project.view_work")
    form = PlanSchedulingForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            said = " ".join(str(e) for e in errors)
            if field in form.fields:
                # The field's label as the page shows it, not its code name.
                said = _("%(field)s: %(errors)s") % {
                    "field": form[field].label,
                    "errors": said,
                }
            messages.error(request, said)
        return redirect("project-schedule", project.pk)
    outcome = PlanOutcome()
    data = form.cleaned_data
    try:
        actions.do_update_plan_settings(
            project,
            acting_user=request.user,
            version=data["version"],
            changes={"auto_schedule": data["auto_schedule"], "status_date": data["status_date"]},
            outcome=outcome,
        )
    except TandemError as exc:
        if exc.status == 403:
            raise
        messages.error(request, exc.message)
    else:
        if data["auto_schedule"]:
            messages.info(request, _("The plan is now scheduled automatically."))
        else:
            messages.info(request, _("The plan is now scheduled manually (apply the dates below)."))
        _tell(request, outcome)
    return redirect("project-schedule", project.pk)
